"""The rooms over plain HTTP, as a browser without JavaScript uses them.

My rooms with their unread counts, a room's page (history backwards, day titles, the new-messages marker,
marked read on view), posting, replying, editing and deleting through forms, the permalink, images, search,
direct contact, the header counts and « Mon espace ». Bad input shows the error beside what was typed and
saves nothing. Pages are read in English (/en/) so the assertions do not depend on the French catalogue.
"""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spaces.actions import mark_read, post_message
from spaces.models import Message, ReadMarker, Room
from spaces.unread import unread_total
from tests.spaces.domain_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def room_url(room) -> str:
    return f"/en/salons/{room.pk}/"


def png(size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def member_client(client, cast):
    client.force_login(cast.user("member"))
    return client


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


# --- posting without JavaScript ---------------------------------------------------------------------------


def test_posting_through_the_form_saves_and_returns_to_the_message(member_client, cast):
    room = cast.rooms["project"]
    response = member_client.post(
        f"{room_url(room)}messages/", {"text": "Réunion jeudi ?", "client_id": "abc"}
    )
    message = Message.objects.get(room=room)
    assert response.status_code == 302
    assert response["Location"] == f"{room_url(room)}#message-{message.pk}"
    assert message.text == "Réunion jeudi ?"
    assert message.author == cast.user("member")
    assert "Message sent." in page_text(member_client.get(response["Location"]))
    # The same form submitted twice (a double click, a resent request) saves one message.
    member_client.post(f"{room_url(room)}messages/", {"text": "Réunion jeudi ?", "client_id": "abc"})
    assert Message.objects.filter(room=room).count() == 1


def test_an_empty_message_shows_the_error_and_saves_nothing(member_client, cast):
    room = cast.rooms["private"]
    response = member_client.post(f"{room_url(room)}messages/", {"text": "   "})
    assert response.status_code == 200
    assert "Write a message first." in page_text(response)
    assert soup(response).select_one("#id_text")["aria-invalid"] == "true"
    assert not Message.objects.exists()


def test_a_message_too_long_keeps_the_text_and_says_the_limit(member_client, cast, settings):
    settings.SPACES_MESSAGE_MAX_LENGTH = 20
    room = cast.rooms["private"]
    typed = "Un message bien trop long pour la limite"
    response = member_client.post(f"{room_url(room)}messages/", {"text": typed})
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#id_text").get_text() == f"\n{typed}"  # Django's textarea starts with a newline
    assert "The maximum is 20" in page.select_one("#id_text_error").get_text()
    assert page.select_one(".error-summary a")["href"] == "#id_text"
    assert not Message.objects.exists()


def test_the_rate_limit_refuses_with_a_clear_error_and_keeps_the_text(member_client, cast, settings):
    settings.SPACES_MESSAGE_RATE = "2/60"
    room = cast.rooms["private"]
    for number in range(2):
        assert (
            member_client.post(f"{room_url(room)}messages/", {"text": f"Message {number}"}).status_code == 302
        )
    response = member_client.post(f"{room_url(room)}messages/", {"text": "Un de trop"})
    assert response.status_code == 200
    assert "You are sending messages too fast" in page_text(response)
    assert "Un de trop" in soup(response).select_one("#id_text").get_text()
    assert Message.objects.count() == 2


def test_replying_without_javascript(member_client, cast):
    room = cast.rooms["private"]
    original = post_message(cast.user("manager"), room, text="Qui vient samedi ?")
    page = soup(member_client.get(f"{room_url(room)}?repondre={original.pk}"))
    assert "Replying to manager" in page.select_one("[data-composer-context]").get_text(" ", strip=True)
    assert page.select_one("input[name=reply_to]")["value"] == str(original.pk)
    member_client.post(f"{room_url(room)}messages/", {"text": "Moi !", "reply_to": original.pk})
    reply = Message.objects.get(text="Moi !")
    assert reply.reply_to == original
    quote = soup(member_client.get(room_url(room))).select_one(f"#message-{reply.pk} .room-message__quote")
    assert "manager" in quote.get_text()
    assert "Qui vient samedi ?" in quote.get_text()


def test_replying_to_a_message_of_another_room_is_refused(member_client, cast):
    elsewhere = post_message(cast.user("manager"), cast.rooms["public"], text="Ailleurs")
    response = member_client.post(
        f"{room_url(cast.rooms['private'])}messages/", {"text": "Réponse", "reply_to": elsewhere.pk}
    )
    assert response.status_code == 200
    assert "The message you reply to is not in this room." in page_text(response)
    assert Message.objects.filter(text="Réponse").count() == 0


def test_an_image_is_posted_validated_and_served_to_the_room_only(client, member_client, cast):
    room = cast.rooms["private"]
    response = member_client.post(f"{room_url(room)}messages/", {"text": "Photo", "attachment": png()})
    assert response.status_code == 302
    message = Message.objects.get()
    image_url = f"/en/salons/messages/{message.pk}/image/"
    page = soup(member_client.get(room_url(room)))
    assert page.select_one(f"#message-{message.pk} img")["src"] == image_url
    served = member_client.get(image_url)
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/")
    client.force_login(cast.user("outsider"))
    assert client.get(image_url).status_code == 404


def test_a_file_that_is_not_an_image_is_refused_and_the_text_kept(member_client, cast):
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = member_client.post(
        f"{room_url(cast.rooms['private'])}messages/", {"text": "Voici la photo", "attachment": fake}
    )
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#id_attachment_error") is not None
    assert "Voici la photo" in page.select_one("#id_text").get_text()
    assert not Message.objects.exists()


def test_posting_in_an_archived_room_is_refused(member_client, cast):
    room = cast.rooms["private"]
    Room.objects.filter(pk=room.pk).update(is_archived=True)
    page = soup(member_client.get(room_url(room)))
    assert page.select_one("form[data-room-composer]") is None
    assert "This room is archived" in page.get_text()
    response = member_client.post(f"{room_url(room)}messages/", {"text": "Encore là ?"}, follow=True)
    assert "nobody can post in it any more" in page_text(response)
    assert not Message.objects.exists()


# --- editing and deleting ---------------------------------------------------------------------------------


def test_editing_my_message_through_its_page(member_client, cast):
    message = post_message(cast.user("member"), cast.rooms["private"], text="Rendez-vous à 10h")
    url = f"/en/salons/messages/{message.pk}/modifier/"
    assert "Rendez-vous à 10h" in soup(member_client.get(url)).select_one("#id_text").get_text()
    response = member_client.post(url, {"text": "Rendez-vous à 11h"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.text == "Rendez-vous à 11h"
    assert message.edited_at is not None
    page = soup(member_client.get(room_url(cast.rooms["private"])))
    assert not page.select_one(f"#message-{message.pk} [data-slot=edited]").has_attr("hidden")


def test_an_edit_to_nothing_keeps_the_typed_page_with_the_error(member_client, cast):
    message = post_message(cast.user("member"), cast.rooms["private"], text="Texte")
    response = member_client.post(f"/en/salons/messages/{message.pk}/modifier/", {"text": ""})
    assert response.status_code == 200
    assert soup(response).select_one("#id_text_error") is not None
    message.refresh_from_db()
    assert message.text == "Texte"


def test_nobody_edits_or_deletes_the_message_of_someone_else(member_client, cast):
    message = post_message(cast.user("partner"), cast.rooms["project"], text="À moi")
    assert member_client.get(f"/en/salons/messages/{message.pk}/modifier/").status_code == 404
    assert member_client.post(f"/en/salons/messages/{message.pk}/modifier/", {"text": "x"}).status_code == 404
    assert member_client.post(f"/en/salons/messages/{message.pk}/supprimer/").status_code == 404
    page = soup(member_client.get(room_url(cast.rooms["project"])))
    actions = page.select_one(f"#message-{message.pk} [data-slot=actions]")
    assert actions.select_one("[data-action=edit]").parent.has_attr("hidden")
    assert actions.select_one("[data-action=delete]").parent.has_attr("hidden")


def test_deleting_my_message_leaves_a_tombstone(member_client, cast):
    message = post_message(cast.user("member"), cast.rooms["private"], text="Oups")
    url = f"/en/salons/messages/{message.pk}/supprimer/"
    assert "Oups" in page_text(member_client.get(url))  # a confirmation first
    response = member_client.post(url)
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.is_deleted
    assert message.text == ""
    page = soup(member_client.get(room_url(cast.rooms["private"])))
    assert (
        page.select_one(f"#message-{message.pk} .room-message__text").get_text()
        == "This message was deleted."
    )


def test_a_manager_moderates_the_rooms_of_the_space_only(client, cast):
    in_space = post_message(cast.user("member"), cast.rooms["private"], text="Hors sujet")
    client.force_login(cast.user("manager"))
    assert "moderation" in page_text(client.get(f"/en/salons/messages/{in_space.pk}/supprimer/"))
    assert client.post(f"/en/salons/messages/{in_space.pk}/supprimer/").status_code == 302
    in_space.refresh_from_db()
    assert in_space.is_deleted


# --- search, direct contact, project room -----------------------------------------------------------------


def test_search_finds_words_in_my_rooms_only(member_client, cast):
    post_message(cast.user("manager"), cast.rooms["private"], text="Le compost partagé avance")
    post_message(cast.user("starter"), cast.rooms["direct"], text="Compost : vous en vendez ?")
    response = member_client.get("/en/salons/recherche/", {"q": "compost"})
    page = page_text(response)
    assert "1 message found" in page
    assert "Le compost partagé avance" in page
    assert "vous en vendez" not in page
    scoped = member_client.get("/en/salons/recherche/", {"q": "compost", "salon": cast.rooms["project"].pk})
    assert "0 messages found" in page_text(scoped)
    assert (
        member_client.get(
            "/en/salons/recherche/", {"q": "compost", "salon": cast.rooms["direct"].pk}
        ).status_code
        == 404
    )


def test_contacting_an_actor_opens_a_conversation_its_admins_receive(client, cast):
    outsider, admin = cast.user("outsider"), cast.user("actor_admin")
    client.force_login(outsider)
    actor_page = soup(client.get(f"/en/annuaire/{cast.contacted.slug}/"))
    contact = actor_page.find("a", string="Contact this organisation")["href"]
    assert contact == f"/en/structures/{cast.contacted.slug}/contacter/"
    response = client.post(contact, {"text": "Bonjour, vous recyclez les vélos ?"})
    room = Room.objects.get(kind=Room.Kind.DIRECT, started_by=outsider)
    assert response["Location"] == room_url(room)
    assert unread_total(admin) == 1
    assert admin.notifications.filter(kind="direct_message").count() == 1
    client.force_login(admin)
    assert "vous recyclez les vélos" in page_text(client.get(room_url(room)))


def test_an_admin_cannot_contact_their_own_organisation_and_keeps_the_text(client, cast):
    client.force_login(cast.user("actor_admin"))
    response = client.post(f"/en/structures/{cast.contacted.slug}/contacter/", {"text": "Test à moi-même"})
    assert response.status_code == 200
    assert "you cannot write to yourself" in page_text(response)
    assert "Test à moi-même" in soup(response).select_one("#id_text").get_text()


def test_the_project_page_links_its_room_for_the_project_people_only(client, cast):
    url = f"/en/projets/{cast.project.slug}/"
    client.force_login(cast.user("partner"))
    link = soup(client.get(url)).find("a", string="Project room")
    assert link["href"] == f"/en/projets/{cast.project.slug}/salon/"
    assert client.get(link["href"])["Location"] == room_url(cast.rooms["project"])
    client.force_login(cast.user("staff"))  # staff read the draft, not the consortium's room
    assert client.get(url).status_code == 200
    assert soup(client.get(url)).find("a", string="Project room") is None
    assert client.get(f"/en/projets/{cast.project.slug}/salon/").status_code == 404


def test_the_project_room_is_created_on_the_first_visit(client, cast):
    project = make_project(cast.lead, "Jardin partagé")  # noqa: F405
    client.force_login(cast.user("member"))
    response = client.get(f"/en/projets/{project.slug}/salon/")
    room = Room.objects.get(project=project)
    assert response["Location"] == room_url(room)


# --- header, « Mon espace », notifications ----------------------------------------------------------------


def test_the_header_shows_unread_messages_and_notifications(member_client, cast):
    post_message(cast.user("manager"), cast.rooms["private"], text="Bonjour @member")
    page = soup(member_client.get("/en/annuaire/"))
    assert page.select_one('[data-count="rooms"]').get_text() == "1"
    assert not page.select_one('[data-count-wrap="rooms"]').has_attr("hidden")
    assert page.select_one('[data-count="notifications"]').get_text() == "1"
    assert page.select_one("script[src='/en/espaces/jsi18n.js']") is not None
    counts = member_client.get("/en/espaces/compteurs.json").json()
    assert counts == {"total": 1, "rooms": {str(cast.rooms["private"].pk): 1}, "notifications": 1}


def test_anonymous_visitors_get_no_counts_and_no_live_script(client, cast):
    page = soup(client.get("/en/annuaire/"))
    assert page.select_one("[data-live-header]") is None
    assert page.select_one("script[src$='notifications.js']") is None


def test_the_notifications_page_lists_them_and_marks_them_read(member_client, cast):
    post_message(cast.user("manager"), cast.rooms["private"], text="Merci @member")
    response = member_client.get("/en/mon-espace/notifications/")
    item = soup(response).select_one(".notification-list .card--unread")
    assert "mentioned you" in item.get_text()
    assert cast.user("member").notifications.filter(read_at=None).count() == 0
    assert (
        soup(member_client.get("/en/annuaire/"))
        .select_one('[data-count-wrap="notifications"]')
        .has_attr("hidden")
    )


def test_my_space_lists_my_rooms_with_unread_first(member_client, cast):
    post_message(cast.user("partner"), cast.rooms["project"], text="Point d'étape")
    page = soup(member_client.get("/en/mon-espace/"))
    cards = page.select(".room-list .card")
    assert "Café des aidants itinérant" in cards[0].get_text()
    assert cards[0].select_one("[data-room-unread-count]").get_text() == "1"


def test_the_javascript_catalogue_is_served_in_the_language_of_the_url(client):
    response = client.get("/espaces/jsi18n.js")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert "django.gettext" in response.content.decode()


# --- query counts -----------------------------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


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
    small_room, small_list = _queries(member_client, room_url(room)), _queries(member_client, "/en/espaces/")
    grow(30)
    assert _queries(member_client, room_url(room)) == small_room
    assert _queries(member_client, "/en/espaces/") == small_list
    assert small_room <= 30, small_room


# --- the manager view -------------------------------------------------------------------------------------


def test_managers_follow_their_rooms_and_accompanied_projects(client, cast, settings):
    import datetime

    from ecosystem.models import MarkerAssessment, PartnerSlot, Phase, Support

    Support.objects.create(support_actor=cast.incubator, project=cast.project, phase=Phase.EMERGENCE)
    PartnerSlot.objects.create(project=cast.project, title="Un financeur")
    MarkerAssessment.objects.create(
        project=cast.project, date=datetime.date(2020, 1, 15), phase=Phase.EMERGENCE
    )
    post_message(cast.user("member"), cast.rooms["private"], text="Actif")
    client.force_login(cast.user("manager"))
    response = client.get(f"/en/espaces/{cast.space.slug}/suivi/")
    assert response.status_code == 200
    page = soup(response)
    projects = page.select_one("#projects-caption").find_parent("table")
    row = projects.select_one("tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
    assert cells[0] == "Café des aidants itinérant"
    # The lead's member, the partner's and the room's guest: counted, never named.
    assert cells[-4] == "3 of 3"
    assert cells[-3] == "1"  # one open slot
    assert cells[-2].startswith("01/15/2020")  # English short date
    assert "No marker assessment in the last six months" in cells[-1]
    rooms = page.select_one("#rooms-caption").find_parent("table")
    private = next(tr for tr in rooms.select("tbody tr") if "Promotion 2026" in tr.th.get_text())
    assert private.find_all("td")[-4].get_text() == "1"  # this week's message, in the total column
    assert (
        "manager" in private.select_one("details").get_text()
    )  # silent people of the space's rooms are named
    client.force_login(cast.user("member"))
    assert client.get(f"/en/espaces/{cast.space.slug}/suivi/").status_code == 404


def test_the_manager_view_takes_a_constant_number_of_queries(client, cast, settings):
    import datetime

    from ecosystem.models import MarkerAssessment, Phase, Support
    from spaces.actions import open_room, project_room

    settings.SPACES_MESSAGE_RATE = "1000/60"
    client.force_login(cast.user("manager"))
    url = f"/en/espaces/{cast.space.slug}/suivi/"

    def grow(count, tag):
        for number in range(count):
            room = open_room(cast.user("manager"), cast.space, name=f"Salon {tag} {number}", kind="public")
            post_message(cast.user("member"), room, text="Bonjour")
            project = make_project(cast.lead, f"Projet {tag} {number}")  # noqa: F405
            Support.objects.create(support_actor=cast.incubator, project=project, phase=Phase.EMERGENCE)
            MarkerAssessment.objects.create(
                project=project, date=datetime.date(2025, 6, 1), phase=Phase.EMERGENCE
            )
            post_message(cast.user("member"), project_room(project), text="Bonjour")

    client.get(url)  # the first page of a session reads the site's settings once
    grow(2, "a")
    small = _queries(client, url)
    grow(8, "b")
    assert _queries(client, url) == small


# --- managing a space -------------------------------------------------------------------------------------


def test_a_manager_opens_a_room_adds_a_member_and_invites_a_guest(client, cast):
    manager = cast.user("manager")
    client.force_login(manager)
    response = client.post(
        f"/en/espaces/{cast.space.slug}/salons/nouveau/", {"name": "Atelier vélo", "kind": "private"}
    )
    room = Room.objects.get(name="Atelier vélo")
    assert response["Location"] == room_url(room)

    response = client.post(f"/en/espaces/{cast.space.slug}/membres/", {"email": "personne@example.org"})
    assert response.status_code == 200
    assert "No account uses this email address" in page_text(response)
    assert soup(response).select_one("#id_email")["value"] == "personne@example.org"
    response = client.post(f"/en/espaces/{cast.space.slug}/membres/", {"email": "outsider@example.org"})
    assert response.status_code == 302
    assert cast.space.members.filter(user=cast.user("outsider")).exists()

    newcomer = make_user("beneficiaire@example.org")  # noqa: F405
    response = client.post(
        f"/en/salons/{room.pk}/gestion/inviter/", {"email": "beneficiaire@example.org", "role": "guest"}
    )
    assert response.status_code == 302
    assert "sees this room only" in page_text(client.get(response["Location"]))
    client.force_login(newcomer)
    assert client.get(room_url(room)).status_code == 200
    assert client.get(room_url(cast.rooms["private"])).status_code == 404
    guest_page = soup(client.get(room_url(room)))
    assert guest_page.select_one(".room__side") is None  # guests do not see who else is there


def test_only_managers_reach_the_management_pages(client, cast):
    client.force_login(cast.user("member"))
    assert client.get(f"/en/espaces/{cast.space.slug}/salons/nouveau/").status_code == 404
    assert (
        client.post(f"/en/espaces/{cast.space.slug}/membres/", {"email": "x@example.org"}).status_code == 404
    )
    assert client.get(f"/en/salons/{cast.rooms['private'].pk}/gestion/").status_code == 404
    assert client.get(f"/en/salons/{cast.rooms['project'].pk}/gestion/").status_code == 200  # lead's member


def test_archiving_a_room_from_its_management_page(client, cast):
    client.force_login(cast.user("manager"))
    room = cast.rooms["public"]
    response = client.post(f"/en/salons/{room.pk}/gestion/archiver/", {"archived": "1"}, follow=True)
    assert "The room is archived." in page_text(response)
    room.refresh_from_db()
    assert room.is_archived
    client.post(f"/en/salons/{room.pk}/gestion/archiver/", {"archived": "0"})
    room.refresh_from_db()
    assert not room.is_archived


def test_opening_a_space_is_for_support_structures(client, cast):
    client.force_login(cast.user("manager"))
    response = client.post(
        "/en/espaces/nouvel-espace/",
        {"host": cast.incubator.pk, "name": "Tiers-lieu du canal", "description": ""},
    )
    assert response.status_code == 302
    assert re.fullmatch(r"/en/espaces/tiers-lieu-du-canal/", response["Location"])
    client.force_login(cast.user("member"))  # belongs to an association only
    assert client.get("/en/espaces/nouvel-espace/").status_code == 404
