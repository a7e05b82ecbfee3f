"""Permission matrix of the project pages: every view × every kind of person × draft and published.

Editing pages answer 404 (never 403) to people who may not edit, so nobody learns that a draft exists;
anonymous visitors are sent to log in before any lookup. POSTs from the wrong people change nothing.
"""

import pytest

from ecosystem.models import PartnerInvitation, Partnership, PartnerSlot, Project, Support
from tests.support.casts import Cast

pytestmark = pytest.mark.django_db

ROLES = Cast.ROLES
EDITORS = {"lead_member", "lead_admin", "staff"}
PROJECT_PEOPLE = EDITORS | {"partner_member"}
STATES = ("draft", "published")


@pytest.fixture(params=STATES)
def world(request, cast, project):
    """The project in the requested state, with a slot and a support to act on."""
    if request.param == "published":
        project.status = Project.Status.PUBLISHED
        project.save()
    slot = PartnerSlot.objects.create(project=project, title="Un labo", kinds=["research"])
    support = Support.objects.create(project=project, support_actor=cast.incubator, phase="emergence")
    return {
        "state": request.param,
        "project": project,
        "slot": slot,
        "support": support,
        "partnership": project.partnerships.get(),
    }


def editor_get_urls(w):
    s, slot, partnership = w["project"].slug, w["slot"].pk, w["partnership"].pk
    return [
        f"/projets/{s}/modifier/",
        f"/projets/{s}/partenaires/",
        f"/projets/{s}/partenaires/{partnership}/modifier/",
        f"/projets/{s}/places/",
        f"/projets/{s}/places/nouvelle/",
        f"/projets/{s}/places/{slot}/modifier/",
        f"/projets/{s}/accompagnements/",
    ]


def editor_posts(w, cast):
    """Every writing POST, with data that would change something if it were accepted."""
    s, slot, partnership, support = w["project"].slug, w["slot"].pk, w["partnership"].pk, w["support"].pk
    return [
        (
            f"/projets/{s}/modifier/",
            {
                "title": "Piraté",
                "summary": "Résumé modifié.",
                "need": "Besoin modifié.",
                "beneficiaries": "Bénéficiaires modifiés.",
                "innovation_type": "process",
                "phase": "evaluation",
                "action_type": "swarming",
                "economic_model_stage": "stabilised",
                "jobs_created": "9",
                "beneficiaries_reached": "9",
            },
        ),
        (f"/projets/{s}/{'depublier' if w['state'] == 'published' else 'publier'}/", {}),
        (
            f"/projets/{s}/partenaires/",
            {"actor": "Université Voisine", "message": "Bonjour", "nature": "x", "role": "y"},
        ),
        (
            f"/projets/{s}/partenaires/{partnership}/modifier/",
            {"nature": "autre nature", "role": "y", "status": "active"},
        ),
        (f"/projets/{s}/partenaires/{partnership}/depart/", {}),
        (f"/projets/{s}/places/nouvelle/", {"title": "Intrus", "scope": "region"}),
        (f"/projets/{s}/places/{slot}/modifier/", {"title": "Modifié", "scope": "anywhere"}),
        (f"/projets/{s}/places/{slot}/fermer/", {}),
        (f"/projets/{s}/accompagnements/", {"support_actor": "Incubateur Social", "phase": "evaluation"}),
        (f"/projets/{s}/accompagnements/{support}/retirer/", {}),
    ]


def snapshot(project):
    return (
        list(Project.objects.filter(pk=project.pk).values()),
        list(Partnership.objects.filter(project=project).values()),
        list(PartnerSlot.objects.filter(project=project).values()),
        list(Support.objects.filter(project=project).values()),
        list(PartnerInvitation.objects.filter(project=project).values()),
    )


def login_as(client, cast, role):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("role", ROLES)
def test_project_page(client, cast, world, role):
    login_as(client, cast, role)
    response = client.get(f"/projets/{world['project'].slug}/")
    visible = world["state"] == "published" or role in PROJECT_PEOPLE
    assert response.status_code == (200 if visible else 404)
    if visible:
        manage = f'href="/projets/{world["project"].slug}/modifier/"'
        assert (manage in response.content.decode()) == (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_creation_page(client, cast, role):
    login_as(client, cast, role)
    response = client.get("/projets/nouveau/")
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/")
        return
    assert response.status_code == 200
    has_form = 'name="lead_actor"' in response.content.decode()
    # Only people belonging to a structure can pick a lead; staff here belong to none.
    assert has_form == (role in {"lead_member", "lead_admin", "partner_member"})


@pytest.mark.parametrize("role", ROLES)
def test_editing_pages(client, cast, world, role):
    login_as(client, cast, role)
    for url in editor_get_urls(world):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith("/comptes/login/"), url
        else:
            assert response.status_code == (200 if role in EDITORS else 404), (url, role)


@pytest.mark.parametrize("role", ["anonymous", "outsider", "partner_member"])
def test_writes_from_the_wrong_people_change_nothing(client, cast, world, role):
    login_as(client, cast, role)
    before = snapshot(world["project"])
    for url, data in editor_posts(world, cast):
        response = client.post(url, data)
        assert response.status_code == (302 if role == "anonymous" else 404), (url, role)
    assert snapshot(world["project"]) == before


@pytest.mark.parametrize("role", sorted(EDITORS))
def test_each_write_works_for_editors(client, cast, world, role):
    """The same requests do change the project for editors: the refusal above is not an accident."""
    login_as(client, cast, role)
    for url, data in editor_posts(world, cast):
        before = snapshot(world["project"])
        response = client.post(url, data)
        assert response.status_code == 302, (url, role, response.content[:2000])
        assert snapshot(world["project"]) != before, url


@pytest.mark.parametrize("role", ["outsider", "partner_member"])
def test_objects_of_another_project_are_not_reachable_through_mine(client, cast, world, role):
    """A slot, partnership or support id is only valid under its own project's slug."""
    from tests.factories import ActorFactory, ProjectFactory

    mine = ActorFactory(name="Ma Structure", admins=[cast.user(role)])
    my_project = ProjectFactory(lead_actor=mine, title="Mon projet")
    client.force_login(cast.user(role))
    before = snapshot(world["project"])
    object_ids = {str(world[name].pk) for name in ("slot", "support", "partnership")}
    object_posts = [
        (url, data) for url, data in editor_posts(world, cast) if set(url.split("/")) & object_ids
    ]
    assert len(object_posts) == 5
    for url, data in object_posts:
        hijacked = url.replace(f"/projets/{world['project'].slug}/", f"/projets/{my_project.slug}/")
        assert client.post(hijacked, data).status_code == 404, hijacked
    assert snapshot(world["project"]) == before
