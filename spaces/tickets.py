"""Room tickets: the room page's access decision, handed to the WebSocket that page opens a moment later.

A room page has just decided that its viewer may read the room and whether they see its members; without a
ticket, the socket its script opens repeats the same questions (whose session, which person, may they read
the room) in the database before its ready frame, and when a room of 200 opens at once those questions are
most of the time it takes. The page passes its answer along instead: a ticket signed with the site's key
(:mod:`django.core.signing`), naming the person, the room and whether they see the members, bound to the
session that loaded the page (the session key is part of the signature's salt: a ticket is worthless
without that session's cookie), and valid :data:`LIFETIME_S` after the page was made.

What that trusts, and for how long: a connection opened on a ticket checks the session and its access again
when the ticket expires (spaces.consumers.rooms), so a logout or a change of access published between the
page and the connection's joining its groups (after which ``access.changed`` reaches it) is acted on
within :data:`LIFETIME_S`. Posting trusts the decision only :data:`spaces.access.ACCESS_TRUSTED_S` from when
the page made it, as it trusts any connection's. A ticket that is missing, altered, expired, for another
room or for another session is no answer: the connection then checks the session and the access itself, as
every reconnection does.
"""

import time
from dataclasses import dataclass

from django.core import signing

from spaces.actions.presence import person

SALT = "spaces.room-ticket"
# Long enough for a page's scripts to load on a slow mobile connection before its socket opens; short, as
# what a connection opened on a ticket may read before its check is bounded by it.
LIFETIME_S = 30.0
MAX_LENGTH = 1000  # a ticket is ~200 characters; anything much longer is not one (not even decoded)
CLOCK_SKEW_S = 1.0  # issued by another process whose clock may be a little ahead


@dataclass(frozen=True)
class Ticket:
    room_id: int
    person: dict  # how presence names the holder: {"id", "name"}
    sees_members: bool
    issued_at: float  # seconds since the epoch

    @property
    def user_id(self) -> int:
        return self.person["id"]

    def age(self) -> float:
        return time.time() - self.issued_at

    def seconds_left(self) -> float:
        return LIFETIME_S - self.age()


def _salt(session_key: str) -> str:
    return f"{SALT}:{session_key}"


def issue(session_key: str, user, room, *, sees_members: bool) -> str:
    """A ticket for ``user``'s session to open ``room`` (the caller decided that ``user`` may read it)."""
    payload = {"r": room.pk, "p": person(user), "m": sees_members, "t": round(time.time(), 3)}
    return signing.dumps(payload, salt=_salt(session_key), compress=False)


def redeem(ticket: str, session_key: str | None, room_id: int) -> Ticket | None:
    """The ticket's decision if it is genuine, still valid, for ``room_id`` and this session; else None."""
    if not ticket or not session_key or len(ticket) > MAX_LENGTH:
        return None
    try:
        payload = signing.loads(ticket, salt=_salt(session_key), max_age=LIFETIME_S)
        redeemed = Ticket(
            room_id=payload["r"],
            person={"id": payload["p"]["id"], "name": payload["p"]["name"]},
            sees_members=payload["m"],
            issued_at=payload["t"],
        )
    except (signing.BadSignature, TypeError, KeyError, ValueError):
        return None
    left = redeemed.seconds_left()
    if redeemed.room_id != room_id or not 0 < left <= LIFETIME_S + CLOCK_SKEW_S:
        return None
    return redeemed
