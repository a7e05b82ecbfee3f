"""The second factor is a property of the session (config.mfa), for staff and the jury, when the setting asks
for it (production default): no authenticator → enrol first; an authenticator this session did not pass →
the code step, and nothing else; passed → the site."""

import time
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from channels.layers import channel_layers
from django.contrib.auth.models import Group
from django.test import Client

from ecosystem.access import JURY_GROUP
from ecosystem.actions.accounts import ensure_account
from ecosystem.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-long"
CODE_STEP = "/comptes/2fa/reauthenticate/"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def staff(db, settings):
    settings.ESSAIM_REQUIRE_MFA_FOR_STAFF = True
    user, _ = ensure_account("region@region.example", PASSWORD, is_staff=True, is_superuser=True)
    return user


@pytest.fixture
def enrolled(staff):
    staff.secret = generate_totp_secret()
    TOTP.activate(staff, staff.secret)
    return staff


def test_staff_without_authenticator_is_sent_to_totp_setup(client, staff):
    client.force_login(staff)
    for url in ("/", "/admin/", "/mentions-legales/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/comptes/2fa/totp/activate/"
    # The way out and the set-up page itself stay reachable.
    assert client.get("/comptes/2fa/totp/activate/").status_code in (200, 302)
    assert client.get("/comptes/logout/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_jury_members_are_held_to_the_same_rule(client, demo_site, settings):
    settings.ESSAIM_REQUIRE_MFA_FOR_STAFF = True
    juror, _ = ensure_account("jury@region.example", PASSWORD)
    juror.groups.add(Group.objects.get_or_create(name=JURY_GROUP)[0])
    client.force_login(juror)
    assert client.get("/mon-espace/")["Location"] == "/comptes/2fa/totp/activate/"


@pytest.mark.django_db(transaction=True)  # allauth announces a new authenticator on commit
def test_enrolling_counts_as_passing_the_second_factor_in_that_session(client, staff):
    client.post("/comptes/login/", {"login": staff.email, "password": PASSWORD})
    response = client.get("/comptes/2fa/totp/activate/")
    if response.status_code == 302:  # allauth asks for the password again before adding an authenticator
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get("/comptes/2fa/totp/activate/")
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post("/comptes/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    # Straight on, without a second code: the recovery codes allauth shows next, then the rest of the site
    # (the authenticator's page stands for it: the site's pages need content this test flushes).
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/comptes/2fa/").status_code == 200


def test_a_session_that_did_not_pass_the_code_gets_only_the_code_step(client, enrolled):
    client.force_login(enrolled)  # a session opened without allauth's second factor
    for url in ("/", "/admin/", "/admin/pages/?p=2", "/mon-espace/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{CODE_STEP}?next={quote(url, safe='')}"
    # Not the authenticator's management pages (removing it needs only the password), nor the password step.
    for url in ("/comptes/2fa/", "/comptes/2fa/totp/deactivate/", "/comptes/reauthenticate/"):
        assert client.get(url)["Location"].startswith(CODE_STEP), url
    client.post("/comptes/reauthenticate/", {"password": PASSWORD})
    assert client.get("/admin/").status_code == 302
    assert client.get("/comptes/logout/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get(CODE_STEP + "?next=/admin/").status_code == 200

    response = client.post(CODE_STEP + "?next=/admin/", {"code": current_code(enrolled.secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/comptes/2fa/").status_code == 200


def test_wrong_codes_at_the_code_step_are_throttled(client, enrolled):
    client.force_login(enrolled)
    for attempt in range(5):  # allauth's login_failed limit per account, "5/5m/key"
        client.post(CODE_STEP, {"code": f"{attempt:06d}"})
    client.post(CODE_STEP, {"code": current_code(enrolled.secret)})
    assert client.get("/admin/").status_code == 302


def test_members_are_never_forced(client, settings, demo_site):
    settings.ESSAIM_REQUIRE_MFA_FOR_STAFF = True
    client.force_login(User.objects.get(email="camille@essaim.localhost"))
    assert client.get("/").status_code == 200


def test_local_demo_lets_the_administrator_in_at_once(client, settings, demo_site):
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


# --- WebSockets: the same rule ----------------------------------------------------------------------------


@pytest.fixture
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def logged_in_with_the_code(user) -> bytes:
    """A session cookie from allauth's login: the password, then the code."""
    client = Client()
    response = client.post("/comptes/login/", {"login": user.email, "password": PASSWORD})
    client.post(response["Location"], {"code": current_code(user.secret)})
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
@pytest.mark.usefixtures("fresh_layers")
async def test_a_session_that_did_not_pass_the_code_is_anonymous_on_websockets(enrolled):
    from channels.db import database_sync_to_async
    from channels.testing import WebsocketCommunicator

    from config.asgi import application
    from tests.spaces.ws_clients import communicator

    ws = await communicator(enrolled, "/ws/notifications/")  # a forced login: no second factor
    assert (await ws.connect(timeout=10))[0]
    assert (await ws.receive_output(timeout=10)) == {"type": "websocket.close", "code": 4401}
    await ws.disconnect()

    cookie = await database_sync_to_async(logged_in_with_the_code)(enrolled)
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000"), (b"cookie", cookie)]
    ws = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    assert (await ws.connect(timeout=10))[0]
    assert (await ws.receive_json_from(timeout=10))["type"] == "hello"
    await ws.disconnect()
