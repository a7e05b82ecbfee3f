"""Keeping the search index in step with the domain: every action that changes what is searchable calls here.

Scheduled on commit, so a rolled-back write never reaches the index; the work itself is a Django task
(``search.tasks.refresh_entry``).
"""

from django.db import transaction

import search
from search.tasks import refresh_entry


def reindex_on_commit(*objects) -> None:
    if objects:
        # Cached search answers (counts, pages) stop being served as soon as the change is committed, even
        # when a worker indexes it later: the live visibility rule then applies at once.
        transaction.on_commit(search.changed)
    for obj in objects:
        label, pk = obj._meta.label_lower, obj.pk
        transaction.on_commit(lambda label=label, pk=pk: refresh_entry.enqueue(label, pk))


def reindex_actor_on_commit(actor) -> None:
    """An actor, the projects it leads and the events it hosts: their visibility and text depend on its own."""
    reindex_on_commit(actor, *actor.led_projects.all(), *actor.events.all())
