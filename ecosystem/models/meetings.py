"""1:1 partner meetings between two confirmed registrants of an event (what b2match does).

One person requests, the other accepts or declines; an accepted meeting gets a time slot within the event's
hours and a table (``ecosystem.actions.meetings`` schedules it under the event's lock, so nobody and no
table is booked twice; the constraint below is the database's last word on tables).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    event = models.ForeignKey("ecosystem.Event", on_delete=models.CASCADE, related_name="meetings")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings_requested"
    )
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings_invited"
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    # Online events: the meeting's own video room, given when it is accepted and shown to its two people only.
    video_url = models.URLField(_("video link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("partner meeting")
        verbose_name_plural = _("partner meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "starts_at", "table"],
                condition=models.Q(status="accepted"),
                name="meeting_table_once_per_slot",
            ),
        ]

    def __str__(self):
        return f"{self.requester} ↔ {self.invitee} ({self.get_status_display()})"
