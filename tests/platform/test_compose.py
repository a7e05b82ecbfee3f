"""docker-compose.yml: what a deployer of the scaled mode relies on.

The list of environment variables comes from the settings themselves (every `env.<type>("NAME"` call of
config.settings.production and the modules it imports), so a new setting that the scaled deployment does not
provide, or that env.example does not document, fails here.
"""

import re

import pytest
from django.conf import settings

from search import SHORT_NAMES

from . import deployment as d

# The service settings of the scaled mode that web and worker must receive even though the settings give
# them a default: that default is the embedded mode's (SQLite, in-memory layer, console email, localhost…).
SCALED_MODE_SETTINGS = {
    "DATABASE_URL",
    "REDIS_URL",
    "SEARCH_BACKEND",
    "ELASTICSEARCH_URL",
    "TASKS_BACKEND",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "WAGTAILADMIN_BASE_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
}
SECRET_NAME_PARTS = ("SECRET", "PASSWORD", "TOKEN", "API_KEY")


def provided_to(name: str) -> set[str]:
    """Every variable a container of the service starts with: compose environment, .env, image ENV."""
    svc = d.service(name)
    provided = set(d.environment(svc)) | set(d.image_environment())
    if ".env" in d.env_files(svc):
        provided |= set(d.env_example()[0])
    return provided


def test_every_service_of_the_scaled_mode_exists():
    assert {"proxy", "web", "worker", "migrate", "postgres", "redis", "elasticsearch"} <= set(
        d.compose()["services"]
    )


@pytest.mark.parametrize("name", d.APPLICATION_SERVICES)
def test_application_services_run_the_image_built_from_platform_dockerfile(name):
    svc = d.service(name)
    build = svc["build"]
    assert (d.ROOT / build["context"]).resolve() == d.ROOT
    assert build["dockerfile"] == "platform/Dockerfile"
    assert (d.ROOT / build["context"] / build["dockerfile"]).is_file()
    # One image for all three: what migrate migrates is what web and worker run.
    assert svc["image"] == d.service("web")["image"]


def test_web_runs_several_uvicorn_workers_of_the_asgi_application():
    cmd = d.command(d.service("web"))
    script = d.repo_path(cmd[0])
    assert script is not None
    assert script.is_file(), cmd
    text = script.read_text(encoding="utf-8")
    assert "exec uvicorn config.asgi:application" in text
    assert "application = ProtocolTypeRouter" in (d.ROOT / "config" / "asgi.py").read_text(encoding="utf-8")
    assert "--proxy-headers" in text
    assert '--workers "${WEB_CONCURRENCY:-' in text
    assert int(d.default_of(text, "WEB_CONCURRENCY")) >= 2
    compose_value = d.environment(d.service("web"))["WEB_CONCURRENCY"]
    assert int(d.default_of(compose_value, "WEB_CONCURRENCY")) >= 2


def test_worker_runs_the_django_tasks_database_worker():
    cmd = d.command(d.service("worker"))
    assert cmd[:3] == ["python", "manage.py", "db_worker"]
    assert "django_tasks_db" in settings.INSTALLED_APPS


def test_the_scheduler_queues_the_periodic_tasks_for_the_worker():
    # What it queues and when: tests/ecosystem/test_schedule.py.
    assert d.command(d.service("scheduler")) == ["python", "manage.py", "run_schedule"]


