"""platform/nginx.conf: the reverse proxy in front of the web processes."""

import re

import pytest
from django.conf import settings

from . import deployment as d

PROXYING = [
    path for path, directives in d.nginx_locations().items() if d.nginx_values(directives, "proxy_pass")
]


def headers(directives: list[list[str]]) -> dict[str, str]:
    return dict(d.nginx_values(directives, "proxy_set_header"))


def test_proxy_forwards_to_the_web_service_port():
    (((name,), body),) = d.nginx_blocks(d.nginx_tree(), "upstream")
    servers = [directive[0] for directive in d.nginx_values(d.nginx_directives(body), "server")]
    assert servers == ["web:8000"]
    assert "web" in d.compose()["services"]
    assert "8000" in [arguments for keyword, arguments in d.dockerfile_instructions() if keyword == "EXPOSE"]
    assert '--port "${PORT:-8000}"' in (d.PLATFORM / "web.sh").read_text(encoding="utf-8")
    assert set(PROXYING) >= {"/", "/ws/"}
    for path in PROXYING:
        assert d.nginx_values(d.nginx_locations()[path], "proxy_pass") == [[f"http://{name}"]]


@pytest.mark.parametrize("path", PROXYING)
def test_every_proxied_location_sets_the_forwarded_headers(path):
    # nginx drops inherited proxy_set_header in a location that sets any: each must list them all.
    sent = headers(d.nginx_locations()[path])
    assert sent["X-Forwarded-Proto"] == "$scheme"
    assert sent["X-Forwarded-For"] == "$remote_addr"
    assert sent["Host"] == "$host"


def test_websockets_are_upgraded_on_ws():
    ws = d.nginx_locations()["/ws/"]
    assert d.nginx_values(ws, "proxy_http_version") == [["1.1"]]
    sent = headers(ws)
    assert sent["Upgrade"] == "$http_upgrade"
    assert sent["Connection"] == "$connection_upgrade"
    assert re.search(
        r"map\s+\$http_upgrade\s+\$connection_upgrade\s*\{[^}]*default\s+upgrade;", d.nginx_text()
    )
    routing = (d.ROOT / "spaces" / "routing.py").read_text(encoding="utf-8")
    assert re.findall(r'path\("([^"]+)"', routing)
    assert all(route.startswith("ws/") for route in re.findall(r'path\("([^"]+)"', routing))


def test_body_size_limit_admits_the_application_uploads():
    (limit,) = re.findall(r"client_max_body_size\s+(\w+);", d.nginx_text())
    size = d.size_in_bytes(limit)
    assert size >= settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    assert size >= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert size <= 16 * 1024**2


def test_static_files_are_left_to_whitenoise():
    # No /static/ location: "/" proxies it, so the web process must serve it with WhiteNoise.
    assert not [path for path in d.nginx_locations() if "/static" in path]
    production = (d.ROOT / "config" / "settings" / "production.py").read_text(encoding="utf-8")
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in production
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


def test_uploaded_media_are_inert_and_private_documents_unreachable():
    locations = d.nginx_locations()
    media = locations["/media/"]
    added = {directive[0]: directive[1] for directive in d.nginx_values(media, "add_header")}
    assert added["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in added["Content-Security-Policy"]
    assert d.nginx_values(locations["^~ /media/documents/"], "return") == [["404"]]
    assert settings.MEDIA_URL == "/media/"


def test_plain_http_redirects_to_https_and_tls_is_terminated_here():
    (plain,) = [
        body
        for _, body in d.nginx_blocks(d.nginx_tree(), "server")
        if any(words[:2] == ["listen", "80"] for words in d.nginx_directives(body))
    ]
    assert d.nginx_values(d.nginx_locations(plain)["/"], "return") == [["301", "https://$host$request_uri"]]
    https = d.nginx_directives(d.nginx_https_server())
    assert ["443", "ssl", "default_server"] in d.nginx_values(https, "listen")
    assert d.nginx_values(https, "ssl_certificate") == [["/etc/nginx/certs/fullchain.pem"]]
    assert ("${TLS_CERT_DIR:-./platform/certs}", "/etc/nginx/certs", True) in d.volume_mounts(
        d.service("proxy")
    )
    production = (d.ROOT / "config" / "settings" / "production.py").read_text(encoding="utf-8")
    assert 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")' in production
