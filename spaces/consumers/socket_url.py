"""What a room socket's URL says besides the room: ``?lang=`` (the page's language), ``?after=`` (the last
version the client saw) and ``?ticket=`` (the room page's, :mod:`spaces.tickets`)."""

from urllib.parse import parse_qs

from django.conf import settings
from django.utils import translation


def query(scope, name: str) -> str:
    """The ``name`` parameter of the socket's URL, or ``""``."""
    return parse_qs(scope.get("query_string", b"").decode("latin-1")).get(name, [""])[0]


def language(scope) -> str:
    """The page's language, passed as ``?lang=``; the site's default otherwise."""
    requested = query(scope, "lang")
    codes = {code for code, _ in settings.LANGUAGES}
    return (
        requested
        if requested in codes
        else translation.get_supported_language_variant(settings.LANGUAGE_CODE)
    )
