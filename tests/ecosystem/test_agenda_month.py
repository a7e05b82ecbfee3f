"""The agenda's month view: a table of the month's days, events listed in the days they cover, filters kept."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ActorFactory, EventFactory, ThemeFactory
from tests.support.html import soup

pytestmark = pytest.mark.django_db
MARCH = reverse("ecosystem:agenda_month", args=[2030, 3])


def paris(*args):
    return datetime(*args, tzinfo=timezone.get_current_timezone())


def by_day(page):
    """{day number: [link texts]} of the grid's days."""
    days = {}
    for cell in page.select("table.month-grid td.month-day:not(.month-day--outside)"):
        number = int(cell.select_one("time")["datetime"][-2:])
        days[number] = [" ".join(a.get_text(" ", strip=True).split()) for a in cell.select("a")]
    return days


def test_the_month_is_a_table_with_a_caption_weekday_headers_and_its_days(client):
    page = soup(client.get(MARCH))
    table = page.select_one("table.month-grid")
    assert table.caption.get_text(strip=True) == "Mars 2030"
    headers = table.select("thead th[scope=col]")
    assert [th.abbr["title"] for th in headers] == [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"
    ]  # fmt: skip
    assert sorted(by_day(page)) == list(range(1, 32))
    # 1 March 2030 is a Friday: four empty cells before it in the first week.
    assert len(table.select("tbody tr:first-child td.month-day--outside")) == 4
    assert page.h1.get_text(strip=True) == "Agenda de mars 2030"


def test_events_are_listed_in_the_days_they_cover_at_paris_time(client):
    EventFactory(title="Forum", starts_at=paris(2030, 3, 14, 9, 30), ends_at=paris(2030, 3, 15, 17))
    EventFactory(title="Café tardif", starts_at=paris(2030, 3, 31, 23, 30), ends_at=paris(2030, 4, 1, 1))
    EventFactory(title="Soirée", starts_at=paris(2030, 3, 2, 18), ends_at=paris(2030, 3, 3, 0, 0))
    EventFactory(title="Avril", starts_at=paris(2030, 4, 2, 10))
    EventFactory(title="Brouillon", starts_at=paris(2030, 3, 14, 10), draft=True)
    EventFactory(title="Caché", starts_at=paris(2030, 3, 14, 10), host=ActorFactory(is_public=False))
    response = client.get(MARCH)
    days = by_day(soup(response))
    assert days[14] == ["09:30 Forum"]
    assert days[15] == ["Forum"]  # the second day of the forum, without its starting time
    assert days[31] == ["23:30 Café tardif"]  # 22:30 UTC, still 31 March in Paris
    assert days[2] == ["18:00 Soirée"]
    assert days[3] == []  # ending at midnight does not cover the next day
    assert "3 événements ce mois-ci" in response.content.decode()


def test_previous_and_next_months_keep_the_filters(client):
    theme = ThemeFactory(name="Mobilité")
    EventFactory(title="Mobilité", starts_at=paris(2030, 3, 5, 10), themes=[theme])
    EventFactory(title="Autre", starts_at=paris(2030, 3, 6, 10))
    page = soup(client.get(MARCH + "?theme=mobilite&kind="))
    assert [name for links in by_day(page).values() for name in links] == ["10:00 Mobilité"]
    nav = page.select_one("nav.month-nav")
    assert nav["aria-label"] == "Mois"
    previous, following = nav.select("a")
    assert previous["href"] == reverse("ecosystem:agenda_month", args=[2030, 2]) + "?theme=mobilite&kind="
    assert previous.get_text(strip=True) == "Mois précédent : février 2030"
    assert following["href"].startswith(reverse("ecosystem:agenda_month", args=[2030, 4]))
    december = soup(client.get(reverse("ecosystem:agenda_month", args=[2030, 12])))
    assert december.select_one("a[rel=next]")["href"] == reverse("ecosystem:agenda_month", args=[2031, 1])


def test_the_current_month_by_default_with_today_marked_and_a_link_from_the_list(client):
    today = timezone.localdate()
    page = soup(client.get(reverse("ecosystem:agenda_month_current")))
    (current,) = page.select("td[aria-current=date]")
    assert current.time["datetime"] == today.isoformat()
    assert "(aujourd’hui)" in current.get_text()
    listing = soup(client.get(reverse("ecosystem:agenda") + "?kind=workshop"))
    month_link = listing.find("a", string="Vue par mois")
    assert month_link["href"] == reverse("ecosystem:agenda_month_current") + "?kind=workshop"


def test_months_out_of_range_are_404(client):
    assert client.get(reverse("ecosystem:agenda_month", args=[2030, 13])).status_code == 404
    assert client.get(reverse("ecosystem:agenda_month", args=[1500, 1])).status_code == 404


def test_the_month_query_count_does_not_grow(client, django_assert_max_num_queries):
    start = paris(2030, 3, 1, 10)
    for day in range(3):
        EventFactory(starts_at=start + timedelta(days=day), themes=[ThemeFactory()])
    with django_assert_max_num_queries(10) as first:
        client.get(MARCH)
    for day in range(3, 12):
        EventFactory(starts_at=start + timedelta(days=day), themes=[ThemeFactory()])
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(MARCH)
