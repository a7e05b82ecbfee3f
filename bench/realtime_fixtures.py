"""The Essaim side of the real-time benchmarks: logged-in people and public rooms in the bench database.

``python -m bench.realtime_fixtures`` (a child process on the bench settings, like ``manage``) reads
``{"users": N, "rooms": {label: size, …}}`` on stdin and prints ``{"cookies": [N cookie headers], "rooms":
{label: room id}, "pages": {label: the room page's path}}``. It is idempotent: people, the host structure, its space and the rooms are found by their
names when they exist (a kept bench database is reused), and each run opens fresh sessions, as N browsers
logging in would. Rooms are public rooms of one hosted space, so every logged-in person may join them.
"""

import json
import os
import sys

HOST_NAME = "Banc d'essai temps réel"
SPACE_NAME = "Banc d'essai"


def email(index: int) -> str:
    return f"bench-rt-{index:04d}@bench.essaim.localhost"


def session_cookie(user) -> str:
    """A session as a login makes it: the cookie header a browser of ``user`` would send."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def person(index: int):
    """Bench account ``index``, created without a usable password: it never logs in through a form, and
    hashing hundreds of passwords would make every fresh bench database a minute slower."""
    from ecosystem.models import User

    user = User.objects.filter(email=email(index)).first()
    return user or User.objects.create_user(email(index), password=None, display_name=f"Banc {index:04d}")


def build(users: int, rooms: dict[str, int]) -> dict:
    from django.urls import reverse

    from ecosystem.actions.actors import create_actor
    from ecosystem.models import Actor, ActorKind
    from spaces import actions
    from spaces.models import Room, Space

    people = [person(index) for index in range(users)]
    host = Actor.objects.filter(name=HOST_NAME).first() or create_actor(
        people[0], {"name": HOST_NAME, "kind": ActorKind.INCUBATOR}
    )
    manager = host.memberships.first().user
    space = Space.objects.filter(host=host, name=SPACE_NAME).first() or actions.create_space(
        manager, host, name=SPACE_NAME
    )
    room_ids = {}
    for label in rooms:
        name = f"bench {label}"
        room = Room.objects.filter(space=space, name=name).first() or actions.open_room(
            manager, space, name=name, kind="public"
        )
        room_ids[label] = room.pk
    return {
        "cookies": [session_cookie(user) for user in people],
        "rooms": room_ids,
        "pages": {label: reverse("spaces:room", args=[room_id]) for label, room_id in room_ids.items()},
    }


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    spec = json.load(sys.stdin)
    json.dump(build(spec["users"], spec["rooms"]), sys.stdout)


if __name__ == "__main__":
    main()
