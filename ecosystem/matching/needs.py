"""Mature projects for a territorial need: ready projects sharing a theme, ranked and explained.

The need's side of matching (the partner side is :mod:`.ranking`): the same shape of answer — a score made
of weighted parts, and one sentence per part that counts (:mod:`.reasons` words the distance). Parts:

* ``theme``: the share of the need's themes the project has (a project sharing none is not suggested);
* ``answer``: the project's own words (title, summary, need answered) name the kind of answer sought — a
  project has no structured field for it, so each kind lists the words that say it (:data:`ANSWER_WORDS`);
* ``distance``: how close the project's nearest served territory (else its lead's commune) is to the need's
  territory, ``exp(-km / DISTANCE_SCALE_KM)`` (see :mod:`ecosystem.places` for wider territories' points);
* ``readiness``: every suggestion meets every criterion; a project already serving the need's département
  is said so (swarming is for elsewhere, so it is not ranked higher for it).
"""

import math
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ecosystem.geography.names import normalise_name
from ecosystem.models import Project, TerritorialNeed, Territory
from ecosystem.places import territory_points
from search.query import great_circle_km

from .reasons import distance as distance_sentence

WEIGHTS = {"theme": 0.4, "answer": 0.2, "distance": 0.25, "readiness": 0.15}
DISTANCE_SCALE_KM = 100
# Words (accents and case folded, matched at a word's start) by which a project says what kind of answer it is.
ANSWER_WORDS = {
    TerritorialNeed.AnswerKind.PLACE: (
        "tiers lieu", "lieu", "local", "atelier", "boutique", "cafe", "garage", "maison", "epicerie",
        "ressourcerie", "recyclerie", "jardin",
    ),
    TerritorialNeed.AnswerKind.SERVICE: ("service", "livraison", "transport", "portage", "mobilite", "plateforme"),
    TerritorialNeed.AnswerKind.SUPPORT: (
        "accompagn", "soutien", "aidant", "insertion", "mediation", "formation", "repit",
    ),
}  # fmt: skip


@dataclass
class NeedSuggestion:
    project: Project
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    km: float | None = None


def need_departement(territory: Territory) -> str:
    """The code of the département the need's territory lies in ("" for a région)."""
    if territory.level == Territory.Level.COMMUNE:
        return territory.departement_code
    if territory.level == Territory.Level.DEPARTEMENT:
        return territory.code
    parent = territory.parent
    return parent.code if parent is not None and parent.level == Territory.Level.DEPARTEMENT else ""


def answer_word(project: Project, kind: str) -> str:
    """The first word of ``kind`` the project's text uses, or ""."""
    text = " " + normalise_name(" ".join((project.title, project.summary, project.need))) + " "
    for word in ANSWER_WORDS.get(kind, ()):
        if re.search(rf"\b{re.escape(word)}", text):
            return word
    return ""


def _project_points(project: Project, points) -> list[tuple[float, float]]:
    served = [points[t.pk] for t in project.territories_served.all() if t.pk in points]
    commune = project.lead_actor.commune
    if not served and commune is not None and commune.pk in points:
        served.append(points[commune.pk])
    return served


def suggest_for_need(
    need: TerritorialNeed, projects: list[Project], *, limit: int = 5
) -> list[NeedSuggestion]:
    """Ranked suggestions among ``projects`` (ready projects, as :func:`ecosystem.showcase.ready_projects`
    gives them: themes, territories served and lead's commune loaded), best first, ``limit`` at most."""
    themes = {theme.pk: theme.name for theme in need.themes.all()}
    departement = need_departement(need.territory)
    communes = [p.lead_actor.commune for p in projects if p.lead_actor.commune is not None]
    served = [t for p in projects for t in p.territories_served.all()]
    points = territory_points([need.territory, *served, *communes])
    here = points.get(need.territory.pk)
    suggestions = []
    for project in projects:
        shared = [themes[theme.pk] for theme in project.themes.all() if theme.pk in themes]
        if not shared:
            continue
        suggestion = NeedSuggestion(project, 0.0)
        suggestion.parts["theme"] = len(shared) / len(themes)
        reasons = {"theme": _("Shares the themes: %(themes)s.") % {"themes": ", ".join(shared)}}
        word = answer_word(project, need.answer_kind)
        suggestion.parts["answer"] = 1.0 if word else 0.0
        if word:
            reasons["answer"] = _(
                "Brings the kind of answer sought: its description speaks of « %(word)s »."
            ) % {"word": word}
        distances = (
            [great_circle_km(*here, *point) for point in _project_points(project, points)] if here else []
        )
        suggestion.parts["distance"] = 0.0
        if distances:
            suggestion.km = min(distances)
            suggestion.parts["distance"] = math.exp(-suggestion.km / DISTANCE_SCALE_KM)
            reasons["distance"] = distance_sentence(suggestion.km, need.territory.name) + "."
        suggestion.parts["readiness"] = 1.0
        reasons["readiness"] = _("Meets every criterion to be swarmed.")
        if departement and departement in project.departements:
            reasons["served"] = _("Already serves this département.")
        suggestion.score = sum(WEIGHTS[name] * value for name, value in suggestion.parts.items())
        suggestion.reasons = [reasons[name] for name in (*WEIGHTS, "served") if name in reasons]
        suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.project.title.casefold()))
    return suggestions[:limit]
