"""Message actions: sequence numbers, resuming, editing and deleting, idempotent retries, limits, unread counts.

Writes go through ``spaces.actions`` only; broadcasts are checked on a real (in-memory) channel layer after
commit.
"""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from ecosystem.models import Notification
from spaces import actions, history
from spaces.models import Message, ReadMarker, Room
from spaces.realtime import room_group
from spaces.unread import unread_counts, unread_in_room, unread_total
from tests.factories import ActorFactory, UserFactory
from tests.support.channels import GroupListener

pytestmark = pytest.mark.django_db


def post(cast, role, text, kind="private", **options) -> Message:
    return actions.post_message(cast.user(role), cast.rooms[kind], text=text, **options)


# --- sequence numbers and resuming --------------------------------------------------------------------------


def test_sequence_numbers_increase_per_room(cast):
    first = post(cast, "member", "Bonjour")
    second = post(cast, "manager", "Bienvenue")
    elsewhere = post(cast, "member", "Ailleurs", kind="project")
    assert (first.seq, first.version, second.seq, second.version) == (1, 1, 2, 2)
    assert elsewhere.seq == 1
    assert Room.objects.get(pk=cast.rooms["private"].pk).last_seq == 2


def test_resume_returns_new_edited_and_deleted_messages_in_order(cast):
    room = cast.rooms["private"]
    one, two, three = (post(cast, "member", text) for text in ("un", "deux", "trois"))
    seen_up_to = Room.objects.get(pk=room.pk).last_seq
    actions.edit_message(cast.user("member"), one, text="un (corrigé)")
    actions.delete_message(cast.user("member"), two)
    four = post(cast, "manager", "quatre")

    after = list(history.messages_after(room, seen_up_to))
    assert [(m.pk, m.version) for m in after] == [(one.pk, 4), (two.pk, 5), (four.pk, 6)]
    assert after[0].text == "un (corrigé)"
    assert after[0].edited_at is not None
    assert after[1].is_deleted
    assert after[1].text == ""
    assert [m.pk for m in history.messages_after(room, 0)] == [three.pk, one.pk, two.pk, four.pk]
    assert list(history.messages_after(room, 6)) == []
    assert [m.pk for m in history.messages_after(room, 0, limit=2)] == [three.pk, one.pk]


def test_an_unchanged_edit_takes_no_sequence_number(cast):
    message = post(cast, "member", "pareil")
    actions.edit_message(cast.user("member"), message, text="  pareil ")
    assert Room.objects.get(pk=cast.rooms["private"].pk).last_seq == 1


def test_history_pages_go_backwards(cast, settings):
    settings.SPACES_MESSAGE_RATE = "100/60"
    messages = [post(cast, "member", f"message {n}") for n in range(7)]
    page, more = history.history_page(cast.rooms["private"], limit=3)
    assert [m.seq for m in page] == [5, 6, 7]
    assert more
    page, more = history.history_page(cast.rooms["private"], before_seq=page[0].seq, limit=3)
    assert [m.seq for m in page] == [2, 3, 4]
    assert more
    page, more = history.history_page(cast.rooms["private"], before_seq=2, limit=3)
    assert [m.seq for m in page] == [1]
    assert not more
    page, _ = history.page_around(cast.rooms["private"], messages[3].seq, limit=3)
    assert messages[3].seq in [m.seq for m in page]


def test_messages_are_broadcast_to_the_room_after_commit(cast, django_capture_on_commit_callbacks):
    listener = GroupListener(room_group(cast.rooms["private"].pk))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = post(cast, "member", "Voici <b>le</b> lien https://example.org/doc.")
    assert listener.events() == []  # nothing is said before the commit
    with django_capture_on_commit_callbacks(execute=True):  # the serialised message is published on commit
        for callback in callbacks:
            callback()
    (event,) = listener.events()
    assert event["type"] == "room.message"
    payload = event["payload"]
    assert payload["version"] == message.version
    assert payload["message"]["id"] == message.pk
    assert payload["message"]["text"] == "Voici <b>le</b> lien https://example.org/doc."
    assert "&lt;b&gt;" in payload["message"]["html"]
    assert 'href="https://example.org/doc"' in payload["message"]["html"]
    assert payload["message"]["author"] == {"id": cast.user("member").pk, "name": "member"}

    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_message(cast.user("member"), message)
    (event,) = listener.events()
    assert event["payload"]["message"]["deleted"] is True
    assert event["payload"]["message"]["text"] == event["payload"]["message"]["html"] == ""


