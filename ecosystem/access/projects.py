"""Projects: who sees them (drafts: the project's people), who edits them, their slots' suggestions and
swarming requests."""

from django.db.models import Q, QuerySet
from django.http import Http404

from ecosystem.access.actors import actors_user_administers, membership_role
from ecosystem.access.people import is_anonymous, is_staff
from ecosystem.models import (
    NEED_AUTHOR_KINDS,
    Actor,
    Membership,
    Partnership,
    Project,
    User,
)

# --- projects ----------------------------------------------------------------------------------------------


def public_projects_q() -> Q:
    """Projects everyone sees: published, and led by a structure listed publicly."""
    return Q(status=Project.Status.PUBLISHED, lead_actor__is_public=True)


def is_public_project(project) -> bool:
    """:func:`public_projects_q` for one project already loaded (its ``lead_actor`` too)."""
    return project.is_published and project.lead_actor.is_public


def projects_of_actors_q(actors) -> Q:
    """Projects that ``actors`` (a queryset of actor ids, or ids) take part in: as lead, or as ACTIVE partner.

    A partnership that is planned or has ended does not count: the consortium is the lead and the active
    partners.
    """
    active = Partnership.objects.filter(status=Partnership.Status.ACTIVE, actor__in=actors)
    return Q(lead_actor__in=actors) | Q(pk__in=active.values("project"))


def project_people_q(user) -> Q:
    """Projects ``user`` works on: those whose lead actor, or an active partner, counts them as a member.

    "The project's people" see its drafts and its room; ``spaces.access`` reads the consortium through here.
    """
    if is_anonymous(user):
        return Q(pk__in=[])
    return projects_of_actors_q(Membership.objects.filter(user=user).values("actor"))


def project_people(project) -> QuerySet[User]:
    """The people of ``project``: the members (any role) of its lead actor and of its active partners."""
    actors = Partnership.objects.filter(project=project, status=Partnership.Status.ACTIVE).values("actor")
    members = Membership.objects.filter(Q(actor_id=project.lead_actor_id) | Q(actor__in=actors))
    return User.objects.filter(pk__in=members.values("user"))


def visible_projects(user) -> QuerySet[Project]:
    if is_staff(user):
        return Project.objects.all()
    if is_anonymous(user):
        return Project.objects.filter(public_projects_q())
    return Project.objects.filter(public_projects_q() | project_people_q(user))


def is_project_person(user, project) -> bool:
    if is_anonymous(user):
        return False
    return Project.objects.filter(project_people_q(user), pk=project.pk).exists()


def can_view_project(user, project) -> bool:
    if is_public_project(project):
        return True
    return is_staff(user) or is_project_person(user, project)


def project_editors(project) -> QuerySet[User]:
    """Those who edit ``project`` besides staff (:func:`can_edit_project`): the members of its lead actor."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(actor_id=project.lead_actor_id).values("user"), is_active=True
    )


def can_edit_project(user, project) -> bool:
    return is_staff(user) or membership_role(user, project.lead_actor) is not None


def can_see_suggestions(user, project) -> bool:
    """Partner suggestions for a project's slots (and their JSON): the project's people and staff.

    Broader than editing (an active partner's members help find partners too), narrower than seeing the
    project: the public sees the slot, not who is being considered for it.
    """
    return is_staff(user) or is_project_person(user, project)


def can_create_project_for(user, actor) -> bool:
    return is_staff(user) or membership_role(user, actor) is not None


def get_visible_project_or_404(user, **lookup) -> Project:
    project = Project.objects.select_related("lead_actor").filter(**lookup).first()
    if project is None or not can_view_project(user, project):
        raise Http404
    return project


def swarming_actors(user, project) -> QuerySet[Actor]:
    """The structures ``user`` administers that may ask to swarm ``project``: any but its lead, and only for
    a public project (the showcase's). Where they would replicate it is the action's rule."""
    if is_anonymous(user) or not is_public_project(project):
        return Actor.objects.none()
    return actors_user_administers(user).exclude(pk=project.lead_actor_id).order_by("name")


def can_request_replication(user, project, actor) -> bool:
    return swarming_actors(user, project).filter(pk=actor.pk).exists()


def actors_posting_needs(user) -> QuerySet[Actor]:
    """The local authorities and users' groups ``user`` administers: they post their territory's needs."""
    return actors_user_administers(user).filter(kind__in=NEED_AUTHOR_KINDS).order_by("name")


def can_confirm_replication(user, replication) -> bool:
    """The origin project's editors answer a request to swarm it."""
    return can_edit_project(user, replication.origin)


def get_editable_project_or_404(user, **lookup) -> Project:
    """404 for those who may not even see it; 404 too for people who see but may not edit (no hint)."""
    project = get_visible_project_or_404(user, **lookup)
    if not can_edit_project(user, project):
        raise Http404
    return project
