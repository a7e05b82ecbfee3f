"""The presence half of a room's hub: who has the room open, in every process, and the frames that say so.

The hub keeps the room's connections (``{connection: person}``) from ``room.presence`` events (the connections
that came and went, :mod:`spaces.actions.presence`) and from a re-read of the database now and then
(:meth:`PresenceKeeper.resync`, which forgets the connections of a process that died and any event lost).
What connections are told goes out as debounced deltas (:mod:`.presence_frames`); a ready frame takes its
:meth:`PresenceKeeper.roster` from here.
"""

import asyncio

from spaces.actions.presence import people, roster
from spaces.consumers.frames import encode
from spaces.consumers.presence_frames import PresenceFrames


class PresenceKeeper:
    """Mixed into :class:`spaces.consumers.hub.RoomHub`; its ``listeners`` get ``room_presence(text)``."""

    listeners: set

    def keep_presence(self, connections: dict[str, dict]) -> None:
        """Start from ``connections``, as read after joining the room's group."""
        self.connections = connections  # the room's connections, every process's: {key: person}
        self.touched: set | None = None  # connections that events changed during a re-read
        self.presence = PresenceFrames(people(connections))
        self.presence_timer: asyncio.TimerHandle | None = None

    def stop_presence(self) -> None:
        if self.presence_timer is not None:
            self.presence_timer.cancel()

    def online(self) -> list[dict]:
        """Who is online, by name."""
        return people(self.connections)

    def roster(self, connection: str, someone: dict) -> dict:
        """A ready frame's presence (``roster``: names, or a count in a crowded room), ``someone`` on
        ``connection`` included even if its event is still on its way."""
        return roster({**self.connections, connection: someone})

    def presence_event(self, payload: dict) -> None:
        """``room.presence``: ``came`` ``{connection: person}``, ``went`` ``[connection]``."""
        came, went = payload["came"], payload["went"]
        if self.touched is not None:
            self.touched.update(came, went)
        self.connections.update(came)
        for connection in went:
            self.connections.pop(connection, None)
        self._presence_changed(list(came.values()))

    def resync(self, found: dict[str, dict]) -> None:
        """The room's connections as the database has them, but for those events changed meanwhile. A leave
        that came before its own join (events of two processes crossing) or a connection of a process that
        died is forgotten here."""
        touched = self.touched or set()
        stale = self.connections.keys() - found.keys() - touched
        new = {
            key: someone
            for key, someone in found.items()
            if key not in self.connections and key not in touched
        }
        for key in stale:
            del self.connections[key]
        self.connections.update(new)
        if stale or new:
            self._presence_changed()

    def _presence_changed(self, joined: list[dict] = ()) -> None:
        delay = self.presence.changed(joined)
        if delay is not None:
            self.presence_timer = asyncio.get_running_loop().call_later(delay, self._presence)

    def _presence(self) -> None:
        self.presence_timer = None
        frame = self.presence.frame(self.online())
        if frame is not None:
            text = encode(frame)
            for listener in list(self.listeners):
                listener.room_presence(text)
