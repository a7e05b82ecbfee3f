"""Project actions: creating, editing and publishing a project, its partner slots and its supports.

Each action takes the acting ``user`` first and checks ``ecosystem.access`` itself, even though views check
too (the admin, the API and tests call them as well), raising ``PermissionDenied``; its ``do_*`` half
writes and trusts its caller. Invalid data raises ``ValidationError`` with messages a person can act on.
Writes run inside ``transaction.atomic`` with the project row locked, so two editors saving at once are
serialised instead of interleaving many-to-many updates; what is indexed is refreshed on commit.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecosystem import access, limits
from ecosystem.actions.activity import record_activity
from ecosystem.actions.fields import model_update
from ecosystem.actions.indexing import reindex_on_commit
from ecosystem.models import SUPPORT_KINDS, Activity, Actor, ActorKind, PartnerSlot, Project, Support

# The call's fields a person edits, in the order the form shows them (``ProjectForm`` reads it from here).
PROJECT_FIELDS = (
    "title",
    "summary",
    "need",
    "beneficiaries",
    "collective_dimension",
    "organisational_innovation",
    "territorial_anchoring",
    "innovation_type",
    "phase",
    "themes",
    "action_type",
    "start_date",
    "economic_model",
    "economic_model_stage",
    "jobs_created",
    "beneficiaries_reached",
    "user_involvement",
    # « Conditions de déploiement ou d'essaimage » (see ecosystem.swarming for readiness).
    "swarming_partner_kinds",
    "swarming_budget_min",
    "swarming_budget_max",
    "swarming_skills",
    "swarming_duration_months",
    "swarming_conditions",
)
# Typed as text in the form (one territory a line) and resolved there, then written like the others.
PROJECT_WRITABLE = (*PROJECT_FIELDS, "territories_served")
# What a published project must say at least: the public page is meaningless without it.
FIELDS_REQUIRED_TO_PUBLISH = ("summary", "need", "beneficiaries", "innovation_type", "action_type")
# Paths under /projets/ that are pages, not projects: a project may not take them as its slug.
RESERVED_SLUGS = frozenset({"nouveau"})
SLOT_FIELDS = ("title", "kinds", "seeks", "seeks_tags", "scope", "scope_territory", "description")
SUPPORT_FIELDS = ("support_actor", "phase", "start_date", "end_date", "description")


def unique_project_slug(title: str) -> str:
    """A slug from ``title`` that no project uses yet: ``"cafe-des-aidants"``, then ``"…-2"``, ``"…-3"``."""
    base = slugify(title)[:200].strip("-") or "projet"
    taken = set(Project.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("lead_actor").get(pk=project.pk)


def _require_editor(user, project: Project) -> None:
    if not access.can_edit_project(user, project):
        raise PermissionDenied


def _require_title(title) -> None:
    if not (title or "").strip():
        raise ValidationError(_("A project needs a title."))


def create_project(user, lead_actor: Actor, data: dict) -> Project:
    """Create a draft project led by ``lead_actor``: a member of ``lead_actor`` (any role) or staff."""
    if not access.can_create_project_for(user, lead_actor):
        raise PermissionDenied
    limits.check_creation_limit(user, "project")  # anti-abuse: raises ValidationError, nothing saved
    return do_create_project(lead_actor, data, created_by=user)


@transaction.atomic
def do_create_project(lead_actor: Actor, data: dict, *, created_by=None) -> Project:
    """A draft project led by ``lead_actor`` from ``data`` (:data:`PROJECT_WRITABLE`, relations as rows).

    The lead actor is the project's ``lead_actor``, not a partnership: partnerships are the *other* members
    of the consortium.
    """
    _require_title(data.get("title"))
    project = Project(
        lead_actor=lead_actor,
        status=Project.Status.DRAFT,
        created_by=created_by,
        slug=unique_project_slug(data["title"].strip()),
    )
    model_update(project, PROJECT_WRITABLE, data, may_be_blank=FIELDS_REQUIRED_TO_PUBLISH)
    _check_swarming_conditions(project)  # raising rolls the save back
    reindex_on_commit(project)
    return project


def update_project(user, project: Project, data: dict) -> Project:
    """Change the call's fields of ``project``; editors only (``access.can_edit_project``)."""
    _require_editor(user, project)
    return do_update_project(project, data)


@transaction.atomic
def do_update_project(project: Project, data: dict) -> Project:
    """Save ``data`` onto ``project``.

    The slug does not follow a new title: published links and bookmarks keep working. A published project
    cannot lose what publishing requires — unpublish it first.
    """
    if "title" in data:
        _require_title(data["title"])
    project = _lock(project)
    phase = project.phase
    model_update(project, PROJECT_WRITABLE, data, may_be_blank=FIELDS_REQUIRED_TO_PUBLISH)
    _check_swarming_conditions(project)  # raising rolls the save back
    if project.is_published:
        _check_publishable(project)  # raising rolls the save back
    if project.phase != phase:
        record_activity(
            Activity.Kind.PHASE_CHANGED,
            project=project,
            actor=project.lead_actor,
            payload={"phase": project.phase},
        )
    reindex_on_commit(project)
    return project


def _check_swarming_conditions(project: Project) -> None:
    """The conditions of replication hold together: known kinds of partner, a budget range in order."""
    if set(project.swarming_partner_kinds) - set(ActorKind.values):
        raise ValidationError(_("Choose the kinds of partner needed among those offered."))
    low, high = project.swarming_budget_min, project.swarming_budget_max
    if low is not None and high is not None and low > high:
        raise ValidationError(_("The replication budget's lower bound is above its upper bound."))


