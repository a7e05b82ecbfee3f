"""Partner invitations: who proposes, who answers (only the other side), who sees them."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecosystem.access.actors import can_edit_actor, membership_role
from ecosystem.access.people import is_anonymous
from ecosystem.access.projects import can_edit_project
from ecosystem.models import (
    Membership,
    PartnerInvitation,
)

# --- partner invitations -----------------------------------------------------------------------------------


def is_actor_admin(user, actor) -> bool:
    """An admin of ``actor`` by membership; unlike :func:`can_edit_actor`, staff do not count."""
    return membership_role(user, actor) == Membership.Role.ADMIN


def can_express_interest(user, actor) -> bool:
    # A structure's interest commits the structure: its admins only, not staff on its behalf.
    return is_actor_admin(user, actor)


def _proposing_side(user, invitation) -> bool:
    if invitation.direction == PartnerInvitation.Direction.INVITATION:
        return can_edit_project(user, invitation.project)
    return can_edit_actor(user, invitation.actor)


def can_answer_invitation(user, invitation) -> bool:
    """Only the side that did not propose consents: the structure's admins for an invitation, the project's
    team (members of its lead structure) for an expression of interest. Staff never consent for others."""
    if is_anonymous(user):
        return False
    if invitation.direction == PartnerInvitation.Direction.INVITATION:
        return is_actor_admin(user, invitation.actor)
    return membership_role(user, invitation.project.lead_actor) is not None


def can_withdraw_invitation(user, invitation) -> bool:
    """The side that proposed (staff too: withdrawing commits nobody)."""
    return not is_anonymous(user) and _proposing_side(user, invitation)


def can_view_invitation(user, invitation) -> bool:
    return can_answer_invitation(user, invitation) or can_withdraw_invitation(user, invitation)


def invitations_to_answer(user) -> QuerySet[PartnerInvitation]:
    """Pending, unexpired proposals waiting for ``user``'s side: invitations to the structures they
    administer, interests in projects whose lead structure counts them as a member (what
    :func:`can_answer_invitation` allows, for many)."""
    if is_anonymous(user):
        return PartnerInvitation.objects.none()
    Direction = PartnerInvitation.Direction
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("actor")
    member_of = Membership.objects.filter(user=user).values("actor")
    return PartnerInvitation.objects.filter(
        Q(direction=Direction.INVITATION, actor__in=admin_of)
        | Q(direction=Direction.INTEREST, project__lead_actor__in=member_of),
        status=PartnerInvitation.Status.PENDING,
        expires_at__gt=timezone.now(),
    )


def invitations_sent(user) -> QuerySet[PartnerInvitation]:
    """Pending proposals ``user``'s side made and may withdraw: invitations from the projects of their
    structures, interests of the structures they administer."""
    if is_anonymous(user):
        return PartnerInvitation.objects.none()
    Direction = PartnerInvitation.Direction
    admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("actor")
    member_of = Membership.objects.filter(user=user).values("actor")
    return PartnerInvitation.objects.filter(
        Q(direction=Direction.INVITATION, project__lead_actor__in=member_of)
        | Q(direction=Direction.INTEREST, actor__in=admin_of),
        status=PartnerInvitation.Status.PENDING,
    )


def get_visible_invitation_or_404(user, **lookup) -> PartnerInvitation:
    invitation = (
        PartnerInvitation.objects.select_related("project__lead_actor", "actor", "slot")
        .filter(**lookup)
        .first()
    )
    if invitation is None or not can_view_invitation(user, invitation):
        raise Http404
    return invitation
