"""Staff must enrol a TOTP authenticator when the setting asks for it (production default)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from ecosystem.actions.accounts import ensure_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(demo_site):
    user, _ = ensure_account("jury@region.example", "un-mot-de-passe-long", is_staff=True)
    return user


def test_staff_without_authenticator_is_sent_to_totp_setup(client, settings, staff):
    settings.ESSAIM_REQUIRE_MFA_FOR_STAFF = True
    client.force_login(staff)
    for url in ("/", "/admin/", "/mentions-legales/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/comptes/2fa/totp/activate/"
    # The way out and the set-up page itself stay reachable.
    assert client.get("/comptes/2fa/totp/activate/").status_code in (200, 302)
    assert client.get("/healthz").status_code == 200


def test_staff_with_totp_uses_the_site(client, settings, staff):
    settings.ESSAIM_REQUIRE_MFA_FOR_STAFF = True
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    assert client.get("/").status_code == 200


def test_members_are_never_forced(client, settings, demo_site):
    from ecosystem.models import User

    settings.ESSAIM_REQUIRE_MFA_FOR_STAFF = True
    client.force_login(User.objects.get(email="camille@essaim.localhost"))
    assert client.get("/").status_code == 200


def test_local_demo_lets_the_administrator_in_at_once(client, settings, demo_site):
    from ecosystem.models import User

    settings.ESSAIM_REQUIRE_MFA_FOR_STAFF = False
    client.force_login(User.objects.get(email="admin@essaim.localhost"))
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_totp_is_offered_to_everyone(client, demo_site):
    client.post("/comptes/login/", {"login": "camille@essaim.localhost", "password": "essaim-demo-2026"})
    # Setting up a second factor asks for the password again, as it should.
    response = client.get("/comptes/2fa/totp/activate/")
    assert response["Location"].startswith("/comptes/reauthenticate/")
    client.post(response["Location"], {"password": "essaim-demo-2026"})
    response = client.get("/comptes/2fa/totp/activate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="authenticator_secret"' in html
    assert "data:image/svg+xml" in html  # the QR code to scan
