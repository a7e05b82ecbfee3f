"""The personal-data export of "Mon espace" includes what the spaces hold about the person."""

import json

import pytest

from ecosystem.actions.notifications import notify
from spaces import actions
from spaces.models import Message

pytestmark = pytest.mark.django_db


def test_export_lists_my_messages_rooms_and_notifications_but_not_deleted_ones(client, cast):
    member, manager = cast.user("member"), cast.user("manager")
    room = cast.rooms["private"]
    kept = actions.post_message(member, room, text="Rendez-vous jeudi au tiers-lieu")
    gone = actions.post_message(member, room, text="message retiré")
    actions.delete_message(member, gone)
    actions.post_message(manager, room, text="Pas le mien")
    notify(member, "mention", "Vous avez été mentionné·e", url="/salons/1/")

    client.force_login(member)
    data = json.loads(client.post("/mon-espace/donnees/export/").content)

    texts = [m["text"] for m in data["spaces"]["messages"]]
    assert texts == [kept.text]
    assert "message retiré" not in json.dumps(data)
    assert Message.objects.filter(room=room).count() == 3
    assert data["notifications"][0]["title"] == "Vous avez été mentionné·e"
    assert [m["space"] for m in data["spaces"]["space_memberships"]] == [cast.space.name]
    assert data["spaces"]["room_memberships"] == []  # a space member needs no per-room grant
