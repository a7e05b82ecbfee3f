"""Which territory does this text mean: the one place where typed places are found and resolved.

Read-only queries over :class:`~ecosystem.models.Territory` (writes live in :mod:`ecosystem.actions.territories`),
used by every form field that takes a place, the suggestion endpoints, the API and the admin.

How a place is typed and understood
    * A **five-digit number is a postal code first**: « 80200 » means the communes La Poste serves under 80200
      (Péronne and 34 others), not Cocquerel whose INSEE code happens to be 80200. One commune: it is meant;
      several: the person chooses among them (:attr:`Resolution.candidates`, most populous first).
    * An **INSEE code** is accepted when written as such (« INSEE 80620 ») or when it is no postal code; a SIREN
      designates an EPCI, two or three characters a département.
    * **« Name (code) »**, what :func:`territory_label` writes back, designates one territory: the code may be
      its INSEE code or SIREN, its département or one of its postal codes (« Boves (80) », « Péronne (80200) »).
    * A **name** matches regardless of case, accents, hyphens and apostrophes, on words anywhere in the official
      name and by their start (« haute somme » finds « CC de la Haute Somme (Combles - Péronne - Roisel) »),
      with the usual abbreviations (« Communauté de communes » is « CC », « Communauté d'agglomération » « CA »,
      « Communauté urbaine » « CU »). An exact name wins; a single match is meant; several are a choice.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecosystem.geography.names import normalise_name
from ecosystem.models import Territory

__all__ = [
    "ALL_LEVELS",
    "SERVED_LEVELS",
    "Resolution",
    "commune_chain",
    "communes",
    "containing",
    "describe",
    "find_communes",
    "find_territories",
    "name_words_q",
    "normalise_name",
    "resolve",
    "resolve_many",
    "territories_text",
    "territory_label",
    "within_q",
]

Level = Territory.Level
ALL_LEVELS = tuple(Level.values)
# Levels a project can serve: the call speaks of communes, intercommunalities and départements.
SERVED_LEVELS = (Level.COMMUNE, Level.EPCI, Level.DEPARTEMENT)
# A postal code covers at most a few dozen communes (40 for 80140 in Hauts-de-France): all are offered.
MAX_CHOICES = 60
# How many candidates an error message names (the choice list below it has them all).
NAMED_IN_MESSAGE = 6

_CODE = re.compile(r"^(?:\d{1,9}|2[AB]\d{0,3})$", re.IGNORECASE)
_POSTAL_CODE = re.compile(r"^\d{5}$")
_INSEE = re.compile(r"^insee\s*:?\s*(?P<code>\d[\dAB]\d{3})$", re.IGNORECASE)
_NAME_AND_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[0-9A-Za-z]{1,9})\)$")
# Entries of a list are separated by new lines or semicolons (French commune names never contain either).
_SEPARATORS = re.compile(r"[\n;]+")
# How people write an EPCI's kind (folded) → the abbreviation official names use.
_ABBREVIATIONS = (
    (re.compile(r"\bcommunaute (?:de )?communes\b"), "cc"),
    (re.compile(r"\bcommunaute d agglo(?:meration)?\b"), "ca"),
    (re.compile(r"\bcommunaute urbaine\b"), "cu"),
    (re.compile(r"\bagglo(?:meration)?\b"), "ca"),
)
# Articles say nothing about which place is meant, and people get them wrong (« CC du Haute Somme »).
_ARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "et"})


# --- finding ---------------------------------------------------------------------------------------------


def communes() -> QuerySet[Territory]:
    """Every commune, with its département and parent fetched in the same query."""
    return Territory.objects.filter(level=Level.COMMUNE).select_related("departement", "parent")


def _key(text: str) -> str:
    key = normalise_name(text)
    for pattern, abbreviation in _ABBREVIATIONS:
        key = pattern.sub(abbreviation, key)
    return key


def name_words_q(text: str) -> Q | None:
    """Names having a word starting with each word of ``text`` (folded, abbreviated, articles dropped).

    ``None`` when ``text`` has no word. The one name-matching rule of forms, suggestions, the API and the admin.
    """
    words = _key(text).split()
    words = [w for w in words if w not in _ARTICLES] or words
    if not words:
        return None
    match = Q()
    for word in words:
        match &= Q(search_name__startswith=word) | Q(search_name__contains=f" {word}")
    return match


def find_territories(text: str, levels=SERVED_LEVELS, limit: int = 10) -> list[Territory]:
    """Territories of ``levels`` matching what a person typed, best first; at most *limit*, in one query.

    * Digits (or ``2A…``/``2B…``) match postal codes and INSEE codes or SIRENs, whole or by their start;
      a whole postal code comes before a whole code (``"80200"``: Péronne and its neighbours, then Cocquerel).
    * Anything else matches names by :func:`name_words_q`.

    Ordering: exact name or code first, then a name starting with the text, then the rest; within each, most
    populous first. Blank text gives no result.
    """
    text = " ".join((text or "").split())
    if not text or limit <= 0:
        return []
    if _CODE.match(text):
        code = text.upper()
        match = Q(code__startswith=code) | Q(level=Level.COMMUNE, postal_codes__icontains=f'"{code}')
        rank = Case(
            When(level=Level.COMMUNE, postal_codes__icontains=f'"{code}"', then=Value(0)),
            When(code=code, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    else:
        match, key = name_words_q(text), _key(text)
        if match is None:
            return []
        rank = Case(
            When(search_name=key, then=Value(0)),
            When(search_name__startswith=key, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    found = (
        Territory.objects.filter(match, level__in=levels)
        .select_related("departement", "parent")
        .annotate(rank=rank, population_rank=Coalesce("population", Value(0)))
        .order_by("rank", "-population_rank", "search_name", "code")
    )
    return list(found[:limit])


def find_communes(text: str, limit: int = 10) -> list[Territory]:
    """:func:`find_territories` among communes only."""
    return find_territories(text, (Level.COMMUNE,), limit)


# --- writing back ----------------------------------------------------------------------------------------


def territory_label(territory: Territory) -> str:
    """``"Name (code)"``: what a person sees and may type back to mean exactly this territory."""
    return f"{territory.name} ({territory.code})"


def territories_text(territories) -> str:
    """The text of a territories field for an existing selection, one per line."""
    return "\n".join(territory_label(t) for t in territories)


def describe(territory: Territory) -> str:
    """A territory as offered in a choice: its label, level, postal codes and EPCI (or département)."""
    parts = [str(territory.get_level_display())]
    if territory.level == Level.COMMUNE:
        parts += [", ".join(territory.postal_codes or [])]
        if territory.parent_id and territory.parent.level == Level.EPCI:
            parts.append(territory.parent.name)
        elif territory.departement_id:
            parts.append(territory.departement.name)
    elif territory.level == Level.EPCI and territory.parent_id:
        parts.append(territory.parent.name)
    return f"{territory_label(territory)} — " + " · ".join(part for part in parts if part)


# --- resolving -------------------------------------------------------------------------------------------


@dataclass
class Resolution:
    """What one typed entry means: ``territory``, or why not (``message``) and what to choose (``candidates``)."""

    text: str
    territory: Territory | None = None
    candidates: list[Territory] = field(default_factory=list)
    message: str = ""
    code: str = ""


def _named(candidates) -> str:
    shown = "; ".join(territory_label(t) for t in candidates[:NAMED_IN_MESSAGE])
    return shown + ("; …" if len(candidates) > NAMED_IN_MESSAGE else "")


def _choice(text: str, found: list[Territory], message: str = "") -> Resolution:
    if len(found) == 1:
        return Resolution(text, territory=found[0])
    if found:
        message = message or _("Several places match “%(text)s”: %(candidates)s. Choose one.") % {
            "text": text,
            "candidates": _named(found),
        }
        return Resolution(text, candidates=found, message=message, code="ambiguous")
    return _not_found(text)


def _not_found(text: str, levels=SERVED_LEVELS) -> Resolution:
    # Any one word of what was typed: « Haute Sommes » still suggests the CC de la Haute Somme.
    words = [w for w in _key(text).split() if len(w) >= 3 and w not in _ARTICLES]
    nearby = []
    for word in sorted(words, key=len, reverse=True)[:2]:
        nearby += [
            t for t in find_territories(word[:-1] if len(word) > 4 else word, levels, 8) if t not in nearby
        ]
    if nearby:
        message = _("“%(text)s” was not found. Did you mean: %(candidates)s?") % {
            "text": text,
            "candidates": _named(nearby),
        }
        return Resolution(text, candidates=nearby[:8], message=message, code="not_found")
    return Resolution(text, message=_("“%(text)s” was not found.") % {"text": text}, code="not_found")


def _by_code(text: str, code: str, levels) -> Resolution:
    base = Territory.objects.filter(level__in=levels).select_related("departement", "parent")
    if _POSTAL_CODE.match(code) and Level.COMMUNE in levels:
        served = list(
            base.filter(level=Level.COMMUNE, postal_codes__icontains=f'"{code}"').order_by(
                Coalesce("population", Value(0)).desc(), "search_name"
            )[:MAX_CHOICES]
        )
        if served:
            message = ngettext(
                "The postal code %(code)s covers %(count)s commune: choose yours.",
                "The postal code %(code)s covers %(count)s communes: choose yours.",
                len(served),
            ) % {"code": code, "count": len(served)}
            return _choice(text, served, message)
    return _choice(text, list(base.filter(code=code).order_by("level")[:NAMED_IN_MESSAGE]))


def resolve(text: str, levels=SERVED_LEVELS) -> Resolution:
    """The territory of ``levels`` meant by one typed entry (see the module docstring for the rules).

    At most four queries; blank text resolves to nothing with no message.
    """
    text = " ".join((text or "").split())
    if not text:
        return Resolution(text)
    insee = _INSEE.match(text)
    if insee:
        found = Territory.objects.filter(level__in=levels, code=insee["code"].upper())
        return _choice(text, list(found.select_related("departement", "parent")[:2]))
    if _CODE.match(text):
        return _by_code(text, text.upper(), levels)
    base = Territory.objects.filter(level__in=levels).select_related("departement", "parent")
    with_code = _NAME_AND_CODE.match(text)
    if with_code and _key(with_code["name"]):
        code = with_code["code"].upper()
        coded = Q(code=code) | Q(departement__code=code) | Q(postal_codes__icontains=f'"{code}"')
        found = list(base.filter(coded, search_name=normalise_name(with_code["name"]))[:NAMED_IN_MESSAGE])
        if found:
            return _choice(text, found)
        text = with_code["name"]  # a wrong code: understand the name alone
    keys = {normalise_name(text), _key(text)}
    exact = list(
        base.filter(search_name__in=keys).order_by(Coalesce("population", Value(0)).desc(), "code")[
            :MAX_CHOICES
        ]
    )
    if exact:
        return _choice(text, exact)
    found = find_territories(text, levels, MAX_CHOICES)
    return _choice(text, found) if found else _not_found(text, levels)


@dataclass
class Resolutions:
    """The outcome of resolving a list of entries: the territories found and the failed resolutions."""

    territories: list[Territory] = field(default_factory=list)
    failed: list[Resolution] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [resolution.message for resolution in self.failed]


def resolve_many(text: str, levels=SERVED_LEVELS) -> Resolutions:
    """Resolve entries separated by new lines or semicolons; duplicates are kept once, in typed order."""
    resolutions = Resolutions()
    for entry in _SEPARATORS.split(text or ""):
        if not entry.strip():
            continue
        resolution = resolve(entry, levels)
        if resolution.territory is None:
            resolutions.failed.append(resolution)
        elif resolution.territory not in resolutions.territories:
            resolutions.territories.append(resolution.territory)
    return resolutions


# --- containment -----------------------------------------------------------------------------------------

# From the finest level up: what "the département around this commune" climbs through.
_LEVEL_ORDER = (Level.COMMUNE, Level.EPCI, Level.DEPARTEMENT, Level.REGION)


def containing(territory: Territory, level: str) -> Territory | None:
    """The territory of ``level`` that contains ``territory`` (itself when it is of that level or coarser).

    Follows the links the model documents: a commune's EPCI (``parent`` when it is an EPCI) and its
    ``departement``, an EPCI's main département (``parent``), a département's région (``parent``). ``None``
    when the link is missing (a commune outside any EPCI has no EPCI). Reads the related rows: select
    ``parent__parent`` and ``departement__parent`` to climb without a query.
    """
    if level not in _LEVEL_ORDER or territory.level not in _LEVEL_ORDER:
        return None
    if _LEVEL_ORDER.index(territory.level) >= _LEVEL_ORDER.index(level):
        return territory
    if territory.level == Level.COMMUNE:
        if level == Level.EPCI:
            parent = territory.parent
            return parent if parent is not None and parent.level == Level.EPCI else None
        departement = territory.departement
        if level == Level.DEPARTEMENT or departement is None:
            return departement
        return departement.parent
    parent = territory.parent  # an EPCI's département, a département's région
    if parent is None or parent.level == level:
        return parent
    return containing(parent, level)


def commune_chain(commune: Territory | None) -> frozenset[int]:
    """Ids of ``commune`` and of every territory containing it (EPCI, département, région).

    ``area.pk in commune_chain(c)`` is the Python twin of :func:`within_q`. Reads ``departement`` (select
    ``commune__departement`` to avoid a query).
    """
    if commune is None:
        return frozenset()
    ids = {commune.pk, commune.parent_id, commune.departement_id}
    if commune.departement_id is not None:
        ids.add(commune.departement.parent_id)
    return frozenset(i for i in ids if i is not None)


def within_q(path: str, territories) -> Q:
    """Rows whose territory at ``path`` (``"commune"``, ``"project__territories_served"``) lies in one of
    ``territories`` (ids, or a queryset of ids) — a territory includes what lies inside it, at every level.

    The territory itself; its ``parent`` (a commune's EPCI, an EPCI's main département, a département's
    région); a commune's own ``departement`` and that département's région; an EPCI's région. A commune of an
    EPCI that straddles two départements lies in its own département only, never in the EPCI's main one. The
    one containment rule of queries (matching scopes, feeds); :func:`commune_chain` is its Python twin.
    """
    return (
        Q(**{f"{path}__in": territories})
        | Q(**{f"{path}__parent__in": territories})
        | Q(**{f"{path}__departement__in": territories})
        | Q(**{f"{path}__departement__parent__in": territories})
        | Q(**{f"{path}__level": Level.EPCI, f"{path}__parent__parent__in": territories})
    )
