"""The read-only public JSON API (``/api/v1/``), with its OpenAPI schema at ``/api/v1/openapi.json``.

Anonymous and read-only: it shows exactly what an anonymous visitor of the site sees — public actors,
published projects of public actors (``ecosystem.access`` with no user) and the reference territories.
Anything else answers 404 with the same reason whether it exists or not.

* ``actors`` and ``projects`` list through the search (``search.search``), with the filters and the order of
  the directory and project list pages; ``territories`` reads the reference data.
* Pages are django-ninja's ``LimitOffsetPagination`` with bounded ``limit`` and ``offset``
  (:mod:`.pagination`); filters are ninja ``FilterSchema``\\ s.
* Every answer is in the schema (:mod:`.schemas`): a malformed or out-of-range parameter answers 422 naming
  the parameter (django-ninja's validation errors), an unreachable search service 503. The test suite checks
  the API against its schema with schemathesis (``tests/directory/test_api_schema.py``).
* Every endpoint runs a fixed number of queries whatever the number of results.

The interactive docs (``/docs``) are off: django-ninja serves them from a CDN unless ``ninja`` is in
``INSTALLED_APPS``, and the site loads nothing from third-party hosts.
"""

from django.utils.translation import gettext
from ninja import NinjaAPI

import search

from . import actors, projects, territories

api = NinjaAPI(
    title="Essaim",
    version="1",
    description="Read-only public data of the Essaim directory: actors, projects and territories.",
    urls_namespace="api-v1",
    docs_url=None,
)
api.add_router("", actors.router)
api.add_router("", projects.router)
api.add_router("", territories.router)


@api.exception_handler(search.SearchBackendUnavailable)
def search_unavailable(request, exc):
    return api.create_response(
        request, {"detail": gettext("The search service is unavailable; try again later.")}, status=503
    )
