"""Public URLs: actors."""

from django.urls import path

from directory.views import actors

urlpatterns = [
    path("annuaire/<slug:slug>/", actors.actor_detail, name="actor_detail"),
]
