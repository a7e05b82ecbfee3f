"""Calls for projects (public) and a project's applications (its editors and staff), under ``/appels/`` and
``/projets/<slug>/candidatures/``.

Thin: parse with a form, ask ``ecosystem.access`` (404 for anything the person may not see), call an action,
redirect with a message. Anonymous visitors are sent to log in before any lookup of an application, so a
login redirect never tells whether one exists. Documents are streamed from the private storage by
:func:`document_download` only, after the same access check as the application.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ecosystem import access
from ecosystem.actions import calls as actions
from ecosystem.forms.calls import ApplicationForm, DocumentForm
from ecosystem.models import Application, Call, Project


def _report(form, error: ValidationError) -> None:
    form.add_error(None, error)


# --- calls (public) ------------------------------------------------------------------------------------------


@require_safe
def call_list(request):
    now = timezone.now()
    calls = list(Call.objects.all())
    return render(
        request,
        "ecosystem/call_list.html",
        {
            "open_calls": [call for call in calls if call.is_open(now)],
            "upcoming_calls": [call for call in calls if call.opens_at > now],
            "past_calls": [call for call in calls if call.deadline < now],
        },
    )


@require_safe
def call_detail(request, call_slug):
    call = get_object_or_404(Call, slug=call_slug)
    projects = []
    if request.user.is_authenticated:
        # The person's own published projects (those of their structures), with their application if any.
        mine = Project.objects.filter(
            lead_actor__in=access.actors_user_may_lead_projects_for(request.user),
            status=Project.Status.PUBLISHED,
        ).order_by("title")
        applied = {a.project_id: a for a in Application.objects.filter(call=call, project__in=mine)}
        projects = [(project, applied.get(project.pk)) for project in mine]
    return render(
        request,
        "ecosystem/call_detail.html",
        {"call": call, "criteria": call.criteria.all(), "is_open": call.is_open(), "projects": projects},
    )


# --- a project's applications --------------------------------------------------------------------------------


def _application(request, slug, pk):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    return access.get_visible_application_or_404(request.user, project, pk)


@login_required
@require_safe
def application_list(request, slug):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    applications = list(project.applications.select_related("call"))
    applied = {application.call_id for application in applications}
    now = timezone.now()
    open_calls = [call for call in Call.objects.exclude(pk__in=applied) if call.is_open(now)]
    return render(
        request,
        "ecosystem/application_list.html",
        {"project": project, "applications": applications, "open_calls": open_calls},
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request, slug, call_slug):
    project = access.get_editable_project_or_404(request.user, slug=slug)
    call = get_object_or_404(Call, slug=call_slug)
    existing = Application.objects.filter(call=call, project=project).first()
    if existing is not None:
        return redirect("ecosystem:application_detail", slug=project.slug, pk=existing.pk)
    form = ApplicationForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            application = actions.create_application(request.user, call, project, form.cleaned_data)
        except ValidationError as error:
            _report(form, error)
        else:
            messages.success(request, _("Draft application saved. Submit it before the deadline."))
            return redirect("ecosystem:application_edit", slug=project.slug, pk=application.pk)
    return render(
        request, "ecosystem/application_form.html", {"project": project, "call": call, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request, slug, pk):
    """Save the draft, or save and submit it ("submit" button); a refusal keeps what was typed."""
    application = _application(request, slug, pk)
    if not application.is_draft:
        return redirect("ecosystem:application_detail", slug=slug, pk=pk)
    form = ApplicationForm(request.POST or None, instance=application, call=application.call)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_application(request.user, application, data)
            if "submit" in request.POST:
                actions.submit_application(request.user, application)
        except ValidationError as error:
            _report(form, error)
        else:
            if "submit" in request.POST:
                messages.success(
                    request, _("Application submitted. The jury will review it after the deadline.")
                )
                return redirect("ecosystem:application_detail", slug=slug, pk=pk)
            messages.success(request, _("Draft application saved."))
            return redirect("ecosystem:application_edit", slug=slug, pk=pk)
    return render(
        request,
        "ecosystem/application_form.html",
        {"project": application.project, "call": application.call, "application": application, "form": form},
    )


def _detail(request, application, document_form=None):
    return render(
        request,
        "ecosystem/application_detail.html",
        {
            "project": application.project,
            "call": application.call,
            "application": application,
            "documents": application.documents.all(),
            "document_form": document_form or DocumentForm(),
            "call_is_open": application.call.is_open(),
        },
    )


@login_required
@require_safe
def application_detail(request, slug, pk):
    return _detail(request, _application(request, slug, pk))


@login_required
@require_POST
def application_withdraw(request, slug, pk):
    application = _application(request, slug, pk)
    try:
        actions.withdraw_application(request.user, application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("ecosystem:application_detail", slug=slug, pk=pk)


@login_required
@require_POST
def document_add(request, slug, pk):
    application = _application(request, slug, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = actions.attach_document(request.user, application, data["file"], data["title"])
        except ValidationError as error:
            _report(form, error)
        else:
            messages.success(request, _("Document “%(title)s” attached.") % {"title": document.title})
            return redirect("ecosystem:application_detail", slug=slug, pk=pk)
    return _detail(request, application, document_form=form)


def serve_document(document):
    """Stream a private document as a PDF download (the caller checked access)."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{slugify(document.title) or 'document'}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def document_download(request, slug, pk, doc):
    application = _application(request, slug, pk)
    return serve_document(access.get_visible_document_or_404(request.user, application, doc))


@login_required
@require_POST
def document_remove(request, slug, pk, doc):
    application = _application(request, slug, pk)
    document = access.get_visible_document_or_404(request.user, application, doc)
    try:
        actions.remove_document(request.user, document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Document “%(title)s” removed.") % {"title": document.title})
    return redirect("ecosystem:application_detail", slug=slug, pk=pk)
