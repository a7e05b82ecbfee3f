"""The Content-Security-Policy: every public page sends the strict policy, the admins a relaxed one, and no
template or script of ours needs inline code the policy would refuse.

The browser tests (tests/browser, ``csp.py``) check the other half: pages really run under the policy with
no violation reported.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ImproperlyConfigured

from config.csp import tile_source

ROOT = Path(__file__).resolve().parents[2]
HEADER = "Content-Security-Policy"
PUBLIC_PAGES = (
    "/",
    "/en/",
    "/annuaire/",
    "/annuaire/?vue=carte",
    "/projets/",
    "/recherche/?q=jardin",
    "/comptes/login/",
    "/comptes/signup/",
    "/page-qui-n-existe-pas/",  # error pages too
)


@pytest.fixture
def cast(spaces_cast):
    """The spaces cast (tests/fixtures/spaces.py): a hosted space, its rooms, people in every role."""
    return spaces_cast


def directives(response) -> dict[str, list[str]]:
    header = response.headers.get(HEADER)
    assert header, f"{response.request['PATH_INFO']}: no {HEADER} header"
    policy = {}
    for part in header.split(";"):
        name, *values = part.split()
        policy[name] = values
    return policy


def assert_strict(policy: dict[str, list[str]], host: str = "testserver", scheme: str = "ws") -> None:
    script = policy["script-src"]
    assert script[0] == "'self'"
    assert all(value.startswith("'nonce-") for value in script[1:]), script
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert policy["connect-src"] == ["'self'", f"{scheme}://{host}"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


# --- the headers --------------------------------------------------------------------------------------------


def test_public_pages_send_the_strict_policy(client, demo_site):
    for path in PUBLIC_PAGES:
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        assert_strict(directives(response))


def test_logged_in_pages_allow_the_sites_own_websocket(client, cast):
    client.force_login(cast.user("member"))
    room = cast.rooms["public"]
    response = client.get(f"/salons/{room.pk}/")
    assert response.status_code == 200
    assert_strict(directives(response))
    # Over HTTPS the socket is wss: on the same host (and port) the page came from.
    secure = client.get(f"/salons/{room.pk}/", secure=True, headers={"host": "localhost:8443"})
    assert_strict(directives(secure), host="localhost:8443", scheme="wss")


def test_the_json_ld_script_carries_the_nonce_of_its_response(client, cast):
    response = client.get(f"/annuaire/{cast.incubator.slug}/")
    assert response.status_code == 200
    scripts = BeautifulSoup(response.content, "html.parser").find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    nonce = scripts[0]["nonce"]
    assert len(nonce) >= 16
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]
    # A fresh nonce per response: one seen in a page is useless for the next.
    again = client.get(f"/annuaire/{cast.incubator.slug}/")
    assert f"'nonce-{nonce}'" not in directives(again)["script-src"]


def test_pages_without_an_inline_script_send_no_nonce(client, db):
    assert directives(client.get("/annuaire/"))["script-src"] == ["'self'"]


def test_the_admins_get_the_relaxed_policy(client, cast):
    client.force_login(cast.user("staff"))
    for path in ("/admin/", "/admin/pages/"):
        policy = directives(client.get(path))
        # Wagtail's admin runs inline scripts and styles: no fetch directive restricts it ...
        assert "script-src" not in policy, path
        assert "default-src" not in policy, path
        # ... but no other site may frame it, and no plugin, foreign <base> or form target runs in it.
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]


def test_wagtails_preview_keeps_the_strict_policy_but_may_be_framed_by_the_admin(demo_site):
    # The editor's preview panel frames the page rendered for a dummy request to the page's own URL.
    response = demo_site.make_preview_request()
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


def test_the_tile_server_follows_the_map_setting(client, db, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "img-src": ["'self'", "data:", tile_source("https://{s}.tuiles.example.org/{z}/{x}/{y}.png")],
        }
    }
    assert directives(client.get("/annuaire/?vue=carte"))["img-src"] == [
        "'self'",
        "data:",
        "https://*.tuiles.example.org",
    ]


@pytest.mark.parametrize(
    ("template", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://tiles.example.org:8080/{z}/{x}/{y}.png", "http://tiles.example.org:8080"),
        ("/tuiles/{z}/{x}/{y}.png", None),  # the site's own tiles: 'self' covers them
    ],
)
def test_tile_source(template, source):
    assert tile_source(template) == source


@pytest.mark.parametrize(
    "template", ["ftp://tiles.example.org/{z}.png", "https://tiles.{s}.example.org/{z}/{x}/{y}.png"]
)
def test_a_tile_url_the_policy_cannot_express_is_refused_at_start(template):
    with pytest.raises(ImproperlyConfigured):
        tile_source(template)


# --- the guard over our own templates and scripts ----------------------------------------------------------

TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
SCRIPTS = sorted((ROOT / "static" / "js").rglob("*.js"))
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
NONCE_ATTRIBUTE = 'nonce="{{ request.csp_nonce }}"'
# onclick=, onload=… as HTML attributes (not data-on…, hx-on… is caught by its own pattern).
EVENT_HANDLER = re.compile(r"(?<![\w-])on[a-z]+\s*=\s*[\"'{]", re.IGNORECASE)
HTMX_ON = re.compile(r"\bhx-on\b|\bhx-on:|\bhx-on::", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"(?<![\w-])style\s*=\s*[\"'{]", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_guard_sees_the_templates():
    assert len(TEMPLATES) > 50
    assert ROOT / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("path", TEMPLATES, ids=relative)
def test_no_template_has_inline_code_the_policy_refuses(path):
    text = path.read_text()
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        assert "src=" in attributes or NONCE_ATTRIBUTE in attributes, (
            f"{relative(path)}: inline <script{attributes}> without the CSP nonce: move it to static/js/, "
            f"or add {NONCE_ATTRIBUTE} if it must stay inline (data such as JSON-LD)"
        )
    for pattern, what in (
        (EVENT_HANDLER, "an inline event handler (use addEventListener in static/js/)"),
        (HTMX_ON, "an hx-on handler (htmx evaluates it: refused by the CSP)"),
        (STYLE_ATTRIBUTE, "a style attribute (use a class in static/css/)"),
        (JAVASCRIPT_URL, "a javascript: URL"),
        (re.compile(r"<style\b", re.IGNORECASE), "a <style> element (use static/css/)"),
    ):
        found = pattern.search(text)
        assert found is None, f"{relative(path)}: {what}: {text[found.start() : found.start() + 60]!r}"


@pytest.mark.parametrize("path", SCRIPTS, ids=relative)
def test_no_script_builds_code_or_inline_styles_from_strings(path):
    text = path.read_text()
    for pattern, what in (
        (re.compile(r"\beval\s*\(|\bnew\s+Function\s*\("), "eval or new Function"),
        (re.compile(r"set(?:Timeout|Interval)\s*\(\s*[\"'`]"), "a string given to setTimeout/setInterval"),
        (
            re.compile(r"setAttribute\(\s*[\"'](?:on[a-z]+|style)[\"']"),
            "an inline handler or style attribute",
        ),
        (
            re.compile(r"[\"'`][^\"'`\n]*<[a-z][^>]*\s(?:on[a-z]+|style)=", re.IGNORECASE),
            "markup with on…= or style=",
        ),
    ):
        found = pattern.search(text)
        assert found is None, f"{relative(path)}: {what}: {text[found.start() : found.start() + 60]!r}"
