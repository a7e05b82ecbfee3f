"""Who reaches which room over HTTP: anonymous, outsider, guest, member, manager and staff (and the two sides
of the direct conversation) against a public room, a private room, a project room and a direct conversation.

Anonymous visitors are sent to the login page; everyone else who may not read a room gets 404 on every URL of
it — the page, the composer, a message's permalink, edit and delete pages, its image, a search scoped to it —
exactly as for a room that does not exist, and nothing they post is saved. Staff have no implicit access to
private, project or direct rooms.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spaces.actions import post_message
from spaces.models import Message

pytestmark = pytest.mark.django_db

ROLES = (None, "outsider", "guest", "member", "manager", "staff", "starter", "actor_admin")
KINDS = ("public", "private", "project", "direct")
# Which rooms each role may read (the guest was let into the private and the project room).
READS = {
    None: set(),
    "outsider": {"public"},
    "guest": {"public", "private", "project"},
    "member": {"public", "private", "project"},
    "manager": {"public", "private"},
    "staff": {"public"},
    "starter": {"public", "direct"},
    "actor_admin": {"public", "direct"},
}
# Who manages each room: the space's managers for hosted rooms, the lead structure's members for the project's.
MANAGES = {"public": {"manager"}, "private": {"manager"}, "project": {"member"}, "direct": set()}
# Someone who may post in each room, to write the message the others try to reach.
AUTHOR = {"public": "manager", "private": "manager", "project": "partner", "direct": "starter"}


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def message_in(cast):
    def make(kind):
        return post_message(cast.user(AUTHOR[kind]), cast.rooms[kind], text="Ordre du jour", attachment=png())

    return make


def login(client, cast, role):
    if role is not None:
        client.force_login(cast.user(role))
    return client


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/en/comptes/login/?next=")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_reading_a_room_and_its_messages(client, cast, message_in, role, kind):
    message = message_in(kind)
    room = cast.rooms[kind]
    login(client, cast, role)
    urls = {
        "page": f"/en/salons/{room.pk}/",
        "older page": f"/en/salons/{room.pk}/?avant=2",
        "permalink": f"/en/salons/messages/{message.pk}/",
        "image": f"/en/salons/messages/{message.pk}/image/",
        "search": f"/en/salons/recherche/?q=ordre&salon={room.pk}",
    }
    for what, url in urls.items():
        response = client.get(url)
        if role is None:
            assert_login_redirect(response)
        elif kind in READS[role]:
            expected = 302 if what == "permalink" else 200
            assert response.status_code == expected, (what, role, kind)
        else:
            assert response.status_code == 404, (what, role, kind)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_posting_in_a_room(client, cast, role, kind):
    room = cast.rooms[kind]
    login(client, cast, role)
    response = client.post(f"/en/salons/{room.pk}/messages/", {"text": "Je passe par là"})
    saved = Message.objects.filter(room=room, text="Je passe par là").exists()
    if role is None:
        assert_login_redirect(response)
        assert not saved
    elif kind in READS[role]:
        assert response.status_code == 302
        assert saved
    else:
        assert response.status_code == 404
        assert not saved


@pytest.mark.parametrize(("role", "kind"), [(r, k) for r in ROLES for k in KINDS if r != AUTHOR[k]])
def test_editing_and_deleting_someone_elses_message(client, cast, message_in, role, kind):
    """Nobody edits another person's message; only a space's managers delete one (moderation)."""
    message = message_in(kind)
    login(client, cast, role)
    edit = client.post(f"/en/salons/messages/{message.pk}/modifier/", {"text": "Réécrit"})
    delete = client.post(f"/en/salons/messages/{message.pk}/supprimer/")
    message.refresh_from_db()
    if role is None:
        assert_login_redirect(edit)
        assert_login_redirect(delete)
        assert not message.is_deleted
        return
    assert edit.status_code == 404
    assert message.text in ("Ordre du jour", "")
    moderates = role == "manager" and kind in ("public", "private")
    assert delete.status_code == (302 if moderates else 404)
    assert message.is_deleted == moderates


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_managing_a_room(client, cast, role, kind):
    room = cast.rooms[kind]
    login(client, cast, role)
    response = client.get(f"/en/salons/{room.pk}/gestion/")
    invite = client.post(
        f"/en/salons/{room.pk}/gestion/inviter/", {"email": "outsider@example.org", "role": "guest"}
    )
    if role is None:
        assert_login_redirect(response)
        assert_login_redirect(invite)
    elif role in MANAGES[kind]:
        assert response.status_code == 200
        assert invite.status_code in (200, 302)  # public rooms need no invitation: the form says so
    else:
        assert response.status_code == 404
        assert invite.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_project_room_link(client, cast, role):
    login(client, cast, role)
    response = client.get(f"/en/projets/{cast.project.slug}/salon/")
    if role is None:
        assert_login_redirect(response)
    elif "project" in READS[role]:
        assert response["Location"] == f"/en/salons/{cast.rooms['project'].pk}/"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_the_space_pages(client, cast, role):
    login(client, cast, role)
    space = client.get(f"/en/espaces/{cast.space.slug}/")
    report = client.get(f"/en/espaces/{cast.space.slug}/suivi/")
    if role is None:
        assert_login_redirect(space)
        assert_login_redirect(report)
        return
    assert space.status_code == 200  # lists the public rooms, which every logged-in person reads
    assert ("Promotion 2026" in space.content.decode()) == ("private" in READS[role])
    assert report.status_code == (200 if role == "manager" else 404)


def test_an_unknown_room_or_message_is_a_404_like_a_forbidden_one(client, cast):
    login(client, cast, "member")
    assert client.get("/en/salons/999999/").status_code == 404
    assert client.get("/en/salons/messages/999999/").status_code == 404
    assert client.get("/en/espaces/nulle-part/").status_code == 404
