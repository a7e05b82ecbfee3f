"""The end report the call requires: who reads it (page, PDF, a call's archive), and what it says — the three
sections in French, with the markers' first and last scores, the indicators over time and the consortium,
the charts drawn as SVG in the page and in the PDF (its text extracted with pypdf)."""

import datetime
import io
import zipfile
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import ImageFile
from pypdf import PdfReader

from ecosystem.access import JURY_GROUP
from ecosystem.actions.evaluation import define_indicator, record_assessment, record_indicator_value
from ecosystem.charts import line_chart
from ecosystem.models import Application, Marker, Review
from tests.factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Conclusions de l'évaluation dynamique au regard des marqueurs",
    "Mesure de l'impact social",
    "Conditions de déploiement ou d'essaimage",
]
ROLES = [
    "anonymous",
    "outsider",
    "lead_member",
    "lead_admin",
    "partner_member",
    "staff",
    "juror_assigned",
    "juror_unassigned",
    "juror_conflict",
]
READERS = {"lead_member", "lead_admin", "staff", "juror_assigned"}


def _juror(email):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get_or_create(name=JURY_GROUP)[0])
    return user


@pytest.fixture
def report(cast, published):
    """The cast's published project, labelled by a closed call, evaluated twice, with a jobs indicator."""
    markers = list(Marker.objects.filter(is_active=True))
    first = {m.pk: (1, f"Preuve initiale {m.code}") for m in markers}
    last = {m.pk: (3, f"Preuve finale {m.code}") for m in markers}
    record_assessment(cast.lead_member, published, datetime.date(2026, 1, 15), "experimentation", "", first)
    record_assessment(
        cast.lead_member, published, datetime.date(2026, 7, 15), "experimentation", "Bilan solide.", last
    )
    indicator = define_indicator(cast.lead_member, published, "jobs")
    record_indicator_value(cast.lead_member, indicator, datetime.date(2026, 1, 31), Decimal("2"))
    record_indicator_value(cast.lead_member, indicator, datetime.date(2026, 6, 30), Decimal("5"))
    call = CallFactory(title="Appel clos", closed=True)
    application = ApplicationFactory(
        call=call,
        project=published,
        status=Application.Status.DECIDED,
        decision=Application.Decision.LABELLED,
        decided_at=timezone.now(),
    )
    cast.juror_assigned = _juror("jure@region.example")
    cast.juror_unassigned = _juror("autre-jure@region.example")
    # A jury member who joined the partner structure after being assigned: a conflict, so no access.
    cast.juror_conflict = cast.partner_member
    cast.juror_conflict.groups.add(Group.objects.get(name=JURY_GROUP))
    for juror in (cast.juror_assigned, cast.juror_conflict):
        Review.objects.create(application=application, juror=juror)
    return {"project": published, "call": call, "application": application}


