"""Elasticsearch 8 backend, through the elasticsearch-dsl API shipped in the client (``elasticsearch.dsl``)."""

from functools import cached_property

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions

from .base import SearchBackend, SearchBackendUnavailable

REQUEST_TIMEOUT = 5


class Backend(SearchBackend):
    name = "elasticsearch"

    @cached_property
    def client(self) -> Elasticsearch:
        if not settings.ELASTICSEARCH_URL:
            raise ImproperlyConfigured("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL.")
        return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=REQUEST_TIMEOUT)

    def ping(self) -> None:
        try:
            info = self.client.info()
        except (es_exceptions.ConnectionError, es_exceptions.TransportError, es_exceptions.ApiError) as exc:
            raise SearchBackendUnavailable(str(exc)) from exc
        if not str(info.get("version", {}).get("number", "")).startswith("8."):
            raise SearchBackendUnavailable(f"expected an Elasticsearch 8 API, got {info.get('version')}")
