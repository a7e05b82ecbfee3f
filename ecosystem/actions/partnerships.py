"""Partnership actions: the consortium of a project — adding partners, editing their role, recording a departure.

A partner is added only once it agreed (:mod:`ecosystem.actions.invitations`): there is no user-facing
``add_partner``; accepting an invitation calls :func:`do_add_partner`.

Who: editors of the project (``ecosystem.access.can_edit_project``), checked by each action, which raises
``PermissionDenied``; its ``do_*`` half writes and trusts its caller. Invalid requests raise
``ValidationError``. The project row is locked while the consortium changes, so two editors
adding the same partner at once get one partnership and one clear error.

A partnership that ends is marked ``left``, never deleted: the history of who took part stays on record.
Because the people of a project (who see its drafts, and later its room) are derived from the active
partnerships, every change tells the affected actor's members, on commit, to re-check their access.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ecosystem import access, realtime
from ecosystem.actions.activity import record_activity
from ecosystem.actions.fields import model_update
from ecosystem.models import Activity, Actor, Membership, Partnership, Project

Status = Partnership.Status
# What a person edits on a partnership (``PartnershipEditForm`` reads it from here).
PARTNERSHIP_FIELDS = ("nature", "role", "status")


def _announce_access_change(project: Project, actor: Actor) -> None:
    # Draft visibility and room access follow active partnerships: the actor's members must re-check now.
    for user_id in Membership.objects.filter(actor=actor).values_list("user_id", flat=True):
        realtime.publish(realtime.user_group(user_id), "access.changed", {"project": project.pk})


def _clean_text(nature: str, role: str) -> tuple[str, str]:
    nature, role = (nature or "").strip(), (role or "").strip()
    if not nature or not role:
        # The call asks every partner's nature and role to be described.
        raise ValidationError(_("Describe both the nature of the partnership and the partner's role."))
    return nature, role


def _lock(project_id) -> Project:
    return Project.objects.select_for_update().select_related("lead_actor").get(pk=project_id)


def _require_editor(user, project: Project) -> None:
    if not access.can_edit_project(user, project):
        raise PermissionDenied


@transaction.atomic
def do_add_partner(
    project: Project, actor: Actor, *, nature: str, role: str, status: str = Status.ACTIVE
) -> Partnership:
    """Add ``actor`` to the consortium of ``project`` (trusted: no view calls it directly — a partnership
    needs the structure's consent, :func:`ecosystem.actions.invitations.do_accept_invitation` calls it).

    Refused when ``actor`` leads the project, or when it already is (or was) a partner — then its existing
    partnership is to be edited instead.
    """
    project = _lock(project.pk)
    if actor.pk == project.lead_actor_id:
        raise ValidationError(
            _("%(name)s leads the project; it cannot also be its partner.") % {"name": actor}
        )
    existing = Partnership.objects.filter(project=project, actor=actor).first()
    if existing is not None:
        raise ValidationError(
            _("%(name)s is already in the consortium (status: %(status)s); edit that partnership instead.")
            % {"name": actor, "status": existing.get_status_display()}
        )
    if status not in Status.values:
        raise ValidationError(_("Unknown partnership status."))
    nature, role = _clean_text(nature, role)
    partnership = Partnership.objects.create(
        project=project, actor=actor, nature=nature, role=role, status=status
    )
    _announce_access_change(project, actor)
    if status == Status.ACTIVE:
        record_activity(Activity.Kind.PARTNERSHIP_FORMED, project=project, actor=actor)
    return partnership


def update_partnership(user, partnership: Partnership, *, nature: str, role: str, status: str) -> Partnership:
    """Change the nature, role or status of a partnership; editors of its project only."""
    _require_editor(user, partnership.project)
    return do_update_partnership(partnership, nature=nature, role=role, status=status)


@transaction.atomic
def do_update_partnership(
    partnership: Partnership, *, nature: str, role: str, status: str, consented: bool = False
) -> Partnership:
    """Edit nature and role, or record a departure. A partner that left becomes active again only with its
    consent (``consented``: an accepted invitation, :mod:`ecosystem.actions.invitations`)."""
    project = _lock(partnership.project_id)
    if status not in Status.values:
        raise ValidationError(_("Unknown partnership status."))
    nature, role = _clean_text(nature, role)
    partnership = Partnership.objects.select_related("actor").get(pk=partnership.pk)
    if partnership.status == Status.LEFT and status == Status.ACTIVE and not consented:
        raise ValidationError(
            _("%(name)s left the project; invite it again to work together again.")
            % {"name": partnership.actor},
            code="needs_consent",
        )
    status_changed = partnership.status != status
    model_update(partnership, PARTNERSHIP_FIELDS, {"nature": nature, "role": role, "status": status})
    if status_changed:
        _announce_access_change(project, partnership.actor)
    return partnership


def mark_partner_left(user, partnership: Partnership) -> Partnership:
    """Record that a partner left the consortium; editors of its project only."""
    _require_editor(user, partnership.project)
    return do_mark_partner_left(partnership)


@transaction.atomic
def do_mark_partner_left(partnership: Partnership) -> Partnership:
    """The partnership stays, with status ``left``: the history of who took part stays on record."""
    project = _lock(partnership.project_id)
    partnership = Partnership.objects.select_related("actor").get(pk=partnership.pk)
    if partnership.status != Status.LEFT:
        partnership.status = Status.LEFT
        partnership.save(update_fields=["status", "updated_at"])
        _announce_access_change(project, partnership.actor)
    return partnership
