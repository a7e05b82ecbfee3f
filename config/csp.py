"""The Content-Security-Policy of every page (django-csp), with what a static setting cannot say.

The policy itself is declared in the settings (``CONTENT_SECURITY_POLICY``, section "Content-Security-Policy"
of config/settings/base.py). This middleware adds the parts that depend on the request:

- ``connect-src`` gets the WebSocket origin of the site itself (``wss://`` + the host the page was served
  from, ``ws://`` over plain HTTP): ``'self'`` covers ws:/wss: of the same host only in browsers that follow
  CSP level 3, and the live rooms and header counts must work in the others too.
- Third-party interfaces we do not write, the Wagtail admin (``/admin/``) and the Django admin, run inline
  scripts and styles and load what their editors need; they get the relaxed ``ESSAIM_CSP_RELAXED_DIRECTIVES``
  instead (no framing by other sites, no plugins, no foreign ``<base>`` or form targets), so the strict
  policy never has to allow inline code for the public site.
- Wagtail's previews (the editor's preview panel, moderation) render a public page through the middleware
  with a dummy request for the page's own URL, shown in a frame of the admin: that response keeps the strict
  policy but may be framed by the site itself.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.exceptions import DisallowedHost, ImproperlyConfigured


def tile_source(url_template: str) -> str | None:
    """The CSP source that lets a Leaflet tile URL template load, or None when 'self' already covers it.

    ``https://tile.openstreetmap.org/{z}/{x}/{y}.png`` → ``https://tile.openstreetmap.org``;
    ``https://{s}.tile.example.org/…`` → ``https://*.tile.example.org`` (Leaflet's subdomain placeholder);
    a path on the site itself (``/tiles/{z}/{x}/{y}.png``) needs nothing more than ``'self'``.
    """
    parts = urlsplit(url_template)
    if not parts.netloc:
        return None
    if parts.scheme not in {"http", "https"}:
        raise ImproperlyConfigured(f"MAP_TILE_URL must be an http(s) URL or a path: {url_template!r}")
    labels = parts.netloc.split(".")
    if "{" in labels[0]:
        labels[0] = "*"  # CSP allows a wildcard only as the leftmost label, which is where {s} goes
    host = ".".join(labels)
    if "{" in host or "}" in host:
        raise ImproperlyConfigured(
            f"MAP_TILE_URL may have a placeholder only in the first label of its host: {url_template!r}"
        )
    return f"{parts.scheme}://{host}"


def websocket_origin(request) -> str | None:
    """``wss://host[:port]`` (``ws://`` over plain HTTP) of the request, or None if its host is not allowed."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the answer is already a 400: it needs no WebSocket
    return f"{'wss' if request.is_secure() else 'ws'}://{host}"


def is_relaxed(path: str) -> bool:
    return path.startswith(tuple(settings.ESSAIM_CSP_RELAXED_PREFIXES))


class EssaimCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        declared = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        if not getattr(settings, declared, None):
            return parts  # no such policy: nothing to adjust (django-csp then sends no header)
        if is_relaxed(request.path_info):
            parts.config = dict(settings.ESSAIM_CSP_RELAXED_DIRECTIVES)
            parts.update = parts.replace = None
            return parts
        origin = websocket_origin(request)
        if origin:
            update = dict(parts.update or {})
            update["connect-src"] = [*update.get("connect-src", ()), origin]
            parts.update = update
        if getattr(request, "is_dummy", False):  # set by Wagtail's make_preview_request
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
