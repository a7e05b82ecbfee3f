"""Messages and read markers.

A message keeps the text as typed (``text``); it is escaped and linkified when rendered
(:func:`spaces.text.render_message`), never stored as HTML. ``seq`` is its place in the room, ``version`` the
room event that last changed it (creation, edit or deletion): resuming after N means "every message whose
version is above N". A deleted message stays as a tombstone (empty text, ``deleted_at`` set) so that clients
holding it learn of the deletion.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def attachment_path(instance, filename):
    # The name is chosen here, never by the uploader; the extension follows the re-encoded format.
    return f"spaces/attachments/{secrets.token_hex(12)}.{filename.rsplit('.', 1)[-1].lower()}"


class Message(models.Model):
    room = models.ForeignKey("spaces.Room", on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField(editable=False)
    version = models.PositiveBigIntegerField(editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    text = models.TextField(_("message"), blank=True)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    client_id = models.CharField(max_length=64, blank=True, editable=False)
    attachment = models.ImageField(_("image"), upload_to=attachment_path, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        ordering = ["room", "seq"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="message_seq_unique"),
            # A client retrying a send with the same id gets the message it already created.
            models.UniqueConstraint(
                fields=["room", "author", "client_id"],
                condition=~Q(client_id=""),
                name="message_client_id_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["room", "version"]),
            # The per-user rate limit counts a person's recent messages.
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self):
        return f"{self.room} #{self.seq}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ReadMarker(models.Model):
    """How far a person has read a room: messages with a higher ``seq`` are unread (but not their own)."""

    room = models.ForeignKey("spaces.Room", on_delete=models.CASCADE, related_name="read_markers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="read_markers")
    last_read_seq = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["room", "user"], name="read_marker_unique")]
        verbose_name = _("read marker")
        verbose_name_plural = _("read markers")

    def __str__(self):
        return f"{self.user} — {self.room} @ {self.last_read_seq}"
