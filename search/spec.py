"""What a model declares to be searchable: a :class:`SearchSpec`, written next to the model's app.

A spec turns one object into a :class:`Document` — a plain, domain-free record every backend knows how to
store: a title (also the name sort key and the autocomplete source), text in up to three weights (``A`` the
most important), keyword fields (values to filter on and to count as facets), an optional point and the
last-modified time. ``visible`` is the rule deciding who appears in search at all: a ``Q`` on the model,
applied both when indexing and, against the live table, when answering (so a stale index never leaks a
private or deleted object).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Model, Q, QuerySet

from .text import fold

WEIGHTS = ("A", "B", "C")


@dataclass(frozen=True)
class TextField:
    """Text read by ``value(obj)``, searched with weight ``A`` (strongest), ``B`` or ``C``."""

    name: str
    value: Callable[[Model], str]
    weight: str = "C"

    def __post_init__(self):
        if self.weight not in WEIGHTS:
            raise ValueError(f"weight must be one of {WEIGHTS}, not {self.weight!r}")


@dataclass(frozen=True)
class KeywordField:
    """Exact values read by ``values(obj)``: filterable (any of the chosen values) and, if ``facet``, counted."""

    name: str
    values: Callable[[Model], Iterable[str]]
    facet: bool = True


@dataclass(frozen=True)
class Document:
    label: str
    object_id: int
    title: str
    text: dict[str, str]
    keywords: dict[str, list[str]]
    latitude: float | None
    longitude: float | None
    updated_at: datetime

    @property
    def sort_key(self) -> str:
        return fold(self.title)

    @property
    def all_text(self) -> str:
        return " ".join([self.title, *(self.text[w] for w in WEIGHTS)])


@dataclass(frozen=True)
class SearchSpec:
    """``visible`` is a callable returning a ``Q`` (evaluated per query, so it may use current choices)."""

    model: type[Model]
    title: Callable[[Model], str]
    visible: Callable[[], Q]
    updated: Callable[[Model], datetime]
    text: tuple[TextField, ...] = ()
    keywords: tuple[KeywordField, ...] = ()
    point: Callable[[Model], tuple[float, float] | None] | None = None
    # Rows to index, with the joins and prefetches ``document`` needs (one query per relation, not per row).
    queryset: Callable[[], QuerySet] | None = None
    # Rows results are read from (e.g. with ``select_related`` for what result lists display).
    hydrate: Callable[[], QuerySet] | None = None

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def facet_names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keywords if k.facet)

    @property
    def keyword_names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keywords)

    def indexable(self) -> QuerySet:
        rows = self.queryset() if self.queryset else self.model._default_manager.all()
        return rows.filter(self.visible())

    def visible_queryset(self) -> QuerySet:
        """The live rows search may show; results are always checked against it."""
        rows = self.hydrate() if self.hydrate else self.model._default_manager.all()
        return rows.filter(self.visible())

    def is_visible(self, obj) -> bool:
        return self.model._default_manager.filter(pk=obj.pk).filter(self.visible()).exists()

    def document(self, obj) -> Document:
        text = {weight: [] for weight in WEIGHTS}
        for text_field in self.text:
            value = text_field.value(obj)
            if value:
                text[text_field.weight].append(str(value))
        point = self.point(obj) if self.point else None
        return Document(
            label=self.label,
            object_id=obj.pk,
            title=str(self.title(obj)),
            text={weight: "\n".join(parts) for weight, parts in text.items()},
            keywords={
                k.name: sorted({str(v) for v in k.values(obj) if v not in (None, "")}) for k in self.keywords
            },
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            updated_at=self.updated(obj),
        )
