"""Every permission decision of the spaces, in one place.

Views and consumers ask here and nowhere else; what an outsider may not see is answered with 404
(:func:`get_visible_room_or_404`), the same as for something that does not exist.

Rules
- Spaces are hosted by a support structure. Their **managers** are the members (any role) of the host actor;
  managers add space members, open rooms and moderate (delete any message of the space's rooms).
- **Public** rooms: every logged-in person. **Private** rooms: the space's members and managers, plus the
  people let into that room (``RoomMember``, member or guest).
- **Project** rooms: the project's people, read from the consortium at every check (members of the lead actor
  or of an ACTIVE partner — ``ecosystem.access.project_people_q`` / ``project_people``), plus the room's guests. A
  partner that leaves loses access at once: nothing is copied.
- **Direct** conversations: the person who started it and the admins of the actor contacted.
- A **guest** (``RoomMember`` with role guest) sees that one room and nothing else of the space or project,
  and not the room's member list.
- **Staff have no implicit access** to private, project or direct rooms: the Région's staff do not read
  private conversations. They see public rooms like any logged-in person.
- Anonymous visitors see no room at all.
- **Events** hosted in a space (``SpaceEvent``): its managers draft, edit and publish them; seeing and
  registering are the agenda's rules (``ecosystem.access``), the event being one of the host structure's.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from ecosystem import access as ecosystem_access
from ecosystem.access import is_anonymous
from ecosystem.models import Membership, Project, User
from spaces.models import Message, ReadMarker, Room, RoomMember, Space, SpaceMember

# How long a decision "this person may read / post in this room" is trusted without asking again, when every
# action that changes access also tells the person's open connections (``access.changed``): the bound is for
# a change that bypassed the actions. A connection's right to post, and a room ticket (spaces.tickets), last
# this long.
ACCESS_TRUSTED_S = 10.0

Kind = Room.Kind


# --- spaces ------------------------------------------------------------------------------------------------


def managed_spaces(user) -> QuerySet[Space]:
    if is_anonymous(user):
        return Space.objects.none()
    return Space.objects.filter(host__in=Membership.objects.filter(user=user).values("actor"))


def can_manage_space(user, space: Space) -> bool:
    if is_anonymous(user):
        return False
    return Membership.objects.filter(user=user, actor_id=space.host_id).exists()


def is_space_member(user, space: Space) -> bool:
    if is_anonymous(user):
        return False
    return SpaceMember.objects.filter(user=user, space=space).exists()


def can_view_space(user, space: Space) -> bool:
    """A space's page lists its public rooms, which every logged-in person may read, so any of them sees it."""
    return not is_anonymous(user)


def get_visible_space_or_404(user, **lookup) -> Space:
    space = Space.objects.select_related("host").filter(**lookup).first()
    if space is None or not can_view_space(user, space):
        raise Http404
    return space


# --- events hosted in a space ------------------------------------------------------------------------------


def can_organise_space_events(user, space: Space) -> bool:
    """The space's managers draft, edit and publish the events it hosts (DESIGN.md: agenda items hosted by a
    space), whatever their role in the host structure; who sees and registers stays ``ecosystem.access``'s."""
    return can_manage_space(user, space)


def get_space_feed_or_404(slug) -> Space:
    """A space's event feed (``.ics``) is for calendar apps, which have no session: anyone may read it, as it
    carries public events only (``spaces.events.feed_events``); an unknown space is 404."""
    space = Space.objects.filter(slug=slug).first()
    if space is None:
        raise Http404
    return space


# --- rooms -------------------------------------------------------------------------------------------------


# Kinds of room whose readers also include the people let into that one room (RoomMember, member or guest).
LET_IN_KINDS = (Kind.PRIVATE, Kind.PROJECT)


def _let_in_q(user) -> Q:
    return Q(Exists(RoomMember.objects.filter(room=OuterRef("pk"), user=user)))


def _readers_q(user, kind: str) -> Q:
    """Who may read a room of ``kind`` (the people let into the room aside, :data:`LET_IN_KINDS`), as a
    condition on the room: the one rule, asked whole by :func:`visible_rooms` and for one kind by the
    single-room checks (a private room's check then reads three tables, not every kind's)."""
    if kind == Kind.PUBLIC:
        return Q()
    if kind == Kind.PRIVATE:
        member_of = Membership.objects.filter(user=user).values("actor")
        spaces = Space.objects.filter(
            Q(host__in=member_of) | Q(pk__in=SpaceMember.objects.filter(user=user).values("space"))
        )
        return Q(space__in=spaces.values("pk"))
    if kind == Kind.PROJECT:
        works_on = Project.objects.filter(ecosystem_access.project_people_q(user))
        return Q(project__in=works_on.values("pk"))
    if kind == Kind.DIRECT:
        admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values("actor")
        return Q(started_by=user) | Q(contact_actor__in=admin_of)
    return Q(pk__in=[])  # a kind this module does not know: nobody


def _visible_rooms_q(user) -> Q:
    visible = Q(_let_in_q(user), kind__in=LET_IN_KINDS)
    for kind in Kind.values:
        visible |= Q(kind=kind) & _readers_q(user, kind)
    return visible


def visible_rooms(user) -> QuerySet[Room]:
    """Every room ``user`` may read (one query, whatever the number of rooms)."""
    if is_anonymous(user):
        return Room.objects.none()
    return Room.objects.filter(_visible_rooms_q(user))


