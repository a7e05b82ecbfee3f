"""Presence frames after the ready frame: deltas, at most one per room per interval, a count past a size.

The ready frame carries the room's roster (``spaces.actions.presence.roster``: the ``online`` list, or a
``count`` in a crowded room); afterwards a room's hub sends ``{"type": "presence",
"joined": [{"id", "name"}, …], "left": [id, …]}`` (what changed since its last frame), or
``{"type": "presence", "count": n}`` once more than ``SPACES_PRESENCE_LIST_MAX`` people are online, and the
full ``{"online": […]}`` again when the room shrinks back under it. Each join used to send the whole list to
every member: 200 joins made 20,000 frames; debounced deltas make at most one small frame per second.

``left`` names everyone seen since the last frame who is not online now: a client whose ready frame listed
someone who came and went between two frames still drops them (removing someone absent is harmless).
"""

import time

from spaces.actions.presence import crowded

PRESENCE_INTERVAL_S = 1.0


class PresenceFrames:
    """The presence frames of one room in one process; pure state, the clock injected for tests. The list is
    built only when a frame goes out, not at every change (a burst of 200 joins builds it once or twice)."""

    def __init__(self, online: list[dict], *, interval: float = PRESENCE_INTERVAL_S, clock=time.monotonic):
        self.interval, self.clock = interval, clock
        self.sent = {person["id"]: person for person in online}  # what connections were last told
        self.counting = crowded(len(self.sent))
        self.seen = set(self.sent)
        self.last_frame = float("-inf")
        self.due = False

    def changed(self, joined=()) -> float | None:
        """The room's connections changed (``joined``: the people of new ones); the delay before a frame is
        due, or None if one is already due."""
        self.seen.update(person["id"] for person in joined)
        if self.due:
            return None
        self.due = True
        return max(0.0, self.last_frame + self.interval - self.clock())

    def frame(self, online: list[dict]) -> dict | None:
        """The frame to send now that ``online`` is the room's list (None: nothing changed since the last)."""
        self.due = False
        self.last_frame = self.clock()
        now = {person["id"]: person for person in online}
        was_counting = self.counting
        self.counting = crowded(len(now))
        if self.counting:
            frame = {"type": "presence", "count": len(now)}
            if was_counting and len(now) == len(self.sent):
                frame = None
        elif was_counting:
            frame = {"type": "presence", "online": list(online)}
        else:
            joined = [person for pk, person in now.items() if pk not in self.sent]
            left = sorted(self.seen - now.keys())
            frame = {"type": "presence", "joined": joined, "left": left} if joined or left else None
        self.sent, self.seen = now, set(now)
        return frame
