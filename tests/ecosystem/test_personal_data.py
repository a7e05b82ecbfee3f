"""Personal data: the JSON export holds everything about the person (and no secret); deleting an account."""

import json

import pytest
from allauth.mfa.models import Authenticator
from bs4 import BeautifulSoup

from ecosystem.models import Actor, JoinRequest, MemberInvitation, Membership, Project, User
from tests.factories import PASSWORD, ActorFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    user = UserFactory(
        email="nadia@asso.example", display_name="Nadia", bio="Éducatrice.", skills="médiation"
    )
    actor = ActorFactory(name="Les Jardins Partagés", admins=[user])
    other = ActorFactory(name="Université de Picardie", admins=[UserFactory(email="prof@u-picardie.example")])
    JoinRequest.objects.create(actor=other, user=user, message="Bonjour !")
    MemberInvitation.objects.create(actor=actor, email="ami@asso.example", invited_by=user)
    MemberInvitation.objects.create(actor=other, email="nadia@asso.example")
    ProjectFactory(
        lead_actor=actor, title="Potager collectif", slug="potager", published=True, created_by=user
    )
    return user


def test_export_holds_everything_about_the_person_and_no_secret(client, person):
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "TOPSECRETSEED"})
    client.force_login(person)
    response = client.post("/mon-espace/donnees/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    raw = response.content.decode()
    data = json.loads(raw)
    assert data["account"]["email"] == "nadia@asso.example"
    assert data["email_addresses"] == [{"email": "nadia@asso.example", "verified": True, "primary": True}]
    assert data["profile"] == {"display_name": "Nadia", "bio": "Éducatrice.", "skills": "médiation"}
    assert [m["actor"] for m in data["memberships"]] == ["Les Jardins Partagés"]
    assert data["memberships"][0]["role"] == "admin"
    assert data["join_requests"][0]["message"] == "Bonjour !"
    assert [i["email"] for i in data["invitations_sent"]] == ["ami@asso.example"]
    assert [i["actor"] for i in data["invitations_received"]] == ["Université de Picardie"]
    assert [p["title"] for p in data["projects_created"]] == ["Potager collectif"]
    assert data["mfa_enabled"] is True
    for secret in (person.password, "TOPSECRETSEED", MemberInvitation.objects.first().token):
        assert secret not in raw
    assert client.get("/mon-espace/donnees/export/").status_code == 200  # a plain link works too


def test_data_page_offers_download_and_deletion(client, person):
    client.force_login(person)
    soup = BeautifulSoup(client.get("/en/mon-espace/donnees/").content, "html.parser")
    assert soup.find("button", string="Download my data (JSON)")
    assert soup.find("input", attrs={"name": "password", "type": "password"})


def test_deletion_needs_the_password(client, person):
    client.force_login(person)
    response = client.post("/en/mon-espace/donnees/supprimer/", {"password": "pas le bon"})
    assert response.status_code == 200
    assert "This password is not correct" in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()


def test_deleting_the_account_keeps_content_for_a_former_member(client, person):
    actor = Actor.objects.get(slug="les-jardins-partages")
    client.force_login(person)
    response = client.post("/mon-espace/donnees/supprimer/", {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="nadia@asso.example").exists()
    assert not Membership.objects.filter(actor=actor).exists()
    assert not JoinRequest.objects.exists()
    assert not MemberInvitation.objects.filter(email="nadia@asso.example").exists()
    # What she made stays, attributed to nobody; her actor stays without an admin (staff can manage it).
    assert Project.objects.get(slug="potager").created_by is None
    assert MemberInvitation.objects.get(email="ami@asso.example").invited_by is None
    assert Actor.objects.filter(pk=actor.pk).exists()

    staff = UserFactory(email="region@essaim.example", is_staff=True)
    client.force_login(staff)
    response = client.get(f"/en/structures/{actor.slug}/membres/")
    assert response.status_code == 200
    assert "invited by a former member" in BeautifulSoup(response.content, "html.parser").get_text(" ")
    assert client.get(f"/structures/{actor.slug}/modifier/").status_code == 200


def test_a_get_never_deletes(client, person):
    client.force_login(person)
    client.get("/mon-espace/donnees/supprimer/")
    assert User.objects.filter(pk=person.pk).exists()
