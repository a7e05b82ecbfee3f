"""Events of the agenda (rencontre, atelier, webinaire, forum) and the registrations to them.

An event is hosted by a structure; its admins draft and publish it (``ecosystem.access``). A space may
organise it too: the link lives in ``spaces`` (``SpaceEvent``), the domain knowing nothing of spaces. Times
are aware datetimes, stored in UTC by Django and shown in the site's time zone (Europe/Paris). The online
link is for confirmed registrants and organisers only. Registrations are written only by
:mod:`ecosystem.actions.events`, which locks the event row so the capacity holds under concurrent requests.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    class Kind(models.TextChoices):
        MEETUP = "meetup", _("meetup")
        WORKSHOP = "workshop", _("workshop")
        WEBINAR = "webinar", _("webinar")
        FORUM = "forum", _("forum")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    host = models.ForeignKey(
        "ecosystem.Actor", verbose_name=_("host"), on_delete=models.CASCADE, related_name="events"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MEETUP)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Set and cleared by moderation decisions only (ecosystem.actions.moderation): its owners cannot lift it.
    hidden_by_moderators = models.BooleanField(_("hidden by the moderators"), default=False, editable=False)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField(
        "ecosystem.Theme", verbose_name=_("themes"), blank=True, related_name="events"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "ecosystem.Territory",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        limit_choices_to={"level": "commune"},
    )
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("number of places"))
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    accessibility = models.TextField(_("accessibility information"), blank=True)
    # 1:1 partner meetings between registrants (ecosystem.models.meetings), during the event's hours.
    meetings_enabled = models.BooleanField(_("partner meetings"), default=False)
    meeting_minutes = models.PositiveSmallIntegerField(_("length of a meeting (minutes)"), default=20)
    meeting_tables = models.PositiveSmallIntegerField(_("number of meeting tables"), default=10)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ecosystem:event_detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and self.commune_id is None and not self.address

    def registration_deadline(self):
        """Registrations close at the closing date when one is set, at the start of the event otherwise."""
        return self.registration_closes_at or self.starts_at

    def registration_open(self, now=None) -> bool:
        return self.is_published and (now or timezone.now()) < self.registration_deadline()


class Registration(models.Model):
    """One person's place (or place in the queue) at an event; one row per person and event.

    A cancelled registration keeps its row; registering again puts it back at the end of the queue
    (``queued_at``), so the waiting list is served first come, first served.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    queued_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # When the day-before reminder left (``manage.py send_event_reminders``): each person gets one.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="registration_unique")]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self):
        return f"{self.user} → {self.event} ({self.get_status_display()})"


class EventMessage(models.Model):
    """One message the organisers sent to an event's registrants: the record of who wrote what to whom (never
    changed), what the registrants read again on the event page, and the count the anti-abuse limit reads."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"))
    include_waiting = models.BooleanField(_("also to the waiting list"), default=False)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to the registrants")
        verbose_name_plural = _("messages to the registrants")

    def __str__(self):
        return f"{self.event} ({self.created_at:%Y-%m-%d %H:%M})"
