"""Front-office URLs: suggestions for the place and structure inputs of the forms (public JSON)."""

from django.urls import path

from ecosystem.views import suggestions

urlpatterns = [
    path("territoires/suggestions.json", suggestions.territory_suggestions, name="territory_suggestions"),
    path("structures/suggestions.json", suggestions.actor_suggestions, name="actor_suggestions"),
]
