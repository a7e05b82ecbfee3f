"""Accounts: sign up with a verified email, log in by email, reset a forgotten password, rate limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from ecosystem.models import User

# Every test starts from the demo: load it once for the module (tests/conftest.py, demo_module).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_module")]
PASSWORD = "une-phrase-de-passe-solide"


def link_in_last_email() -> str:
    match = re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_sign_up_requires_a_verified_email_then_logs_in(client, demo_site):
    response = client.post(
        "/comptes/signup/",
        {
            "email": "Nouvelle@Asso.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Nina",
            "last_name": "Nouvelle",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    user = User.objects.get(email__iexact="nouvelle@asso.example")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Essaim]")
    assert "_auth_user_id" not in client.session

    confirm_url = link_in_last_email()
    assert client.get(confirm_url).status_code == 200  # the confirmation page asks to press a button
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk


def test_an_unverified_account_cannot_log_in(client, demo_site):
    user = User.objects.create_user(email="pas-verifie@asso.example", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post("/comptes/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/comptes/confirm-email/"
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1  # a fresh verification link is sent


def test_demo_account_logs_in_by_email_and_logs_out(client, demo_site):
    response = client.post(
        "/comptes/login/", {"login": "camille@essaim.localhost", "password": "essaim-demo-2026"}
    )
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert "Se déconnecter" in html
    assert "Camille Lefebvre" in html
    client.post("/comptes/logout/")
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_explained_and_keeps_the_email(client, demo_site):
    response = client.post("/comptes/login/", {"login": "camille@essaim.localhost", "password": "mauvais"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Veuillez corriger les points suivants" in html
    assert 'value="camille@essaim.localhost"' in html
    assert "mauvais" not in html


def test_password_reset_by_email(client, demo_site):
    client.post("/comptes/password/reset/", {"email": "camille@essaim.localhost"})
    reset_url = link_in_last_email()
    form_url = client.get(reset_url)["Location"]  # allauth moves the key out of the URL first
    new = "un-nouveau-mot-de-passe-long"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    assert User.objects.get(email="camille@essaim.localhost").check_password(new)


def test_failed_logins_are_rate_limited(client, demo_site):
    for _ in range(5):
        client.post("/comptes/login/", {"login": "camille@essaim.localhost", "password": "mauvais"})
    response = client.post(
        "/comptes/login/", {"login": "camille@essaim.localhost", "password": "essaim-demo-2026"}
    )
    # The sixth attempt on the same account is refused even with the right password.
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    assert "Trop de tentatives" in response.content.decode()
