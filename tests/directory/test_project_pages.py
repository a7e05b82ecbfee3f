"""Public project pages: the project page in the call's order, the list with its phase filter and pagination,
and query counts that do not grow with the number of projects, partners or slots."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecosystem.models import (
    ActorKind,
    ImpactIndicator,
    IndicatorValue,
    Partnership,
    PartnerSlot,
    Project,
    Resource,
    Support,
    Theme,
)
from search import generation
from tests.factories import ActorFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def full_project(cast, project, territories):
    project.status = Project.Status.PUBLISHED
    project.collective_dimension = "Un comité réunit aidants et professionnels."
    project.territorial_anchoring = "Trois centres sociaux amiénois."
    project.user_involvement = "Les aidants ont co-écrit la charte."
    project.jobs_created = 3
    project.save()
    project.themes.set(Theme.objects.order_by("order")[:2])
    project.territories_served.set([territories["80021"], territories["80"]])
    slot = PartnerSlot.objects.create(
        project=project,
        title="Un labo pour l'évaluation",
        kinds=[ActorKind.RESEARCH],
        seeks_tags=["enquêtes"],
    )
    slot.seeks.set(Resource.objects.order_by("pk")[:1])
    PartnerSlot.objects.create(project=project, title="Place fermée", is_open=False)
    Support.objects.create(
        project=project,
        support_actor=cast.incubator,
        phase="emergence",
        start_date=datetime.date(2023, 1, 1),
        description="Mentorat.",
    )
    jobs = ImpactIndicator.objects.create(project=project, kind=ImpactIndicator.Kind.JOBS)
    IndicatorValue.objects.create(indicator=jobs, date=datetime.date(2023, 6, 30), value=1)
    IndicatorValue.objects.create(indicator=jobs, date=datetime.date(2024, 6, 30), value=4)
    return project


def test_the_project_page_tells_everything_in_the_calls_order(client, cast, full_project):
    response = client.get(f"/projets/{full_project.slug}/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert [h1.get_text(strip=True) for h1 in soup.find_all("h1")] == ["Café des aidants"]
    sections = [h2["id"] for h2 in soup.select("main h2[id]")]
    assert sections == [
        "need",
        "beneficiaries",
        "collective",
        "territory",
        "innovation",
        "economy",
        "users",
        "impact",
        "swarming",
        "lineage",
        "slots",
        "supports",
    ]
    text = soup.get_text(" ", strip=True)
    assert full_project.get_phase_display().capitalize() in text
    assert soup.find("a", href=f"/annuaire/{cast.lead.slug}/").get_text() == "Association Porteuse"
    assert "Coopérative Partenaire" in text
    assert "co-conception" in text
    assert "Anime les ateliers." in text
    for theme in full_project.themes.all():
        assert theme.name in text
    assert "Amiens" in text
    assert "Somme" in text
    assert "Un labo pour l'évaluation" in text
    assert "enquêtes" in text
    assert "Place fermée" not in text  # closed slots are not advertised
    assert "Incubateur Social" in text
    assert "Mentorat." in text
    impact = soup.find(id="impact").parent
    latest = [td.get_text(strip=True) for td in impact.select("tbody td")]
    assert latest[0] == "4"  # the latest value, not the first
    assert not soup.select('[data-status="draft"]')


def test_a_draft_carries_the_draft_badge_for_its_team(client, cast, project):
    client.force_login(cast.partner_member)
    soup = soup_of(client.get(f"/projets/{project.slug}/"))
    assert soup.select('[data-status="draft"]')
    assert not soup.find("a", href=f"/projets/{project.slug}/modifier/")  # partners see, do not edit
    client.force_login(cast.lead_member)
    soup = soup_of(client.get(f"/projets/{project.slug}/"))
    assert soup.find("form", action=f"/projets/{project.slug}/publier/")
    assert soup.find("a", href=f"/projets/{project.slug}/partenaires/")
    assert soup.find("a", href=f"/projets/{project.slug}/places/")


def test_a_published_project_of_a_hidden_structure_stays_private(client, cast):
    hidden = ActorFactory(name="Collectif Discret", is_public=False)
    secret = ProjectFactory(lead_actor=hidden, title="Projet discret", published=True)
    assert client.get(f"/projets/{secret.slug}/").status_code == 404
    assert "Projet discret" not in client.get("/projets/").content.decode()


def count_queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (site, site settings) so only the page's queries count
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def grow_project(project, cast, number: int, offset: int):
    themes = list(Theme.objects.all())
    for index in range(offset, offset + number):
        actor = ActorFactory(name=f"Partenaire {index}")
        Partnership.objects.create(project=project, actor=actor, nature="n", role="r")
        slot = PartnerSlot.objects.create(project=project, title=f"Place {index}", kinds=["research"])
        slot.seeks.set(Resource.objects.all()[:2])
        Support.objects.create(project=project, support_actor=cast.incubator, phase="emergence")
        indicator = ImpactIndicator.objects.create(
            project=project, kind="custom", label=f"Indicateur {index}"
        )
        IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2024, 1, 1), value=index)
    project.themes.set(themes)


@pytest.mark.parametrize("role", ["anonymous", "lead_member"])
def test_project_page_queries_do_not_grow_with_its_consortium(
    client, cast, project, role, django_assert_max_num_queries
):
    project.status = Project.Status.PUBLISHED
    project.save()
    # The index has a generation, as on any site after its first indexed write (the factories write none):
    # without one nothing is cached, and the header and footer would be read on every request (cms.chrome).
    generation.bump()
    if role != "anonymous":
        client.force_login(cast.user(role))
    url = f"/projets/{project.slug}/"
    grow_project(project, cast, 3, 0)
    small = count_queries(client, url)
    grow_project(project, cast, 17, 3)
    large = count_queries(client, url)
    assert large == small
    # 23 for the page itself (its labels included; swarming readiness: its setting, the users' marker and three
    # facts; the lineage: two); logged in, the header's two unread counts and the project room link add 3, its
    # applications link 1, and whether the person follows the project 1 (« Suivre »).
    with django_assert_max_num_queries(23 if role == "anonymous" else 28):
        client.get(url)
