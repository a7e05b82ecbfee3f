"""Applications to calls, the jury's reviews and the end report: who writes, reads, reviews and decides."""

from django.http import Http404

from ecosystem.access.people import JURY_GROUP, is_anonymous, is_staff
from ecosystem.access.projects import can_edit_project, is_project_person
from ecosystem.models import (
    Application,
    ApplicationDocument,
    Project,
    Review,
)

# --- applications to calls ---------------------------------------------------------------------------------
# An application is read by its project's editors (who write it), staff, and the jury members it is assigned
# to — unless they have a conflict of interest. Partners and the public never see it. Everyone else: 404.
# A jury member with a conflict of interest is a member of the lead structure or of an active partner, that
# is one of the project's people (``is_project_person``): staff cannot assign them, and should they join the
# consortium after being assigned, they lose access at once.


def is_jury_member(user) -> bool:
    return not is_anonymous(user) and user.groups.filter(name=JURY_GROUP).exists()


def has_conflict_of_interest(user, application) -> bool:
    return is_project_person(user, application.project)


def review_of(user, application) -> Review | None:
    """``user``'s review of ``application`` if they may review it (jury member, assigned, no conflict)."""
    if is_anonymous(user):
        return None
    review = Review.objects.filter(application=application, juror=user).first()
    if review is None or not is_jury_member(user) or has_conflict_of_interest(user, application):
        return None
    return review


def can_view_application(user, application) -> bool:
    return (
        is_staff(user)
        or can_edit_project(user, application.project)
        or review_of(user, application) is not None
    )


def can_see_reviews(user, application) -> bool:
    """Scores and reviews: staff (the chair) always; a jury member once their own review is submitted.

    Applicants never see them, before or after the decision (they see the decision and its reasons).
    """
    if is_staff(user):
        return True
    review = review_of(user, application)
    return review is not None and review.is_submitted


def can_decide(user) -> bool:
    """The chair records decisions: Région staff."""
    return is_staff(user)


def get_visible_application_or_404(user, project, pk) -> Application:
    application = Application.objects.select_related("call", "project__lead_actor").filter(
        project=project, pk=pk
    )
    application = application.first()
    if application is None or not can_view_application(user, application):
        raise Http404
    return application


def get_jury_application_or_404(user, pk) -> tuple[Application, Review | None]:
    """An application seen as the jury sees it: by an assigned jury member (with their review), or staff."""
    application = Application.objects.select_related("call", "project__lead_actor").filter(pk=pk).first()
    if application is None:
        raise Http404
    review = review_of(user, application)
    if review is None and not is_staff(user):
        raise Http404
    return application, review


def get_visible_document_or_404(user, application, pk) -> ApplicationDocument:
    """A document of an application ``user`` may see (the caller got ``application`` through the above)."""
    if not can_view_application(user, application):
        raise Http404
    document = ApplicationDocument.objects.filter(application=application, pk=pk).first()
    if document is None:
        raise Http404
    return document


# --- end report --------------------------------------------------------------------------------------------
# The document the call requires at the end of a project: its editors produce it, staff read every one, and the
# jury members assigned to one of its applications (without a conflict of interest) read it to follow a
# labelled project. Partners and the public get 404: it carries the self-assessments' evidence.


def can_view_end_report(user, project) -> bool:
    if is_staff(user) or can_edit_project(user, project):
        return True
    if is_anonymous(user) or not is_jury_member(user) or is_project_person(user, project):
        return False
    return Review.objects.filter(application__project=project, juror=user).exists()


def can_download_call_reports(user) -> bool:
    """The archive of every labelled project's end report of a call: Région staff."""
    return is_staff(user)


def get_end_report_project_or_404(user, slug) -> Project:
    project = Project.objects.select_related("lead_actor").filter(slug=slug).first()
    if project is None or not can_view_end_report(user, project):
        raise Http404
    return project
