"""Rooms: a hosted space's public and private rooms, one room per project, direct conversations with actors.

``last_seq`` is the room's event counter: every message creation, edit or deletion takes the next value under
a row lock (:mod:`spaces.actions.messages`), so "everything after N" is well defined and nothing is lost or
repeated when a client resumes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Room(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("public room")
        PRIVATE = "private", _("private room")
        PROJECT = "project", _("project room")
        DIRECT = "direct", _("direct conversation")

    HOSTED_KINDS = (Kind.PUBLIC, Kind.PRIVATE)

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="rooms"
    )
    project = models.OneToOneField(
        "ecosystem.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="room"
    )
    contact_actor = models.ForeignKey(
        "ecosystem.Actor", null=True, blank=True, on_delete=models.CASCADE, related_name="conversations"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            # Each kind has exactly the link that decides its access (spaces.access reads it).
            models.CheckConstraint(
                name="room_kind_links",
                condition=(
                    Q(kind__in=["public", "private"], space__isnull=False, project__isnull=True)
                    | Q(kind="project", project__isnull=False, space__isnull=True)
                    | Q(kind="direct", contact_actor__isnull=False, space__isnull=True, project__isnull=True)
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_hosted(self) -> bool:
        return self.kind in self.HOSTED_KINDS


class RoomMember(models.Model):
    """Someone let into one room: a member, or a guest who sees that room and nothing else."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        GUEST = "guest", _("guest")

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="room_member_unique")]
        verbose_name = _("room member")
        verbose_name_plural = _("room members")

    def __str__(self):
        return f"{self.user} — {self.room} ({self.get_role_display()})"
