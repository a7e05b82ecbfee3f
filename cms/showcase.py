"""The showcase's filters: checkboxes read from the query string, offered from the ready projects themselves.

A plain GET form, so it works without JavaScript. Each group offers the values the shown projects have
(plus those chosen), with their counts; unknown values in the query string are ignored.
"""

from collections import Counter

from django.conf import settings
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ecosystem.geojson import geojson_response
from ecosystem.models import Phase, Project, Territory
from ecosystem.showcase import facet_values, map_features, map_places

FILTERS = (
    ("theme", _("Theme")),
    ("departement", _("Département served")),
    ("phase", _("Phase")),
    ("action_type", _("Type of action")),
    ("label", _("Label awarded")),
)


def _labels(projects) -> dict[str, dict[str, str]]:
    codes = {code for project in projects for code in project.departements}
    departements = Territory.objects.filter(level=Territory.Level.DEPARTEMENT, code__in=codes)
    themes = {theme.slug: theme.name for project in projects for theme in project.themes.all()}
    return {
        "theme": themes,
        "departement": {t.code: f"{t.name} ({t.code})" for t in departements},
        "phase": {value: str(label) for value, label in Phase.choices},
        "action_type": {value: str(label) for value, label in Project.ActionType.choices},
        "label": {a.call.slug: a.call.label for project in projects for a in project.labelled_applications},
    }


def apply(projects: list[Project], query) -> tuple[list[Project], list[dict]]:
    """The projects matching every chosen filter (any value within a group), and the groups to show."""
    labels = _labels(projects)
    chosen = {name: [v for v in query.getlist(name) if v in labels[name]] for name, _legend in FILTERS}
    values = {project.pk: facet_values(project) for project in projects}
    shown = [
        project
        for project in projects
        if all(not wanted or set(wanted) & set(values[project.pk][name]) for name, wanted in chosen.items())
    ]
    groups = []
    for name, legend in FILTERS:
        counts = Counter(value for project in shown for value in values[project.pk][name])
        options = sorted(set(counts) | set(chosen[name]), key=lambda v: labels[name].get(v, v).casefold())
        if options:
            groups.append(
                {
                    "name": name,
                    "legend": legend,
                    "options": [
                        {
                            "value": value,
                            "label": capfirst(labels[name].get(value, value)),
                            "count": counts.get(value, 0),
                            "checked": value in chosen[name],
                            "id": f"filter-{name}-{index}",
                        }
                        for index, value in enumerate(options)
                    ],
                    "hint": "",
                }
            )
    return shown, groups


def _query_string(query) -> str:
    """The showcase's filters only, in a stable order: the map's data follows the list's."""
    pairs = [(name, value) for name, _legend in FILTERS for value in query.getlist(name)]
    return urlencode(pairs)


def chosen_themes(groups: list[dict]) -> list[str]:
    """The themes the showcase is filtered by, among those it knows (the needs on the map follow them)."""
    return [o["value"] for g in groups if g["name"] == "theme" for o in g["options"] if o["checked"]]


def map_context(page, shown: list[Project], groups: list[dict], query) -> dict:
    """What the showcase template needs for its map (static/js/directory-map.js) and the map's list."""
    places = map_places(shown, themes=chosen_themes(groups))
    string = _query_string(query)
    return {
        "map_places": places,
        "map_summary": _summary(places),
        "geojson_url": f"{page.url}carte/" + (f"?{string}" if string else ""),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


def _summary(places: list[dict]) -> str:
    drawn = sum(1 for place in places if place["point"] is not None)
    text = ngettext(
        "The map shows %(count)s place: ready projects, their replications and territorial needs.",
        "The map shows %(count)s places: ready projects, their replications and territorial needs.",
        drawn,
    ) % {"count": drawn}
    if drawn < len(places):
        missing = len(places) - drawn
        text += " " + ngettext(
            "%(count)s place without a known location is only in the list.",
            "%(count)s places without a known location are only in the list.",
            missing,
        ) % {"count": missing}
    return text


def map_geojson(shown: list[Project], groups: list[dict]):
    places = map_places(shown, themes=chosen_themes(groups))
    return geojson_response(map_features(places), _summary(places))
