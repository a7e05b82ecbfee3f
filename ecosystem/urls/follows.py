"""Front-office URLs: following, « Mon fil », the public Atom feeds and the email preferences."""

from django.urls import path

from ecosystem.views import email_preferences, feeds, follows, moderation

urlpatterns = [
    path("mon-espace/fil/", follows.my_feed, name="my_feed"),
    path("mon-espace/e-mails/", email_preferences.email_preferences, name="email_preferences"),
    path(
        "e-mails/desabonnement/<str:token>/", email_preferences.digest_unsubscribe, name="digest_unsubscribe"
    ),
    path("signaler/<str:kind>/<slug:slug>/", moderation.report, name="report"),
    path("suivre/", follows.follow_toggle, name="follow_toggle"),
    path("fils/structures/<slug:slug>.atom", feeds.ActorFeed(), name="actor_atom"),
    path("fils/projets/<slug:slug>.atom", feeds.ProjectFeed(), name="project_atom"),
    path("fils/thematiques/<slug:slug>.atom", feeds.ThemeFeed(), name="theme_atom"),
    path("fils/territoires/<str:level>/<str:code>.atom", feeds.TerritoryFeed(), name="territory_atom"),
]
