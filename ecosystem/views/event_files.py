"""What organisers and calendar apps download from the agenda: the attendee list (page and CSV, and the form
writing to the registrants) and the iCalendar files — one per event, the whole agenda, one per structure and one per theme.

Attendees: the event's managers only (404 for everyone else). Calendar feeds carry the published events the
visitor may see, without the online link; a person's own ``.ics`` of one event holds the link when they may
see it (``access.can_see_event_link``).
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecosystem import access, ical
from ecosystem.actions.event_messages import message_attendees
from ecosystem.forms.events import EventMessageForm
from ecosystem.models import Registration, Theme


def _attendees(event):
    return (
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("status", "queued_at", "pk")
    )


@login_required
def event_attendees(request, slug):
    """The attendee list, and the form that writes to them (POST, through ``actions.message_attendees``)."""
    event = access.get_manageable_event_or_404(request.user, slug=slug)
    form = EventMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = message_attendees(
                request.user,
                event,
                form.cleaned_data["body"],
                include_waiting=form.cleaned_data["include_waiting"],
            )
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(
                request,
                ngettext(
                    "Message sent to %(count)s person.", "Message sent to %(count)s people.", sent.recipients
                )
                % {"count": sent.recipients},
            )
            return redirect(request.path)
    registrations = list(_attendees(event))
    return render(
        request,
        "ecosystem/event_attendees.html",
        {
            "event": event,
            "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in registrations if r.status == Registration.Status.WAITING],
            "form": form,
            "sent_messages": list(event.messages.select_related("sent_by")),
        },
    )


@login_required
def event_attendees_csv(request, slug):
    event = access.get_manageable_event_or_404(request.user, slug=slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inscrits-{event.slug}.csv"'
    response.write("\ufeff")  # spreadsheet apps read UTF-8 only with the byte order mark
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("Email"), _("Status"), _("Registered at")])
    here = timezone.get_current_timezone()
    for registration in _attendees(event):
        writer.writerow(
            [
                _safe_cell(registration.user.display_name),
                _safe_cell(registration.user.email),
                registration.get_status_display(),
                registration.queued_at.astimezone(here).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return response


def _safe_cell(value: str) -> str:
    # A cell starting with = + - @ is a formula for spreadsheet apps: a typed name must stay text.
    value = str(value or "")
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def event_ics(request, slug):
    event = access.get_visible_event_or_404(request.user, slug=slug)
    with_link = access.can_see_event_link(request.user, event)
    return ical.response(ical.calendar([event], name=event.title, with_link=with_link), f"{event.slug}.ics")


def agenda_ics(request):
    return ical.response(ical.calendar(ical.feed_events(request.user), name=_("Essaim agenda")), "agenda.ics")


def actor_events_ics(request, slug):
    actor = access.get_visible_actor_or_404(request.user, slug=slug)
    events = ical.feed_events(request.user).filter(host=actor)
    name = _("Events of %(name)s") % {"name": actor.name}
    return ical.response(ical.calendar(events, name=name), f"agenda-{actor.slug}.ics")


def theme_events_ics(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    events = ical.feed_events(request.user).filter(themes=theme)
    name = _("Events: %(theme)s") % {"theme": theme.name}
    return ical.response(ical.calendar(events, name=name), f"agenda-{theme.slug}.ics")
