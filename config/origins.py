"""Which pages may open a WebSocket to Essaim: the Origin check of the handshake (cross-site WebSocket
hijacking — a socket carries the person's session cookie whichever page opens it).

An Origin is compared as scheme, host and port (``http://127.0.0.1:1`` is not ``http://127.0.0.1:8000``), and
accepted when

- it is one of ``settings.WEBSOCKET_ALLOWED_ORIGINS`` (the site's public origins, by default its
  CSRF_TRUSTED_ORIGINS; ``https://*.example.org`` allows the subdomains, as Django's CSRF check does), or
- it is the origin the connection itself was made to: the same host and port as the request's Host header,
  with the matching scheme (``http`` for ``ws``, ``https`` for ``wss``), and a host of ALLOWED_HOSTS. This is
  what serves ``make run`` on 127.0.0.1:8000 and the tests' servers on their random ports, with nothing to
  configure; ALLOWED_HOSTS keeps a rebound DNS name (DNS rebinding) out, as it does for HTTP.

A missing or malformed Origin is refused (browsers always send one; other clients can). Refusals happen at
the handshake, before any application code or database access.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
HTTP_SCHEME = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


def _origin(value: str) -> tuple[str, str, int] | None:
    """``(scheme, host, port)`` of an origin such as ``https://example.org:8443``, or None if malformed."""
    try:
        parts = urlsplit(value.strip())
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:  # a port out of range or not a number
        return None
    if scheme not in ("http", "https") or not host or parts.path not in ("", "/") or parts.query:
        return None
    return scheme, host, port or DEFAULT_PORTS[scheme]


def _matches(origin: tuple[str, str, int], allowed: str) -> bool:
    wildcard = "://*." in allowed
    pattern = _origin(allowed.replace("://*.", "://", 1))
    if pattern is None:
        return False
    if wildcard:  # https://*.example.org: its subdomains, on that scheme and port
        scheme, domain, port = pattern
        return (origin[0], origin[2]) == (scheme, port) and origin[1].endswith("." + domain)
    return origin == pattern


def _same_origin(origin: tuple[str, str, int], scope) -> bool:
    headers = dict(scope.get("headers") or [])
    host_header = headers.get(b"host", b"").decode("latin-1").lower()
    scheme = HTTP_SCHEME.get(scope.get("scheme", "ws"), "http")
    host, port = split_domain_port(host_header)
    if not host or not validate_host(host, settings.ALLOWED_HOSTS):
        return False
    try:
        port_number = int(port) if port else DEFAULT_PORTS[scheme]
    except ValueError:
        return False
    return origin == (scheme, host.strip("[]"), port_number)


def origin_allowed(scope) -> bool:
    """Whether the handshake in ``scope`` comes from a page of this site (see the module docstring)."""
    values = [value for name, value in scope.get("headers") or [] if name == b"origin"]
    if len(values) != 1:
        return False
    origin = _origin(values[0].decode("latin-1"))
    if origin is None:
        return False
    if any(_matches(origin, allowed) for allowed in settings.WEBSOCKET_ALLOWED_ORIGINS):
        return True
    return _same_origin(origin, scope)


class OriginCheck:
    """ASGI middleware: WebSocket handshakes whose Origin is not allowed are refused (HTTP 403)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            denier = WebsocketDenier()
            return await denier(scope, receive, send)
        return await self.app(scope, receive, send)
