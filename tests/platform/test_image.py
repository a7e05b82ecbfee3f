"""platform/Dockerfile, the process scripts of platform/ and the rule that platform/ is no Python package."""

import os
import platform
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from . import deployment as d

SCRIPTS = sorted(d.PLATFORM.glob("*.sh"))
PRODUCTION_KEY = "tests-only-not-a-secret-" + "x" * 40


def instructions(keyword: str) -> list[str]:
    return [arguments for kw, arguments in d.dockerfile_instructions() if kw == keyword]


def test_image_is_multi_stage_on_python_311_slim():
    froms = instructions("FROM")
    assert len(froms) >= 2
    assert d.resolve_image(d.final_stage()[0][1]).split()[0] == "python:3.11-slim"
    assert all(d.resolve_image(reference).startswith("python:3.11-slim") for reference in froms)


def test_image_installs_only_the_hash_pinned_base_requirements():
    installs = [run for run in instructions("RUN") if "pip install" in run]
    assert installs
    for run in installs:
        words = shlex.split(run)
        assert "--require-hashes" in words
        assert "requirements/base.txt" in " ".join(words)
    assert not [arguments for _, arguments in d.dockerfile_instructions() if "dev.txt" in arguments]
    assert any("requirements/base.txt" in copy for copy in instructions("COPY"))


def test_base_requirements_pin_every_package_with_hashes_and_hold_the_runtime():
    # --require-hashes refuses a lock file with one unhashed requirement.
    text = (d.ROOT / "requirements" / "base.txt").read_text(encoding="utf-8")
    blocks = re.findall(
        r"^([a-z0-9][a-z0-9._-]*)==\S+((?:\s*\\\n\s+--hash=sha256:[0-9a-f]{64})*)", text, re.M
    )
    assert blocks
    assert all(hashes for _, hashes in blocks), [name for name, hashes in blocks if not hashes]
    pinned = {name for name, _ in blocks}
    assert {
        "uvicorn",
        "websockets",
        "uvloop",
        "httptools",
        "django-tasks-db",
        "psycopg",
        "whitenoise",
    } <= pinned
    assert {"channels-redis", "elasticsearch"} <= pinned
    assert not {"pytest", "ruff", "playwright"} & pinned


def test_image_builds_translations_and_static_files_with_production_settings():
    (build,) = [run for run in instructions("RUN") if "collectstatic" in run]
    assert "compile_catalogues" in build
    assert "collectstatic --no-input" in build
    assert d.image_environment()["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    key = re.search(r"\bSECRET_KEY=(\S+)", build)
    assert key
    assert len(key[1]) >= 50  # production settings refuse a shorter key
    assert re.search(r"\bALLOWED_HOSTS=\S+", build)
    # The placeholder lives in that RUN line only: no ENV or ARG bakes a key into the image.
    baked = [arguments for kw, arguments in d.dockerfile_instructions() if kw in ("ENV", "ARG")]
    assert not [arguments for arguments in baked if "SECRET_KEY" in arguments]


def test_image_runs_as_a_non_root_user():
    stage = d.final_stage()
    users = [arguments for keyword, arguments in stage if keyword == "USER"]
    assert users
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    last_user = max(i for i, (keyword, _) in enumerate(stage) if keyword == "USER")
    # Nothing runs as root after it, and the process starts after it.
    assert not [kw for kw, _ in stage[last_user:] if kw == "RUN"]
    assert max(i for i, (keyword, _) in enumerate(stage) if keyword == "CMD") > last_user


def test_image_exposes_8000_checks_healthz_and_starts_the_web_process():
    assert "8000" in instructions("EXPOSE")
    (healthcheck,) = instructions("HEALTHCHECK")
    assert '"/app/platform/healthcheck.sh", "web"' in healthcheck
    assert "/healthz" in (d.PLATFORM / "healthcheck.sh").read_text(encoding="utf-8")
    assert instructions("ENTRYPOINT") == ['["/app/platform/entrypoint.sh"]']
    assert instructions("CMD") == ['["/app/platform/web.sh"]']
    assert instructions("WORKDIR")[-1] == d.APP_DIR_IN_IMAGE
    # The same web process as the compose file's web service.
    assert d.command(d.service("web")) == ["/app/platform/web.sh"]


def test_dockerignore_keeps_secrets_out_and_the_runtime_in():
    patterns = {
        line.strip().rstrip("/")
        for line in d.DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".env", ".git", ".venv", "platform/certs"} <= patterns
    needed = ("platform", "config", "requirements", "manage.py", "locale", "static", "templates")
    assert not [
        pattern for pattern in patterns if pattern.split("/")[0] in needed and pattern != "platform/certs"
    ]


def test_platform_is_not_a_python_package():
    assert not (d.PLATFORM / "__init__.py").exists()
    assert not list(d.PLATFORM.rglob("*.py"))


def test_the_standard_library_platform_module_is_not_shadowed_from_the_repository_root():
    code = "import platform; platform.system(); print(platform.__file__)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=d.ROOT, capture_output=True, text=True, check=True
    )
    module = Path(result.stdout.strip()).resolve()
    assert module.name == "platform.py"
    assert d.ROOT not in module.parents


