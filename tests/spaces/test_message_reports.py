"""Reporting a room message and hiding it: the report reaches the moderation queue; staff hide it and every
connected client is told at once (the deletion event the room consumers already handle); restoring brings it
back. Only people who read the room may report its messages."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from ecosystem.actions import moderation
from ecosystem.models import Decision, Report
from spaces import actions
from spaces.models import Message
from spaces.realtime import room_group
from tests.support.channels import GroupListener

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(cast):
    return actions.post_message(cast.user("member"), cast.rooms["private"], text="Un message insultant")


def test_a_reader_reports_a_message_from_the_room(client, cast, message):
    client.force_login(cast.user("guest"))
    room = BeautifulSoup(client.get(reverse("spaces:room", args=[message.room_id])).content, "html.parser")
    link = room.find("a", href=reverse("spaces:message_report", args=[message.pk]))
    assert link.get_text(strip=True) == "Signaler"
    response = client.post(link["href"], {"reason": "abuse", "comment": "Insulte"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.content, report.reporter, report.reason) == (message, cast.user("guest"), "abuse")


@pytest.mark.parametrize("role", ["outsider", "manager", "staff"])
def test_those_who_cannot_read_the_room_get_404(client, cast, message, role):
    client.force_login(cast.user(role))
    url = reverse("spaces:message_report", args=[message.pk])
    can_read = client.get(reverse("spaces:room", args=[message.room_id])).status_code == 200
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == (302 if can_read else 404)
    assert Report.objects.exists() is can_read


def test_hiding_a_message_removes_it_live_and_restoring_brings_it_back(
    cast, message, django_capture_on_commit_callbacks
):
    report = moderation.report_content(cast.user("guest"), message, reason="abuse")
    listener = GroupListener(room_group(message.room_id))
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(cast.user("staff"), report, Decision.HIDE, "Propos insultants")
    (event,) = listener.events()
    assert event["type"] == "room.message"
    assert event["payload"]["message"]["deleted"] is True
    assert event["payload"]["message"]["text"] == ""
    hidden = Message.objects.get(pk=message.pk)
    assert hidden.is_deleted
    assert hidden.text == ""
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(cast.user("staff"), report, Decision.RESTORE, "Erreur")
    (event,) = listener.events()
    assert event["payload"]["message"]["text"] == "Un message insultant"
    assert Message.objects.get(pk=message.pk).text == "Un message insultant"


def test_a_hidden_message_stays_hidden_whatever_its_author_does(cast, message):
    report = moderation.report_content(cast.user("guest"), message, reason="abuse")
    moderation.decide(cast.user("staff"), report, Decision.HIDE, "Insulte")
    with pytest.raises(PermissionDenied):
        actions.edit_message(cast.user("member"), message, text="Un message insultant")
    assert Message.objects.get(pk=message.pk).text == ""
