"""Evaluation actions: a project's periodic self-assessments against the markers and its impact indicators.

The only writers of :class:`~ecosystem.models.MarkerAssessment`, :class:`~ecosystem.models.MarkerScore`,
:class:`~ecosystem.models.ImpactIndicator` and :class:`~ecosystem.models.IndicatorValue`.

Who may call: the views check :func:`ecosystem.access.can_edit_project` first (and answer 404); every action
checks it again and raises ``PermissionDenied``, so no other caller (API, admin, scripts) can bypass the rule;
its ``do_*`` half writes and trusts its caller.
Rules a user can break raise ``ValidationError`` with a message meant for them (keyed by form field where one
applies). Nothing is scheduled on commit: evaluation data is not indexed and notifies no one.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ecosystem.access import can_edit_project
from ecosystem.models import (
    ImpactIndicator,
    IndicatorValue,
    Marker,
    MarkerAssessment,
    MarkerScore,
    Phase,
    Project,
)
from ecosystem.models.evaluation import SCORE_MAX


def _require_editor(user, project) -> None:
    if not can_edit_project(user, project):
        raise PermissionDenied


def _lock(project: Project) -> None:
    """Serialise evaluation writes on one project (a row lock on PostgreSQL; SQLite locks the database)."""
    Project.objects.select_for_update().filter(pk=project.pk).first()


# --- marker assessments --------------------------------------------------------------------------------------


def record_assessment(
    user,
    project: Project,
    date: datetime.date,
    phase: str,
    summary: str,
    scores: Mapping[int, tuple[int, str]],
) -> MarkerAssessment:
    """``user``, an editor of ``project``, records a self-assessment (see :func:`do_record_assessment`)."""
    _require_editor(user, project)
    return do_record_assessment(project, date, phase, summary, scores, created_by=user)


def do_record_assessment(
    project: Project,
    date: datetime.date,
    phase: str,
    summary: str,
    scores: Mapping[int, tuple[int, str]],
    *,
    created_by=None,
) -> MarkerAssessment:
    """Record a self-assessment of ``project``: one score (0–4) and its evidence for every active marker.

    ``scores`` maps a marker id to ``(score, evidence)``. All or nothing: the assessment and its scores are
    written in one transaction, and nothing is written when a marker in use is missing (the error names
    them), a score is out of range, or a marker is unknown or no longer in use.
    """
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Choose a phase from the list.")})
    active = list(Marker.objects.filter(is_active=True))
    active_ids = {marker.pk for marker in active}
    missing = [marker.name for marker in active if marker.pk not in scores]
    if missing:
        raise ValidationError(
            _("Every marker must be scored. Missing: %(markers)s.") % {"markers": ", ".join(missing)}
        )
    unknown = set(scores) - active_ids
    if unknown:
        raise ValidationError(_("Some scores are for markers that are no longer in use; reload the form."))
    out_of_range = [m.name for m in active if not 0 <= int(scores[m.pk][0]) <= SCORE_MAX]
    if out_of_range:
        raise ValidationError(
            _("Scores go from 0 to %(max)d. Check: %(markers)s.")
            % {"max": SCORE_MAX, "markers": ", ".join(out_of_range)}
        )
    with transaction.atomic():
        _lock(project)
        assessment = MarkerAssessment.objects.create(
            project=project, date=date, phase=phase, summary=summary.strip(), created_by=created_by
        )
        MarkerScore.objects.bulk_create(
            MarkerScore(
                assessment=assessment,
                marker=marker,
                score=int(scores[marker.pk][0]),
                evidence=(scores[marker.pk][1] or "").strip(),
            )
            for marker in active
        )
    return assessment


# --- impact indicators ---------------------------------------------------------------------------------------


def define_indicator(user, project: Project, kind: str, label: str = "", unit: str = "") -> ImpactIndicator:
    """``user``, an editor of ``project``, adds an impact indicator (see :func:`do_define_indicator`)."""
    _require_editor(user, project)
    return do_define_indicator(project, kind, label, unit)


def do_define_indicator(project: Project, kind: str, label: str = "", unit: str = "") -> ImpactIndicator:
    """Add an impact indicator to ``project``.

    A kind appears once per project, except "other indicator" (custom), which needs a label and may appear
    several times with different labels (compared without regard to case). The project row is locked so two
    simultaneous requests cannot both pass the duplicate check.
    """
    label, unit = label.strip(), unit.strip()
    if kind not in ImpactIndicator.Kind.values:
        raise ValidationError({"kind": _("Choose an indicator from the list.")})
    if kind == ImpactIndicator.Kind.CUSTOM and not label:
        raise ValidationError({"label": _("Give a label to this indicator.")})
    with transaction.atomic():
        _lock(project)
        existing = ImpactIndicator.objects.filter(project=project, kind=kind)
        if kind == ImpactIndicator.Kind.CUSTOM:
            if existing.filter(label__iexact=label).exists():
                raise ValidationError({"label": _("This project already has an indicator with this label.")})
        elif existing.exists():
            raise ValidationError({"kind": _("This project already follows this indicator.")})
        return ImpactIndicator.objects.create(project=project, kind=kind, label=label, unit=unit)


def record_indicator_value(
    user, indicator: ImpactIndicator, date: datetime.date, value: Decimal, note: str = ""
) -> tuple[IndicatorValue, bool]:
    """``user``, an editor of the project, sets a value (see :func:`do_record_indicator_value`)."""
    _require_editor(user, indicator.project)
    return do_record_indicator_value(indicator, date, value, note)


def do_record_indicator_value(
    indicator: ImpactIndicator, date: datetime.date, value: Decimal, note: str = ""
) -> tuple[IndicatorValue, bool]:
    """Set the value of ``indicator`` at ``date``; returns ``(value, created)``.

    One value per date: a second value for a date already measured replaces the first (``created`` is then
    False, so the caller can say so).
    """
    with transaction.atomic():
        _lock(indicator.project)
        return IndicatorValue.objects.update_or_create(
            indicator=indicator, date=date, defaults={"value": value, "note": note.strip()}
        )


def delete_indicator_value(user, value: IndicatorValue) -> None:
    """``user``, an editor of the project, removes one measured value of an indicator."""
    _require_editor(user, value.indicator.project)
    do_delete_indicator_value(value)


def do_delete_indicator_value(value: IndicatorValue) -> None:
    with transaction.atomic():
        value.delete()


__all__ = [
    "define_indicator",
    "delete_indicator_value",
    "do_define_indicator",
    "do_delete_indicator_value",
    "do_record_assessment",
    "do_record_indicator_value",
    "record_assessment",
    "record_indicator_value",
]
