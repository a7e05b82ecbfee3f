"""Shared test fixtures and the service lanes.

Tests marked ``postgres``, ``redis`` or ``elasticsearch`` need that real service. On a laptop without it
they skip with the reason shown in the summary (``-ra``); in CI (``CI=true``) a service that the lane
needs but cannot reach fails the test instead, so a green CI always means the service was exercised.
``ESSAIM_LANE=services`` marks the CI lane that must have every service.

Shared fixtures live in fixture modules loaded below through ``pytest_plugins`` (builders that are not
fixtures live in ``tests.factories`` and ``tests.support``): no test module imports from another one.
"""

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
SERVICES_LANE = os.environ.get("ESSAIM_LANE") == "services"

pytest_plugins = [
    "tests.fixtures.calls",
    "tests.fixtures.evaluation",
    "tests.fixtures.invitations",
    "tests.fixtures.matching",
    "tests.fixtures.projects",
    "tests.fixtures.spaces",
    "tests.fixtures.territories",
]


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
BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last, as one block, whatever order pytest-randomly drew.

    pytest-randomly shuffles modules and the tests within each module (then pytest-django groups database
    tests first); left alone, browser modules could land between other modules. Their Playwright and live
    server fixtures are package-scoped, so each return to tests/browser would start a new server and browser,
    and while they live Playwright's sync API runs an event loop in the main thread, where Django refuses
    database access. Kept together at the end, they start once and nothing after them needs the database.
    The browser tests keep their shuffled order among themselves.
    """
    browser = [item for item in items if BROWSER_TESTS in Path(item.path).resolve().parents]
    if browser:
        others = [item for item in items if BROWSER_TESTS not in Path(item.path).resolve().parents]
        items[:] = others + browser


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


def _load_demo(**options):
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"), **options)  # noqa: SIM115 - closed with the process


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The demo of ``demo_site``, loaded once for a whole module whose tests only need it as a starting point.

    A module opts in with ``pytestmark = pytest.mark.usefixtures("demo_module")`` (and its tests still ask for
    ``demo_site``). The demo is loaded inside an outer transaction kept open for the module: each test's own
    transaction (pytest-django's ``db``) nests in it as a savepoint and is rolled back after the test, so a
    test that writes still leaves the next one the demo as loaded; the module's end rolls the demo back.
    Only for modules where every test uses the demo and none needs ``transaction=True`` (on-commit hooks
    never run inside the outer transaction). Module scope, not session scope: other modules must not see
    the demo, and pytest-randomly keeps each module's tests together.
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        _load_demo(actors=0, projects=0)
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def demo_site(request, db):
    """The French home page, legal pages, territories and demo accounts, as `make run` loads them.

    Without the generated demo actors and projects (a test that needs them asks for ``full_demo``).
    Loaded for this test, or once for the module when the module uses ``demo_module``.
    """
    from cms.models import HomePage

    if "demo_module" not in request.fixturenames:
        _load_demo(actors=0, projects=0)
    # The French home page, the site's root (its English translation is another HomePage).
    return HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)


def _clear_own_keys(cache) -> None:
    """Empty this run's cache. On Redis, ``cache.clear()`` is a FLUSHDB: it would also wipe the channel layer's
    groups and the keys of any other run or server sharing that database (CACHE_KEY_PREFIX keeps them apart),
    so only the keys under this run's prefix go."""
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _fresh_globals():
    """Each test starts from the process's defaults, whatever the previous test (in any order) left behind.

    A request through LocaleMiddleware leaves its language active in the thread, so a later test building a
    URL outside a request would get ``/en/…``; a test may activate a time zone; rate-limit counters and
    cached settings live in the cache.
    """
    from django.core.cache import cache
    from django.utils import timezone, translation

    from search import generation

    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
    _clear_own_keys(cache)
    generation.forget_local()
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture
def full_demo(demo_site):
    """Everything `make run` loads, generated demo actors and projects included."""
    _load_demo()
    return demo_site
