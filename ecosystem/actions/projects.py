"""Project actions: creating, editing and publishing a project, its partner slots and its supports.

Every action takes the acting ``user`` first and checks ``ecosystem.access`` again, even though views check
too: an action is also called from the admin, the demo loader and tests, and must never write for someone
who may not. Refusals raise ``PermissionDenied``; invalid data raises ``ValidationError`` with messages a
person can act on. Writes run inside ``transaction.atomic`` with the project row locked, so two editors
saving at once are serialised instead of interleaving many-to-many updates.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.actions.indexing import reindex_on_commit
from ecosystem.models import SUPPORT_KINDS, Actor, PartnerSlot, Project, Support

# Fields of the call a person edits directly; relations (themes, territories) are set separately.
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
    "action_type",
    "start_date",
    "economic_model",
    "economic_model_stage",
    "jobs_created",
    "beneficiaries_reached",
    "user_involvement",
)
# What a published project must say at least: the public page is meaningless without it.
FIELDS_REQUIRED_TO_PUBLISH = ("summary", "need", "beneficiaries", "innovation_type", "action_type")
# Paths under /projets/ that are pages, not projects: a project may not take them as its slug.
RESERVED_SLUGS = frozenset({"nouveau"})
SLOT_FIELDS = ("title", "kinds", "seeks_tags", "scope", "scope_territory", "description")
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


def _apply(project: Project, data: dict) -> None:
    for name in PROJECT_FIELDS:
        if name in data:
            value = data[name]
            setattr(project, name, value.strip() if isinstance(value, str) else value)


def _set_relations(project: Project, data: dict) -> None:
    if "themes" in data:
        project.themes.set(data["themes"])
    if "territories_served" in data:
        project.territories_served.set(data["territories_served"])


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("lead_actor").get(pk=project.pk)


@transaction.atomic
def create_project(user, lead_actor: Actor, data: dict) -> Project:
    """Create a draft project led by ``lead_actor``.

    Who: a member of ``lead_actor`` (any role) or staff. ``data`` holds :data:`PROJECT_FIELDS` plus
    optional ``themes`` and ``territories_served`` (iterables of rows). The lead actor is the project's
    ``lead_actor``, not a partnership: partnerships are the *other* members of the consortium.
    """
    if not access.can_create_project_for(user, lead_actor):
        raise PermissionDenied
    project = Project(lead_actor=lead_actor, status=Project.Status.DRAFT, created_by=user)
    _apply(project, data)
    if not project.title:
        raise ValidationError(_("A project needs a title."))
    project.slug = unique_project_slug(project.title)
    project.save()
    _set_relations(project, data)
    reindex_on_commit(project)
    return project


@transaction.atomic
def update_project(user, project: Project, data: dict) -> Project:
    """Change the call's fields of ``project``; editors only (``access.can_edit_project``).

    The slug does not follow a new title: published links and bookmarks keep working. A published project
    cannot lose what publishing requires — unpublish it first.
    """
    project = _lock(project)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    _apply(project, data)
    if not project.title:
        raise ValidationError(_("A project needs a title."))
    if project.is_published:
        _check_publishable(project)
    project.save()
    _set_relations(project, data)
    reindex_on_commit(project)
    return project


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


@transaction.atomic
def publish_project(user, project: Project) -> Project:
    """Make the project public (when its lead actor is listed publicly); editors only.

    Refused with a ``ValidationError`` naming the missing fields when the summary, need, beneficiaries,
    innovation type or action type is empty.
    """
    project = _lock(project)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    _check_publishable(project)
    if not project.is_published:
        project.status = Project.Status.PUBLISHED
        project.save(update_fields=["status", "updated_at"])
        reindex_on_commit(project)
    return project


@transaction.atomic
def unpublish_project(user, project: Project) -> Project:
    """Back to draft: visible again only to the project's people and staff. Editors only."""
    project = _lock(project)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    if project.is_published:
        project.status = Project.Status.DRAFT
        project.save(update_fields=["status", "updated_at"])
        reindex_on_commit(project)
    return project


# --- partner slots -----------------------------------------------------------------------------------------


def _save_slot(slot: PartnerSlot, data: dict) -> PartnerSlot:
    for name in SLOT_FIELDS:
        if name in data:
            setattr(slot, name, data[name])
    if not slot.title.strip():
        raise ValidationError(_("Say which role the slot is for."))
    slot.save()
    if "seeks" in data:
        slot.seeks.set(data["seeks"])
    return slot


@transaction.atomic
def open_slot(user, project: Project, data: dict) -> PartnerSlot:
    """Open a partner slot ("place à pourvoir") on ``project``; editors only.

    ``data``: ``title``, ``kinds`` (ActorKind values), ``seeks`` (Resource rows), ``seeks_tags`` (strings),
    ``scope``, optional ``scope_territory`` and ``description``.
    """
    project = _lock(project)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    return _save_slot(PartnerSlot(project=project), data)


@transaction.atomic
def update_slot(user, slot: PartnerSlot, data: dict) -> PartnerSlot:
    """Edit a slot of a project the user edits."""
    project = _lock(slot.project)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    slot = PartnerSlot.objects.select_for_update().get(pk=slot.pk)
    return _save_slot(slot, data)


@transaction.atomic
def set_slot_open(user, slot: PartnerSlot, is_open: bool) -> PartnerSlot:
    """Close (filled, abandoned) or reopen a slot; closed slots stay listed to editors, not to the public."""
    project = _lock(slot.project)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    PartnerSlot.objects.filter(pk=slot.pk).update(is_open=is_open)
    slot.is_open = is_open
    return slot


# --- supports ----------------------------------------------------------------------------------------------


@transaction.atomic
def add_support(user, project: Project, data: dict) -> Support:
    """Record that a support structure accompanies ``project`` in a phase; editors only.

    The support actor must be a support structure (``SUPPORT_KINDS``) the user can see, and the period must
    not end before it starts.
    """
    project = _lock(project)
    if not access.can_edit_project(user, project):
        raise PermissionDenied
    actor = data["support_actor"]
    if actor.kind not in SUPPORT_KINDS:
        raise ValidationError(_("%(name)s is not a support structure.") % {"name": actor.name})
    if not access.can_view_actor(user, actor):
        raise PermissionDenied
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        raise ValidationError(_("The support cannot end before it starts."))
    support = Support(project=project, **{name: data.get(name) for name in SUPPORT_FIELDS})
    support.description = support.description or ""
    support.save()
    return support


@transaction.atomic
def remove_support(user, support: Support) -> None:
    """Delete a support record entered by mistake; editors of its project only."""
    _lock(support.project)
    if not access.can_edit_project(user, support.project):
        raise PermissionDenied
    Support.objects.filter(pk=support.pk).delete()