def _post_concurrently(room_id, users, per_user, errors):
    def worker(user):
        try:
            room = Room.objects.get(pk=room_id)
            for n in range(per_user):
                actions.post_message(user, room, text=f"{user.pk}-{n}")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_get_unique_increasing_numbers(settings):
    from tests.support.casts import SpacesCast

    settings.SPACES_MESSAGE_RATE = "1000/60"
    cast = SpacesCast()
    room = cast.rooms["public"]
    users = [UserFactory(email=f"writer{n}@example.org") for n in range(8)]
    errors = []
    _post_concurrently(room.pk, users, 10, errors)
    assert errors == []
    seqs = list(Message.objects.filter(room=room).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 81))
    # Each writer's own messages appear in the order they were sent.
    for user in users:
        texts = list(
            Message.objects.filter(room=room, author=user).order_by("seq").values_list("text", flat=True)
        )
        assert texts == [f"{user.pk}-{n}" for n in range(10)]
    assert Room.objects.get(pk=room.pk).last_seq == 80


# --- authors, moderation, retries, limits ---------------------------------------------------------------


def test_only_the_author_edits(cast):
    message = post(cast, "member", "à moi")
    for role in ("manager", "guest", "outsider", "staff"):
        with pytest.raises(PermissionDenied):
            actions.edit_message(cast.user(role), message, text="piraté")
    assert Message.objects.get(pk=message.pk).text == "à moi"


def test_deletion_by_the_author_or_a_space_manager(cast):
    by_member = post(cast, "member", "un")
    by_guest = post(cast, "guest", "deux")
    with pytest.raises(PermissionDenied):
        actions.delete_message(cast.user("guest"), by_member)
    with pytest.raises(PermissionDenied):
        actions.delete_message(cast.user("staff"), by_member)
    actions.delete_message(cast.user("guest"), by_guest)
    moderated = actions.delete_message(cast.user("manager"), by_member)  # moderation
    assert moderated.is_deleted
    with pytest.raises(PermissionDenied):  # deleted stays deleted
        actions.delete_message(cast.user("member"), moderated)
    with pytest.raises(PermissionDenied):
        actions.edit_message(cast.user("member"), moderated, text="revenu")


def test_no_moderation_by_outsiders_of_a_project_room(cast):
    message = post(cast, "partner", "notre budget", kind="project")
    with pytest.raises(PermissionDenied):
        actions.delete_message(cast.user("member"), message)  # a project person, not the author
    with pytest.raises(PermissionDenied):
        actions.delete_message(cast.user("manager"), message)


def test_posting_needs_access_and_an_open_room(cast):
    for role in ("outsider", "staff", "manager"):
        with pytest.raises(PermissionDenied):
            post(cast, role, "intrus", kind="project")
    actions.set_room_archived(cast.user("manager"), cast.rooms["private"])
    with pytest.raises(PermissionDenied):
        post(cast, "member", "trop tard")
    assert not Message.objects.exists()


def test_a_retried_send_is_stored_once(cast):
    first = post(cast, "member", "une fois", client_id="c-1")
    again = post(cast, "member", "une fois", client_id="c-1")
    other_author = post(cast, "manager", "une fois", client_id="c-1")
    assert again.pk == first.pk
    assert other_author.pk != first.pk
    assert Room.objects.get(pk=cast.rooms["private"].pk).last_seq == 2
    with pytest.raises(ValidationError):
        post(cast, "member", "id trop long", client_id="x" * 65)


