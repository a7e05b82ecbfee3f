"""The consortium: adding partners by name, their nature and role, statuses, departures kept as history."""

import pytest
from asgiref.sync import async_to_sync
from bs4 import BeautifulSoup
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError

from ecosystem import realtime
from ecosystem.actions import partnerships as actions
from ecosystem.models import Partnership
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def errors_of(response) -> str:
    summary = BeautifulSoup(response.content, "html.parser").find(class_="error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def add(client, project, actor, nature="recherche", role="Évalue l'impact.", status="active"):
    return client.post(
        f"/projets/{project.slug}/partenaires/",
        {"actor": actor, "nature": nature, "role": role, "status": status},
    )


def test_an_editor_adds_a_partner_by_name_with_its_nature_and_role(client, cast, project):
    client.force_login(cast.lead_admin)
    response = add(client, project, "université voisine", nature="partenaire de recherche")
    assert response.status_code == 302
    partnership = Partnership.objects.get(project=project, actor=cast.other)
    assert (partnership.nature, partnership.role, partnership.status) == (
        "partenaire de recherche",
        "Évalue l'impact.",
        "active",
    )
    page = text_of(client.get(f"/projets/{project.slug}/"))
    assert "Université Voisine" in page
    assert "partenaire de recherche" in page
    assert "Évalue l'impact." in page


def test_nature_and_role_are_both_required(client, cast, project):
    client.force_login(cast.lead_admin)
    response = add(client, project, "Université Voisine", nature="", role="  ")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select("#id_nature[aria-invalid=true]")
    assert soup.select("#id_role[aria-invalid=true]")
    assert not Partnership.objects.filter(actor=cast.other).exists()
    with pytest.raises(ValidationError):
        actions.add_partner(cast.lead_admin, project, cast.other, nature="recherche", role=" ")


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
    assert not Partnership.objects.filter(actor=north).exists()
    chosen = next(value for label, value in offered.items() if label.startswith("Centre Social Nord"))
    client.post(
        f"/projets/{project.slug}/partenaires/",
        {
            "actor": "centre social",
            "actor-choice": chosen,
            "nature": "recherche",
            "role": "Évalue.",
            "status": "active",
        },
    )
    assert Partnership.objects.filter(project=project, actor=north).exists()


def test_a_hidden_structure_cannot_be_found_by_people_who_cannot_see_it(client, cast, project):
    client.force_login(cast.lead_admin)
    errors = errors_of(add(client, project, "Structure Cachée"))
    assert "Structure Cachée" in errors  # quoted back as not found
    assert not Partnership.objects.filter(actor__name="Structure Cachée").exists()
    client.force_login(cast.staff)
    add(client, project, "Structure Cachée")
    assert Partnership.objects.filter(actor__name="Structure Cachée").exists()


def test_the_lead_cannot_be_its_own_partner_and_partners_are_not_duplicated(client, cast, project):
    client.force_login(cast.lead_admin)
    errors = errors_of(add(client, project, "Association Porteuse"))
    assert "Association Porteuse" in errors
    errors = errors_of(add(client, project, "Coopérative Partenaire"))
    assert "Coopérative Partenaire" in errors
    assert Partnership.objects.filter(project=project).count() == 1
    assert not Partnership.objects.filter(project=project, actor=cast.lead).exists()


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


def test_an_invited_partner_does_not_see_the_draft_yet(client, cast, project):
    project.partnerships.update(status=Partnership.Status.INVITED)
    client.force_login(cast.partner_member)
    assert client.get(f"/projets/{project.slug}/").status_code == 404
    client.force_login(cast.lead_admin)
    partnership = project.partnerships.get()
    client.post(
        f"/projets/{project.slug}/partenaires/{partnership.pk}/modifier/",
        {"nature": partnership.nature, "role": partnership.role, "status": "active"},
    )
    client.force_login(cast.partner_member)
    assert client.get(f"/projets/{project.slug}/").status_code == 200


def test_partners_cannot_manage_the_consortium(cast, project):
    partnership = project.partnerships.get()
    with pytest.raises(PermissionDenied):
        actions.add_partner(cast.partner_member, project, cast.other, nature="x", role="y")
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
    assert event == {"type": "access.changed", "payload": {"project": project.pk}}
