"""A throwaway PostgreSQL server for tests and benchmarks, on 127.0.0.1.

Not a test module: ``tests/conftest.py`` registers it as a plugin, so every test module can
ask for the ``postgres_server`` fixture (one server for the session) or ``postgres_url`` (a
fresh, empty database on it for one test). ``bash scripts/test.sh`` (the README's test
command, which CI runs) installs Debian's ``postgresql`` package when its server binaries
are missing; without them the fixtures fail, naming that command, rather than skip.

The server is Debian's own ``postgres`` binary run on a new cluster in a temporary folder
(``initdb`` with trust authentication), listening on 127.0.0.1 only, on a free port, with its
Unix socket in that folder too, so it never meets a system cluster. PostgreSQL refuses to
run as root: under root every server command runs as the unprivileged ``postgres`` user that
the Debian package creates. It stops by itself: ``pg_ctl stop -m fast`` when the fixture or
the ``with`` block ends (tests passed or not), again from an ``atexit`` hook, and, should the
Python process die without unwinding, the kernel sends the server SIGINT (a fast shutdown)
because it was started with a parent-death signal.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import glob
import importlib.util
import itertools
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

#: Where Debian's ``postgresql-NN`` packages put the server binaries.
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
#: The binaries the harness needs.
SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
#: The unprivileged account the server runs as when the tests run as root.
SERVER_USER = "postgres"
HOST = "127.0.0.1"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
INSTALL_HINT = (
    "run the tests with `bash scripts/test.sh`, which installs Debian's PostgreSQL server "
    "(apt-get install postgresql) when it is missing"
)

_PR_SET_PDEATHSIG = 1
_IDENT = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_SERIAL = itertools.count(1)


class PostgresUnavailableError(RuntimeError):
    """The PostgreSQL server binaries (or the user to run them as) are missing."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _version_key(folder: str) -> tuple[int, ...]:
    version = Path(folder).parent.name
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def find_bin_dir() -> Path:
    """Return the folder holding ``initdb``, ``pg_ctl`` and ``postgres``.

    Debian's newest ``/usr/lib/postgresql/NN/bin`` first, then the folder of an ``initdb``
    on ``PATH`` (other systems put the server binaries there).

    Raises
    ------
    PostgresUnavailableError
        If no folder holds all three binaries.
    """
    candidates = sorted(glob.glob(DEBIAN_BIN_GLOB), key=_version_key, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for folder in candidates:
        if all(os.access(Path(folder, name), os.X_OK) for name in SERVER_BINARIES):
            return Path(folder)
    msg = (
        f"no PostgreSQL server binaries ({', '.join(SERVER_BINARIES)}) in "
        f"{DEBIAN_BIN_GLOB} or on PATH: {INSTALL_HINT}"
    )
    raise PostgresUnavailableError(msg)


def _server_account() -> pwd.struct_passwd | None:
    """The account to run the server as: ``postgres`` under root, else None (this user)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVER_USER)
    except KeyError:
        msg = (
            f"PostgreSQL refuses to run as root and there is no {SERVER_USER!r} user to run "
            f"it as (Debian's postgresql package creates one): {INSTALL_HINT}"
        )
        raise PostgresUnavailableError(msg) from None


def _as_account(account: pwd.struct_passwd | None) -> dict[str, object]:
    """Keyword arguments for :mod:`subprocess` that run the child as ``account``.

    The switch happens in the child before ``exec``, in C (no ``preexec_fn``); None means
    the current user.
    """
    if account is None:
        return {}
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def _parent_death_signal(sig: int) -> Callable[[], None]:
    """A ``preexec_fn`` asking the kernel to send ``sig`` to the child when we die.

    Subprocess switches user before calling it (a user switch clears the setting), and the
    libc function is looked up here, in the parent, so the child makes one plain call.
    """
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int

    def set_signal() -> None:
        prctl(_PR_SET_PDEATHSIG, sig, 0, 0, 0)

    return set_signal


def _account_env(account: pwd.struct_passwd | None) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PG")  # a developer's PGHOST/PGPORT must not redirect us
    }
    env["LC_ALL"] = "C.UTF-8"
    env["LANG"] = "C.UTF-8"
    if account is not None:
        env.update(HOME=account.pw_dir, USER=account.pw_name, LOGNAME=account.pw_name)
    return env


class PostgresServer:
    """A running throwaway PostgreSQL cluster.

    Attributes
    ----------
    port : int
        TCP port on 127.0.0.1.
    user : str
        The database superuser (``postgres``); trust authentication, no password.
    data_dir, log_path : pathlib.Path
        The cluster's data folder and the server's log file (both temporary).
    """

    def __init__(
        self,
        bin_dir: Path,
        root: Path,
        port: int,
        account: pwd.struct_passwd | None,
        process: subprocess.Popen,
    ) -> None:
        self.bin_dir = bin_dir
        self.root = root
        self.port = port
        self.user = SERVER_USER
        self.data_dir = root / "data"
        self.socket_dir = root / "socket"
        self.log_path = root / "server.log"
        self.account = account
        self.process = process

    def url(self, database: str = "postgres", driver: str = "psycopg") -> str:
        """Return the SQLAlchemy URL of ``database`` on this server.

        Parameters
        ----------
        database : str
            Database name.
        driver : str
            SQLAlchemy driver; ``psycopg`` is psycopg 3 (the project's ``postgres`` extra).

        Returns
        -------
        str
            ``postgresql+psycopg://postgres@127.0.0.1:PORT/<database>``.
        """
        return f"postgresql+{driver}://{self.user}@{HOST}:{self.port}/{database}"

    def _connect(self):
        import psycopg  # lazily: the module must import without it, to report it missing

        return psycopg.connect(
            host=HOST, port=self.port, user=self.user, dbname="postgres", autocommit=True
        )

    def create_database(self, name: str) -> str:
        """Create an empty database and return its SQLAlchemy URL.

        Parameters
        ----------
        name : str
            A plain lower-case identifier (letters, digits, underscores).

        Returns
        -------
        str
            The database's URL (see :meth:`url`).
        """
        if not _IDENT.fullmatch(name):
            msg = f"not a plain database name: {name!r}"
            raise ValueError(msg)
        with self._connect() as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database created here, closing any connection still open to it."""
        with self._connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def log(self) -> str:
        """Return the server's log so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def running(self) -> bool:
        """Whether the server process is still alive."""
        return self.process.poll() is None

    def stop(self) -> None:
        """Stop the server (fast shutdown), waiting for it; idempotent.

        ``pg_ctl stop -m fast`` first; if the server is still there after that, SIGQUIT
        (immediate shutdown), then SIGKILL.
        """
        if self.process.poll() is None:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(
                    [
                        str(self.bin_dir / "pg_ctl"),
                        "stop",
                        "-D",
                        str(self.data_dir),
                        "-m",
                        "fast",
                        "-w",
                        "-t",
                        str(int(STOP_TIMEOUT)),
                    ],
                    **_as_account(self.account),
                    env=_account_env(self.account),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=STOP_TIMEOUT + 10,
                    check=False,
                )
        for sig in (signal.SIGQUIT, signal.SIGKILL):
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
                break
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    self.process.send_signal(sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=STOP_TIMEOUT)


def _ready(port: int) -> bool:
    import psycopg  # the test extra brings it; check_available() has made sure

    try:
        with psycopg.connect(
            host=HOST, port=port, user=SERVER_USER, dbname="postgres", connect_timeout=2
        ):
            return True
    except psycopg.OperationalError:
        return False


def _start(bin_dir: Path, account: pwd.struct_passwd | None) -> PostgresServer:
    """Create a cluster in a new temporary folder and start a server on it."""
    # Not under pytest's tmp_path: its folders are private to root, and under root the
    # server runs as another user. /tmp is world-traversable; the folder itself is 0700.
    root = Path(tempfile.mkdtemp(prefix="glutelab-pg-"))
    try:
        (root / "socket").mkdir()
        if account is not None:
            for path in (root, root / "socket"):
                os.chown(path, account.pw_uid, account.pw_gid)
        env = _account_env(account)
        init = subprocess.run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(root / "data"),
                "-U",
                SERVER_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",  # a throwaway cluster needs no fsync
            ],
            **_as_account(account),
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if init.returncode != 0:
            msg = f"initdb failed ({init.returncode}):\n{init.stdout[-2000:]}{init.stderr[-2000:]}"
            raise RuntimeError(msg)
        last_log = ""
        for _ in range(3):  # another process may take the port between choosing and binding
            port = free_port()
            log = (root / "server.log").open("ab")
            try:
                process = subprocess.Popen(
                    [
                        str(bin_dir / "postgres"),
                        "-D",
                        str(root / "data"),
                        "-p",
                        str(port),
                        "-k",
                        str(root / "socket"),
                        "-c",
                        f"listen_addresses={HOST}",
                        "-c",
                        "fsync=off",
                        "-c",
                        "full_page_writes=off",
                        "-c",
                        "synchronous_commit=off",
                    ],
                    **_as_account(account),
                    # The server gets SIGINT (fast shutdown) if this process dies
                    # without stopping it; prctl is one libc call, safe after fork.
                    preexec_fn=_parent_death_signal(signal.SIGINT),  # noqa: PLW1509
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # Ctrl+C in the terminal reaches pytest only
                )
            finally:
                log.close()
            server = PostgresServer(bin_dir, root, port, account, process)
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline and server.running():
                if _ready(port):
                    return server
                time.sleep(0.1)
            last_log = server.log()
            server.stop()
        msg = f"PostgreSQL did not start on {HOST}:\n{last_log[-4000:]}"
        raise RuntimeError(msg)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def check_available() -> tuple[Path, pwd.struct_passwd | None]:
    """Check that a server can be started here.

    Returns
    -------
    tuple
        The folder of the server binaries, and the account to run them as (None: the
        current user).

    Raises
    ------
    PostgresUnavailableError
        If the server binaries, psycopg, or (under root) the ``postgres`` user are missing;
        the message says how to install them.
    """
    bin_dir = find_bin_dir()
    account = _server_account()
    if importlib.util.find_spec("psycopg") is None:
        msg = "psycopg is not installed: run the tests with `bash scripts/test.sh`"
        raise PostgresUnavailableError(msg)
    return bin_dir, account


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Run a throwaway PostgreSQL server until the block ends.

    Yields
    ------
    PostgresServer
        A server answering on ``127.0.0.1:<port>`` as superuser ``postgres`` (no password).
        Its folder (cluster, socket and log) is removed after it stops.

    Raises
    ------
    PostgresUnavailableError
        If the server binaries, psycopg, or (under root) the ``postgres`` user are missing.
    """
    bin_dir, account = check_available()
    server = _start(bin_dir, account)

    def cleanup() -> None:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)

    atexit.register(cleanup)  # in case the block is left without unwinding it
    try:
        yield server
    finally:
        cleanup()
        atexit.unregister(cleanup)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the session; fails (never skips) without one."""
    problem = None
    try:
        check_available()
    except PostgresUnavailableError as exc:
        problem = str(exc)
    if problem:  # failed outside the handler, so the report shows the reason once
        pytest.fail(problem, pytrace=False)
    with running_postgres() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """The SQLAlchemy URL of a fresh, empty database for one test, dropped afterwards."""
    stem = re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:40]
    name = f"gradebook_{next(_SERIAL)}_{stem}"
    url = postgres_server.create_database(name)
    yield url
    postgres_server.drop_database(name)


if __name__ == "__main__":  # manual use: a server until Ctrl+C
    with running_postgres() as srv:
        print(srv.create_database("gradebook"), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            srv.process.wait()
