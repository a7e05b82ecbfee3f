"""Front-office URLs of the agenda (French paths)."""

from django.urls import path

from ecosystem.views import agenda_month, event_files, events, meetings

urlpatterns = [
    path("agenda/", events.agenda, name="agenda"),
    path("agenda/mois/", agenda_month.agenda_month, name="agenda_month_current"),
    path("agenda/mois/<int:year>/<int:month>/", agenda_month.agenda_month, name="agenda_month"),
    path("agenda/agenda.ics", event_files.agenda_ics, name="agenda_ics"),
    path("agenda/nouveau/", events.event_create, name="event_create"),
    path("agenda/structures/<slug:slug>.ics", event_files.actor_events_ics, name="actor_events_ics"),
    path("agenda/thematiques/<slug:slug>.ics", event_files.theme_events_ics, name="theme_events_ics"),
    path("agenda/<slug:slug>/", events.event_detail, name="event_detail"),
    path("agenda/<slug:slug>/modifier/", events.event_edit, name="event_edit"),
    path("agenda/<slug:slug>/publier/", events.event_publish, name="event_publish"),
    path("agenda/<slug:slug>/inscription/", events.event_register, name="event_register"),
    path("agenda/<slug:slug>/annulation/", events.event_cancel, name="event_cancel"),
    path("agenda/<slug:slug>/inscrits/", event_files.event_attendees, name="event_attendees"),
    path("agenda/<slug:slug>/inscrits.csv", event_files.event_attendees_csv, name="event_attendees_csv"),
    path("agenda/<slug:slug>/evenement.ics", event_files.event_ics, name="event_ics"),
    path("agenda/<slug:slug>/rendez-vous/", meetings.event_meetings, name="event_meetings"),
    path(
        "agenda/<slug:slug>/rendez-vous/programme.ics",
        meetings.meeting_schedule_ics,
        name="meeting_schedule_ics",
    ),
    path(
        "agenda/<slug:slug>/rendez-vous/programme/", meetings.meeting_schedule_print, name="meeting_schedule"
    ),
    path(
        "agenda/<slug:slug>/rendez-vous/programme.pdf",
        meetings.meeting_schedule_pdf,
        name="meeting_schedule_pdf",
    ),
    path("agenda/<slug:slug>/rendez-vous/demander/", meetings.meeting_request, name="meeting_request"),
    path("agenda/<slug:slug>/rendez-vous/<int:pk>/repondre/", meetings.meeting_answer, name="meeting_answer"),
]
