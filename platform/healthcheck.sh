#!/bin/sh
# Container health checks, used by the image's HEALTHCHECK and by docker-compose.yml.
#
#   healthcheck.sh web     GET /healthz on the local web process: 200 only when the database, the channel
#                          layer and the search backend all answer. The Host header is the first entry of
#                          ALLOWED_HOSTS (Django rejects any other); /healthz is exempt from the HTTPS redirect.
#   healthcheck.sh worker  the worker has no HTTP port: checks that it can still reach the database.
set -eu

cd "$(dirname "$0")/.."

case "${1:-web}" in
web)
    exec python - <<'PY'
import os
import sys
import urllib.error
import urllib.request

hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
host = next((h for h in hosts if h and h != "*"), "localhost")
url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/healthz"
request = urllib.request.Request(url, headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=8) as response:
        print(response.read().decode())
except urllib.error.HTTPError as exc:
    sys.exit(f"healthcheck: {url} answered {exc.code}: {exc.read().decode(errors='replace')}")
except OSError as exc:
    sys.exit(f"healthcheck: {url} unreachable: {exc}")
PY
    ;;
worker)
    exec python - <<'PY'
import django

django.setup()

from django.db import connection

connection.ensure_connection()
PY
    ;;
*)
    echo "usage: $0 web|worker" >&2
    exit 2
    ;;
esac
