"""The spaces demo: the demo account finds a space, project rooms and a conversation with messages to read;
loading the demo again changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from ecosystem.models import User
from spaces import access
from spaces.demo import SPACE_SLUG, TIERS_LIEU_EVENT, TIERS_LIEU_SLUG, load_spaces_demo
from spaces.models import Message, Room, Space, SpaceMember
from spaces.unread import unread_counts

# Every test starts from the demo: load it once for the module (tests/conftest.py, demo_module).
pytestmark = pytest.mark.usefixtures("demo_module")


def snapshot():
    return (
        list(Space.objects.values_list("slug", "host_id")),
        list(Room.objects.order_by("pk").values_list("kind", "name", "last_seq")),
        list(Message.objects.order_by("pk").values_list("room_id", "seq", "author_id", "text")),
        SpaceMember.objects.count(),
    )


@pytest.mark.django_db
def test_the_demo_account_has_rooms_to_read(full_demo):
    camille = User.objects.get(email="camille@essaim.localhost")
    space = Space.objects.get(slug=SPACE_SLUG)
    assert space.host.is_support_structure
    assert SpaceMember.objects.filter(space=space, user=camille).exists()

    mine = access.my_rooms(camille)
    assert set(mine.values_list("kind", flat=True)) == {"public", "private", "project", "direct"}
    assert mine.filter(kind="project").count() == 2
    counts = unread_counts(camille)
    assert all(counts[room.pk] > 0 for room in mine)
    # The direct conversation reaches camille as admin of the contacted association.
    direct = mine.get(kind="direct")
    assert direct.started_by != camille

    for room in Room.objects.all():
        numbers = list(room.messages.order_by("seq").values_list("seq", flat=True))
        assert numbers == list(range(1, room.last_seq + 1))
        assert room.messages.aggregate(top=Max("version"))["top"] == room.last_seq
        # Every author may read the room they wrote in.
        for author in User.objects.filter(messages__room=room).distinct():
            assert access.can_view_room(author, room), (author, room)

    # Région staff see the public room only.
    staff = User.objects.get(email="admin@essaim.localhost")
    assert set(access.visible_rooms(staff).values_list("kind", flat=True)) == {"public"}

    before = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == before


@pytest.mark.django_db
def test_without_demo_actors_nothing_is_made(demo_site):
    assert load_spaces_demo() == ["spaces demo: skipped (no demo support structure)"]
    assert not Room.objects.exists()


@pytest.mark.django_db
def test_the_tiers_lieu_organises_an_upcoming_event_in_its_space(full_demo):
    space = Space.objects.get(slug=TIERS_LIEU_SLUG)
    assert space.host.kind == "third_place"
    lea = User.objects.get(email="lea@essaim.localhost")
    assert access.can_organise_space_events(lea, space)
    assert SpaceMember.objects.filter(space=space, user__email="sacha@essaim.localhost").exists()
    event = space.space_events.get().event
    assert event.slug == TIERS_LIEU_EVENT
    assert event.is_published
    assert event.host == space.host
    assert event.starts_at > timezone.now()
