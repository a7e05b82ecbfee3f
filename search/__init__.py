"""Search backends behind one interface, chosen by ``settings.SEARCH_BACKEND`` (a dotted path or short name).

This package knows no domain model: models describe what is indexed in a declarative spec next to them, and
backends build their queries or mappings from those specs. Callers use the module-level helpers.
"""

from functools import cache
from importlib import import_module

from django.conf import settings

from .backends.base import SearchBackend

SHORT_NAMES = {
    "database": "search.backends.database",
    "elasticsearch": "search.backends.elasticsearch",
}


def backend_path(name: str) -> str:
    return SHORT_NAMES.get(name, name)


@cache
def _load(path: str) -> SearchBackend:
    module = import_module(backend_path(path))
    return module.Backend()


def get_backend() -> SearchBackend:
    """The configured backend (one instance per process and setting)."""
    return _load(settings.SEARCH_BACKEND)


__all__ = ["SearchBackend", "backend_path", "get_backend"]
