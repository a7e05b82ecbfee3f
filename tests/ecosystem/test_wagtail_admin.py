"""The ecosystem in the Wagtail admin: staff list, search and filter actors and projects, moderate them, and
edit the reference data (themes, markers); people without admin access get nothing."""

import pytest

from ecosystem.actions.evaluation import record_assessment
from ecosystem.models import Marker, Project, Theme
from tests.factories import ActorFactory, ProjectFactory, UserFactory
from tests.support.evaluation import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(email="admin@essaim.example", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def directory(lead_actor, published_project):
    """Three actors of different kinds and visibility, and a project led by each of two of them."""
    circular = Theme.objects.get(slug="economie-circulaire")  # seeded from the call
    lead_actor.themes.add(circular)
    lab = ActorFactory(
        name="Laboratoire Territoires", slug="labo", kind="research", siren="130026123", is_public=False
    )
    ActorFactory(name="Coopérative Terre", slug="coop", kind="cooperative", open_to_partnerships=False)
    lab_project = ProjectFactory(
        lead_actor=lab,
        title="Projet recherche-action",
        slug="recherche-action",
        status=Project.Status.DRAFT,
        phase="experimentation",
    )
    Project.objects.filter(pk=lab_project.pk).update(
        title="Recherche-action mobilités", action_type="swarming"
    )
    return {"theme": circular, "lab": lab}


def listed(response, *names):
    html = response.content.decode()
    return {name: name in html for name in names}


NAMES = ("Atelier du Vélo Solidaire", "Laboratoire Territoires", "Coopérative Terre")


def test_the_ecosystem_menu_groups_the_viewsets(admin_client):
    html = admin_client.get("/admin/").content.decode()
    for url in (
        "/admin/actors/",
        "/admin/projects/",
        "/admin/themes/",
        "/admin/resources/",
        "/admin/markers/",
        "/admin/territories/",
    ):
        assert url in html, url


def test_superuser_lists_searches_and_filters_actors(admin_client, directory):
    assert listed(admin_client.get("/admin/actors/"), *NAMES) == dict.fromkeys(NAMES, True)
    assert listed(admin_client.get("/admin/actors/", {"q": "labora"}), *NAMES) == {
        NAMES[0]: False,
        NAMES[1]: True,
        NAMES[2]: False,
    }
    assert listed(admin_client.get("/admin/actors/", {"q": "130026123"}), *NAMES)[NAMES[1]]
    assert listed(admin_client.get("/admin/actors/", {"kind": "cooperative"}), *NAMES) == {
        NAMES[0]: False,
        NAMES[1]: False,
        NAMES[2]: True,
    }
    assert listed(admin_client.get("/admin/actors/", {"is_public": "false"}), *NAMES) == {
        NAMES[0]: False,
        NAMES[1]: True,
        NAMES[2]: False,
    }
    assert listed(admin_client.get("/admin/actors/", {"open_to_partnerships": "false"}), *NAMES) == {
        NAMES[0]: False,
        NAMES[1]: False,
        NAMES[2]: True,
    }
    by_theme = admin_client.get("/admin/actors/", {"themes": directory["theme"].pk})
    assert listed(by_theme, *NAMES) == {NAMES[0]: True, NAMES[1]: False, NAMES[2]: False}


def test_superuser_lists_searches_and_filters_projects(admin_client, directory):
    titles = ("Projet velo-publie", "Recherche-action mobilités")
    assert listed(admin_client.get("/admin/projects/"), *titles) == dict.fromkeys(titles, True)
    assert listed(admin_client.get("/admin/projects/", {"q": "mobilités"}), *titles) == {
        titles[0]: False,
        titles[1]: True,
    }
    assert listed(admin_client.get("/admin/projects/", {"status": "draft"}), *titles) == {
        titles[0]: False,
        titles[1]: True,
    }
    assert listed(admin_client.get("/admin/projects/", {"action_type": "research"}), *titles) == {
        titles[0]: True,
        titles[1]: False,
    }
    assert listed(admin_client.get("/admin/projects/", {"phase": "emergence"}), *titles) == {
        titles[0]: False,
        titles[1]: False,
    }


def test_actor_and_project_edits_are_limited_to_moderation_fields(admin_client, directory, published_project):
    lab = directory["lab"]
    response = admin_client.post(
        f"/admin/actors/edit/{lab.pk}/", {"is_public": "on", "name": "Renommé par l'admin"}
    )
    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.is_public
    assert lab.name == "Laboratoire Territoires"  # not an admin field: ignored

    response = admin_client.post(
        f"/admin/projects/edit/{published_project.pk}/", {"status": "draft", "title": "Autre"}
    )
    assert response.status_code == 302
    published_project.refresh_from_db()
    assert published_project.status == "draft"
    assert published_project.title == "Projet velo-publie"

    assert admin_client.get("/admin/actors/new/").status_code in {302, 403}
    assert admin_client.post(f"/admin/projects/delete/{published_project.pk}/").status_code in {302, 403}
    assert Project.objects.filter(pk=published_project.pk).exists()


def test_superuser_edits_a_theme_and_a_marker(admin_client):
    theme = Theme.objects.order_by("order").first()
    response = admin_client.post(
        f"/admin/themes/edit/{theme.pk}/",
        {"name_fr": "Économie circulaire et sobriété", "slug": theme.slug, "description_fr": "", "order": 3},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.order) == ("Économie circulaire et sobriété", 3)

    marker = Marker.objects.get(code="gouvernance")  # seeded in the "process" dimension
    response = admin_client.post(
        f"/admin/markers/edit/{marker.pk}/",
        {
            "name_fr": marker.name,
            "code": marker.code,
            "dimension": "result",
            "description_fr": marker.description,
            "order": 40,
        },  # "is_active" unchecked: the marker is retired
    )
    assert response.status_code == 302
    marker.refresh_from_db()
    assert (marker.dimension, marker.order, marker.is_active) == ("result", 40, False)
    listing = admin_client.get("/admin/markers/", {"is_active": "false"}).content.decode()
    assert marker.name in listing


@pytest.mark.parametrize(
    "url", ["/admin/actors/", "/admin/projects/", "/admin/themes/", "/admin/markers/", "/admin/resources/"]
)
def test_people_without_admin_access_get_nothing(client, member, url):
    client.force_login(member)
    response = client.get(url)
    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert "/login/?next=" in response["Location"]  # sent to log in with an admin account


def test_a_non_staff_post_changes_nothing(client, member):
    theme = Theme.objects.first()
    client.force_login(member)
    client.post(f"/admin/themes/edit/{theme.pk}/", {"name_fr": "Piraté", "slug": theme.slug, "order": 0})
    theme.refresh_from_db()
    assert theme.name != "Piraté"


def test_the_markers_grid_edits_every_marker_at_once(admin_client):
    assert "/admin/markers/grid/" in admin_client.get("/admin/markers/").content.decode()
    markers = list(Marker.objects.order_by("pk"))
    page = admin_client.get("/admin/markers/grid/")
    assert page.status_code == 200
    data = {"form-TOTAL_FORMS": len(markers), "form-INITIAL_FORMS": len(markers)}
    for index, marker in enumerate(markers):
        data.update(
            {
                f"form-{index}-id": marker.pk,
                f"form-{index}-name_fr": marker.name_fr,
                f"form-{index}-dimension": marker.dimension,
                f"form-{index}-order": 100 - index,
            }
        )
        if index:  # the first marker is retired: its "in use" box is left unchecked
            data[f"form-{index}-is_active"] = "on"
    data["form-1-name_fr"] = "Gouvernance partagée"
    response = admin_client.post("/admin/markers/grid/", data)
    assert response.status_code == 302
    saved = list(Marker.objects.order_by("pk").values_list("name", "order", "is_active"))
    assert saved[0] == (markers[0].name, 100, False)
    assert saved[1] == ("Gouvernance partagée", 99, True)
    assert all(active for _, _, active in saved[1:])

    data["form-2-dimension"] = "nonsense"
    response = admin_client.post("/admin/markers/grid/", data)
    assert response.status_code == 200
    assert Marker.objects.get(pk=markers[2].pk).dimension == markers[2].dimension


def test_the_markers_grid_is_for_admins_only(client, member):
    client.force_login(member)
    before = list(Marker.objects.values_list("name", "is_active"))
    response = client.post("/admin/markers/grid/", {"form-TOTAL_FORMS": 0, "form-INITIAL_FORMS": 0})
    assert response.status_code in {302, 403}
    assert list(Marker.objects.values_list("name", "is_active")) == before


def test_publishing_from_the_admin_goes_through_the_publication_rules(admin_client, draft_project):
    Project.objects.filter(pk=draft_project.pk).update(need="")  # publication needs the need answered
    response = admin_client.post(f"/admin/projects/edit/{draft_project.pk}/", {"status": "published"})
    assert response.status_code == 200
    assert (
        str(Project._meta.get_field("need").verbose_name) in response.content.decode()
    )  # says what is missing
    draft_project.refresh_from_db()
    assert draft_project.status == "draft"


def test_a_scored_marker_cannot_be_deleted_only_retired(admin_client, member, draft_project):
    active = list(Marker.objects.filter(is_active=True))
    record_assessment(member, draft_project, DAY, "emergence", "", {m.pk: (2, "") for m in active})
    marker = active[0]
    response = admin_client.post(f"/admin/markers/delete/{marker.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/markers/edit/{marker.pk}/"
    assert Marker.objects.filter(pk=marker.pk).exists()

    unused = Marker.objects.create(code="doublon", name="Doublon", dimension="result")
    admin_client.post(f"/admin/markers/delete/{unused.pk}/")
    assert not Marker.objects.filter(pk=unused.pk).exists()
