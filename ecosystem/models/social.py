"""Following and the activity feed: what a person follows, and the facts actions write for « Mon fil ».

A ``Follow`` targets exactly one structure, project, theme or territory; following is private (only its owner
and staff ever read it). An ``Activity`` is one fact written by the action that caused it, on commit
(:func:`ecosystem.actions.activity.record_activity`), never reconstructed at read time. It names its objects
(the project, the structure) so that who may see it is re-checked through ``ecosystem.access`` when it is read
(:mod:`ecosystem.feed`): a project turned back to draft leaves every feed at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

FOLLOW_TARGETS = ("actor", "project", "theme", "territory")


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    actor = models.ForeignKey(
        "ecosystem.Actor", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey(
        "ecosystem.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    theme = models.ForeignKey(
        "ecosystem.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    territory = models.ForeignKey(
        "ecosystem.Territory", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            # Exactly one target per row.
            models.CheckConstraint(
                condition=(
                    Q(actor__isnull=False, project=None, theme=None, territory=None)
                    | Q(actor=None, project__isnull=False, theme=None, territory=None)
                    | Q(actor=None, project=None, theme__isnull=False, territory=None)
                    | Q(actor=None, project=None, theme=None, territory__isnull=False)
                ),
                name="follow_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"follow_{target}",
                )
                for target in FOLLOW_TARGETS
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.target}"

    @property
    def target(self):
        return next(getattr(self, name) for name in FOLLOW_TARGETS if getattr(self, f"{name}_id"))


class Activity(models.Model):
    """One fact of the ecosystem. Visibility rule: shown to a reader who may see its ``project`` (when set)
    and its ``actor`` (when set) — see :func:`ecosystem.feed.visible_activities`."""

    class Kind(models.TextChoices):
        PROJECT_PUBLISHED = "project_published", _("projects published")
        PARTNERSHIP_FORMED = "partnership_formed", _("partnerships formed")
        SLOT_OPENED = "slot_opened", _("partners sought")
        PHASE_CHANGED = "phase_changed", _("phase changes")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    project = models.ForeignKey(
        "ecosystem.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    actor = models.ForeignKey(
        "ecosystem.Actor", null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    # Details of the fact at the time (the slot's title, the new phase), shown as written then.
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.project or self.actor}"
