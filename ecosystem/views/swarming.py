"""The origin project's lead confirms or declines a request to swarm it (POSTs from the project page's lineage
section)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem import access
from ecosystem.actions import swarming as actions
from ecosystem.views.feedback import report_action


def _answer_request(request, slug, pk, answer, done: str):
    """The lead's answer to a request to swarm its project: ``answer(replication)`` through its action, then
    back to the project's lineage with the outcome. A request the person may not answer is a 404."""
    project = access.get_editable_project_or_404(request.user, slug=slug)
    replication = get_object_or_404(project.replications, pk=pk)
    try:
        report_action(request, lambda: answer(replication), done)
    except PermissionDenied:
        raise Http404 from None
    return redirect(project.get_absolute_url() + "#lineage")


@login_required
@require_POST
def replication_confirm(request, slug, pk):
    return _answer_request(
        request,
        slug,
        pk,
        lambda replication: actions.confirm_replication(request.user, replication),
        _("Replication confirmed: it now shows in the project's lineage."),
    )


@login_required
@require_POST
def replication_decline(request, slug, pk):
    reason = request.POST.get("reason", "")
    return _answer_request(
        request,
        slug,
        pk,
        lambda replication: actions.decline_replication(request.user, replication, reason),
        _("Request declined: the structure that asked is told why."),
    )
