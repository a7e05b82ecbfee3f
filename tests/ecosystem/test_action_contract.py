"""The action contract: an action a person asks for checks that person's right itself (whoever calls it —
a view, the admin, a script), its ``do_*`` half writes; fields are copied by one helper that says whether
anything changed."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from ecosystem.actions import members
from ecosystem.actions.actors import update_actor
from ecosystem.actions.fields import model_update
from ecosystem.actions.personal_data import PROFILE_FIELDS
from ecosystem.models import Actor, ActorKind, JoinRequest, Membership

pytestmark = pytest.mark.django_db

Role = Membership.Role


def person(email, **extra):
    return get_user_model().objects.create_user(email=email, password="une-phrase-de-passe-solide", **extra)


@pytest.fixture
def team():
    actor = Actor.objects.create(slug="atelier", name="Atelier", kind=ActorKind.ASSOCIATION, is_public=True)
    admin, member, outsider = person("admin@a.example"), person("membre@a.example"), person("autre@a.example")
    Membership.objects.create(user=admin, actor=actor, role=Role.ADMIN)
    plain = Membership.objects.create(user=member, actor=actor, role=Role.MEMBER)
    return {"actor": actor, "admin": admin, "member": member, "outsider": outsider, "plain": plain}


def test_only_the_actors_admins_and_staff_may_update_it(team):
    actor = team["actor"]
    for who in ("member", "outsider"):
        with pytest.raises(PermissionDenied):
            update_actor(team[who], actor, {"name": "Repris"})
    assert Actor.objects.get(pk=actor.pk).name == "Atelier"
    update_actor(team["admin"], actor, {"name": "Atelier partagé"})
    update_actor(person("region@essaim.example", is_staff=True), actor, {"is_public": False})
    actor.refresh_from_db()
    assert (actor.name, actor.is_public) == ("Atelier partagé", False)


def test_managing_members_is_refused_to_a_plain_member_whoever_calls(team):
    actor, member, plain = team["actor"], team["member"], team["plain"]
    request = JoinRequest.objects.create(actor=actor, user=team["outsider"], message="")
    refused = [
        lambda: members.change_role(member, plain, Role.ADMIN),
        lambda: members.remove_member(member, plain),
        lambda: members.invite_member(
            member, actor, "ami@a.example", Role.MEMBER, site_url="https://e.example"
        ),
        lambda: members.decide_join_request(member, request, approve=True),
    ]
    for action in refused:
        with pytest.raises(PermissionDenied):
            action()
    plain.refresh_from_db()
    request.refresh_from_db()
    assert plain.role == Role.MEMBER
    assert request.status == JoinRequest.Status.PENDING

    members.change_role(team["admin"], plain, Role.ADMIN)
    assert Membership.objects.get(pk=plain.pk).role == Role.ADMIN


def test_asking_to_join_a_hidden_actor_is_refused_like_an_unknown_one(team):
    hidden = Actor.objects.create(slug="cache", name="Caché", kind=ActorKind.ASSOCIATION, is_public=False)
    with pytest.raises(PermissionDenied):
        members.request_to_join(team["outsider"], hidden, "Bonjour")
    assert not JoinRequest.objects.filter(actor=hidden).exists()


def test_model_update_writes_only_what_changed(django_assert_num_queries):
    user = person("profil@a.example", display_name="Camille")
    with django_assert_num_queries(0):
        _, changed = model_update(user, PROFILE_FIELDS, {"display_name": "Camille", "bio": ""})
    assert changed is False
    with django_assert_num_queries(1):
        _, changed = model_update(user, PROFILE_FIELDS, {"display_name": "  Camille D. ", "skills": ""})
    assert changed is True
    user.refresh_from_db()
    assert user.display_name == "Camille D."
