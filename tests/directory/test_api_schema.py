"""The API keeps the promises of its OpenAPI schema, checked by schemathesis against generated requests.

Every operation of ``/api/v1/openapi.json`` gets a bounded, deterministic set of requests: the schema's
examples, the coverage phase's boundary and invalid values (``offset`` at the largest integer, a ``limit``
of 0, a code of the wrong shape…), then a few generated ones. A case fails on any 5xx, a status code the
schema does not document, a content type it does not declare, or a body that does not match the documented
schema. Requests go through Django's WSGI handler, in-process, over a small demo (actors, projects,
territories) loaded once for the module and indexed by the configured search backend.
"""

import os

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

import search

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Read through the app itself, as a client would (the schema endpoint touches no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
schema.config.generation.update(max_examples=20, deterministic=True)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """A small demo for every operation of the module, rolled back at its end (the API only reads)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", actors=12, projects=6, stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


@pytest.fixture
def in_process(demo_data, db):
    """Like Django's test client: a request must not close the test's connection (it is in a transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis.settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    # The fixture's data is read-only and shared by every example on purpose.
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture, hypothesis.HealthCheck.too_slow],
)
def test_every_answer_matches_the_schema(case, in_process):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/actors/", "/api/v1/projects/"])
def test_an_unreachable_search_answers_the_documented_503(client, settings, path):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    search._load.cache_clear()  # the backend is built once per setting
    try:
        response = client.get(path)
    finally:
        search._load.cache_clear()
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "Le service de recherche est indisponible ; réessayez plus tard."}
    documented = schema.raw_schema["paths"][path]["get"]["responses"]["503"]
    assert documented["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
