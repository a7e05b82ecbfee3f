"""Site search (``/recherche/``, the header's search box): editorial pages, structures, projects and events.

Pages are found by Wagtail's own search (live, public pages; paginated), in the language being read: a page
translated into it is found in that language only, a page not translated (yet) in its own language. Structures and projects go through
the directory's search backend (``search.search``, so only public structures and published projects): the
best few of each, with their total and a link to the same words in the directory or the project list.
Events are the upcoming public ones the words match (the search backend, read back against the live table),
the best few with a link to the same words in the agenda.
When the search backend is unavailable, the page still lists the pages and says so for the other kinds.
Wagtail is given only the words of the query (``search.text.words``), never its punctuation, which its
database backends would put into FTS5 or ``tsquery`` syntax as is; a query without a word is no search.
The page runs a fixed number of queries whatever the number of results.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q, prefetch_related_objects
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

import search
from ecosystem.access import public_events_q
from ecosystem.models import Actor, Event, Project
from ecosystem.search_specs import matching_event_ids
from search import Query, SearchBackendUnavailable
from search.text import words

RESULTS_PER_PAGE = 10
# Structures and projects shown per kind; the rest is one link away, in the directory or the project list.
TOP_PER_KIND = 5
MAX_QUERY_LENGTH = 200


@dataclass
class Group:
    """One kind of result: its best items, how many there are in all, and where to see them all."""

    kind: str  # "actors" or "projects": the template picks the card and the wording by it
    items: list = field(default_factory=list)
    total: int = 0
    see_all_url: str = ""
    unavailable: bool = False


def _directory_group(kind: str, model, url_name: str, query: str) -> Group:
    group = Group(kind=kind, see_all_url=f"{reverse(url_name)}?{urlencode({'q': query})}")
    try:
        results = search.search(model, Query(text=query, per_page=TOP_PER_KIND, facets=()))
    except SearchBackendUnavailable:
        group.unavailable = True
        return group
    group.items, group.total = results.objects, results.total
    return group


def _event_group(query: str) -> Group:
    """The upcoming public events matching ``query``, best first: the agenda lists upcoming events, so the
    total here is what « see all » shows there."""
    group = Group(kind="events", see_all_url=f"{reverse('ecosystem:agenda')}?{urlencode({'q': query})}")
    try:
        ranks = {pk: rank for rank, pk in enumerate(matching_event_ids(query))}
    except SearchBackendUnavailable:
        group.unavailable = True
        return group
    upcoming = Event.objects.filter(public_events_q(), pk__in=list(ranks), ends_at__gte=timezone.now())
    found = sorted(upcoming.select_related("host", "commune"), key=lambda event: ranks[event.pk])
    group.items, group.total = found[:TOP_PER_KIND], len(found)
    return group


def _readable_pages():
    """Live, public pages in the active language, and the pages that have no translation into it."""
    pages = Page.objects.live().public()
    language = get_language()
    translated = pages.filter(locale__language_code=language).values("translation_key")
    # Wagtail's search filters on indexed fields only (``id`` is one): the choice is made here, in one query.
    ids = pages.filter(Q(locale__language_code=language) | ~Q(translation_key__in=translated))
    return pages.filter(id__in=list(ids.values_list("id", flat=True)))


def site_search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    terms = " ".join(words(query))
    if not terms:
        query = ""
    results = _readable_pages().specific().search(terms) if terms else Page.objects.none()
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    # The template compares each page's locale with the current language: one query, not one per page.
    page.object_list = list(page.object_list)
    prefetch_related_objects(page.object_list, "locale")
    actors = projects = events = None
    if query:
        actors = _directory_group("actors", Actor, "directory:actor_search", query)
        projects = _directory_group("projects", Project, "directory:project_list", query)
        events = _event_group(query)
        prefetch_related_objects(actors.items, "commune")
    page_total = page.paginator.count
    total = page_total + sum(group.total for group in (actors, projects, events) if group)
    context = {
        "query": query,
        "page_obj": page,
        "page_total": page_total,
        "actors": actors,
        "projects": projects,
        "events": events,
        "total": total,
        # Structures and projects are shown with the first page of pages; later pages only page through pages.
        "first_page": page.number == 1,
    }
    return render(request, "cms/search.html", context)
