"""Applications to a call, through the actions: drafts by a published project's editors, the deadline at its
boundary (in the server's time zone), withdrawal, PDF documents, and the audit trail of every step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ecosystem.actions import audit
from ecosystem.actions import calls as actions
from ecosystem.models import Application, ApplicationDocument
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

TEXT = {
    "phase": "experimentation",
    "partnership": "La coopérative anime, l'université évalue.",
    "research_collaboration": "Un laboratoire de sociologie.",
    "evaluation_plan": "Tous les six mois.",
    "impact_method": "Emplois et bénéficiaires.",
    "budget_summary": "80 000 €.",
}
SECOND = datetime.timedelta(seconds=1)


def pdf(name="dossier.pdf", size=None):
    content = b"%PDF-1.7\n" + b"0" * ((size or 100) - 9)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def draft(cast, open_call, published):
    return actions.create_application(cast.lead_member, open_call, published, TEXT)


def whats(application):
    return [entry.what for entry in audit.trail(application)][::-1]


def test_an_editor_drafts_then_submits_and_every_step_is_audited(cast, draft):
    assert draft.status == Application.Status.DRAFT
    actions.update_application(cast.lead_admin, draft, {**TEXT, "budget_summary": "90 000 €."})
    submitted = actions.submit_application(cast.lead_member, draft)
    assert submitted.status == Application.Status.SUBMITTED
    assert submitted.submitted_at is not None
    assert whats(draft) == ["application.created", "application.changed", "application.submitted"]
    assert audit.trail(draft).first().who == cast.lead_member


@pytest.mark.parametrize("role", ["outsider", "partner_member"])
def test_people_who_do_not_edit_the_project_cannot_apply(cast, open_call, published, role):
    with pytest.raises(PermissionDenied):
        actions.create_application(cast.user(role), open_call, published, TEXT)
    assert not Application.objects.exists()


def test_a_draft_project_cannot_apply(cast, open_call, project):
    with pytest.raises(ValidationError, match="Publiez le projet"):
        actions.create_application(cast.lead_member, open_call, project, TEXT)


def test_one_application_per_project_and_call(cast, draft):
    with pytest.raises(ValidationError):
        actions.create_application(cast.lead_admin, draft.call, draft.project, TEXT)


def test_a_phase_the_call_does_not_fund_is_refused(cast, open_call, published):
    open_call.phases = ["emergence"]
    open_call.save()
    with pytest.raises(ValidationError) as error:
        actions.create_application(cast.lead_member, open_call, published, TEXT)
    assert "phase" in error.value.message_dict


def test_an_incomplete_draft_cannot_be_submitted(cast, draft):
    actions.update_application(cast.lead_member, draft, {"impact_method": "  "})
    with pytest.raises(ValidationError) as error:
        actions.submit_application(cast.lead_member, draft)
    assert list(error.value.message_dict) == ["impact_method"]
    draft.refresh_from_db()
    assert draft.status == Application.Status.DRAFT


def test_submission_one_second_before_the_deadline_is_accepted(draft):
    submitted = actions.do_submit_application(draft, now=draft.call.deadline - SECOND)
    assert submitted.status == Application.Status.SUBMITTED


def test_submission_at_the_deadline_itself_is_accepted(draft):
    assert (
        actions.do_submit_application(draft, now=draft.call.deadline).status == Application.Status.SUBMITTED
    )


def test_submission_one_second_after_the_deadline_is_refused_with_the_deadline_in_paris_time(draft):
    call = draft.call
    call.deadline = datetime.datetime(2027, 3, 31, 10, 0, tzinfo=datetime.UTC)  # 12:00 in Paris (summer)
    call.opens_at = call.deadline - datetime.timedelta(days=30)
    call.save()
    with pytest.raises(ValidationError) as error:
        actions.do_submit_application(draft, now=call.deadline + SECOND)
    message = error.value.messages[0]
    assert "31 mars 2027 12:00" in message
    assert "Europe/Paris" in message
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at) == (Application.Status.DRAFT, None)
    assert "application.submitted" not in whats(draft)


def test_a_closed_call_refuses_new_drafts_and_edits(cast, draft, published):
    after = draft.call.deadline + SECOND
    with pytest.raises(ValidationError):
        actions.do_update_application(draft, {"budget_summary": "x"}, now=after)
    other = ProjectFactory(lead_actor=cast.lead, published=True)
    with pytest.raises(ValidationError):
        actions.do_create_application(draft.call, other, TEXT, now=after)
    with pytest.raises(ValidationError, match="ouvre le"):
        actions.do_create_application(draft.call, other, TEXT, now=draft.call.opens_at - SECOND)


def test_a_submitted_application_is_frozen(cast, draft):
    actions.submit_application(cast.lead_member, draft)
    with pytest.raises(ValidationError):
        actions.update_application(cast.lead_member, draft, {"budget_summary": "x"})
    with pytest.raises(ValidationError):
        actions.attach_document(cast.lead_member, draft, pdf(), "Budget")


def test_withdrawal_before_the_deadline_and_not_after(cast, draft):
    actions.submit_application(cast.lead_member, draft)
    with pytest.raises(ValidationError):
        actions.do_withdraw_application(draft, now=draft.call.deadline + SECOND)
    with pytest.raises(PermissionDenied):
        actions.withdraw_application(cast.partner_member, draft)
    withdrawn = actions.withdraw_application(cast.lead_member, draft)
    assert withdrawn.status == Application.Status.WITHDRAWN
    assert whats(draft)[-1] == "application.withdrawn"
    with pytest.raises(ValidationError):
        actions.submit_application(cast.lead_member, draft)


def test_a_pdf_is_attached_to_private_storage_and_removed(cast, draft, django_capture_on_commit_callbacks):
    document = actions.attach_document(cast.lead_member, draft, pdf(), "Budget prévisionnel")
    assert document.size == 100
    storage = ApplicationDocument._meta.get_field("file").storage
    with pytest.raises(ValueError, match="no URL"):
        document.file.url  # noqa: B018 - no public URL: only a view that checks access serves it
    assert document.file.read().startswith(b"%PDF-")
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_document(cast.lead_member, document)
    assert not ApplicationDocument.objects.exists()
    assert not storage.exists(name)
    assert whats(draft)[-2:] == ["document.attached", "document.removed"]


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("faux.pdf", b"<html>pas un pdf</html>", content_type="application/pdf"),
        SimpleUploadedFile("image.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused(cast, draft, upload):
    with pytest.raises(ValidationError, match="PDF"):
        actions.attach_document(cast.lead_member, draft, upload, "Pièce")
    assert not ApplicationDocument.objects.exists()


def test_a_pdf_larger_than_the_setting_is_refused_and_one_at_the_limit_accepted(cast, draft, settings):
    settings.CALL_DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        actions.attach_document(cast.lead_member, draft, pdf(size=1001), "Trop gros")
    assert error.value.messages == ["Le fichier est trop volumineux : 1000\xa0octets au plus."]
    assert actions.attach_document(cast.lead_member, draft, pdf(size=1000), "Juste").size == 1000
    assert ApplicationDocument.objects.count() == 1


def test_the_deadline_is_read_from_the_server_clock(cast, draft):
    call = draft.call
    call.deadline = timezone.now() - SECOND
    call.save()
    with pytest.raises(ValidationError):
        actions.submit_application(cast.lead_member, draft)


def test_private_files_live_outside_the_public_media_folder(settings):
    from pathlib import Path

    assert not Path(settings.PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
