"""Actor actions: creating an actor (its creator becomes its admin) and editing it.

``create_actor(user, data)`` / ``update_actor(user, actor, data)`` check the acting person's right
(``ecosystem.access``: anyone logged in creates; the actor's admins and staff update) and raise
``PermissionDenied``; ``do_create_actor`` / ``do_update_actor`` write and trust their caller. ``data`` is the
``cleaned_data`` of :class:`ecosystem.forms.actors.ActorForm`: values of :data:`ACTOR_FIELDS`, ``commune`` a
Territory or None, ``themes`` / ``offers`` / ``seeks`` iterables of taxonomy rows, ``offers_tags`` /
``seeks_tags`` lists of strings and ``logo`` either a re-encoded file from
:func:`ecosystem.images.clean_logo`, ``False`` (remove the logo) or ``None`` (keep it).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecosystem import access, limits
from ecosystem.actions.fields import model_update
from ecosystem.actions.indexing import reindex_actor_on_commit, reindex_on_commit
from ecosystem.models import Actor, Membership

# What a person edits on an actor, in the order the form shows it (``ActorForm`` reads it from here).
ACTOR_FIELDS = (
    "name",
    "kind",
    "siren",
    "siret",
    "rna",
    "description",
    "logo",
    "website",
    "address",
    "commune",
    "themes",
    "offers",
    "offers_tags",
    "seeks",
    "seeks_tags",
    "size",
    "open_to_partnerships",
    "is_public",
    "contact_name",
    "contact_email",
    "show_contact",
)
# The logo is stored by the action itself (re-encoded file, removal, old file deleted on commit).
_PLAIN_FIELDS = tuple(name for name in ACTOR_FIELDS if name != "logo")


def unique_slug(name: str, *, exclude_pk=None) -> str:
    """``slugify(name)``, with ``-2``, ``-3``… appended when another actor already has it."""
    max_length = Actor._meta.get_field("slug").max_length
    base = (slugify(name) or "structure")[: max_length - 6]
    taken = set(
        Actor.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def create_actor(user, data: dict) -> Actor:
    """Create an actor from ``data`` and make ``user`` its admin. Anyone logged in."""
    if access.is_anonymous(user):
        raise PermissionDenied
    limits.check_creation_limit(user, "actor")  # anti-abuse: raises ValidationError, nothing saved
    return do_create_actor(data, admin=user)


def update_actor(user, actor: Actor, data: dict) -> Actor:
    """Save ``data`` onto ``actor``: its admins and staff only (``access.can_edit_actor``)."""
    if not access.can_edit_actor(user, actor):
        raise PermissionDenied
    return do_update_actor(actor, data)


@transaction.atomic
def do_create_actor(data: dict, *, admin) -> Actor:
    """Create an actor from ``data`` with ``admin`` as its first admin; indexed on commit."""
    actor = Actor(slug=unique_slug(data["name"]))
    _save(actor, data)
    Membership.objects.create(user=admin, actor=actor, role=Membership.Role.ADMIN)
    reindex_on_commit(actor)
    return actor


@transaction.atomic
def do_update_actor(actor: Actor, data: dict) -> Actor:
    """Save ``data`` onto ``actor``; the slug (its public address) never changes.

    The actor and the projects it leads are re-indexed on commit. A replaced or removed logo file is deleted
    from storage only once the transaction has committed, so a failure never leaves the actor pointing at a
    missing file.
    """
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    if actor.hidden_by_moderators and data.get("is_public"):
        raise ValidationError(
            _("The moderators hid this structure: only they can list it publicly again."), code="moderated"
        )
    _save(actor, data)
    reindex_actor_on_commit(actor)
    return actor


def _save(actor: Actor, data: dict) -> None:
    logo = data.get("logo")
    old_logo = actor.logo.name if actor.logo else ""
    if logo:
        actor.logo.save(logo.name, logo, save=False)
    elif logo is False:
        actor.logo = ""
    if actor.pk and actor.logo.name != old_logo:
        actor.save(update_fields=["logo", "updated_at"])
    model_update(actor, _PLAIN_FIELDS, data)
    if old_logo and old_logo != actor.logo.name:
        storage = actor.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
