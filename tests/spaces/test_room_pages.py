"""My rooms and a room's page over plain HTTP, as a browser without JavaScript shows them.

My rooms with their unread counts, a room's page (history backwards, day titles, the new-messages marker,
marked read on view), the permalink, and the queries they take. Pages are read in English (/en/) so the
assertions do not depend on the French catalogue.
"""

import pytest

from spaces.actions import mark_read, post_message, presence
from spaces.models import Message, ReadMarker
from spaces.unread import unread_total
from tests.support.html import page_text, soup
from tests.support.rooms import queries_of_get, room_url

pytestmark = pytest.mark.django_db


# --- my rooms, the room page ------------------------------------------------------------------------------


def test_my_rooms_lists_each_room_with_its_unread_count(member_client, cast):
    manager = cast.user("manager")
    post_message(manager, cast.rooms["private"], text="Premier")
    post_message(manager, cast.rooms["private"], text="Second")
    response = member_client.get("/en/espaces/")
    assert response.status_code == 200
    page = soup(response)
    badge = page.select_one(f'[data-room-unread="{cast.rooms["private"].pk}"]')
    assert badge is not None
    assert not badge.has_attr("hidden")
    assert badge.get_text(" ", strip=True) == "2 unread messages"
    links = {a.get_text(strip=True) for a in page.select(".room-list a")}
    assert {"Promotion 2026", "Café des aidants itinérant"} <= links
    assert "Recyclerie" not in page_text(response)  # somebody else's conversation


def test_the_room_page_shows_the_history_marks_it_read_and_places_the_new_messages_marker(
    member_client, cast
):
    room = cast.rooms["private"]
    member, manager = cast.user("member"), cast.user("manager")
    post_message(member, room, text="Déjà lu")
    mark_read(member, room, 1)
    new = post_message(manager, room, text="Nouveau <b>gras</b> https://example.org/doc")
    assert unread_total(member) == 1

    response = member_client.get(room_url(room))
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.get_text(strip=True) == "Promotion 2026"
    items = page.select("[data-room-messages] > li")
    assert [li.get("class")[0] for li in items] == [
        "room__day",
        "room-message",
        "room__marker",
        "room-message",
    ]
    text = page.select_one(f"#message-{new.pk} .room-message__text")
    assert text.find("b") is None
    assert "<b>gras</b>" in text.get_text()
    assert text.find("a")["href"] == "https://example.org/doc"
    assert text.find("a")["rel"] == ["nofollow", "noopener", "ugc"]
    assert ReadMarker.objects.get(room=room, user=member).last_read_seq == 2
    assert unread_total(member) == 0
    # The live script has what it needs to take over.
    root = page.select_one("[data-room]")
    assert root["data-live"] == "true"
    assert root["data-last-version"] == "2"
    assert page.select_one("template[data-room-message-template]") is not None


def test_the_room_page_lists_who_is_online_and_only_counts_them_in_a_crowded_room(
    member_client, cast, settings
):
    room = cast.rooms["private"]
    for name, channel in (("member", "chan-a"), ("manager", "chan-b"), ("member", "chan-c")):
        presence.do_record([presence.Arrival(room.pk, presence.person(cast.user(name)), channel)], [])

    def side():
        aside = soup(member_client.get(room_url(room))).select_one("aside.room__side")
        names = [li.get_text(strip=True) for li in aside.select("[data-room-presence] li")]
        return aside.select_one("[data-room-presence-count]").get_text(strip=True), names

    assert side() == ("2", ["manager", "member (you)"])  # two tabs, one person
    settings.SPACES_PRESENCE_LIST_MAX = 1
    assert side() == ("2", [])  # a count, no names: as the live frames show a crowded room


def test_older_pages_go_backwards_with_links_both_ways(member_client, cast, settings):
    settings.SPACES_HISTORY_PAGE = 3
    settings.SPACES_MESSAGE_RATE = "100/60"
    room = cast.rooms["private"]
    for number in range(1, 8):
        post_message(cast.user("manager"), room, text=f"Message {number}")
    latest = soup(member_client.get(room_url(room)))
    assert [li["data-seq"] for li in latest.select("li[data-seq]")] == ["5", "6", "7"]
    older = latest.find("a", string="Older messages")["href"]
    assert older == f"{room_url(room)}?avant=5"
    page = soup(member_client.get(older))
    assert [li["data-seq"] for li in page.select("li[data-seq]")] == ["2", "3", "4"]
    assert page.select_one("[data-room]")["data-live"] == "false"
    assert page.find("a", string="Newer messages")["href"] == room_url(room)
    first = soup(member_client.get(page.find("a", string="Older messages")["href"]))
    assert [li["data-seq"] for li in first.select("li[data-seq]")] == ["1"]
    assert first.find("a", string="Newer messages")["href"] == f"{room_url(room)}?avant=5"
    assert first.find("a", string="Older messages") is None


def test_the_permalink_opens_the_page_holding_the_message(member_client, cast, settings):
    settings.SPACES_HISTORY_PAGE = 4
    settings.SPACES_MESSAGE_RATE = "100/60"
    room = cast.rooms["private"]
    messages = [post_message(cast.user("manager"), room, text=f"Message {n}") for n in range(1, 11)]
    response = member_client.get(f"/en/salons/messages/{messages[1].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{room_url(room)}?avant=5#message-{messages[1].pk}"
    page = soup(member_client.get(response["Location"].split("#")[0]))
    assert page.select_one(f"#message-{messages[1].pk}") is not None
    recent = member_client.get(f"/en/salons/messages/{messages[-1].pk}/")
    assert recent["Location"] == f"{room_url(room)}#message-{messages[-1].pk}"


# --- query counts -----------------------------------------------------------------------------------------


def test_the_room_page_and_my_rooms_take_a_constant_number_of_queries(member_client, cast, settings):
    settings.SPACES_MESSAGE_RATE = "1000/60"
    room = cast.rooms["private"]
    people = [cast.user(role) for role in ("manager", "member", "guest")]

    def grow(count):
        for number in range(count):
            author = people[number % len(people)]
            replied = Message.objects.filter(room=room).last()
            post_message(
                author, room, text=f"Message {number} @member", reply_to_id=replied.pk if replied else None
            )
        manager = cast.user("manager")
        from spaces.actions import open_room

        for number in range(count // 3):
            extra = open_room(manager, cast.space, name=f"Salon {number} {count}", kind="private")
            post_message(manager, extra, text="Bienvenue")

    member_client.get(room_url(room))  # the read marker exists from now on: each measure then moves it
    grow(6)
    small_room, small_list = (
        queries_of_get(member_client, room_url(room)),
        queries_of_get(member_client, "/en/espaces/"),
    )
    grow(30)
    assert queries_of_get(member_client, room_url(room)) == small_room
    assert queries_of_get(member_client, "/en/espaces/") == small_list
    assert small_room <= 30, small_room
