"""Front office of the dynamic evaluation, under ``/projets/<slug>/evaluation/``.

Reading follows the project: whoever may see the project sees its evaluation (so a published project shows
it publicly, a draft answers 404 to outsiders). Writing is for the project's editors; everyone else gets 404.
"""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ecosystem import end_report
from ecosystem.access import (
    can_edit_project,
    can_view_end_report,
    get_editable_project_or_404,
    get_visible_project_or_404,
)
from ecosystem.actions import evaluation as actions
from ecosystem.charts import line_chart
from ecosystem.forms.evaluation import SCORE_LABELS, AssessmentForm, IndicatorForm, IndicatorValueForm
from ecosystem.models import ImpactIndicator, IndicatorValue, Marker, MarkerScore
from ecosystem.models.evaluation import SCORE_MAX

DIMENSIONS = Marker.Dimension


def _avg_field(dimension: str) -> str:
    return f"avg_{dimension}"


def _with_dimension_averages(assessments):
    return assessments.annotate(
        **{
            _avg_field(dimension): Avg("scores__score", filter=Q(scores__marker__dimension=dimension))
            for dimension in DIMENSIONS.values
        }
    )


def _context(request, project, **extra):
    return {
        "project": project,
        "project_url": project.get_absolute_url(),
        "can_edit": can_edit_project(request.user, project),
        "score_max": SCORE_MAX,
        **extra,
    }


def _dimension_rows(assessment):
    """``[(label, average or None)]`` for the three dimensions, for tables and bar charts."""
    return [(label, getattr(assessment, _avg_field(value))) for value, label in DIMENSIONS.choices]


@require_safe
def overview(request, slug):
    project = get_visible_project_or_404(request.user, slug=slug)
    assessments = list(_with_dimension_averages(project.assessments.newest_first()))
    for assessment in assessments:
        assessment.dimension_rows = _dimension_rows(assessment)
    return render(
        request,
        "ecosystem/evaluation_overview.html",
        _context(
            request,
            project,
            assessments=assessments,
            latest=assessments[0] if assessments else None,
            dimension_labels=DIMENSIONS.labels,
            markers=end_report.marker_conclusions(project),
            measures=end_report.impact_measures(project),
            can_view_report=can_view_end_report(request.user, project),
        ),
    )


def _scores_by_dimension(scores):
    labels = dict(DIMENSIONS.choices)
    rank = {value: index for index, value in enumerate(DIMENSIONS.values)}
    ordered = sorted(scores, key=lambda s: (rank.get(s.marker.dimension, 99), s.marker.order))
    return [
        (labels.get(dimension, dimension), list(group))
        for dimension, group in groupby(ordered, key=lambda s: s.marker.dimension)
    ]


@require_safe
def assessment_detail(request, slug, pk):
    project = get_visible_project_or_404(request.user, slug=slug)
    assessment = get_object_or_404(_with_dimension_averages(project.assessments.all()), pk=pk)
    scores = assessment.scores.select_related("marker")
    return render(
        request,
        "ecosystem/markerassessment_detail.html",
        _context(
            request,
            project,
            assessment=assessment,
            dimension_rows=_dimension_rows(assessment),
            groups=_scores_by_dimension(scores),
            score_labels=dict(SCORE_LABELS),
        ),
    )


@require_safe
def assessment_compare(request, slug):
    """The latest assessment next to the one before it, marker by marker."""
    project = get_visible_project_or_404(request.user, slug=slug)
    pair = list(project.assessments.newest_first()[:2])
    rows = []
    if len(pair) == 2:
        latest, previous = pair
        by_assessment = {latest.pk: {}, previous.pk: {}}
        markers = {}
        for score in MarkerScore.objects.filter(assessment__in=pair).select_related("marker"):
            by_assessment[score.assessment_id][score.marker_id] = score.score
            markers[score.marker_id] = score.marker
        rank = {value: index for index, value in enumerate(DIMENSIONS.values)}
        for marker in sorted(markers.values(), key=lambda m: (rank.get(m.dimension, 99), m.order)):
            before = by_assessment[previous.pk].get(marker.pk)
            after = by_assessment[latest.pk].get(marker.pk)
            change = after - before if before is not None and after is not None else None
            rows.append({"marker": marker, "before": before, "after": after, "change": change})
    else:
        latest = previous = None
    return render(
        request,
        "ecosystem/markerassessment_compare.html",
        _context(request, project, latest=latest, previous=previous, rows=rows),
    )


@require_http_methods(["GET", "POST"])
def assessment_create(request, slug):
    project = get_editable_project_or_404(request.user, slug=slug)
    form = AssessmentForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = actions.record_assessment(
                request.user, project, data["date"], data["phase"], data["summary"], form.scores()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Self-assessment recorded."))
            return redirect("ecosystem:assessment_detail", slug=project.slug, pk=assessment.pk)
    return render(request, "ecosystem/markerassessment_form.html", _context(request, project, form=form))


@require_http_methods(["GET", "POST"])
def indicator_create(request, slug):
    project = get_editable_project_or_404(request.user, slug=slug)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = actions.define_indicator(request.user, project, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Indicator “%(name)s” added.") % {"name": indicator})
            return redirect("ecosystem:indicator_detail", slug=project.slug, pk=indicator.pk)
    return render(request, "ecosystem/impactindicator_form.html", _context(request, project, form=form))


@require_safe
def indicator_detail(request, slug, pk):
    project = get_visible_project_or_404(request.user, slug=slug)
    indicator = get_object_or_404(ImpactIndicator.objects.filter(project=project), pk=pk)
    values = list(indicator.values.all())
    chart = line_chart(
        [date_format(v.date, "SHORT_DATE_FORMAT") for v in values],
        {str(indicator): [v.value for v in values]},
    )
    context = _context(request, project, indicator=indicator, values=values, chart=chart)
    if context["can_edit"]:
        context["form"] = IndicatorValueForm()
    return render(request, "ecosystem/impactindicator_detail.html", context)


@require_http_methods(["GET", "POST"])
def indicator_value_add(request, slug, pk):
    project = get_editable_project_or_404(request.user, slug=slug)
    indicator = get_object_or_404(ImpactIndicator.objects.filter(project=project), pk=pk)
    form = IndicatorValueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        value, created = actions.record_indicator_value(
            request.user, indicator, data["date"], data["value"], data["note"]
        )
        when = date_format(value.date, "SHORT_DATE_FORMAT")
        if created:
            messages.success(request, _("Value added for %(date)s.") % {"date": when})
        else:
            messages.success(
                request, _("A value already existed for %(date)s: it has been replaced.") % {"date": when}
            )
        return redirect("ecosystem:indicator_detail", slug=project.slug, pk=indicator.pk)
    return render(
        request,
        "ecosystem/impactindicator_value_form.html",
        _context(request, project, indicator=indicator, form=form),
    )


@require_http_methods(["GET", "POST"])
def indicator_value_delete(request, slug, pk, value_pk):
    project = get_editable_project_or_404(request.user, slug=slug)
    value = get_object_or_404(
        IndicatorValue.objects.select_related("indicator__project").filter(indicator__project=project),
        indicator_id=pk,
        pk=value_pk,
    )
    if request.method == "POST":
        actions.delete_indicator_value(request.user, value)
        messages.success(
            request,
            _("Value of %(date)s deleted.") % {"date": date_format(value.date, "SHORT_DATE_FORMAT")},
        )
        return redirect("ecosystem:indicator_detail", slug=project.slug, pk=pk)
    return render(
        request,
        "ecosystem/impactindicator_value_delete.html",
        _context(request, project, indicator=value.indicator, value=value),
    )
