"""Events hosted in a space: its managers organise one (the agenda's event form), edit and publish it; its
iCalendar feed for calendar apps.

Management pages answer 404 to anyone but the space's managers (``spaces.access.can_organise_space_events``);
writes go through :mod:`spaces.actions.events`, which reuses the agenda's validation. The feed carries the
space's public events only (:func:`spaces.events.feed_events`) and needs no session, as calendar apps have none.
"""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access as ecosystem_access
from ecosystem import ical
from ecosystem.forms.events import EventForm
from ecosystem.models import Event
from spaces import access, actions, events
from spaces.models import Space


def _organised_space_or_404(user, slug) -> Space:
    space = access.get_visible_space_or_404(user, slug=slug)
    if not access.can_organise_space_events(user, space):
        raise Http404
    return space


def _space_event_or_404(user, slug, event_slug) -> tuple[Space, Event]:
    space = _organised_space_or_404(user, slug)
    event = ecosystem_access.get_visible_event_or_404(user, slug=event_slug, space_link__space=space)
    return space, event


def _form_page(request, form, space, event):
    context = {
        "form": form,
        "host": space.host,
        "event": event,
        "space": space,
        "cancel_url": event.get_absolute_url() if event else reverse("spaces:space", args=[space.slug]),
    }
    return render(request, "ecosystem/event_form.html", context)


@login_required
def space_event_create(request, slug):
    space = _organised_space_or_404(request.user, slug)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.organise_event(request.user, space, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            flash.success(request, _("Event saved as a draft. Publish it when it is ready."))
            return redirect(event.get_absolute_url())
    return _form_page(request, form, space, None)


@login_required
def space_event_edit(request, slug, event_slug):
    space, event = _space_event_or_404(request.user, slug, event_slug)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_space_event(request.user, event, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            flash.success(request, _("Event saved."))
            return redirect(event.get_absolute_url())
    return _form_page(request, form, space, event)


@login_required
@require_POST
def space_event_publish(request, slug, event_slug):
    event = _space_event_or_404(request.user, slug, event_slug)[1]
    try:
        actions.publish_space_event(request.user, event)
    except PermissionDenied:
        raise Http404 from None
    flash.success(request, _("Event published in the agenda."))
    return redirect(event.get_absolute_url())


def space_events_ics(request, slug):
    space = access.get_space_feed_or_404(slug)
    name = _("Events of the space %(name)s") % {"name": space.name}
    return ical.response(ical.calendar(events.feed_events(space), name=name), f"agenda-{space.slug}.ics")
