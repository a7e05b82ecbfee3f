"""The managers' follow-up page judges a room from its last message, or from its opening while it has none.

A room opened minutes ago is not « quiet for three weeks »; one opened a month ago with no message is. Each
accompanied project leads to its dynamic evaluation. Pages are read in English (/en/).
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.text import slugify

from ecosystem.models import Actor, ActorKind, Membership, Phase, Project, Support, User
from spaces.actions import create_space, open_room, post_message
from spaces.models import Message, Room

pytestmark = pytest.mark.django_db

QUIET = "No message for three weeks"
SILENT = "Most people have been silent for 30 days"


@pytest.fixture
def manager(db):
    return User.objects.create_user(email="manager@example.org", password="x" * 20, display_name="Manon")


@pytest.fixture
def space(manager):
    incubator = Actor.objects.create(name="Incubateur du Nord", slug="incubateur", kind=ActorKind.INCUBATOR)
    Membership.objects.create(user=manager, actor=incubator, role=Membership.Role.ADMIN)
    return create_space(manager, incubator, name="Pépinière du Nord")


def signals(client, space, label) -> str:
    page = BeautifulSoup(client.get(f"/en/espaces/{space.slug}/suivi/").content, "html.parser")
    row = next(tr for tr in page.select("tbody tr") if tr.th.get_text(strip=True) == label)
    return row.find_all("td")[-1].get_text(" ", strip=True)


def age(room, days):
    Room.objects.filter(pk=room.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_a_room_opened_minutes_ago_is_not_flagged(client, manager, space):
    open_room(manager, space, name="Accueil", kind="public")
    client.force_login(manager)
    shown = signals(client, space, "Accueil")
    assert QUIET not in shown
    assert SILENT not in shown


def test_a_room_opened_a_month_ago_without_a_message_is_flagged(client, manager, space):
    age(open_room(manager, space, name="Accueil", kind="public"), days=35)
    client.force_login(manager)
    shown = signals(client, space, "Accueil")
    assert QUIET in shown
    assert SILENT in shown


def test_an_old_room_is_judged_from_its_last_message(client, manager, space):
    room = open_room(manager, space, name="Accueil", kind="public")
    age(room, days=60)
    message = post_message(manager, room, text="Bonjour")
    client.force_login(manager)
    assert QUIET not in signals(client, space, "Accueil")
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - datetime.timedelta(days=22))
    assert QUIET in signals(client, space, "Accueil")


def test_each_accompanied_project_leads_to_its_evaluation(client, manager, space):
    lead = Actor.objects.create(name="Café des aidants", slug="cafe", kind=ActorKind.ASSOCIATION)
    project = Project.objects.create(title="Café itinérant", slug=slugify("Café itinérant"), lead_actor=lead)
    Support.objects.create(support_actor=space.host, project=project, phase=Phase.EMERGENCE)
    client.force_login(manager)
    page = client.get(f"/en/espaces/{space.slug}/suivi/").content.decode()
    assert f'href="/en/projets/{project.slug}/evaluation/"' in page
