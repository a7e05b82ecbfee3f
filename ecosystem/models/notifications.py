"""Notifications: the one mechanism every feature uses to tell a person something (DESIGN.md).

Stored here, created only by :func:`ecosystem.actions.notifications.notify`, which also pushes them live to the
person's own channel-layer group on commit. A notification may also be due by email: ``email_topic`` names
what it is about (``"project:12"``) so that the sender (:mod:`ecosystem.actions.notification_emails`) groups
a person's notifications per topic and mails each topic at most once an hour; ``emailed_at`` records when.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # What happened, as a stable machine name ("mention", "direct_message", "space_member" …).
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Empty: shown in the bell only. Otherwise mailed too, grouped with the person's other notifications
    # about the same topic.
    email_topic = models.CharField(_("email topic"), max_length=60, blank=True, default="")
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at", "created_at"]),
            models.Index(fields=["user", "email_topic", "emailed_at"]),
        ]

    def __str__(self):
        return f"{self.user}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
