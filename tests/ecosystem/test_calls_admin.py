"""Calls in the admin: the default call seeded from the call text, staff create calls and criteria (audited),
a call with applications is never deleted, and the audit trail can be read but never changed."""

import pytest

from ecosystem.actions import audit
from ecosystem.models import AuditEntry, Call, ReviewCriterion
from tests.factories import ApplicationFactory, CallFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return UserFactory(email="chef@region.example", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_default_call_is_seeded_with_the_three_criteria_of_the_call_text():
    call = Call.objects.get(slug="sieg-innovation-sociale-2027")
    assert call.label == "Projet labellisé SIEG Innovation sociale 2027"
    assert call.phases == ["emergence", "experimentation", "evaluation"]
    names = [criterion.name for criterion in call.criteria.all()]
    assert names[0] == "Caractère innovant"
    assert "Faisabilité économique, financière et juridique" in names
    assert "recherche" in call.criteria.get(name__startswith="Cohérence").description


def test_staff_create_a_call_through_the_admin_and_it_is_audited(admin_client, admin_user):
    response = admin_client.post(
        "/admin/calls/new/",
        {
            "title": "Appel 2028",
            "slug": "appel-2028",
            "summary": "",
            "eligibility": "Projets collectifs.",
            "phases": ["emergence", "evaluation"],
            "opens_at": "2028-01-10 09:00",
            "deadline": "2028-03-31 12:00",
            "decision_at": "",
            "label": "Projet labellisé 2028",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    call = Call.objects.get(slug="appel-2028")
    assert call.phases == ["emergence", "evaluation"]
    assert call.deadline.isoformat() == "2028-03-31T10:00:00+00:00"  # typed in Paris time (summer: UTC+2)
    (entry,) = audit.trail(call)
    assert (entry.who, entry.what) == (admin_user, "call.created")


def test_a_deadline_before_the_opening_is_refused(admin_client):
    response = admin_client.post(
        "/admin/calls/new/",
        {
            "title": "Appel à l'envers",
            "slug": "envers",
            "eligibility": "x",
            "phases": ["emergence"],
            "opens_at": "2028-03-31 12:00",
            "deadline": "2028-01-10 09:00",
            "label": "x",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Call.objects.filter(slug="envers").exists()


def test_staff_add_a_criterion(admin_client):
    call = CallFactory(criteria=[])
    response = admin_client.post(
        "/admin/criteria/new/",
        {"call": call.pk, "name": "Ancrage", "description": "", "weight": 2, "scale_max": 4, "order": 0},
    )
    assert response.status_code == 302
    assert ReviewCriterion.objects.get(call=call).name == "Ancrage"
    assert [entry.what for entry in audit.trail(call)] == ["criterion.created"]


def test_a_call_with_applications_is_not_deleted(admin_client):
    application = ApplicationFactory()
    admin_client.post(f"/admin/calls/delete/{application.call.pk}/")
    assert Call.objects.filter(pk=application.call.pk).exists()


def test_the_audit_trail_is_readable_and_never_editable(admin_client, admin_user):
    call = CallFactory()
    entry = audit.record(admin_user, "call.changed", call)
    assert admin_client.get("/admin/audit/").status_code == 200
    assert admin_client.get(f"/admin/audit/inspect/{entry.pk}/").status_code == 200
    assert admin_client.get(f"/admin/audit/edit/{entry.pk}/").status_code in {302, 403}
    admin_client.post(f"/admin/audit/delete/{entry.pk}/")
    assert admin_client.get("/admin/audit/new/").status_code in {302, 403}
    entry.what = "rewritten"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(what="rewritten")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).what == "call.changed"


def test_people_without_admin_access_get_no_call_admin(client):
    client.force_login(UserFactory())
    for url in ("/admin/calls/", "/admin/audit/", "/admin/criteria/"):
        assert client.get(url).status_code in {302, 403}
