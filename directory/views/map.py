"""The directory map's data: the current search of ``/annuaire/`` as GeoJSON, for ``static/js/directory-map.js``.

Takes the directory page's own parameters (``q``, facets, ``commune`` and ``radius``, ``sort``) and reads
them with the same form and the same search, so the map always shows the structures the list shows —
public actors only, whatever the visitor, however stale the index. The whole result set is read at once
(``result_set.whole_result_set``), up to ``MAX_FEATURES`` structures (a map of more is unreadable and slow to draw; the answer says
when it was cut). Structures without a known location are counted, not drawn.

Unlike the page, which is lenient with old bookmarks, this endpoint is called with the clean parameters the
page gives it: any parameter the form would ignore answers 400 with the reasons. The number of queries does
not depend on the number of results.
"""

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from directory.forms import DirectorySearchForm
from ecosystem import access
from ecosystem.geojson import geojson_response, point_feature
from ecosystem.models import Actor
from ecosystem.showcase import map_features, map_places
from search import SearchBackendUnavailable

from .result_set import whole_result_set

MAX_FEATURES = 1_000


def _feature(actor: Actor) -> dict | None:
    commune = actor.commune
    if commune is None or commune.latitude is None or commune.longitude is None:
        return None
    properties = {
        "name": actor.name,
        "kind": actor.kind,
        "kind_label": str(actor.get_kind_display()),
        "commune": commune.name,
        "url": reverse("directory:actor_detail", args=[actor.slug]),
    }
    return point_feature(actor.slug, (commune.latitude, commune.longitude), properties)


def _summary(total: int, shown: int, without_location: int, truncated: bool) -> str:
    """One sentence for the map's text alternative, in the page's language."""
    parts = [
        ngettext("%(count)s structure shown on the map.", "%(count)s structures shown on the map.", shown)
        % {"count": shown}
    ]
    if without_location:
        parts.append(
            ngettext(
                "%(count)s structure without a known location is only in the list.",
                "%(count)s structures without a known location are only in the list.",
                without_location,
            )
            % {"count": without_location}
        )
    if truncated:
        parts.append(
            gettext(
                "The map stops at the first %(max)s of the %(total)s structures found: narrow the search."
            )
            % {"max": MAX_FEATURES, "total": total}
        )
    return " ".join(parts)


def _error(status: int, detail: str, errors: list[str] | None = None) -> JsonResponse:
    payload = {"detail": detail}
    if errors:
        payload["errors"] = errors
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


@require_GET
def actor_map_geojson(request):
    """``{"type": "FeatureCollection", "total", "count", "without_location", "truncated", "summary",
    "features": [Point features with name, kind, kind_label, commune, url]}``; 400 for bad parameters."""
    form = DirectorySearchForm(request.GET)
    form.is_valid()
    if form.notices:
        return _error(400, gettext("Some parameters of the search are not valid."), form.notices)
    try:
        actors, total = whole_result_set(form, MAX_FEATURES, "commune")
    except SearchBackendUnavailable:
        return _error(
            503, gettext("The directory search is temporarily unavailable; please try again later.")
        )
    features = [feature for feature in map(_feature, actors) if feature]
    truncated = total > len(actors)
    without_location = len(actors) - len(features)
    summary = _summary(total, len(features), without_location, truncated)
    response = geojson_response(
        features, summary, total=total, without_location=without_location, truncated=truncated
    )
    response["X-Total-Count"] = str(total)
    return response


@require_GET
def project_lineage_geojson(request, slug):
    """A project's lineage map: its territories served and the places it was swarmed to (confirmed)."""
    project = access.get_visible_project_or_404(request.user, slug=slug)
    features = map_features(map_places([project], with_needs=False))
    summary = ngettext(
        "%(count)s place of the project and its replications on the map.",
        "%(count)s places of the project and its replications on the map.",
        len(features),
    ) % {"count": len(features)}
    return geojson_response(features, summary)
