"""Settings pick each service from the environment, with the embedded default when it is unset."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'], "
    "'layer': settings.CHANNEL_LAYERS['default']['BACKEND'], 'cache': settings.CACHES['default']['BACKEND'], "
    "'search': settings.SEARCH_BACKEND, 'email': settings.EMAIL_BACKEND, "
    "'tasks': settings.TASKS['default']['BACKEND'], 'mfa': settings.ESSAIM_REQUIRE_MFA_FOR_STAFF}))"
)
SERVICE_VARS = (
    "DATABASE_URL",
    "REDIS_URL",
    "ELASTICSEARCH_URL",
    "SEARCH_BACKEND",
    "EMAIL_URL",
    "TASKS_BACKEND",
)


def run_django(module: str, code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in SERVICE_VARS}
    base.update({"DJANGO_SETTINGS_MODULE": module, "ESSAIM_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def probe(module: str, tmp_path, **env) -> dict:
    result = run_django(module, PROBE, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_needs_no_service(tmp_path):
    assert probe("config.settings.dev", tmp_path) == {
        "db": "django.db.backends.sqlite3",
        "layer": "channels.layers.InMemoryChannelLayer",
        "cache": "django.core.cache.backends.db.DatabaseCache",
        "search": "database",
        "email": "django.core.mail.backends.console.EmailBackend",
        "tasks": "django_tasks.backends.immediate.ImmediateBackend",
        "mfa": False,
    }


def test_environment_selects_the_scaled_services(tmp_path):
    chosen = probe(
        "config.settings.dev",
        tmp_path,
        DATABASE_URL="postgres://essaim@db.internal:5432/essaim",
        REDIS_URL="redis://cache.internal:6379/0",
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL="http://search.internal:9200",
        EMAIL_URL="smtp://mailer.internal:25",
        TASKS_BACKEND="database",
    )
    assert chosen == {
        "db": "django.db.backends.postgresql",
        "layer": "channels_redis.core.RedisChannelLayer",
        "cache": "django.core.cache.backends.redis.RedisCache",
        "search": "elasticsearch",
        "email": "django.core.mail.backends.smtp.EmailBackend",
        "tasks": "django_tasks_db.DatabaseBackend",
        "mfa": False,
    }


PRODUCTION_ENV = {
    "ALLOWED_HOSTS": "essaim.example.org",
    "EMAIL_URL": "smtp://mailer.internal:25",
}


def test_production_check_deploy_is_clean(tmp_path):
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(64)}
    result = run_django(
        "config.settings.production",
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        tmp_path,
        **env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_requires_mfa_for_staff_and_queues_tasks(tmp_path):
    chosen = probe(
        "config.settings.production", tmp_path, SECRET_KEY=secrets.token_urlsafe(64), **PRODUCTION_ENV
    )
    assert chosen["mfa"] is True
    assert chosen["tasks"] == "django_tasks_db.DatabaseBackend"


@pytest.mark.parametrize("secret", ["", "short-and-guessable"])
def test_production_refuses_to_start_without_a_real_secret(tmp_path, secret):
    result = run_django("config.settings.production", PROBE, tmp_path, SECRET_KEY=secret, **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
