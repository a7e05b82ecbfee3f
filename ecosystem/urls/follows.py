"""Front-office URLs: following, « Mon fil » and the public Atom feeds."""

from django.urls import path

from ecosystem.views import feeds, follows

urlpatterns = [
    path("mon-espace/fil/", follows.my_feed, name="my_feed"),
    path("suivre/", follows.follow_toggle, name="follow_toggle"),
    path("fils/structures/<slug:slug>.atom", feeds.ActorFeed(), name="actor_atom"),
    path("fils/projets/<slug:slug>.atom", feeds.ProjectFeed(), name="project_atom"),
    path("fils/thematiques/<slug:slug>.atom", feeds.ThemeFeed(), name="theme_atom"),
    path("fils/territoires/<str:level>/<str:code>.atom", feeds.TerritoryFeed(), name="territory_atom"),
]
