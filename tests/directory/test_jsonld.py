"""schema.org JSON-LD on the public actor and project pages: what search engines read, and that it is safe."""

import json

import pytest
from bs4 import BeautifulSoup

from ecosystem.models import Actor, Membership, Partnership, Project, Territory
from tests.factories import ActorFactory, PartnerInvitationFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

ATTACK = "</script><script>alert(1)</script>"


def json_ld(response) -> list[dict]:
    page = BeautifulSoup(response.content, "html.parser")
    return [json.loads(script.string) for script in page.find_all("script", type="application/ld+json")]


def commune(code):
    return Territory.objects.get(level="commune", code=code)


@pytest.fixture
def actor(small_region):
    return ActorFactory(
        name="Les Jardins Partagés",
        admins=[UserFactory(email="admin@jardins.example")],
        commune=commune("80021"),
        description="Des jardins ouverts à tous.",
        website="https://jardins.example",
        address="12 rue des Lilas, 80090 Amiens",
        siren="732829320",
        siret="73282932000074",
        contact_name="Paul Contact",
        contact_email="paul@jardins.example",
    )


def test_actor_is_an_organization_with_siret_address_and_area(client, actor):
    Actor.objects.filter(pk=actor.pk).update(logo="actors/logos/abc.png")
    [data] = json_ld(client.get(f"/annuaire/{actor.slug}/"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Les Jardins Partagés"
    assert data["url"] == f"http://testserver/annuaire/{actor.slug}/"
    assert data["description"] == "Des jardins ouverts à tous."
    assert data["logo"].startswith("http://testserver/")
    assert data["logo"].endswith("actors/logos/abc.png")
    assert {"@type": "PropertyValue", "propertyID": "SIRET", "value": "73282932000074"} in data["identifier"]
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 rue des Lilas, 80090 Amiens",
        "postalCode": "80090",
        "addressLocality": "Amiens",
        "addressCountry": "FR",
    }
    assert [(area["name"], area["identifier"]) for area in data["areaServed"]] == [
        ("Amiens", "80021"),
        ("Somme", "80"),
    ]
    assert data["sameAs"] == ["https://jardins.example"]
    # The contact person did not consent to publication: not in the structured data either.
    assert "paul@jardins.example" not in json.dumps(data)


def test_postal_code_of_a_single_code_commune_and_no_identifier_when_none(client, actor):
    Actor.objects.filter(pk=actor.pk).update(commune=commune("80620"), address="", siren="", siret="")
    [data] = json_ld(client.get(f"/annuaire/{actor.slug}/"))
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "FR",
        "addressLocality": "Péronne",
        "postalCode": "80200",
    }
    assert "identifier" not in data


def test_a_description_cannot_break_out_of_the_script(client, actor):
    Actor.objects.filter(pk=actor.pk).update(description=f"Avant {ATTACK} & après")
    response = client.get(f"/annuaire/{actor.slug}/")
    html = response.content.decode()
    assert ATTACK not in html
    assert "<script>alert(1)" not in html
    [data] = json_ld(response)
    assert data["description"] == f"Avant {ATTACK} & après"


def test_hidden_actor_page_has_no_structured_data(client, actor):
    Actor.objects.filter(pk=actor.pk).update(is_public=False)
    client.force_login(Membership.objects.get(actor=actor).user)
    response = client.get(f"/annuaire/{actor.slug}/")
    assert response.status_code == 200
    assert json_ld(response) == []


@pytest.fixture
def project(actor):
    project = ProjectFactory(
        lead_actor=actor, title="Vélos solidaires", slug="velos-solidaires", published=True
    )
    Project.objects.filter(pk=project.pk).update(
        summary=f"Réparer ensemble {ATTACK}", start_date="2023-09-01"
    )
    project.territories_served.set([commune("80021"), Territory.objects.get(level="departement", code="60")])
    partners = {
        "active": ActorFactory(name="Atelier Vélo", commune=commune("80620")),
        "hidden": ActorFactory(name="Collectif Discret", is_public=False),
        "left": ActorFactory(name="Ancien Partenaire"),
        "invited": ActorFactory(name="Invité"),
    }
    for status, partner in partners.items():
        if status == "invited":  # a pending invitation: no partnership until the structure accepts
            PartnerInvitationFactory(project=project, actor=partner)
            continue
        Partnership.objects.create(
            project=project,
            actor=partner,
            nature="opérationnel",
            role="réparer",
            status="left" if status == "left" else "active",
        )
    return project


def test_project_names_its_founder_members_areas_and_start(client, project):
    response = client.get(f"/projets/{project.slug}/")
    html = response.content.decode()
    assert ATTACK not in html
    [data] = json_ld(response)
    assert data["@type"] == "Project"
    assert data["name"] == "Vélos solidaires"
    assert data["url"] == "http://testserver/projets/velos-solidaires/"
    assert data["description"] == f"Réparer ensemble {ATTACK}"
    assert data["founder"] == {
        "@type": "Organization",
        "@id": "http://testserver/annuaire/les-jardins-partages/#organization",
        "name": "Les Jardins Partagés",
        "url": "http://testserver/annuaire/les-jardins-partages/",
    }
    # Only active partners listed publicly: not a hidden structure, not one that left, not one invited.
    assert [member["name"] for member in data["member"]] == ["Atelier Vélo"]
    assert data["member"][0]["url"] == "http://testserver/annuaire/atelier-velo/"
    assert sorted(area["identifier"] for area in data["areaServed"]) == ["60", "80021"]
    assert data["foundingDate"] == "2023-09-01"


def test_the_founder_reference_matches_the_actor_page(client, project):
    [organization] = json_ld(client.get(f"/annuaire/{project.lead_actor.slug}/"))
    [described] = json_ld(client.get(f"/projets/{project.slug}/"))
    assert described["founder"]["@id"] == organization["@id"]


def test_draft_project_page_has_no_structured_data(client, project):
    Project.objects.filter(pk=project.pk).update(status=Project.Status.DRAFT)
    client.force_login(Membership.objects.get(actor=project.lead_actor).user)
    response = client.get(f"/projets/{project.slug}/")
    assert response.status_code == 200
    assert json_ld(response) == []
