"""Notification emails: French, plain text and HTML with absolute links, at most one an hour per person and
project; what the hour held back leaves with ``manage.py send_notification_emails``."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ecosystem.actions import invitations
from ecosystem.actions.notification_emails import send_due_emails
from ecosystem.actions.notifications import mark_notifications_read, notify
from ecosystem.models import Notification
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_emails_the_structures_admins_in_french_with_the_link(
    consent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_partner(
            consent.cast.lead_admin, consent.project, consent.invitee, nature="recherche", role="Évalue."
        )
    (email,) = mail.outbox
    assert email.to == [consent.invitee_admin.email]
    assert email.subject == "[Essaim] Café des aidants invite Université Voisine à devenir partenaire."
    assert "Bonjour" in email.body
    assert "http://testserver/invitations-partenaires/" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert 'href="http://testserver/invitations-partenaires/"' in html
    assert Notification.objects.get(user=consent.invitee_admin).emailed_at is not None


def test_the_acceptance_emails_the_project_team(consent, django_capture_on_commit_callbacks):
    invitation = invitations.invite_partner(
        consent.cast.lead_admin, consent.project, consent.invitee, nature="recherche", role="Évalue."
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitations.accept_invitation(consent.invitee_admin, invitation)
    recipients = sorted(address for email in mail.outbox for address in email.to)
    assert consent.cast.lead_admin.email in recipients
    assert consent.cast.lead_member.email in recipients
    accepted = next(e for e in mail.outbox if e.to == [consent.cast.lead_admin.email])
    assert "sont désormais partenaires" in accepted.subject
    assert f"http://testserver/projets/{consent.project.slug}/" in accepted.body


def test_at_most_one_email_an_hour_per_person_and_project(django_capture_on_commit_callbacks):
    person = UserFactory()
    first, second = ProjectFactory(), ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, "partner_invitation", "Un", "/a/", email_topic=f"project:{first.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, "partner_invitation", "Deux", "/b/", email_topic=f"project:{first.pk}")
        notify(person, "partner_invitation", "Trois", "/c/", email_topic=f"project:{first.pk}")
        notify(person, "partner_invitation", "Autre projet", "/d/", email_topic=f"project:{second.pk}")
    # The first project's first email; the other project is another topic: its own email at once.
    assert [e.subject for e in mail.outbox] == ["[Essaim] Un", "[Essaim] Autre projet"]

    # Within the hour the command sends nothing more; after it, one email with both held back.
    assert send_due_emails(now=timezone.now() + timedelta(minutes=59)) == 0
    out = io.StringIO()
    later = timezone.now() + timedelta(minutes=61)
    assert send_due_emails(now=later) == 1
    assert len(mail.outbox) == 3
    grouped = mail.outbox[2]
    assert grouped.subject.startswith("[Essaim] 2 nouvelles notifications")
    assert "Deux" in grouped.body
    assert "Trois" in grouped.body
    assert "http://testserver/b/" in grouped.body
    call_command("send_notification_emails", stdout=out)
    assert out.getvalue().startswith("0 ")
    assert len(mail.outbox) == 3


def test_the_command_sends_what_is_due(django_capture_on_commit_callbacks):
    person = UserFactory()
    Notification.objects.create(user=person, kind="k", title="En attente", url="/x/", email_topic="project:1")
    out = io.StringIO()
    call_command("send_notification_emails", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert [e.to for e in mail.outbox] == [[person.email]]


def test_a_notification_read_in_the_bell_is_not_mailed_and_plain_ones_never_are():
    person = UserFactory()
    seen = Notification.objects.create(user=person, kind="k", title="Vue", email_topic="project:1")
    mark_notifications_read(person, [seen.pk])
    Notification.objects.create(user=person, kind="mention", title="Sans courriel")
    assert send_due_emails() == 0
    assert mail.outbox == []


def test_a_failing_mail_server_leaves_the_email_due(settings, django_capture_on_commit_callbacks):
    person = UserFactory()
    settings.EMAIL_BACKEND = "tests.support.mail.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, "k", "Panne", "/x/", email_topic="project:1")  # does not raise after the commit
    assert Notification.objects.get(user=person).emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_emails() == 1


def test_one_email_per_person_with_everything_due_about_the_project():
    project = ProjectFactory()
    people = [UserFactory() for _ in range(3)]
    for person in people:
        for n in range(3):
            Notification.objects.create(
                user=person, kind="k", title=f"N{n}", email_topic=f"project:{project.pk}"
            )
    assert send_due_emails() == 3
    assert sorted(e.to[0] for e in mail.outbox) == sorted(p.email for p in people)
    assert all("3 nouvelles notifications" in e.subject for e in mail.outbox)
