"""Sign-up asks for a name, and a newcomer lands on « Mon espace » with a short guide once their email is confirmed."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from ecosystem.models import Actor, ActorKind, Membership, User

pytestmark = pytest.mark.django_db
PASSWORD = "une-phrase-de-passe-solide"


def sign_up(client, **extra):
    data = {"email": "lea.martin@asso.example", "password1": PASSWORD, "password2": PASSWORD} | extra
    return client.post("/comptes/signup/", data)


def test_sign_up_asks_for_first_and_last_name(client):
    page = BeautifulSoup(client.get("/comptes/signup/").content, "html.parser")
    assert page.select_one("input[name=first_name]")["autocomplete"] == "given-name"
    assert page.select_one("input[name=last_name]")["autocomplete"] == "family-name"
    response = sign_up(client)
    assert response.status_code == 200
    assert not User.objects.exists()
    # What was typed stays in the form.
    assert 'value="lea.martin@asso.example"' in response.content.decode()


def test_after_confirming_a_newcomer_lands_on_my_space_named_with_a_guide(client):
    response = sign_up(client, first_name="Léa", last_name="Martin")
    assert response.status_code == 302
    user = User.objects.get(email="lea.martin@asso.example")
    assert user.get_full_name() == "Léa Martin"
    confirm_url = re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert response["Location"] == "/mon-espace/"
    page = BeautifulSoup(client.get("/mon-espace/").content, "html.parser")
    assert "Mon espace (Léa)" in page.select_one("header").get_text(" ", strip=True)  # not « lea.martin »
    guide = page.select_one("section.guide")
    links = {a["href"] for a in guide.select("a")}
    assert {"/mon-espace/profil/", "/structures/nouvelle/", "/annuaire/", "/projets/"} <= links


def test_the_guide_leaves_once_the_person_belongs_to_a_structure(client):
    user = User.objects.create_user(email="lea@asso.example", password=PASSWORD, first_name="Léa")
    actor = Actor.objects.create(name="Asso", slug="asso", kind=ActorKind.ASSOCIATION)
    client.force_login(user)
    assert BeautifulSoup(client.get("/en/mon-espace/").content, "html.parser").select_one("section.guide")
    Membership.objects.create(user=user, actor=actor, role=Membership.Role.MEMBER)
    assert not BeautifulSoup(client.get("/en/mon-espace/").content, "html.parser").select_one("section.guide")
