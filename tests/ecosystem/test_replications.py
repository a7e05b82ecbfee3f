"""« Essaimer ce projet »: a structure from elsewhere asks, the lead is notified and a conversation opens, the
lead confirms, the replication and its impact show on both project pages."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError

from ecosystem.actions import swarming as actions
from ecosystem.models import Notification, Project, Replication
from spaces.models import Room
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def origin(cast, territories):
    project = cast.draft_project()
    project.status = Project.Status.PUBLISHED
    project.save()
    project.territories_served.add(territories["80021"])
    return project


def swarm_url(project):
    return f"/projets/{project.slug}/essaimer/"


def post_request(client, cast, origin, territories, **overrides):
    data = {"actor": cast.partner.pk, "territory": "Oise (60)", "reason": "Nos aidants en ont besoin."}
    data.update(overrides)
    return client.post(swarm_url(origin), data)


@pytest.mark.parametrize(
    ("role", "status"),
    [("outsider", 404), ("lead_member", 404), ("lead_admin", 404), ("partner_member", 200), ("staff", 404)],
)
def test_only_an_admin_of_another_structure_may_ask(client, cast, origin, role, status):
    client.force_login(cast.user(role))
    assert client.get(swarm_url(origin)).status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, origin):
    response = client.get(swarm_url(origin))
    assert response.status_code == 302
    assert "/connexion/" in response["Location"] or "login" in response["Location"]


def test_a_draft_cannot_be_swarmed(client, cast, origin):
    origin.status = Project.Status.DRAFT
    origin.save()
    client.force_login(cast.partner_member)
    assert client.get(swarm_url(origin)).status_code == 404


def test_asking_notifies_the_lead_and_opens_a_conversation(client, cast, origin, territories):
    client.force_login(cast.partner_member)
    response = post_request(client, cast, origin, territories)
    replication = Replication.objects.get()
    assert (replication.status, replication.territory, replication.actor) == (
        "pending",
        territories["60"],
        cast.partner,
    )
    room = Room.objects.get(kind=Room.Kind.DIRECT, contact_actor=cast.lead, started_by=cast.partner_member)
    assert response["Location"] == f"/salons/{room.pk}/"
    notification = Notification.objects.get(user=cast.lead_admin, kind="swarming_request")
    assert "Oise" in notification.title


def test_a_territory_where_the_project_already_lives_is_refused_and_nothing_saved(
    client, cast, origin, territories
):
    client.force_login(cast.partner_member)
    response = post_request(client, cast, origin, territories, territory="Abbeville")
    assert response.status_code == 200
    assert "déjà implanté dans ce département" in response.content.decode()
    assert not Replication.objects.exists()
    assert not Room.objects.filter(kind=Room.Kind.DIRECT).exists()


def test_a_blank_reason_or_another_structure_is_refused(client, cast, origin, territories):
    client.force_login(cast.partner_member)
    assert post_request(client, cast, origin, territories, reason="  ").status_code == 200
    assert post_request(client, cast, origin, territories, actor=cast.other.pk).status_code == 200
    assert not Replication.objects.exists()


def test_the_action_checks_access_itself(cast, origin, territories):
    with pytest.raises(PermissionDenied):
        actions.request_replication(cast.outsider, origin, cast.partner, territories["60"], "Pourquoi pas.")
    replication = actions.do_request_replication(origin, cast.partner, territories["60"], "Besoin local.")
    with pytest.raises(ValidationError):
        actions.do_request_replication(origin, cast.partner, territories["60"], "Encore.")
    with pytest.raises(PermissionDenied):
        actions.confirm_replication(cast.partner_member, replication)


@pytest.mark.parametrize(
    ("role", "status"), [("outsider", 404), ("partner_member", 404), ("lead_admin", 302)]
)
def test_only_the_lead_confirms(client, cast, origin, territories, role, status):
    replication = actions.do_request_replication(origin, cast.partner, territories["60"], "Besoin local.")
    client.force_login(cast.user(role))
    response = client.post(f"/projets/{origin.slug}/essaimages/{replication.pk}/confirmer/")
    assert response.status_code == status
    replication.refresh_from_db()
    assert replication.status == ("confirmed" if status == 302 else "pending")


def test_confirming_records_the_replication_and_shows_the_lineage_on_both_pages(
    client, cast, origin, territories
):
    existing = ProjectFactory(lead_actor=cast.partner, title="Café des aidants de l'Oise", published=True)
    existing.jobs_created, existing.beneficiaries_reached = 2, 40
    existing.save()
    replication = actions.do_request_replication(
        origin, cast.partner, territories["60"], "Besoin local.", project=existing
    )
    client.force_login(cast.lead_admin)
    page = BeautifulSoup(client.get(f"/projets/{origin.slug}/").content, "html.parser")
    lineage = page.find("section", attrs={"aria-labelledby": "lineage"})
    assert "Coopérative Partenaire" in lineage.get_text()
    assert lineage.find("form").find("button")
    client.post(f"/projets/{origin.slug}/essaimages/{replication.pk}/confirmer/")
    assert Notification.objects.filter(user=cast.partner_member, kind="swarming_confirmed").exists()

    text = (
        BeautifulSoup(client.get(f"/projets/{origin.slug}/").content, "html.parser")
        .find("section", attrs={"aria-labelledby": "lineage"})
        .get_text(" ", strip=True)
    )
    assert "Café des aidants de l'Oise" in text
    assert "2 emplois créés, 40 bénéficiaires touchés" in text
    client.logout()
    other = BeautifulSoup(client.get(f"/projets/{existing.slug}/").content, "html.parser")
    back = other.find("section", attrs={"aria-labelledby": "lineage"}).find("a")
    assert back["href"] == f"/projets/{origin.slug}/"


def test_confirming_without_a_project_creates_a_draft_for_the_replicator(cast, origin, territories):
    replication = actions.do_request_replication(origin, cast.partner, territories["60"], "Besoin local.")
    replication = actions.confirm_replication(cast.lead_admin, replication)
    created = replication.project
    assert created.lead_actor == cast.partner
    assert created.status == Project.Status.DRAFT
    assert created.action_type == Project.ActionType.SWARMING
    assert list(created.territories_served.all()) == [territories["60"]]
    with pytest.raises(ValidationError):
        actions.confirm_replication(cast.lead_admin, replication)


def test_the_swarm_button_shows_only_to_those_who_may_ask(client, cast, origin):
    def has_button():
        return swarm_url(origin) in client.get(f"/projets/{origin.slug}/").content.decode()

    assert not has_button()
    client.force_login(cast.partner_member)
    assert has_button()
    client.force_login(UserFactory())
    assert not has_button()
