"""Moderation: reports people make about content, and the decisions staff take, each logged with who and when.

A ``Report`` points at its content generically (a structure, a project, and whatever other apps register with
:func:`ecosystem.actions.moderation.register_reportable`, such as room messages), since the domain may not
name the models of the apps above it. The reporter is never shown to the content's author.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    HIDE = "hide", _("hide the content")
    RESTORE = "restore", _("restore the content")
    WARN = "warn", _("warn the author")
    SUSPEND = "suspend", _("suspend the author's account")
    DISMISS = "dismiss", _("dismiss the report")


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("spam or advertising")
        ABUSE = "abuse", _("insulting, harassing or hateful")
        ILLEGAL = "illegal", _("illegal content")
        FALSE = "false", _("false or misleading information")
        OTHER = "other", _("something else")

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        CLOSED = "closed", _("decided")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    # What staff decide, through the admin form; the action logs it as a ModerationDecision.
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("reason given"), blank=True)

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["reporter", "created_at"]),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.content}"


class ModerationDecision(models.Model):
    """The log: one row per decision, never edited."""

    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="moderation_decisions"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    note = models.TextField(_("reason given"), blank=True)
    # What hiding removed, when the content keeps no copy itself (a room message's text): restoring reads it.
    snapshot = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self):
        return f"{self.get_decision_display()} ({self.decided_at:%Y-%m-%d})"
