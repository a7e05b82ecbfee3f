"""Server processes the tests start (the browser tests' live server, the real-server room tests): waiting
until one answers ``/healthz``, and stopping it."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable


def wait_until_healthy(
    process: subprocess.Popen,
    url: str,
    *,
    timeout: float,
    name: str,
    log_tail: Callable[[], str],
    error: type[Exception],
    poll: float = 0.1,
) -> None:
    """Return once ``url``/healthz answers 200; raise ``error`` with the server's log if the process exits
    or ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise error(f"{name} exited with {process.returncode}:\n{log_tail()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}: {exc.read(500).decode(errors='replace')}"
        except OSError as exc:
            last = str(exc)
        time.sleep(poll)
    raise error(f"{name} at {url}: /healthz not 200 after {timeout:.0f}s ({last}):\n{log_tail()}")


def stop(process: subprocess.Popen | None, *, timeout: float) -> None:
    """SIGTERM and wait (the server closes its open WebSockets); SIGKILL if it does not exit in time."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
