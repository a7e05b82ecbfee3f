"""The public directory of actors: a GET search form with facets, "near a commune", sort and pagination.

Search goes through the configured search backend only (``search.search``), which lists public actors
only, whatever the visitor. The page runs a fixed number of queries whatever the number of results:
vocabularies are read once by the form, the page of actors is hydrated with one query per relation.
"""

from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext

import search
from directory.forms import FACETS, DirectorySearchForm
from ecosystem.models import Actor
from search import SearchBackendUnavailable


def _facet_groups(form: DirectorySearchForm, facets: dict[str, dict[str, int]]) -> list[dict]:
    """Checkbox groups: every value with results, plus the chosen ones, most frequent first."""
    groups = []
    for name, legend in FACETS:
        counts = facets.get(name, {})
        chosen = set(form.value(name, []))
        labels = form.labels[name]
        values = [v for v in counts if v in labels] + [v for v in chosen if v not in counts]
        options = [
            {
                "value": value,
                "label": capfirst(labels.get(value, value)),
                "count": counts.get(value, 0),
                "checked": value in chosen,
                "id": f"facet-{name}-{index}",
            }
            for index, value in enumerate(
                sorted(values, key=lambda v: (-counts.get(v, 0), labels.get(v, v).casefold()))
            )
        ]
        if options:
            groups.append({"name": name, "legend": legend, "options": options, "open": bool(chosen)})
    return groups


def _active_filters(form: DirectorySearchForm, base_url: str) -> list[dict]:
    """What narrows the search, each with the URL of the same search without it."""
    active = []
    for name, legend in FACETS:
        for value in form.value(name, []):
            label = capfirst(form.labels[name].get(value, value))
            without = urlencode(form.params(without=(name, value)))
            text = gettext("%(filter)s: %(value)s") % {"filter": legend, "value": label}
            active.append({"label": text, "url": f"{base_url}?{without}"})
    if form.commune_obj is not None:
        label = gettext("Within %(km)s km of %(commune)s") % {
            "km": form.radius_km,
            "commune": form.commune_obj.name,
        }
        without = urlencode(form.params(without=("commune", "")))
        active.append({"label": label, "url": f"{base_url}?{without}"})
    return active


def actor_search(request):
    form = DirectorySearchForm(request.GET)
    form.is_valid()
    base_url = reverse("directory:actor_search")
    status = 200
    unavailable = False
    try:
        results = search.search(Actor, form.query())
        if not results.objects and results.total and form.page_number > results.num_pages:
            # A page past the end (an old bookmark): show the last one rather than nothing.
            form.notices.append(gettext("This page no longer exists; here is the last one."))
            results = search.search(Actor, form.query(page=results.num_pages))
    except SearchBackendUnavailable:
        results, unavailable, status = None, True, 503

    actors = results.objects if results else []
    prefetch_related_objects(actors, "commune", "themes")
    for actor in actors:
        actor.distance_km = results.distances.get(actor.pk)

    params = form.params()
    query_string = urlencode(params)
    context = {
        "form": form,
        "results": results,
        "actors": actors,
        "unavailable": unavailable,
        "facet_groups": _facet_groups(form, results.facets) if results else [],
        "active_filters": _active_filters(form, base_url),
        "query_string": query_string,
        "clear_url": f"{base_url}?{urlencode({'q': form.text})}" if form.text else base_url,
        "export_csv_url": f"{reverse('directory:actor_export_csv')}?{query_string}".rstrip("?"),
        "export_json_url": f"{reverse('directory:actor_export_json')}?{query_string}".rstrip("?"),
        "near": form.commune_obj,
        "sort": form.sort_order,
    }
    return render(request, "directory/directory_search.html", context, status=status)
