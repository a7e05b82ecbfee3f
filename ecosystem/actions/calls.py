"""Call actions: staff's calls and criteria, and a project's application — draft, submission, withdrawal,
documents. The only writers of ``Call``, ``ReviewCriterion``, ``Application`` and ``ApplicationDocument``.

Who: applications are written by the editors of a published project (``ecosystem.access.can_edit_project``),
checked by each user-facing action (``PermissionDenied``); the ``do_*`` halves write and trust their caller.
Calls and criteria are edited by staff in the admin, whose permission policy is the check (``do_*`` only).

When: the call is open from its opening up to and including its deadline, read from the server's clock;
a draft is written, submitted, given documents or withdrawn only then, and a ``ValidationError`` names the
deadline in the server's time zone otherwise. A submitted application is frozen (no edits, no documents).
Every step is written to the audit trail (:mod:`ecosystem.actions.audit`) in the same transaction.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ecosystem import access
from ecosystem.actions import audit
from ecosystem.actions.fields import model_update
from ecosystem.models import Application, ApplicationDocument, Call, Project

# What applicants write (``ApplicationForm`` reads its fields from here).
APPLICATION_FIELDS = (
    "phase",
    "partnership",
    "research_collaboration",
    "evaluation_plan",
    "impact_method",
    "budget_summary",
)
# What a submission needs filled in, besides the phase.
REQUIRED_TO_SUBMIT = (
    "partnership",
    "research_collaboration",
    "evaluation_plan",
    "impact_method",
    "budget_summary",
)
PDF_MAGIC = b"%PDF-"
Status = Application.Status


# --- calls (staff, through the admin) ----------------------------------------------------------------------


@transaction.atomic
def do_save_call(call: Call, *, by=None) -> Call:
    """Save ``call`` (validated by the admin form), audited as created or changed."""
    adding = call._state.adding
    call.phases = [phase for phase in call.phases if phase]
    call.save()
    audit.record(by, "call.created" if adding else "call.changed", call)
    return call


@transaction.atomic
def do_save_criterion(criterion: models.Model, *, by=None) -> models.Model:
    adding = criterion._state.adding
    criterion.save()
    audit.record(
        by, "criterion.created" if adding else "criterion.changed", criterion.call, criterion=str(criterion)
    )
    return criterion


@transaction.atomic
def do_delete_call_item(item: models.Model, *, by=None) -> None:
    """Delete a call or a criterion; a call with applications is protected by the database (``PROTECT``)."""
    call = item if isinstance(item, Call) else item.call
    audit.record(by, "call.deleted" if item is call else "criterion.deleted", call, item=str(item))
    item.delete()


# --- when ----------------------------------------------------------------------------------------------------


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _require_open(call: Call, now=None) -> None:
    """Refuse any change to an application outside the call's opening hours, naming them (server's zone)."""
    now = now or timezone.now()
    if now > call.deadline:
        raise ValidationError(
            _(
                "The deadline of the call “%(call)s” was %(deadline)s (%(zone)s time): applications can no "
                "longer be changed or submitted."
            )
            % {"call": call, "deadline": _when(call.deadline), "zone": timezone.get_current_timezone_name()}
        )
    if now < call.opens_at:
        raise ValidationError(
            _("The call “%(call)s” opens on %(opening)s.") % {"call": call, "opening": _when(call.opens_at)}
        )


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("call", "project").get(pk=application.pk)


def _require_applicant(user, project: Project) -> None:
    if not access.can_edit_project(user, project):
        raise PermissionDenied


def _require_draft(application: Application) -> None:
    if application.status != Status.DRAFT:
        raise ValidationError(
            _("This application is %(status)s: it can no longer be changed.")
            % {"status": application.get_status_display()}
        )


def _clean(call: Call, data) -> dict:
    data = {name: data[name] for name in APPLICATION_FIELDS if name in data}
    if "phase" in data and data["phase"] not in call.phases:
        raise ValidationError({"phase": _("This call does not fund that phase.")})
    return data


# --- applications ----------------------------------------------------------------------------------------------


def create_application(user, call: Call, project: Project, data) -> Application:
    """``user``, an editor of the published ``project``, starts its application to ``call`` (a draft)."""
    _require_applicant(user, project)
    return do_create_application(call, project, data, by=user)


@transaction.atomic
def do_create_application(call: Call, project: Project, data, *, by=None, now=None) -> Application:
    """One application per project and call; refused outside the call's opening hours."""
    Project.objects.select_for_update().filter(pk=project.pk).first()  # two editors at once: one application
    _require_open(call, now)
    if not project.is_published:
        raise ValidationError(_("Publish the project before applying: the jury reads its public page."))
    if Application.objects.filter(call=call, project=project).exists():
        raise ValidationError(_("This project has already applied to this call."))
    application = Application(call=call, project=project, created_by=by)
    model_update(application, APPLICATION_FIELDS, _clean(call, data), may_be_blank=REQUIRED_TO_SUBMIT)
    audit.record(by, "application.created", application)
    return application


