"""The evaluation's history follows the assessments' own dates, and the project's people can find it.

An assessment may be recorded after a more recent one (a past session typed in later): the history, the
« latest assessment » chart and the comparison go by the assessment's date, not by when it was typed.
"""

import datetime
import re

import pytest
from bs4 import BeautifulSoup

from ecosystem.actions.evaluation import record_assessment
from ecosystem.models import Marker, MarkerAssessment
from tests.factories import ActorFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


RECENT, OLDER, OLDEST = datetime.date(2026, 9, 17), datetime.date(2025, 12, 20), datetime.date(2025, 3, 2)


@pytest.fixture
def member(db):
    return UserFactory(email="membre@atelier.example")


@pytest.fixture
def project(member):
    return ProjectFactory(
        lead_actor=ActorFactory(name="Atelier du Vélo", slug="atelier-velo", members=[member]),
        title="Vélo",
        summary="Réparer des vélos avec les habitants.",
        start_date=None,
    )


@pytest.fixture
def typed_out_of_order(member, project):
    """The older assessment (all 1s) recorded, then the recent one (all 4s), then an older one typed in late."""
    markers = list(Marker.objects.filter(is_active=True))
    older = record_assessment(member, project, OLDER, "emergence", "", scores(markers, 1))
    recent = record_assessment(member, project, RECENT, "experimentation", "", scores(markers, 4))
    oldest = record_assessment(member, project, OLDEST, "emergence", "", scores(markers, 0))
    return recent, older, oldest


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_the_history_and_the_latest_chart_follow_the_assessment_dates(
    client, member, project, typed_out_of_order
):
    client.force_login(member)
    page = BeautifulSoup(client.get(f"/en/projets/{project.slug}/evaluation/").content, "html.parser")
    history_table, trend_table = page.select("table.data-table")[:2]
    history = [row.th.get_text(strip=True) for row in history_table.select("tbody tr")]
    assert history == ["09/17/2026", "12/20/2025", "03/02/2025"]
    trend = [row.th.get_text(strip=True) for row in trend_table.select("tbody tr")]
    assert trend == ["03/02/2025", "12/20/2025", "09/17/2026"]  # a chart over time reads oldest first
    heading = page.find(string=re.compile("Latest assessment"))
    assert "09/17/2026" in heading
    chart = page.select_one("#latest-dimensions-title").find_parent("svg").get_text(" ", strip=True)
    assert "4.0 / 4" in chart
    assert "1.0 / 4" not in chart


def test_the_comparison_sets_the_latest_by_date_against_the_one_before(
    client, member, project, typed_out_of_order
):
    client.force_login(member)
    page = text(client.get(f"/en/projets/{project.slug}/evaluation/auto-evaluations/comparaison/"))
    assert "Scores out of 4: 12/20/2025 then 09/17/2026" in page
    assert "+3 (up)" in page


def test_every_caller_shares_one_newest_first_order(project, typed_out_of_order):
    assert list(MarkerAssessment.objects.newest_first()) == list(typed_out_of_order)
    assert list(project.assessments.all()) == list(typed_out_of_order)


def test_the_project_page_leads_its_people_to_the_evaluation(client, member, project):
    url = f"/projets/{project.slug}/evaluation/"
    client.force_login(member)
    assert f'href="{url}"' in client.get(f"/projets/{project.slug}/").content.decode()
    project.status = project.Status.PUBLISHED
    project.save()
    client.force_login(UserFactory(email="curieux@ailleurs.example"))
    assert f'href="{url}"' not in client.get(f"/projets/{project.slug}/").content.decode()


def test_my_space_leads_to_the_evaluation_of_each_of_my_projects(client, member, project):
    client.force_login(member)
    page = client.get("/mon-espace/").content.decode()
    assert f'href="/projets/{project.slug}/evaluation/"' in page


def scores(markers, score):
    return {m.pk: (score, f"Preuve {m.code}") for m in markers}
