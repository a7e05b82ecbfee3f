"""The agenda: the public list of events, an event's page, hosting an event, registering and cancelling.

Every decision goes through ``ecosystem.access``; drafts and events of hidden hosts answer 404 to outsiders.
Writes go through :mod:`ecosystem.actions.events`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access, jsonld, registry
from ecosystem.actions import events as actions
from ecosystem.forms.events import AgendaFilterForm, EventForm
from ecosystem.models import Event, Registration
from ecosystem.search_specs import matching_event_ids
from search import SearchBackendUnavailable
from search.text import words

PAGE_SIZE = 20


def filtered_events(user, data):
    """The events of the agenda that ``user`` sees, filtered by the (GET) ``data``; returns (form, queryset)."""
    form = AgendaFilterForm(data)
    form.is_valid()  # invalid values are dropped from cleaned_data: the agenda shows everything instead
    filters = form.cleaned_data
    now = timezone.now()
    events = access.visible_events(user).filter(status=Event.Status.PUBLISHED)
    if filters.get("past"):
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    return form, apply_filters(events, filters).select_related("host", "commune").prefetch_related("themes")


def apply_filters(events, filters):
    """``events`` narrowed by the agenda's cleaned filters (words, theme, département, kind, online / in
    person). Words go through the search backend (accents, stemming and typos as in the directory), which
    indexes public events only; if it is unreachable, the agenda still answers by title."""
    text = filters.get("q") or ""
    if words(text):
        try:
            events = events.filter(pk__in=matching_event_ids(text))
        except SearchBackendUnavailable:
            events = events.filter(title__icontains=text)
    if filters.get("theme"):
        events = events.filter(themes=filters["theme"])
    if filters.get("territory"):
        events = events.filter(commune__departement=filters["territory"])
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("mode") == "online":
        events = events.filter(commune=None, address="").exclude(online_url="")
    elif filters.get("mode") == "in_person":
        events = events.exclude(commune=None, address="")
    return events


def agenda(request):
    form, events = filtered_events(request.user, request.GET)
    page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ecosystem/event_list.html",
        {
            "form": form,
            "events": page_obj.object_list,
            "page_obj": page_obj,
            "filter_query": query.urlencode(),
            "past": form.cleaned_data.get("past"),
            "hostable": access.actors_user_administers(request.user).exists()
            or getattr(request.user, "is_staff", False),
        },
    )


def event_jsonld(request, event: Event, confirmed: int):
    """schema.org ``Event`` for a public event (None for drafts and hidden hosts): what its page shows."""
    if not (event.is_published and event.host.is_public) or event.hidden_by_moderators:
        return None
    here = timezone.get_current_timezone()
    data = {
        "@context": jsonld.SCHEMA_ORG,
        "@type": "Event",
        "name": event.title,
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "startDate": event.starts_at.astimezone(here).isoformat(),
        "endDate": event.ends_at.astimezone(here).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": {"@type": "Organization", "name": event.host.name},
        "maximumAttendeeCapacity": event.capacity,
        "remainingAttendeeCapacity": max(event.capacity - confirmed, 0),
    }
    if event.description:
        data["description"] = event.description
    locations = []
    if event.commune_id or event.address:
        address = {"@type": "PostalAddress", "addressCountry": "FR"}
        if event.address:
            address["streetAddress"] = event.address
        if event.commune_id:
            address["addressLocality"] = event.commune.name
        locations.append({"@type": "Place", "name": event.address or event.commune.name, "address": address})
    if event.online_url:  # the link itself is for registrants: the public description points to the page
        locations.append({"@type": "VirtualLocation", "url": data["url"]})
    mode = "Mixed" if len(locations) == 2 else ("Online" if event.is_online else "Offline")
    data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    data["location"] = locations[0] if len(locations) == 1 else locations
    # Text typed by hosts cannot close the <script> element: the shared serialisation escapes it.
    return jsonld.script_safe(data)


def event_detail(request, slug):
    user = request.user
    event = access.get_visible_event_or_404(user, slug=slug)
    counts = {
        row["status"]: row["n"]
        for row in event.registrations.exclude(status=Registration.Status.CANCELLED)
        .values("status")
        .annotate(n=Count("pk"))
    }
    confirmed = counts.get(Registration.Status.CONFIRMED, 0)
    mine = None
    if user.is_authenticated:
        mine = event.registrations.filter(user=user).exclude(status=Registration.Status.CANCELLED).first()
    can_manage = access.can_manage_event(user, event)
    # The organisers' messages: all for them and confirmed people, those that included it for the waiting list.
    organiser_messages = event.messages.none()
    if can_manage or (mine is not None and mine.status == Registration.Status.CONFIRMED):
        organiser_messages = event.messages.all()
    elif mine is not None and mine.status == Registration.Status.WAITING:
        organiser_messages = event.messages.filter(include_waiting=True)
    context = {
        "organiser_messages": list(organiser_messages),
        "event": event,
        "themes": list(event.themes.all()),
        "confirmed": confirmed,
        "waiting": counts.get(Registration.Status.WAITING, 0),
        "places_left": max(event.capacity - confirmed, 0),
        "mine": mine,
        "can_manage": can_manage,
        "show_link": bool(event.online_url)
        and (can_manage or (mine is not None and mine.status == Registration.Status.CONFIRMED)),
        "registration_open": event.registration_open(),
        "jsonld": event_jsonld(request, event, confirmed),
        # What the apps above the domain say of the event (the space hosting it), without it naming them.
        "event_sections": registry.event_sections(request, event),
    }
    return render(request, "ecosystem/event_detail.html", context)


def _hosts(user):
    if getattr(user, "is_staff", False):
        return access.visible_actors(user).order_by("name")
    return access.actors_user_administers(user).order_by("name")


@login_required
def event_create(request):
    """Admins of a structure (and staff) draft an event for it; the host is chosen among those structures."""
    hosts = _hosts(request.user)
    host = hosts.filter(slug=request.GET.get("structure") or request.POST.get("host")).first()
    if host is None and hosts.count() == 1:
        host = hosts.first()
    if host is None:
        return render(request, "ecosystem/event_host_choice.html", {"hosts": hosts[:200]})
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.create_event(request.user, host, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Event saved as a draft. Publish it when it is ready."))
            return redirect(event.get_absolute_url())
    return render(request, "ecosystem/event_form.html", {"form": form, "host": host, "event": None})


@login_required
def event_edit(request, slug):
    event = access.get_manageable_event_or_404(request.user, slug=slug)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_event(request.user, event, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Event saved."))
            return redirect(event.get_absolute_url())
    return render(request, "ecosystem/event_form.html", {"form": form, "host": event.host, "event": event})


@login_required
@require_POST
def event_publish(request, slug):
    event = access.get_manageable_event_or_404(request.user, slug=slug)
    actions.publish_event(request.user, event)
    messages.success(request, _("Event published in the agenda."))
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_register(request, slug):
    event = access.get_visible_event_or_404(request.user, slug=slug)
    if not event.is_published:
        return redirect(event.get_absolute_url())
    try:
        registration = actions.register(request.user, event)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered: your place is confirmed."))
        else:
            messages.success(
                request,
                _("The event is full: you are on the waiting list. We will tell you if a place frees up."),
            )
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def event_cancel(request, slug):
    event = access.get_visible_event_or_404(request.user, slug=slug)
    registration = event.registrations.filter(user=request.user).first()
    if registration is not None:
        actions.cancel_registration(request.user, registration)
        messages.success(request, _("Your registration is cancelled."))
    return redirect(event.get_absolute_url())
