"""The index generation: a token replaced by every write to the search index, under which reads are cached.

Every backend's writes (``index_documents``, ``remove``, ``clear``) call :func:`bump` once they are done
(``search.backends.base`` wraps them, so no backend can forget), and actions call it again when they commit a
change that will be indexed later (a worker may run the indexing task seconds after): the next request reads
the new token and computes its answer again, so an edit — a name, a facet value, a structure made private or
deleted — shows at once in results and counts. Readers read the token *before* computing, so an answer
is never cached under a token newer than the data it was computed from.

The token lives in the database (one row, :class:`search.models.IndexGeneration`): every process and every
cache backend sees the same one, and reading it is one primary-key query per request. No row (a fresh
database, before any write) means "no generation": nothing is cached.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache

# Answers are dropped long before this by the next write; the timeout only bounds what a quiet site keeps.
TIMEOUT = 60 * 60
ROW = 1


def _model():
    from .models import IndexGeneration

    return IndexGeneration


def current() -> str | None:
    """The token of the index as it is now (one query), or None when nothing may be cached."""
    return _model().objects.filter(pk=ROW).values_list("token", flat=True).first()


def bump() -> None:
    """Give the index a new token: whatever was cached under the old one is no longer read."""
    IndexGeneration = _model()
    token = uuid.uuid4().hex
    if not IndexGeneration.objects.filter(pk=ROW).update(token=token):
        # The first write of a database. A concurrent first write may create the row between the two
        # statements: then update it again, so the token is still newer than this write.
        IndexGeneration.objects.bulk_create([IndexGeneration(pk=ROW, token=token)], ignore_conflicts=True)
        IndexGeneration.objects.filter(pk=ROW).update(token=token)


def key(token: str, *parts) -> str:
    """A cache key for an answer derived from the index at ``token``: ``parts`` must name everything the
    answer depends on besides the index (the query, the language, …); the backend is added here."""
    digest = hashlib.sha256(repr((settings.SEARCH_BACKEND, *parts)).encode()).hexdigest()
    return f"search:{token}:{digest}"


def cached(token: str | None, parts: tuple, compute):
    """``compute()``, cached under ``token`` and ``parts`` (not cached without a token)."""
    if token is None:
        return compute()
    cache_key = key(token, *parts)
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, TIMEOUT)
    return value
