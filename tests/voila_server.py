"""A live Voila server for tests and benchmarks, started with the course's own command line.

Not a test module: ``tests/conftest.py`` registers it as a plugin, so every test module can
ask for the ``voila_url`` fixture, and ``benchmarks/voila_lesson.py`` imports its helpers. The server serves ``lessons/`` exactly
as ``glutelab serve`` does (:func:`glutelab.cli.voila_command`), on a free port of 127.0.0.1,
and its whole process group (Voila and its kernels) is killed at teardown.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from glutelab.cli import install_template, voila_command

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
START_TIMEOUT = 60.0
# Debian's Chromium, never a downloaded one; without the background-networking flags it
# keeps trying to reach Google's hosts, which this machine's closed network refuses.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class VoilaServer:
    """A running Voila process: its base URL, log file and process handle."""

    def __init__(self, process: subprocess.Popen, url: str, log_path: Path) -> None:
        self.process = process
        self.url = url
        self.log_path = log_path

    def log(self) -> str:
        """Return what the server has written to stdout and stderr so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def kill_group(process: subprocess.Popen) -> None:
    """Stop Voila and everything it started (kernels share its process group)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    # Kernels may outlive a Voila that exited on SIGTERM: finish off the whole group.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


@contextlib.contextmanager
def running_voila(
    lessons_dir: str | os.PathLike[str] = LESSONS,
    command: list[str] | None = None,
    port: int | None = None,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike[str] = ROOT,
) -> Iterator[VoilaServer]:
    """Run Voila until the block ends; yield a :class:`VoilaServer` once it answers.

    ``command`` defaults to the course's :func:`~glutelab.cli.voila_command`; when given it
    may contain ``{port}``, replaced by the chosen port. The environment is ``os.environ``
    (so ``GLUTELAB_PROGRESS_FILE`` reaches the kernels) updated with ``env``.
    """
    install_template()
    attempts = 1 if port is not None else 3
    last_log = ""
    for _ in range(attempts):
        chosen = port if port is not None else free_port()
        if command is None:
            argv = voila_command(lessons_dir, chosen, open_browser=False)
        else:
            argv = [part.replace("{port}", str(chosen)) for part in command]
        full_env = {**os.environ, **(env or {})}
        full_env.setdefault("PYTHONUNBUFFERED", "1")
        log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in the finally below
            prefix="voila-", suffix=".log", delete=False
        )
        log_path = Path(log_file.name)
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, kernels included
        )
        url = f"http://127.0.0.1:{chosen}/"
        server = VoilaServer(process, url, log_path)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline and process.poll() is None:
                if _answers(url):
                    break
                time.sleep(0.2)
            if process.poll() is not None or not _answers(url):
                last_log = server.log()
                continue  # port taken meanwhile, or a real failure: try again, then report
            yield server
            return
        finally:
            kill_group(process)
            log_file.close()
            with contextlib.suppress(OSError):
                log_path.unlink()
    msg = f"Voila did not start ({' '.join(argv)}):\n{last_log[-4000:]}"
    raise RuntimeError(msg)


@pytest.fixture(scope="session")
def voila_server(_private_progress_file: Path) -> Iterator[VoilaServer]:
    """One Voila server for the whole session, serving ``lessons/`` as the course does.

    Depends on the shared private progress file so the kernels never touch the real home.
    """
    assert os.environ.get("GLUTELAB_PROGRESS_FILE") == str(_private_progress_file)
    with running_voila() as server:
        yield server


@pytest.fixture(scope="session")
def voila_url(voila_server: VoilaServer) -> str:
    """Base URL (with a trailing slash) of the session's Voila server."""
    return voila_server.url


if __name__ == "__main__":  # manual use: serve the lessons until Ctrl+C
    with running_voila() as srv:
        print(srv.url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            srv.process.wait()
    sys.exit(0)
