"""Membership actions: invitations by email, join requests, roles, removal.

Each action checks the acting ``user``'s right and raises ``PermissionDenied``; its ``do_*`` half writes and
trusts its caller. Inviting, changing roles, removing members and deciding join requests are for the
actor's admins and staff (``ecosystem.access.can_manage_members``); sending a join request is for any
logged-in person who may see the actor; accepting an invitation is for the person whose verified email
address it was sent to (the token alone must not be enough).
A new join request notifies the actor's admins, a decision the person who asked (``notify``, on commit).

An actor always keeps at least one admin through these actions: the rows of the actor's memberships are
locked while the last-admin rule is checked, so two admins removing each other at once cannot both win.
(Account deletion is the one exception — see :func:`ecosystem.actions.personal_data.delete_account`.)
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ecosystem import access, realtime
from ecosystem.actions.notifications import notify
from ecosystem.models import Actor, JoinRequest, MemberInvitation, Membership

Role = Membership.Role


def _require_manager(user, actor: Actor) -> None:
    if not access.can_manage_members(user, actor):
        raise PermissionDenied


def _lock_memberships(actor: Actor) -> list[Membership]:
    return list(Membership.objects.select_for_update().filter(actor=actor))


def _check_keeps_an_admin(actor: Actor, leaving: Membership) -> None:
    admins = [m for m in _lock_memberships(actor) if m.role == Role.ADMIN]
    if leaving.role == Role.ADMIN and len(admins) <= 1:
        raise ValidationError(
            _("%(actor)s must keep at least one administrator: name another administrator first.")
            % {"actor": actor.name},
            code="last_admin",
        )


def invite_member(user, actor: Actor, email: str, role: str, *, site_url: str) -> MemberInvitation:
    """``user`` (an admin of ``actor`` or staff) invites ``email`` with ``role``."""
    _require_manager(user, actor)
    return do_invite_member(actor, email, role, invited_by=user, site_url=site_url)


@transaction.atomic
def do_invite_member(actor: Actor, email: str, role: str, *, invited_by, site_url: str) -> MemberInvitation:
    """Invite ``email`` to join ``actor`` with ``role``; the email with the accept link goes on commit.

    ``site_url`` is the scheme and host the link starts with (``https://essaim.example``). An invitation
    still pending for the same address is sent again rather than duplicated (with the newly chosen role).
    """
    email = email.strip().lower()
    if Membership.objects.filter(actor=actor, user__emailaddress__email__iexact=email).exists() or (
        Membership.objects.filter(actor=actor, user__email__iexact=email).exists()
    ):
        raise ValidationError(_("This person is already a member."), code="already_member")
    invitation = MemberInvitation.objects.filter(actor=actor, email__iexact=email, accepted_at=None).first()
    if invitation is None:
        invitation = MemberInvitation.objects.create(
            actor=actor, email=email, role=role, invited_by=invited_by
        )
    else:
        invitation.role, invitation.invited_by = role, invited_by
        invitation.save(update_fields=["role", "invited_by"])
    link = site_url.rstrip("/") + reverse("ecosystem:invitation_accept", args=[invitation.token])
    context = {"invitation": invitation, "actor": actor, "link": link, "inviter": invited_by}
    subject = render_to_string("emails/member_invitation_subject.txt", context).strip()
    body = render_to_string("emails/member_invitation.txt", context)
    transaction.on_commit(
        lambda: send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, [email]
        )
    )
    return invitation


def may_accept(user, invitation: MemberInvitation) -> bool:
    """Whether ``user`` holds the verified address the invitation was sent to."""
    return EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()


def accept_invitation(user, invitation: MemberInvitation) -> Membership:
    """Make ``user`` a member with the invited role; a second acceptance changes nothing.

    Raises ``PermissionDenied`` for an anonymous visitor and ``ValidationError`` unless ``user`` has verified
    the invited address. An existing membership is kept as it is (an admin accepting a "member" invitation
    stays admin).
    """
    if access.is_anonymous(user):
        raise PermissionDenied
    if not may_accept(user, invitation):
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address (verified) to accept it.")
            % {"email": invitation.email},
            code="wrong_email",
        )
    return do_accept_invitation(user, invitation)


@transaction.atomic
def do_accept_invitation(user, invitation: MemberInvitation) -> Membership:
    """Make ``user`` (who holds the invited address) a member; a second acceptance changes nothing."""
    invitation = MemberInvitation.objects.select_for_update().get(pk=invitation.pk)
    membership = Membership.objects.filter(user=user, actor=invitation.actor).first()
    if invitation.accepted_at is not None:
        if membership is None:
            raise ValidationError(_("This invitation has already been used."), code="used")
        return membership
    if membership is None:
        membership = Membership.objects.create(user=user, actor=invitation.actor, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    # A pending join request is answered by the invitation itself.
    JoinRequest.objects.filter(actor=invitation.actor, user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_at=timezone.now(), decided_by=invitation.invited_by
    )
    return membership


def cancel_invitation(user, invitation: MemberInvitation) -> None:
    """Withdraw a pending invitation (its link stops working): the actor's admins or staff."""
    _require_manager(user, invitation.actor)
    do_cancel_invitation(invitation)


@transaction.atomic
def do_cancel_invitation(invitation: MemberInvitation) -> None:
    MemberInvitation.objects.filter(pk=invitation.pk, accepted_at=None).delete()


def change_role(user, membership: Membership, role: str) -> Membership:
    """``user`` (an admin of the actor or staff) gives ``membership`` the ``role``."""
    _require_manager(user, membership.actor)
    return do_change_role(membership, role)


@transaction.atomic
def do_change_role(membership: Membership, role: str) -> Membership:
    """Give ``membership`` the ``role``; refused if it would leave the actor without an admin."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role != Role.ADMIN:
        _check_keeps_an_admin(membership.actor, membership)
    demoted = membership.role == Role.ADMIN and role != Role.ADMIN
    membership.role = role
    membership.save(update_fields=["role"])
    if demoted:
        # Direct conversations with the actor reach its admins only.
        realtime.publish(
            realtime.user_group(membership.user_id), "access.changed", {"actor": membership.actor_id}
        )
    return membership


def remove_member(user, membership: Membership) -> None:
    """``user`` (an admin of the actor or staff) removes ``membership``."""
    _require_manager(user, membership.actor)
    do_remove_member(membership)


@transaction.atomic
def do_remove_member(membership: Membership) -> None:
    """Remove ``membership``; refused for the actor's last admin."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _check_keeps_an_admin(membership.actor, membership)
    membership.delete()
    # Rooms (project rooms, spaces the actor hosts, its direct conversations) follow memberships: the person's
    # open connections must re-check their access now.
    realtime.publish(
        realtime.user_group(membership.user_id), "access.changed", {"actor": membership.actor_id}
    )


def request_to_join(user, actor: Actor, message: str = "") -> JoinRequest:
    """Ask the actor's admins to let ``user`` in; a request already pending is updated, not duplicated.

    ``user`` must be logged in and able to see ``actor``.
    """
    if access.is_anonymous(user) or not access.can_view_actor(user, actor):
        raise PermissionDenied
    return do_request_to_join(user, actor, message)


@transaction.atomic
def do_request_to_join(user, actor: Actor, message: str = "") -> JoinRequest:
    """Record ``user``'s request to join ``actor`` and tell its admins (the first time)."""
    if Membership.objects.filter(user=user, actor=actor).exists():
        raise ValidationError(_("You are already a member of this organisation."), code="already_member")
    request, created = JoinRequest.objects.select_for_update().get_or_create(
        actor=actor, user=user, status=JoinRequest.Status.PENDING, defaults={"message": message}
    )
    if not created and message:
        request.message = message
        request.save(update_fields=["message"])
    if created:
        # The admins decide; tell them where (a repeated request updates the first and tells nobody again).
        # In the site's language, not the requester's: the admins may read another one.
        with override(settings.LANGUAGE_CODE):
            url = reverse("ecosystem:actor_members", kwargs={"slug": actor.slug})
            title = _("%(person)s asks to join %(actor)s.") % {
                "person": user.get_full_name(),
                "actor": actor.name,
            }
        for membership in Membership.objects.filter(actor=actor, role=Role.ADMIN).select_related("user"):
            notify(membership.user, "join_request", title, url, {"actor": actor.pk, "request": request.pk})
    return request


def decide_join_request(user, join_request: JoinRequest, *, approve: bool) -> JoinRequest:
    """``user`` (an admin of the actor or staff) approves or refuses ``join_request``."""
    _require_manager(user, join_request.actor)
    return do_decide_join_request(join_request, approve=approve, decided_by=user)


@transaction.atomic
def do_decide_join_request(join_request: JoinRequest, *, approve: bool, decided_by) -> JoinRequest:
    """Approve (the person becomes a member) or refuse a pending request; a decided one stays as it is."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        return join_request
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.REFUSED
    join_request.decided_by = decided_by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        Membership.objects.get_or_create(
            user=join_request.user, actor=join_request.actor, defaults={"role": Role.MEMBER}
        )
    actor = join_request.actor
    with override(settings.LANGUAGE_CODE):  # the person told reads it later, in the site's language
        if approve:
            title = _("You are now a member of %(actor)s.") % {"actor": actor.name}
        else:
            title = _("Your request to join %(actor)s was declined.") % {"actor": actor.name}
        url = actor.get_absolute_url()
    notify(join_request.user, "join_request_decided", title, url, {"actor": actor.pk, "approved": approve})
    return join_request
