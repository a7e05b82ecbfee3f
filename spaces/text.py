"""Message text: stored as typed, rendered safe.

:func:`render_message` is the only way a message becomes HTML. It escapes everything the author typed, then
adds exactly three kinds of markup of its own: links for ``http(s)://`` addresses (``rel="nofollow noopener
ugc"``; no other scheme is ever linked, so ``javascript:`` stays text), a ``<span class="mention">`` around
``@handle`` mentions, and ``<br>`` for line breaks. No HTML from a client is ever trusted.

Mention handles: a person's handle is their display name (else first and last name, else the part of their
email before the @) slugified: "Camille Lefebvre" → ``@camille-lefebvre``, "Hélène Dupré" → ``@helene-dupre``.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

URL = r"https?://[^\s<>\"'`]+"
MENTION = r"(?<![\w@/.])@([a-zA-Z0-9][a-zA-Z0-9-]{0,79})"
TOKENS = re.compile(f"(?P<url>{URL})|(?P<mention>{MENTION})")
MENTION_RE = re.compile(MENTION)
# Punctuation that usually ends a sentence rather than an address ("see https://example.org.").
TRAILING = ".,;:!?)]}'\""
MAX_MENTIONS = 20


def handle_for(user) -> str:
    """The ``@handle`` (without the @) by which ``user`` is mentioned."""
    return slugify(user.get_full_name()) or f"user-{user.pk}"


def mentioned_handles(text: str) -> list[str]:
    """Distinct handles mentioned in ``text``, lower-cased, in order of appearance (at most MAX_MENTIONS)."""
    handles = []
    for match in MENTION_RE.finditer(text or ""):
        handle = match.group(1).lower().rstrip("-")
        if handle and handle not in handles:
            handles.append(handle)
    return handles[:MAX_MENTIONS]


def _link(url: str) -> str:
    trimmed = url.rstrip(TRAILING)
    # A closing parenthesis belongs to the address when it opened one (Wikipedia-style URLs).
    while url[len(trimmed) : len(trimmed) + 1] == ")" and trimmed.count("(") > trimmed.count(")"):
        trimmed += ")"
    rest = url[len(trimmed) :]
    if trimmed.endswith("://"):
        return escape(url)
    href = escape(trimmed)
    return f'<a href="{href}" rel="nofollow noopener ugc">{href}</a>{escape(rest)}'


def _render_line(line: str) -> str:
    parts, position = [], 0
    for match in TOKENS.finditer(line):
        parts.append(escape(line[position : match.start()]))
        if match.group("url"):
            parts.append(_link(match.group("url")))
        else:
            handle = match.group(0)[1:]
            parts.append(
                f'<span class="mention" data-handle="{escape(handle.lower())}">@{escape(handle)}</span>'
            )
        position = match.end()
    parts.append(escape(line[position:]))
    return "".join(parts)


def render_message(text: str) -> SafeString:
    """``text`` as safe HTML: escaped, with links, mentions and line breaks (see the module docstring)."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return mark_safe("<br>".join(_render_line(line) for line in lines))  # noqa: S308 - built from escaped parts


def excerpt(text: str, length: int = 120) -> str:
    """A one-line plain-text excerpt (for replies and notifications); still to be escaped where shown."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"
