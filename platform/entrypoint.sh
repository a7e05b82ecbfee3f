#!/bin/sh
# Entrypoint of the Essaim image, for every process: web, worker and the one-shot migrate step.
#
#   1. waits until the database accepts connections (at most ESSAIM_DB_WAIT_SECONDS, default 60; 0 skips);
#   2. when ESSAIM_MIGRATE=1, applies the migrations and creates the cache table. Only the one-shot
#      "migrate" service of docker-compose.yml sets it: web replicas started together must not race on the
#      same migrations;
#   3. execs the command (by default platform/web.sh), which so receives the stop signals directly.
set -eu

# Run from the project root whatever the working directory (manage.py is there).
cd "$(dirname "$0")/.."

wait_for_database() {
    python - <<'PY'
import os
import sys
import time

import django

django.setup()

from django.db import connections
from django.db.utils import OperationalError

timeout = float(os.environ.get("ESSAIM_DB_WAIT_SECONDS", "60"))
deadline = time.monotonic() + timeout
connection = connections["default"]
while True:
    try:
        connection.ensure_connection()
    except OperationalError as exc:
        if time.monotonic() >= deadline:
            sys.exit(f"entrypoint: the database is still unreachable after {timeout:.0f}s: {exc}")
        print("entrypoint: waiting for the database...", file=sys.stderr, flush=True)
        time.sleep(2)
    else:
        connection.close()
        break
PY
}

if [ "${ESSAIM_DB_WAIT_SECONDS:-60}" != "0" ]; then
    wait_for_database
fi

if [ "${ESSAIM_MIGRATE:-0}" = "1" ]; then
    python manage.py migrate --no-input
    python manage.py createcachetable
fi

exec "$@"
