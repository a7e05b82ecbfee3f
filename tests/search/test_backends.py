"""Backends are chosen by dotted path or short name and report whether their service answers."""

import socket

import pytest

import search
from search.backends.base import SearchBackendUnavailable


@pytest.fixture(autouse=True)
def fresh_backend():
    search._load.cache_clear()
    yield
    search._load.cache_clear()


def test_short_names_and_dotted_paths_select_the_same_backend(settings):
    settings.SEARCH_BACKEND = "database"
    by_name = search.get_backend()
    settings.SEARCH_BACKEND = "search.backends.database"
    by_path = search.get_backend()
    assert type(by_name) is type(by_path)
    assert by_name.name == "database"


@pytest.mark.django_db
def test_database_backend_answers():
    search.get_backend().ping()


def test_unreachable_elasticsearch_is_reported(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    with pytest.raises(SearchBackendUnavailable):
        search.get_backend().ping()


@pytest.mark.elasticsearch
def test_elasticsearch_backend_answers_with_an_8_api(settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    backend = search.get_backend()
    backend.ping()
    assert backend.client.info()["version"]["number"].startswith("8.")
