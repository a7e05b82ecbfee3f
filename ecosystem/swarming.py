"""Swarming readiness: is a project ready to be replicated elsewhere, and if not, what is missing.

The call's four criteria (DESIGN.md, « Swarming readiness »), one function each, decided on structured data
only — where the data is text, a filled field counts together with a structured fact (a territory served, a
marker score). Thresholds come from :class:`ecosystem.models.SwarmingSettings`, which staff adjust in the
Wagtail admin. Each criterion says why it is met, or why not and what to do.

Facts are read for many projects at once in a fixed number of queries (:func:`facts_for`), so the showcase
lists ready projects without a query per project.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecosystem.models import ImpactIndicator, IndicatorValue, Marker, MarkerScore, Project, SwarmingSettings
from ecosystem.models.evaluation import NEWEST_FIRST, SCORE_MAX
from ecosystem.models.swarming import (
    DEFAULT_MIN_INDICATORS,
    DEFAULT_MIN_JOBS,
    DEFAULT_MIN_YEARS,
    DEFAULT_USERS_MARKER,
    DEFAULT_USERS_MIN_SCORE,
)


@dataclass(frozen=True)
class Thresholds:
    min_years: int = DEFAULT_MIN_YEARS
    min_jobs: int = DEFAULT_MIN_JOBS
    min_indicators: int = DEFAULT_MIN_INDICATORS
    users_marker: str = DEFAULT_USERS_MARKER
    users_min_score: int = DEFAULT_USERS_MIN_SCORE
    users_marker_name: str = ""


def current_thresholds() -> Thresholds:
    """The thresholds staff set (two queries: the setting and the marker's name)."""
    setting = SwarmingSettings.load()
    name = Marker.objects.filter(code=setting.users_marker).values_list("name", flat=True).first()
    return Thresholds(
        min_years=setting.min_years,
        min_jobs=setting.min_jobs,
        min_indicators=setting.min_indicators,
        users_marker=setting.users_marker,
        users_min_score=setting.users_min_score,
        users_marker_name=name or setting.users_marker,
    )


@dataclass
class Facts:
    """What the rules read beyond the project's own columns."""

    territories: int = 0
    jobs_indicator: int | None = None  # latest value of the jobs indicator
    measured_indicators: int = 0  # indicators whose latest value is above zero
    users_score: int | None = None  # the users' marker in the latest assessment scoring it


def facts_for(projects: Iterable[Project], thresholds: Thresholds) -> dict[int, Facts]:
    """The facts of each project, in three queries whatever their number."""
    projects = list(projects)
    facts = {project.pk: Facts() for project in projects}
    if not projects:
        return facts
    through = Project.territories_served.through
    for project_id, count in (
        through.objects.filter(project__in=projects)
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    ):
        facts[project_id].territories = count
    latest = {}  # indicator → (project, kind, value): values come by date, the last one wins
    for indicator_id, project_id, kind, value in (
        IndicatorValue.objects.filter(indicator__project__in=projects)
        .order_by("indicator", "date")
        .values_list("indicator", "indicator__project", "indicator__kind", "value")
    ):
        latest[indicator_id] = (project_id, kind, value)
    for project_id, kind, value in latest.values():
        if value > 0:
            facts[project_id].measured_indicators += 1
        if kind == ImpactIndicator.Kind.JOBS:
            jobs = int(value)
            current = facts[project_id].jobs_indicator
            facts[project_id].jobs_indicator = jobs if current is None else max(current, jobs)
    scores = MarkerScore.objects.filter(
        assessment__project__in=projects, marker__code=thresholds.users_marker
    ).order_by("assessment__project", *(f"-assessment__{key.lstrip('-')}" for key in NEWEST_FIRST))
    for project_id, score in scores.values_list("assessment__project", "score"):
        if facts[project_id].users_score is None:  # the newest assessment comes first
            facts[project_id].users_score = score
    return facts


@dataclass
class Criterion:
    code: str
    label: str
    met: bool
    why: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)


