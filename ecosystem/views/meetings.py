"""Partner meetings at an event: the registrants to meet, the requests, and one's own schedule.

Confirmed registrants of an event with meetings enabled only; everybody else gets 404. Plain POST forms. One's
schedule also comes as a page to print, a PDF (WeasyPrint, like the end report) and an ``.ics``; an online
event's meetings carry their video link, which only their two people see.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access, ical
from ecosystem.actions import meetings as actions
from ecosystem.end_report import html_to_pdf
from ecosystem.matching.registrants import rank_registrants
from ecosystem.models import Meeting, Registration, User

SCHEDULE_PRINT_SHEET = "css/schedule_print.css"


def _event_for_meetings(user, slug):
    event = access.get_visible_event_or_404(user, slug=slug)
    if not access.can_take_part_in_meetings(user, event):
        raise Http404
    return event


def _page(event) -> str:
    return reverse("ecosystem:event_meetings", args=[event.slug])


@login_required
def event_meetings(request, slug):
    user = request.user
    event = _event_for_meetings(user, slug)
    mine = event.meetings.filter(Q(requester=user) | Q(invitee=user)).select_related("requester", "invitee")
    open_with = set()
    for meeting in mine:
        if meeting.status != Meeting.Status.DECLINED:
            open_with.add(meeting.invitee_id if meeting.requester_id == user.pk else meeting.requester_id)
    registrants = (
        User.objects.filter(
            event_registrations__event=event, event_registrations__status=Registration.Status.CONFIRMED
        )
        .exclude(pk__in={user.pk, *open_with})
        .order_by("display_name", "pk")
    )
    meetings = list(mine)
    return render(
        request,
        "ecosystem/event_meetings.html",
        {
            "event": event,
            # Ranked by the partner matching where it suggests their structures, with its reasons.
            "registrants": rank_registrants(user, list(registrants)),
            "received": [
                m for m in meetings if m.status == Meeting.Status.REQUESTED and m.invitee_id == user.pk
            ],
            "sent": [
                m for m in meetings if m.status == Meeting.Status.REQUESTED and m.requester_id == user.pk
            ],
            "schedule": sorted(
                (m for m in meetings if m.status == Meeting.Status.ACCEPTED), key=lambda m: m.starts_at
            ),
        },
    )


@login_required
@require_POST
def meeting_request(request, slug):
    event = _event_for_meetings(request.user, slug)
    invitee = User.objects.filter(pk=request.POST.get("invitee") or 0).first()
    if invitee is None:
        raise Http404
    try:
        actions.request_meeting(request.user, event, invitee, request.POST.get("message", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Meeting requested with %(name)s.") % {"name": invitee.get_short_name()})
    return redirect(_page(event))


@login_required
@require_POST
def meeting_answer(request, slug, pk):
    event = _event_for_meetings(request.user, slug)
    meeting = get_object_or_404(Meeting, pk=pk, event=event, invitee=request.user)
    try:
        meeting = actions.answer_meeting(request.user, meeting, accept=request.POST.get("answer") == "accept")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if meeting.status == Meeting.Status.ACCEPTED:
            messages.success(request, _("Meeting accepted: it is in your schedule."))
        else:
            messages.success(request, _("Meeting declined."))
    return redirect(_page(event))


def _my_schedule(user, event) -> list[tuple[Meeting, User]]:
    """``user``'s accepted meetings at ``event`` in time order, each with the other person."""
    meetings = (
        event.meetings.filter(Q(requester=user) | Q(invitee=user), status=Meeting.Status.ACCEPTED)
        .select_related("requester", "invitee")
        .order_by("starts_at", "pk")
    )
    return [(m, m.invitee if m.requester_id == user.pk else m.requester) for m in meetings]


def _schedule_context(request, slug) -> dict:
    event = _event_for_meetings(request.user, slug)
    return {"event": event, "schedule": _my_schedule(request.user, event), "person": request.user}


@login_required
def meeting_schedule_print(request, slug):
    """One's schedule alone on a page, laid out for printing (the print sheet hides the site around it)."""
    return render(request, "ecosystem/meeting_schedule.html", _schedule_context(request, slug))


@login_required
def meeting_schedule_pdf(request, slug):
    context = _schedule_context(request, slug)
    with translation.override(settings.LANGUAGE_CODE):  # a printed document in the site's language
        html = render_to_string("ecosystem/meeting_schedule_document.html", context, request=request)
    response = HttpResponse(html_to_pdf(html, SCHEDULE_PRINT_SHEET), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="programme-{context["event"].slug}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def meeting_schedule_ics(request, slug):
    """One's own accepted meetings at the event, for a calendar app."""
    user = request.user
    event = _event_for_meetings(user, slug)
    schedule = _my_schedule(user, event)
    meetings = [meeting for meeting, _other in schedule]
    summaries = {}
    for meeting, other in schedule:
        if meeting.video_url:
            summaries[meeting.pk] = _("Video meeting with %(name)s") % {"name": other.get_short_name()}
        else:
            summaries[meeting.pk] = _("Meeting with %(name)s, table %(table)s") % {
                "name": other.get_short_name(),
                "table": meeting.table,
            }
    text = ical.schedule(
        event, meetings, name=_("My meetings at %(event)s") % {"event": event.title}, summaries=summaries
    )
    return ical.response(text, f"rendez-vous-{event.slug}.ics")
