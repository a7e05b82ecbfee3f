"""The pages around the rooms: search, direct contact, the project room, the header counts, « Mon espace »,
notifications, the manager's view and the management of a space. Pages are read in English (/en/).
"""

import re

import pytest
from django.utils import timezone, translation

from spaces.actions import post_message
from spaces.models import Room
from spaces.unread import unread_total
from tests.factories import ProjectFactory, UserFactory
from tests.support.html import page_text, soup
from tests.support.rooms import queries_of_get, room_url

pytestmark = pytest.mark.django_db


# --- search, direct contact, project room -----------------------------------------------------------------


def test_search_finds_words_in_my_rooms_only(member_client, cast):
    post_message(cast.user("manager"), cast.rooms["private"], text="Le compost partagé avance")
    post_message(cast.user("starter"), cast.rooms["direct"], text="Compost : vous en vendez ?")
    response = member_client.get("/en/salons/recherche/", {"q": "compost"})
    page = page_text(response)
    assert "1 message found" in page
    assert "Le compost partagé avance" in page
    assert "vous en vendez" not in page
    scoped = member_client.get("/en/salons/recherche/", {"q": "compost", "salon": cast.rooms["project"].pk})
    assert "0 messages found" in page_text(scoped)
    assert (
        member_client.get(
            "/en/salons/recherche/", {"q": "compost", "salon": cast.rooms["direct"].pk}
        ).status_code
        == 404
    )


def test_contacting_an_actor_opens_a_conversation_its_admins_receive(client, cast):
    outsider, admin = cast.user("outsider"), cast.user("actor_admin")
    client.force_login(outsider)
    actor_page = soup(client.get(f"/en/annuaire/{cast.contacted.slug}/"))
    contact = actor_page.find("a", string="Contact this organisation")["href"]
    assert contact == f"/en/structures/{cast.contacted.slug}/contacter/"
    response = client.post(contact, {"text": "Bonjour, vous recyclez les vélos ?"})
    room = Room.objects.get(kind=Room.Kind.DIRECT, started_by=outsider)
    assert response["Location"] == room_url(room)
    assert unread_total(admin) == 1
    assert admin.notifications.filter(kind="direct_message").count() == 1
    client.force_login(admin)
    assert "vous recyclez les vélos" in page_text(client.get(room_url(room)))


def test_an_admin_cannot_contact_their_own_organisation_and_keeps_the_text(client, cast):
    client.force_login(cast.user("actor_admin"))
    response = client.post(f"/en/structures/{cast.contacted.slug}/contacter/", {"text": "Test à moi-même"})
    assert response.status_code == 200
    assert "you cannot write to yourself" in page_text(response)
    assert "Test à moi-même" in soup(response).select_one("#id_text").get_text()


def test_the_project_page_links_its_room_for_the_project_people_only(client, cast):
    url = f"/en/projets/{cast.project.slug}/"
    client.force_login(cast.user("partner"))
    link = soup(client.get(url)).find("a", string="Project room")
    assert link["href"] == f"/en/projets/{cast.project.slug}/salon/"
    assert client.get(link["href"])["Location"] == room_url(cast.rooms["project"])
    client.force_login(cast.user("staff"))  # staff read the draft, not the consortium's room
    assert client.get(url).status_code == 200
    assert soup(client.get(url)).find("a", string="Project room") is None
    assert client.get(f"/en/projets/{cast.project.slug}/salon/").status_code == 404


def test_the_project_room_is_created_on_the_first_visit(client, cast):
    project = ProjectFactory(lead_actor=cast.lead, title="Jardin partagé")
    client.force_login(cast.user("member"))
    response = client.get(f"/en/projets/{project.slug}/salon/")
    room = Room.objects.get(project=project)
    assert response["Location"] == room_url(room)


# --- header, « Mon espace », notifications ----------------------------------------------------------------


