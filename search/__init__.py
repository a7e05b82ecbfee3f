"""Search backends behind one interface, chosen by ``settings.SEARCH_BACKEND`` (a dotted path or short name).

This package knows no domain model: models describe what is indexed in a declarative
:class:`~search.spec.SearchSpec` next to them, registered with :func:`register` (from their app's ``ready()``),
and backends build their queries or mappings from those specs. Callers use the module-level helpers:

* ``search.search(Model, Query(...))`` → :class:`~search.query.Results` (live objects, visible ones only);
* ``search.search_ids(Model, Query(...), limit)`` → the ids of the whole result set (up to ``limit``) in one
  request, and ``search.live(Model, ids)`` those of them still visible, as objects (maps, exports);
* ``search.suggest(Model, "pér")`` → objects whose title has a word starting so (autocomplete);
* ``search.more_like_this(obj)`` → similar visible objects;
* ``search.index(obj)`` / ``search.unindex(obj)`` — called by actions in ``transaction.on_commit`` after a
  write; ``index`` removes the object when it is no longer visible, so it is the one call after any change;
* ``search.rebuild()`` — everything from scratch (``manage.py search_index --rebuild``);
* ``search.changed()`` — for actions, on commit of a change that a task will index later: answers cached
  under the index generation (``search.generation``) are computed again from the next request on.

Whatever the backend and however stale its index, results are re-read from the live table through the spec's
``visible`` rule: a private or deleted object is never returned. ``search.search`` caches the backend's answer
(ids, total, facet counts) under the index generation, which every index write and ``changed()`` replace.
"""

import logging
from collections.abc import Callable
from functools import cache
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete

from . import generation
from .backends.base import SearchBackend, SearchBackendUnavailable
from .query import Hits, Near, Query, Results
from .spec import Document, KeywordField, SearchSpec, TextField

logger = logging.getLogger(__name__)

SHORT_NAMES = {
    "database": "search.backends.database",
    "elasticsearch": "search.backends.elasticsearch",
}
REBUILD_BATCH = 200
# The most ids ``search_ids`` answers at once (Elasticsearch's default result window).
MAX_IDS = 10_000

_registry: dict[str, SearchSpec] = {}


def backend_path(name: str) -> str:
    return SHORT_NAMES.get(name, name)


@cache
def _load(path: str) -> SearchBackend:
    module = import_module(backend_path(path))
    return module.Backend()


def get_backend() -> SearchBackend:
    """The configured backend (one instance per process and setting)."""
    return _load(settings.SEARCH_BACKEND)


# --- specs ---------------------------------------------------------------------------------------------


def register(spec: SearchSpec) -> SearchSpec:
    _registry[spec.label] = spec
    # A deleted row leaves results at once (they are read live) but would stay in counts cached under the
    # index generation until the next index write: deletes may come from anywhere (admin, cascades), so the
    # generation follows them here rather than in each path.
    post_delete.connect(_deleted, sender=spec.model, dispatch_uid=f"search-generation-{spec.label}")
    return spec


def _deleted(sender, **kwargs) -> None:
    transaction.on_commit(changed)


def specs() -> list[SearchSpec]:
    return list(_registry.values())


def get_spec(model_or_object) -> SearchSpec:
    model = model_or_object if isinstance(model_or_object, type) else type(model_or_object)
    label = model._meta.label_lower
    if label not in _registry:
        raise LookupError(f"{label} is not searchable (no SearchSpec registered)")
    return _registry[label]


# --- writing -------------------------------------------------------------------------------------------


def index(obj: Model) -> bool:
    """Bring ``obj``'s entry up to date: (re)index it if visible, remove it otherwise.

    For actions, inside ``transaction.on_commit``. Never raises for an unreachable service (it is logged and
    ``False`` returned; ``search_index --rebuild`` repairs the index later).
    """
    spec = get_spec(obj)
    backend = get_backend()
    try:
        if spec.is_visible(obj):
            fresh = spec.indexable().get(pk=obj.pk)
            backend.index_documents(spec, [spec.document(fresh)])
        else:
            backend.remove(spec, [obj.pk])
    except SearchBackendUnavailable as exc:
        logger.warning("search: could not index %s %s: %s", spec.label, obj.pk, exc)
        return False
    return True


def unindex(model_or_object, pk=None) -> bool:
    """Remove an object: ``unindex(obj)``, or ``unindex(Model, pk)`` after a delete (Django clears ``obj.pk``)."""
    spec = get_spec(model_or_object)
    pk = model_or_object.pk if pk is None else pk
    try:
        get_backend().remove(spec, [pk])
    except SearchBackendUnavailable as exc:
        logger.warning("search: could not unindex %s %s: %s", spec.label, pk, exc)
        return False
    return True


