"""The consent flow as people see it: « Mon espace » and the structure's page list the proposals to answer,
with buttons that work without JavaScript; a structure not yet accepted appears nowhere as a partner."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import search
from ecosystem.actions import invitations as actions
from ecosystem.models import PartnerInvitation, Partnership
from tests.factories import ActorFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def invite(consent, **extra):
    extra = {"slot": consent.slot, "nature": "partenaire de recherche", "role": "Évalue l'impact.", **extra}
    return actions.invite_partner(consent.cast.lead_admin, consent.project, consent.invitee, **extra)


def test_the_invited_admin_accepts_from_mon_espace_without_javascript(client, consent):
    invitation = invite(consent, message="Votre laboratoire nous aiderait.")
    client.force_login(consent.invitee_admin)
    page = soup_of(client.get("/mon-espace/"))
    section = page.find("section", attrs={"aria-labelledby": "partner-proposals-title"})
    assert "Café des aidants" in section.get_text(" ")
    assert "Votre laboratoire nous aiderait." in section.get_text(" ")
    form = section.find("form", action=f"/invitations-partenaires/{invitation.pk}/accept/")
    assert form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert form.find("button", string="Accepter l'invitation de Café des aidants")
    response = client.post(form["action"], {"next": "/mon-espace/"})
    assert response.status_code == 302
    assert response.url == "/mon-espace/"
    partnership = Partnership.objects.get(project=consent.project, actor=consent.invitee)
    assert (partnership.status, partnership.nature) == ("active", "partenaire de recherche")
    after = soup_of(client.get("/mon-espace/"))
    assert "Université Voisine et Café des aidants sont désormais partenaires." in after.get_text(" ")
    assert "Aucune proposition de partenariat n'attend votre réponse." in after.get_text(" ")


def test_a_missing_nature_and_role_are_asked_before_accepting(client, consent):
    invitation = invite(consent, nature="", role="")
    client.force_login(consent.invitee_admin)
    response = client.post(f"/invitations-partenaires/{invitation.pk}/accept/")
    assert response.status_code == 200
    page = soup_of(response)
    assert page.select("#id_nature[aria-invalid=true]")
    assert not Partnership.objects.filter(actor=consent.invitee).exists()
    response = client.post(
        f"/invitations-partenaires/{invitation.pk}/accept/", {"nature": "hôte", "role": "Accueille."}
    )
    assert response.status_code == 302
    assert Partnership.objects.get(actor=consent.invitee).role == "Accueille."


def test_declining_and_an_expired_invitation_answer_clearly(client, consent):
    invitation = invite(consent)
    client.force_login(consent.invitee_admin)
    response = client.post(f"/invitations-partenaires/{invitation.pk}/decline/", follow=True)
    assert "Proposition déclinée." in soup_of(response).get_text(" ")
    # Declined: accepting afterwards changes nothing and says why.
    page = soup_of(client.post(f"/invitations-partenaires/{invitation.pk}/accept/"))
    assert "n'attend plus de réponse" in page.get_text(" ")
    assert not Partnership.objects.filter(actor=consent.invitee).exists()


def test_an_expired_invitation_is_not_offered_and_cannot_be_accepted(client, consent):
    invitation = invite(consent)
    PartnerInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    client.force_login(consent.invitee_admin)
    assert (
        f"/invitations-partenaires/{invitation.pk}/accept/" not in client.get("/mon-espace/").content.decode()
    )
    page = soup_of(client.post(f"/invitations-partenaires/{invitation.pk}/accept/"))
    assert "Cette proposition a expiré." in page.get_text(" ")
    assert not Partnership.objects.filter(actor=consent.invitee).exists()


def test_the_structures_page_shows_its_admins_the_invitations_to_answer(client, consent):
    invitation = invite(consent)
    url = f"/annuaire/{consent.invitee.slug}/"
    client.force_login(consent.invitee_admin)
    page = soup_of(client.get(url))
    section = page.find("section", attrs={"aria-labelledby": "partner-proposals"})
    assert section.find("form", action=f"/invitations-partenaires/{invitation.pk}/decline/")
    for role in ("invitee_member", "outsider", "lead_admin"):
        client.force_login(consent.user(role))
        assert 'aria-labelledby="partner-proposals"' not in client.get(url).content.decode()


def test_an_invited_structure_is_shown_nowhere_as_a_partner_until_it_accepts(client, consent):
    invitation = invite(consent)
    search.rebuild()

    def partner_everywhere() -> dict:
        page = client.get(f"/projets/{consent.project.slug}/")
        soup = soup_of(page)
        graph = json.loads(soup.find("script", type="application/ld+json").string)
        api = json.loads(client.get(f"/api/v1/projects/{consent.project.slug}/").content)
        return {
            "page": "Université Voisine" in soup.find(id="collective").parent.get_text(" "),
            "jsonld": "Université Voisine" in json.dumps(graph, ensure_ascii=False),
            "api": any(p["actor"]["name"] == "Université Voisine" for p in api["partners"]),
        }

    assert partner_everywhere() == {"page": False, "jsonld": False, "api": False}
    actions.accept_invitation(consent.invitee_admin, invitation)
    assert partner_everywhere() == {"page": True, "jsonld": True, "api": True}


def test_mon_espace_lists_proposals_in_a_constant_number_of_queries(
    client, consent, django_assert_num_queries
):
    admin = consent.invitee_admin
    client.force_login(admin)
    invite(consent)
    client.get("/mon-espace/")  # the first request of a site creates its settings row

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/mon-espace/")
        assert response.status_code == 200
        return len(queries)

    few = count()
    for n in range(4):
        project = ProjectFactory(
            lead_actor=ActorFactory(name=f"Porteur {n}", admins=[consent.cast.lead_admin])
        )
        actions.do_invite_partner(project, consent.invitee, nature="n", role="r", message="m")
    assert count() == few
    # Session, user, the dashboard's lists (memberships, projects, join requests, member invitations,
    # proposals to answer), the site chrome and the index generation it is kept under (cms.chrome: the
    # factories write no index, so no generation yet and the chrome is read too), the header's unread counts; and « Places qui vous
    # correspondent » (the structures administered, the matching weights and resources, the structure's
    # profile in three, the open slots: none here); whether the person sits on the jury (the jury's link).
    with django_assert_num_queries(24):
        page = client.get("/mon-espace/")
    assert page.content.decode().count("/accept/") >= 5 * 2  # accept button and « change before » link each


def test_an_interest_reaches_the_projects_team_who_accepts_it_from_mon_espace(client, consent):
    client.force_login(consent.invitee_admin)
    url = (
        f"/projets/{consent.project.slug}/places/{consent.slot.pk}/interet/?structure={consent.invitee.slug}"
    )
    form = soup_of(client.get(url))
    assert (
        form.find("h1").get_text(strip=True)
        == "Intéressé·e par la place à pourvoir « Laboratoire de sociologie »"
    )
    response = client.post(url, {"actor": consent.invitee.pk, "message": "Nous connaissons bien le terrain."})
    assert response.status_code == 302
    interest = PartnerInvitation.objects.get(actor=consent.invitee)
    sent = soup_of(client.get("/invitations-partenaires/"))
    assert sent.find("form", action=f"/invitations-partenaires/{interest.pk}/retirer/")

    client.force_login(consent.cast.lead_member)
    page = soup_of(client.get("/mon-espace/"))
    section = page.find("section", attrs={"aria-labelledby": "partner-proposals-title"})
    assert "Nous connaissons bien le terrain." in section.get_text(" ")
    assert section.find("button", string="Accepter Université Voisine comme partenaire")
    # The interest names no nature and role: the team is asked for them before the partnership exists.
    response = client.post(f"/invitations-partenaires/{interest.pk}/accept/", {"next": "/mon-espace/"})
    assert response.status_code == 200
    assert not Partnership.objects.filter(actor=consent.invitee).exists()
    response = client.post(
        f"/invitations-partenaires/{interest.pk}/accept/",
        {"nature": "recherche", "role": "Conduit l'enquête.", "next": "/mon-espace/"},
    )
    assert response.status_code == 302
    assert Partnership.objects.get(actor=consent.invitee).status == "active"
    consent.slot.refresh_from_db()
    assert not consent.slot.is_open


def test_the_partners_page_recalls_declined_withdrawn_and_expired_proposals(client, consent):
    """The team sees how its proposals ended, so it does not wonder why nobody answered nor re-invite blindly."""
    declined = invite(consent)
    actions.decline_invitation(consent.invitee_admin, declined)
    other = ActorFactory(name="Régie de quartier des Coteaux")
    expired = actions.invite_partner(consent.cast.lead_admin, consent.project, other)
    PartnerInvitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(hours=1))
    actions.do_expire_invitations()
    client.force_login(consent.cast.lead_admin)
    page = soup_of(client.get(f"/projets/{consent.project.slug}/partenaires/"))
    heading = page.find("h2", string="Propositions closes")
    assert heading is not None
    rows = {
        row.th.get_text(strip=True): [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in heading.find_next("table").tbody.find_all("tr")
    }
    assert rows[consent.invitee.name][0] == "invitée par le projet"
    assert rows[consent.invitee.name][2] == "déclinée"
    assert rows["Régie de quartier des Coteaux"][2] == "expirée"
    assert "Retirer l'invitation" not in page.get_text(" ")
