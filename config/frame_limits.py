"""The WebSocket servers' own size limit is the application's: SPACES_MAX_FRAME_BYTES.

A message over it is refused by the server itself, from the length its frame header declares, before the
payload is buffered or reaches the application: the server closes the connection with 1009 "message too
big" (RFC 6455 §7.4.1). One limit and one answer for every oversized frame, whatever its size, on every
server — where servers' own defaults (1 MiB for daphne, 16 MiB for uvicorn) let the application answer
frames up to there and handled the bigger ones each its own way (daphne dropped the TCP connection without a
close frame). Nothing legitimate comes near it: a message of the maximum length (SPACES_MESSAGE_MAX_LENGTH
characters) is at most a few times that many bytes of JSON. The application still refuses a frame over the
limit with a ``too_large`` error frame should a server be configured with a larger one
(``spaces.consumers.frames``).

- uvicorn: ``--ws-max-size`` from the same environment variable (platform/web.sh; tests/spaces/
  realtime_servers.py);
- daphne (``manage.py runserver``, the ``daphne`` command): set here, wherever it runs, by
  :func:`configure_daphne`, which config.asgi calls when daphne is the server. autobahn, under daphne, fails
  an oversized message by dropping the connection unless told not to ("failByDrop"); without it, it closes
  with 1009 like uvicorn.
"""

import sys

from django.conf import settings


def configure_daphne() -> None:
    """Make daphne's WebSocket factory use SPACES_MAX_FRAME_BYTES and close (not drop) oversized messages.

    Daphne sets its protocol options when it starts serving, after loading the application; its options
    have no setting for failByDrop, so the factory's ``setProtocolOptions`` is wrapped to add it."""
    if "daphne.server" not in sys.modules:  # another server (uvicorn) is running the application
        return
    from daphne.ws_protocol import WebSocketFactory

    if getattr(WebSocketFactory.setProtocolOptions, "essaim_limits", False):
        return
    original = WebSocketFactory.setProtocolOptions

    def set_protocol_options(self, *args, **kwargs):
        limit = settings.SPACES_MAX_FRAME_BYTES
        kwargs.update(maxMessagePayloadSize=limit, maxFramePayloadSize=limit, failByDrop=False)
        return original(self, *args, **kwargs)

    set_protocol_options.essaim_limits = True
    WebSocketFactory.setProtocolOptions = set_protocol_options
