"""Every write of the spaces: validate, write in a transaction, broadcast and notify on commit.

The contract is :mod:`ecosystem.actions`'s: an action takes the acting ``user`` first and checks their right
with :mod:`spaces.access` itself (``PermissionDenied``, the same for hidden and unknown; views answer 404),
validates (``ValidationError`` with a code the consumers send back in an error frame) and writes in a
transaction, broadcasting on commit, in its ``do_*`` half (``do_create_space``, ``do_open_room``,
``do_invite_to_room``, ``do_start_direct_conversation``, ``do_enter`` …), which the demo and other actions call.
Trusted writers with no person's right involved: ``project_room`` (it creates the room a project's people
already may read), ``notify_mentions`` (called by the message actions once they checked), presence's
``refresh`` and ``leave`` (a connection already let in). :mod:`.messages` does not follow the split yet: its
write path is being rewritten separately.

Modules: :mod:`.hosting` (spaces, rooms, who is let in), :mod:`.messages` (post, edit, delete, mark read),
:mod:`.direct` (contacting an actor), :mod:`.mentions`, :mod:`.presence`, :mod:`.events` (events hosted in a
space).
"""

from .direct import start_direct_conversation
from .events import edit_space_event, organise_event, publish_space_event
from .hosting import (
    add_space_member,
    create_space,
    invite_to_room,
    open_room,
    project_room,
    remove_from_room,
    remove_space_member,
    set_room_archived,
)
from .messages import (
    clean_attachment,
    delete_message,
    do_post_message,
    edit_message,
    mark_read,
    post_message,
)

__all__ = [
    "add_space_member",
    "clean_attachment",
    "create_space",
    "delete_message",
    "do_post_message",
    "edit_message",
    "edit_space_event",
    "invite_to_room",
    "mark_read",
    "open_room",
    "organise_event",
    "post_message",
    "project_room",
    "publish_space_event",
    "remove_from_room",
    "remove_space_member",
    "set_room_archived",
    "start_direct_conversation",
]
