"""Activities: the facts « Mon fil », the home page stream and the Atom feeds show (:mod:`ecosystem.feed`).

:func:`record_activity` is the one hook. Actions call it inside their transaction, next to the write that
causes the fact: the row commits with that write, or vanishes with it when the write rolls back, so a feed
never shows a fact that did not happen (no reconstruction at read time). Actions written elsewhere (calls,
swarming, events) call it the same way with their own ``Activity.Kind``.
"""

from django.db import transaction

from ecosystem.models import Activity


@transaction.atomic
def record_activity(kind: str, *, project=None, actor=None, payload: dict | None = None) -> Activity:
    """Write one ``Activity`` of ``kind`` about ``project`` and/or ``actor``.

    Who sees it is decided when it is read: readers who may see its project and its structure (both when
    both are set). ``payload`` keeps details as they were (a slot's title, a phase), JSON-serialisable.
    """
    return Activity.objects.create(kind=kind, project=project, actor=actor, payload=payload or {})
