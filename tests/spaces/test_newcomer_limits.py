"""Anti-abuse (issue #16): a person who is a member of no structure yet may start at most
``CREATION_LIMITS["newcomer_direct"]`` direct conversations a day; over it, a clear message and nothing saved.
Writing again in a conversation already started, members of a structure and staff are not limited."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecosystem.models import Notification
from spaces import actions
from spaces.models import Message, Room
from tests.factories import ActorFactory, UserFactory
from tests.support.html import page_text

pytestmark = pytest.mark.django_db

ENGLISH = "until you are a member of a structure, you may start at most 2 conversations per 24 h"
FRENCH = "tant que vous n'êtes membre d'aucune structure, vous pouvez engager au plus 2 conversations"


@pytest.fixture
def tight(settings):
    settings.CREATION_LIMITS = {**settings.CREATION_LIMITS, "newcomer_direct": "2/86400"}


def _actors(count):
    return [ActorFactory(admins=[UserFactory()]) for _n in range(count)]


def test_a_newcomer_starts_two_conversations_and_the_third_is_refused(tight):
    newcomer, (first, second, third) = UserFactory(), _actors(3)
    actions.start_direct_conversation(newcomer, first, text="Un")
    room = actions.start_direct_conversation(newcomer, second, text="Deux")
    with pytest.raises(ValidationError) as refused:
        actions.start_direct_conversation(newcomer, third, text="Trois")
    assert refused.value.code == "rate_limited"
    assert FRENCH in refused.value.messages[0]  # French, the platform's default language
    assert not Room.objects.filter(contact_actor=third).exists()
    assert not Message.objects.filter(text="Trois").exists()
    assert not Notification.objects.filter(user__memberships__actor=third).exists()

    # Writing again where a conversation is open is not a new conversation.
    assert actions.start_direct_conversation(newcomer, second, text="Je relance").pk == room.pk

    # A day later the window has moved on.
    Room.objects.filter(started_by=newcomer).update(created_at=timezone.now() - timedelta(seconds=86_401))
    actions.start_direct_conversation(newcomer, third, text="Trois")


def test_members_of_a_structure_and_staff_are_not_limited(tight):
    member = UserFactory()
    ActorFactory(members=[member])
    staff = UserFactory(is_staff=True)
    for person in (member, staff):
        for actor in _actors(3):
            actions.start_direct_conversation(person, actor, text="Bonjour")
        assert Room.objects.filter(started_by=person).count() == 3


def test_the_contact_form_says_so_and_keeps_nothing(client, tight):
    newcomer, actors = UserFactory(), _actors(3)
    for actor in actors[:2]:
        actions.start_direct_conversation(newcomer, actor, text="Bonjour")
    client.force_login(newcomer)
    response = client.post(f"/en/structures/{actors[2].slug}/contacter/", {"text": "Bonjour encore"})
    assert response.status_code == 200
    assert ENGLISH in page_text(response)
    assert "Bonjour encore" in response.content.decode()  # the text is kept in the form
    assert not Room.objects.filter(contact_actor=actors[2]).exists()
