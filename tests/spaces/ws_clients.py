"""WebSocket clients for the consumer tests: Channels' communicator on the real ASGI application.

``await open_room(user, room)`` logs ``user`` in (a session cookie of their own, as a browser would have),
connects to ``/ws/rooms/<id>/`` through the whole stack (Origin check, session, routing) and returns a
:class:`RoomClient` once the ready frame came; ``await refused(user, path)`` returns the close code of a
connection the server refuses.
"""

import json

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application

ORIGIN = b"http://127.0.0.1:8000"
TIMEOUT = 10  # generous: a loaded machine may take seconds for a first query or catalogue


def session_cookie(user) -> bytes:
    client = Client()  # one browser per person: a second login on one client would end the first session
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def communicator(
    user, path: str, *, origin: bytes = ORIGIN, cookie: bytes | None = None
) -> WebsocketCommunicator:
    """A client of ``path``: ``cookie`` is a session cookie of ``user``'s (a new session when None)."""
    headers = [(b"origin", origin), (b"host", b"127.0.0.1:8000")]
    if user is not None:
        headers.append((b"cookie", cookie or await database_sync_to_async(session_cookie)(user)))
    return WebsocketCommunicator(application, path, headers=headers)


class RoomClient:
    """A connected, joined client of one room; ``ready`` is the server's ready frame."""

    def __init__(self, ws: WebsocketCommunicator, ready: dict):
        self.ws = ws
        self.ready = ready
        self.skipped_messages: list[dict] = []  # message frames next() passed over, for messages()

    async def send(self, **frame) -> None:
        await self.ws.send_json_to(frame)

    async def send_raw(self, text: str) -> None:
        await self.ws.send_to(text_data=text)

    async def next(self, *types: str, timeout: float = TIMEOUT) -> dict:
        """The next frame of one of ``types`` (any type when none is given), skipping frames of other types."""
        while True:
            frame = await self.ws.receive_json_from(timeout=timeout)
            if not types or frame["type"] in types:
                return frame
            if frame["type"] == "message":
                # Kept for messages(): a person's own message may come live before its ack.
                self.skipped_messages.append(frame)

    async def frames(self, timeout: float = 0.3) -> list[dict]:
        """Every frame that arrives within ``timeout`` of the previous one (of the call, for the first)."""
        received = []
        while not await self.ws.receive_nothing(timeout=timeout):
            received.append(json.loads((await self.ws.receive_output())["text"]))
        return received

    async def messages(self, count: int = 0, *, quiet: float = 0.3) -> list[dict]:
        """The next ``count`` message frames (each waited for up to TIMEOUT: the first message of a run may
        load translation catalogues), then any other that arrives within ``quiet`` seconds. Frames of other
        types are skipped. Message frames that :meth:`next` passed over come first."""
        received, self.skipped_messages = self.skipped_messages, []
        received += [await self.next("message") for _ in range(count - len(received))]
        received += [frame for frame in await self.frames(quiet) if frame["type"] == "message"]
        return received

    async def closed_with(self, timeout: float = TIMEOUT) -> int | None:
        """The close code the server sent next (other frames are skipped), or None if it sent nothing."""
        while True:
            # receive_nothing first: a receive_output that times out would cancel the application.
            if await self.ws.receive_nothing(timeout=timeout):
                return None
            output = await self.ws.receive_output()
            if output["type"] == "websocket.close":
                return output.get("code")

    async def close(self) -> None:
        await self.ws.disconnect()


async def open_room(user, room, *, query: str = "", cookie: bytes | None = None) -> RoomClient:
    ws = await communicator(user, f"/ws/rooms/{room.pk}/{query}", cookie=cookie)
    connected, _ = await ws.connect(timeout=TIMEOUT)
    assert connected, "handshake refused"
    first = await ws.receive_output(timeout=TIMEOUT)
    assert first["type"] == "websocket.send", f"closed instead of ready: {first}"
    ready = json.loads(first["text"])
    assert ready["type"] == "ready", ready
    return RoomClient(ws, ready)


async def refused(user, path: str, *, origin: bytes = ORIGIN, cookie: bytes | None = None) -> int | str:
    """The close code of a connection to ``path`` (accepted, then closed), or "handshake" if refused."""
    ws = await communicator(user, path, origin=origin, cookie=cookie)
    connected, _ = await ws.connect(timeout=TIMEOUT)
    if not connected:
        return "handshake"
    output = await ws.receive_output(timeout=TIMEOUT)
    await ws.disconnect()
    assert output["type"] == "websocket.close", f"the server sent {output} instead of closing"
    return output["code"]
