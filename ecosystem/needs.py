"""Mature projects that could answer a territorial need, each with its reasons.

A suggestion is a project ready to swarm (``ecosystem.showcase.ready_projects``) sharing at least one theme
with the need; it ranks by shared themes, then by closeness (not already serving the need's département is
what swarming is for, so a project from elsewhere is not penalised — one already there is said so).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ecosystem.models import Project, TerritorialNeed, Territory
from ecosystem.showcase import ready_projects

SUGGESTED = 5


@dataclass
class Suggestion:
    project: Project
    score: int
    reasons: list[str] = field(default_factory=list)


def need_departement(territory: Territory) -> str:
    if territory.level == Territory.Level.COMMUNE:
        return territory.departement_code
    if territory.level == Territory.Level.DEPARTEMENT:
        return territory.code
    parent = territory.parent
    return parent.code if parent is not None and parent.level == Territory.Level.DEPARTEMENT else ""


def suggest_projects(need: TerritorialNeed, *, projects: list[Project] | None = None) -> list[Suggestion]:
    themes = {theme.pk: theme.name for theme in need.themes.all()}
    departement = need_departement(need.territory)
    suggestions = []
    for project in ready_projects() if projects is None else projects:
        shared = [themes[theme.pk] for theme in project.themes.all() if theme.pk in themes]
        if not shared:
            continue
        reasons = [
            _("Shares the themes: %(themes)s.") % {"themes": ", ".join(shared)},
            _("Meets every criterion to be swarmed."),
        ]
        if departement and departement in project.departements:
            reasons.append(_("Already serves this département."))
        suggestions.append(Suggestion(project, len(shared) * 2 + 1, reasons))
    suggestions.sort(key=lambda s: (-s.score, s.project.title.casefold()))
    return suggestions[:SUGGESTED]
