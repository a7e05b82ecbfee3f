"""Replies in a direct conversation notify: whoever writes in the room (not only through the contact form),
the conversation's other people get a « direct_message » notification in the bell, and an email by their
preference, batched per room like every direct message (at most one an hour); the writer is never told of
their own message."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ecosystem.actions.notification_emails import send_due_emails
from ecosystem.models import Membership, Notification
from spaces import actions
from spaces.serializers import message_permalink
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def told(person):
    return list(Notification.objects.filter(user=person, kind="direct_message").order_by("pk"))


def test_an_admins_reply_tells_the_person_who_wrote_and_the_other_admins(
    cast, django_capture_on_commit_callbacks
):
    starter = UserFactory(email="lou@example.org")
    admin = cast.user("actor_admin")
    other_admin = UserFactory(email="autre-admin@example.org")
    Membership.objects.create(user=other_admin, actor=cast.contacted, role=Membership.Role.ADMIN)
    room = actions.start_direct_conversation(starter, cast.contacted, text="Vous recyclez les vélos ?")
    assert not told(starter)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reply = actions.post_message(admin, room, text="Oui, passez jeudi !")
    (notification,) = told(starter)
    expected = f"{admin.get_full_name()} a répondu pour Recyclerie de la Lys : Oui, passez jeudi !"
    assert notification.title == expected
    assert notification.url == message_permalink(reply)
    assert [n.title for n in told(other_admin)][-1] == expected
    assert len(told(admin)) == 1  # the first message only, never their own reply
    (email,) = [m for m in mail.outbox if m.to == [starter.email]]
    assert "Oui, passez jeudi" in email.subject

    # A second reply within the hour: in the bell, its email held back with the room's batch.
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_message(admin, room, text="Et apportez le cadre.")
    assert len(told(starter)) == 2
    assert len([m for m in mail.outbox if m.to == [starter.email]]) == 1
    assert send_due_emails(now=timezone.now() + timedelta(minutes=61)) >= 1
    assert len([m for m in mail.outbox if m.to == [starter.email]]) == 2


def test_writing_again_in_the_room_tells_the_admins(cast):
    starter, admin = cast.user("starter"), cast.user("actor_admin")
    room = cast.rooms["direct"]
    actions.post_message(starter, room, text="Je reviens vers vous")
    (notification,) = told(admin)
    assert "a écrit à Recyclerie de la Lys : Je reviens vers vous" in notification.title
    assert not told(starter)


def test_messages_in_other_rooms_are_no_direct_messages(cast):
    actions.post_message(cast.user("member"), cast.rooms["private"], text="Bonjour la promotion")
    assert not Notification.objects.filter(kind="direct_message").exists()
