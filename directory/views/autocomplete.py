"""Suggestions for the directory's search box: public structures whose name has a word starting so.

A thin JSON view over ``search.suggest`` (the configured backend; accents and case ignored; only what the
search may show, so hidden structures never appear). Kind to the server and to people typing: a prefix of
fewer than ``MIN_LENGTH`` letters answers an empty list without searching, at most ``LIMIT`` suggestions are
returned, and browsers may keep an answer for a minute (the data is public); these rules are the place and
structure inputs' too (:mod:`ecosystem.views.suggestions`). The script that calls it
(``static/js/combobox.js``) waits for a pause in the typing and cancels the request it no longer needs.
Three queries at most, whatever the number of matches.
"""

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

import search
from ecosystem.models import Actor
from ecosystem.views.suggestions import LIMIT, answer, long_enough, typed_text
from search import SearchBackendUnavailable


@require_GET
def actor_suggestions(request):
    """``?q=pér`` → ``{"query": "pér", "suggestions": [{"name", "kind", "commune", "url"}, …]}``, name order."""
    text, error = typed_text(request, gettext("Give the beginning of a name in the “q” parameter."))
    if error:
        return error
    actors = []
    if long_enough(text):
        try:
            actors = search.suggest(Actor, text, limit=LIMIT)
        except SearchBackendUnavailable:
            return answer({"detail": gettext("Suggestions are temporarily unavailable.")}, 503)
    prefetch_related_objects(actors, "commune")
    return answer(
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
