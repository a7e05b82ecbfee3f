"""Reference data actions: themes, skills and resources, and the markers of the evaluation grid.

Staff edit them in the Wagtail admin, whose permission policy is the access check: these are ``do_*``
writers and trust their caller (see the package docstring). A term's name and slug are indexed with every
structure and project that uses it, so saving or deleting a term re-indexes those rows on commit; which rows
is read from the search specs' own relations, so a taxonomy indexed tomorrow is followed without a change
here. Generic over the model: a field added to a term (a translation, say) is saved like the others.
"""

from django.db import models, transaction

import search
from ecosystem.actions.indexing import reindex_on_commit


def rows_showing(term: models.Model) -> list[models.Model]:
    """The indexed rows (public structures, published projects …) that point at ``term``."""
    rows = []
    for spec in search.specs():
        relations = [
            field.name
            for field in spec.model._meta.get_fields()
            if (field.many_to_many or field.many_to_one)
            and not field.auto_created
            and field.related_model is type(term)
        ]
        if not relations:
            continue
        pointing = models.Q()
        for name in relations:
            pointing |= models.Q(**{name: term})
        rows.extend(spec.model._default_manager.filter(pointing).filter(spec.visible()).distinct())
    return rows


@transaction.atomic
def do_save_terms(*terms: models.Model) -> list[models.Model]:
    """Save ``terms`` (validated, e.g. by an admin form) and re-index the rows that show them, on commit."""
    for term in terms:
        term.save()
        reindex_on_commit(*rows_showing(term))
    return list(terms)


@transaction.atomic
def do_delete_term(term: models.Model) -> None:
    """Delete ``term``; the rows that showed it are re-indexed without it once committed.

    A term still referenced under ``PROTECT`` (a marker already scored) raises ``ProtectedError`` and
    nothing changes.
    """
    showing = rows_showing(term)
    term.delete()
    reindex_on_commit(*showing)
