"""The end report the call requires, in French: the conclusions of the dynamic evaluation against the markers,
the measure of social impact, the conditions of deployment or swarming — as an HTML page and a PDF.

The data is gathered once (:func:`report_context`) and drawn by the same templates for both; the charts are
inline SVG (``ecosystem.charts``), so the PDF carries them too. WeasyPrint is imported inside
:func:`render_pdf` only: the rest of the site never needs Pango.
"""

import io
import zipfile
from itertools import groupby

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ecosystem.charts import line_chart
from ecosystem.models import Application, Marker, MarkerScore, Partnership, Project
from ecosystem.models.evaluation import SCORE_MAX

REPORT_LANGUAGE = "fr"  # the call's document is in French, whatever the reader's language
DIMENSIONS = Marker.Dimension


def _short(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _trend(first, last) -> str:
    if first is None or last is None:
        return "—"
    if last > first:
        return _("improving")
    if last < first:
        return _("declining")
    return _("stable")


def marker_conclusions(project) -> dict:
    """Each marker's first and last score, its trend and the latest evidence; dimension averages over time."""
    assessments = list(project.assessments.order_by("date", "created_at", "pk"))
    scores = list(
        MarkerScore.objects.filter(assessment__project=project)
        .select_related("marker")
        .order_by("assessment__date", "assessment__created_at", "assessment__pk")
    )
    by_marker = {}
    for score in scores:
        by_marker.setdefault(score.marker, []).append(score)
    rank = {value: index for index, value in enumerate(DIMENSIONS.values)}
    labels = dict(DIMENSIONS.choices)
    rows = []
    for marker in sorted(by_marker, key=lambda m: (rank.get(m.dimension, 99), m.order, m.code)):
        history = by_marker[marker]
        first, last = history[0], history[-1]
        rows.append(
            {
                "marker": marker,
                "dimension": labels.get(marker.dimension, marker.dimension),
                "first": first.score,
                "last": last.score,
                "trend": _trend(first.score, last.score) if len(history) > 1 else "—",
                "evidence": last.evidence,
                "history": [s.score for s in history],
            }
        )
    x_labels = [_short(a.date) for a in assessments]
    averages = {}
    for dimension, label in DIMENSIONS.choices:
        column = []
        for assessment in assessments:
            values = [
                s.score
                for s in scores
                if s.assessment_id == assessment.pk and s.marker.dimension == dimension
            ]
            column.append(sum(values) / len(values) if values else None)
        averages[str(label)] = column
    score_at = {(s.assessment_id, s.marker_id): s.score for s in scores}
    marker_charts = []
    for dimension, group in groupby(rows, key=lambda row: row["marker"].dimension):
        series = {
            row["marker"].name: [score_at.get((a.pk, row["marker"].pk)) for a in assessments] for row in group
        }
        marker_charts.append(
            {
                "dimension": labels.get(dimension, dimension),
                "chart": line_chart(x_labels, series, y_max=SCORE_MAX),
                "chart_id": f"markers-{dimension}",
            }
        )
    return {
        "marker_charts": marker_charts,
        "assessments": assessments,
        "first": assessments[0] if assessments else None,
        "last": assessments[-1] if assessments else None,
        "rows": rows,
        "dimension_table": [
            (_short(a.date), [averages[str(label)][i] for label in DIMENSIONS.labels])
            for i, a in enumerate(assessments)
        ],
        "chart": line_chart(x_labels, averages, y_max=SCORE_MAX) if assessments else None,
    }


def impact_measures(project) -> list[dict]:
    """Each impact indicator with its values in date order and their chart."""
    measures = []
    for indicator in project.indicators.prefetch_related("values"):
        values = list(indicator.values.all())
        chart = None
        if values:
            chart = line_chart([_short(v.date) for v in values], {str(indicator): [v.value for v in values]})
        measures.append(
            {
                "indicator": indicator,
                "values": values,
                "chart": chart,
                "chart_id": f"indicator-{indicator.pk}",
            }
        )
    return measures


def deployment_conditions(project) -> dict:
    """What the project records about carrying it further: its economic model, anchoring, consortium, supports."""
    return {
        "partnerships": list(
            project.partnerships.filter(status=Partnership.Status.ACTIVE).select_related("actor")
        ),
        "supports": list(project.supports.select_related("support_actor")),
        "territories": list(project.territories_served.all()),
    }


def report_context(project: Project) -> dict:
    with translation.override(REPORT_LANGUAGE):
        return {
            "project": project,
            "labels": Application.labels_of(project),
            "markers": marker_conclusions(project),
            "measures": impact_measures(project),
            "conditions": deployment_conditions(project),
            "score_max": SCORE_MAX,
            "dimension_labels": DIMENSIONS.labels,
            "generated_at": timezone.localtime(),
        }


PRINT_SHEET = "css/end_report_print.css"


def render_document(project: Project) -> str:
    """The standalone HTML document the PDF is printed from (its print sheet is given by :func:`render_pdf`)."""
    with translation.override(REPORT_LANGUAGE):
        return render_to_string("ecosystem/end_report_document.html", report_context(project))


def render_pdf(project: Project) -> bytes:
    return html_to_pdf(render_document(project), PRINT_SHEET)


def html_to_pdf(html: str, sheet_path: str) -> bytes:
    """Print a standalone HTML document to PDF with the static print sheet ``sheet_path`` (used by the end
    report and by the personal meeting schedule)."""
    from PIL import ImageFile

    # WeasyPrint needs Pango: imported only when a PDF is asked for. On import it turns on Pillow's
    # LOAD_TRUNCATED_IMAGES for the whole process, which would let a truncated logo or room image pass the
    # upload checks (ecosystem.images) afterwards: the flag is put back as it was.
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    from weasyprint import CSS, HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    sheet = CSS(filename=finders.find(sheet_path))  # a static file: the CSP allows no <style> in templates
    return HTML(string=html).write_pdf(stylesheets=[sheet])


def pdf_filename(project: Project) -> str:
    return f"rapport-final-{project.slug}.pdf"


def labelled_projects(call) -> list[Project]:
    applications = Application.objects.filter(
        call=call, status=Application.Status.DECIDED, decision=Application.Decision.LABELLED
    )
    return list(Project.objects.filter(pk__in=applications.values("project")).order_by("title"))


def call_archive(call) -> bytes:
    """One zip of the end reports (PDF) of every project the call labelled."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for project in labelled_projects(call):
            archive.writestr(pdf_filename(project), render_pdf(project))
    return buffer.getvalue()
