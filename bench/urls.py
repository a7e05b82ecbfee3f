"""The project's URLs plus the baseline view every HTTP benchmark is compared with, the bare search the
directory benchmark measures, and the slot page as a logged-in person sees it (matching benchmark)."""

from django.http import HttpResponse, JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def minimal(request):
    """The least a Django view can do: the cost of the server, the ASGI handler and the middleware stack.

    A sync view, like the pages it is compared with, so both pay the same thread hand-off under ASGI.
    """
    return HttpResponse(b"ok", content_type="text/plain")


def bare_search(request):
    """One actor search through ``search.search`` and nothing else: no form, no template, no vocabularies.

    ``?q=…&kind=…&themes=…&lat=…&lon=…&km=…`` (any facet of the actor spec may be repeated). The answer is
    what the search interface returns — the total, facet counts and the page of live objects (hydrated by
    ``search.search``) — so the ratio to the minimal view is the cost of searching, and the directory page's
    own ratio shows what the page adds around it.
    """
    import search
    from ecosystem.models import Actor

    spec = search.get_spec(Actor)
    filters = {name: request.GET.getlist(name) for name in spec.keyword_names if name in request.GET}
    near = None
    if "lat" in request.GET:
        near = search.Near(float(request.GET["lat"]), float(request.GET["lon"]), float(request.GET["km"]))
    results = search.search(Actor, search.Query(text=request.GET.get("q", ""), filters=filters, near=near))
    return JsonResponse(
        {
            "total": results.total,
            "facets": results.facets,
            "results": [{"id": actor.pk, "name": actor.name} for actor in results.objects],
        }
    )


def slot_page(request, slug, pk):
    """The slot page with its suggestions, as the bench's staff account sees it (``bench.matching``).

    The load client holds no session, so the account is attached here (one query, in place of the session
    and user lookups a logged-in request makes); the page itself is the real view, template and ranking.
    """
    from bench.matching_ranking import BENCH_STAFF_EMAIL
    from ecosystem.models import User
    from ecosystem.views.matching import partnerslot_detail

    request.user = User.objects.get(email=BENCH_STAFF_EMAIL)
    return partnerslot_detail(request, slug, pk)


# First, so Wagtail's catch-all page route never sees them.
urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("bench/search/", bare_search, name="bench_search"),
    path("bench/places/<slug:slug>/<int:pk>/", slot_page, name="bench_slot_page"),
    *project_urlpatterns,
]
