"""The permission matrix of the consent pages: who may invite, express interest, answer, withdraw, refuse a
project — everyone else gets 404 (anonymous visitors the login page), and nothing is written."""

import pytest

from ecosystem.actions import invitations as actions
from ecosystem.models import InvitationOptOut, PartnerInvitation, Partnership
from tests.factories import ActorFactory, PartnerSlotFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "invitee_member", "invitee_admin", "lead_member", "lead_admin", "staff")


def login(client, consent, role):
    user = consent.user(role)
    if user is not None:
        client.force_login(user)


def snapshot(consent):
    return (
        list(PartnerInvitation.objects.order_by("pk").values()),
        list(Partnership.objects.order_by("pk").values()),
        list(InvitationOptOut.objects.values()),
    )


def expected(response, allowed: bool, success: int = 200) -> None:
    if allowed:
        assert response.status_code == success, response.content[:1000]
    elif response.status_code == 302:
        assert response.url.startswith("/comptes/login/")  # anonymous: log in first
    else:
        assert response.status_code == 404


@pytest.fixture
def pending(consent):
    return actions.invite_partner(
        consent.cast.lead_admin, consent.project, consent.invitee, slot=consent.slot, nature="n", role="r"
    )


@pytest.mark.parametrize("role", ROLES)
def test_invitation_form(client, consent, role):
    login(client, consent, role)
    url = f"/projets/{consent.project.slug}/invitations/nouvelle/"
    editors = role in ("lead_member", "lead_admin", "staff")
    response = client.get(f"{url}?structure={consent.invitee.slug}&place={consent.slot.pk}")
    expected(response, editors)
    if editors:
        html = response.content.decode()
        assert 'value="Université Voisine"' in html
        assert f'<option value="{consent.slot.pk}" selected>' in html
    before = snapshot(consent)
    response = client.post(
        url, {"actor": "Université Voisine", "slot": consent.slot.pk, "message": "Bonjour"}
    )
    expected(response, editors, success=302)
    if editors:
        assert PartnerInvitation.objects.get(actor=consent.invitee).sent_by == consent.user(role)
    else:
        assert snapshot(consent) == before


@pytest.mark.parametrize("role", ROLES)
def test_interest_form(client, consent, role):
    login(client, consent, role)
    url = f"/projets/{consent.project.slug}/places/{consent.slot.pk}/interet/"
    admins = role == "invitee_admin"  # the lead's people administer no other structure here
    response = client.get(f"{url}?structure={consent.invitee.slug}")
    expected(response, admins)
    before = snapshot(consent)
    response = client.post(url, {"actor": consent.invitee.pk, "message": "Nous serions ravis."})
    expected(response, admins, success=302)
    if admins:
        interest = PartnerInvitation.objects.get(actor=consent.invitee)
        assert (interest.direction, interest.slot, interest.message) == (
            "interest",
            consent.slot,
            "Nous serions ravis.",
        )
    else:
        assert snapshot(consent) == before


@pytest.mark.parametrize("answer", ["accept", "decline"])
@pytest.mark.parametrize("role", ROLES)
def test_answering_an_invitation(client, consent, pending, role, answer):
    login(client, consent, role)
    before = snapshot(consent)
    response = client.post(f"/invitations-partenaires/{pending.pk}/{answer}/")
    allowed = role == "invitee_admin"
    expected(response, allowed, success=302)
    pending.refresh_from_db()
    if allowed:
        assert pending.status == {"accept": "accepted", "decline": "declined"}[answer]
    else:
        assert snapshot(consent) == before


