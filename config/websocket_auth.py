"""Who opens a WebSocket: the session cookie's person, decided in the consumer's own database call.

Channels' ``AuthMiddlewareStack`` loads the person in a hop into the process's single sync thread before the
consumer runs, and the second-factor rule took another; each hop also ran Django's connection hygiene (with
``CONN_HEALTH_CHECKS`` a ``SELECT 1`` first). A room of 200 connecting at once queued 400 such hops behind
each other. Here the middleware reads no database: it gives the scope ``session_key`` and ``authenticate``,
the rule as a plain function of no argument, which each consumer runs inside the database call it makes
anyway (the room consumer with its access check, on its pool of database threads: one hop; or not at all
when the room page handed it a ticket, spaces.tickets). The consumer then sets ``scope["user"]``. A scope
without ``user`` is anonymous (``scope.get("user")`` is None): a consumer that forgot to authenticate lets
nobody in.

The rules are Channels' and ours, not copies: Channels' ``get_user`` reads the session (its backend, the
session hash that logs a person out everywhere when their password changes; unlike Django's own, it never
cycles the session key, which a WebSocket could not send back to the browser) and
:func:`config.mfa.must_pass_second_factor` decides the second factor — a person who must pass it and whose
session did not is anonymous on WebSockets, as anyone logged out. No consumer reads or writes the session,
and an idle connection need not keep it in memory.
"""

from functools import partial
from importlib import import_module

from channels.auth import get_user
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http.cookie import parse_cookie

from config.mfa import must_pass_second_factor


class _Handshake:
    """What allauth's authentication records read of a request: its session."""

    def __init__(self, session):
        self.session = session


def _cookie(scope, name: str) -> str | None:
    cookies = "; ".join(
        value.decode("latin-1") for header, value in scope.get("headers", ()) if header == b"cookie"
    )
    return parse_cookie(cookies).get(name)


def authenticate(session_key: str | None):
    """The person of ``session_key``, or AnonymousUser (no session, an expired one, or a second factor due)."""
    if not session_key:
        return AnonymousUser()
    handshake = _Handshake(import_module(settings.SESSION_ENGINE).SessionStore(session_key))
    user = get_user.func({"session": handshake.session})  # the rule itself, run in our own database call
    if user.is_authenticated and must_pass_second_factor(handshake, user):
        return AnonymousUser()
    return user


class WebsocketAuthentication:
    """ASGI middleware: ``scope["session_key"]`` and ``scope["authenticate"]`` (see the module's text)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        key = _cookie(scope, settings.SESSION_COOKIE_NAME)
        return await self.app(
            dict(scope, session_key=key, authenticate=partial(authenticate, key)), receive, send
        )
