"""Project editing views: create, edit, publish, partner slots and supports.

Thin: parse with a form, ask ``ecosystem.access`` (404 for anything the user may not edit), call an action,
redirect with a message. Anonymous visitors are sent to the login page before any lookup, so a login
redirect never tells whether a project exists.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access
from ecosystem.actions import projects as actions
from ecosystem.forms.projects import ProjectForm, SlotForm, SupportForm
from ecosystem.models import PartnerSlot, Support


def _report(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def project_create(request):
    lead_actors = access.actors_user_may_lead_projects_for(request.user)
    if not lead_actors.exists():
        return render(request, "ecosystem/project_form.html", {"form": None, "creating": True})
    form = ProjectForm(request.POST or None, lead_actors=lead_actors)
    if request.method == "POST" and form.is_valid():
        lead_actor = form.cleaned_data["lead_actor"]
        if not access.can_create_project_for(request.user, lead_actor):
            form.add_error("lead_actor", _("You are not a member of this structure."))
        else:
            try:
                project = actions.create_project(request.user, lead_actor, form.cleaned_data)
            except ValidationError as error:
                _report(form, error)
            else:
                messages.success(request, _("Project created as a draft."))
                return redirect(project.get_absolute_url())
    return render(request, "ecosystem/project_form.html", {"form": form, "creating": True})


@login_required
def project_edit(request, slug):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_project(request.user, project, form.cleaned_data)
        except ValidationError as error:
            _report(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect(project.get_absolute_url())
    return render(request, "ecosystem/project_form.html", {"form": form, "project": project})


@login_required
@require_POST
def project_publish(request, slug):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    try:
        actions.publish_project(request.user, project)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Project published."))
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def project_unpublish(request, slug):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    actions.unpublish_project(request.user, project)
    messages.success(request, _("Project unpublished: only its team can see it now."))
    return redirect(project.get_absolute_url())


# --- partner slots -----------------------------------------------------------------------------------------


def _slots_url(project) -> str:
    return reverse("ecosystem:partnerslot_list", args=[project.slug])


@login_required
def partnerslot_list(request, slug):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    slots = project.slots.select_related("scope_territory").prefetch_related("seeks")
    return render(request, "ecosystem/partnerslot_list.html", {"project": project, "slots": slots})


@login_required
def partnerslot_create(request, slug):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    form = SlotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.open_slot(request.user, project, form.cleaned_data)
        except ValidationError as error:
            _report(form, error)
        else:
            messages.success(request, _("Partner slot opened."))
            return redirect(_slots_url(project))
    return render(request, "ecosystem/partnerslot_form.html", {"project": project, "form": form})


def _editable_slot(request, slug, pk):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    slot = get_object_or_404(PartnerSlot.objects.select_related("scope_territory"), pk=pk, project=project)
    return project, slot


@login_required
def partnerslot_edit(request, slug, pk):
    project, slot = _editable_slot(request, slug, pk)
    form = SlotForm(request.POST or None, instance=slot)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_slot(request.user, slot, form.cleaned_data)
        except ValidationError as error:
            _report(form, error)
        else:
            messages.success(request, _("Partner slot saved."))
            return redirect(_slots_url(project))
    return render(
        request, "ecosystem/partnerslot_form.html", {"project": project, "form": form, "slot": slot}
    )


@login_required
@require_POST
def partnerslot_close(request, slug, pk):
    project, slot = _editable_slot(request, slug, pk)
    actions.set_slot_open(request.user, slot, False)
    messages.success(request, _("Partner slot closed."))
    return redirect(_slots_url(project))


@login_required
@require_POST
def partnerslot_reopen(request, slug, pk):
    project, slot = _editable_slot(request, slug, pk)
    actions.set_slot_open(request.user, slot, True)
    messages.success(request, _("Partner slot reopened."))
    return redirect(_slots_url(project))


# --- supports ----------------------------------------------------------------------------------------------


@login_required
def support_list(request, slug):
    """The project's supports, and the form recording a new one (POST)."""
    project = access.get_editable_project_or_404(request.user, slug=slug)
    form = SupportForm(request.POST or None, candidates=access.visible_actors(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_support(request.user, project, form.cleaned_data)
        except ValidationError as error:
            _report(form, error)
        else:
            messages.success(request, _("Support recorded."))
            return redirect(reverse("ecosystem:support_list", args=[project.slug]))
    supports = project.supports.select_related("support_actor")
    return render(
        request, "ecosystem/support_list.html", {"project": project, "supports": supports, "form": form}
    )


@login_required
@require_POST
def support_remove(request, slug, pk):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    support = get_object_or_404(Support, pk=pk, project=project)
    actions.remove_support(request.user, support)
    messages.success(request, _("Support removed."))
    return redirect(reverse("ecosystem:support_list", args=[project.slug]))