@dataclass
class Readiness:
    criteria: list[Criterion]

    @property
    def is_ready(self) -> bool:
        return all(criterion.met for criterion in self.criteria)

    @property
    def missing(self) -> list[Criterion]:
        return [criterion for criterion in self.criteria if not criterion.met]


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The first day ``years`` after ``day`` (29 February → 1 March when the year has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def maturity(project: Project, facts: Facts, thresholds: Thresholds, today: datetime.date) -> Criterion:
    """At least ``min_years`` since the start date, with a stabilised economic model."""
    criterion = Criterion("maturity", _("Mature, with a stabilised economic model"), met=False)
    years = thresholds.min_years
    if project.start_date is None:
        criterion.why.append(_("The project's start date is not given."))
        criterion.todo.append(_("Give the project's start date in its form."))
    elif project.start_date > years_before(today, years):
        eligible = years_after(project.start_date, years)
        criterion.why.append(
            ngettext(
                "Started on %(date)s: less than %(years)d year ago.",
                "Started on %(date)s: less than %(years)d years ago.",
                years,
            )
            % {"date": _date(project.start_date), "years": years}
        )
        criterion.todo.append(_("It will be old enough on %(date)s.") % {"date": _date(eligible)})
    stabilised = project.economic_model_stage == Project.EconomicModelStage.STABILISED
    if not stabilised:
        criterion.why.append(
            _("The economic model is “%(stage)s”, not stabilised.")
            % {"stage": project.get_economic_model_stage_display()}
        )
        criterion.todo.append(_("Once the economic model is stabilised, say so in the project's form."))
    if not criterion.why:
        criterion.met = True
        criterion.why.append(
            _("Started on %(date)s, with a stabilised economic model.") % {"date": _date(project.start_date)}
        )
    return criterion


def positive_effects(
    project: Project, facts: Facts, thresholds: Thresholds, today: datetime.date
) -> Criterion:
    """Jobs created (the form's figure or the jobs indicator, whichever is larger) and measured indicators."""
    criterion = Criterion("effects", _("Positive effects, jobs included"), met=False)
    jobs = max(project.jobs_created, facts.jobs_indicator or 0)
    if jobs < thresholds.min_jobs:
        criterion.why.append(
            ngettext(
                "%(jobs)d job created, at least %(min)d needed.",
                "%(jobs)d jobs created, at least %(min)d needed.",
                jobs,
            )
            % {"jobs": jobs, "min": thresholds.min_jobs}
        )
        criterion.todo.append(_("Record the jobs created in the project's form or as a jobs indicator."))
    if facts.measured_indicators < thresholds.min_indicators:
        criterion.why.append(
            ngettext(
                "%(count)d impact indicator measured above zero, at least %(min)d needed.",
                "%(count)d impact indicators measured above zero, at least %(min)d needed.",
                facts.measured_indicators,
            )
            % {"count": facts.measured_indicators, "min": thresholds.min_indicators}
        )
        criterion.todo.append(
            _("Measure the project's effects with impact indicators in its dynamic evaluation.")
        )
    if not criterion.why:
        criterion.met = True
        criterion.why.append(
            _("Jobs created: %(jobs)d; impact indicators measured: %(count)d.")
            % {"jobs": jobs, "count": facts.measured_indicators}
        )
    return criterion


def territorial_need(
    project: Project, facts: Facts, thresholds: Thresholds, today: datetime.date
) -> Criterion:
    """A new answer to a need identified on the territory: the need described, the territories served given,
    the kind of innovation chosen."""
    criterion = Criterion("need", _("A new answer to a need identified on the territory"), met=False)
    if not project.need.strip():
        criterion.why.append(_("The need answered is not described."))
        criterion.todo.append(_("Describe the need the project answers in its form."))
    if not facts.territories:
        criterion.why.append(_("No territory served is given."))
        criterion.todo.append(_("Name the territories the project serves in its form."))
    if not project.innovation_type:
        criterion.why.append(_("The innovation type is not chosen."))
        criterion.todo.append(_("Choose the innovation type in the project's form."))
    if not criterion.why:
        criterion.met = True
        criterion.why.append(
            ngettext(
                "A described need on %(count)d territory served: %(type)s.",
                "A described need on %(count)d territories served: %(type)s.",
                facts.territories,
            )
            % {"count": facts.territories, "type": project.get_innovation_type_display()}
        )
    return criterion


def users_involved(project: Project, facts: Facts, thresholds: Thresholds, today: datetime.date) -> Criterion:
    """Users took part in designing the answer: it is described, and the users' place marker scores high."""
    criterion = Criterion("users", _("Users involved in designing the answer"), met=False)
    marker = {"marker": thresholds.users_marker_name or thresholds.users_marker}
    if not project.user_involvement.strip():
        criterion.why.append(_("How users took part is not described."))
        criterion.todo.append(
            _("Describe in the project's form how users took part in designing the answer.")
        )
    if facts.users_score is None:
        criterion.why.append(_("No self-assessment scores the marker “%(marker)s” yet.") % marker)
        criterion.todo.append(_("Score it in a self-assessment of the project's dynamic evaluation."))
    elif facts.users_score < thresholds.users_min_score:
        criterion.why.append(
            _(
                "The marker “%(marker)s” scores %(score)d/%(max)d in the latest self-assessment, below %(min)d."
            )
            % {**marker, "score": facts.users_score, "max": SCORE_MAX, "min": thresholds.users_min_score}
        )
        criterion.todo.append(_("Involve users further and record it in the next self-assessment."))
    if not criterion.why:
        criterion.met = True
        criterion.why.append(
            _("Described, and the marker “%(marker)s” scores %(score)d/%(max)d.")
            % {**marker, "score": facts.users_score, "max": SCORE_MAX}
        )
    return criterion


CRITERIA: tuple[Callable[[Project, Facts, Thresholds, datetime.date], Criterion], ...] = (
    maturity,
    positive_effects,
    territorial_need,
    users_involved,
)


def readiness_of(
    projects: Iterable[Project], *, thresholds: Thresholds | None = None, today: datetime.date | None = None
) -> dict[int, Readiness]:
    """Each project's readiness, in a fixed number of queries."""
    projects = list(projects)
    thresholds = thresholds or current_thresholds()
    today = today or timezone.localdate()
    facts = facts_for(projects, thresholds)
    return {
        project.pk: Readiness([rule(project, facts[project.pk], thresholds, today) for rule in CRITERIA])
        for project in projects
    }


def readiness(project: Project, **kwargs) -> Readiness:
    return readiness_of([project], **kwargs)[project.pk]


def candidates_q(thresholds: Thresholds, today: datetime.date | None = None) -> Q:
    """Projects that may be ready, as a database filter (the rules on columns alone): the showcase narrows
    with it before computing readiness on the few left."""
    today = today or timezone.localdate()
    return (
        Q(start_date__lte=years_before(today, thresholds.min_years))
        & Q(economic_model_stage=Project.EconomicModelStage.STABILISED)
        & ~Q(need="")
        & ~Q(user_involvement="")
        & ~Q(innovation_type="")
    )
