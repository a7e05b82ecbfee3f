"""The consortium: inviting partners by name, their nature and role, statuses, departures kept as history."""

import pytest
from asgiref.sync import async_to_sync
from bs4 import BeautifulSoup
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError

from ecosystem import realtime
from ecosystem.actions import partnerships as actions
from ecosystem.actions.invitations import invite_partner
from ecosystem.models import PartnerInvitation, Partnership
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def errors_of(response) -> str:
    summary = BeautifulSoup(response.content, "html.parser").find(class_="error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def add(client, project, actor, nature="recherche", role="Évalue l'impact.", message="Bonjour"):
    """The partners page's form: since issue #12 it invites the structure (no partnership before consent)."""
    return client.post(
        f"/projets/{project.slug}/partenaires/",
        {"actor": actor, "nature": nature, "role": role, "message": message},
    )


def test_the_partners_form_invites_a_structure_which_is_not_a_partner_until_it_accepts(client, cast, project):
    client.force_login(cast.lead_admin)
    response = add(client, project, "université voisine", nature="partenaire de recherche")
    assert response.status_code == 302
    invitation = PartnerInvitation.objects.get(project=project, actor=cast.other)
    assert (invitation.status, invitation.nature, invitation.role, invitation.message) == (
        "pending",
        "partenaire de recherche",
        "Évalue l'impact.",
        "Bonjour",
    )
    assert not Partnership.objects.filter(project=project, actor=cast.other).exists()
    partners_page = BeautifulSoup(client.get(response.url).content, "html.parser")
    assert "Invitation envoyée à Université Voisine" in partners_page.get_text(" ")
    assert partners_page.find(
        "button", string=lambda t: t and "Retirer l'invitation à Université Voisine" in t
    )
    public = BeautifulSoup(client.get(f"/projets/{project.slug}/").content, "html.parser")
    assert "Université Voisine" not in public.find(id="collective").parent.get_text()


def test_the_proposing_editor_withdraws_from_the_partners_page(client, cast, project):
    client.force_login(cast.lead_admin)
    add(client, project, "Université Voisine")
    invitation = PartnerInvitation.objects.get(actor=cast.other)
    response = client.post(
        f"/invitations-partenaires/{invitation.pk}/retirer/",
        {"next": f"/projets/{project.slug}/partenaires/"},
    )
    assert response.status_code == 302
    assert response.url == f"/projets/{project.slug}/partenaires/"
    assert PartnerInvitation.objects.get(pk=invitation.pk).status == "withdrawn"


def test_an_ambiguous_name_offers_the_candidates_to_choose_from(client, cast, project):
    north = ActorFactory(name="Centre Social Nord")
    ActorFactory(name="Centre Social Sud")
    client.force_login(cast.lead_admin)
    response = add(client, project, "centre social")
    assert "centre social" in errors_of(response)
    soup = BeautifulSoup(response.content, "html.parser")
    offered = {soup.find("label", attrs={"for": radio["id"]}).get_text(" ", strip=True): radio["value"]
               for radio in soup.select("input[name=actor-choice]")}  # fmt: skip
    assert sorted(label.split(" — ")[0] for label in offered) == ["Centre Social Nord", "Centre Social Sud"]
    assert "[" not in " ".join(offered)  # people see names, kinds and communes, never slugs
    assert not PartnerInvitation.objects.filter(actor=north).exists()
    chosen = next(value for label, value in offered.items() if label.startswith("Centre Social Nord"))
    client.post(
        f"/projets/{project.slug}/partenaires/",
        {"actor": "centre social", "actor-choice": chosen, "nature": "recherche", "role": "Évalue."},
    )
    assert PartnerInvitation.objects.filter(project=project, actor=north, status="pending").exists()


def test_a_hidden_structure_can_neither_be_found_nor_invited(client, cast, project):
    client.force_login(cast.lead_admin)
    errors = errors_of(add(client, project, "Structure Cachée"))
    assert "Structure Cachée" in errors  # quoted back as not found
    client.force_login(cast.staff)  # staff find it, but a hidden structure is not open to partnerships
    assert "Structure Cachée" in errors_of(add(client, project, "Structure Cachée"))
    assert not PartnerInvitation.objects.filter(actor__name="Structure Cachée").exists()
    assert not Partnership.objects.filter(actor__name="Structure Cachée").exists()


def test_the_lead_cannot_be_its_own_partner_and_partners_are_not_invited_twice(client, cast, project):
    client.force_login(cast.lead_admin)
    errors = errors_of(add(client, project, "Association Porteuse"))
    assert "Association Porteuse" in errors
    errors = errors_of(add(client, project, "Coopérative Partenaire"))
    assert "Coopérative Partenaire" in errors
    add(client, project, "Université Voisine")
    assert "Université Voisine" in errors_of(add(client, project, "Université Voisine"))
    assert Partnership.objects.filter(project=project).count() == 1
    assert PartnerInvitation.objects.filter(project=project).count() == 1


def test_editing_a_partnership_and_marking_a_departure_keeps_the_history(client, cast, project):
    partnership = project.partnerships.get()
    client.force_login(cast.lead_member)
    client.post(
        f"/projets/{project.slug}/partenaires/{partnership.pk}/modifier/",
        {"nature": "co-porteur", "role": "Gère le lieu.", "status": "active"},
    )
    partnership.refresh_from_db()
    assert (partnership.nature, partnership.role) == ("co-porteur", "Gère le lieu.")

    client.force_login(cast.partner_member)
    assert client.get(f"/projets/{project.slug}/").status_code == 200  # active partner sees the draft

    client.force_login(cast.lead_member)
    client.post(f"/projets/{project.slug}/partenaires/{partnership.pk}/depart/")
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.LEFT
    page = BeautifulSoup(client.get(f"/projets/{project.slug}/").content, "html.parser")
    assert "Coopérative Partenaire" in page.find(id="collective").parent.get_text()

    client.force_login(cast.partner_member)
    assert client.get(f"/projets/{project.slug}/").status_code == 404  # left: the draft is no longer theirs


def test_a_partner_that_left_comes_back_only_with_its_consent(client, cast, project):
    partnership = project.partnerships.get()
    actions.mark_partner_left(cast.lead_admin, partnership)
    client.force_login(cast.lead_admin)
    form = BeautifulSoup(
        client.get(f"/projets/{project.slug}/partenaires/{partnership.pk}/modifier/").content, "html.parser"
    )
    assert form.select_one("#id_status").has_attr("disabled")
    client.post(
        f"/projets/{project.slug}/partenaires/{partnership.pk}/modifier/",
        {"nature": partnership.nature, "role": partnership.role, "status": "active"},
    )
    assert Partnership.objects.get(pk=partnership.pk).status == Partnership.Status.LEFT
    with pytest.raises(ValidationError):
        actions.update_partnership(
            cast.lead_admin, partnership, nature="x", role="y", status=Partnership.Status.ACTIVE
        )
    client.force_login(cast.partner_member)
    assert client.get(f"/projets/{project.slug}/").status_code == 404


def test_partners_cannot_manage_the_consortium(cast, project):
    partnership = project.partnerships.get()
    with pytest.raises(PermissionDenied):
        invite_partner(cast.partner_member, project, cast.other, nature="x", role="y")
    with pytest.raises(PermissionDenied):
        actions.mark_partner_left(cast.partner_member, partnership)
    partnership.refresh_from_db()
    assert partnership.status == Partnership.Status.ACTIVE


def test_a_consortium_change_tells_the_partners_members_to_recheck_access(
    cast, project, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(realtime.user_group(cast.partner_member.pk), channel)
    with django_capture_on_commit_callbacks(execute=True):
        actions.mark_partner_left(cast.lead_admin, project.partnerships.get())
    event = async_to_sync(layer.receive)(channel)
    group = realtime.user_group(cast.partner_member.pk)
    assert event == {"type": "access.changed", "payload": {"project": project.pk}, "group": group}
