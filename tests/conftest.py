"""Shared test fixtures and the service lanes.

Tests marked ``postgres``, ``redis`` or ``elasticsearch`` need that real service. On a laptop without it
they skip with the reason shown in the summary (``-ra``); in CI (``CI=true``) a service that the lane
needs but cannot reach fails the test instead, so a green CI always means the service was exercised.
``ESSAIM_LANE=services`` marks the CI lane that must have every service.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SERVICES_LANE = os.environ.get("ESSAIM_LANE") == "services"


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def service_problem(name: str) -> str | None:
    """Why the service ``name`` cannot be used by this run, or None when it can."""
    if name == "postgres":
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql":
            return "PostgreSQL lane: set DATABASE_URL=postgres://…"
        url = f"postgres://{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
        return None if _reachable(url, 5432) else f"PostgreSQL not reachable at {url}"
    if name == "redis":
        if not settings.REDIS_URL:
            return "Redis lane: set REDIS_URL=redis://…"
        return (
            None if _reachable(settings.REDIS_URL, 6379) else f"Redis not reachable at {settings.REDIS_URL}"
        )
    if name == "elasticsearch":
        if not settings.ELASTICSEARCH_URL:
            return "Elasticsearch lane: set ELASTICSEARCH_URL=http://…"
        if not _reachable(settings.ELASTICSEARCH_URL, 9200):
            return f"Elasticsearch not reachable at {settings.ELASTICSEARCH_URL}"
        return None
    raise ValueError(name)


SERVICE_MARKERS = ("postgres", "redis", "elasticsearch")


def pytest_runtest_setup(item):
    for name in SERVICE_MARKERS:
        if item.get_closest_marker(name) is None:
            continue
        problem = service_problem(name)
        if problem is None:
            continue
        configured = {"postgres": "DATABASE_URL", "redis": "REDIS_URL", "elasticsearch": "ELASTICSEARCH_URL"}
        if IN_CI and (SERVICES_LANE or os.environ.get(configured[name])):
            pytest.fail(f"CI needs {name}: {problem}", pytrace=False)
        pytest.skip(problem)


@pytest.fixture
def demo_site(db):
    """The French home page, legal pages, territories and demo accounts, as `make run` loads them.

    Without the generated demo actors and projects (a test that needs them asks for ``full_demo``).
    """
    from django.core.management import call_command

    call_command("load_demo", actors=0, projects=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from cms.models import HomePage

    return HomePage.objects.get()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached settings must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def full_demo(demo_site):
    """Everything `make run` loads, generated demo actors and projects included."""
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    return demo_site
