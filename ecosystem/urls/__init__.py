"""Front-office URLs of the ecosystem (French paths), one module per area."""

from django.urls import include, path

app_name = "ecosystem"

urlpatterns = [
    path("", include("ecosystem.urls.account")),
    path("", include("ecosystem.urls.actors")),
    path("", include("ecosystem.urls.projects")),
    path("", include("ecosystem.urls.evaluation")),
    path("", include("ecosystem.urls.calls")),
    path("", include("ecosystem.urls.jury")),
    path("", include("ecosystem.urls.suggestions")),
    path("", include("ecosystem.urls.invitations")),
    path("", include("ecosystem.urls.follows")),
    path("", include("ecosystem.urls.events")),
]
