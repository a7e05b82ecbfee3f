"""What else the digest lists: unread messages per room (a section ``spaces`` registers, so the domain never
imports it) and a few suggestions (partner slots opened since the last digest that fit a structure the person
administers). Each only when new, so an old unread message or an old slot never makes a digest again; the cost
stays the same whatever the number of rooms."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.utils import timezone

from ecosystem.actions import digests
from ecosystem.models import (
    Actor,
    ActorKind,
    EmailSettings,
    Notification,
    PartnerSlot,
    Project,
    User,
)
from spaces.actions.direct import start_direct_conversation
from spaces.digest import unread_section
from spaces.models import Message
from tests.factories import ActorFactory, UserFactory
from tests.support.matching import sociology, sociology_slot

pytestmark = pytest.mark.django_db


def time_passes(days: int) -> None:
    """Move everything dated ``days`` into the past; notifications read, so only the sections speak."""
    delta = timedelta(days=days)
    Notification.objects.update(read_at=timezone.now())
    Message.objects.update(created_at=F("created_at") - delta)
    PartnerSlot.objects.update(created_at=F("created_at") - delta)
    EmailSettings.objects.exclude(last_digest_at=None).update(last_digest_at=F("last_digest_at") - delta)
    User.objects.update(date_joined=F("date_joined") - delta)


def to(person):
    return [m for m in mail.outbox if m.to == [person.email]]


def write(person, actor, text="Bonjour, pouvons-nous parler ?"):
    return start_direct_conversation(person, actor, text=text)


def test_the_digest_lists_new_unread_messages_per_room_once(cast):
    room = write(cast.outsider, cast.lead)
    Notification.objects.update(read_at=timezone.now())  # the bell was seen: only the messages wait
    digests.send_digests()
    (email,) = to(cast.lead_admin)
    assert "Messages non lus" in email.body
    assert "1 message non lu" in email.body
    assert f"http://testserver/salons/{room.pk}/" in email.body
    assert f'href="http://testserver/salons/{room.pk}/"' in email.alternatives[0][0]
    assert not to(cast.outsider)  # their own message is not unread for them
    mail.outbox.clear()
    time_passes(8)
    assert digests.send_digests() == 0  # still unread, but nothing new: no digest on its account
    write(cast.outsider, cast.lead, "Je relance")
    Notification.objects.update(read_at=timezone.now())
    digests.send_digests()
    (email,) = to(cast.lead_admin)
    assert "2 messages non lus" in email.body


def test_the_unread_section_costs_one_query_whatever_the_number_of_rooms(cast, django_assert_num_queries):
    since = timezone.now() - timedelta(days=1)
    write(cast.outsider, cast.lead)
    with django_assert_num_queries(1):
        (_title, items) = unread_section(cast.lead_admin, since)
    assert len(items) == 1
    for n in range(3):
        write(UserFactory(email=f"curieux{n}@example.org"), cast.lead)
    with django_assert_num_queries(1):
        (_title, items) = unread_section(cast.lead_admin, since)
    assert len(items) == 4


def test_a_digest_costs_the_same_whatever_the_number_of_rooms(cast, django_assert_num_queries):
    EmailSettings.objects.create(user=cast.lead_admin)  # both digests then read the same row
    write(cast.outsider, cast.lead)
    Notification.objects.update(read_at=timezone.now())
    with django_assert_num_queries(10):
        assert digests.send_digest(cast.lead_admin.pk, timezone.now())
    time_passes(8)
    for n in range(4):
        write(UserFactory(email=f"curieux{n}@example.org"), cast.lead)
    Notification.objects.update(read_at=timezone.now())
    with django_assert_num_queries(10):
        assert digests.send_digest(cast.lead_admin.pk, timezone.now())


@pytest.fixture
def lab(cast, project, matching_place):
    """A published project of the cast, led from Amiens, and a laboratory nearby offering what a slot of it
    will seek; the lab's admin has nothing else new."""
    Actor.objects.filter(pk=cast.lead.pk).update(commune=matching_place["80021"])
    Project.objects.filter(pk=project.pk).update(status=Project.Status.PUBLISHED)
    admin = UserFactory(email="admin@labo.example")
    lab = ActorFactory(
        name="Laboratoire d'Amiens", kind=ActorKind.RESEARCH, commune=matching_place["80021"], admins=[admin]
    )
    lab.offers.set([sociology()])
    EmailSettings.objects.create(user=admin, last_digest_at=timezone.now() - timedelta(days=8))
    return lab, admin


def test_the_digest_suggests_slots_opened_since_the_last_one_that_fit(cast, project, lab):
    laboratory, admin = lab
    assert digests.send_digests() == 0 or not to(admin)  # no slot yet: nothing for the lab's admin
    slot = sociology_slot(project, laboratory.offers.get())
    digests.send_digests()
    (email,) = to(admin)
    assert "Places qui vous correspondent" in email.body
    assert f"« {slot.title} » dans le projet « Café des aidants », pour Laboratoire d'Amiens" in email.body
    assert f"http://testserver/projets/{project.slug}/places/{slot.pk}/" in email.body
    mail.outbox.clear()
    time_passes(8)
    digests.send_digests()
    assert not to(admin)  # the same slot is not suggested twice
