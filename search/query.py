"""A search request and its answer, the same for every backend.

Sort orders are part of the contract, ties broken the same way everywhere:

* ``relevance`` — best match first, then by name; with no words in the text it is the ``name`` order;
* ``name`` — folded title (accents and case ignored), then id;
* ``distance`` — nearest first (needs ``near``), then by name;
* ``updated`` — most recently updated first, then the highest id.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .text import query_words

SORTS = ("relevance", "name", "distance", "updated")
MAX_PER_PAGE = 100
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Near:
    """Within ``km`` kilometres of a point (great-circle distance)."""

    latitude: float
    longitude: float
    km: float

    @classmethod
    def around(cls, place, km: float) -> "Near":
        """Around anything with ``latitude``/``longitude`` (a commune, typically)."""
        if place.latitude is None or place.longitude is None:
            raise ValueError(f"{place} has no coordinates")
        return cls(place.latitude, place.longitude, km)

    def bounding_box(self) -> tuple[float, float, float, float]:
        """(min lat, max lat, min lon, max lon) enclosing the circle: the cheap, indexable first cut."""
        dlat = math.degrees(self.km / EARTH_RADIUS_KM)
        cos_lat = max(math.cos(math.radians(self.latitude)), 1e-6)
        dlon = min(180.0, math.degrees(self.km / (EARTH_RADIUS_KM * cos_lat)))
        return self.latitude - dlat, self.latitude + dlat, self.longitude - dlon, self.longitude + dlon


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True)
class Query:
    """``filters`` maps a keyword field to accepted values: any of the values (OR), every field (AND).

    ``facets`` names the keyword fields to count over the whole result set (all filters applied); ``None``
    means every facet of the spec.
    """

    text: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    near: Near | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facets: Sequence[str] | None = None

    def __post_init__(self):
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        if self.sort == "distance" and self.near is None:
            raise ValueError("sorting by distance needs a point (near)")
        if self.page < 1 or not 1 <= self.per_page <= MAX_PER_PAGE:
            raise ValueError(f"page starts at 1; per_page is between 1 and {MAX_PER_PAGE}")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @cached_property
    def words(self) -> list[str]:
        """What every backend searches for (``search.text.query_words``): a text without a letter or a digit
        (punctuation, emoji, invisible marks) is no text, never an error."""
        return query_words(self.text)

    @property
    def effective_sort(self) -> str:
        return "name" if self.sort == "relevance" and not self.words else self.sort


@dataclass
class Hits:
    """What a backend answers: the page of object ids in order, the total, facet counts, distances (km)."""

    object_ids: list[int]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    distances: dict[int, float] = field(default_factory=dict)


@dataclass
class Results:
    """The page of live, visible objects (in order), with the counts to paginate and facet."""

    objects: list
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]
    distances: dict[int, float]
    # The index generation the answer was read at (``search.generation``): a key for what pages cache on it.
    generation: str | None = None

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1
