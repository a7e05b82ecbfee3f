"""The thresholds of swarming readiness, editable by staff in the Wagtail admin (Settings › Swarming readiness).

Written only through Wagtail's settings form: nothing is indexed or notified from these numbers, they are read
each time readiness is computed (:func:`ecosystem.swarming.current_thresholds`).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .evaluation import SCORE_MAX

# The call's figures: three years of existence, one job at least, users « fully involved » (3 of 4 on the grid).
DEFAULT_MIN_YEARS = 3
DEFAULT_MIN_JOBS = 1
DEFAULT_MIN_INDICATORS = 1
DEFAULT_USERS_MARKER = "place-des-beneficiaires"
DEFAULT_USERS_MIN_SCORE = 3


@register_setting(icon="resubmit")
class SwarmingSettings(BaseGenericSetting):
    """What a project's data must show for each readiness criterion."""

    min_years = models.PositiveSmallIntegerField(
        _("minimum age (years)"),
        default=DEFAULT_MIN_YEARS,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
        help_text=_("Years since the project's start date; its economic model must also be stabilised."),
    )
    min_jobs = models.PositiveSmallIntegerField(
        _("minimum jobs created"),
        default=DEFAULT_MIN_JOBS,
        help_text=_("The larger of the project's jobs created and the latest value of its jobs indicator."),
    )
    min_indicators = models.PositiveSmallIntegerField(
        _("minimum measured indicators"),
        default=DEFAULT_MIN_INDICATORS,
        help_text=_("Impact indicators whose latest value is above zero."),
    )
    users_marker = models.SlugField(
        _("users' place marker"),
        max_length=60,
        default=DEFAULT_USERS_MARKER,
        help_text=_("Code of the marker that measures how users took part."),
    )
    users_min_score = models.PositiveSmallIntegerField(
        _("minimum users' place score"),
        default=DEFAULT_USERS_MIN_SCORE,
        validators=[MaxValueValidator(SCORE_MAX)],
        help_text=_("The marker's score in the project's latest assessment that scores it (0 to 4)."),
    )

    class Meta:
        verbose_name = _("swarming readiness")
        verbose_name_plural = _("swarming readiness")

    def __str__(self):
        return str(_("Swarming readiness thresholds"))
