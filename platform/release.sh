#!/bin/sh
# The one-shot release step, run by the "migrate" service of docker-compose.yml before web and worker start.
# The entrypoint has already migrated (ESSAIM_MIGRATE=1); this script then
#   1. runs Django's deployment checks (fails on errors, prints warnings);
#   2. loads the reference data (the administrative geography of the région) with the idempotent command
#      line in ESSAIM_REFERENCE_DATA_COMMAND: default "load_reference_data" (territories, home and legal pages),
#      e.g. "load_reference_data --region 32"; empty to skip. A command this version does not know stops here.
set -eu

cd "$(dirname "$0")/.."

python manage.py check --deploy

command_line="${ESSAIM_REFERENCE_DATA_COMMAND-load_reference_data}"
if [ -z "${command_line}" ]; then
    echo "release: ESSAIM_REFERENCE_DATA_COMMAND is empty: no reference data loaded."
    exit 0
fi
# A command line: split into words on purpose.
# shellcheck disable=SC2086
set -- ${command_line}
if ! python manage.py help "$1" >/dev/null 2>&1; then
    echo "release: 'manage.py $1' does not exist in this version of Essaim (ESSAIM_REFERENCE_DATA_COMMAND)." >&2
    exit 1
fi
python manage.py "$@"
