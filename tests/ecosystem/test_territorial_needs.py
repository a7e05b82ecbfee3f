"""Territorial needs: who posts them, the public list and page, suggested mature projects with reasons, and
the suggested projects' leads told."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied

from ecosystem.actions import needs as actions
from ecosystem.models import ActorKind, Notification, Project, TerritorialNeed, Theme
from ecosystem.needs import suggest_projects
from tests.factories import ActorFactory, ProjectFactory, UserFactory
from tests.support.swarming import make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    admin, member = UserFactory(email="elu@ville.example"), UserFactory(email="agent@ville.example")
    actor = ActorFactory(
        name="Ville d'Abbeville", kind=ActorKind.LOCAL_AUTHORITY, admins=[admin], members=[member]
    )
    return actor, admin, member


@pytest.fixture
def ready(territories):
    theme = Theme.objects.order_by("order").first()
    admin = UserFactory(email="porteur@cafe.example")
    project = ProjectFactory(
        title="Café des aidants", published=True, themes=[theme], lead_actor=ActorFactory(admins=[admin])
    )
    make_ready(project, territories["60"])
    ProjectFactory(title="Pas prêt", published=True, themes=[theme])
    return project, theme, admin


def data(territories, theme, **overrides):
    return {
        "title": "Répit pour les aidants",
        "description": "Les aidants du territoire s'épuisent.",
        "territory": territories["80001"],
        "themes": [theme],
        "answer_kind": TerritorialNeed.AnswerKind.PLACE,
    } | overrides


def test_an_admin_of_a_local_authority_posts_and_suggested_leads_are_told(town, ready, territories):
    actor, admin, _member = town
    project, theme, lead_admin = ready
    need = actions.post_need(admin, actor, data(territories, theme))
    assert list(need.themes.all()) == [theme]
    suggestions = suggest_projects(need)
    assert [s.project for s in suggestions] == [project]
    assert any(theme.name in reason for reason in suggestions[0].reasons)
    notification = Notification.objects.get(user=lead_admin, kind="territorial_need")
    assert notification.url == f"/besoins/{need.pk}/"


@pytest.mark.parametrize("who", ["member", "outsider", "association_admin"])
def test_others_may_not_post(town, ready, territories, who):
    actor, _admin, member = town
    user = {"member": member, "outsider": UserFactory()}.get(who)
    if who == "association_admin":
        user = UserFactory()
        actor = ActorFactory(kind=ActorKind.ASSOCIATION, admins=[user])
    with pytest.raises(PermissionDenied):
        actions.post_need(user, actor, data(territories, ready[1]))
    assert not TerritorialNeed.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("member", 404), ("admin", 200)])
def test_the_form_is_for_admins_of_authorities_and_users_groups(client, town, role, status):
    _actor, admin, member = town
    if role != "anonymous":
        client.force_login({"member": member, "admin": admin}[role])
    assert client.get("/besoins/nouveau/").status_code == status


def test_posting_through_the_form_and_bad_input(client, town, ready, territories):
    actor, admin, _member = town
    client.force_login(admin)
    form = {
        "actor": actor.pk,
        "title": "",
        "description": "x",
        "territory": "Abbeville",
        "answer_kind": "place",
    }
    assert client.post("/besoins/nouveau/", form).status_code == 200
    assert not TerritorialNeed.objects.exists()
    form |= {"title": "Répit pour les aidants", "themes": [ready[1].pk]}
    response = client.post("/besoins/nouveau/", form)
    need = TerritorialNeed.objects.get()
    assert response["Location"] == f"/besoins/{need.pk}/"


def test_the_list_and_the_page_are_public_with_suggestions(client, town, ready, territories):
    actor, admin, _member = town
    need = actions.post_need(admin, actor, data(territories, ready[1]))
    listing = BeautifulSoup(client.get("/besoins/").content, "html.parser")
    assert listing.find("a", string="Répit pour les aidants")["href"] == f"/besoins/{need.pk}/"
    page = BeautifulSoup(client.get(f"/besoins/{need.pk}/").content, "html.parser")
    section = page.find("section", attrs={"aria-labelledby": "suggestions"})
    assert [h3.get_text(strip=True) for h3 in section.find_all("h3")] == ["Café des aidants"]
    assert "Remplit tous les critères pour essaimer." in section.get_text()
    assert client.get("/besoins/999/").status_code == 404


def test_no_shared_theme_no_suggestion(town, ready, territories):
    actor, admin, _member = town
    other = Theme.objects.exclude(pk=ready[1].pk).first()
    need = actions.post_need(admin, actor, data(territories, other))
    assert suggest_projects(need) == []
    assert Project.objects.count() == 2


def test_the_needs_a_person_posted_are_in_their_personal_data(town, ready, territories):
    from ecosystem.actions.personal_data import export_personal_data

    actor, admin, _member = town
    actions.post_need(admin, actor, data(territories, ready[1]))
    exported = export_personal_data(admin)["territorial_needs_posted"]
    assert [(n["title"], n["actor"], n["territory"], n["answer_kind"]) for n in exported] == [
        ("Répit pour les aidants", "Ville d'Abbeville", "Abbeville", "place")
    ]
    assert export_personal_data(ready[2])["territorial_needs_posted"] == []


def test_staff_read_and_remove_needs_and_read_replications_in_the_admin(client, town, ready, territories):
    from ecosystem.actions.swarming import do_request_replication

    actor, admin, _member = town
    need = actions.post_need(admin, actor, data(territories, ready[1]))
    do_request_replication(ready[0], actor, territories["80001"], "Le répit manque ici.")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/needs/")
    assert listing.status_code == 200
    assert "Répit pour les aidants" in listing.content.decode()
    assert client.get(f"/admin/needs/inspect/{need.pk}/").status_code == 200
    # Posted and edited from the front office only; staff may remove one (through the action).
    assert client.get("/admin/needs/new/").status_code in {302, 403}
    assert client.get(f"/admin/needs/edit/{need.pk}/").status_code in {302, 403}
    replications = client.get("/admin/replications/", {"status": "pending"})
    assert "Café des aidants" in replications.content.decode()
    assert client.get("/admin/replications/new/").status_code in {302, 403}
    assert client.post(f"/admin/needs/delete/{need.pk}/").status_code == 302
    assert not TerritorialNeed.objects.exists()
    client.force_login(admin)  # not staff
    assert client.get("/admin/needs/").status_code == 302