def test_this_test_package_does_not_shadow_it_either():
    # tests/platform is importable as tests.platform only while tests/ is a package: without
    # tests/__init__.py, pytest would put tests/ on sys.path and `import platform` would find this folder.
    assert (d.ROOT / "tests" / "__init__.py").is_file()
    assert __name__ == "tests.platform.test_image"
    assert d.ROOT not in Path(platform.__file__).resolve().parents


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_shell_scripts_are_strict_executable_posix_sh(script):
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh\n")
    assert re.search(r"^set -eu$", text, re.M)
    assert os.access(script, os.X_OK)
    subprocess.run(["sh", "-n", str(script)], check=True)


def test_every_script_the_deployment_names_exists():
    assert {path.name for path in SCRIPTS} >= {"entrypoint.sh", "web.sh", "release.sh", "healthcheck.sh"}


# --- the scripts, run for real with the project's virtualenv ----------------------------------------------------


def script_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: only what the image would set, so a developer's services do not leak in."""
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": PRODUCTION_KEY,
        "ALLOWED_HOSTS": "essaim.test",
        "ESSAIM_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'essaim.sqlite3'}",
    }
    env.update(extra)
    return env


def test_entrypoint_gives_up_on_an_unreachable_database_without_running_the_command(tmp_path):
    env = script_env(tmp_path, DATABASE_URL="postgres://u:p@127.0.0.1:9/essaim", ESSAIM_DB_WAIT_SECONDS="1")
    marker = tmp_path / "ran"
    result = subprocess.run(
        [str(d.PLATFORM / "entrypoint.sh"), "touch", str(marker)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "database is still unreachable" in result.stderr
    assert not marker.exists()


@pytest.fixture
def recorded_manage_py(tmp_path) -> tuple[dict[str, str], Path]:
    """An environment whose `python` records the manage.py commands instead of running them (the real
    migrations and loaders are the Django suite's business) and hands anything else (the database wait) to
    Python. `manage.py help missing_command` fails, as Django's does for an unknown command."""
    shim = tmp_path / "bin" / "python"
    shim.parent.mkdir()
    calls = tmp_path / "calls"
    shim.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = manage.py ]; then\n'
        f'    echo "$*" >> {shlex.quote(str(calls))}\n'
        '    [ "$*" != "manage.py help missing_command" ]; exit\n'
        "fi\n"
        f'exec {shlex.quote(sys.executable)} "$@"\n'
    )
    shim.chmod(0o755)
    env = script_env(tmp_path)
    env["PATH"] = f"{shim.parent}{os.pathsep}{env['PATH']}"
    return env, calls


def test_entrypoint_runs_the_command_and_migrates_only_when_asked(tmp_path, recorded_manage_py):
    env, calls = recorded_manage_py
    marker = tmp_path / "ran"
    subprocess.run([str(d.PLATFORM / "entrypoint.sh"), "touch", str(marker)], env=env, check=True, timeout=60)
    assert marker.exists()
    assert not calls.exists()

    # The working directory does not matter: the entrypoint finds manage.py itself.
    subprocess.run(
        [str(d.PLATFORM / "entrypoint.sh"), "true"],
        env={**env, "ESSAIM_MIGRATE": "1"},
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    assert calls.read_text().splitlines() == ["manage.py migrate --no-input", "manage.py createcachetable"]


def test_release_checks_the_deployment_then_loads_the_reference_data(recorded_manage_py):
    env, calls = recorded_manage_py
    release = str(d.PLATFORM / "release.sh")
    subprocess.run([release], env=env, check=True, timeout=60)
    assert calls.read_text().splitlines() == [
        "manage.py check --deploy",
        "manage.py help load_reference_data",
        "manage.py load_reference_data",
    ]
    default = d.environment(d.service("migrate"))["ESSAIM_REFERENCE_DATA_COMMAND"]
    # "-", not ":-": set to empty in .env, it means no reference data.
    assert default == "${ESSAIM_REFERENCE_DATA_COMMAND-load_reference_data}"

    calls.unlink()
    command_line = {**env, "ESSAIM_REFERENCE_DATA_COMMAND": "load_reference_data --region 32"}
    subprocess.run([release], env=command_line, check=True, timeout=60)
    assert calls.read_text().splitlines()[-1] == "manage.py load_reference_data --region 32"

    calls.unlink()
    subprocess.run([release], env={**env, "ESSAIM_REFERENCE_DATA_COMMAND": ""}, check=True, timeout=60)
    assert calls.read_text().splitlines() == ["manage.py check --deploy"]

    missing = subprocess.run(
        [release],
        env={**env, "ESSAIM_REFERENCE_DATA_COMMAND": "missing_command"},
        capture_output=True,
        timeout=60,
    )
    assert missing.returncode != 0
    assert b"does not exist" in missing.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_web_process_serves_healthz_from_several_workers_under_production_settings(tmp_path):
    env = script_env(tmp_path, PORT=str(free_port()), WEB_CONCURRENCY="2")
    log = tmp_path / "web.log"
    with log.open("w") as output:
        web = subprocess.Popen(
            [str(d.PLATFORM / "entrypoint.sh"), str(d.PLATFORM / "web.sh")],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            check = subprocess.run(
                [str(d.PLATFORM / "healthcheck.sh"), "web"],
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
            )
            workers = log.read_text().count("Started server process")
            if (
                (check.returncode == 0 and workers == 2)
                or time.monotonic() > deadline
                or web.poll() is not None
            ):
                break
            time.sleep(0.5)
        assert check.returncode == 0, check.stderr + log.read_text()
        assert '"status": "ok"' in check.stdout
        assert workers == 2, log.read_text()
    finally:
        web.terminate()
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(web.pid, 9)
            web.wait()
