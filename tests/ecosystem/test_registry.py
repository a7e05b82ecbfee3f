"""The domain links to the directory's and spaces' pages without naming them: the upper apps register the
addresses (``ecosystem.registry``), and what people follow still leads to the right place."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from ecosystem.actions.members import do_decide_join_request
from ecosystem.models import Actor, ActorKind, JoinRequest, Notification

pytestmark = pytest.mark.django_db


def person(email):
    return get_user_model().objects.create_user(email=email, password="une-phrase-de-passe-solide")


def test_a_newcomers_space_links_the_directory_the_projects_and_their_rooms(client):
    client.force_login(person("nouvelle@essaim.example"))
    page = BeautifulSoup(client.get("/en/mon-espace/").content, "html.parser")
    links = {a["href"] for a in page.select("main a[href]")}
    assert {"/en/annuaire/", "/en/projets/", "/en/espaces/"} <= links
    assert page.find("h2", string="My rooms") is not None


def test_a_decided_join_request_notifies_with_the_structures_public_page():
    actor = Actor.objects.create(slug="atelier", name="Atelier", kind=ActorKind.ASSOCIATION, is_public=True)
    asker = person("demande@essaim.example")
    request = JoinRequest.objects.create(actor=actor, user=asker, message="")
    do_decide_join_request(request, approve=True, decided_by=None)
    assert Notification.objects.get(user=asker).url == actor.get_absolute_url() == "/annuaire/atelier/"
