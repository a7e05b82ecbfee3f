"""Every way into a session goes through allauth, with its rate limits and its second factor.

A staff account with a TOTP authenticator is tried on each URL the project serves that could log someone in:
allauth's login (French and English), Wagtail's own login page, the former Django admin's login, the password
reset link, the email confirmation link (which logs in, ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION) and sign-up.
None of them reaches ``/admin/`` (nor any page) without the code; allauth's login does with it; wrong
passwords are throttled wherever a password is accepted.
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.test import Client

from ecosystem.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "essaim-demo-2026"  # the demo administrator's, loaded by demo_site
# allauth's login_failed limit per account ("5/5m/key"), from settings.ACCOUNT_RATE_LIMITS.
FAILURES_BEFORE_THROTTLE = 5


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def staff(demo_site, settings):
    """The demo administrator (staff, Wagtail administrator) with a TOTP authenticator; ``staff.secret``."""
    settings.ESSAIM_REQUIRE_MFA_FOR_STAFF = True
    user = User.objects.get(email="admin@essaim.localhost")
    user.secret = generate_totp_secret()
    TOTP.activate(user, user.secret)
    return user


def logged_in_as(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def assert_locked_out(client, staff) -> None:
    """Neither the Wagtail admin nor any other page is served to this browser as the staff member."""
    for url in ("/admin/", "/mon-espace/", "/"):
        response = client.get(url)
        served_as_staff = response.status_code == 200 and response.wsgi_request.user.pk == staff.pk
        assert not served_as_staff, f"{url} served to a session that did not pass the second factor"
    assert client.get("/admin/").status_code == 302


def enter_code(client, staff, url: str = "/comptes/2fa/authenticate/"):
    response = client.post(url, {"code": current_code(staff.secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


# --- allauth's login: password, then the code -------------------------------------------------------------


@pytest.mark.parametrize("login_url", ["/comptes/login/", "/en/comptes/login/"])
def test_allauth_login_asks_for_the_code_before_anything(client, staff, login_url):
    response = client.post(login_url, {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/2fa/authenticate/" in response["Location"]
    assert logged_in_as(client) is None
    assert_locked_out(client, staff)

    enter_code(client, staff, response["Location"])
    assert logged_in_as(client) == staff.pk
    assert client.get("/admin/").status_code == 200
    assert client.get("/mon-espace/").status_code == 200


# --- The other admin logins lead to allauth's and log nobody in -------------------------------------------


@pytest.mark.parametrize("login_url", ["/admin/login/", "/django-admin/login/"])
def test_other_login_pages_log_nobody_in(client, staff, login_url):
    for data in (
        {"username": staff.email, "password": PASSWORD},
        {"login": staff.email, "password": PASSWORD},
    ):
        client.post(login_url, data)
        assert logged_in_as(client) is None
        assert_locked_out(client, staff)


def test_wagtails_login_page_sends_people_to_allauths_and_keeps_where_they_were_going(client, staff):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/login/?next=/admin/pages/"
    response = client.post(
        "/admin/login/?next=/admin/pages/", {"username": staff.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")

    # There, the password and the code take them where they were going.
    response = client.post("/comptes/login/?next=/admin/pages/", {"login": staff.email, "password": PASSWORD})
    response = enter_code(client, staff, response["Location"])
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_the_django_admin_is_gone(client, staff):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404


def test_wagtails_password_reset_is_allauths(client, staff):
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302
    assert response["Location"] == "/comptes/password/reset/"
    response = client.post("/admin/password_reset/", {"email": staff.email})
    assert mail.outbox == []  # only allauth sends reset links, under its own rate limits


# --- Links from emails ------------------------------------------------------------------------------------


def link_in_last_mail() -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)


def test_a_password_reset_link_changes_the_password_but_does_not_log_in(client, staff):
    client.post("/comptes/password/reset/", {"email": staff.email})
    response = client.get(link_in_last_mail(), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link_in_last_mail()
    new_password = "un-nouveau-mot-de-passe-solide"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert logged_in_as(client) is None
    assert_locked_out(client, staff)

    response = client.post("/comptes/login/", {"login": staff.email, "password": new_password})
    assert logged_in_as(client) is None  # the code is still asked
    enter_code(client, staff, response["Location"])
    assert client.get("/admin/").status_code == 200


def test_the_email_confirmation_link_logs_in_only_after_the_code(client, staff):
    EmailAddress.objects.filter(user=staff).update(verified=False)
    response = client.post("/comptes/login/", {"login": staff.email, "password": PASSWORD})
    assert logged_in_as(client) is None
    link = link_in_last_mail()
    assert "confirm-email" in link
    client.get(link)
    response = client.post(link)
    assert logged_in_as(client) is None
    assert_locked_out(client, staff)
    assert response["Location"] == "/comptes/2fa/authenticate/"
    enter_code(client, staff)
    assert logged_in_as(client) == staff.pk
    assert client.get("/admin/").status_code == 200


def test_signing_up_with_a_staff_address_logs_nobody_in(client, staff):
    client.post(
        "/comptes/signup/",
        {
            "email": staff.email,
            "password1": "un-autre-mot-de-passe-long",
            "password2": "un-autre-mot-de-passe-long",
        },
    )
    assert logged_in_as(client) is None
    assert_locked_out(client, staff)


# --- Wrong passwords are throttled wherever a password is accepted ---------------------------------------


@pytest.mark.parametrize(
    ("login_url", "field"),
    [
        ("/comptes/login/", "login"),
        ("/en/comptes/login/", "login"),
        ("/admin/login/", "username"),
        ("/django-admin/login/", "username"),
    ],
)
def test_wrong_passwords_are_throttled_then_even_the_right_one_is_refused(
    client, demo_site, login_url, field
):
    # The administrator (no authenticator, so the password alone would do): the admins' logins took them.
    email = "admin@essaim.localhost"
    for attempt in range(FAILURES_BEFORE_THROTTLE + 1):
        client.post(login_url, {field: email, "password": f"mauvais-{attempt}"})
        assert logged_in_as(client) is None
    # The right password now, from this browser or another: refused for a while.
    for browser in (client, Client()):
        response = browser.post(login_url, {field: email, "password": PASSWORD})
        assert logged_in_as(browser) is None
    if login_url.endswith("comptes/login/"):
        errors = response.context["form"].non_field_errors().as_data()
        assert [error.code for error in errors] == ["too_many_login_attempts"]
