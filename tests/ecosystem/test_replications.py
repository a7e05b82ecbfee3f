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


# --- Declining a request ------------------------------------------------------------------------------------


def decline_url(origin, replication):
    return f"/projets/{origin.slug}/essaimages/{replication.pk}/decliner/"


@pytest.mark.parametrize(
    ("role", "declined"), [("outsider", False), ("partner_member", False), ("lead_admin", True)]
)
def test_the_lead_declines_with_a_reason_and_the_requester_is_told(
    client, cast, origin, territories, role, declined
):
    replication = actions.request_replication(
        cast.partner_member, origin, cast.partner, territories["60"], "Besoin local."
    )
    client.force_login(cast.user(role))
    response = client.post(
        decline_url(origin, replication), {"reason": "Nous n'avons pas les moyens cette année."}
    )
    assert response.status_code == (302 if declined else 404)
    replication.refresh_from_db()
    assert replication.status == ("declined" if declined else "pending")
    told = Notification.objects.filter(user=cast.partner_member, kind="swarming_declined")
    assert told.count() == (1 if declined else 0)
    if declined:
        assert replication.decline_reason == "Nous n'avons pas les moyens cette année."
        assert "a décliné l'essaimage" in told.get().title
        assert "pas les moyens" in told.get().title
        # Nothing recorded as a replication: no project, nothing in the lineage, no request left to answer.
        assert replication.project is None
        assert Project.objects.count() == 1
        client.force_login(cast.lead_admin)
        page = BeautifulSoup(client.get(f"/projets/{origin.slug}/").content, "html.parser")
        lineage = page.find("section", attrs={"aria-labelledby": "lineage"}).get_text(" ", strip=True)
        assert "Pas encore essaimé" in lineage
        assert "Coopérative Partenaire" not in lineage


def test_a_decline_needs_a_reason_and_a_declined_request_cannot_be_confirmed(
    client, cast, origin, territories
):
    replication = actions.do_request_replication(origin, cast.partner, territories["60"], "Besoin local.")
    client.force_login(cast.lead_admin)
    client.post(decline_url(origin, replication), {"reason": "  "})
    replication.refresh_from_db()
    assert replication.status == "pending"
    page = BeautifulSoup(client.get(f"/projets/{origin.slug}/").content, "html.parser")
    box = page.find("textarea", attrs={"name": "reason"})
    assert (
        page.find("label", attrs={"for": box["id"]}).get_text(strip=True).startswith("Pourquoi vous déclinez")
    )
    actions.decline_replication(cast.lead_admin, replication, "Pas maintenant.")
    with pytest.raises(ValidationError):
        actions.confirm_replication(cast.lead_admin, replication)
    with pytest.raises(ValidationError):
        actions.decline_replication(cast.lead_admin, replication, "Encore non.")
    assert not Replication.objects.filter(status="confirmed").exists()


def test_a_request_and_its_answer_are_in_the_requester_s_personal_data(cast, origin, territories):
    from ecosystem.actions.personal_data import export_personal_data

    replication = actions.request_replication(
        cast.partner_member, origin, cast.partner, territories["60"], "Besoin local."
    )
    actions.decline_replication(cast.lead_admin, replication, "Pas maintenant.")
    [exported] = export_personal_data(cast.partner_member)["replication_requests"]
    assert (exported["project"], exported["territory"], exported["reason"]) == (
        origin.title,
        "Oise",
        "Besoin local.",
    )
    assert (exported["status"], exported["decline_reason"]) == ("declined", "Pas maintenant.")
    assert export_personal_data(cast.lead_admin)["replication_requests"] == []


def test_the_project_page_maps_its_lineage(client, cast, origin, territories):
    from ecosystem.models import Territory

    for code, point in {"80021": (49.894, 2.296), "60581": (49.507, 2.354)}.items():
        Territory.objects.filter(level="commune", code=code).update(latitude=point[0], longitude=point[1])
    Territory.objects.filter(level="departement", code="60").update(latitude=None, longitude=None)
    page = BeautifulSoup(client.get(f"/projets/{origin.slug}/").content, "html.parser")
    assert not page.select_one("#lineage-map")  # nothing swarmed yet: no map
    replication = actions.do_request_replication(origin, cast.partner, territories["60"], "Besoin local.")
    actions.do_confirm_replication(replication)
    page = BeautifulSoup(client.get(f"/projets/{origin.slug}/").content, "html.parser")
    assert page.select_one("#lineage-map[data-map]")
    url = page.select_one("#map-summary")["data-map-geojson"]
    assert url == f"/projets/{origin.slug}/essaimages.geojson"
    data = client.get(url).json()
    assert {
        (f["properties"]["kind"], f["properties"]["place"]): f["geometry"]["coordinates"]
        for f in data["features"]
    } == {
        ("project", "Amiens"): [2.296, 49.894],
        ("replication", "Oise"): [2.354, 49.507],  # the département, at its one placed commune
    }
    origin.status = Project.Status.DRAFT
    origin.save()
    assert client.get(url).status_code == 404  # the project's visibility applies to its map
