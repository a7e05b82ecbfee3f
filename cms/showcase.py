"""The showcase's filters: checkboxes read from the query string, offered from the ready projects themselves.

A plain GET form, so it works without JavaScript. Each group offers the values the shown projects have
(plus those chosen), with their counts; unknown values in the query string are ignored.
"""

from collections import Counter

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ecosystem.models import Phase, Project, Territory
from ecosystem.showcase import facet_values

FILTERS = (
    ("theme", _("Theme")),
    ("departement", _("Département served")),
    ("phase", _("Phase")),
    ("action_type", _("Type of action")),
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
