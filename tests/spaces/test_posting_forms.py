"""Posting, replying, editing and deleting through forms, as a browser without JavaScript does.

Bad input shows the error beside what was typed and saves nothing; images are validated and served to the
room only; a manager moderates the rooms of their space only. Pages are read in English (/en/).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from spaces.actions import post_message
from spaces.models import Message, Room
from tests.support.html import page_text, soup
from tests.support.rooms import png, room_url

pytestmark = pytest.mark.django_db


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
