"""Email preferences: per notification kind, at once, in the digest or never; the digest's rhythm; unsubscribing.

Defaults (DESIGN: email people want): what asks for an answer — partnership invitations and their outcome, a
direct message — leaves at once; the rest waits for the digest. A kind no module declared leaves at once when
its notification asked for an email (``notify(..., email_topic=...)``). Other modules declare their kinds with
:func:`register_kind`. Only the person writes their preferences; the one-click unsubscribe link is signed.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ecosystem import access
from ecosystem.models import Delivery, EmailPreference, EmailSettings

# kind → (label, default delivery), in the order the preferences page lists them.
KINDS: dict[str, tuple] = {
    "partner_invitation": (_("Invitations to join a project"), Delivery.IMMEDIATELY),
    "partner_interest": (_("Structures interested in your projects"), Delivery.IMMEDIATELY),
    "partner_invitation_accepted": (_("Invitations accepted"), Delivery.IMMEDIATELY),
    "partner_invitation_declined": (_("Invitations declined"), Delivery.DIGEST),
    "partner_invitation_withdrawn": (_("Invitations withdrawn"), Delivery.DIGEST),
    "partner_invitation_expired": (_("Invitations expired"), Delivery.DIGEST),
    "direct_message": (_("Direct messages"), Delivery.IMMEDIATELY),
    "mention": (_("Mentions in a room"), Delivery.DIGEST),
    "join_request": (_("Requests to join your structures"), Delivery.DIGEST),
    "join_request_decided": (_("Answers to your requests to join"), Delivery.DIGEST),
    "space_member": (_("Spaces you were added to"), Delivery.DIGEST),
    "room_member": (_("Rooms you were added to"), Delivery.DIGEST),
    "moderation": (_("Moderation decisions about your content"), Delivery.IMMEDIATELY),
}
UNSUBSCRIBE_SALT = "essaim.digest.unsubscribe"


def register_kind(kind: str, label, default: str = Delivery.DIGEST) -> None:
    """Declare a notification kind of another module (calls, events …) with its label and default."""
    KINDS.setdefault(kind, (label, default))


def default_delivery(kind: str) -> str:
    return KINDS.get(kind, (None, Delivery.IMMEDIATELY))[1]


def immediate_q() -> Q:
    """Notifications (a queryset filter) their person wants by email at once: asked so, or by default."""
    chosen = EmailPreference.objects.filter(user=OuterRef("user"), kind=OuterRef("kind"))
    digest_by_default = [kind for kind, (_label, default) in KINDS.items() if default != Delivery.IMMEDIATELY]
    return Q(Exists(chosen.filter(delivery=Delivery.IMMEDIATELY))) | (
        ~Q(Exists(chosen)) & ~Q(kind__in=digest_by_default)
    )


def never_q() -> Q:
    """Notifications their person wants no email about (by default or by choice)."""
    chosen = EmailPreference.objects.filter(user=OuterRef("user"), kind=OuterRef("kind"))
    never_by_default = [kind for kind, (_label, default) in KINDS.items() if default == Delivery.NEVER]
    return Q(Exists(chosen.filter(delivery=Delivery.NEVER))) | (
        ~Q(Exists(chosen)) & Q(kind__in=never_by_default)
    )


def settings_of(user) -> EmailSettings:
    """The person's settings, unsaved defaults when they never changed them."""
    return EmailSettings.objects.filter(user=user).first() or EmailSettings(user=user)


def deliveries_of(user) -> dict[str, str]:
    """``{kind: delivery}`` for every declared kind, the person's choice or the default (one query)."""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, default) for kind, (_label, default) in KINDS.items()}


def update_email_preferences(
    user, *, digest: str, language: str, deliveries: dict[str, str]
) -> EmailSettings:
    """Save the person's own choices (only the logged-in person calls it, for themselves)."""
    if access.is_anonymous(user):
        raise PermissionDenied
    return do_update_email_preferences(user, digest=digest, language=language, deliveries=deliveries)


@transaction.atomic
def do_update_email_preferences(
    user, *, digest: str, language: str, deliveries: dict[str, str]
) -> EmailSettings:
    """Choices equal to the default are not stored, so a better default later reaches them."""
    settings_row, _created = EmailSettings.objects.select_for_update().get_or_create(user=user)
    settings_row.digest, settings_row.language = digest, language
    settings_row.full_clean(exclude=["user"])
    settings_row.save(update_fields=["digest", "language"])
    for kind, delivery in deliveries.items():
        if kind not in KINDS or delivery not in Delivery.values:
            continue
        if delivery == default_delivery(kind):
            EmailPreference.objects.filter(user=user, kind=kind).delete()
        else:
            EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"delivery": delivery})
    return settings_row


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_id_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def unsubscribe_from_digest(user) -> EmailSettings:
    """The one-click unsubscribe (RFC 8058): no more digests; the person may subscribe again from « Mon espace ».

    ``user`` is the person the signed token names (the link works without logging in), or the logged-in person.
    """
    if access.is_anonymous(user):  # an account fetched from the token counts as that person
        raise PermissionDenied
    return do_unsubscribe_from_digest(user)


@transaction.atomic
def do_unsubscribe_from_digest(user) -> EmailSettings:
    settings_row, _created = EmailSettings.objects.select_for_update().get_or_create(user=user)
    settings_row.digest = EmailSettings.Frequency.NEVER
    settings_row.save(update_fields=["digest"])
    return settings_row
