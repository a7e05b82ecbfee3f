"""Search the messages of the rooms I may read (all of them, or one room with ``?salon=<id>``)."""

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.shortcuts import render

from spaces import access
from spaces.forms import SearchForm
from spaces.history import search_messages
from spaces.serializers import room_label
from spaces.text import excerpt
from spaces.views.room_page import decorate

RESULTS_SHOWN = 50


@login_required
def search(request):
    user = request.user
    form = SearchForm(request.GET or None)
    room = None
    results = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if form.cleaned_data["salon"]:
            room = access.get_visible_room_or_404(user, form.cleaned_data["salon"])
        if query:
            results = list(search_messages(user, query, room=room, limit=RESULTS_SHOWN))
    # Direct conversations are named after the other side: read those names for every result at once.
    prefetch_related_objects(results, "room__contact_actor", "room__started_by")
    decorate(results, user)  # results are read here; acting on one happens in its room
    for message in results:
        message.room_name = room_label(message.room, user)
        message.excerpt = excerpt(message.text, 240)
    context = {
        "form": form,
        "search_query": query,  # not "query": the header's site search box shows that one
        "room": room,
        "room_name": room_label(room, user) if room else "",
        "results": results,
        "limit": RESULTS_SHOWN,
    }
    return render(request, "spaces/search.html", context)
