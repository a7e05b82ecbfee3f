"""The evaluation pages draw each marker's trend and each indicator over time as SVG charts, each next to the
table holding the same data (its accessible equivalent), with the same queries however many values."""

import datetime
from decimal import Decimal
from html import unescape

import pytest

from ecosystem.actions.evaluation import define_indicator, record_assessment, record_indicator_value
from ecosystem.models import Marker
from tests.support.evaluation import full_scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(member, published_project, markers):
    record_assessment(
        member, published_project, datetime.date(2026, 1, 10), "experimentation", "", full_scores(markers, 1)
    )
    scores = full_scores(markers, 2)
    scores[markers[0].pk] = (4, "Très net")
    record_assessment(member, published_project, datetime.date(2026, 7, 10), "experimentation", "", scores)
    indicator = define_indicator(member, published_project, "beneficiaries")
    for month, value in ((1, 10), (4, 25), (9, 40)):
        record_indicator_value(member, indicator, datetime.date(2026, month, 1), Decimal(value))
    return indicator


def test_the_overview_draws_the_markers_and_the_indicators_over_time(
    client, published_project, followed, markers
):
    response = client.get(f"/projets/{published_project.slug}/evaluation/")
    html = unescape(response.content.decode())
    assert html.count('<svg class="chart-lines"') == 1 + len(Marker.Dimension) + 1
    rows = {row["marker"].pk: row for row in response.context["markers"]["rows"]}
    assert rows[markers[0].pk]["history"] == [1, 4]
    assert rows[markers[0].pk]["trend"] == "en progrès"
    assert "1 → 4" in html  # the table carries what the chart draws
    assert "Évolution des valeurs de « bénéficiaires touchés »" in html
    assert "/rapport-final/" not in html  # no link to the end report for the public


def test_the_indicator_page_draws_its_values(client, published_project, followed):
    response = client.get(f"/projets/{published_project.slug}/evaluation/indicateurs/{followed.pk}/")
    (line,) = response.context["chart"]["lines"]
    assert [value for _, _, value in line.dots] == ["10", "25", "40"]
    assert '<svg class="chart-lines"' in response.content.decode()


def test_the_overview_queries_do_not_grow_with_the_values(
    client, member, published_project, followed, django_assert_max_num_queries
):
    url = f"/projets/{published_project.slug}/evaluation/"
    client.get(url)
    with django_assert_max_num_queries(12) as before:
        client.get(url)
    for month in (10, 11, 12):
        record_indicator_value(member, followed, datetime.date(2026, month, 1), Decimal(50))
    with django_assert_max_num_queries(len(before)):
        client.get(url)


def test_the_editors_see_the_link_to_the_end_report(client, member, published_project, followed):
    client.force_login(member)
    html = client.get(f"/projets/{published_project.slug}/evaluation/").content.decode()
    assert f"/projets/{published_project.slug}/rapport-final/" in html
