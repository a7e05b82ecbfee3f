"""The agenda's month view: a calendar grid of one month (Monday first), the published events the visitor may
see listed in each day they cover (Paris time), with the list's filters, and links to the months around.

A plain HTML table (caption, one column header per weekday), so it works without JavaScript and reads well
with a screen reader; on a small screen the stylesheet stacks the days that have events.
"""

import calendar
from datetime import date, datetime, time, timedelta

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ecosystem import access
from ecosystem.forms.events import AgendaFilterForm
from ecosystem.models import Event
from ecosystem.views.events import apply_filters

FIRST_YEAR, LAST_YEAR = 2000, 2100  # months outside answer 404 rather than paging on for ever


def _month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    here = timezone.get_current_timezone()
    first = datetime.combine(date(year, month, 1), time.min, tzinfo=here)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, datetime.combine(following, time.min, tzinfo=here)


def _days(event: Event, first: date, last: date):
    """The local days of the month that ``event`` covers (an event ending at midnight does not cover the next)."""
    here = timezone.get_current_timezone()
    start = event.starts_at.astimezone(here).date()
    end = max(event.ends_at - timedelta(microseconds=1), event.starts_at).astimezone(here).date()
    day = max(start, first)
    while day <= min(end, last):
        yield day
        day += timedelta(days=1)


def _weeks(year: int, month: int, events: list[Event]) -> list[list[dict | None]]:
    grid = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    by_day: dict[date, list[Event]] = {}
    for event in events:
        for day in _days(event, first, last):
            by_day.setdefault(day, []).append(event)
    today = timezone.localdate()
    return [
        [
            {"date": day, "events": by_day.get(day, []), "today": day == today}
            if day.month == month
            else None
            for day in week
        ]
        for week in grid
    ]


def _neighbour(year: int, month: int, step: int) -> date | None:
    index = year * 12 + month - 1 + step
    neighbour = date(index // 12, index % 12 + 1, 1)
    return neighbour if FIRST_YEAR <= neighbour.year <= LAST_YEAR else None


def agenda_month(request, year=None, month=None):
    if year is None:
        today = timezone.localdate()
        year, month = today.year, today.month
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        raise Http404
    form = AgendaFilterForm(request.GET)
    form.is_valid()  # as in the list: invalid values are ignored
    starts, ends = _month_bounds(year, month)
    events = apply_filters(
        access.visible_events(request.user).filter(
            status=Event.Status.PUBLISHED, starts_at__lt=ends, ends_at__gt=starts
        ),
        form.cleaned_data,
    ).order_by("starts_at", "pk")
    events = list(events.only("slug", "title", "starts_at", "ends_at", "kind"))
    query = request.GET.copy()
    query.pop("past", None)  # the month view shows past and upcoming events alike
    return render(
        request,
        "ecosystem/event_month.html",
        {
            "form": form,
            "month": date(year, month, 1),
            "weeks": _weeks(year, month, events),
            "weekdays": [date(2024, 1, day) for day in range(1, 8)],  # 1 January 2024 was a Monday
            "count": len(events),
            "previous": _neighbour(year, month, -1),
            "next": _neighbour(year, month, 1),
            "filter_query": query.urlencode(),
        },
    )
