"""A partner slot's page and its ranked suggestions (HTML and JSON): thin views over ``ecosystem.matching``.

Whoever may see the project sees an open slot; only the project's people and staff see the suggestions
(``access.can_see_suggestions``); a closed, unknown or other project's slot answers 404, as does the JSON
for anyone else, so neither tells who is being considered.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render

from ecosystem import access, matching
from ecosystem.models import MatchingSettings, PartnerSlot

# How many suggestions the page and the JSON show.
SHOWN = 10


def _open_slot_or_404(user, slug, pk):
    project = access.get_visible_project_or_404(user, slug=slug)
    slot = (
        PartnerSlot.objects.filter(pk=pk, project=project, is_open=True)
        .select_related("scope_territory")
        .prefetch_related("seeks")
        .first()
    )
    if slot is None:
        raise Http404
    slot.project = project  # already loaded, with its lead actor
    return project, slot


def part_labels() -> dict[str, str]:
    """Each part's name as staff read it in the setting (one place for the labels)."""
    return {name: MatchingSettings._meta.get_field(name).verbose_name for name in matching.PARTS}


def partnerslot_detail(request, slug, pk):
    project, slot = _open_slot_or_404(request.user, slug, pk)
    can_see = access.can_see_suggestions(request.user, project)
    suggestions = matching.suggest_for_slot(slot, limit=SHOWN) if can_see else []
    labels = part_labels()
    rows = [
        {
            "suggestion": suggestion,
            "parts": [
                {"name": name, "label": labels[name], "value": value}
                for name, value in suggestion.parts.items()
                if value
            ],
        }
        for suggestion in suggestions
    ]
    context = {
        "project": project,
        "slot": slot,
        "can_see_suggestions": can_see,
        "can_edit": access.can_edit_project(request.user, project),
        "rows": rows,
    }
    return render(request, "ecosystem/partnerslot_detail.html", context)


def partnerslot_suggestions_json(request, slug, pk):
    """``[{"slug", "name", "score", "parts": {…}}]`` in rank order; 404 unless the person may see them."""
    project, slot = _open_slot_or_404(request.user, slug, pk)
    if not access.can_see_suggestions(request.user, project):
        raise Http404
    return JsonResponse(matching.as_json(matching.suggest_for_slot(slot, limit=SHOWN)), safe=False)
