"""Events: hosting (draft, publish), registrations with a capacity and a waiting list, and their locking."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from ecosystem.actions import events as actions
from ecosystem.models import Event, Notification, Registration
from tests.factories import ActorFactory, EventFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db
Status = Registration.Status


def statuses(event):
    return {r.user.email: r.status for r in Registration.objects.filter(event=event).select_related("user")}


def event_data(**overrides):
    start = timezone.now() + timedelta(days=5)
    data = {
        "title": "Café de l'innovation sociale",
        "kind": Event.Kind.MEETUP,
        "description": "Un moment pour se rencontrer.",
        "themes": [],
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "address": "Tiers-lieu La Fabrique",
        "commune": None,
        "online_url": "",
        "capacity": 30,
        "registration_closes_at": None,
        "accessibility": "Accès de plain-pied.",
    }
    return data | overrides


# --- hosting -----------------------------------------------------------------------------------------------


def test_a_structure_admin_drafts_then_publishes_an_event():
    admin = UserFactory()
    host = ActorFactory(admins=[admin])
    theme = ThemeFactory()
    event = actions.create_event(admin, host, event_data(themes=[theme]))
    assert (event.status, event.slug, list(event.themes.all())) == (
        Event.Status.DRAFT,
        "cafe-de-linnovation-sociale",
        [theme],
    )
    actions.publish_event(admin, event)
    event.refresh_from_db()
    assert event.is_published


@pytest.mark.parametrize("role", ["member", "outsider"])
def test_only_admins_host_events(role):
    person = UserFactory()
    host = ActorFactory(members=[person] if role == "member" else [])
    with pytest.raises(PermissionDenied):
        actions.create_event(person, host, event_data())
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"address": ""}, "Indiquez un lieu"),
        ({"capacity": 0}, "au moins une place"),
        ({"registration_closes_at": timezone.now() + timedelta(days=30)}, "fermer avant le début"),
    ],
)
def test_an_incomplete_event_is_refused_and_nothing_saved(overrides, message):
    admin = UserFactory()
    host = ActorFactory(admins=[admin])
    with pytest.raises(ValidationError, match=message):
        actions.create_event(admin, host, event_data(**overrides))
    assert not Event.objects.exists()


def test_an_event_cannot_end_before_it_starts():
    admin = UserFactory()
    host = ActorFactory(admins=[admin])
    data = event_data()
    data["ends_at"] = data["starts_at"] - timedelta(hours=1)
    with pytest.raises(ValidationError, match="finir avant de commencer"):
        actions.create_event(admin, host, data)


def test_capacity_cannot_drop_below_the_confirmed_places():
    admin = UserFactory()
    event = EventFactory(host=ActorFactory(admins=[admin]), capacity=2)
    for _ in range(2):
        actions.register(UserFactory(), event)
    with pytest.raises(ValidationError, match="ont déjà une place"):
        actions.update_event(admin, event, {"capacity": 1})
    event.refresh_from_db()
    assert event.capacity == 2


# --- registrations -----------------------------------------------------------------------------------------


def test_registrations_beyond_capacity_wait_in_order(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=2)
    people = [UserFactory(email=f"p{i}@example.org") for i in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            actions.register(person, event)
    assert statuses(event) == {
        "p0@example.org": Status.CONFIRMED,
        "p1@example.org": Status.CONFIRMED,
        "p2@example.org": Status.WAITING,
        "p3@example.org": Status.WAITING,
    }
    kinds = dict(Notification.objects.values_list("user__email", "kind"))
    assert kinds["p0@example.org"] == "event_registered"
    assert kinds["p2@example.org"] == "event_waiting"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_a_cancellation_promotes_the_first_person_waiting_and_tells_them(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):  # each is mailed where they stand
        for person in (first, second, third):
            actions.register(person, event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_registration(first, Registration.objects.get(event=event, user=first))
    assert statuses(event) == {
        first.email: Status.CANCELLED,
        second.email: Status.CONFIRMED,
        third.email: Status.WAITING,
    }
    promoted = Notification.objects.get(user=second, kind="event_promoted")
    assert promoted.url == event.get_absolute_url()
    # Mailed at once, though the same person was mailed about this event minutes ago.
    (email,) = mail.outbox
    assert email.to == [second.email]
    assert "Une place s’est libérée" in email.body


def test_cancelling_a_place_in_the_queue_promotes_nobody():
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    actions.register(first, event)
    actions.register(second, event)
    actions.cancel_registration(second, Registration.objects.get(event=event, user=second))
    assert statuses(event) == {first.email: Status.CONFIRMED, second.email: Status.CANCELLED}


def test_registering_again_after_cancelling_goes_to_the_end_of_the_queue():
    event = EventFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    actions.register(first, event)
    actions.cancel_registration(first, Registration.objects.get(event=event, user=first))
    actions.register(second, event)
    again = actions.register(first, event)
    assert again.status == Status.WAITING
    assert Registration.objects.filter(event=event, user=first).count() == 1


def test_more_places_free_the_waiting_list():
    admin = UserFactory()
    event = EventFactory(host=ActorFactory(admins=[admin]), capacity=1)
    first, second = UserFactory(), UserFactory()
    actions.register(first, event)
    actions.register(second, event)
    actions.update_event(admin, event, {"capacity": 2})
    assert statuses(event)[second.email] == Status.CONFIRMED


def test_one_registration_per_person():
    event = EventFactory()
    person = UserFactory()
    actions.register(person, event)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        actions.register(person, event)


def test_registrations_close_at_the_closing_date():
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="closes"):
        actions.register(UserFactory(), event)
    assert not Registration.objects.exists()


def test_nobody_registers_to_a_draft_or_cancels_for_someone_else():
    with pytest.raises(PermissionDenied):
        actions.register(UserFactory(), EventFactory(draft=True))
    event = EventFactory()
    registration = actions.register(UserFactory(), event)
    with pytest.raises(PermissionDenied):
        actions.cancel_registration(UserFactory(), registration)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


# --- locking -----------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_and_cancellations_never_overbook():
    event = EventFactory(capacity=3)
    early = [UserFactory() for _ in range(3)]
    for person in early:
        actions.register(person, event)
    newcomers = [UserFactory() for _ in range(8)]
    barrier = threading.Barrier(len(newcomers) + len(early))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    jobs = [lambda p=p: actions.register(p, Event.objects.get(pk=event.pk)) for p in newcomers]
    jobs += [
        lambda p=p: actions.cancel_registration(p, Registration.objects.get(event=event, user=p))
        for p in early
    ]
    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    counts = statuses(event)
    confirmed = [email for email, status in counts.items() if status == Status.CONFIRMED]
    waiting = [email for email, status in counts.items() if status == Status.WAITING]
    # Never overbooked, and never a free place while someone waits.
    assert len(confirmed) == 3
    assert len(waiting) == 5


# --- reminders ---------------------------------------------------------------------------------------------


def test_confirmed_registrants_are_reminded_once_the_day_before(django_capture_on_commit_callbacks):
    from django.core.management import call_command

    tomorrow = EventFactory(
        capacity=1,
        starts_at=timezone.now() + timedelta(hours=20),
        ends_at=timezone.now() + timedelta(hours=22),
    )
    later = EventFactory()
    coming, waiting, cancelled, far = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):  # their confirmations leave now
        actions.register(coming, tomorrow)
        actions.register(waiting, tomorrow)
        actions.cancel_registration(cancelled, actions.register(cancelled, tomorrow))
        actions.register(far, later)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert actions.do_send_reminders() == 0  # never twice
    reminded = Notification.objects.filter(kind="event_reminder")
    assert [n.user for n in reminded] == [coming]
    assert [m.to for m in mail.outbox] == [[coming.email]]
    assert "Rappel" in mail.outbox[0].body
