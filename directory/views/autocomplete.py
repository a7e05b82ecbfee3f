"""Suggestions for the directory's search box: public structures whose name has a word starting so.

A thin JSON view over ``search.suggest`` (the configured backend; accents and case ignored; only what the
search may show, so hidden structures never appear). Kind to the server and to people typing: a prefix of
fewer than ``MIN_LENGTH`` letters answers an empty list without searching, at most ``LIMIT`` suggestions are
returned, and browsers may keep an answer for a minute (the data is public). The script that calls it
(``static/js/autocomplete.js``) waits for a pause in the typing and cancels the request it no longer needs.
Three queries at most, whatever the number of matches.
"""

from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

import search
from ecosystem.models import Actor
from search import SearchBackendUnavailable
from search.text import fold

MIN_LENGTH = 2
MAX_LENGTH = 100
LIMIT = 8
CACHE_SECONDS = 60


def _answer(payload: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


@require_GET
def actor_suggestions(request):
    """``?q=pér`` → ``{"query": "pér", "suggestions": [{"name", "kind", "commune", "url"}, …]}``, name order."""
    if "q" not in request.GET:
        return _answer({"detail": gettext("Give the beginning of a name in the “q” parameter.")}, 400)
    text = request.GET["q"].strip()
    if len(text) > MAX_LENGTH:
        return _answer(
            {"detail": gettext("The text is too long (%(max)s characters at most).") % {"max": MAX_LENGTH}},
            400,
        )
    actors = []
    if len(fold(text)) >= MIN_LENGTH:
        try:
            actors = search.suggest(Actor, text, limit=LIMIT)
        except SearchBackendUnavailable:
            return _answer({"detail": gettext("Suggestions are temporarily unavailable.")}, 503)
    prefetch_related_objects(actors, "commune")
    response = _answer(
        {
            "query": text,
            "suggestions": [
                {
                    "name": actor.name,
                    "kind": str(actor.get_kind_display()),
                    "commune": actor.commune.name if actor.commune else "",
                    "url": reverse("directory:actor_detail", args=[actor.slug]),
                }
                for actor in actors
            ],
        }
    )
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
