"""Partner invitations: every partnership is agreed by both sides (issue #12, DESIGN.md « invitation »).

Who (``ecosystem.access``): a project's editors **invite** a structure; a structure's admins **express
interest** in an open slot of a published project. Only the other side answers — accepts or declines
(``access.can_answer_invitation``); the proposing side may withdraw (``access.can_withdraw_invitation``). A
structure's admins may refuse every invitation from a project (:class:`InvitationOptOut`). Each user-checked
function raises ``PermissionDenied``; its ``do_*`` half validates (``ValidationError``, French message),
writes in a transaction and trusts its caller.

Only acceptance creates the active :class:`Partnership` (through
:func:`ecosystem.actions.partnerships.do_add_partner`, or by reactivating a partnership that had ended), fills
the slot (closes it) and lets the structure's members into the project's drafts and room. The project row is
locked first, then the invitation row, in every write, so a double acceptance yields one partnership and two
editors inviting at once one invitation.

Both sides are told through :func:`~ecosystem.actions.notifications.notify` (bell, and email batched per
project). A pending proposal past ``expires_at`` can never be accepted; :func:`do_expire_invitations` (``manage.py
expire_partner_invitations``) records it as expired.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from ecosystem import access, limits
from ecosystem.actions.notifications import notify
from ecosystem.actions.partnerships import do_add_partner, do_update_partnership
from ecosystem.actions.projects import do_set_slot_open
from ecosystem.models import (
    Actor,
    InvitationOptOut,
    Membership,
    PartnerInvitation,
    Partnership,
    PartnerSlot,
    Project,
    User,
)

Direction = PartnerInvitation.Direction
Status = PartnerInvitation.Status


# --- checks shared by both directions ----------------------------------------------------------------------


def _lock_project(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("lead_actor").get(pk=project.pk)


def _lock_invitation(invitation: PartnerInvitation) -> PartnerInvitation:
    # The project first, as every consortium write does, then the invitation: one order, no deadlock.
    _lock_project(invitation.project)
    return (
        PartnerInvitation.objects.select_for_update(of=("self",))
        .select_related("project__lead_actor", "actor", "slot")
        .get(pk=invitation.pk)
    )


def _check_slot(project: Project, slot: PartnerSlot | None) -> None:
    if slot is None:
        return
    if slot.project_id != project.pk:
        raise ValidationError(_("This partner slot belongs to another project."), code="other_project")
    if not PartnerSlot.objects.filter(pk=slot.pk, is_open=True).exists():
        raise ValidationError(_("This partner slot is closed."), code="slot_closed")


def _check_may_propose(project: Project, actor: Actor, slot: PartnerSlot | None) -> None:
    """What both an invitation and an expression of interest require (``project`` is locked)."""
    if actor.pk == project.lead_actor_id:
        raise ValidationError(
            _("%(name)s leads the project; it cannot also be its partner.") % {"name": actor.name},
            code="lead",
        )
    if not actor.is_public or not actor.open_to_partnerships:
        raise ValidationError(
            _("%(name)s is not open to partnerships.") % {"name": actor.name}, code="not_open"
        )
    if Partnership.objects.filter(project=project, actor=actor, status=Partnership.Status.ACTIVE).exists():
        raise ValidationError(
            _("%(name)s is already a partner of the project.") % {"name": actor.name}, code="already_partner"
        )
    if PartnerInvitation.objects.filter(project=project, actor=actor, status=Status.PENDING).exists():
        raise ValidationError(
            _("A proposal between %(name)s and this project is already waiting for an answer.")
            % {"name": actor.name},
            code="pending",
        )
    _check_slot(project, slot)


def _expiry() -> datetime:
    return timezone.now() + timedelta(days=settings.PARTNER_INVITATION_DAYS)


# --- who is told -------------------------------------------------------------------------------------------


def _actor_admins(actor: Actor):
    return User.objects.filter(
        memberships__actor=actor, memberships__role=Membership.Role.ADMIN, is_active=True
    ).distinct()


def _project_team(project: Project):
    # The project's editors by membership (staff edit too, but are not its team and are not told).
    return User.objects.filter(memberships__actor_id=project.lead_actor_id, is_active=True).distinct()


PROPOSER, ANSWERER = "proposer", "answerer"


def _side(invitation: PartnerInvitation, side: str):
    invited = invitation.direction == Direction.INVITATION
    if (side == PROPOSER) == invited:
        return _project_team(invitation.project)
    return _actor_admins(invitation.actor)


def _announce(invitation, side: str, kind: str, sentence, *, url=None, email=True, exclude=None) -> None:
    """Tell every person of one ``side`` through ``notify`` (by email too unless ``email=False``, grouped per
    project), in the site's language. ``sentence`` is lazily translated and may name the actor, the project
    and the slot. By default the answering side is sent to its proposals page, the proposing side where it
    proposed."""
    if url is None:
        url = reverse("ecosystem:invitation_list")
        if side == PROPOSER and invitation.direction == Direction.INVITATION:
            url = reverse("ecosystem:partnership_list", args=[invitation.project.slug])
    payload = {"invitation": invitation.pk, "project": invitation.project_id, "actor": invitation.actor_id}
    topic = f"project:{invitation.project_id}" if email else ""
    with override(settings.LANGUAGE_CODE):
        title = str(sentence) % {
            "actor": invitation.actor.name,
            "project": invitation.project.title,
            "slot": invitation.slot.title if invitation.slot_id else "",
        }
    for person in _side(invitation, side):
        if exclude is None or person.pk != exclude.pk:  # the person who acted knows
            notify(person, kind, title, url, payload, email_topic=topic)


# --- proposing ---------------------------------------------------------------------------------------------


def invite_partner(
    user, project: Project, actor: Actor, *, slot=None, message: str = "", nature: str = "", role: str = ""
) -> PartnerInvitation:
    """``user`` (an editor of ``project`` who may see ``actor``) invites ``actor`` into its consortium."""
    if not access.can_edit_project(user, project) or not access.can_view_actor(user, actor):
        raise PermissionDenied
    limits.check_creation_limit(user, "invitation")  # anti-abuse: raises ValidationError, nothing saved
    return do_invite_partner(
        project, actor, slot=slot, message=message, nature=nature, role=role, sent_by=user
    )


@transaction.atomic
def do_invite_partner(
    project: Project,
    actor: Actor,
    *,
    slot=None,
    message: str = "",
    nature: str = "",
    role: str = "",
    sent_by=None,
) -> PartnerInvitation:
    """Record a pending invitation and tell the structure's admins. Refused when the structure leads the
    project, is already an active partner, already has a pending proposal with it, refused its invitations,
    is private or closed to partnerships, or when the slot is closed or another project's."""
    project = _lock_project(project)
    _check_may_propose(project, actor, slot)
    if InvitationOptOut.objects.filter(project=project, actor=actor).exists():
        raise ValidationError(
            _("%(name)s declines every invitation from this project.") % {"name": actor.name},
            code="opted_out",
        )
    invitation = PartnerInvitation.objects.create(
        project=project,
        actor=actor,
        slot=slot,
        direction=Direction.INVITATION,
        message=(message or "").strip(),
        nature=(nature or "").strip(),
        role=(role or "").strip(),
        sent_by=sent_by,
        expires_at=_expiry(),
    )
    _announce(
        invitation,
        ANSWERER,
        "partner_invitation",
        gettext_lazy("%(project)s invites %(actor)s to become a partner."),
    )
    return invitation


