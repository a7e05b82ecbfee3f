"""Personal data: what the platform holds about a person (export) and the deletion of their account.

Both act on the logged-in user themselves; nobody else may call them for another person (staff delete
accounts in the Wagtail admin).

Apps above the domain (``spaces``) hold personal data too but may not be imported from here (imports run one
way): they register an export section with ``register_export_section`` from their ``AppConfig.ready()``.
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from ecosystem import access
from ecosystem.actions.fields import model_update
from ecosystem.models import (
    DigestSent,
    EmailPreference,
    EmailSettings,
    Follow,
    JoinRequest,
    MemberInvitation,
    Membership,
    Notification,
    PartnerInvitation,
    Project,
    Replication,
    Report,
    TerritorialNeed,
    User,
)
from ecosystem.models.social import FOLLOW_TARGETS

_EXPORT_SECTIONS: dict[str, Callable] = {}


def register_export_section(name: str, build: Callable) -> None:
    """Add ``build(user) -> JSON-serialisable data`` to every export, under the key ``name``."""
    _EXPORT_SECTIONS[name] = build


def _mfa_enabled(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exists()


def export_personal_data(user) -> dict:
    """Everything held about ``user``, as JSON-serialisable data (dates as datetimes).

    Secrets are left out on purpose: the password hash, MFA keys and recovery codes, invitation tokens.
    """
    addresses = list(EmailAddress.objects.filter(user=user).order_by("email"))
    emails = [a.email for a in addresses]
    received = MemberInvitation.objects.filter(
        Q(email__in=emails) | Q(email__iexact=user.email)
    ).select_related("actor")
    data = {
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary} for a in addresses
        ],
        "profile": {"display_name": user.display_name, "bio": user.bio, "skills": user.skills},
        "memberships": [
            {"actor": m.actor.name, "actor_slug": m.actor.slug, "role": m.role, "since": m.created_at}
            for m in Membership.objects.filter(user=user).select_related("actor").order_by("created_at")
        ],
        "join_requests": [
            {
                "actor": r.actor.name,
                "message": r.message,
                "status": r.status,
                "created_at": r.created_at,
                "decided_at": r.decided_at,
            }
            for r in JoinRequest.objects.filter(user=user).select_related("actor").order_by("created_at")
        ],
        "invitations_sent": [
            {
                "actor": i.actor.name,
                "email": i.email,
                "role": i.role,
                "created_at": i.created_at,
                "accepted_at": i.accepted_at,
            }
            for i in MemberInvitation.objects.filter(invited_by=user).select_related("actor").order_by("pk")
        ],
        "invitations_received": [
            {
                "actor": i.actor.name,
                "email": i.email,
                "role": i.role,
                "created_at": i.created_at,
                "accepted_at": i.accepted_at,
            }
            for i in received.order_by("pk")
        ],
        # Partnership proposals the person wrote (invitations for a project, interests for a structure).
        "partner_proposals_sent": [
            {
                "project": i.project.title,
                "actor": i.actor.name,
                "direction": i.direction,
                "message": i.message,
                "status": i.status,
                "created_at": i.created_at,
            }
            for i in PartnerInvitation.objects.filter(sent_by=user)
            .select_related("project", "actor")
            .order_by("pk")
        ],
        "projects_created": [
            {"title": p.title, "slug": p.slug, "status": p.status, "created_at": p.created_at}
            for p in Project.objects.filter(created_by=user).order_by("created_at")
        ],
        # Swarming (issue #14): the needs the person posted and the requests to swarm a project they made.
        "territorial_needs_posted": [
            {
                "title": n.title,
                "description": n.description,
                "actor": n.actor.name,
                "territory": n.territory.name,
                "answer_kind": n.answer_kind,
                "created_at": n.created_at,
            }
            for n in TerritorialNeed.objects.filter(created_by=user).select_related("actor", "territory")
        ],
        "replication_requests": [
            {
                "project": r.origin.title,
                "actor": r.actor.name,
                "territory": r.territory.name,
                "reason": r.reason,
                "status": r.status,
                "decline_reason": r.decline_reason,
                "created_at": r.created_at,
            }
            for r in Replication.objects.filter(requested_by=user)
            .select_related("origin", "actor", "territory")
            .order_by("pk")
        ],
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "url": n.url,
                "created_at": n.created_at,
                "read_at": n.read_at,
                "emailed_at": n.emailed_at,
            }
            for n in Notification.objects.filter(user=user).order_by("created_at")
        ],
        "mfa_enabled": _mfa_enabled(user),
        # Following, email choices, digests and reports (issue #16): private to the person, so exported.
        "follows": [
            {
                "target": str(f.target),
                "kind": next(n for n in FOLLOW_TARGETS if getattr(f, f"{n}_id")),
                "since": f.created_at,
            }
            for f in Follow.objects.filter(user=user).select_related("actor", "project", "theme", "territory")
        ],
        "email_settings": [
            {"digest": e.digest, "language": e.language, "last_digest_at": e.last_digest_at}
            for e in EmailSettings.objects.filter(user=user)
        ],
        "email_preferences": dict(EmailPreference.objects.filter(user=user).values_list("kind", "delivery")),
        "digests_sent": list(DigestSent.objects.filter(user=user).values_list("sent_at", flat=True)),
        "reports_made": [
            {"content": str(r.content), "reason": r.reason, "comment": r.comment, "created_at": r.created_at}
            for r in Report.objects.filter(reporter=user).order_by("pk")
        ],
    }
    for name, build in _EXPORT_SECTIONS.items():
        data[name] = build(user)
    return data


# What a person edits on their own profile (``ProfileForm`` reads it from here).
PROFILE_FIELDS = ("display_name", "bio", "skills")


def update_profile(user, data: dict):
    """Save the profile fields of ``data`` (display name, bio, skills) onto ``user``, the logged-in person."""
    if access.is_anonymous(user):
        raise PermissionDenied
    return do_update_profile(user, data)


@transaction.atomic
def do_update_profile(user, data: dict):
    # Read the row again: a model form bound to ``user`` has already set the new values on that instance.
    user, _changed = model_update(User.objects.select_for_update().get(pk=user.pk), PROFILE_FIELDS, data)
    return user


def delete_account(user) -> None:
    """Delete the logged-in person's own account (:func:`do_delete_account`); the caller logs them out."""
    if access.is_anonymous(user):
        raise PermissionDenied
    do_delete_account(user)


@transaction.atomic
def do_delete_account(user) -> None:
    """Delete ``user``'s account and personal data; what they wrote stays, attributed to nobody.

    Removed: the account, its email addresses and MFA devices (cascade), memberships, join requests and
    invitations addressed to the person's addresses. Kept with the author set to null (pages show "former
    member"): projects they created, invitations they sent, decisions they took.

    An actor whose last admin deletes their account keeps existing without an admin: its members and
    public page stay, and staff can still manage it (and name a new admin) from the admin or the front
    office. Refusing the deletion instead would hold a person's data hostage to an organisation's paperwork.
    The caller logs the person out.
    """
    emails = [*EmailAddress.objects.filter(user=user).values_list("email", flat=True), user.email]
    invitation_filter = Q()
    for email in emails:
        invitation_filter |= Q(email__iexact=email)
    MemberInvitation.objects.filter(invitation_filter, accepted_at=None).delete()
    Membership.objects.filter(user=user).delete()
    JoinRequest.objects.filter(user=user).delete()
    user.delete()
