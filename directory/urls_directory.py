"""Public URLs: the directory of actors, its map data, its search suggestions and its open-data exports.

``annuaire/export.csv`` and the other files cannot be mistaken for an actor page: slugs have no dot. The map
is a view of the directory page itself (``annuaire/?vue=carte``), so it needs no path of its own.
"""

from django.urls import path

from directory.views import autocomplete, directory, exports
from directory.views import map as map_views

urlpatterns = [
    path("annuaire/", directory.actor_search, name="actor_search"),
    path("annuaire/carte.geojson", map_views.actor_map_geojson, name="actor_map_geojson"),
    path("annuaire/suggestions.json", autocomplete.actor_suggestions, name="actor_suggestions"),
    path("annuaire/export.csv", exports.actor_export_csv, name="actor_export_csv"),
    path("annuaire/export.json", exports.actor_export_json, name="actor_export_json"),
]