def express_interest(user, slot: PartnerSlot, actor: Actor, *, message: str = "") -> PartnerInvitation:
    """``user`` (an admin of ``actor``) tells the project of ``slot`` that ``actor`` would like to fill it."""
    if not access.can_express_interest(user, actor) or not access.can_view_project(user, slot.project):
        raise PermissionDenied
    limits.check_creation_limit(user, "invitation")  # anti-abuse: raises ValidationError, nothing saved
    return do_express_interest(slot, actor, message=message, sent_by=user)


@transaction.atomic
def do_express_interest(
    slot: PartnerSlot, actor: Actor, *, message: str = "", sent_by=None
) -> PartnerInvitation:
    """Record a pending expression of interest and tell the project's team. The slot must be open and its
    project published; the other refusals are those of an invitation (the structure's own opt-out aside)."""
    project = _lock_project(slot.project)
    if not access.is_public_project(project):
        raise ValidationError(_("This project is not published."), code="not_published")
    _check_may_propose(project, actor, slot)
    invitation = PartnerInvitation.objects.create(
        project=project,
        actor=actor,
        slot=slot,
        direction=Direction.INTEREST,
        message=(message or "").strip(),
        sent_by=sent_by,
        expires_at=_expiry(),
    )
    _announce(
        invitation,
        ANSWERER,
        "partner_interest",
        gettext_lazy("%(actor)s is interested in the partner slot “%(slot)s” of %(project)s."),
    )
    return invitation