def _as(client, cast, role):
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(cast, role))


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_the_report_page(client, cast, report, role):
    _as(client, cast, role)
    response = client.get(f"/projets/{report['project'].slug}/rapport-final/")
    assert response.status_code == (200 if role in READERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_who_downloads_the_pdf(client, cast, report, role):
    _as(client, cast, role)
    response = client.get(f"/projets/{report['project'].slug}/rapport-final/pdf/")
    assert response.status_code == (200 if role in READERS else 404)
    if role in READERS:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_download_a_calls_archive(client, cast, report, role):
    _as(client, cast, role)
    response = client.get(f"/appels/{report['call'].slug}/rapports-finaux/")
    assert response.status_code == (200 if role == "staff" else 404)


def test_unknown_project_or_call_is_404_even_for_staff(client, cast, report):
    client.force_login(cast.staff)
    assert client.get("/projets/inconnu/rapport-final/").status_code == 404
    assert client.get("/appels/inconnu/rapports-finaux/").status_code == 404


def test_the_pdf_holds_the_three_sections_in_french(client, cast, report):
    client.force_login(cast.lead_member)
    response = client.get(f"/projets/{report['project'].slug}/rapport-final/pdf/")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for title in SECTIONS:
        assert title in text
    assert "Projet labellisé SIEG Innovation sociale 2027" in text
    assert "Preuve finale" in text  # the latest evidence, not the first
    assert "Preuve initiale" not in text
    assert "en progrès" in text
    assert "Coopérative Partenaire" in text  # the consortium, in the deployment conditions


def test_the_pdf_is_printed_on_a4_and_leaves_the_upload_checks_as_they_were(client, cast, report):
    """The print sheet (a static file, since the CSP refuses <style>) gives A4 pages; and WeasyPrint, which
    turns Pillow's LOAD_TRUNCATED_IMAGES on when imported, leaves it off for the logo and image uploads."""
    client.force_login(cast.lead_member)
    response = client.get(f"/projets/{report['project'].slug}/rapport-final/pdf/")
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_the_page_shows_first_last_trend_and_the_charts_with_their_tables(
    client, cast, report, django_assert_num_queries
):
    client.force_login(cast.staff)
    url = f"/projets/{report['project'].slug}/rapport-final/"
    client.get(url)  # the site's chrome is created on the first page served
    # The report's own queries (project, labels, assessments, scores, indicators, values, partners, supports,
    # territories) stay nine whatever the number of markers, assessments and indicators.
    # 18 with the layout's: the index generation, under which the header and footer are kept (cms.chrome); the
    # factories write no index, so there is no generation yet and the chrome is read on each page too.
    with django_assert_num_queries(18):
        response = client.get(url)
    html = unescape(response.content.decode())
    for title in SECTIONS:
        assert title in html
    rows = response.context["markers"]["rows"]
    assert len(rows) == Marker.objects.filter(is_active=True).count() == 11
    assert {(row["first"], row["last"]) for row in rows} == {(1, 3)}
    # the dimensions over time, each dimension's markers, the jobs indicator
    assert html.count('<svg class="chart-lines"') == 1 + len(Marker.Dimension) + 1
    assert "Évolution des valeurs de « emplois créés »" in html
    assert f'href="/projets/{report["project"].slug}/rapport-final/pdf/"' in html


def test_a_project_without_evaluation_still_has_its_report(client, cast, published):
    client.force_login(cast.lead_member)
    response = client.get(f"/projets/{published.slug}/rapport-final/")
    assert response.status_code == 200
    assert "Aucune auto-évaluation" in response.content.decode()


def test_the_archive_holds_the_labelled_projects_only(client, cast, report):
    other = ApplicationFactory(
        call=report["call"], status=Application.Status.DECIDED, decision=Application.Decision.NOT_LABELLED
    )
    client.force_login(cast.staff)
    response = client.get(f"/appels/{report['call'].slug}/rapports-finaux/")
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [f"rapport-final-{report['project'].slug}.pdf"]
    assert f"rapport-final-{other.project.slug}.pdf" not in names


def test_line_chart_scales_points_and_skips_missing_values():
    chart = line_chart(["a", "b", "c"], {"x": [0, None, 4]}, y_max=4)
    (line,) = chart["lines"]
    assert [(x, y) for x, y, _ in line.dots] == [(48.0, 200.0), (544.0, 16.0)]
    assert chart["y_ticks"][-1] == (16.0, "4")


def test_the_deployment_section_says_what_it_takes_to_replicate_the_project(client, cast, report):
    """The structured conditions of swarming the team wrote are the heart of the call's third section."""
    project = report["project"]
    project.swarming_budget_min, project.swarming_budget_max = 20000, 45000
    project.swarming_skills = ["animation de réseau"]
    project.swarming_duration_months = 18
    project.swarming_conditions = "Un tiers-lieu d'accueil et une collectivité qui s'engage."
    project.save()
    client.force_login(cast.lead_member)
    response = client.get(f"/projets/{project.slug}/rapport-final/pdf/")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    section = " ".join(text.split()).split("Conditions de déploiement ou d'essaimage", 1)[1]
    assert "Ce qu'il faut pour l'essaimer" in section
    assert "animation de réseau" in section
    assert "18 mois" in section
    assert "Un tiers-lieu d'accueil et une collectivité qui s'engage." in section
