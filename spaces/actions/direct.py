"""Direct contact: a logged-in person writes to an actor from its public page; the actor's admins receive it.

One conversation per (person, actor): writing again reuses it. Every message of the conversation, from the
contact form or in the room, tells its other people (:mod:`spaces.actions.direct_replies`): in the bell and by
email (``room:<id>`` topic, so at most one email an hour per room; their email preferences decide).

Anti-abuse: a person who is a member of no structure yet may start only so many conversations a day
(``CREATION_LIMITS["newcomer_direct"]``); writing again in a conversation already started is not limited.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecosystem import access as ecosystem_access
from ecosystem import limits
from ecosystem.models import Actor, Membership, User
from spaces.actions.messages import post_message
from spaces.models import Room

limits.COUNTERS["newcomer_direct"] = lambda user, since: Room.objects.filter(
    kind=Room.Kind.DIRECT, started_by=user, created_at__gte=since
)
limits.MESSAGES["newcomer_direct"] = gettext_lazy(
    "Limit reached: until you are a member of a structure, you may start at most %(count)s conversations"
    " per %(hours)s h. Try again later; nothing was saved."
)


def _admins(actor: Actor):
    return User.objects.filter(memberships__actor=actor, memberships__role=Membership.Role.ADMIN)


def start_direct_conversation(user, actor: Actor, *, text) -> Room:
    """Post ``text`` to ``actor``'s admins, in the conversation between them and ``user`` (created if needed)."""
    if ecosystem_access.is_anonymous(user) or not ecosystem_access.can_view_actor(user, actor):
        raise PermissionDenied
    admins = _admins(actor)
    if admins.filter(pk=user.pk).exists():
        raise ValidationError(
            _("You administer this organisation: you cannot write to yourself."), code="invalid"
        )
    if not admins.exists():
        raise ValidationError(_("This organisation has nobody to answer yet."), code="invalid")
    return do_start_direct_conversation(user, actor, text=text)


@transaction.atomic
def do_start_direct_conversation(author: User, actor: Actor, *, text) -> Room:
    """Post ``text`` from ``author`` in their conversation with ``actor`` and notify the actor's admins.

    A newcomer's limit on new conversations is held here, in the transaction that creates the room.
    """
    conversation = {
        "kind": Room.Kind.DIRECT,
        "contact_actor": actor,
        "started_by": author,
        "is_archived": False,
    }
    if not Room.objects.filter(**conversation).exists():
        limits.check_newcomer_limit(author, "newcomer_direct")  # raises ValidationError, nothing saved
    room, _created = Room.objects.get_or_create(**conversation, defaults={"name": actor.name[:120]})
    post_message(author, room, text=text)  # which tells the admins (spaces.actions.direct_replies)
    return room
