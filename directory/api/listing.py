"""Lists read through the search (``search.search``): filters declared as a ninja ``FilterSchema``, results
as a sequence that ``LimitOffsetPagination`` pages through.

A filter names the search keyword field it narrows with ``FilterLookup("field")`` — the same fields, with the
same meaning, as the directory and project list pages use — so the API shows what an anonymous visitor of
the site finds there, in the same order.
"""

from collections.abc import Callable

from ninja import FilterLookup, FilterSchema
from ninja.pagination import paginate

import search

from .pagination import Pagination
from .schemas import Error, ValidationErrors, reasons


class SearchFilters(FilterSchema):
    """Query parameters that narrow a search: ``keywords()`` is the ``Query.filters`` they make."""

    def keywords(self) -> dict[str, list[str]]:
        chosen = {}
        for name, info in type(self).model_fields.items():
            lookup = next((item for item in info.metadata if isinstance(item, FilterLookup)), None)
            value = getattr(self, name)
            if lookup is None or value is None:
                continue
            # The search specs index booleans as "yes"/"no" (a facet value people can read).
            chosen[lookup.q] = ["yes" if value else "no"] if isinstance(value, bool) else [str(value)]
        return chosen


class SearchListing:
    """A search's results as the sliceable sequence ``LimitOffsetPagination`` pages through.

    ``listing[offset:offset + limit]`` reads that window from the search — one search page, two when the
    window does not start on a page boundary — and returns ``present(objects)``; ``len(listing)`` is the
    search's total. Whatever the window, the number of queries is the same.
    """

    def __init__(self, model, *, text: str, filters: dict[str, list[str]], sort: str, present: Callable):
        self.model = model
        self.text = text
        self.filters = filters
        self.sort = sort
        self.present = present
        self.total: int | None = None

    def _page(self, number: int, size: int) -> list:
        query = search.Query(
            text=self.text, filters=self.filters, sort=self.sort, page=number, per_page=size, facets=()
        )
        results = search.search(self.model, query)
        self.total = results.total
        return results.objects

    def __getitem__(self, window: slice) -> list:
        start = window.start or 0
        size = max(1, window.stop - start)  # at most MAX_LIMIT, which is also the search's largest page
        page, skip = divmod(start, size)
        found = self._page(page + 1, size)
        if skip:
            found += self._page(page + 2, size)
        return self.present(found[skip : skip + size])

    def __len__(self) -> int:
        if self.total is None:
            self._page(1, 1)
        return self.total


def search_list_endpoint(router, path: str, item, *, summary: str) -> Callable:
    """Register the decorated view as ``GET path``, a searched list of ``item`` schemas paged by ``limit`` and
    ``offset``: it returns a :class:`SearchListing` (see :func:`listing_of`). 422 for bad filters, 503 when
    the search is down, as every list of the API documents them."""

    def register(view: Callable) -> Callable:
        paged = paginate(Pagination)(view)
        return router.get(
            path,
            response={200: list[item], 422: ValidationErrors, 503: Error},
            summary=summary,
            openapi_extra=reasons(422, 503),
        )(paged)

    return register


def listing_of(model, filters: SearchFilters, *, sort: str, present: Callable) -> SearchListing:
    """The search of ``model`` that ``filters`` ask for (``q`` and the keyword fields), ``present``-ed."""
    return SearchListing(model, text=filters.q, filters=filters.keywords(), sort=sort, present=present)
