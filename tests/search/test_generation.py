"""The index generation (search.generation): every write to the index, whatever the backend, replaces it.

Answers cached under it (search.search, the directory's fragments) are only right if no write can leave the
old token in place: the bump lives in the backends' base class, so these tests check it there, for a
backend written for the test, for the database backend and — without the service — for Elasticsearch's.
"""

import pytest

import search
from search import generation
from search.backends import base
from search.backends.elasticsearch import Backend as ElasticsearchBackend
from search.query import Hits

pytestmark = pytest.mark.django_db


class Failing(base.SearchBackend):
    name = "failing"

    def ping(self):
        pass

    def index_documents(self, spec, documents):
        raise base.SearchBackendUnavailable("down")

    def remove(self, spec, object_ids):
        pass

    def clear(self, spec):
        pass

    def search(self, spec, query):
        return Hits([], 0)

    def search_ids(self, spec, query, limit):
        return Hits([], 0)

    def suggest(self, spec, prefix, limit):
        return []

    def more_like_this(self, spec, document, limit):
        return []


def test_no_generation_before_the_first_write_so_nothing_is_cached():
    assert generation.current() is None
    calls = []
    assert generation.cached(None, ("x",), lambda: calls.append(1) or "a") == "a"
    assert generation.cached(None, ("x",), lambda: calls.append(1) or "b") == "b"
    assert len(calls) == 2


def test_every_write_of_any_backend_gives_a_new_token():
    backend = Failing()
    backend.remove(None, [1])
    first = generation.current()
    assert first
    backend.clear(None)
    second = generation.current()
    assert second != first
    with pytest.raises(base.SearchBackendUnavailable):
        backend.index_documents(None, [])  # a write that fails half-way may have changed the index too
    assert generation.current() not in (first, second)


def test_elasticsearch_writes_are_wrapped_too():
    for name in base.WRITES:
        method = getattr(ElasticsearchBackend, name)
        assert method.__wrapped__ is not None, name
        assert method.__qualname__.startswith("Backend."), name


def test_an_answer_is_cached_under_its_token_and_computed_again_after_a_write():
    generation.bump()
    token = generation.current()
    assert generation.cached(token, ("answer",), lambda: "first") == "first"
    assert generation.cached(token, ("answer",), lambda: "second") == "first"
    search.changed()
    assert generation.cached(generation.current(), ("answer",), lambda: "third") == "third"
