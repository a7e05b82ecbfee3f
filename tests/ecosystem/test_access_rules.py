"""Each permission rule is written once and every caller agrees with it: "a public project" (the directory
search, the JSON-LD, a visitor's page) and "the project's people" (drafts, « Mon espace », the project room)."""

import pytest
from django.contrib.auth import get_user_model

import search
from directory import jsonld
from ecosystem import access
from ecosystem.models import Actor, ActorKind, Membership, Partnership, Project
from search import Query
from spaces import access as spaces_access
from spaces.models import Room

pytestmark = pytest.mark.django_db

Status = Project.Status


def person(email):
    return get_user_model().objects.create_user(email=email, password="une-phrase-de-passe-solide")


def structure(slug, *, public=True, members=()):
    actor = Actor.objects.create(slug=slug, name=slug.title(), kind=ActorKind.ASSOCIATION, is_public=public)
    for user in members:
        Membership.objects.create(user=user, actor=actor, role=Membership.Role.MEMBER)
    return actor


def project(slug, lead, status):
    return Project.objects.create(
        slug=slug, title=f"Projet {slug}", summary="Réparer des vélos.", lead_actor=lead, status=status
    )


@pytest.fixture
def world():
    lead_member, partner_member, former_partner, outsider = (
        person(f"{who}@essaim.example") for who in ("lead", "partner", "former", "outsider")
    )
    public_lead = structure("atelier", members=[lead_member])
    hidden_lead = structure("collectif", public=False)
    partner = structure("labo", members=[partner_member])
    left = structure("ancien", members=[former_partner])
    projects = {
        "published": project("publie", public_lead, Status.PUBLISHED),
        "draft": project("brouillon", public_lead, Status.DRAFT),
        "hidden-lead": project("cache", hidden_lead, Status.PUBLISHED),
    }
    Partnership.objects.create(project=projects["draft"], actor=partner, nature="n", role="r")
    Partnership.objects.create(
        project=projects["draft"], actor=left, nature="n", role="r", status=Partnership.Status.LEFT
    )
    return {
        "projects": projects,
        "people": {
            "lead": lead_member,
            "partner": partner_member,
            "former": former_partner,
            "outsider": outsider,
        },
    }


def test_a_public_project_is_the_same_for_access_search_and_json_ld(world, rf):
    projects = world["projects"]
    search.rebuild()
    found = {p.slug for p in search.search(Project, Query()).objects}
    for name, item in projects.items():
        public = name == "published"
        assert access.is_public_project(item) is public, name
        assert Project.objects.filter(access.public_projects_q(), pk=item.pk).exists() is public, name
        assert access.can_view_project(None, item) is public, name
        assert (item.slug in found) is public, name
        assert (jsonld.project(rf.get("/"), item, [], []) is not None) is public, name


def test_the_projects_people_are_the_lead_and_active_partners_members_everywhere(world, client):
    draft = world["projects"]["draft"]
    room = Room.objects.create(kind=Room.Kind.PROJECT, project=draft, name=draft.title)
    expected = {"lead": True, "partner": True, "former": False, "outsider": False}
    assert set(access.project_people(draft)) == {world["people"]["lead"], world["people"]["partner"]}
    for who, is_person in expected.items():
        user = world["people"][who]
        assert access.is_project_person(user, draft) is is_person, who
        assert access.can_view_project(user, draft) is is_person, who
        assert access.visible_projects(user).filter(pk=draft.pk).exists() is is_person, who
        assert spaces_access.can_view_room(user, room) is is_person, who
        assert (user in spaces_access.room_people(room)) is is_person, who
        client.force_login(user)
        dashboard = client.get("/en/mon-espace/").content.decode()
        assert (draft.title in dashboard) is is_person, who