def test_the_header_shows_unread_messages_and_notifications(member_client, cast):
    post_message(cast.user("manager"), cast.rooms["private"], text="Bonjour @member")
    page = soup(member_client.get("/en/annuaire/"))
    assert page.select_one('[data-count="rooms"]').get_text() == "1"
    assert not page.select_one('[data-count-wrap="rooms"]').has_attr("hidden")
    assert page.select_one('[data-count="notifications"]').get_text() == "1"
    assert page.select_one("script[src='/en/espaces/jsi18n.js']") is not None
    counts = member_client.get("/en/espaces/compteurs.json").json()
    assert counts == {"total": 1, "rooms": {str(cast.rooms["private"].pk): 1}, "notifications": 1}


def test_anonymous_visitors_get_no_counts_and_no_live_script(client, cast):
    page = soup(client.get("/en/annuaire/"))
    assert page.select_one("[data-live-header]") is None
    assert page.select_one("script[src$='notifications.js']") is None


def test_the_notifications_page_lists_them_and_marks_them_read(member_client, cast):
    with translation.override("en"):  # a notification is written in the language of the request making it
        post_message(cast.user("manager"), cast.rooms["private"], text="Merci @member")
    response = member_client.get("/en/mon-espace/notifications/")
    item = soup(response).select_one(".notification-list .card--unread")
    assert "mentioned you" in item.get_text()
    assert cast.user("member").notifications.filter(read_at=None).count() == 0
    assert (
        soup(member_client.get("/en/annuaire/"))
        .select_one('[data-count-wrap="notifications"]')
        .has_attr("hidden")
    )


def test_my_space_lists_my_rooms_with_unread_first(member_client, cast):
    post_message(cast.user("partner"), cast.rooms["project"], text="Point d'étape")
    page = soup(member_client.get("/en/mon-espace/"))
    cards = page.select(".room-list .card")
    assert "Café des aidants itinérant" in cards[0].get_text()
    assert cards[0].select_one("[data-room-unread-count]").get_text() == "1"


def test_the_javascript_catalogue_is_served_in_the_language_of_the_url(client):
    response = client.get("/espaces/jsi18n.js")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert "django.gettext" in response.content.decode()


# --- the manager view -------------------------------------------------------------------------------------


