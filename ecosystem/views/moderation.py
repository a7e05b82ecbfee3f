"""Reporting a structure, a project, a territorial need or an event (« Signaler »): a plain form for anyone logged in who may see it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.actions.moderation import report_content
from ecosystem.forms.moderation import ReportForm


def _target(user, kind: str, slug: str):
    if kind == "structures":
        return access.get_visible_actor_or_404(user, slug=slug)
    if kind == "projets":
        return access.get_visible_project_or_404(user, slug=slug)
    if kind == "besoins" and slug.isdigit():
        return access.get_visible_need_or_404(user, pk=int(slug))
    if kind == "evenements":
        return access.get_visible_event_or_404(user, slug=slug)
    raise Http404


@login_required
def report(request, kind, slug):
    target = _target(request.user, kind, slug)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_content(request.user, target, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Thank you: the moderators will look at your report."))
            return redirect(target.get_absolute_url())
    return render(
        request,
        "ecosystem/report_form.html",
        {"form": form, "target": target, "back_url": target.get_absolute_url()},
    )
