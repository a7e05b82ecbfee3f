"""Bounded ``limit``/``offset`` pages: django-ninja's ``LimitOffsetPagination`` with the API's limits.

Both parameters are bounded in the schema, so a request outside the bounds answers 422 naming the parameter
(an unbounded ``offset`` used to reach the database as an integer it cannot hold: a 500). Lists read through
the search (actors, projects) page through their first ``SEARCH_WINDOW`` results, the deepest page the
search backends serve; reference lists (territories) are bounded by the size of a country's reference data.

A page is ``{"count", "limit", "offset", "items"}``: ``count`` matches the filters over every page.
"""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# Elasticsearch serves the first 10,000 results of a query (its max_result_window) and a window that does not
# start on a page boundary reads two pages of ``limit``: offset + 2 × limit stays within it.
SEARCH_WINDOW = 10_000
MAX_SEARCH_OFFSET = SEARCH_WINDOW - 2 * MAX_LIMIT
# More than the communes, EPCIs, départements and régions of France together (about 36,000).
MAX_REFERENCE_OFFSET = 100_000

LIMIT_HELP = "How many results to return (1 to 100)."


class SearchWindow(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=LIMIT_HELP)
    offset: int = Field(
        0,
        ge=0,
        le=MAX_SEARCH_OFFSET,
        description=f"How many results to skip (at most {MAX_SEARCH_OFFSET:,}).",
    )


class ReferenceWindow(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=LIMIT_HELP)
    offset: int = Field(
        0,
        ge=0,
        le=MAX_REFERENCE_OFFSET,
        description=f"How many results to skip (at most {MAX_REFERENCE_OFFSET:,}).",
    )


class Pagination(LimitOffsetPagination):
    """``limit`` and ``offset`` bounded; the page says which window it is."""

    Input = SearchWindow

    class Output(Schema):
        count: int = Field(description="Number of results matching the filters, over every page.")
        limit: int
        offset: int
        items: list[Any]

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        return {**page, "limit": pagination.limit, "offset": pagination.offset}


class ReferencePagination(Pagination):
    """For reference data read from the database (territories): deeper offsets are fine there."""

    Input = ReferenceWindow