# --- answering ---------------------------------------------------------------------------------------------


def _check_open(invitation: PartnerInvitation) -> None:
    if invitation.status == Status.PENDING and not invitation.is_open:
        raise ValidationError(_("This proposal has expired."), code="expired")
    if invitation.status != Status.PENDING:
        raise ValidationError(
            _("This proposal was already answered (%(status)s).")
            % {"status": invitation.get_status_display()},
            code="answered",
        )


def _close(invitation: PartnerInvitation, status: str, by) -> None:
    invitation.status = status
    invitation.answered_by = by
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_by", "answered_at", "nature", "role"])


def accept_invitation(user, invitation: PartnerInvitation, *, nature=None, role=None) -> Partnership:
    """The side that did not propose accepts; ``nature`` and ``role`` override the proposed ones."""
    if not access.can_answer_invitation(user, invitation):
        raise PermissionDenied
    return do_accept_invitation(invitation, nature=nature, role=role, answered_by=user)


@transaction.atomic
def do_accept_invitation(
    invitation: PartnerInvitation, *, nature=None, role=None, answered_by=None
) -> Partnership:
    """Create the active partnership (or reactivate one that had ended), close the slot it fills, and tell
    the proposing side. Refused, writing nothing, when the proposal is no longer pending or has expired,
    when its slot was filled meanwhile, or when nature and role are still missing (asked on acceptance)."""
    invitation = _lock_invitation(invitation)
    _check_open(invitation)
    project, actor, slot = invitation.project, invitation.actor, invitation.slot
    if slot is not None and not PartnerSlot.objects.filter(pk=slot.pk, is_open=True).exists():
        raise ValidationError(_("This partner slot has been filled or closed meanwhile."), code="slot_closed")
    nature = invitation.nature if nature is None else nature
    role = invitation.role if role is None else role
    ended = Partnership.objects.filter(project=project, actor=actor).first()
    if ended is None:
        partnership = do_add_partner(project, actor, nature=nature, role=role)
    elif ended.status == Partnership.Status.ACTIVE:
        raise ValidationError(
            _("%(name)s is already a partner of the project.") % {"name": actor.name}, code="already_partner"
        )
    else:
        partnership = do_update_partnership(
            ended, nature=nature, role=role, status=Partnership.Status.ACTIVE, consented=True
        )
    invitation.nature, invitation.role = partnership.nature, partnership.role  # as agreed, saved by _close
    _close(invitation, Status.ACCEPTED, answered_by)
    if slot is not None:
        do_set_slot_open(slot, False)
    sentence = gettext_lazy("%(actor)s and %(project)s are now partners.")
    for side in (PROPOSER, ANSWERER):
        kind, url = "partner_invitation_accepted", project.get_absolute_url()
        _announce(invitation, side, kind, sentence, url=url, exclude=answered_by)
    return partnership


