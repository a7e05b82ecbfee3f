"""The end report of a project (page and PDF) and, for staff, the archive of a call's labelled projects' reports.

Who may read it is decided in ``ecosystem.access`` (editors, staff, the assigned jury); everyone else gets 404.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ecosystem import end_report
from ecosystem.access import can_download_call_reports, get_end_report_project_or_404
from ecosystem.models import Call


@require_safe
def report_page(request, slug):
    project = get_end_report_project_or_404(request.user, slug)
    return render(request, "ecosystem/end_report.html", end_report.report_context(project))


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def report_pdf(request, slug):
    project = get_end_report_project_or_404(request.user, slug)
    return _attachment(end_report.render_pdf(project), "application/pdf", end_report.pdf_filename(project))


@require_safe
def call_reports(request, call_slug):
    if not can_download_call_reports(request.user):
        raise Http404
    call = get_object_or_404(Call, slug=call_slug)
    return _attachment(end_report.call_archive(call), "application/zip", f"rapports-finaux-{call.slug}.zip")
