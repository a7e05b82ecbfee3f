"""Consent to a partnership (« invitation / manifestation d'intérêt », DESIGN.md).

A partnership is agreed by both sides. A project's editors **invite** a structure; a structure's admins
**express interest** in a project's open slot. Either way a :class:`PartnerInvitation` waits, ``pending``,
until the other side accepts (only then is an active :class:`~ecosystem.models.Partnership` created) or
declines, or until it expires (``PARTNER_INVITATION_DAYS``). A structure may also refuse every future
invitation from one project (:class:`InvitationOptOut`). Rows are never deleted: a declined or expired
proposal is what keeps a structure from being suggested again for that slot.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PartnerInvitation(models.Model):
    class Direction(models.TextChoices):
        # Who proposed: the project's editors (the structure answers) or the structure's admins (the
        # project's editors answer).
        INVITATION = "invitation", _("invitation from the project")
        INTEREST = "interest", _("expression of interest from the structure")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")
        WITHDRAWN = "withdrawn", _("withdrawn")

    project = models.ForeignKey(
        "ecosystem.Project", on_delete=models.CASCADE, related_name="partner_invitations"
    )
    actor = models.ForeignKey("ecosystem.Actor", on_delete=models.CASCADE, related_name="partner_invitations")
    slot = models.ForeignKey(
        "ecosystem.PartnerSlot",
        verbose_name=_("partner slot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    # The partnership as proposed; the call asks every partner's nature and role to be described.
    nature = models.CharField(_("nature of the partnership"), max_length=200, blank=True)
    role = models.TextField(_("role in the project"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")
        constraints = [
            # One open proposal between a project and a structure at a time, whichever side made it.
            models.UniqueConstraint(
                fields=["project", "actor"],
                condition=models.Q(status="pending"),
                name="one_pending_partner_invitation",
            )
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["actor", "status"]),
        ]

    def __str__(self):
        return f"{self.project} ↔ {self.actor} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        """Pending and not yet past its expiry (the sweep may not have marked it ``expired`` yet)."""
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class InvitationOptOut(models.Model):
    """A structure declined every invitation from a project: it is neither invited nor suggested again."""

    project = models.ForeignKey("ecosystem.Project", on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey("ecosystem.Actor", on_delete=models.CASCADE, related_name="invitation_opt_outs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "actor"], name="invitation_opt_out_unique")]
        verbose_name = _("refusal of a project's invitations")
        verbose_name_plural = _("refusals of a project's invitations")

    def __str__(self):
        return f"{self.actor} ✕ {self.project}"
