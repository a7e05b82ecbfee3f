# Essaim — the two commands of the README (`make run`, `make test`) and a few helpers.
# Every target bootstraps .venv from the pinned lock file, so a fresh clone needs nothing else.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint bench lock messages clean-venv

$(STAMP): requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Essaim needs Python 3.11")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $(STAMP)

## setup: install, compile translations, migrate, load reference and demo data (idempotent)
setup: $(STAMP)
	$(MANAGE) compile_catalogues
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) load_demo

## run: Essaim on its embedded default (SQLite, in-memory channel layer, database search, console email)
run: setup
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(MANAGE) runserver $(HOST):$(PORT)

## test: the whole suite: lint and format check, then pytest (unit, migrations check, services, browser)
test: $(STAMP)
	$(MANAGE) compile_catalogues
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## bench: benchmarks, printed as ratios to a baseline measured in the same run
bench: $(STAMP)
	$(MANAGE) compile_catalogues
	$(PY) -m bench $(BENCH_ARGS)

## lock: re-resolve the pinned lock files from pyproject.toml (needs network to PyPI)
lock: $(STAMP)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml -p 3.11 --generate-hashes -q -o requirements/base.txt --custom-compile-command "make lock"
	$(VENV)/bin/uv pip compile pyproject.toml -p 3.11 --extra dev --generate-hashes -q -o requirements/dev.txt --custom-compile-command "make lock"

## messages: refresh the translation catalogues from the source
messages: $(STAMP)
	$(MANAGE) makemessages -l fr --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*' --no-obsolete
	$(MANAGE) makemessages -d djangojs -l fr --ignore '.venv/*' --ignore 'static/vendor/*' --no-obsolete

clean-venv:
	rm -rf $(VENV)
