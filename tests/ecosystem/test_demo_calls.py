"""The call's demo: one open call, one closed call decided through the actions (audited, reviewed by two jury
members), labelled projects showing their label; idempotent, and removed with the demo set."""

import pytest

from ecosystem.actions import audit
from ecosystem.actions.territories import load_committed_region
from ecosystem.demo import delete_demo, generate_demo
from ecosystem.demo.calls import CLOSED_CALL, OPEN_CALL, load_calls_demo
from ecosystem.models import Application, Call, Review, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_projects(db):
    load_committed_region("32")
    generate_demo(actors=20, projects=10)


def test_the_demo_has_an_open_call_and_a_decided_closed_call(demo_projects, client):
    lines = load_calls_demo()
    assert lines[-1] == "closed call: 3 applications reviewed and decided"
    assert Call.objects.get(slug=OPEN_CALL).is_open()
    closed = Call.objects.get(slug=CLOSED_CALL)
    assert not closed.is_open()
    applications = list(closed.applications.order_by("pk"))
    assert [a.decision for a in applications] == ["labelled", "not_labelled", "resubmit"]
    assert Review.objects.filter(application__call=closed, submitted_at__isnull=False).count() == 6
    assert "application.decided" in [entry.what for entry in audit.trail(applications[0])]
    labelled = applications[0].project
    assert closed.label in client.get(labelled.get_absolute_url()).content.decode()
    assert load_calls_demo()[-1] == "closed call: already decided"
    assert Application.objects.filter(call=closed).count() == 3


def test_the_demo_without_projects_creates_the_calls_only(db):
    assert load_calls_demo()[-1] == "closed call: no published demo project to apply"
    assert Call.objects.filter(slug__in=[OPEN_CALL, CLOSED_CALL]).count() == 2


def test_deleting_the_demo_removes_its_applications_and_jurors(demo_projects):
    load_calls_demo()
    delete_demo()
    assert not Application.objects.exists()
    assert not User.objects.filter(email__startswith="jure.").exists()


def test_the_demo_jury_members_log_in_with_the_demo_password_once_and_for_all(db, client):
    from ecosystem.access import is_jury_member, requires_second_factor

    load_calls_demo(jury_password="mot-de-passe-demo")
    jurors = list(User.objects.filter(email__startswith="jure.").order_by("email"))
    assert [j.email for j in jurors] == [
        "jure.benali@demo.essaim.localhost",
        "jure.martin@demo.essaim.localhost",
    ]
    assert all(is_jury_member(j) and requires_second_factor(j) for j in jurors)
    assert client.login(email=jurors[0].email, password="mot-de-passe-demo")
    load_calls_demo(jury_password="un-autre")  # idempotent: a second run leaves the password alone
    assert User.objects.filter(email__startswith="jure.").count() == 2
    assert client.login(email=jurors[0].email, password="mot-de-passe-demo")


def test_without_a_password_the_demo_jury_members_cannot_log_in(db):
    load_calls_demo()
    assert not any(user.has_usable_password() for user in User.objects.filter(email__startswith="jure."))
