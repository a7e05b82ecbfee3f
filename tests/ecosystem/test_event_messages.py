"""The organisers write to the registrants: bell and email to the confirmed (and, if chosen, the waiting list),
kept and shown on the event page, for the event's managers only, within a rate limit."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecosystem.actions import events as event_actions
from ecosystem.actions.event_messages import message_attendees
from ecosystem.models import EventMessage, Notification
from tests.factories import ActorFactory, EventFactory, UserFactory
from tests.support.html import form_errors, page_text, soup

pytestmark = pytest.mark.django_db


@pytest.fixture
def gathering(django_capture_on_commit_callbacks):
    """An event with two confirmed places taken, one person waiting; its host's admin organises it."""
    organiser = UserFactory(email="orga@example.org")
    event = EventFactory(host=ActorFactory(admins=[organiser]), title="Forum des tiers-lieux", capacity=2)
    people = [UserFactory(email=f"p{i}@example.org") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            event_actions.register(person, event)
    mail.outbox.clear()
    return event, organiser, people


def test_confirmed_registrants_get_the_message_in_the_bell_and_by_email(
    gathering, django_capture_on_commit_callbacks
):
    event, organiser, (ana, ben, _waiting) = gathering
    with django_capture_on_commit_callbacks(execute=True):
        sent = message_attendees(organiser, event, "  Rendez-vous à 9 h,\nentrée par la cour.  ")
    assert (sent.body, sent.recipients, sent.sent_by, sent.include_waiting) == (
        "Rendez-vous à 9 h,\nentrée par la cour.",
        2,
        organiser,
        False,
    )
    notified = Notification.objects.filter(kind="event_message")
    assert sorted(n.user.email for n in notified) == [ana.email, ben.email]
    (one, _) = notified
    assert (
        one.title
        == "Message des organisateurs de « Forum des tiers-lieux » : Rendez-vous à 9 h, entrée par la cour."
    )
    assert one.url == event.get_absolute_url() + "#organiser-messages"
    assert sorted(m.to[0] for m in mail.outbox) == [ana.email, ben.email]
    assert "Rendez-vous à 9 h" in mail.outbox[0].body


def test_the_waiting_list_only_when_chosen(gathering, django_capture_on_commit_callbacks):
    event, organiser, (_ana, _ben, waiting) = gathering
    message_attendees(organiser, event, "Pour les inscrits")
    assert not Notification.objects.filter(kind="event_message", user=waiting).exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = message_attendees(organiser, event, "Pour tout le monde", include_waiting=True)
    assert sent.recipients == 3
    assert Notification.objects.get(kind="event_message", user=waiting).payload["message"] == sent.pk


def test_registrants_read_the_messages_sent_to_them_on_the_event_page(client, gathering):
    event, organiser, (ana, _ben, waiting) = gathering
    message_attendees(organiser, event, "Pour les inscrits")
    message_attendees(organiser, event, "Pour tout le monde", include_waiting=True)
    address = event.get_absolute_url()
    client.force_login(ana)
    text = page_text(client.get(address))
    assert "Messages des organisateurs" in text
    assert "Pour les inscrits" in text
    assert "Pour tout le monde" in text
    client.force_login(waiting)
    text = page_text(client.get(address))
    assert "Pour tout le monde" in text
    assert "Pour les inscrits" not in text
    client.force_login(UserFactory())
    assert "Messages des organisateurs" not in page_text(client.get(address))
    client.logout()
    assert "Pour tout le monde" not in page_text(client.get(address))


def test_only_the_events_managers_write_to_its_registrants(client, gathering):
    event, _organiser, (ana, _ben, _waiting) = gathering
    with pytest.raises(PermissionDenied):
        message_attendees(ana, event, "Je ne suis pas organisatrice")
    client.force_login(ana)
    address = reverse("ecosystem:event_attendees", args=[event.slug])
    assert client.post(address, {"body": "Coucou"}).status_code == 404
    assert not EventMessage.objects.exists()


def test_the_attendee_page_sends_and_lists_the_messages(client, gathering):
    event, organiser, _people = gathering
    client.force_login(organiser)
    address = reverse("ecosystem:event_attendees", args=[event.slug])
    response = client.post(
        address, {"body": "Le programme est en ligne.", "include_waiting": "on"}, follow=True
    )
    text = page_text(response)
    assert "Message envoyé à 3 personnes." in text
    assert "Messages envoyés" in text
    assert "Le programme est en ligne." in text
    assert "3 destinataires · liste d’attente comprise" in text
    # The form and the messages are the page's, once, and the window title is only the title.
    page = soup(response)
    assert len(page.select("form textarea[name=body]")) == 1
    assert page.title.get_text().startswith(f"Inscrits à « {event.title} »")
    assert "Messages envoyés" not in page.title.get_text()
    empty = client.post(address, {"body": "   "})
    assert "Champ requis." in form_errors(empty)
    assert EventMessage.objects.count() == 1


def test_messages_are_rate_limited(gathering, settings):
    event, organiser, _people = gathering
    settings.CREATION_LIMITS = {**settings.CREATION_LIMITS, "event_message": "2/3600"}
    message_attendees(organiser, event, "Un")
    message_attendees(organiser, event, "Deux")
    with pytest.raises(ValidationError, match="au plus 2 messages aux inscrits par 1 h"):
        message_attendees(organiser, event, "Trois")
    assert EventMessage.objects.count() == 2
    assert Notification.objects.filter(kind="event_message").count() == 4


def test_several_messages_within_the_hour_leave_in_one_email_per_person(
    gathering, django_capture_on_commit_callbacks
):
    event, organiser, (ana, ben, _waiting) = gathering
    with django_capture_on_commit_callbacks(execute=True):
        message_attendees(organiser, event, "Premier message")
    with django_capture_on_commit_callbacks(execute=True):
        message_attendees(organiser, event, "Second message")
    assert sorted(m.to[0] for m in mail.outbox) == [ana.email, ben.email]  # one each, not two
    later = Notification.objects.get(user=ana, title__endswith="Second message")
    assert later.email_topic == f"event:{event.pk}:message"
    assert later.emailed_at is None
