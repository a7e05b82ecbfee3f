"""Consent to a partnership: invite a structure, express interest in a slot, answer, withdraw, list.

Thin views over :mod:`ecosystem.actions.invitations`; who may do what is in ``ecosystem.access`` and anything
a person may not act on is a 404. Every action is a plain POST form (no JavaScript needed).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access
from ecosystem.actions import invitations as actions
from ecosystem.forms.invitations import AcceptForm, InterestForm, InvitationForm
from ecosystem.models import PartnerInvitation, PartnerSlot

Status = PartnerInvitation.Status


def pending_to_answer(user):
    """What the lists show of the proposals waiting for ``user``'s side, in a constant number of queries."""
    return (
        access.invitations_to_answer(user)
        .select_related("project__lead_actor", "actor", "slot")
        .order_by("expires_at", "pk")
    )


def _back(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _errors_to(form, error: ValidationError, field=None) -> None:
    for message in error.messages:
        form.add_error(field, message)


def invite_with_form(request, project, form: InvitationForm):
    """Shared by the partners page and ``invitation_create``: the redirect on success, else None."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        actions.invite_partner(
            request.user,
            project,
            data["actor"],
            slot=data["slot"],
            message=data["message"],
            nature=data["nature"],
            role=data["role"],
        )
    except ValidationError as error:
        _errors_to(form, error, "actor")
        return None
    messages.success(request, _("Invitation sent to %(name)s.") % {"name": data["actor"].name})
    return redirect(reverse("ecosystem:partnership_list", args=[project.slug]))


@login_required
def invitation_create(request, slug):
    """GET: the invitation form, pre-filled from ``?structure=<actor slug>&place=<slot id>``; POST: invite."""
    project = access.get_editable_project_or_404(request.user, slug=slug)
    initial = {}
    structure = request.GET.get("structure")
    if structure:
        initial["actor"] = access.get_visible_actor_or_404(request.user, slug=structure).name
    place = request.GET.get("place")
    if place:
        if not place.isdigit():
            raise Http404
        initial["slot"] = get_object_or_404(PartnerSlot, pk=place, project=project, is_open=True)
    form = InvitationForm(
        request.POST or None,
        initial=initial,
        project=project,
        candidates=access.visible_actors(request.user),
    )
    if request.method == "POST":
        response = invite_with_form(request, project, form)
        if response is not None:
            return response
    return render(request, "ecosystem/partnerinvitation_form.html", {"project": project, "form": form})


@login_required
def interest_create(request, slug, pk):
    """A structure's admin tells the project they would like to fill its open slot ``pk``."""
    project = access.get_visible_project_or_404(request.user, slug=slug)
    slot = get_object_or_404(PartnerSlot, pk=pk, project=project, is_open=True)
    administered = access.actors_user_administers(request.user).exclude(pk=project.lead_actor_id)
    if not administered.exists():
        raise Http404
    initial = {}
    structure = request.GET.get("structure")
    if structure:
        initial["actor"] = get_object_or_404(administered, slug=structure)
    form = InterestForm(request.POST or None, initial=initial, actors=administered)
    if request.method == "POST" and form.is_valid():
        actor = form.cleaned_data["actor"]
        try:
            actions.express_interest(request.user, slot, actor, message=form.cleaned_data["message"])
        except ValidationError as error:
            _errors_to(form, error, "actor")
        else:
            messages.success(
                request,
                _("Your interest was sent to the team of %(project)s.") % {"project": project.title},
            )
            return redirect(reverse("ecosystem:invitation_list"))
    return render(
        request, "ecosystem/partnerinvitation_interest.html", {"project": project, "slot": slot, "form": form}
    )


def _answerable(request, pk) -> PartnerInvitation:
    invitation = access.get_visible_invitation_or_404(request.user, pk=pk)
    if not access.can_answer_invitation(request.user, invitation):
        raise Http404
    return invitation


@login_required
def invitation_answer(request, pk, answer):
    """POST accepts or declines; GET shows the proposal with the nature and role to confirm (asked when the
    proposal lacks them)."""
    invitation = _answerable(request, pk)
    done = _back(request, reverse("ecosystem:invitation_list"))
    form = AcceptForm(initial={"nature": invitation.nature, "role": invitation.role})
    if request.method == "POST" and invitation.status == Status.PENDING:
        if answer == "decline":
            try:
                actions.decline_invitation(request.user, invitation)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Proposal declined."))
            return redirect(done)
        # The buttons of a list post no nature and role: the proposed ones are accepted as they are.
        form = AcceptForm(
            {
                "nature": request.POST.get("nature", invitation.nature),
                "role": request.POST.get("role", invitation.role),
            }
        )
        if form.is_valid():
            try:
                actions.accept_invitation(
                    request.user,
                    invitation,
                    nature=form.cleaned_data["nature"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                _errors_to(form, error)
            else:
                messages.success(
                    request,
                    _("%(actor)s and %(project)s are now partners.")
                    % {"actor": invitation.actor.name, "project": invitation.project.title},
                )
                return redirect(done)
    return render(
        request,
        "ecosystem/partnerinvitation_answer.html",
        {"invitation": invitation, "form": form, "answer": answer},
    )


@login_required
@require_POST
def invitation_withdraw(request, pk):
    invitation = access.get_visible_invitation_or_404(request.user, pk=pk)
    if not access.can_withdraw_invitation(request.user, invitation):
        raise Http404
    try:
        actions.withdraw_invitation(request.user, invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposal withdrawn."))
    return redirect(_back(request, reverse("ecosystem:invitation_list")))


@login_required
@require_POST
def invitation_refuse_project(request, pk):
    """From one invitation: the structure refuses every invitation from that project (and this one)."""
    invitation = _answerable(request, pk)
    if invitation.direction != PartnerInvitation.Direction.INVITATION:
        raise Http404
    actions.refuse_project_invitations(request.user, invitation.project, invitation.actor)
    messages.success(
        request,
        _("%(actor)s will receive no more invitations from %(project)s.")
        % {"actor": invitation.actor.name, "project": invitation.project.title},
    )
    return redirect(_back(request, reverse("ecosystem:invitation_list")))


@login_required
def invitation_list(request):
    """« Mon espace » › partnership proposals: those to answer, and those the person's side sent."""
    return render(
        request,
        "ecosystem/partnerinvitation_list.html",
        {
            "to_answer": pending_to_answer(request.user),
            "sent": access.invitations_sent(request.user)
            .select_related("project", "actor", "slot")
            .order_by("expires_at", "pk"),
        },
    )
