"""The action contract: an action a person asks for checks that person's right itself (whoever calls it —
a view, the admin, a script), its ``do_*`` half writes; fields are copied by one helper that says whether
anything changed; and, read from the source of every action module, no public action writes itself."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
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


# --- the contract, read from the source of every action module ---------------------------------------------

ACTION_PACKAGES = ("ecosystem/actions", "spaces/actions")
# Calls that write rows, open a transaction or schedule/send side effects.
WRITE_METHODS = {
    "save",
    "delete",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
WRITE_METHODS |= {"update", "atomic", "on_commit", "publish"}
WRITE_FUNCTIONS = {"model_update", "notify", "record_activity", "atomic"}
# Writers with no acting person whose right could be checked: they trust their caller by nature.
TRUSTED_WRITERS = {
    "ecosystem/actions/accounts.py": {"ensure_account"},  # commands and loaders create accounts
    "ecosystem/actions/activity.py": {"record_activity"},  # called by other actions' do_* halves
    "ecosystem/actions/audit.py": {"record"},  # idem
    "ecosystem/actions/digests.py": {"send_digest"},  # the scheduler, for each person due
    "ecosystem/actions/fields.py": {"model_update"},  # the do_* halves' field copier
    "ecosystem/actions/indexing.py": {"reindex_on_commit"},  # search side effects of do_* halves
    "ecosystem/actions/meetings.py": {"release_meetings"},  # events' do_cancel_registration, under its lock
    "ecosystem/actions/notification_emails.py": {"send_due_emails"},  # the scheduler
    "ecosystem/actions/notifications.py": {"notify"},  # ``user`` is the person told, not one acting
    "ecosystem/actions/territories.py": {"load_region"},  # reference data from the committed files
    "spaces/actions/hosting.py": {"project_room"},  # the room a project's people already may read
    "spaces/actions/direct_replies.py": {"notify_direct_participants"},  # idem, for direct rooms
    "spaces/actions/mentions.py": {"notify_mentions"},  # called by the message actions once checked
    # Their check runs inside the transaction that writes, under the room's lock, so a right lost meanwhile
    # counts; the writes themselves are the do_* halves'. (post_message checks, then calls its do_* half.)
    "spaces/actions/messages.py": {"edit_message", "delete_message"},
    "spaces/actions/presence.py": {"refresh"},  # a connection already let in
}
# Modules not yet held to the contract (none left).
NOT_YET: set[str] = set()


def _direct_writes(function) -> list[str]:
    found = [ast.unparse(d) for d in function.decorator_list if "atomic" in ast.unparse(d)]
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Attribute) and node.func.attr in WRITE_METHODS | WRITE_FUNCTIONS:
            found.append(ast.unparse(node.func))
        elif isinstance(node.func, ast.Name) and node.func.id in WRITE_FUNCTIONS:
            found.append(node.func.id)
    return found


def _called_names(function) -> set[str]:
    return {n.func.id for n in ast.walk(function) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def public_writers(source: str) -> dict[str, list[str]]:
    """``{name: writes}`` of the module's public functions that are not ``do_*`` and write, themselves or
    through a private helper of the module (``_save_slot``)."""
    tree = ast.parse(source)
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    private = {name: f for name, f in functions.items() if name.startswith("_")}
    writing = {name for name, f in private.items() if _direct_writes(f)}
    grown = True
    while grown:  # a helper that calls a writing helper writes too
        more = {name for name, f in private.items() if _called_names(f) & writing} - writing
        writing |= more
        grown = bool(more)
    found = {}
    for name, function in functions.items():
        if name.startswith(("_", "do_")):
            continue
        writes = _direct_writes(function) + sorted(_called_names(function) & writing)
        if writes:
            found[name] = writes
    return found


def action_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    paths = [p for package in ACTION_PACKAGES for p in sorted((root / package).glob("*.py"))]
    return [p.relative_to(root) for p in paths if p.name != "__init__.py"]


def test_every_action_module_leaves_its_writes_to_do_halves_or_named_trusted_writers():
    offending = {}
    for path in action_modules():
        if path.as_posix() in NOT_YET:
            continue
        source = (Path(settings.BASE_DIR) / path).read_text(encoding="utf-8")
        writers = set(public_writers(source)) - TRUSTED_WRITERS.get(path.as_posix(), set())
        if writers:
            offending[path.as_posix()] = sorted(writers)
    assert offending == {}, "public functions that write: split them into a checking action and a do_* half"


def test_the_source_check_catches_an_action_that_writes_without_a_do_half():
    unsplit = """
@transaction.atomic
def archive(user, room):
    if not access.can_manage_room(user, room):
        raise PermissionDenied
    _mark(room)

def _mark(room):
    Room.objects.filter(pk=room.pk).update(is_archived=True)
"""
    split = """
def archive(user, room):
    if not access.can_manage_room(user, room):
        raise PermissionDenied
    return do_archive(room)

@transaction.atomic
def do_archive(room):
    Room.objects.filter(pk=room.pk).update(is_archived=True)
"""
    assert set(public_writers(unsplit)) == {"archive"}
    assert public_writers(split) == {}


def test_the_lists_of_exceptions_name_modules_and_functions_that_exist():
    modules = {path.as_posix() for path in action_modules()}
    assert NOT_YET | set(TRUSTED_WRITERS) <= modules
    for module, names in TRUSTED_WRITERS.items():
        source = (Path(settings.BASE_DIR) / module).read_text(encoding="utf-8")
        assert names <= set(public_writers(source)), module