def missing_for_publication(project: Project) -> list[str]:
    """Labels of the fields publishing still needs (empty when the project can be published)."""
    return [
        str(Project._meta.get_field(name).verbose_name)
        for name in FIELDS_REQUIRED_TO_PUBLISH
        if not str(getattr(project, name) or "").strip()
    ]


def _check_publishable(project: Project) -> None:
    missing = missing_for_publication(project)
    if missing:
        raise ValidationError(
            _("To publish the project, fill in: %(fields)s.") % {"fields": ", ".join(missing)}
        )


def publish_project(user, project: Project) -> Project:
    """Make the project public (when its lead actor is listed publicly); editors only."""
    _require_editor(user, project)
    return do_set_published(project, True)


def unpublish_project(user, project: Project) -> Project:
    """Back to draft: visible again only to the project's people and staff. Editors only."""
    _require_editor(user, project)
    return do_set_published(project, False)


@transaction.atomic
def do_set_published(project: Project, published: bool) -> Project:
    """Publish or unpublish ``project``; re-indexed on commit when that changed.

    Publishing is refused with a ``ValidationError`` naming the missing fields when the summary, need,
    beneficiaries, innovation type or action type is empty.
    """
    project = _lock(project)
    if published and project.hidden_by_moderators:
        raise ValidationError(
            _("The moderators hid this project: only they can publish it again."), code="moderated"
        )
    if published:
        _check_publishable(project)
    if project.is_published != published:
        project.status = Project.Status.PUBLISHED if published else Project.Status.DRAFT
        project.save(update_fields=["status", "updated_at"])
        reindex_on_commit(project)
        if published:
            record_activity(Activity.Kind.PROJECT_PUBLISHED, project=project, actor=project.lead_actor)
    return project


# --- partner slots -----------------------------------------------------------------------------------------


def _save_slot(slot: PartnerSlot, data: dict) -> PartnerSlot:
    if "title" in data and not (data["title"] or "").strip():
        raise ValidationError(_("Say which role the slot is for."))
    model_update(slot, SLOT_FIELDS, data)
    return slot


def open_slot(user, project: Project, data: dict) -> PartnerSlot:
    """Open a partner slot ("place à pourvoir") on ``project``; editors only."""
    _require_editor(user, project)
    return do_open_slot(project, data)


@transaction.atomic
def do_open_slot(project: Project, data: dict) -> PartnerSlot:
    """``data``: ``title``, ``kinds`` (ActorKind values), ``seeks`` (Resource rows), ``seeks_tags`` (strings),
    ``scope``, optional ``scope_territory`` and ``description``."""
    if not (data.get("title") or "").strip():
        raise ValidationError(_("Say which role the slot is for."))
    project = _lock(project)
    slot = _save_slot(PartnerSlot(project=project), data)
    record_activity(
        Activity.Kind.SLOT_OPENED, project=project, actor=project.lead_actor, payload={"title": slot.title}
    )
    return slot


def update_slot(user, slot: PartnerSlot, data: dict) -> PartnerSlot:
    """Edit a slot of a project the user edits."""
    _require_editor(user, slot.project)
    return do_update_slot(slot, data)


@transaction.atomic
def do_update_slot(slot: PartnerSlot, data: dict) -> PartnerSlot:
    _lock(slot.project)
    slot = PartnerSlot.objects.select_for_update().get(pk=slot.pk)
    return _save_slot(slot, data)


def set_slot_open(user, slot: PartnerSlot, is_open: bool) -> PartnerSlot:
    """Close (filled, abandoned) or reopen a slot; closed slots stay listed to editors, not to the public."""
    _require_editor(user, slot.project)
    return do_set_slot_open(slot, is_open)


@transaction.atomic
def do_set_slot_open(slot: PartnerSlot, is_open: bool) -> PartnerSlot:
    _lock(slot.project)
    PartnerSlot.objects.filter(pk=slot.pk).update(is_open=is_open)
    slot.is_open = is_open
    return slot


# --- supports ----------------------------------------------------------------------------------------------


def add_support(user, project: Project, data: dict) -> Support:
    """Record that a support structure accompanies ``project`` in a phase; editors only, and the support
    actor must be one the user can see."""
    _require_editor(user, project)
    if not access.can_view_actor(user, data["support_actor"]):
        raise PermissionDenied
    return do_add_support(project, data)


@transaction.atomic
def do_add_support(project: Project, data: dict) -> Support:
    """The support actor must be a support structure (``SUPPORT_KINDS``) and the period must not end before
    it starts."""
    project = _lock(project)
    actor = data["support_actor"]
    if actor.kind not in SUPPORT_KINDS:
        raise ValidationError(_("%(name)s is not a support structure.") % {"name": actor.name})
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ValidationError(_("The support cannot end before it starts."))
    support, _changed = model_update(
        Support(project=project), SUPPORT_FIELDS, {**data, "description": data.get("description") or ""}
    )
    return support


def remove_support(user, support: Support) -> None:
    """Delete a support record entered by mistake; editors of its project only."""
    _require_editor(user, support.project)
    do_remove_support(support)


@transaction.atomic
def do_remove_support(support: Support) -> None:
    _lock(support.project)
    Support.objects.filter(pk=support.pk).delete()