def update_application(user, application: Application, data) -> Application:
    _require_applicant(user, application.project)
    return do_update_application(application, data, by=user)


@transaction.atomic
def do_update_application(application: Application, data, *, by=None, now=None) -> Application:
    """Change the text of a draft while the call is open."""
    application = _lock(application)
    _require_draft(application)
    _require_open(application.call, now)
    _, changed = model_update(
        application, APPLICATION_FIELDS, _clean(application.call, data), may_be_blank=REQUIRED_TO_SUBMIT
    )
    if changed:
        audit.record(by, "application.changed", application)
    return application


def submit_application(user, application: Application) -> Application:
    _require_applicant(user, application.project)
    return do_submit_application(application, by=user)


@transaction.atomic
def do_submit_application(application: Application, *, by=None, now=None) -> Application:
    """Submit a complete draft, up to and including the call's deadline; the application is then frozen."""
    now = now or timezone.now()
    application = _lock(application)
    _require_draft(application)
    _require_open(application.call, now)
    missing = {
        name: _("Required to submit.")
        for name in REQUIRED_TO_SUBMIT
        if not getattr(application, name).strip()
    }
    if missing:
        raise ValidationError(missing)
    application.status = Status.SUBMITTED
    application.submitted_at = now
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(by, "application.submitted", application)
    return application


def withdraw_application(user, application: Application) -> Application:
    _require_applicant(user, application.project)
    return do_withdraw_application(application, by=user)


@transaction.atomic
def do_withdraw_application(application: Application, *, by=None, now=None) -> Application:
    """Withdraw a draft or submitted application before the deadline (after it, the jury has it)."""
    application = _lock(application)
    if application.status not in {Status.DRAFT, Status.SUBMITTED}:
        raise ValidationError(
            _("This application is %(status)s: it cannot be withdrawn.")
            % {"status": application.get_status_display()}
        )
    _require_open(application.call, now)
    application.status = Status.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    audit.record(by, "application.withdrawn", application)
    return application


# --- documents ---------------------------------------------------------------------------------------------------


def check_pdf(upload) -> None:
    """A PDF by its content (not its name or declared type), no larger than ``CALL_DOCUMENT_MAX_BYTES``."""
    limit = settings.CALL_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is too large: at most %(size)s.") % {"size": filesizeformat(limit)}}
        )
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"file": _("Only PDF documents are accepted.")})


def attach_document(user, application: Application, upload, title: str) -> ApplicationDocument:
    _require_applicant(user, application.project)
    return do_attach_document(application, upload, title, by=user)


@transaction.atomic
def do_attach_document(
    application: Application, upload, title: str, *, by=None, now=None
) -> ApplicationDocument:
    """Attach a PDF to a draft while the call is open; the file goes to the private storage."""
    application = _lock(application)
    _require_draft(application)
    _require_open(application.call, now)
    check_pdf(upload)
    title = (title or "").strip() or upload.name.rsplit("/", 1)[-1][:200]
    document = ApplicationDocument(
        application=application, title=title[:200], size=upload.size, uploaded_by=by
    )
    document.file.save("document.pdf", upload, save=False)
    document.save()
    audit.record(by, "document.attached", application, document=document.title)
    return document


def remove_document(user, document: ApplicationDocument) -> None:
    _require_applicant(user, document.application.project)
    do_remove_document(document, by=user)


@transaction.atomic
def do_remove_document(document: ApplicationDocument, *, by=None, now=None) -> None:
    """Remove a document of a draft while the call is open; the file is deleted once committed."""
    application = _lock(document.application)
    _require_draft(application)
    _require_open(application.call, now)
    storage, name = document.file.storage, document.file.name
    document.delete()
    audit.record(by, "document.removed", application, document=document.title)
    transaction.on_commit(lambda: storage.delete(name))
