"""Swarming actions: a structure elsewhere asks to replicate a project; the project's lead confirms or declines.

The request notifies the origin's lead admins; the conversation between the two sides is opened by the
``spaces`` view that calls :func:`request_replication` (the domain never imports ``spaces``). Confirming
records the replication with its replicating project — the structure's existing project when it named one,
otherwise a draft created for it from the origin's description, serving the territory asked for.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.actions.notifications import notify
from ecosystem.actions.projects import do_create_project
from ecosystem.models import Actor, Membership, Project, Replication, Territory, User
from ecosystem.search_specs import served_departements


def _departement_of(territory: Territory) -> str:
    if territory.level == Territory.Level.COMMUNE:
        return territory.departement_code
    if territory.level == Territory.Level.DEPARTEMENT:
        return territory.code
    parent = territory.parent
    return parent.code if parent is not None and parent.level == Territory.Level.DEPARTEMENT else ""


def home_departements(project: Project) -> set[str]:
    """The départements a project already lives in: those it serves and its lead's."""
    codes = set(served_departements(project))
    if project.lead_actor.commune_id:
        codes.add(project.lead_actor.commune.departement_code)
    return codes - {""}


def _admins(actor: Actor):
    return User.objects.filter(memberships__actor=actor, memberships__role=Membership.Role.ADMIN)


def request_replication(user, origin: Project, actor: Actor, territory: Territory, reason: str, project=None):
    """``actor`` (administered by ``user``) asks to swarm ``origin`` to ``territory``, for ``reason``."""
    if not access.can_request_replication(user, origin, actor):
        raise PermissionDenied
    return do_request_replication(origin, actor, territory, reason, project=project, requested_by=user)


@transaction.atomic
def do_request_replication(
    origin, actor, territory, reason, *, project=None, requested_by=None
) -> Replication:
    """A pending replication; refused when the territory is one the project already lives in, when the
    structure already asked for it, or when the named project is not the structure's."""
    if not (reason or "").strip():
        raise ValidationError(_("Say why you want to swarm this project."))
    if _departement_of(territory) in home_departements(origin):
        raise ValidationError(
            _("The project already lives in this département: choose a territory elsewhere.")
        )
    if project is not None and project.lead_actor_id != actor.pk:
        raise ValidationError(_("The replicating project must be led by your structure."))
    if Replication.objects.filter(origin=origin, actor=actor, territory=territory).exists():
        raise ValidationError(_("Your structure has already asked to swarm this project there."))
    replication = Replication.objects.create(
        origin=origin,
        actor=actor,
        territory=territory,
        reason=reason.strip(),
        project=project,
        requested_by=requested_by,
    )
    for admin in _admins(origin.lead_actor):
        notify(
            admin,
            "swarming_request",
            _("%(actor)s wants to swarm %(project)s to %(territory)s.")
            % {"actor": actor.name, "project": origin.title, "territory": territory.name},
            url=origin.get_absolute_url() + "#lineage",
            payload={"replication": replication.pk},
        )
    return replication


def confirm_replication(user, replication: Replication) -> Replication:
    if not access.can_confirm_replication(user, replication):
        raise PermissionDenied
    return do_confirm_replication(replication, confirmed_by=user)


@transaction.atomic
def do_confirm_replication(replication: Replication, *, confirmed_by=None) -> Replication:
    replication = (
        Replication.objects.select_for_update()
        .select_related("origin", "actor", "territory")
        .get(pk=replication.pk)
    )
    if replication.status == Replication.Status.CONFIRMED:
        raise ValidationError(_("This replication is already confirmed."))
    if replication.status == Replication.Status.DECLINED:
        raise ValidationError(_("This request was declined."))
    origin = replication.origin
    if replication.project is None:
        replication.project = do_create_project(
            replication.actor,
            {
                "title": f"{origin.title} — {replication.territory.name}",
                "summary": origin.summary,
                "need": origin.need,
                "beneficiaries": origin.beneficiaries,
                "innovation_type": origin.innovation_type,
                "action_type": Project.ActionType.SWARMING,
                "territories_served": [replication.territory],
                "themes": list(origin.themes.all()),
            },
            created_by=replication.requested_by,
        )
    replication.status = Replication.Status.CONFIRMED
    replication.confirmed_at = timezone.now()
    replication.save(update_fields=["project", "status", "confirmed_at"])
    for admin in _admins(replication.actor):
        notify(
            admin,
            "swarming_confirmed",
            _("%(lead)s confirmed the swarming of %(project)s to %(territory)s.")
            % {
                "lead": origin.lead_actor.name,
                "project": origin.title,
                "territory": replication.territory.name,
            },
            url=replication.project.get_absolute_url(),
            payload={"replication": replication.pk},
        )
    return replication


def decline_replication(user, replication: Replication, reason: str) -> Replication:
    """The origin's lead says no to a request to swarm it, and why."""
    if not access.can_confirm_replication(user, replication):
        raise PermissionDenied
    return do_decline_replication(replication, reason)


@transaction.atomic
def do_decline_replication(replication: Replication, reason: str) -> Replication:
    """Mark the request declined with ``reason`` (no replication, no project created) and tell the requesting
    structure's admins and the person who asked."""
    if not (reason or "").strip():
        raise ValidationError(_("Say why you decline this request."))
    replication = (
        Replication.objects.select_for_update(of=("self",))
        .select_related("origin__lead_actor", "actor", "territory", "requested_by")
        .get(pk=replication.pk)
    )
    if replication.status != Replication.Status.PENDING:
        raise ValidationError(_("This request was already answered."))
    replication.status = Replication.Status.DECLINED
    replication.decline_reason = reason.strip()
    replication.declined_at = timezone.now()
    replication.save(update_fields=["status", "decline_reason", "declined_at"])
    origin = replication.origin
    told = {admin.pk: admin for admin in _admins(replication.actor)}
    if replication.requested_by is not None:
        told.setdefault(replication.requested_by.pk, replication.requested_by)
    for user in told.values():
        notify(
            user,
            "swarming_declined",
            _("%(lead)s declined the swarming of %(project)s to %(territory)s: %(reason)s")
            % {
                "lead": origin.lead_actor.name,
                "project": origin.title,
                "territory": replication.territory.name,
                "reason": replication.decline_reason,
            },
            url=origin.get_absolute_url(),
            payload={"replication": replication.pk},
        )
    return replication


def lineage(project: Project) -> dict:
    """Where ``project`` was swarmed (confirmed), the impact summed across those replications, what it was
    swarmed from, and the requests awaiting an answer; three queries."""
    rows = list(project.replications.select_related("actor", "territory", "project").order_by("created_at"))
    confirmed = [r for r in rows if r.status == Replication.Status.CONFIRMED]
    origins = list(
        Replication.objects.filter(project=project, status=Replication.Status.CONFIRMED).select_related(
            "origin"
        )
    )
    return {
        "replications": confirmed,
        "pending": [r for r in rows if r.status == Replication.Status.PENDING],
        "jobs": sum(r.project.jobs_created for r in confirmed if r.project),
        "beneficiaries": sum(r.project.beneficiaries_reached for r in confirmed if r.project),
        "origins": [r.origin for r in origins],
    }
