"""Territory choices typed by people: resolving "Amiens", "Somme (80)" or "CA du Beauvaisis" to rows.

Read-only lookups over :class:`~ecosystem.models.Territory` used by front-office forms (a project's
territories served, the "around" territory of a partner slot). Nothing here writes.

A territory is written back to people as ``"Name (code)"`` (:func:`territory_label`): the INSEE code of a
commune or département, the SIREN of an EPCI. That form resolves to exactly one row, so a form re-displayed
after an error, or opened for editing, round-trips without ambiguity.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from ecosystem.geography.build import normalise_name
from ecosystem.models import Territory
from ecosystem.territories import find_communes

Level = Territory.Level

# Levels a project can serve: the call speaks of communes, intercommunalities and départements.
SERVED_LEVELS = (Level.COMMUNE, Level.EPCI, Level.DEPARTEMENT)

_NAME_AND_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[0-9A-Za-z]{1,9})\)$")
_CODE_ONLY = re.compile(r"^(?:\d{2,9}|2[AaBb]\d{0,3})$")
# Entries are separated by new lines or semicolons (French commune names never contain either).
_SEPARATORS = re.compile(r"[\n;]+")


def territory_label(territory: Territory) -> str:
    """``"Name (code)"``: what a person sees and may type back to mean exactly this territory."""
    return f"{territory.name} ({territory.code})"


def territories_text(territories) -> str:
    """The text of a territories field for an existing selection, one per line."""
    return "\n".join(territory_label(t) for t in territories)


@dataclass
class Resolution:
    """The outcome of resolving typed entries: the territories found and one message per failed entry."""

    territories: list[Territory] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _describe(candidates) -> str:
    return ", ".join(f"{territory_label(t)} — {t.get_level_display()}" for t in candidates)


def resolve_one(text: str, levels=SERVED_LEVELS) -> tuple[Territory | None, str]:
    """Resolve one typed entry to a territory, or ``(None, reason)`` saying why and what was meant.

    * ``"Name (code)"``: the territory with that code (or a commune of that département) and that name;
    * a bare code: the territory with that code;
    * a name: the territory whose name matches exactly (accent-, case- and hyphen-blind). When several
      do (a commune and its EPCI, two homonymous communes), the reason lists them in the typed-back form.
    """
    text = text.strip()
    base = Territory.objects.filter(level__in=levels)
    match = _NAME_AND_CODE.match(text)
    if match:
        code = match["code"].upper()
        key = normalise_name(match["name"])
        candidates = base.filter(Q(code=code) | Q(level=Level.COMMUNE, departement__code=code))
        if key:
            candidates = candidates.filter(search_name=key)
    elif _CODE_ONLY.match(text):
        candidates = base.filter(code=text.upper())
    else:
        candidates = base.filter(search_name=normalise_name(text))
    found = list(candidates.order_by("level", "code")[:6])
    if len(found) == 1:
        return found[0], ""
    if found:
        return None, _("“%(text)s” is ambiguous; type one of: %(candidates)s.") % {
            "text": text,
            "candidates": _describe(found),
        }
    suggestions = find_communes(match["name"] if match else text, limit=5) if Level.COMMUNE in levels else []
    if suggestions:
        return None, _("“%(text)s” was not found. Did you mean: %(candidates)s?") % {
            "text": text,
            "candidates": _describe(suggestions),
        }
    return None, _("“%(text)s” was not found.") % {"text": text}


def resolve_many(text: str, levels=SERVED_LEVELS) -> Resolution:
    """Resolve entries separated by new lines or semicolons; duplicates are kept once, in typed order."""
    resolution = Resolution()
    seen = set()
    for entry in _SEPARATORS.split(text or ""):
        if not entry.strip():
            continue
        territory, reason = resolve_one(entry, levels)
        if territory is None:
            resolution.errors.append(reason)
        elif territory.pk not in seen:
            seen.add(territory.pk)
            resolution.territories.append(territory)
    return resolution
