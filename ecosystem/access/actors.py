"""Structures (actors): who sees them, who edits them and manages their members."""

from django.db.models import Q, QuerySet
from django.http import Http404

from ecosystem.access.people import is_anonymous, is_staff
from ecosystem.models import (
    Actor,
    Membership,
)

# --- actors ------------------------------------------------------------------------------------------------


def visible_actors(user) -> QuerySet[Actor]:
    if is_staff(user):
        return Actor.objects.all()
    if is_anonymous(user):
        return Actor.objects.filter(is_public=True)
    return Actor.objects.filter(Q(is_public=True) | Q(memberships__user=user)).distinct()


def membership_role(user, actor) -> str | None:
    if is_anonymous(user):
        return None
    return Membership.objects.filter(user=user, actor=actor).values_list("role", flat=True).first()


def can_view_actor(user, actor) -> bool:
    return actor.is_public or is_staff(user) or membership_role(user, actor) is not None


def can_edit_actor(user, actor) -> bool:
    return is_staff(user) or membership_role(user, actor) == Membership.Role.ADMIN


can_manage_members = can_edit_actor


def get_visible_actor_or_404(user, **lookup) -> Actor:
    actor = Actor.objects.filter(**lookup).first()
    if actor is None or not can_view_actor(user, actor):
        raise Http404
    return actor


def actors_user_may_lead_projects_for(user) -> QuerySet[Actor]:
    """The structures a person belongs to, whatever their role: a project is carried by a structure's team.

    Staff too must belong to a structure to start a project; they edit any project once it exists.
    """
    if is_anonymous(user):
        return Actor.objects.none()
    return Actor.objects.filter(pk__in=Membership.objects.filter(user=user).values("actor")).order_by("name")


def actors_user_administers(user) -> QuerySet[Actor]:
    if is_anonymous(user):
        return Actor.objects.none()
    return Actor.objects.filter(memberships__user=user, memberships__role=Membership.Role.ADMIN)


def get_editable_actor_or_404(user, **lookup) -> Actor:
    actor = get_visible_actor_or_404(user, **lookup)
    if not can_edit_actor(user, actor):
        raise Http404
    return actor
