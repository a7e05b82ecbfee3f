"""Actor actions: creating an actor (its creator becomes its admin) and editing it.

Callers check permissions first (``ecosystem.access``): anyone logged in may create an actor; only the
actor's admins and staff may update it. ``data`` is the ``cleaned_data`` of
:class:`ecosystem.forms.actors.ActorForm`: plain values, ``commune`` a Territory or None, ``themes`` /
``offers`` / ``seeks`` iterables of taxonomy rows, ``offers_tags`` / ``seeks_tags`` lists of strings and
``logo`` either a re-encoded file from :func:`ecosystem.images.clean_logo`, ``False`` (remove the logo) or
``None`` (keep it).
"""

from django.db import transaction
from django.utils.text import slugify

from ecosystem.actions.indexing import reindex_actor_on_commit, reindex_on_commit
from ecosystem.models import Actor, Membership

# Fields copied as they are from the form data to the actor.
SCALAR_FIELDS = (
    "name",
    "kind",
    "siren",
    "siret",
    "rna",
    "description",
    "website",
    "address",
    "commune",
    "offers_tags",
    "seeks_tags",
    "size",
    "open_to_partnerships",
    "is_public",
    "contact_name",
    "contact_email",
    "show_contact",
)
RELATION_FIELDS = ("themes", "offers", "seeks")


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


@transaction.atomic
def create_actor(user, data: dict) -> Actor:
    """Create an actor from ``data`` and make ``user`` its admin. Any authenticated user may call it."""
    actor = Actor(slug=unique_slug(data["name"]))
    _apply(actor, data)
    Membership.objects.create(user=user, actor=actor, role=Membership.Role.ADMIN)
    reindex_on_commit(actor)
    return actor


@transaction.atomic
def update_actor(actor: Actor, data: dict) -> Actor:
    """Save ``data`` onto ``actor``; the slug (its public address) never changes.

    Caller: an admin of the actor or staff. A replaced or removed logo file is deleted from storage only
    once the transaction has committed, so a failure never leaves the actor pointing at a missing file.
    """
    actor = Actor.objects.select_for_update().get(pk=actor.pk)
    _apply(actor, data)
    reindex_actor_on_commit(actor)
    return actor


def _apply(actor: Actor, data: dict) -> None:
    for name in SCALAR_FIELDS:
        if name in data:
            setattr(actor, name, data[name])
    logo = data.get("logo")
    old_logo = actor.logo.name if actor.logo else ""
    if logo:
        actor.logo.save(logo.name, logo, save=False)
    elif logo is False:
        actor.logo = ""
    actor.save()
    for name in RELATION_FIELDS:
        if name in data:
            getattr(actor, name).set(data[name])
    if old_logo and old_logo != actor.logo.name:
        storage = actor.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
