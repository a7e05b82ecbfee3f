"""The interface every search backend implements.

Backends store :class:`~search.spec.Document` records and answer :class:`~search.query.Query` objects with
:class:`~search.query.Hits` (object ids). They never import a domain model: everything they need is in the
spec. Turning ids into live objects — and dropping any that are no longer visible — is done once, for all
backends, in :mod:`search`.
"""

import functools
from abc import ABC, abstractmethod
from collections.abc import Iterable

from .. import generation
from ..query import Hits, Query
from ..spec import Document, SearchSpec


class SearchBackendUnavailable(Exception):
    """The backend's service cannot be reached; callers report it (healthz) or degrade gracefully."""


# The methods that write to the index: each gives the index a new generation when it returns (or fails
# half-way), so answers cached under the old one are never read again (search.generation).
WRITES = ("index_documents", "remove", "clear")


def _bumping(write):
    @functools.wraps(write)
    def wrapper(*args, **kwargs):
        try:
            return write(*args, **kwargs)
        finally:
            generation.bump()

    return wrapper


class SearchBackend(ABC):
    name: str

    def __init_subclass__(cls, **kwargs):
        # Here rather than in each backend: a backend (Elasticsearch's included) cannot forget the bump.
        super().__init_subclass__(**kwargs)
        for name in WRITES:
            if name in cls.__dict__:
                setattr(cls, name, _bumping(cls.__dict__[name]))

    @abstractmethod
    def ping(self) -> None:
        """Raise SearchBackendUnavailable unless the backend can answer queries now."""

    @abstractmethod
    def index_documents(self, spec: SearchSpec, documents: Iterable[Document]) -> int:
        """Add or replace these documents; returns how many were written."""

    @abstractmethod
    def remove(self, spec: SearchSpec, object_ids: Iterable[int]) -> None:
        """Forget these objects (missing ones are ignored)."""

    @abstractmethod
    def clear(self, spec: SearchSpec) -> None:
        """Forget every document of this spec (and recreate empty storage/mappings if needed)."""

    @abstractmethod
    def search(self, spec: SearchSpec, query: Query) -> Hits: ...

    @abstractmethod
    def search_ids(self, spec: SearchSpec, query: Query, limit: int) -> Hits:
        """The first ``limit`` matching ids in the query's order (its page ignored), the total and distances,
        without facets, in one request: for callers that need the whole result set (map, exports)."""

    @abstractmethod
    def suggest(self, spec: SearchSpec, prefix: str, limit: int) -> list[int]:
        """Ids of objects whose title has a word starting with ``prefix`` (folded), in name order."""

    @abstractmethod
    def more_like_this(self, spec: SearchSpec, document: Document, limit: int) -> list[int]:
        """Ids of other objects sharing distinctive words with ``document``, most similar first."""
