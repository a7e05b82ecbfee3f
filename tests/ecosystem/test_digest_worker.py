"""The digest run survives its worker being killed: the real django-tasks database worker (``manage.py
db_worker``, as in the scaled mode) is killed with SIGKILL in the middle of the digests of many people, then
started again; every person gets exactly one digest.

Everything runs in subprocesses on a database of their own (a SQLite file, or a throw-away PostgreSQL
database in the services lane: ``fresh_database``), never the test process's. A killed task stays
« running » in the queue: the next ``manage.py send_digests`` (hourly) queues a new run, which sends only the
digests still due (``ecosystem.actions.digests``).
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

from tests.browser.server import REPO, _manage, fresh_database, server_environment, tail

PEOPLE = 8
SETUP = f"""
from ecosystem.actions import follows, projects
from ecosystem.models import Theme
from tests.factories import ActorFactory, ProjectFactory, ThemeFactory, UserFactory
theme = Theme.objects.order_by("order").first() or ThemeFactory()
for i in range({PEOPLE}):
    follows.follow(UserFactory(email=f"p{{i}}@digest.example"), theme)
project = ProjectFactory(lead_actor=ActorFactory(), title="Café des aidants")
project.themes.add(theme)
projects.do_set_published(project, True)
"""
WORKER = ["db_worker", "--queue-name", "*", "--batch", "--no-startup-delay", "--interval", "0.2"]


def _received(outbox) -> Counter:
    return Counter(path.name.split("-")[0] for path in outbox.glob("p*@digest.example-*.eml"))


def _mid_run(outbox) -> bool:
    """A few digests sent, and one being sent (its marker written, its message not yet)."""
    sending = {path.stem for path in outbox.glob("p*@digest.example-*.sending")}
    sent = {path.stem for path in outbox.glob("p*@digest.example-*.eml")}
    return len(sent) >= 2 and bool(sending - sent)


def test_a_worker_killed_mid_run_leaves_everyone_exactly_one_digest(tmp_path):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    log = tmp_path / "worker.log"
    with fresh_database(tmp_path, "digests") as database_url:
        env = server_environment(tmp_path, database_url, 0)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "tests.support.digest_worker_settings",
                "TASKS_BACKEND": "database",
                "SLOW_MAIL_DIR": str(outbox),
                "SLOW_MAIL_SECONDS": "0.5",
            }
        )
        _manage(env, log, "migrate", "--no-input")
        _manage(env, log, "shell", "--no-imports", "-c", SETUP)
        _manage(env, log, "send_digests")
        with log.open("a") as output:
            worker = subprocess.Popen(
                [sys.executable, "manage.py", *WORKER], cwd=REPO, env=env, stdout=output, stderr=output
            )
        try:
            deadline = time.monotonic() + 120
            while not _mid_run(outbox):
                assert worker.poll() is None, f"the worker ended before the kill:\n{tail(log)}"
                assert time.monotonic() < deadline, f"no digest sent in time:\n{tail(log)}"
                time.sleep(0.05)
            os.kill(worker.pid, signal.SIGKILL)
        finally:
            worker.kill()
            worker.wait()
        before = _received(outbox)
        assert 2 <= sum(before.values()) < PEOPLE, before

        _manage(env, log, "send_digests")  # the next hourly run
        _manage(env, log, *WORKER)  # --batch: runs what is queued, then stops

    assert _received(outbox) == Counter({f"p{i}@digest.example": 1 for i in range(PEOPLE)}), tail(log)