def rebuild(
    spec: SearchSpec | None = None, progress: Callable[[SearchSpec, int, int], None] | None = None
) -> int:
    """Empty the index of ``spec`` (every registered spec by default) and index every visible object again."""
    backend = get_backend()
    written = 0
    for current in [spec] if spec else specs():
        backend.clear(current)
        rows = current.indexable().order_by("pk")
        total = rows.count()
        done = 0
        batch: list[Document] = []
        for obj in rows.iterator(chunk_size=REBUILD_BATCH):
            batch.append(current.document(obj))
            if len(batch) >= REBUILD_BATCH:
                done += backend.index_documents(current, batch)
                batch = []
                if progress:
                    progress(current, done, total)
        done += backend.index_documents(current, batch)
        if progress:
            progress(current, done, total)
        written += done
    return written


def changed() -> None:
    """Something searchable changed and will be indexed later (by a task): stop serving cached answers now,
    so the live visibility rule applies at once (a structure made private leaves the counts)."""
    generation.bump()


# --- reading -------------------------------------------------------------------------------------------


def _live(spec: SearchSpec, object_ids: list[int]) -> list:
    """The visible objects among ``object_ids``, in that order (stale or hidden ones dropped)."""
    found = spec.visible_queryset().in_bulk(object_ids)
    return [found[pk] for pk in object_ids if pk in found]


def live(model, object_ids: list[int]) -> list:
    """The objects of ``object_ids`` that search may still show, in that order (one query)."""
    return _live(get_spec(model), object_ids)


def search_ids(model, query: Query | None = None, limit: int = MAX_IDS) -> Hits:
    """Every match's id (``query``'s order and filters; its page and facets ignored), at most ``limit``, with
    the total: one backend request whatever the size, where paging through ``search`` would make one per
    ``MAX_PER_PAGE`` rows. Ids may include objects hidden since the last indexing: read them with ``live``."""
    if limit < 1:
        raise ValueError("limit is at least 1")
    return get_backend().search_ids(get_spec(model), query or Query(), min(limit, MAX_IDS))


def _query_key(query: Query) -> tuple:
    """Everything a backend's answer to ``query`` depends on (values of a filter in any order are one)."""
    filters = tuple(
        sorted((name, tuple(sorted({str(v) for v in values}))) for name, values in query.filters.items())
    )
    near = (query.near.latitude, query.near.longitude, query.near.km) if query.near else None
    facets = None if query.facets is None else tuple(query.facets)
    return (query.text, filters, near, query.sort, query.page, query.per_page, facets)


def search(model, query: Query | None = None, *, token=generation.UNREAD) -> Results:
    """One page of results. The backend's answer is cached under the index generation (one query reads it,
    unless the caller passes the ``token`` it read for the request, ``generation.for_request``;
    ``Results.generation`` keeps it for what the page caches on it); the objects are always read live."""
    spec = get_spec(model)
    query = query or Query()
    if token is generation.UNREAD:
        token = generation.current()
    hits = generation.cached(
        token, ("hits", spec.label, _query_key(query)), lambda: get_backend().search(spec, query)
    )
    objects = _live(spec, hits.object_ids)
    return Results(
        objects=objects,
        total=hits.total,
        page=query.page,
        per_page=query.per_page,
        facets=hits.facets,
        distances={pk: km for pk, km in hits.distances.items() if pk in {o.pk for o in objects}},
        generation=token,
    )


def suggest(model, prefix: str, limit: int = 8) -> list:
    """Visible objects whose title has a word starting with ``prefix`` (accents and case ignored), by name."""
    spec = get_spec(model)
    return _live(spec, get_backend().suggest(spec, prefix, limit))


def more_like_this(obj: Model, limit: int = 5) -> list:
    """Other visible objects of the same kind sharing distinctive words with ``obj``, most similar first."""
    spec = get_spec(obj)
    document = spec.document(obj)
    return _live(spec, get_backend().more_like_this(spec, document, limit))


__all__ = [
    "Document",
    "Hits",
    "KeywordField",
    "Near",
    "Query",
    "Results",
    "SearchBackend",
    "SearchBackendUnavailable",
    "SearchSpec",
    "TextField",
    "backend_path",
    "changed",
    "get_backend",
    "get_spec",
    "index",
    "live",
    "more_like_this",
    "rebuild",
    "register",
    "search",
    "search_ids",
    "specs",
    "suggest",
    "unindex",
]
