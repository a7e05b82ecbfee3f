"""Dynamic evaluation: the social-innovation markers grid, periodic self-assessments, impact indicators."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .projects import Phase, Project


class Marker(models.Model):
    """One marker of the grid (eleven, in three dimensions, seeded from DESIGN.md; editable by staff)."""

    class Dimension(models.TextChoices):
        PROCESS = "process", _("process")
        RESULT = "result", _("result")
        DIFFUSION = "diffusion", _("diffusion")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160)
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    description = models.TextField(_("guiding question"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("marker")
        verbose_name_plural = _("markers")

    def __str__(self):
        return self.name


class AssessmentQuerySet(models.QuerySet):
    def newest_first(self):
        """By the assessment's own date, newest first (same date: the one recorded last first).

        Every list of assessments and every "latest assessment" goes through here. ``Meta.ordering`` alone is
        not enough: Django drops it from any query with a GROUP BY (an annotated average, for one), which
        then comes back in table order.
        """
        return self.order_by(*NEWEST_FIRST)


NEWEST_FIRST = ("-date", "-created_at", "-pk")


class MarkerAssessment(models.Model):
    """A project's self-assessment against the markers at a date and phase."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assessments")
    date = models.DateField(_("date"))
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    summary = models.TextField(_("conclusions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = _("marker assessment")
        verbose_name_plural = _("marker assessments")

    def __str__(self):
        return f"{self.project} — {self.date:%d/%m/%Y}"


SCORE_MAX = 4


class MarkerScore(models.Model):
    """0 (absent) to 4 (fully part of the project), with the evidence behind it."""

    assessment = models.ForeignKey(MarkerAssessment, on_delete=models.CASCADE, related_name="scores")
    marker = models.ForeignKey(Marker, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MaxValueValidator(SCORE_MAX)])
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "marker"], name="one_score_per_marker")]
        ordering = ["marker__order"]

    def __str__(self):
        return f"{self.marker}: {self.score}/{SCORE_MAX}"


class ImpactIndicator(models.Model):
    class Kind(models.TextChoices):
        JOBS = "jobs", _("jobs created")
        BENEFICIARIES = "beneficiaries", _("beneficiaries reached")
        PARTNERS = "partners", _("partners")
        TERRITORIES = "territories", _("territories reached")
        CUSTOM = "custom", _("other indicator")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(_("indicator"), max_length=14, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=120, blank=True, help_text=_("For another indicator."))
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        ordering = ["kind", "label"]
        verbose_name = _("impact indicator")
        verbose_name_plural = _("impact indicators")

    def __str__(self):
        return self.label or self.get_kind_display()


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(ImpactIndicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["indicator", "date"], name="one_value_per_date")]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date:%d/%m/%Y})"
