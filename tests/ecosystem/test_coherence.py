"""The partnership coherence panel: the call's jury criterion, check by check, on the partners page."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecosystem.matching.coherence import assess, partnership_coherence
from ecosystem.models import ActorKind, Partnership, Project
from tests.factories import ActorFactory, PartnershipFactory, PartnerSlotFactory

pytestmark = pytest.mark.django_db


def checks_of(project) -> dict:
    return {check.key: check for check in partnership_coherence(project)}


def add_partner(project, kind, name, **fields):
    return PartnershipFactory(project=project, actor=ActorFactory(name=name, kind=kind), **fields)


def test_a_consortium_of_one_sector_lacks_kinds_of_stakeholder_and_research(cast, project):
    # The cast: an association leads, a cooperative is partner — one family only, the social economy.
    checks = checks_of(project)
    assert [c.key for c in partnership_coherence(project)] == [
        "families",
        "described",
        "research",
        "users",
        "slots",
    ]
    assert not checks["families"].met
    assert "une entreprise" in checks["families"].detail
    assert "une équipe de recherche" in checks["families"].detail
    assert not checks["research"].met
    assert "recherche" in checks["research"].detail
    assert checks["described"].met
    assert checks["slots"].met
    assert not checks["users"].met


def test_a_diverse_described_consortium_meets_every_check(cast, project):
    add_partner(project, ActorKind.RESEARCH, "Laboratoire Habiter")
    add_partner(project, ActorKind.LOCAL_AUTHORITY, "Ville d'Amiens")
    add_partner(project, ActorKind.USERS_GROUP, "Collectif des usagers du bus")
    checks = checks_of(project)
    assert all(check.met for check in checks.values()), [c.detail for c in checks.values() if not c.met]
    assert "Laboratoire Habiter" in checks["research"].detail
    assert "Collectif des usagers du bus" in checks["users"].detail


def test_only_active_partners_count(cast, project):
    add_partner(project, ActorKind.RESEARCH, "Laboratoire Parti", status=Partnership.Status.LEFT)
    assert not checks_of(project)["research"].met


def test_a_partner_without_nature_or_role_is_named(cast, project):
    add_partner(project, ActorKind.COMPANY, "Transports Picards", nature="", role="  ")
    described = checks_of(project)["described"]
    assert not described.met
    assert "Transports Picards" in described.detail
    assert "Coopérative Partenaire" not in described.detail


def test_no_partner_at_all_is_said(cast):
    lone = Project.objects.create(
        title="Projet seul",
        slug="projet-seul",
        summary="s",
        lead_actor=cast.lead,
        need="n",
        beneficiaries="b",
    )
    assert checks_of(lone)["described"].detail == "Aucun partenaire pour l'instant."


def test_users_involvement_described_in_the_project_counts(cast, project):
    project.user_involvement = "Trois ateliers de conception avec les aidants."
    project.save()
    assert checks_of(project)["users"].met


def test_open_slots_are_listed_and_a_research_slot_is_pointed_at(cast, project):
    PartnerSlotFactory(project=project, title="Laboratoire de sociologie", kinds=[ActorKind.RESEARCH])
    PartnerSlotFactory(project=project, title="Place fermée", is_open=False)
    checks = checks_of(project)
    assert not checks["slots"].met
    assert "1 place encore ouverte" in checks["slots"].detail
    assert "Laboratoire de sociologie" in checks["slots"].detail
    assert "Place fermée" not in checks["slots"].detail
    assert "Laboratoire de sociologie" in checks["research"].detail


def test_a_research_lead_counts_as_the_research_partner(cast):
    lab = ActorFactory(name="Laboratoire Porteur", kind=ActorKind.RESEARCH)
    led = Project.objects.create(
        title="Projet du labo",
        slug="projet-du-labo",
        summary="s",
        lead_actor=lab,
        need="n",
        beneficiaries="b",
    )
    assert checks_of(led)["research"].met


def test_assess_makes_no_query_and_loading_is_constant(cast, project, django_assert_num_queries):
    partnerships = list(project.partnerships.select_related("actor"))
    with django_assert_num_queries(0):
        assess(project, partnerships, [])
    with django_assert_num_queries(2):
        partnership_coherence(project)
    for n in range(4):
        add_partner(project, ActorKind.COMPANY, f"Entreprise {n}")
        PartnerSlotFactory(project=project)
    with django_assert_num_queries(2):
        partnership_coherence(project)


def panel_of(response):
    return BeautifulSoup(response.content, "html.parser").find("section", class_="coherence-panel")


def test_the_partners_page_shows_the_panel_in_words_not_colour_alone(client, cast, project):
    client.force_login(cast.lead_admin)
    panel = panel_of(client.get(f"/projets/{project.slug}/partenaires/"))
    assert panel.find("h2").get_text(strip=True) == "Cohérence du partenariat"
    items = panel.select("li.coherence-check")
    assert len(items) == 5
    statuses = [item.select_one(".coherence-check__status").get_text(strip=True) for item in items]
    assert statuses == ["À compléter", "Satisfait", "À compléter", "À compléter", "Satisfait"]
    assert all(item.select_one("[aria-hidden=true]") for item in items)  # the icon repeats the words


def test_the_partners_page_queries_do_not_grow_with_the_consortium(client, cast, project):
    client.force_login(cast.lead_admin)
    url = f"/projets/{project.slug}/partenaires/"
    client.get(url)  # warm caches (site, settings) so both counts measure the same work
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(5):
        add_partner(project, ActorKind.RESEARCH, f"Labo {n}")
        PartnerSlotFactory(project=project)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "partner_member"])
def test_people_who_may_not_edit_never_see_the_panel(client, cast, project, role):
    if cast.user(role):
        client.force_login(cast.user(role))
    response = client.get(f"/projets/{project.slug}/partenaires/")
    assert response.status_code in (302, 404)
    assert panel_of(response) is None