def test_managers_follow_their_rooms_and_accompanied_projects(client, cast, settings):
    import datetime

    from ecosystem.models import MarkerAssessment, PartnerSlot, Phase, Support

    Support.objects.create(support_actor=cast.incubator, project=cast.project, phase=Phase.EMERGENCE)
    PartnerSlot.objects.create(project=cast.project, title="Un financeur")
    MarkerAssessment.objects.create(
        project=cast.project, date=datetime.date(2020, 1, 15), phase=Phase.EMERGENCE
    )
    post_message(cast.user("member"), cast.rooms["private"], text="Actif")
    # The rooms have been open for two months (in a room opened minutes ago nobody is « silent for 30 days »).
    Room.objects.filter(pk__in=[room.pk for room in cast.rooms.values()]).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    client.force_login(cast.user("manager"))
    response = client.get(f"/en/espaces/{cast.space.slug}/suivi/")
    assert response.status_code == 200
    page = soup(response)
    projects = page.select_one("#projects-caption").find_parent("table")
    row = projects.select_one("tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
    assert cells[0] == "Café des aidants itinérant"
    # The lead's member, the partner's and the room's guest: counted, never named.
    assert cells[-4] == "3 of 3"
    assert cells[-3] == "1"  # one open slot
    assert cells[-2].startswith("01/15/2020")  # English short date
    assert "No marker assessment in the last six months" in cells[-1]
    rooms = page.select_one("#rooms-caption").find_parent("table")
    private = next(tr for tr in rooms.select("tbody tr") if "Promotion 2026" in tr.th.get_text())
    assert private.find_all("td")[-4].get_text() == "1"  # this week's message, in the total column
    assert (
        "manager" in private.select_one("details").get_text()
    )  # silent people of the space's rooms are named
    client.force_login(cast.user("member"))
    assert client.get(f"/en/espaces/{cast.space.slug}/suivi/").status_code == 404


def test_the_manager_view_takes_a_constant_number_of_queries(client, cast, settings):
    import datetime

    from ecosystem.models import MarkerAssessment, Phase, Support
    from spaces.actions import open_room, project_room

    settings.SPACES_MESSAGE_RATE = "1000/60"
    client.force_login(cast.user("manager"))
    url = f"/en/espaces/{cast.space.slug}/suivi/"

    def grow(count, tag):
        for number in range(count):
            room = open_room(cast.user("manager"), cast.space, name=f"Salon {tag} {number}", kind="public")
            post_message(cast.user("member"), room, text="Bonjour")
            project = ProjectFactory(lead_actor=cast.lead, title=f"Projet {tag} {number}")
            Support.objects.create(support_actor=cast.incubator, project=project, phase=Phase.EMERGENCE)
            MarkerAssessment.objects.create(
                project=project, date=datetime.date(2025, 6, 1), phase=Phase.EMERGENCE
            )
            post_message(cast.user("member"), project_room(project), text="Bonjour")

    client.get(url)  # the first page of a session reads the site's settings once
    grow(2, "a")
    small = queries_of_get(client, url)
    grow(8, "b")
    assert queries_of_get(client, url) == small


# --- managing a space -------------------------------------------------------------------------------------


def test_a_manager_opens_a_room_adds_a_member_and_invites_a_guest(client, cast):
    manager = cast.user("manager")
    client.force_login(manager)
    response = client.post(
        f"/en/espaces/{cast.space.slug}/salons/nouveau/", {"name": "Atelier vélo", "kind": "private"}
    )
    room = Room.objects.get(name="Atelier vélo")
    assert response["Location"] == room_url(room)

    response = client.post(f"/en/espaces/{cast.space.slug}/membres/", {"email": "personne@example.org"})
    assert response.status_code == 200
    assert "No account uses this email address" in page_text(response)
    assert soup(response).select_one("#id_email")["value"] == "personne@example.org"
    response = client.post(f"/en/espaces/{cast.space.slug}/membres/", {"email": "outsider@example.org"})
    assert response.status_code == 302
    assert cast.space.members.filter(user=cast.user("outsider")).exists()

    newcomer = UserFactory(email="beneficiaire@example.org")
    response = client.post(
        f"/en/salons/{room.pk}/gestion/inviter/", {"email": "beneficiaire@example.org", "role": "guest"}
    )
    assert response.status_code == 302
    assert "sees this room only" in page_text(client.get(response["Location"]))
    client.force_login(newcomer)
    assert client.get(room_url(room)).status_code == 200
    assert client.get(room_url(cast.rooms["private"])).status_code == 404
    guest_page = soup(client.get(room_url(room)))
    assert guest_page.select_one(".room__side") is None  # guests do not see who else is there


def test_only_managers_reach_the_management_pages(client, cast):
    client.force_login(cast.user("member"))
    assert client.get(f"/en/espaces/{cast.space.slug}/salons/nouveau/").status_code == 404
    assert (
        client.post(f"/en/espaces/{cast.space.slug}/membres/", {"email": "x@example.org"}).status_code == 404
    )
    assert client.get(f"/en/salons/{cast.rooms['private'].pk}/gestion/").status_code == 404
    assert client.get(f"/en/salons/{cast.rooms['project'].pk}/gestion/").status_code == 200  # lead's member


def test_archiving_a_room_from_its_management_page(client, cast):
    client.force_login(cast.user("manager"))
    room = cast.rooms["public"]
    response = client.post(f"/en/salons/{room.pk}/gestion/archiver/", {"archived": "1"}, follow=True)
    assert "The room is archived." in page_text(response)
    room.refresh_from_db()
    assert room.is_archived
    client.post(f"/en/salons/{room.pk}/gestion/archiver/", {"archived": "0"})
    room.refresh_from_db()
    assert not room.is_archived


def test_opening_a_space_is_for_support_structures(client, cast):
    client.force_login(cast.user("manager"))
    response = client.post(
        "/en/espaces/nouvel-espace/",
        {"host": cast.incubator.pk, "name": "Tiers-lieu du canal", "description": ""},
    )
    assert response.status_code == 302
    assert re.fullmatch(r"/en/espaces/tiers-lieu-du-canal/", response["Location"])
    client.force_login(cast.user("member"))  # belongs to an association only
    assert client.get("/en/espaces/nouvel-espace/").status_code == 404
