"""The whole result set of a directory search, for the views that show all of it at once (map, exports).

One ``search.search_ids`` request for every id up to the cap, then one query for the live, public actors
among them (and one per prefetched relation): the number of queries does not depend on the number of
results, where paging through ``search.search`` made one search per ``MAX_PER_PAGE`` rows.
"""

from django.db.models import prefetch_related_objects

import search
from directory.forms import DirectorySearchForm
from ecosystem.models import Actor


def whole_result_set(form: DirectorySearchForm, limit: int, *related: str) -> tuple[list[Actor], int]:
    """The actors of ``form``'s search in its order, at most ``limit``, with ``related`` prefetched; and the
    total found. Raises ``SearchBackendUnavailable`` like any search."""
    hits = search.search_ids(Actor, form.query(page=1, facets=()), limit=limit)
    actors = search.live(Actor, hits.object_ids)
    prefetch_related_objects(actors, *related)
    return actors, hits.total
