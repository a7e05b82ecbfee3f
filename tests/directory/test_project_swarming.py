"""The project page explains swarming readiness; the project form records the conditions to replicate it."""

import pytest
from bs4 import BeautifulSoup

from ecosystem.models import ActorKind, Project
from tests.ecosystem.test_projects import errors_of, project_data
from tests.support.swarming import make_ready

pytestmark = pytest.mark.django_db


def _section(response):
    return BeautifulSoup(response.content, "html.parser").find(
        "section", attrs={"aria-labelledby": "swarming"}
    )


@pytest.fixture
def published(project):
    project.status = Project.Status.PUBLISHED
    project.save()
    return project


@pytest.mark.parametrize("role", ["anonymous", "outsider", "lead_member", "staff"])
def test_a_ready_project_shows_every_criterion_met(client, cast, published, territories, role):
    make_ready(published, territories["80021"])
    if role != "anonymous":
        client.force_login(cast.user(role))
    section = _section(client.get(f"/projets/{published.slug}/"))
    assert "Ce projet remplit tous les critères" in section.get_text()
    assert [li["data-met"] for li in section.select(".readiness__criterion")] == ["true"] * 4


def test_a_project_not_ready_says_why_and_what_is_missing(client, published):
    section = _section(client.get(f"/projets/{published.slug}/"))
    text = section.get_text(" ", strip=True)
    assert "4 critères de l'appel ne sont pas encore remplis" in text
    assert "Ce qui manque :" in text
    assert "Aucun territoire desservi n'est indiqué." in text
    assert "L'équipe du projet n'a pas encore décrit les conditions." in text


def test_the_editor_records_the_conditions_to_replicate(client, cast, project):
    client.force_login(cast.user("lead_admin"))
    data = project_data(
        swarming_partner_kinds=[ActorKind.ASSOCIATION, ActorKind.LOCAL_AUTHORITY],
        swarming_budget_min="20000",
        swarming_budget_max="45000",
        swarming_skills="animation, comptabilité",
        swarming_duration_months="18",
        swarming_conditions="Un local accessible et un comité d'aidants.",
    )
    response = client.post(f"/projets/{project.slug}/modifier/", data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.swarming_partner_kinds == ["association", "local_authority"]
    assert (project.swarming_budget_min, project.swarming_budget_max) == (20000, 45000)
    assert project.swarming_skills == ["animation", "comptabilité"]
    text = BeautifulSoup(client.get(f"/projets/{project.slug}/").content, "html.parser").get_text(" ")
    assert "18 mois" in text
    assert "animation, comptabilité" in text
    assert "Un local accessible" in text


def test_a_budget_range_upside_down_is_refused_and_nothing_saved(client, cast, project):
    client.force_login(cast.user("lead_admin"))
    data = project_data(title="Titre changé", swarming_budget_min="50000", swarming_budget_max="1000")
    response = client.post(f"/projets/{project.slug}/modifier/", data)
    assert response.status_code == 200
    assert "borne basse" in errors_of(response)
    project.refresh_from_db()
    assert project.title != "Titre changé"
    assert project.swarming_budget_min is None
