"""The consortium builder page: a proposal per open slot, with reasons, invited in one POST (editors only)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecosystem.actions.invitations import invite_partner
from ecosystem.matching import current_weights, suggest_for_slot
from ecosystem.matching.consortium import CANDIDATES, build_consortium
from ecosystem.models import ActorKind, PartnerInvitation, Resource, Territory
from tests.factories import ActorFactory, PartnerSlotFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# The page's own queries besides the rankings: session, user, project and access, open slots, weights, the
# proposed structures' rows, and the layout's (the index generation, under which the header and footer are
# kept: cms.chrome; unread counts, permissions).
PAGE_QUERIES = 12


@pytest.fixture
def builder(cast, project, small_region):
    """``project`` (led from Amiens) with three open slots, each with structures of the kind it asks for."""
    amiens = Territory.objects.get(level="commune", code="80021")
    boves = Territory.objects.get(level="commune", code="80131")
    cast.lead.commune = amiens
    cast.lead.save()
    research = Resource.objects.get(slug="recherche-sciences-sociales")
    vehicles = Resource.objects.get(slug="vehicules")
    public = Resource.objects.get(slug="acces-aux-publics")
    slots = [
        PartnerSlotFactory(project=project, title="Laboratoire de sociologie", kinds=[ActorKind.RESEARCH]),
        PartnerSlotFactory(project=project, title="Garage solidaire", kinds=[ActorKind.COMPANY]),
        PartnerSlotFactory(project=project, title="Voix des usagers", kinds=[ActorKind.USERS_GROUP]),
    ]
    for slot, resource in zip(slots, (research, vehicles, public), strict=True):
        slot.seeks.set([resource])
    people = {
        "lab": ActorFactory(name="Laboratoire Habiter", kind=ActorKind.RESEARCH, commune=amiens),
        "lab2": ActorFactory(name="Institut des usages", kind=ActorKind.RESEARCH, commune=boves),
        "garage": ActorFactory(name="Garage du Coin", kind=ActorKind.COMPANY, commune=amiens),
        "users": ActorFactory(name="Collectif des usagers", kind=ActorKind.USERS_GROUP, commune=boves),
    }
    people["lab"].offers.set([research])
    people["lab2"].offers.set([research])
    people["garage"].offers.set([vehicles])
    people["users"].offers.set([public])
    return project, slots, people


def url(project) -> str:
    return f"/projets/{project.slug}/consortium/"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def ticked(response) -> list[str]:
    return [box["value"] for box in soup_of(response).select("input[name=invite][checked]")]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("partner_member", 404),
        ("lead_member", 200),
        ("lead_admin", 200),
        ("staff", 200),
    ],
)
def test_only_the_projects_editors_see_the_builder(client, cast, builder, role, status):
    project, _slots, people = builder
    if cast.user(role):
        client.force_login(cast.user(role))
    response = client.get(url(project))
    assert response.status_code == status
    if status == 302:
        assert "/login/" in response["Location"] or "connexion" in response["Location"]
    response = client.post(url(project), {"invite": f"{_slots[0].pk}-{people['lab'].pk}"})
    assert response.status_code in ((302, 404) if status != 200 else (302,))
    assert PartnerInvitation.objects.exists() == (status == 200)


def test_one_structure_per_open_slot_with_reasons_all_ticked(
    client, cast, builder, django_assert_max_num_queries
):
    project, slots, people = builder
    client.force_login(cast.lead_admin)
    response = client.get(url(project))
    soup = soup_of(response)
    values = ticked(response)
    assert len(values) == 3
    assert {v.split("-")[0] for v in values} == {str(s.pk) for s in slots}
    assert len({v.split("-")[1] for v in values}) == 3  # never the same structure twice
    assert f"{slots[1].pk}-{people['garage'].pk}" in values
    assert f"{slots[2].pk}-{people['users'].pk}" in values
    assert len(soup.select(".card h3")) == 3  # « Pourquoi cette suggestion ? » on every line
    assert all(card.select("li") for card in soup.select(".card"))
    assert soup.find("button", string="Inviter ces partenaires")
    for box in soup.select("input[name=invite]"):
        assert soup.find("label", attrs={"for": box["id"]})


def test_inviting_the_proposal_sends_one_invitation_per_ticked_line(client, cast, builder):
    project, slots, people = builder
    client.force_login(cast.lead_admin)
    values = ticked(client.get(url(project)))
    keep = [v for v in values if not v.startswith(f"{slots[1].pk}-")]  # the editor unticks the garage
    response = client.post(url(project), {"invite": keep, "message": "Rejoignez-nous !"})
    assert response.status_code == 302
    assert response["Location"] == f"/projets/{project.slug}/partenaires/"
    invitations = PartnerInvitation.objects.filter(project=project)
    assert sorted((i.slot_id, i.actor_id) for i in invitations) == sorted(
        tuple(int(n) for n in v.split("-")) for v in keep
    )
    assert all(i.status == "pending" and i.message == "Rejoignez-nous !" for i in invitations)
    assert not invitations.filter(actor=people["garage"]).exists()
    page = soup_of(client.get(f"/projets/{project.slug}/partenaires/")).get_text(" ", strip=True)
    assert "Invitations envoyées à" in page


def test_nothing_ticked_says_so_and_sends_nothing(client, cast, builder):
    project, _slots, _people = builder
    client.force_login(cast.lead_admin)
    response = client.post(url(project), {"message": "Bonjour"})
    assert response.status_code == 200
    assert "Cochez au moins une structure" in soup_of(response).find(class_="error-summary").get_text()
    assert not PartnerInvitation.objects.exists()


@pytest.mark.parametrize("forged", ["other-slot", "closed-slot", "hidden-actor", "garbage", "twice"])
def test_a_forged_line_is_a_404_and_sends_nothing(client, cast, builder, forged):
    project, slots, people = builder
    other_slot = PartnerSlotFactory(project=ProjectFactory(lead_actor=cast.other), kinds=[ActorKind.RESEARCH])
    closed = PartnerSlotFactory(project=project, is_open=False)
    hidden = ActorFactory(name="Labo caché", kind=ActorKind.RESEARCH, is_public=False)
    good = f"{slots[1].pk}-{people['garage'].pk}"
    value = {
        "other-slot": f"{other_slot.pk}-{people['lab'].pk}",
        "closed-slot": f"{closed.pk}-{people['lab'].pk}",
        "hidden-actor": f"{slots[0].pk}-{hidden.pk}",
        "garbage": "1-x",
        "twice": f"{slots[0].pk}-{people['garage'].pk}",
    }[forged]
    client.force_login(cast.lead_admin)
    assert client.post(url(project), {"invite": [good, value]}).status_code == 404
    assert not PartnerInvitation.objects.exists()


def test_a_failed_line_does_not_stop_the_others_and_is_explained(client, cast, builder):
    project, slots, people = builder
    client.force_login(cast.lead_admin)
    values = ticked(client.get(url(project)))
    invite_partner(cast.lead_admin, project, people["garage"], slot=slots[1])  # already invited meanwhile
    response = client.post(url(project), {"invite": values})
    assert response.status_code == 200
    soup = soup_of(response)
    assert "1 invitation n'a pas été envoyée" in soup.find(class_="error-summary").get_text(" ", strip=True)
    cards = {
        card.find("strong").get_text(strip=True): card.get_text(" ", strip=True)
        for card in soup.select(".card")
    }
    assert "Non envoyée" in cards["Garage du Coin"]
    assert sum("Invitation envoyée" in text for text in cards.values()) == 2
    assert PartnerInvitation.objects.filter(project=project).count() == 3


def test_build_consortium_proposes_distinct_structures_of_the_kinds_asked(builder):
    project, slots, _people = builder
    proposal = build_consortium(project)
    assert [slot for slot, _ in proposal] == slots
    chosen = [suggestion.actor for _, suggestion in proposal]
    assert [actor.kind for actor in chosen] == [ActorKind.RESEARCH, ActorKind.COMPANY, ActorKind.USERS_GROUP]
    assert len({actor.pk for actor in chosen}) == 3


def test_a_project_without_open_slot_is_told_how_to_get_a_proposal(client, cast, project):
    client.force_login(cast.lead_admin)
    response = client.get(url(project))
    assert "aucune place ouverte" in soup_of(response).get_text()
    assert not soup_of(response).find("button", string="Inviter ces partenaires")


def test_the_partners_page_links_the_builder_when_slots_are_open(client, cast, builder):
    project, _slots, _people = builder
    client.force_login(cast.lead_admin)
    page = soup_of(client.get(f"/projets/{project.slug}/partenaires/"))
    assert page.find("a", href=url(project))


def queries_of(callable_) -> int:
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured.captured_queries)


def test_the_page_adds_a_fixed_number_of_queries_to_the_rankings(client, cast, builder):
    """Whatever the number of slots and candidates, the page costs its rankings plus a constant: no query per line."""
    project, slots, people = builder
    client.force_login(cast.lead_admin)
    client.get(url(project))  # warm the per-process caches (site, settings)
    weights = current_weights()

    def overhead():
        rankings = sum(
            queries_of(lambda s=s: suggest_for_slot(s, limit=CANDIDATES, weights=weights)) for s in slots
        )
        return queries_of(lambda: client.get(url(project))) - rankings

    first = overhead()
    for n in range(6):
        ActorFactory(name=f"Labo {n}", kind=ActorKind.RESEARCH, commune=people["lab"].commune).offers.set(
            people["lab"].offers.all()
        )
    slots.append(PartnerSlotFactory(project=project, title="Encore une place", kinds=[ActorKind.COMPANY]))
    assert overhead() == first == PAGE_QUERIES
