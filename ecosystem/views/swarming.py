"""The origin project's lead confirms or declines a request to swarm it (POSTs from the project page's lineage
section)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access
from ecosystem.actions import swarming as actions


@login_required
@require_POST
def replication_confirm(request, slug, pk):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    replication = get_object_or_404(project.replications, pk=pk)
    try:
        actions.confirm_replication(request.user, replication)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Replication confirmed: it now shows in the project's lineage."))
    return redirect(project.get_absolute_url() + "#lineage")


@login_required
@require_POST
def replication_decline(request, slug, pk):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    replication = get_object_or_404(project.replications, pk=pk)
    try:
        actions.decline_replication(request.user, replication, request.POST.get("reason", ""))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Request declined: the structure that asked is told why."))
    return redirect(project.get_absolute_url() + "#lineage")