def decline_invitation(user, invitation: PartnerInvitation) -> PartnerInvitation:
    if not access.can_answer_invitation(user, invitation):
        raise PermissionDenied
    return do_decline_invitation(invitation, answered_by=user)


@transaction.atomic
def do_decline_invitation(invitation: PartnerInvitation, *, answered_by=None) -> PartnerInvitation:
    """Decline a pending proposal (an expired one too: the answer is the same) and tell the proposing side."""
    sentence = gettext_lazy("%(actor)s and %(project)s: the partnership proposal was declined.")
    return _end_proposal(
        invitation, Status.DECLINED, answered_by, PROPOSER, "partner_invitation_declined", sentence
    )


def withdraw_invitation(user, invitation: PartnerInvitation) -> PartnerInvitation:
    if not access.can_withdraw_invitation(user, invitation):
        raise PermissionDenied
    return do_withdraw_invitation(invitation, withdrawn_by=user)


@transaction.atomic
def do_withdraw_invitation(invitation: PartnerInvitation, *, withdrawn_by=None) -> PartnerInvitation:
    """The proposing side takes back a pending proposal; the other side's pending item goes away (bell only)."""
    sentence = gettext_lazy("%(actor)s and %(project)s: the partnership proposal was withdrawn.")
    kind = "partner_invitation_withdrawn"
    return _end_proposal(invitation, Status.WITHDRAWN, withdrawn_by, ANSWERER, kind, sentence, email=False)


def _end_proposal(invitation, status, by, tell: str, kind: str, sentence, *, email: bool = True):
    """Close a proposal that is still open with ``status`` (locked first) and tell the ``tell`` side."""
    invitation = _lock_invitation(invitation)
    if invitation.status != Status.PENDING:
        _check_open(invitation)
    _close(invitation, status, by)
    _announce(invitation, tell, kind, sentence, email=email)
    return invitation


def refuse_project_invitations(user, project: Project, actor: Actor) -> InvitationOptOut:
    """``user`` (an admin of ``actor``) refuses every invitation from ``project``."""
    if not access.is_actor_admin(user, actor) or not access.can_view_project(user, project):
        raise PermissionDenied
    return do_refuse_project_invitations(project, actor, refused_by=user)


@transaction.atomic
def do_refuse_project_invitations(project: Project, actor: Actor, *, refused_by=None) -> InvitationOptOut:
    """Record the refusal (once) and decline the invitation from ``project`` still pending, if any."""
    _lock_project(project)
    opt_out, _created = InvitationOptOut.objects.get_or_create(
        project=project, actor=actor, defaults={"created_by": refused_by}
    )
    pending = PartnerInvitation.objects.filter(
        project=project, actor=actor, direction=Direction.INVITATION, status=Status.PENDING
    ).first()
    if pending is not None:
        do_decline_invitation(pending, answered_by=refused_by)
    return opt_out


# --- expiry ------------------------------------------------------------------------------------------------


@transaction.atomic
def do_expire_invitations(now: datetime | None = None) -> int:
    """Mark every pending proposal past its ``expires_at`` as expired and tell the side that proposed (bell
    only); returns how many. Run by ``manage.py expire_partner_invitations`` (daily)."""
    now = now or timezone.now()
    stale = list(
        PartnerInvitation.objects.select_for_update(of=("self",))
        .filter(status=Status.PENDING, expires_at__lte=now)
        .select_related("project", "actor", "slot")
    )
    PartnerInvitation.objects.filter(pk__in=[i.pk for i in stale]).update(
        status=Status.EXPIRED, answered_at=now
    )
    sentence = gettext_lazy("%(actor)s and %(project)s: the partnership proposal expired without an answer.")
    for invitation in stale:
        _announce(invitation, PROPOSER, "partner_invitation_expired", sentence, email=False)
    return len(stale)