@pytest.mark.parametrize("role", ROLES)
def test_answering_an_interest_is_for_the_projects_team(client, consent, role):
    interest = actions.express_interest(consent.invitee_admin, consent.slot, consent.invitee)
    login(client, consent, role)
    before = snapshot(consent)
    response = client.post(
        f"/invitations-partenaires/{interest.pk}/accept/", {"nature": "recherche", "role": "Évalue."}
    )
    allowed = role in ("lead_member", "lead_admin")  # staff never consent for a project's team
    expected(response, allowed, success=302)
    if allowed:
        assert Partnership.objects.get(actor=consent.invitee).status == "active"
    else:
        assert snapshot(consent) == before


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing(client, consent, pending, role):
    login(client, consent, role)
    before = snapshot(consent)
    response = client.post(f"/invitations-partenaires/{pending.pk}/retirer/")
    allowed = role in ("lead_member", "lead_admin", "staff")
    expected(response, allowed, success=302)
    if allowed:
        assert PartnerInvitation.objects.get(pk=pending.pk).status == "withdrawn"
    else:
        assert snapshot(consent) == before


@pytest.mark.parametrize("role", ROLES)
def test_refusing_a_projects_invitations(client, consent, pending, role):
    login(client, consent, role)
    before = snapshot(consent)
    response = client.post(f"/invitations-partenaires/{pending.pk}/refuser-le-projet/")
    allowed = role == "invitee_admin"
    expected(response, allowed, success=302)
    if allowed:
        assert InvitationOptOut.objects.filter(project=consent.project, actor=consent.invitee).exists()
    else:
        assert snapshot(consent) == before


@pytest.mark.parametrize("role", ROLES)
def test_the_proposals_page_shows_each_person_their_own(client, consent, pending, role):
    login(client, consent, role)
    response = client.get("/invitations-partenaires/")
    expected(response, role != "anonymous")
    if role == "anonymous":
        return
    html = response.content.decode()
    answer_url = f"/invitations-partenaires/{pending.pk}/accept/"
    withdraw_url = f"/invitations-partenaires/{pending.pk}/retirer/"
    assert (answer_url in html) == (role == "invitee_admin")
    assert (withdraw_url in html) == (role in ("lead_member", "lead_admin"))


@pytest.mark.parametrize("role", ROLES)
def test_the_answer_page(client, consent, pending, role):
    login(client, consent, role)
    response = client.get(f"/invitations-partenaires/{pending.pk}/accept/")
    expected(response, role == "invitee_admin")


def test_forged_ids_are_404_and_change_nothing(client, consent, pending):
    other_slot = PartnerSlotFactory(project=ProjectFactory(published=True))
    client.force_login(consent.cast.lead_admin)
    before = snapshot(consent)
    slug = consent.project.slug
    assert client.get(f"/projets/{slug}/invitations/nouvelle/?place={other_slot.pk}").status_code == 404
    assert client.get(f"/projets/{slug}/invitations/nouvelle/?place=abc").status_code == 404
    assert client.get(f"/projets/{slug}/invitations/nouvelle/?structure=inconnue").status_code == 404
    response = client.post(
        f"/projets/{slug}/invitations/nouvelle/", {"actor": "Université Voisine", "slot": 999}
    )
    assert response.status_code == 200  # the form says the slot is not a valid choice
    client.force_login(consent.invitee_admin)
    assert client.post(f"/projets/{slug}/places/{other_slot.pk}/interet/", {"actor": 1}).status_code == 404
    assert client.post(f"/projets/{slug}/places/999999/interet/", {"actor": 1}).status_code == 404
    assert client.post("/invitations-partenaires/999999/accept/").status_code == 404
    assert client.post(f"/invitations-partenaires/{pending.pk}/maybe/").status_code == 404
    assert snapshot(consent) == before


def test_someone_elses_invitation_cannot_be_answered(client, consent, pending):
    """An admin of another structure, invited by the same project, cannot answer this one."""
    stranger = UserFactory(email="admin@ailleurs.example")
    elsewhere = ActorFactory(name="Ailleurs", admins=[stranger])
    actions.invite_partner(consent.cast.lead_admin, consent.project, elsewhere, nature="n", role="r")
    client.force_login(stranger)
    before = snapshot(consent)
    assert client.post(f"/invitations-partenaires/{pending.pk}/accept/").status_code == 404
    assert snapshot(consent) == before
