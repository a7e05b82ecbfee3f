"""What email a person wants: per notification kind (at once, in the digest, never), the digest's rhythm and
language, and a record of each digest sent (what it contained), written in the same transaction as the
``last_digest_at`` marker so that a digest run that stops half-way resumes without mailing anyone twice.

Rows exist only once a person changed something or got a digest; without them the defaults apply
(:mod:`ecosystem.email_preferences`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("by email at once")
    DIGEST = "digest", _("in the digest")
    NEVER = "never", _("never by email")


class EmailSettings(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")
        NEVER = "never", _("never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_settings"
    )
    digest = models.CharField(_("digest"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    language = models.CharField(
        _("language of the emails"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("email settings")
        verbose_name_plural = _("email settings")

    def __str__(self):
        return str(self.user)


class EmailPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(_("delivery"), max_length=12, choices=Delivery.choices)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="email_preference_unique")]

    def __str__(self):
        return f"{self.user}: {self.kind} → {self.delivery}"


class DigestSent(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent")
    sent_at = models.DateTimeField(_("sent"))
    notifications = models.JSONField(default=list)  # ids of the notifications it listed
    activities = models.JSONField(default=list)  # ids of the activities it listed

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")

    def __str__(self):
        return f"{self.user} {self.sent_at:%Y-%m-%d %H:%M}"
