"""The index generation: a token replaced by every write to the search index, under which reads are cached.

Every backend's writes (``index_documents``, ``remove``, ``clear``) call :func:`bump` once they are done
(``search.backends.base`` wraps them, so no backend can forget), and actions call it again when they commit a
change that will be indexed later (a worker may run the indexing task seconds after): the next request reads
the new token and computes its answer again, so an edit — a name, a facet value, a structure made private or
deleted — shows at once in results and counts. Readers read the token *before* computing, so an answer
is never cached under a token newer than the data it was computed from.

The token lives in the database (one row, :class:`search.models.IndexGeneration`): every process sees the
same one, and reading it is one primary-key query per search, or per page when the view reads it once for
the request (:func:`for_request`: the directory's form, search and header share it). The site's header and
footer are kept under it too (``cms.chrome``, whose editorial writes replace it). Answers are kept in each
process's memory. No row (a fresh database, before any write) means "no generation": nothing is cached.
"""

import hashlib
import threading
import uuid
from collections import OrderedDict

from django.conf import settings

ROW = 1
# Answers kept in each process's memory, the least recently used leaving first (pages of HTML are the largest,
# some tens of KB: a few MB at most).
LOCAL_ENTRIES = 200
_local: OrderedDict = OrderedDict()
_local_lock = threading.Lock()


def _model():
    from .models import IndexGeneration

    return IndexGeneration


def current() -> str | None:
    """The token of the index as it is now (one query), or None when nothing may be cached."""
    return _model().objects.filter(pk=ROW).values_list("token", flat=True).first()


# A request's token, read once: the directory page's form, its search and the header's chrome share it
# (cms.chrome), so the page reads it in one round trip instead of three.
_REQUEST_ATTRIBUTE = "_search_generation"
# Passed as ``token`` to say "not read yet: read it" (None means "no generation", not "unread").
UNREAD = object()


def for_request(request) -> str | None:
    """The token as :func:`current`, read once per GET or HEAD ``request`` and kept on it.

    Read before anything it keys is computed, like any token. Only safe methods keep it: a request that
    writes (a POST) may change what it renders afterwards, so each of its reads asks the database again.
    """
    if request is None or request.method not in ("GET", "HEAD"):
        return current()
    if not hasattr(request, _REQUEST_ATTRIBUTE):
        setattr(request, _REQUEST_ATTRIBUTE, current())
    return getattr(request, _REQUEST_ATTRIBUTE)


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
    """The key of an answer derived from the index at ``token``: ``parts`` must name everything the answer
    depends on besides the index (the query, the language, …); the backend is added here."""
    digest = hashlib.sha256(repr((settings.SEARCH_BACKEND, *parts)).encode()).hexdigest()
    return f"search:{token}:{digest}"


def cached(token: str | None, parts: tuple, compute):
    """``compute()``, kept under ``token`` and ``parts`` in this process's memory (not kept without a token).

    A key names one token, and a token is never used again once replaced, so what a key holds never changes:
    each process may keep it without asking anyone whether it is still right, and entries of old tokens are
    just no longer asked for, and leave as the least recently used. Not in the shared cache (Django's): with
    the database cache of the embedded default, every distinct search would write rows there and push out
    its other entries (the sign-in rate limits) when it culls; each process computing an answer once per
    generation is the price.
    """
    if token is None:
        return compute()
    cache_key = key(token, *parts)
    with _local_lock:
        if cache_key in _local:
            _local.move_to_end(cache_key)
            return _local[cache_key]
    value = compute()
    with _local_lock:
        _local[cache_key] = value
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return value


def forget_local() -> None:
    """Empty this process's answers (the tests start each test from nothing: a rolled-back test brings an
    old token back, and a setting such as the Elasticsearch address is not part of the key)."""
    with _local_lock:
        _local.clear()
