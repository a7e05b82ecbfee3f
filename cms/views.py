"""Site search over the editorial pages (actors and projects join it with the directory)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def site_search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "page_obj": page})