def test_replies_stay_in_their_room(cast):
    original = post(cast, "member", "question")
    reply = post(cast, "manager", "réponse", reply_to_id=original.pk)
    assert reply.reply_to == original
    elsewhere = post(cast, "member", "ailleurs", kind="project")
    for bad in (elsewhere.pk, 999_999, "abc"):
        with pytest.raises(ValidationError) as error:
            post(cast, "manager", "réponse", reply_to_id=bad)
        assert error.value.code == "invalid"


@pytest.mark.parametrize(("text", "code"), [("", "empty"), ("   \n ", "empty"), ("x" * 11, "too_long")])
def test_size_limits(cast, settings, text, code):
    settings.SPACES_MESSAGE_MAX_LENGTH = 10
    with pytest.raises(ValidationError) as error:
        post(cast, "member", text)
    assert error.value.code == code
    assert not Message.objects.exists()
    assert post(cast, "member", "x" * 10).text == "x" * 10


def test_rate_limit_refuses_and_saves_nothing(cast, settings, django_capture_on_commit_callbacks):
    settings.SPACES_MESSAGE_RATE = "3/60"
    for n in range(3):
        post(cast, "member", f"m{n}", kind="public" if n % 2 else "private")
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError) as error:
        post(cast, "member", "de trop")
    assert error.value.code == "rate_limited"
    assert "3" in error.value.messages[0]
    assert callbacks == []
    assert Message.objects.count() == 3
    # Deleting does not give the quota back; other people are not affected.
    actions.delete_message(cast.user("member"), Message.objects.first())
    with pytest.raises(ValidationError):
        post(cast, "member", "toujours trop")
    post(cast, "manager", "moi je peux")
    Message.objects.filter(author=cast.user("member")).update(created_at="2020-01-01T00:00:00Z")
    post(cast, "member", "une minute plus tard")


# --- mentions and direct conversations ------------------------------------------------------------------


def test_mentions_notify_only_people_who_can_see_the_room(cast, django_capture_on_commit_callbacks):
    listener = GroupListener(f"user.{cast.user('manager').pk}")
    with django_capture_on_commit_callbacks(execute=True):
        message = post(cast, "member", "@manager et @outsider et @staff et @member, regardez")
    assert list(Notification.objects.values_list("user__email", "kind")) == [
        ("manager@example.org", "mention")
    ]
    notification = Notification.objects.get()
    assert notification.payload == {"room": cast.rooms["private"].pk, "message": message.pk, "seq": 1}
    (event,) = listener.events()
    assert event["type"] == "notification"
    assert event["payload"]["kind"] == "mention"
    assert event["payload"]["unread"] == 1

    # An edit notifies only the people it newly mentions.
    actions.edit_message(cast.user("member"), message, text="@manager et @guest, regardez")
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == [
        "guest@example.org",
        "manager@example.org",
    ]


def test_mentions_in_a_public_room_reach_people_who_came_by(cast):
    actions.mark_read(cast.user("outsider"), cast.rooms["public"], 0)
    post(cast, "member", "@outsider bienvenue, @staff aussi", kind="public")
    assert list(Notification.objects.values_list("user__email", flat=True)) == ["outsider@example.org"]


def test_starting_a_direct_conversation(cast):
    starter, admin = UserFactory(email="curious@example.org"), cast.user("actor_admin")
    room = actions.start_direct_conversation(starter, cast.contacted, text="Bonjour, pouvons-nous échanger ?")
    assert room.kind == Room.Kind.DIRECT
    assert room.started_by == starter
    assert list(Notification.objects.values_list("user", "kind")) == [(admin.pk, "direct_message")]
    again = actions.start_direct_conversation(starter, cast.contacted, text="Je relance.")
    assert again.pk == room.pk
    assert room.messages.count() == 2
    # Writing again from the contact form tells the admins again (mailed with the room's hourly batching).
    assert Notification.objects.filter(user=admin, kind="direct_message").count() == 2
    actions.post_message(admin, room, text="Avec plaisir")
    with pytest.raises(ValidationError):
        actions.start_direct_conversation(admin, cast.contacted, text="moi-même")
    hidden = ActorFactory(name="Cachée", is_public=False, admins=[UserFactory(email="h@example.org")])
    with pytest.raises(PermissionDenied):
        actions.start_direct_conversation(starter, hidden, text="Bonjour")


