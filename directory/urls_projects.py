"""Public URLs: projects."""

from django.urls import path

from directory.views import map as map_views
from directory.views import projects

urlpatterns = [
    path("projets/", projects.project_list, name="project_list"),
    path("projets/<slug:slug>/", projects.project_detail, name="project_detail"),
    path(
        "projets/<slug:slug>/essaimages.geojson",
        map_views.project_lineage_geojson,
        name="project_lineage_geojson",
    ),
]