@pytest.mark.parametrize("name", d.APPLICATION_SERVICES)
def test_application_services_are_configured_for_the_scaled_mode(name):
    env = d.environment(d.service(name))
    services = d.compose()["services"]
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert (d.ROOT / "config" / "settings" / "production.py").is_file()
    assert env["SEARCH_BACKEND"] == "elasticsearch"
    assert env["SEARCH_BACKEND"] in SHORT_NAMES
    assert env["TASKS_BACKEND"] == "database"
    database, redis, search = (d.url(env[key]) for key in ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"))
    assert (database.scheme, database.hostname) == ("postgres", "postgres")
    assert (redis.scheme, redis.hostname) == ("redis", "redis")
    assert (search.scheme, search.hostname, search.port) == ("http", "elasticsearch", 9200)
    assert {database.hostname, redis.hostname, search.hostname} <= set(services)


def test_the_settings_scan_finds_the_scaled_mode_settings():
    # Guards the scan itself: if the regex stopped matching, the tests below would check nothing.
    names = d.settings_env_names()
    assert set(names) >= SCALED_MODE_SETTINGS
    assert names["ALLOWED_HOSTS"] is False  # production reads it without a default


@pytest.mark.parametrize("name", ["web", "worker", "scheduler"])
def test_every_setting_the_scaled_mode_needs_reaches_web_and_worker(name):
    names = d.settings_env_names()
    required = {key for key, has_default in names.items() if not has_default} | SCALED_MODE_SETTINGS
    missing = required - provided_to(name)
    assert not missing, f"{name} does not receive {sorted(missing)}"


def test_every_variable_the_settings_read_is_documented_in_env_example():
    assigned, documented = d.env_example()
    undocumented = set(d.settings_env_names()) - set(assigned) - documented
    assert not undocumented, f"add to platform/env.example: {sorted(undocumented)}"


def test_every_variable_interpolated_in_compose_is_documented_in_env_example():
    assigned, documented = d.env_example()
    names = d.interpolated_names(d.COMPOSE_FILE.read_text(encoding="utf-8"))
    assert "POSTGRES_PASSWORD" in names
    assert not names - set(assigned) - documented


@pytest.mark.parametrize("name", d.APPLICATION_SERVICES)
def test_secret_key_and_allowed_hosts_come_from_the_env_file(name):
    svc = d.service(name)
    assert ".env" in d.env_files(svc)
    assert not {"SECRET_KEY", "ALLOWED_HOSTS"} & set(d.environment(svc))
    assert {"SECRET_KEY", "ALLOWED_HOSTS"} <= set(d.env_example()[0])


def _is_bare_interpolation(value: str) -> bool:
    """`${NAME}` or `${NAME:?message}`: the value can only come from the environment, never a default."""
    return any(
        match.group(0) == value and match["modifier"][:2] in ("", ":?", "?")
        for match in d.INTERPOLATION.finditer(value)
    )


def test_no_secret_is_written_in_the_compose_file():
    for name, svc in d.compose()["services"].items():
        for key, value in d.environment(svc).items():
            if any(part in key for part in SECRET_NAME_PARTS):
                assert _is_bare_interpolation(value), f"{name}: {key} must come from .env"
            if "://" in value and "@" in value:
                # user:password@ of a URL, split on the colons outside ${…} (urlsplit would cut inside them).
                userinfo = value.split("://", 1)[1].rsplit("@", 1)[0]
                _user, *password = re.findall(r"(?:\$\{[^}]*\}|[^:])+", userinfo)
                assert not password or _is_bare_interpolation(password[0]), f"{name}: password in {key}"
    lines = d.COMPOSE_FILE.read_text(encoding="utf-8").splitlines()
    assert not [line for line in lines if "SECRET_KEY" in line.split("#", 1)[0]]


def test_env_example_ships_no_secret():
    assigned, _ = d.env_example()
    secrets = {
        key: value for key, value in assigned.items() if any(part in key for part in SECRET_NAME_PARTS)
    }
    assert {"SECRET_KEY", "POSTGRES_PASSWORD"} <= set(secrets)
    assert all(value == "" for value in secrets.values()), secrets


@pytest.mark.parametrize("name", ["proxy", "web", "worker", "postgres", "redis", "elasticsearch"])
def test_long_running_services_have_a_healthcheck(name):
    healthcheck = d.service(name).get("healthcheck") or {}
    assert not healthcheck.get("disable")
    test = healthcheck["test"]
    assert test[0] in ("CMD", "CMD-SHELL")
    assert len(test) > 1
    script = d.repo_path(test[1])
    if script is not None:
        assert script.is_file(), test


def test_application_healthchecks_probe_healthz_and_the_database():
    script = d.PLATFORM / "healthcheck.sh"
    text = script.read_text(encoding="utf-8")
    assert "/healthz" in text
    assert d.service("web")["healthcheck"]["test"][1:] == ["/app/platform/healthcheck.sh", "web"]
    assert d.service("worker")["healthcheck"]["test"][1:] == ["/app/platform/healthcheck.sh", "worker"]


def test_migrations_run_once_before_web_and_worker_start():
    migrate = d.service("migrate")
    assert d.environment(migrate)["ESSAIM_MIGRATE"] == "1"
    assert migrate["restart"] == "no"
    assert d.repo_path(d.command(migrate)[0]) == d.PLATFORM / "release.sh"
    for dependency in ("postgres", "redis", "elasticsearch"):
        assert migrate["depends_on"][dependency]["condition"] == "service_healthy"
    for name in ("web", "worker"):
        svc = d.service(name)
        assert svc["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        for dependency in ("postgres", "redis", "elasticsearch"):
            assert svc["depends_on"][dependency]["condition"] == "service_healthy"
        # Replicas must never race on the same migrations.
        assert d.environment(svc).get("ESSAIM_MIGRATE", "0") != "1"
    assert d.service("proxy")["depends_on"]["web"]["condition"] == "service_healthy"


def test_entrypoint_migrates_only_when_asked():
    text = (d.PLATFORM / "entrypoint.sh").read_text(encoding="utf-8")
    assert 'if [ "${ESSAIM_MIGRATE:-0}" = "1" ]; then' in text
    assert "python manage.py migrate --no-input" in text
    assert "python manage.py createcachetable" in text
    assert text.rstrip().endswith('exec "$@"')


def test_data_lives_in_named_volumes():
    volumes = d.compose()["volumes"]
    mounts = {name: d.volume_mounts(d.service(name)) for name in d.compose()["services"]}
    assert ("postgres-data", "/var/lib/postgresql/data", False) in mounts["postgres"]
    assert ("elasticsearch-data", "/usr/share/elasticsearch/data", False) in mounts["elasticsearch"]
    assert {"postgres-data", "elasticsearch-data", "media"} <= set(volumes)


def test_media_volume_is_shared_by_the_application_and_served_read_only_by_the_proxy():
    for name in ("web", "worker"):
        media_root = d.environment(d.service(name))["MEDIA_ROOT"]
        assert ("media", media_root, False) in d.volume_mounts(d.service(name))
    assert d.image_environment()["MEDIA_ROOT"] == d.environment(d.service("web"))["MEDIA_ROOT"]
    (alias,) = d.nginx_values(d.nginx_locations()["/media/"], "alias")
    assert ("media", alias[0].rstrip("/"), True) in d.volume_mounts(d.service("proxy"))


def test_proxy_runs_platform_nginx_conf_and_is_the_only_published_service():
    proxy = d.service("proxy")
    assert proxy["image"].startswith("nginx:")
    assert ("./platform/nginx.conf", "/etc/nginx/nginx.conf", True) in d.volume_mounts(proxy)
    published = {str(port).rsplit(":", 1)[-1] for port in proxy["ports"]}
    assert published == {"80", "443"}
    others = [name for name, svc in d.compose()["services"].items() if name != "proxy" and svc.get("ports")]
    assert not others, f"only the proxy may publish ports: {others}"


def test_data_services_images_and_private_network():
    services = d.compose()["services"]
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["elasticsearch"]["image"].startswith("docker.elastic.co/elasticsearch/elasticsearch:8.")
    assert d.compose()["networks"]["backend"]["internal"] is True
    for name in ("postgres", "redis", "elasticsearch"):
        assert services[name]["networks"] == ["backend"], name


def test_elasticsearch_is_a_memory_bounded_single_node_without_security():
    es = d.service("elasticsearch")
    env = d.environment(es)
    assert env["discovery.type"] == "single-node"
    assert env["xpack.security.enabled"] == "false"
    assert "-Xmx" in env["ES_JAVA_OPTS"]
    assert es["deploy"]["resources"]["limits"]["memory"]
