"""Consortium views: list partners and invite new ones, edit a partnership, record a departure. Editors only
(404 else). A partner joins only by accepting an invitation (:mod:`ecosystem.views.invitations`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access
from ecosystem.actions import partnerships as actions
from ecosystem.forms.invitations import InvitationForm
from ecosystem.forms.projects import PartnershipEditForm
from ecosystem.matching.coherence import partnership_coherence
from ecosystem.models import PartnerInvitation, Partnership
from ecosystem.views.invitations import invite_with_form


def _partners_url(project) -> str:
    return reverse("ecosystem:partnership_list", args=[project.slug])


# How many closed proposals the partners page recalls.
CLOSED_SHOWN = 10


@login_required
def partnership_list(request, slug):
    """The consortium, the proposals waiting for an answer, and the form inviting a structure (POST)."""
    project = access.get_editable_project_or_404(request.user, slug=slug)
    form = InvitationForm(
        request.POST or None, project=project, candidates=access.visible_actors(request.user)
    )
    if request.method == "POST":
        response = invite_with_form(request, project, form)
        if response is not None:
            return response
    partnerships = list(project.partnerships.select_related("actor"))
    invitations = project.partner_invitations.select_related("actor", "slot")
    pending = invitations.filter(status=PartnerInvitation.Status.PENDING)
    # The answers the team may have missed: declined, withdrawn or expired proposals, newest first.
    closed = invitations.filter(
        status__in=[
            PartnerInvitation.Status.DECLINED,
            PartnerInvitation.Status.EXPIRED,
            PartnerInvitation.Status.WITHDRAWN,
        ]
    ).order_by("-answered_at", "-pk")[:CLOSED_SHOWN]
    return render(
        request,
        "ecosystem/partnership_list.html",
        {
            "project": project,
            "partnerships": partnerships,
            "pending": pending,
            "closed": closed,
            "form": form,
            "coherence": partnership_coherence(project, partnerships),
        },
    )


def _editable_partnership(request, slug, pk):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    partnership = get_object_or_404(Partnership.objects.select_related("actor"), pk=pk, project=project)
    return project, partnership


@login_required
def partnership_edit(request, slug, pk):
    project, partnership = _editable_partnership(request, slug, pk)
    form = PartnershipEditForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_partnership(
                request.user, partnership, nature=data["nature"], role=data["role"], status=data["status"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Partnership saved."))
            return redirect(_partners_url(project))
    return render(
        request,
        "ecosystem/partnership_form.html",
        {"project": project, "partnership": partnership, "form": form},
    )


@login_required
@require_POST
def partnership_leave(request, slug, pk):
    project, partnership = _editable_partnership(request, slug, pk)
    actions.mark_partner_left(request.user, partnership)
    messages.success(
        request, _("%(name)s is marked as having left the project.") % {"name": partnership.actor}
    )
    return redirect(_partners_url(project))
