"""The coherence of a project's partnership, as the call's jury reads it.

The call (mission/sieg-innovation-sociale.txt) judges « la cohérence et la pertinence du partenariat escompté »,
« avec une attention à la collaboration avec des équipes de recherche », and asks every partner's nature and role,
and users (or their representatives) involved in designing the answer. :func:`assess` turns that criterion into
five checks, each met or saying in plain words what is missing, so an editor sees what to complete before
applying. It is a pure function over data already loaded; :func:`partnership_coherence` loads that data in two
queries whatever the size of the consortium (the lead actor comes with the project).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ecosystem.models import ActorKind, Partnership, PartnerSlot

from .profiles import family

# The five stakeholder families are the engine's (:data:`ecosystem.matching.profiles.FAMILIES`), so the panel
# and the complementarity part of the score never disagree on what a family is.
FAMILY_LABELS = {
    "company": gettext_lazy("a company"),
    "association": gettext_lazy("an association or social economy structure"),
    "research": gettext_lazy("a research team"),
    "public": gettext_lazy("a local authority or public body"),
    "users": gettext_lazy("users or their representatives"),
}
# A collective of fewer kinds than this reads as one sector talking to itself.
MIN_FAMILIES = 3


@dataclass(frozen=True)
class CoherenceCheck:
    key: str
    label: str  # what is checked, translated
    met: bool
    detail: str  # why it is met, or what is missing, translated


def _join(labels: Iterable) -> str:
    return ", ".join(str(label) for label in labels)


def assess(
    project, partnerships: Iterable[Partnership], open_slots: Iterable[PartnerSlot]
) -> list[CoherenceCheck]:
    """The five checks for ``project`` (its ``lead_actor`` loaded), in the order the panel shows them.

    ``partnerships`` may hold every status: only active ones count (a partner who left is history, a pending
    invitation is not a partner). ``open_slots`` are the project's slots still open. No query is made.
    """
    partners = [p for p in partnerships if p.status == Partnership.Status.ACTIVE]
    slots = list(open_slots)
    kinds = {project.lead_actor.kind} | {p.actor.kind for p in partners}
    families = {family(kind) for kind in kinds} - {None}
    missing = [label for name, label in FAMILY_LABELS.items() if name not in families]
    covered = [label for name, label in FAMILY_LABELS.items() if name in families]

    checks = []
    if len(families) >= MIN_FAMILIES:
        detail = _("Covered: %(covered)s.") % {"covered": _join(covered)}
    else:
        detail = _("Only %(count)s kind(s) of stakeholder out of %(min)s expected; missing: %(missing)s.") % {
            "count": len(families),
            "min": MIN_FAMILIES,
            "missing": _join(missing),
        }
    checks.append(
        CoherenceCheck("families", _("Kinds of stakeholder covered"), len(families) >= MIN_FAMILIES, detail)
    )

    undescribed = [p.actor.name for p in partners if not (p.nature.strip() and p.role.strip())]
    if not partners:
        described = CoherenceCheck(
            "described", _("Every partner's nature and role described"), False, _("No partner yet.")
        )
    elif undescribed:
        described = CoherenceCheck(
            "described",
            _("Every partner's nature and role described"),
            False,
            _("Describe the nature and role of: %(names)s.") % {"names": _join(undescribed)},
        )
    else:
        described = CoherenceCheck(
            "described",
            _("Every partner's nature and role described"),
            True,
            ngettext(
                "The partner's nature and role are described.",
                "The %(count)s partners' natures and roles are described.",
                len(partners),
            )
            % {"count": len(partners)},
        )
    checks.append(described)

    researchers = [p.actor.name for p in partners if family(p.actor.kind) == "research"]
    if project.lead_actor.kind == ActorKind.RESEARCH:
        researchers.insert(0, project.lead_actor.name)
    if researchers:
        detail = _("Research team: %(names)s.") % {"names": _join(researchers)}
    else:
        seeking = [s.title for s in slots if ActorKind.RESEARCH in (s.kinds or [])]
        detail = _(
            "No research team in the consortium; the jury pays attention to collaboration with research."
        )
        if seeking:
            detail += " " + _("Open slot seeking one: %(titles)s.") % {"titles": _join(seeking)}
    checks.append(CoherenceCheck("research", _("A research partner"), bool(researchers), detail))

    users = [p.actor.name for p in partners if p.actor.kind == ActorKind.USERS_GROUP]
    if project.lead_actor.kind == ActorKind.USERS_GROUP:
        users.insert(0, project.lead_actor.name)
    if users:
        detail, met = _("Users' group in the consortium: %(names)s.") % {"names": _join(users)}, True
    elif project.user_involvement.strip():
        detail, met = _("The project describes how users took part in designing the answer."), True
    else:
        detail, met = (
            _(
                "Add a users' or citizens' group as a partner, or describe in the project how users took part "
                "in designing the answer."
            ),
            False,
        )
    checks.append(CoherenceCheck("users", _("Users or their representatives involved"), met, detail))

    if slots:
        detail = ngettext(
            "%(count)s slot still open: %(titles)s.", "%(count)s slots still open: %(titles)s.", len(slots)
        ) % {"count": len(slots), "titles": _join(s.title for s in slots)}
    else:
        detail = _("No slot left open.")
    checks.append(CoherenceCheck("slots", _("Open slots filled"), not slots, detail))
    return checks


def partnership_coherence(project, partnerships: Iterable[Partnership] | None = None) -> list[CoherenceCheck]:
    """:func:`assess` for ``project``, loading what is not given: two queries at most, whatever the size.

    Pass ``partnerships`` (with their actors) when the caller already loaded them, to save one query.
    """
    if partnerships is None:
        partnerships = Partnership.objects.filter(
            project=project, status=Partnership.Status.ACTIVE
        ).select_related("actor")
    open_slots = PartnerSlot.objects.filter(project=project, is_open=True).order_by("created_at")
    return assess(project, partnerships, open_slots)
