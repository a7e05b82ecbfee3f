"""The read-only JSON API, version 1: ``/api/v1/…`` and its schema at ``/api/v1/openapi.json``.

Mounted outside ``i18n_patterns`` (one URL per resource, whatever the language).
"""

from django.urls import path

from directory.api import api

urlpatterns = [
    path("v1/", api.urls),
]
