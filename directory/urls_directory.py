"""Public URLs: the directory of actors and its open-data exports.

``annuaire/export.csv`` cannot be mistaken for an actor page: slugs have no dot.
"""

from django.urls import path

from directory.views import directory, exports

urlpatterns = [
    path("annuaire/", directory.actor_search, name="actor_search"),
    path("annuaire/export.csv", exports.actor_export_csv, name="actor_export_csv"),
    path("annuaire/export.json", exports.actor_export_json, name="actor_export_json"),
]
