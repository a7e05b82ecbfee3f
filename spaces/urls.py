"""Front-office URLs of the spaces (French paths): spaces, their events, rooms, messages, direct contact,
notifications.

Rooms are addressed by number (``/salons/<id>/``), messages too (``/salons/messages/<id>/`` is the permalink,
which redirects to the page of history holding the message). Paths with a dot cannot be space slugs.
"""

from django.urls import path
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog

from spaces.views import (
    direct,
    events,
    manager,
    messages,
    notifications,
    reports,
    rooms,
    search,
    spaces,
    swarming,
)

app_name = "spaces"

urlpatterns = [
    # The translations of the live scripts (static/js/*.js), in the language of the URL; the same for everyone,
    # so browsers keep it for an hour instead of asking on every page.
    path(
        "espaces/jsi18n.js",
        cache_control(public=True, max_age=3600)(JavaScriptCatalog.as_view()),
        name="jsi18n",
    ),
    path("espaces/compteurs.json", notifications.counts, name="counts"),
    path("espaces/", rooms.room_list, name="home"),
    path("espaces/nouvel-espace/", spaces.space_create, name="space_create"),
    path("espaces/<slug:slug>/", spaces.space_detail, name="space"),
    path("espaces/<slug:slug>/salons/nouveau/", spaces.room_create, name="room_create"),
    path("espaces/<slug:slug>/membres/", spaces.space_member_add, name="space_member_add"),
    path(
        "espaces/<slug:slug>/membres/<int:user_pk>/retirer/",
        spaces.space_member_remove,
        name="space_member_remove",
    ),
    path("espaces/<slug:slug>/agenda.ics", events.space_events_ics, name="space_events_ics"),
    path("espaces/<slug:slug>/evenements/nouveau/", events.space_event_create, name="space_event_create"),
    path(
        "espaces/<slug:slug>/evenements/<slug:event_slug>/modifier/",
        events.space_event_edit,
        name="space_event_edit",
    ),
    path(
        "espaces/<slug:slug>/evenements/<slug:event_slug>/publier/",
        events.space_event_publish,
        name="space_event_publish",
    ),
    path("espaces/<slug:slug>/suivi/", manager.space_report, name="space_report"),
    path("salons/recherche/", search.search, name="search"),
    path("salons/<int:pk>/", rooms.room_detail, name="room"),
    path("salons/<int:pk>/messages/", messages.message_post, name="message_post"),
    path("salons/<int:pk>/gestion/", spaces.room_manage, name="room_manage"),
    path("salons/<int:pk>/gestion/inviter/", spaces.room_invite, name="room_invite"),
    path("salons/<int:pk>/gestion/archiver/", spaces.room_archive, name="room_archive"),
    path(
        "salons/<int:pk>/membres/<int:user_pk>/retirer/", spaces.room_member_remove, name="room_member_remove"
    ),
    path("salons/messages/<int:pk>/", messages.message_permalink, name="message"),
    path("salons/messages/<int:pk>/image/", messages.attachment, name="attachment"),
    path("salons/messages/<int:pk>/modifier/", messages.message_edit, name="message_edit"),
    path("salons/messages/<int:pk>/supprimer/", messages.message_delete, name="message_delete"),
    path("salons/messages/<int:pk>/signaler/", reports.message_report, name="message_report"),
    path("projets/<slug:slug>/salon/", rooms.project_room, name="project_room"),
    path("structures/<slug:slug>/contacter/", direct.contact, name="contact"),
    path("projets/<slug:slug>/essaimer/", swarming.swarm_project, name="swarm_project"),
    path("mon-espace/notifications/", notifications.notification_list, name="notifications"),
    path("mon-espace/notifications/tout-lire/", notifications.notifications_read, name="notifications_read"),
]
