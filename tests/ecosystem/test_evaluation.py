"""Dynamic evaluation: self-assessments against the markers and impact indicators over time."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ecosystem.actions.evaluation import (
    define_indicator,
    delete_indicator_value,
    record_assessment,
    record_indicator_value,
)
from ecosystem.models import ImpactIndicator, IndicatorValue, Marker, MarkerAssessment, MarkerScore
from tests.support.evaluation import DAY, assessment_post, full_scores

pytestmark = pytest.mark.django_db


# --- actions ---------------------------------------------------------------------------------------------------


def test_the_seeded_grid_has_eleven_markers_in_three_dimensions(markers):
    assert len(markers) == 11
    assert {m.dimension for m in markers} == {"process", "result", "diffusion"}


def test_record_assessment_saves_one_score_per_active_marker(member, draft_project, markers):
    scores = full_scores(markers, score=3)
    assessment = record_assessment(member, draft_project, DAY, "experimentation", " Bilan ", scores)
    assert assessment.created_by == member
    assert assessment.summary == "Bilan"
    saved = {s.marker_id: (s.score, s.evidence) for s in assessment.scores.all()}
    assert saved == {m.pk: (3, f"Preuve {m.code}") for m in markers}


def test_record_assessment_names_missing_markers_and_writes_nothing(member, draft_project, markers):
    scores = full_scores(markers)
    del scores[markers[0].pk], scores[markers[-1].pk]
    with pytest.raises(ValidationError) as caught:
        record_assessment(member, draft_project, DAY, "experimentation", "", scores)
    message = " ".join(caught.value.messages)
    assert markers[0].name in message
    assert markers[-1].name in message
    assert markers[1].name not in message
    assert not MarkerAssessment.objects.exists()
    assert not MarkerScore.objects.exists()


def test_record_assessment_refuses_out_of_range_scores_atomically(member, draft_project, markers):
    scores = full_scores(markers)
    scores[markers[4].pk] = (5, "trop")
    with pytest.raises(ValidationError):
        record_assessment(member, draft_project, DAY, "experimentation", "", scores)
    assert not MarkerAssessment.objects.exists()


def test_inactive_markers_are_not_required_and_not_accepted(member, draft_project, markers):
    retired = markers[0]
    Marker.objects.filter(pk=retired.pk).update(is_active=False)
    with pytest.raises(ValidationError):
        record_assessment(member, draft_project, DAY, "experimentation", "", full_scores(markers))
    assessment = record_assessment(
        member, draft_project, DAY, "experimentation", "", full_scores(markers[1:])
    )
    assert assessment.scores.count() == 10


def test_only_editors_may_record(outsider, draft_project, markers):
    with pytest.raises(PermissionDenied):
        record_assessment(outsider, draft_project, DAY, "experimentation", "", full_scores(markers))
    with pytest.raises(PermissionDenied):
        define_indicator(outsider, draft_project, "jobs")
    assert not MarkerAssessment.objects.exists()
    assert not ImpactIndicator.objects.exists()


def test_indicator_kinds_are_unique_except_custom_with_distinct_labels(member, draft_project):
    define_indicator(member, draft_project, "jobs", unit="ETP")
    with pytest.raises(ValidationError) as caught:
        define_indicator(member, draft_project, "jobs")
    assert "kind" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        define_indicator(member, draft_project, "custom", label="  ")
    assert "label" in caught.value.message_dict
    define_indicator(member, draft_project, "custom", label="Repas servis")
    define_indicator(member, draft_project, "custom", label="Vélos réparés")
    with pytest.raises(ValidationError):
        define_indicator(member, draft_project, "custom", label="repas SERVIS")
    assert draft_project.indicators.count() == 3


def test_a_second_value_at_the_same_date_replaces_the_first(member, draft_project):
    indicator = define_indicator(member, draft_project, "beneficiaries")
    first, created = record_indicator_value(member, indicator, DAY, Decimal("12"))
    assert created
    again, created = record_indicator_value(member, indicator, DAY, Decimal("15"), "recompté")
    assert not created
    assert again.pk == first.pk
    assert list(indicator.values.values_list("value", "note")) == [(Decimal("15.00"), "recompté")]
    delete_indicator_value(member, again)
    assert not indicator.values.exists()


# --- pages -----------------------------------------------------------------------------------------------------


def test_recording_an_assessment_through_the_form(client, member, draft_project, markers):
    client.force_login(member)
    url = f"/projets/{draft_project.slug}/evaluation/auto-evaluations/nouvelle/"
    page = client.get(url).content.decode()
    assert page.count('type="radio"') == 11 * 5
    assert "pleinement" in page or "fully integrated" in page
    assert markers[0].description in page  # the guiding question is shown with each marker

    response = client.post(url, assessment_post(markers, score=3))
    assessment = MarkerAssessment.objects.get()
    assert response.status_code == 302
    assert (
        response["Location"] == f"/projets/{draft_project.slug}/evaluation/auto-evaluations/{assessment.pk}/"
    )
    assert assessment.scores.filter(score=3).count() == 11
    detail = client.get(response["Location"]).content.decode()
    assert f"Preuve pour {markers[0].name}" in detail


def test_a_form_missing_scores_names_them_and_keeps_what_was_typed(client, member, draft_project, markers):
    client.force_login(member)
    url = f"/projets/{draft_project.slug}/evaluation/auto-evaluations/nouvelle/"
    skipped = markers[2]
    response = client.post(url, assessment_post(markers, skip={skipped.code}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert skipped.name in html.split("error-summary", 1)[1].split("</div>", 1)[0]
    assert f'href="#id_score_{skipped.pk}"' in html
    assert f"Preuve pour {markers[0].name}" in html  # nothing the user typed is lost
    assert not MarkerAssessment.objects.exists()


def test_overview_lists_averages_per_dimension_and_indicator_values(
    client, member, published_project, markers
):
    by_dimension = {"process": 4, "result": 2, "diffusion": 1}
    scores = {m.pk: (by_dimension[m.dimension], "") for m in markers}
    record_assessment(member, published_project, DAY, "experimentation", "", scores)
    indicator = define_indicator(member, published_project, "jobs")
    record_indicator_value(member, indicator, datetime.date(2025, 12, 31), Decimal("2"))
    record_indicator_value(member, indicator, DAY, Decimal("3.5"))

    html = client.get(f"/projets/{published_project.slug}/evaluation/").content.decode()
    row = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    cells = [cell.split("<", 1)[0] for cell in row.split("<td>")[2:]]  # after the date and the phase
    assert cells == ["4,0", "2,0", "1,0"]  # process, result, diffusion
    assert "01/03/2026" in html
    assert "31/12/2025" in html
    assert "3,5" in html
    assert "<svg" in html  # the chart, and beside it the table with the same data
    assert "<table" in html
    assert "auto-evaluations/nouvelle" not in html  # anonymous: no edit links


def test_comparison_shows_the_change_per_marker(client, member, published_project, markers):
    first = full_scores(markers, score=1)
    second = full_scores(markers, score=1)
    second[markers[0].pk] = (3, "")
    second[markers[1].pk] = (0, "")
    record_assessment(member, published_project, DAY, "experimentation", "", first)
    record_assessment(member, published_project, DAY + datetime.timedelta(days=90), "evaluation", "", second)
    html = client.get(
        f"/projets/{published_project.slug}/evaluation/auto-evaluations/comparaison/"
    ).content.decode()
    rows = {
        name: html.split(f">{name}</th>", 1)[1].split("</tr>", 1)[0] for name in (m.name for m in markers[:3])
    }
    assert "+2" in rows[markers[0].name]
    assert "-1" in rows[markers[1].name]
    assert ">0 " in rows[markers[2].name]


def test_comparison_with_a_single_assessment_explains_why_it_is_empty(
    client, member, published_project, markers
):
    record_assessment(member, published_project, DAY, "experimentation", "", full_scores(markers))
    response = client.get(f"/projets/{published_project.slug}/evaluation/auto-evaluations/comparaison/")
    assert response.status_code == 200
    assert "<table" not in response.content.decode().split("<main", 1)[1]


def test_indicator_pages_define_add_replace_and_delete_values(client, member, draft_project):
    client.force_login(member)
    base = f"/projets/{draft_project.slug}/evaluation/indicateurs/"
    response = client.post(base + "nouveau/", {"kind": "custom", "label": "", "unit": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.post(base + "nouveau/", {"kind": "custom", "label": "Vélos réparés", "unit": "vélos"})
    indicator = ImpactIndicator.objects.get()
    assert response["Location"] == f"{base}{indicator.pk}/"
    response = client.post(base + "nouveau/", {"kind": "custom", "label": "vélos réparés", "unit": ""})
    assert response.status_code == 200
    assert ImpactIndicator.objects.count() == 1

    add = f"{base}{indicator.pk}/valeurs/ajouter/"
    client.post(add, {"date": "2026-03-01", "value": "40", "note": ""})
    response = client.post(add, {"date": "2026-03-01", "value": "42", "note": "corrigé"}, follow=True)
    html = response.content.decode()
    assert "remplacée" in html or "replaced" in html
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("42")

    delete = f"{base}{indicator.pk}/valeurs/{value.pk}/supprimer/"
    assert client.get(delete).status_code == 200
    assert IndicatorValue.objects.exists()  # the GET only asks for confirmation
    client.post(delete)
    assert not IndicatorValue.objects.exists()


def _queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_evaluation_pages_run_a_constant_number_of_queries(client, member, published_project, markers):
    """More assessments, indicators and values must not mean more queries (no N+1)."""
    client.force_login(member)
    overview = f"/projets/{published_project.slug}/evaluation/"
    compare = f"{overview}auto-evaluations/comparaison/"

    def grow(n):
        for i in range(n):
            day = DAY + datetime.timedelta(days=30 * (published_project.assessments.count() + 1))
            record_assessment(
                member, published_project, day, "experimentation", "", full_scores(markers, i % 5)
            )
            indicator = define_indicator(member, published_project, "custom", label=f"Indicateur {day}")
            for j in range(3):
                record_indicator_value(member, indicator, day + datetime.timedelta(days=j), Decimal(j))

    grow(2)
    _queries_for(client, overview)  # warm up: the first request of a session also reads site settings
    small = _queries_for(client, overview), _queries_for(client, compare)
    first = published_project.assessments.last()
    detail_small = _queries_for(client, f"{overview}auto-evaluations/{first.pk}/")
    grow(5)
    assert (_queries_for(client, overview), _queries_for(client, compare)) == small
    assert _queries_for(client, f"{overview}auto-evaluations/{first.pk}/") == detail_small
