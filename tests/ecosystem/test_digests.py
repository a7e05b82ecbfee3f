"""Email preferences and the digest: defaults per kind, the person's choices, one digest only when something is
new, in their language, with a one-click unsubscribe, resumable without mailing anyone twice."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecosystem.actions import digests, email_preferences, follows, invitations
from ecosystem.actions import projects as project_actions
from ecosystem.actions.notifications import notify
from ecosystem.models import Activity, DigestSent, EmailPreference, EmailSettings, Notification, User
from ecosystem.tasks import send_digests
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def time_passes(days: int) -> None:
    """Move everything dated ``days`` into the past, as if that time had passed."""
    delta = timedelta(days=days)
    Activity.objects.update(created_at=F("created_at") - delta)
    Notification.objects.update(created_at=F("created_at") - delta)
    EmailSettings.objects.exclude(last_digest_at=None).update(last_digest_at=F("last_digest_at") - delta)
    User.objects.update(date_joined=F("date_joined") - delta)


def to(person):
    """The emails ``person`` received (the project's own team gets digests too: it concerns them)."""
    return [m for m in mail.outbox if m.to == [person.email]]


def published_on_theme(cast, title="Café des aidants"):
    project = ProjectFactory(lead_actor=cast.lead, title=title)
    project.themes.add(cast.theme)
    project_actions.do_set_published(project, True)
    return project


def test_the_digest_lists_what_is_new_once(cast):
    reader = UserFactory(email="lectrice@example.org")
    follows.follow(reader, cast.theme)
    published_on_theme(cast)
    digests.send_digests()
    (email,) = to(reader)
    assert email.subject == "[Essaim] Du nouveau pour vous sur Essaim"
    assert "Association Porteuse a publié le projet « Café des aidants »." in email.body
    assert "http://testserver/projets/cafe-des-aidants/" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://testserver/e-mails/desabonnement/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    mail.outbox.clear()
    assert digests.send_digests() == 0  # again: nothing new, nothing sent
    time_passes(8)
    assert digests.send_digests() == 0  # a week later, still nothing new
    published_on_theme(cast, "Recyclerie")
    digests.send_digests()
    (email,) = to(reader)
    assert "Recyclerie" in email.body
    assert "Café des aidants" not in email.body
    assert DigestSent.objects.filter(user=reader).count() == 2


def test_no_digest_without_news_nor_before_its_period(cast):
    reader = UserFactory()
    assert digests.send_digests() == 0  # nobody has anything new
    follows.follow(reader, cast.theme)
    published_on_theme(cast)
    digests.send_digests()
    time_passes(1)
    published_on_theme(cast, "Recyclerie")
    digests.send_digests()
    assert len(to(reader)) == 1  # weekly: one day later is too soon
    email_preferences.update_email_preferences(reader, digest="daily", language="fr", deliveries={})
    digests.send_digests()
    assert len(to(reader)) == 2
    assert not DigestSent.objects.filter(user=cast.outsider).exists()  # nothing new for them


def test_the_digest_speaks_the_persons_language(cast):
    reader = UserFactory()
    follows.follow(reader, cast.theme)
    email_preferences.update_email_preferences(reader, digest="weekly", language="en", deliveries={})
    published_on_theme(cast)
    digests.send_digests()
    (email,) = to(reader)
    assert email.subject == "[Essaim] What is new for you on Essaim"
    assert "Association Porteuse published the project “Café des aidants”." in email.body
    assert '<html lang="en">' in email.alternatives[0][0]


def test_an_invitation_leaves_at_once_by_default_and_waits_for_the_digest_by_choice(
    consent, django_capture_on_commit_callbacks
):
    admin = consent.invitee_admin
    email_preferences.update_email_preferences(
        admin, digest="weekly", language="fr", deliveries={"partner_invitation": "digest"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_partner(
            consent.cast.lead_admin, consent.project, consent.invitee, nature="recherche", role="Évalue."
        )
    assert not to(admin)
    digests.send_digests()
    (email,) = to(admin)
    assert "Café des aidants invite Université Voisine à devenir partenaire." in email.body
    assert Notification.objects.get(user=admin).emailed_at is not None


def test_digest_kinds_wait_and_never_means_never(cast, django_capture_on_commit_callbacks):
    person = UserFactory()
    email_preferences.update_email_preferences(
        person, digest="weekly", language="fr", deliveries={"mention": "never"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, "join_request", "Quelqu'un veut rejoindre", "/x/", email_topic="actor:1")
        notify(person, "mention", "On vous cite", "/y/", email_topic="room:1")
    assert not mail.outbox  # a join request waits for the digest by default
    digests.send_digests()
    (email,) = to(person)
    assert "Quelqu'un veut rejoindre" in email.body
    assert "On vous cite" not in email.body


def test_choices_equal_to_the_default_are_not_stored(cast):
    person = UserFactory()
    email_preferences.update_email_preferences(
        person,
        digest="daily",
        language="fr",
        deliveries={"partner_invitation": "immediately", "mention": "never"},
    )
    assert list(EmailPreference.objects.values_list("kind", "delivery")) == [("mention", "never")]
    assert email_preferences.deliveries_of(person)["partner_invitation"] == "immediately"


def test_an_interrupted_run_resumes_without_mailing_anyone_twice(cast, monkeypatch):
    first, second = UserFactory(email="a@example.org"), UserFactory(email="b@example.org")
    for person in (first, second):
        follows.follow(person, cast.theme)
    published_on_theme(cast)
    real_send = EmailBackend.send_messages

    def server_down_for_b(self, messages):
        if any(m.to == ["b@example.org"] for m in messages):
            raise ConnectionError("SMTP server went away")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", server_down_for_b)
    digests.send_digests()
    assert len(to(first)) == 1
    assert not DigestSent.objects.filter(user=second).exists()  # rolled back with the failed send
    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    assert digests.send_digests() == 1  # the run resumes: only the one left
    assert len(to(first)) == 1
    assert len(to(second)) == 1


def test_the_task_sends_the_digests(cast):
    reader = UserFactory()
    follows.follow(reader, cast.theme)
    EmailSettings.objects.create(user=reader, last_digest_at=timezone.now() - timedelta(days=8))
    published_on_theme(cast)
    send_digests.enqueue()
    assert len(to(reader)) == 1


def test_one_click_unsubscribe(cast):
    reader = UserFactory()
    url = reverse("ecosystem:digest_unsubscribe", args=[email_preferences.unsubscribe_token(reader)])
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert not EmailSettings.objects.filter(user=reader).exists()  # a GET (link scanner) changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert EmailSettings.objects.get(user=reader).digest == "never"
    follows.follow(reader, cast.theme)
    published_on_theme(cast)
    digests.send_digests()
    assert not to(reader)
    assert client.post(url[:-3] + "xx/").status_code == 404


def test_the_preferences_page(client, cast):
    url = reverse("ecosystem:email_preferences")
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(cast.outsider)
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    label = soup.find("label", attrs={"for": "id_kind_partner_invitation"})
    assert "Invitations à rejoindre un projet" in label.get_text(strip=True)
    assert soup.find("select", id="id_kind_mention").find("option", selected=True)["value"] == "digest"
    data = {
        "digest": "daily",
        "language": "en",
        **{f"kind_{k}": d for k, d in email_preferences.deliveries_of(cast.outsider).items()},
        "kind_mention": "immediately",
    }
    assert client.post(url, data).status_code == 302
    assert EmailSettings.objects.get(user=cast.outsider).digest == "daily"
    assert email_preferences.deliveries_of(cast.outsider)["mention"] == "immediately"
    bad = client.post(url, {**data, "digest": "hourly"})
    assert bad.status_code == 200
    assert EmailSettings.objects.get(user=cast.outsider).digest == "daily"
