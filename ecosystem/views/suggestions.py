"""JSON suggestions for the place and structure inputs of every form (``static/js/combobox.js``).

Public reference data only: territories are public, and structures come from ``search.suggest``, which only
returns what the directory may show (hidden structures never appear, whoever asks). Kind to the server: under
``MIN_LENGTH`` characters nothing is searched, at most ``LIMIT`` suggestions are returned in a fixed number of
queries, and browsers may keep an answer for a minute.
"""

from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

import search
from ecosystem.models import Actor, ActorKind, Territory
from ecosystem.territories import SERVED_LEVELS, describe, find_territories, territory_label
from search import SearchBackendUnavailable
from search.text import fold

MIN_LENGTH = 2
MAX_LENGTH = 100
LIMIT = 8
CACHE_SECONDS = 60


def answer(payload: dict, status: int = 200) -> JsonResponse:
    """A suggestion answer: UTF-8 JSON, kept a minute by browsers when it is a success (the data is public)."""
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 200:
        response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def typed_text(request, missing: str = "") -> tuple[str, JsonResponse | None]:
    """``(text, None)``, or ``("", a 400 answer)`` when ``q`` is missing (saying *missing*) or too long."""
    if "q" not in request.GET:
        return "", answer({"detail": missing or gettext("Give what was typed in the “q” parameter.")}, 400)
    text = request.GET["q"].strip()
    if len(text) > MAX_LENGTH:
        detail = gettext("The text is too long (%(max)s characters at most).") % {"max": MAX_LENGTH}
        return "", answer({"detail": detail}, 400)
    return text, None


def long_enough(text: str) -> bool:
    """Whether ``text`` is worth searching: ``MIN_LENGTH`` folded characters at least."""
    return len(fold(text)) >= MIN_LENGTH


@require_GET
def territory_suggestions(request):
    """``?q=haute somme&level=epci`` → ``{"query", "suggestions": [{"value", "name", "detail"}, …]}``, best first.

    ``value`` is what the field should hold (``"Name (code)"``, which resolves to exactly this territory).
    ``level`` may be repeated; without it, the levels a project can serve. One query.
    """
    text, error = typed_text(request)
    if error:
        return error
    levels = [level for level in request.GET.getlist("level") if level in Territory.Level.values]
    found = []
    if long_enough(text):
        found = find_territories(text, tuple(levels) or SERVED_LEVELS, LIMIT)
    return answer(
        {
            "query": text,
            "suggestions": [
                {
                    "value": territory_label(territory),
                    "name": territory.name,
                    "detail": describe(territory).split(" — ", 1)[1],
                }
                for territory in found
            ],
        }
    )


@require_GET
def actor_suggestions(request):
    """``?q=pér&kind=incubator`` → public structures whose name has a word starting so, by name.

    Each suggestion's ``value`` is the structure's name (what the field resolves); ``kind`` may be repeated
    to keep some kinds only. Two queries at most.
    """
    text, error = typed_text(request)
    if error:
        return error
    kinds = {kind for kind in request.GET.getlist("kind") if kind in ActorKind.values}
    actors = []
    if long_enough(text):
        try:
            actors = search.suggest(Actor, text, limit=LIMIT * 3 if kinds else LIMIT)
        except SearchBackendUnavailable:
            return answer({"detail": gettext("Suggestions are temporarily unavailable.")}, 503)
    actors = [actor for actor in actors if not kinds or actor.kind in kinds][:LIMIT]
    prefetch_related_objects(actors, "commune")
    return answer(
        {
            "query": text,
            "suggestions": [
                {
                    "value": actor.name,
                    "name": actor.name,
                    "detail": " · ".join(
                        part
                        for part in (str(actor.get_kind_display()), actor.commune and actor.commune.name)
                        if part
                    ),
                }
                for actor in actors
            ],
        }
    )
