"""Members of an actor: invitations by email, join requests, roles, the last admin, « Mon espace »."""

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.core import mail

from ecosystem.models import JoinRequest, MemberInvitation, Membership, Notification, Partnership, Project
from tests.factories import ActorFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@jardins.example", display_name="Alice Admin")


@pytest.fixture
def actor(admin):
    return ActorFactory(name="Les Jardins Partagés", admins=[admin])


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def invite(client, actor, email, role="member", capture=None):
    with capture(execute=True):
        return client.post(f"/en/structures/{actor.slug}/membres/inviter/", {"email": email, "role": role})


def test_invitation_email_then_acceptance_by_the_invited_address(
    client, admin, actor, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    response = invite(client, actor, "Bob@Asso.example", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert "Invitation sent to bob@asso.example" in text(
        client.get("/en/structures/les-jardins-partages/membres/")
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@asso.example"]
    assert "Les Jardins Partagés" in message.subject
    link = re.search(r"https?://testserver(/\S+)", message.body).group(1)
    invitation = MemberInvitation.objects.get()
    assert link == f"/en/invitations/{invitation.token}/"  # in the language the inviter used

    bob = UserFactory(email="bob@asso.example")
    client.force_login(bob)
    assert client.get(link).status_code == 200
    assert not Membership.objects.filter(user=bob).exists()  # looking is not accepting
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/en/mon-espace/"
    assert Membership.objects.get(user=bob, actor=actor).role == Membership.Role.MEMBER
    invitation.refresh_from_db()
    accepted_at = invitation.accepted_at
    assert accepted_at is not None

    client.post(link)  # a second time changes nothing
    invitation.refresh_from_db()
    assert invitation.accepted_at == accepted_at
    assert Membership.objects.filter(user=bob).count() == 1


def test_invitation_needs_the_verified_invited_address(
    client, admin, actor, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    invite(client, actor, "bob@asso.example", role="admin", capture=django_capture_on_commit_callbacks)
    link = f"/en/invitations/{MemberInvitation.objects.get().token}/"

    other = UserFactory(email="quelquun@ailleurs.example")
    client.force_login(other)
    response = client.post(link)
    assert response.status_code == 200
    assert "This invitation was sent to bob@asso.example" in text(response)
    assert not Membership.objects.filter(user=other).exists()

    unverified = UserFactory(email="bob@asso.example", verified=False)
    client.force_login(unverified)
    client.post(link)
    assert not Membership.objects.filter(user=unverified).exists()
    EmailAddress.objects.filter(user=unverified).update(verified=True)
    client.post(link)
    assert Membership.objects.get(user=unverified).role == Membership.Role.ADMIN

    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_inviting_a_member_again_is_refused(client, admin, actor, django_capture_on_commit_callbacks):
    client.force_login(admin)
    response = invite(client, actor, "admin@jardins.example", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "already a member" in text(response)
    assert not MemberInvitation.objects.exists()
    assert not mail.outbox


def test_unknown_invitation_token_is_404(client, admin):
    client.force_login(admin)
    assert client.get("/invitations/pas-un-jeton/").status_code == 404


def test_roles_change_but_the_last_admin_stays(client, admin, actor):
    bob = UserFactory(email="bob@asso.example")
    bob_membership = Membership.objects.create(user=bob, actor=actor)
    admin_membership = Membership.objects.get(user=admin)
    client.force_login(admin)
    base = f"/en/structures/{actor.slug}/membres"

    response = client.post(f"{base}/{admin_membership.pk}/role/", {"role": "member"}, follow=True)
    assert "must keep at least one administrator" in text(response)
    assert Membership.objects.get(user=admin).role == "admin"
    response = client.post(f"{base}/{admin_membership.pk}/retirer/", follow=True)
    assert "must keep at least one administrator" in text(response)
    assert Membership.objects.filter(user=admin).exists()

    client.post(f"{base}/{bob_membership.pk}/role/", {"role": "admin"})
    assert Membership.objects.get(user=bob).role == "admin"
    # Now there are two admins: the first may step down, then leave.
    client.post(f"{base}/{admin_membership.pk}/role/", {"role": "member"})
    assert Membership.objects.get(user=admin).role == "member"
    client.force_login(bob)
    client.post(f"{base}/{admin_membership.pk}/retirer/")
    assert not Membership.objects.filter(user=admin).exists()


def test_join_request_approved_then_refused(client, admin, actor):
    carla, dan = UserFactory(email="carla@asso.example"), UserFactory(email="dan@asso.example")
    for person in (carla, dan):
        client.force_login(person)
        response = client.post(
            f"/structures/{actor.slug}/rejoindre/", {"message": "Je jardine depuis 10 ans."}
        )
        assert response.status_code == 302
    # A second request from the same person updates the pending one.
    client.post(f"/structures/{actor.slug}/rejoindre/", {"message": "Et je fais du compost."})
    assert JoinRequest.objects.get(user=dan).message == "Et je fais du compost."

    client.force_login(admin)
    html = text(client.get(f"/en/structures/{actor.slug}/membres/"))
    assert "Je jardine depuis 10 ans." in html
    assert "asks to join" in text(client.get("/en/mon-espace/"))
    carla_request, dan_request = JoinRequest.objects.order_by("pk")
    client.post(f"/structures/{actor.slug}/demandes/{carla_request.pk}/", {"decision": "approve"})
    client.post(f"/structures/{actor.slug}/demandes/{dan_request.pk}/", {"decision": "refuse"})
    assert Membership.objects.get(user=carla, actor=actor).role == "member"
    assert not Membership.objects.filter(user=dan).exists()
    assert JoinRequest.objects.get(user=dan).status == "refused"
    # A decided request cannot be decided again.
    client.post(f"/structures/{actor.slug}/demandes/{dan_request.pk}/", {"decision": "approve"})
    assert not Membership.objects.filter(user=dan).exists()


def test_join_requests_and_decisions_are_notified(client, admin, actor):
    carla, dan = (
        UserFactory(email="carla@asso.example", display_name="Carla"),
        UserFactory(email="dan@asso.example"),
    )
    for person in (carla, dan):
        client.force_login(person)
        client.post(f"/en/structures/{actor.slug}/rejoindre/", {"message": "Bonjour"})
    client.post(f"/en/structures/{actor.slug}/rejoindre/", {"message": "Encore moi"})  # no second notice
    asked = Notification.objects.filter(user=admin, kind="join_request").order_by("pk")
    assert asked.count() == 2
    assert asked[0].title == f"Carla demande à rejoindre {actor.name}."  # the site's language, not /en/
    assert asked[0].url == f"/structures/{actor.slug}/membres/"

    client.force_login(admin)
    carla_request, dan_request = JoinRequest.objects.order_by("pk")
    client.post(f"/en/structures/{actor.slug}/demandes/{carla_request.pk}/", {"decision": "approve"})
    client.post(f"/en/structures/{actor.slug}/demandes/{dan_request.pk}/", {"decision": "refuse"})
    client.post(f"/en/structures/{actor.slug}/demandes/{dan_request.pk}/", {"decision": "approve"})
    assert [n.title for n in Notification.objects.filter(user=carla)] == [
        f"Vous êtes désormais membre de {actor.name}."
    ]
    assert [n.title for n in Notification.objects.filter(user=dan)] == [
        f"Votre demande pour rejoindre {actor.name} a été refusée."
    ]
    assert Notification.objects.get(user=carla).url == f"/annuaire/{actor.slug}/"


def test_a_member_is_told_they_already_are(client, admin, actor):
    client.force_login(admin)
    response = client.post(f"/en/structures/{actor.slug}/rejoindre/", {"message": "?"})
    assert "already a member" in text(response)
    assert not JoinRequest.objects.exists()


def test_members_see_the_list_but_not_the_management(client, admin, actor):
    bob = UserFactory(email="bob@asso.example", display_name="Bob Membre")
    Membership.objects.create(user=bob, actor=actor)
    client.force_login(bob)
    response = client.get(f"/en/structures/{actor.slug}/membres/")
    assert response.status_code == 200
    assert "Alice Admin" in text(response)
    assert "Bob Membre" in text(response)
    assert "Invite someone" not in text(response)


def test_dashboard_lists_organisations_projects_invitations(client, admin, actor):
    partner = ActorFactory(
        name="Université de Picardie", admins=[UserFactory(email="prof@u-picardie.example")], kind="research"
    )
    led = ProjectFactory(
        lead_actor=actor,
        title="Jardins en pied d'immeuble",
        slug="jardins-draft",
        status=Project.Status.DRAFT,
    )
    joined = ProjectFactory(
        lead_actor=partner, title="Recherche sur les sols", slug="recherche-sols", published=True
    )
    Partnership.objects.create(project=joined, actor=actor, nature="terrain", role="Expérimentation")
    left = ProjectFactory(lead_actor=partner, title="Projet quitté", slug="ancien", published=True)
    Partnership.objects.create(
        project=left, actor=actor, nature="x", role="y", status=Partnership.Status.LEFT
    )
    ProjectFactory(lead_actor=partner, title="Projet sans nous", slug="autre", published=True)
    MemberInvitation.objects.create(actor=partner, email="admin@jardins.example", invited_by=None)

    client.force_login(admin)
    response = client.get("/en/mon-espace/")
    html = text(response)
    assert "Les Jardins Partagés" in html
    assert "Administrator" in html
    assert led.title in html
    assert joined.title in html
    assert "Projet quitté" not in html
    assert "Projet sans nous" not in html
    assert "See the invitation to join Université de Picardie" in html
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("a", href="/en/structures/les-jardins-partages/modifier/")
    assert len(soup.find_all("h1")) == 1


def test_profile_edit(client, admin):
    client.force_login(admin)
    response = client.post(
        "/mon-espace/profil/", {"display_name": "Alice A.", "bio": "Jardinière.", "skills": "compost"}
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert (admin.display_name, admin.bio, admin.skills) == ("Alice A.", "Jardinière.", "compost")
