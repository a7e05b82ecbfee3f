"""The public directory of actors: a GET search form with facets, "near a commune", sort and pagination.

Search goes through the configured search backend only (``search.search``), which lists public actors
only, whatever the visitor. The page runs a fixed number of queries whatever the number of results:
vocabularies are read once by the form, the page of actors is hydrated with one query per relation.

The same page has two views of one search: the list (default) and the map (``?vue=carte``). Every link the
page builds keeps the view, so a filter removed on the map stays on the map. The map itself is drawn by
``static/js/directory-map.js`` from :func:`directory.views.map.actor_map_geojson`, given the same filters;
without JavaScript the map view shows a notice and the list. With JavaScript, ``static/js/directory.js``
refreshes the results, the count and the facets in place (htmx) — the server answers the same full page.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from directory.forms import DirectorySearchForm
from directory.views import faceted
from directory.views.faceted import url
from ecosystem.models import Actor
from search import generation

VIEW_PARAM = "vue"
MAP_VIEW = "carte"


def _active_filters(form: DirectorySearchForm, base_url: str, view: list[tuple[str, str]]) -> list[dict]:
    """What narrows the search, each with the URL of the same search (and view) without it."""
    active = faceted.active_filters(form, base_url, keep=view)
    if form.commune_obj is not None:
        label = gettext("Within %(km)s km of %(commune)s") % {
            "km": form.radius_km,
            "commune": form.commune_obj.name,
        }
        active.append({"label": label, "url": url(base_url, form.params(without=("commune", "")) + view)})
    return active


def _cards_html(results, actors: list[Actor]) -> str:
    """The page's cards, cached under the search's generation, keyed by the actors read live (so one hidden
    since, even without a write to the index, changes the key) and their distances. A card shows the actor,
    its commune and its themes: every action changing them writes to the index, which changes the generation.
    Their relations are read only when the cards are rendered."""

    def context():
        prefetch_related_objects(actors, "commune", "themes")
        return {"actors": actors}

    parts = (tuple((actor.pk, actor.distance_km) for actor in actors),)
    return faceted.cached_html(
        results, "actor-cards", parts, "directory/includes/directory_cards.html", context
    )


def actor_search(request):
    # One read of the index generation for the whole page: the form's vocabularies, the search and the
    # header's chrome (cms.chrome) are all kept under it.
    token = generation.for_request(request)
    form = DirectorySearchForm(request.GET, token=token)
    form.is_valid()
    base_url = reverse("directory:actor_search")
    view = "map" if request.GET.get(VIEW_PARAM) == MAP_VIEW else "list"
    view_pairs = [(VIEW_PARAM, MAP_VIEW)] if view == "map" else []
    results, status = faceted.run_search(Actor, form, token)

    actors = results.objects if results else []
    for actor in actors:
        actor.distance_km = results.distances.get(actor.pk)

    params = form.params()
    context = {
        "form": form,
        "results": results,
        "actors": actors,
        "unavailable": results is None,
        "active_filters": _active_filters(form, base_url, view_pairs),
        # Pagination links keep the view (directory/includes/directory_pagination.html).
        "query_string": urlencode(params + view_pairs),
        "clear_url": url(base_url, ([("q", form.text)] if form.text else []) + view_pairs),
        "export_csv_url": url(reverse("directory:actor_export_csv"), params),
        "export_json_url": url(reverse("directory:actor_export_json"), params),
        "near": form.commune_obj,
        "sort": form.sort_order,
        "base_url": base_url,
        "view": view,
        "list_url": url(base_url, params),
        "map_url": url(base_url, [*params, (VIEW_PARAM, MAP_VIEW)]),
        "suggest_url": reverse("directory:actor_suggestions"),
    }
    if view == "map":
        # The map's data: the same search, every page (see directory.views.map); the sort only decides which
        # structures a truncated map keeps, and the default order is the one that suits the search.
        context["geojson_url"] = url(reverse("directory:actor_map_geojson"), form.params(keep_sort=False))
        context["map_tile_url"] = settings.MAP_TILE_URL
        context["map_tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
    if results is not None:

        def content_context():
            # Their own caches serve other pages and orders of the same search, when the content is not cached.
            context["cards_html"] = _cards_html(results, actors) if actors else ""
            context["facets_html"] = faceted.facets_html(
                results, form, lambda: faceted.facet_groups(form, results.facets)
            )
            return context

        # Everything the content shows comes from: the request's parameters as typed (the form shows them
        # back), what the form made of them (its parameters and notices, which depend on the vocabularies,
        # like the labels), the view, and the actors read live with their distances.
        parts = (
            tuple(sorted(request.GET.lists())),
            tuple(params),
            tuple(form.notices),
            faceted.vocabulary_key(form),
            results.page,
            view,
            tuple((actor.pk, actor.distance_km) for actor in actors),
        )
        context["content_html"] = faceted.cached_html(
            results, "directory-content", parts, "directory/includes/directory_content.html", content_context
        )
    return render(request, "directory/directory_search.html", context, status=status)
