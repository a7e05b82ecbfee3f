"""Territory lookups: finding a commune the way a person types it.

Read-only queries over :class:`~ecosystem.models.Territory`; writes live in :mod:`ecosystem.actions.territories`.
"""

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from ecosystem.geography.build import normalise_name
from ecosystem.models import Territory

# A whole or partial INSEE code or postal code: digits, or Corsica's 2A/2B département prefix.
_CODE = re.compile(r"^(?:\d{1,5}|2[AaBb]\d{0,3})$")


def communes() -> QuerySet[Territory]:
    """Every commune, with its département and parent fetched in the same query."""
    return Territory.objects.filter(level=Territory.Level.COMMUNE).select_related("departement", "parent")


def find_communes(text: str, limit: int = 10) -> list[Territory]:
    """Communes matching what a person typed, best first; at most *limit*, one query whatever the input.

    * Digits (or ``2A…``/``2B…``) match INSEE codes and postal codes, whole or by their start: ``"80620"``
      finds Péronne by INSEE code, ``"80200"`` finds every commune served by that postal code.
    * Anything else matches names regardless of case, accents, hyphens and apostrophes (the normalisation
      of :func:`ecosystem.geography.build.normalise_name`, so ``"St-Quentin"`` is ``"saint quentin"``): the
      whole name, its start (``"saint-quen"`` → Saint-Quentin), or the start of one of its words
      (``"quentin"`` → Saint-Quentin).

    Ordering: exact match (name, INSEE code) first, then a name or code starting with the text, then the
    rest; within each, most populous first. Blank text gives no result.
    """
    text = text.strip()
    if not text or limit <= 0:
        return []
    if _CODE.match(text):
        code = text.upper()
        match = Q(code__startswith=code) | Q(postal_codes__icontains=f'"{code}')
        rank = Case(
            When(code=code, then=Value(0)),
            When(postal_codes__icontains=f'"{code}"', then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    else:
        key = normalise_name(text)
        if not key:
            return []
        match = Q(search_name__startswith=key) | Q(search_name__contains=f" {key}")
        rank = Case(
            When(search_name=key, then=Value(0)),
            When(search_name__startswith=key, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    found = (
        communes()
        .filter(match)
        .annotate(rank=rank, population_rank=Coalesce("population", Value(0)))
        .order_by("rank", "-population_rank", "search_name", "code")
    )
    return list(found[:limit])
