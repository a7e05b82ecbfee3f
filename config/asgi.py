"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSocket handshakes are refused unless their Origin is a page of this site (config.origins: scheme, host and
port), then the session authenticates the person in one database call — as anonymous when they must pass a
second factor and this session did not (config.websocket_auth, config.mfa). Under daphne, its WebSocket size limit is set to the application's
(config.frame_limits; uvicorn gets it on its command line).
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

# Django must be set up before the routing imports models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.frame_limits import configure_daphne  # noqa: E402
from config.origins import OriginCheck  # noqa: E402
from config.websocket_auth import WebsocketAuthentication  # noqa: E402
from spaces.routing import websocket_urlpatterns  # noqa: E402

configure_daphne()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": OriginCheck(WebsocketAuthentication(URLRouter(websocket_urlpatterns))),
    }
)

# What loading the application made lives as long as the process: frozen, the collector stops walking it at
# every full collection (0.12 s each on a 2-CPU machine, a pause of every connection of the process).
gc.freeze()
