"""Following a structure, a project, a theme or a territory (private: only the person reads their follows).

A person may follow what they may see (``ecosystem.access``); anything else is answered as if it did not
exist (``PermissionDenied``, which views turn into 404). Following twice, or unfollowing what one does not
follow, changes nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from ecosystem import access
from ecosystem.models import Actor, Follow, Project, Territory, Theme

_FIELD = {Actor: "actor", Project: "project", Theme: "theme", Territory: "territory"}


def _field(target) -> str:
    try:
        return _FIELD[type(target)]
    except KeyError:
        raise ValueError(f"{type(target).__name__} cannot be followed") from None


def may_follow(user, target) -> bool:
    if access.is_anonymous(user):
        return False
    if isinstance(target, Actor):
        return access.can_view_actor(user, target)
    if isinstance(target, Project):
        return access.can_view_project(user, target)
    return True  # themes and territories are public reference data


def is_following(user, target) -> bool:
    if access.is_anonymous(user):
        return False
    return Follow.objects.filter(user=user, **{_field(target): target}).exists()


def follow(user, target) -> Follow:
    if not may_follow(user, target):
        raise PermissionDenied
    return do_follow(user, target)


def do_follow(user, target) -> Follow:
    lookup = {"user": user, _field(target): target}
    try:
        with transaction.atomic():
            return Follow.objects.get_or_create(**lookup)[0]
    except IntegrityError:  # the same person following twice at once: one row wins
        return Follow.objects.get(**lookup)


def unfollow(user, target) -> int:
    """Stop following ``target``; allowed even if it became invisible meanwhile (it is one's own row)."""
    if access.is_anonymous(user):
        raise PermissionDenied
    return do_unfollow(user, target)


@transaction.atomic
def do_unfollow(user, target) -> int:
    return Follow.objects.filter(user=user, **{_field(target): target}).delete()[0]
