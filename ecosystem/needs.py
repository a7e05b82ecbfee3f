"""Mature projects that could answer a territorial need, each with its reasons.

A suggestion is a project ready to swarm (``ecosystem.showcase.ready_projects``) sharing at least one theme
with the need, ranked by the matching machinery (:mod:`ecosystem.matching.needs`: theme, kind of answer,
distance, readiness) and explained one sentence per part.
"""

from ecosystem.matching.needs import NeedSuggestion, suggest_for_need
from ecosystem.models import Project, TerritorialNeed
from ecosystem.showcase import ready_projects

SUGGESTED = 5


def suggest_projects(need: TerritorialNeed, *, projects: list[Project] | None = None) -> list[NeedSuggestion]:
    candidates = ready_projects() if projects is None else projects
    return suggest_for_need(need, candidates, limit=SUGGESTED)
