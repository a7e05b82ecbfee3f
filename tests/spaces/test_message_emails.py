"""Direct messages and mentions reach people by email (issue #16): per the person's preference, at most one
email an hour per room (topic ``room:<id>``); what the hour held back leaves with
``manage.py send_notification_emails``; « never » means no email at all."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ecosystem.actions.email_preferences import deliveries_of, settings_of, update_email_preferences
from ecosystem.actions.notification_emails import send_due_emails
from ecosystem.models import Delivery, Notification
from spaces import actions
from spaces.serializers import message_permalink
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _write(starter, actor, text, capture):
    with capture(execute=True):
        return actions.start_direct_conversation(starter, actor, text=text)


def _prefer(user, kind, delivery):
    current = settings_of(user)
    update_email_preferences(
        user,
        digest=current.digest,
        language=current.language,
        deliveries={**deliveries_of(user), kind: delivery},
    )


def test_a_direct_message_mails_the_admin_once_and_the_hour_holds_the_next(
    cast, django_capture_on_commit_callbacks, monkeypatch
):
    starter, admin = UserFactory(first_name="Lou", last_name="Curieuse"), cast.user("actor_admin")
    room = _write(
        starter, cast.contacted, "Bonjour, vous recyclez les vélos ?", django_capture_on_commit_callbacks
    )
    (email,) = mail.outbox
    assert email.to == [admin.email]
    assert "vous recyclez les vélos" in email.subject
    assert "http://testserver" + message_permalink(room.messages.get()) in email.body

    # A second message within the hour: stored and shown in the bell, its email held back.
    _write(starter, cast.contacted, "Je relance, merci !", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=admin, emailed_at=None).count() == 1
    assert send_due_emails(now=timezone.now() + timedelta(minutes=59)) == 0

    # After the hour, the command sends it (once).
    later = timezone.now() + timedelta(minutes=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    out = io.StringIO()
    call_command("send_notification_emails", stdout=out)
    assert out.getvalue().startswith("1 ")
    call_command("send_notification_emails", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert mail.outbox[1].to == [admin.email]
    assert "Je relance" in mail.outbox[1].body


def test_a_person_who_chose_never_gets_no_email(cast, django_capture_on_commit_callbacks):
    admin = cast.user("actor_admin")
    _prefer(admin, "direct_message", Delivery.NEVER)
    _write(UserFactory(), cast.contacted, "Bonjour", django_capture_on_commit_callbacks)
    assert admin.notifications.filter(kind="direct_message").count() == 1  # still in the bell
    assert send_due_emails(now=timezone.now() + timedelta(hours=2)) == 0
    assert mail.outbox == []


def test_mentions_follow_the_preference_digest_by_default(cast, django_capture_on_commit_callbacks):
    room, manager = cast.rooms["private"], cast.user("manager")
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_message(cast.user("member"), room, text="@manager regarde ça")
    assert mail.outbox == []  # mentions wait for the digest by default
    assert manager.notifications.get(kind="mention").email_topic == f"room:{room.pk}"

    _prefer(manager, "mention", Delivery.IMMEDIATELY)
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_message(cast.user("member"), room, text="@manager et encore ceci")
    assert [e.to for e in mail.outbox] == [[manager.email]]
    assert "encore ceci" in mail.outbox[0].body
