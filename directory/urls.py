"""Public pages of the directory (French paths)."""

from django.urls import include, path

app_name = "directory"

urlpatterns = [
    path("", include("directory.urls_directory")),
    path("", include("directory.urls_actors")),
    path("", include("directory.urls_projects")),
]
