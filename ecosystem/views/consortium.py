"""The consortium builder page: one proposed partner per open slot, invited in one step. Editors only (404 else).

GET shows :func:`ecosystem.matching.consortium.build_consortium`'s proposal with the reasons of each suggestion
and a checkbox per line, all ticked. POST invites the ticked ones, each through ``invite_partner`` (which checks
access and consent rules itself): an invitation that fails does not stop the others, and the answer says line by
line which were sent and which were not, and why. A ticked value that does not name an open slot of the project
and a structure the person may see was forged: 404, nothing sent.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ecosystem import access
from ecosystem.actions.invitations import invite_partner
from ecosystem.matching.consortium import build_consortium
from ecosystem.models import Actor, PartnerSlot

MESSAGE_MAX_LENGTH = 2000


@dataclass
class Outcome:
    """What became of one ticked line: ``error`` is empty when the invitation was sent."""

    slot: PartnerSlot
    actor: Actor
    error: str = ""


@login_required
def consortium_proposal(request, slug):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    error = ""
    if request.method == "POST":
        pairs = _ticked_pairs(request, project)
        message = request.POST.get("message", "").strip()
        if not pairs:
            error = _("Tick at least one structure to invite.")
        elif len(message) > MESSAGE_MAX_LENGTH:
            error = _("The message is too long (%(max)s characters at most).") % {"max": MESSAGE_MAX_LENGTH}
        else:
            return _invite(request, project, pairs, message)
    proposal = build_consortium(project)
    return render(
        request,
        "ecosystem/consortium_proposal.html",
        {
            "project": project,
            "proposal": proposal,
            "proposed": sum(1 for _, suggestion in proposal if suggestion is not None),
            "error": error,
            "message": request.POST.get("message", ""),
        },
    )


def _ticked_pairs(request, project) -> list[tuple[PartnerSlot, Actor]]:
    """The ``slot-actor`` ids ticked, resolved in two queries; anything not offered by the page → 404."""
    wanted = []
    for value in request.POST.getlist("invite"):
        slot_id, _sep, actor_id = value.partition("-")
        if not (slot_id.isdigit() and actor_id.isdigit()):
            raise Http404
        wanted.append((int(slot_id), int(actor_id)))
    slots = PartnerSlot.objects.filter(project=project, is_open=True).in_bulk([s for s, _ in wanted])
    actors = access.visible_actors(request.user).in_bulk([a for _, a in wanted])
    if any(s not in slots or a not in actors for s, a in wanted):
        raise Http404
    if len({a for _, a in wanted}) < len(wanted) or len({s for s, _ in wanted}) < len(wanted):
        raise Http404  # the page proposes one structure per slot and never the same structure twice
    return [(slots[s], actors[a]) for s, a in wanted]


def _invite(request, project, pairs, message: str):
    outcomes = []
    for slot, actor in pairs:
        outcome = Outcome(slot, actor)
        try:
            invite_partner(request.user, project, actor, slot=slot, message=message)
        except (ValidationError, PermissionDenied) as problem:
            # A ValidationError says why in French; a refusal of access has no message to show.
            reasons = getattr(problem, "messages", None) or [_("You may not invite this structure.")]
            outcome.error = " ".join(str(reason) for reason in reasons)
        outcomes.append(outcome)
    sent = [o for o in outcomes if not o.error]
    if len(sent) == len(outcomes):
        messages.success(
            request,
            ngettext("Invitation sent to %(names)s.", "Invitations sent to %(names)s.", len(sent))
            % {"names": ", ".join(o.actor.name for o in sent)},
        )
        return redirect(reverse("ecosystem:partnership_list", args=[project.slug]))
    return render(
        request,
        "ecosystem/consortium_proposal.html",
        {"project": project, "outcomes": outcomes, "sent": len(sent), "failed": len(outcomes) - len(sent)},
    )