def my_rooms(user) -> QuerySet[Room]:
    """The rooms that are "mine": what the room list and the unread counts cover.

    Every visible room except public rooms the person never opened nor posted in and whose space they are not
    a member or manager of (a public room is readable by all, but is not everyone's concern).
    """
    if is_anonymous(user):
        return Room.objects.none()
    opened = ReadMarker.objects.filter(room=OuterRef("pk"), user=user)
    spaces = Space.objects.filter(
        Q(host__in=Membership.objects.filter(user=user).values("actor"))
        | Q(pk__in=SpaceMember.objects.filter(user=user).values("space"))
    )
    return visible_rooms(user).filter(
        ~Q(kind=Kind.PUBLIC) | Q(Exists(opened)) | Q(space__in=spaces.values("pk"))
    )


def _readable(user, room: Room) -> QuerySet[Room]:
    """``room`` if ``user`` may read it, by the rule of its kind only (the kind, set at creation, is checked
    too: a copy of the room never decides)."""
    readers = _readers_q(user, room.kind)
    if room.kind in LET_IN_KINDS:
        readers |= _let_in_q(user)
    return Room.objects.filter(Q(pk=room.pk, kind=room.kind) & readers)


def can_view_room(user, room: Room) -> bool:
    if is_anonymous(user):
        return False
    if room.kind == Kind.PUBLIC:
        return True
    return _readable(user, room).exists()


def can_post(user, room: Room) -> bool:
    """May read the room and the room is not archived (read from the database: a consumer's copy may be old)."""
    if is_anonymous(user):
        return False
    return _readable(user, room).filter(is_archived=False).exists()


def is_guest(user, room: Room) -> bool:
    if is_anonymous(user):
        return False
    return RoomMember.objects.filter(room=room, user=user, role=RoomMember.Role.GUEST).exists()


def can_see_members(user, room: Room) -> bool:
    """Guests see the authors of messages, never the member list."""
    return can_view_room(user, room) and not is_guest(user, room)


def can_manage_room(user, room: Room) -> bool:
    """Invite to and remove from a room, archive it: the space's managers, or the lead actor's members."""
    if is_anonymous(user):
        return False
    if room.is_hosted:
        return can_manage_space(user, room.space)
    if room.kind == Kind.PROJECT:
        return Membership.objects.filter(user=user, actor_id=room.project.lead_actor_id).exists()
    return False


def get_visible_room_or_404(user, pk) -> Room:
    """The room ``pk`` if ``user`` may read it; Http404 for unknown and forbidden alike."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    room = (
        Room.objects.select_related("space__host", "project__lead_actor", "contact_actor", "started_by")
        .filter(pk=pk)
        .first()
    )
    if room is None or not can_view_room(user, room):
        raise Http404
    return room


def room_people(room: Room) -> QuerySet[User]:
    """The people let into ``room`` by a rule other than "every logged-in person".

    Used for notifications, the manager view and to resolve mentions. For a public room: the space's managers
    and members and the people who opened the room or posted in it.
    """
    if room.kind == Kind.DIRECT:
        admins = Membership.objects.filter(actor_id=room.contact_actor_id, role=Membership.Role.ADMIN)
        return User.objects.filter(Q(pk=room.started_by_id) | Q(pk__in=admins.values("user")))
    let_in = Q(pk__in=RoomMember.objects.filter(room=room).values("user"))
    if room.kind == Kind.PROJECT:
        people = ecosystem_access.project_people(room.project)
        return User.objects.filter(Q(pk__in=people.values("pk")) | let_in)
    in_space = Q(pk__in=Membership.objects.filter(actor_id=room.space.host_id).values("user")) | Q(
        pk__in=SpaceMember.objects.filter(space_id=room.space_id).values("user")
    )
    if room.kind == Kind.PRIVATE:
        return User.objects.filter(in_space | let_in)
    readers = ReadMarker.objects.filter(room=room).values("user")
    authors = Message.objects.filter(room=room).values("author")
    return User.objects.filter(in_space | let_in | Q(pk__in=readers) | Q(pk__in=authors))


# --- messages ----------------------------------------------------------------------------------------------


class MessageRights:
    """What ``user`` may do to the messages of ``room``: the one rule for editing and deleting a message.

    The per-room facts (may post, may read, moderates) are read once, when first needed, so a page of history
    asks the same rule of every message at a fixed number of queries.

    - Edit: the author only, while they may still post in the room; a deleted message stays deleted.
    - Delete: the author while they may read the room, or (moderation) a manager of the space for the rooms of
      a hosted space.
    """

    def __init__(self, user, room: Room, *, can_view: bool | None = None):
        self.user, self.room = user, room
        self.user_id = None if is_anonymous(user) else user.pk
        if can_view is not None:  # the caller already checked it (e.g. the room page it is rendering)
            self.can_view = can_view

    @cached_property
    def can_post(self) -> bool:
        return can_post(self.user, self.room)

    @cached_property
    def can_view(self) -> bool:
        return can_view_room(self.user, self.room)

    @cached_property
    def can_moderate(self) -> bool:
        return (
            self.user_id is not None and self.room.is_hosted and can_manage_space(self.user, self.room.space)
        )

    def can_edit(self, message: Message) -> bool:
        if self.user_id is None or message.author_id != self.user_id or message.is_deleted:
            return False
        return self.can_post

    def can_delete(self, message: Message) -> bool:
        if self.user_id is None or message.is_deleted:
            return False
        if message.author_id == self.user_id and self.can_view:
            return True
        return self.can_moderate


def can_edit_message(user, message: Message) -> bool:
    return MessageRights(user, message.room).can_edit(message)


def can_delete_message(user, message: Message) -> bool:
    return MessageRights(user, message.room).can_delete(message)


def get_visible_message_or_404(user, pk) -> Message:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    message = Message.objects.select_related("room__space", "room__project", "author").filter(pk=pk).first()
    if message is None or not can_view_room(user, message.room):
        raise Http404
    return message