# --- read markers and unread counts ---------------------------------------------------------------------


def test_unread_counts_and_mark_read(cast, django_capture_on_commit_callbacks):
    member, manager = cast.user("member"), cast.user("manager")
    room = cast.rooms["private"]
    post(cast, "member", "le mien ne compte pas")
    messages = [post(cast, "manager", f"m{n}") for n in range(3)]
    assert unread_in_room(member, room) == 3
    assert unread_counts(member)[room.pk] == 3
    assert unread_in_room(manager, room) == 0  # posting marks what came before as read

    listener = GroupListener(f"user.{member.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.mark_read(member, room, messages[1].seq) == 1
    (event,) = listener.events()
    assert event == {
        "type": "unread.changed",
        "payload": {"room": room.pk, "unread": 1, "total": unread_total(member)},
        "group": f"user.{member.pk}",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.mark_read(member, room, messages[0].seq) == 1  # never backwards
    assert listener.events() == []  # nothing moved, nothing said
    assert ReadMarker.objects.get(user=member, room=room).last_read_seq == messages[1].seq

    actions.delete_message(manager, messages[2])
    assert unread_in_room(member, room) == 0  # a deleted message is not waiting to be read
    assert actions.mark_read(member, room, 10_000) == 0
    assert (
        ReadMarker.objects.get(user=member, room=room).last_read_seq == Room.objects.get(pk=room.pk).last_seq
    )
    with pytest.raises(PermissionDenied):
        actions.mark_read(cast.user("outsider"), room, 1)


def test_public_rooms_count_once_opened(cast):
    outsider = cast.user("outsider")
    post(cast, "member", "annonce", kind="public")
    assert unread_total(outsider) == 0  # never opened: not "their" room
    actions.mark_read(outsider, cast.rooms["public"], 1)  # the room page marks what it showed as read
    post(cast, "member", "nouvelle annonce", kind="public")
    assert unread_total(outsider) == 1
    assert unread_total(None) == 0


# --- reading ------------------------------------------------------------------------------------------------


def test_search_covers_only_the_rooms_one_may_read(cast):
    post(cast, "member", "Le budget prévisionnel est prêt")
    post(cast, "member", "Budget du projet", kind="project")
    post(cast, "member", "Budget public", kind="public")
    deleted = post(cast, "member", "budget supprimé")
    actions.delete_message(cast.user("member"), deleted)

    def texts(role, query="budget"):
        return sorted(m.text for m in history.search_messages(cast.user(role), query))

    assert texts("member") == ["Budget du projet", "Budget public", "Le budget prévisionnel est prêt"]
    assert texts("outsider") == ["Budget public"]
    assert texts("staff") == ["Budget public"]
    assert texts("member", "budget projet") == ["Budget du projet"]
    assert texts("member", "   ") == []


def test_a_page_of_history_serialises_in_constant_queries(cast, settings, django_assert_num_queries):
    from spaces.serializers import serialize

    settings.SPACES_MESSAGE_RATE = "100/60"
    first = post(cast, "member", "question")
    for n in range(12):
        post(cast, "manager" if n % 2 else "guest", f"réponse {n} https://example.org", reply_to_id=first.pk)
    with django_assert_num_queries(1):
        page, _ = history.history_page(cast.rooms["private"], limit=10)
        frames = [serialize(message) for message in page]
    assert frames[-1]["reply_to"]["excerpt"] == "question"
    assert frames[-1]["permalink"] == f"/salons/messages/{page[-1].pk}/"
    with django_assert_num_queries(1):
        frames = [serialize(message) for message in history.messages_after(cast.rooms["private"], 3)]
    assert [frame["version"] for frame in frames] == list(range(4, 14))
