"""Reading activities: « Mon fil », the public stream of the home page and the Atom feeds.

Every reader goes through :func:`visible_activities`, which re-checks at read time, through
``ecosystem.access``, that the reader may see each activity's project and structure: a project turned back to
draft, or a structure made private, leaves every feed at once. The filters are subqueries, so reading a page
of any feed costs a constant number of queries whatever its length.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.models import Activity, Follow, Phase
from ecosystem.territories import within_q


def visible_activities(user) -> QuerySet[Activity]:
    """Activities ``user`` (anonymous included) may see, newest first, with what their sentence needs."""
    return (
        Activity.objects.filter(
            Q(project=None) | Q(project__in=access.visible_projects(user).values("pk")),
            Q(actor=None) | Q(actor__in=access.visible_actors(user).values("pk")),
        )
        .select_related("project__lead_actor", "actor")
        .order_by("-created_at", "-pk")
    )


def about_actor_q(actors) -> Q:
    """Activities about ``actors`` (ids or a queryset of ids): as the structure concerned or the project's lead."""
    return Q(actor__in=actors) | Q(project__lead_actor__in=actors)


def about_theme_q(themes) -> Q:
    return Q(project__themes__in=themes)


def about_territory_q(territories) -> Q:
    """Activities placed in ``territories`` or inside them: a project served there, or a structure there."""
    return (
        within_q("project__territories_served", territories)
        | within_q("project__lead_actor__commune", territories)
        | within_q("actor__commune", territories)
    )


def _followed(user, target: str):
    return Follow.objects.filter(user=user, **{f"{target}__isnull": False}).values(target)


def personal_feed(user, kind: str = "") -> QuerySet[Activity]:
    """« Mon fil »: what happened in what ``user`` follows, and in the projects they work on."""
    concerned = Activity.objects.filter(
        Q(project__in=_followed(user, "project"))
        | about_actor_q(_followed(user, "actor"))
        | about_theme_q(_followed(user, "theme"))
        | about_territory_q(_followed(user, "territory"))
        | Q(project__in=access.visible_projects(user).filter(access.project_people_q(user)).values("pk"))
    )
    activities = visible_activities(user).filter(pk__in=concerned.values("pk"))
    return activities.filter(kind=kind) if kind else activities


def public_feed(q: Q | None = None) -> QuerySet[Activity]:
    """What anyone may see (the home page, the Atom feeds), optionally narrowed by ``q`` (``about_*_q``)."""
    activities = visible_activities(None)
    if q is not None:
        activities = activities.filter(pk__in=Activity.objects.filter(q).values("pk"))
    return activities


def sentence(activity: Activity) -> str:
    """What happened, in the current language (the objects as loaded by :func:`visible_activities`)."""
    Kind = Activity.Kind
    names = {"project": activity.project, "actor": activity.actor, **activity.payload}
    if activity.kind == Kind.PHASE_CHANGED:
        names["phase"] = dict(Phase.choices).get(activity.payload.get("phase"), "")
    text = {
        Kind.PROJECT_PUBLISHED: _("%(actor)s published the project “%(project)s”."),
        Kind.PARTNERSHIP_FORMED: _("%(actor)s joined the consortium of “%(project)s”."),
        Kind.SLOT_OPENED: _("“%(project)s” seeks a partner: %(title)s."),
        Kind.PHASE_CHANGED: _("“%(project)s” entered the phase: %(phase)s."),
    }.get(activity.kind)
    if text is None:  # a kind added by another module, without its own sentence yet
        return str(activity)
    return text % names


def link(activity: Activity) -> str:
    """Where the activity leads: its project's page, else its structure's."""
    return (activity.project or activity.actor).get_absolute_url()
