"""Who to meet at an event, ranked by the partner matching: the registrants whose structures the matching
suggests for the open partner slots of one's own structures' projects, best first, with its reasons.

For partner meetings (``ecosystem.views.meetings``): the matching's own ranking and sentences
(:func:`ecosystem.matching.ranking.suggest_for_slot`, narrowed to the registrants' structures), nothing
scored twice. Registrants the matching does not suggest follow, in their usual order, without reasons.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ecosystem.access import public_projects_q
from ecosystem.models import Membership, PartnerSlot, Project, User

from .ranking import suggest_for_slot

# Open slots considered per person: those of their structures' most recent published projects.
MAX_SLOTS = 5


@dataclass
class RankedRegistrant:
    person: User
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)


def rank_registrants(user, registrants: list[User]) -> list[RankedRegistrant]:
    mine = Membership.objects.filter(user=user).values("actor")
    slots = list(
        PartnerSlot.objects.filter(
            is_open=True,
            project__lead_actor__in=mine,
            project__in=Project.objects.filter(public_projects_q()),
        )
        .select_related("project")
        .order_by("-project__created_at", "pk")[:MAX_SLOTS]
    )
    ranked = {person.pk: RankedRegistrant(person) for person in registrants}
    if slots and ranked:
        structures: dict[int, list[int]] = {}
        for person_id, actor_id in Membership.objects.filter(user__in=list(ranked)).values_list(
            "user", "actor"
        ):
            structures.setdefault(actor_id, []).append(person_id)
        for slot in slots:
            suggestions = suggest_for_slot(slot, limit=len(structures) or 1, among=structures)
            for suggestion in suggestions:
                for person_id in structures.get(suggestion.actor.pk, ()):
                    entry = ranked[person_id]
                    if suggestion.score > entry.score:
                        entry.score = suggestion.score
                        entry.reasons = [
                            _("%(structure)s for “%(role)s” of your project “%(project)s”")
                            % {
                                "structure": suggestion.actor.name,
                                "role": slot.title,
                                "project": slot.project.title,
                            },
                            *suggestion.reasons,
                        ]
    # Best matches first; the others keep the order they were given in (a stable sort).
    return sorted(ranked.values(), key=lambda entry: -entry.score)
