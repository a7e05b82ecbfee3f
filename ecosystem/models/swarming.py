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


class Replication(models.Model):
    """A project swarmed to another territory: asked by a structure there, confirmed by the origin's lead.

    Pending while the origin's team has not answered; once confirmed it records the replicating project (an
    existing one of the structure, or a draft created for it) — the lineage both project pages show. Declined
    (with the lead's reason), it is only the answer to the request.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting the lead's answer")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined by the lead")

    origin = models.ForeignKey(
        "ecosystem.Project",
        verbose_name=_("origin project"),
        on_delete=models.CASCADE,
        related_name="replications",
    )
    actor = models.ForeignKey(
        "ecosystem.Actor", verbose_name=_("replicating structure"), on_delete=models.CASCADE, related_name="+"
    )
    territory = models.ForeignKey(
        "ecosystem.Territory", verbose_name=_("where"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why"))
    project = models.ForeignKey(
        "ecosystem.Project",
        verbose_name=_("replicating project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replicated_from",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey("ecosystem.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # A declined request stays as the answer given (the requester was told why); it is no replication.
    decline_reason = models.TextField(_("why it was declined"), blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["origin", "actor", "territory"], name="one_replication_per_place")
        ]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")

    def __str__(self):
        return f"{self.origin} → {self.territory}"
