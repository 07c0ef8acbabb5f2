"""The ``glutelab`` command: install the course's Voila template and serve the lessons.

``glutelab serve`` runs Voila exactly as the course expects (sources hidden, tracebacks
hidden, the offline ``glutelab`` template, idle kernels culled) on ``127.0.0.1`` and lands
the learner on the course's start page, ``/voila/render/00-start-here.ipynb`` (lessons and
saved progress); Voila's list of notebooks stays at ``/``. The tests and the benchmark build
their Voila command with :func:`voila_command`, so they run the server the learners get.
"""

from __future__ import annotations

import argparse
import errno
import filecmp
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = [
    "START_PAGE",
    "TEMPLATE_NAME",
    "install_template",
    "landing_url",
    "main",
    "open_when_ready",
    "template_source",
    "template_target",
    "voila_command",
]

TEMPLATE_NAME = "glutelab"
DEFAULT_PORT = 8866
HOST = "127.0.0.1"
#: The course's landing page, in the lessons folder: what the course is, the lessons in
#: order and the learner's saved progress.
START_PAGE = "00-start-here.ipynb"
# How long the browser opener waits for Voila to answer before giving up quietly.
OPEN_TIMEOUT = 120.0

# A learner who closes a tab leaves its kernel behind (~120 MB each): Voila's shutdown request
# is refused for a missing _xsrf argument (voila-dashboards/voila#1458). Kernels idle for
# CULL_IDLE_TIMEOUT seconds with no browser connected are shut down; an open tab keeps its
# kernel, however long the learner reads.
CULL_IDLE_TIMEOUT = 900
CULL_INTERVAL = 60

# The JupyterLab extensions a lesson page loads. Voila loads every extension installed in
# the environment by default, and some only work inside JupyterLab: the notebook and
# nbgrader extensions fail in a Voila page with console errors ("Shared module ... doesn't
# exist in shared scope"). Lessons need Voila's widget manager, ipywidgets' (without it no
# widget renders) and anywidget (plotly's FigureWidget is an anywidget); plotly's renderer
# for static figures and the code-highlighting styles are kept for any lesson that shows
# one. A lesson using another widget library must add its extension here.
LAB_EXTENSIONS = (
    "@voila-dashboards/widgets-manager8",
    "@jupyter-widgets/jupyterlab-manager",
    "anywidget",
    "jupyterlab-plotly",
    "jupyterlab_pygments",
)


def template_source() -> Path:
    """Return the folder of the Voila template shipped inside the package.

    Returns
    -------
    pathlib.Path
        ``glutelab/voila_template`` (``conf.json`` and ``index.html.j2``).
    """
    return Path(__file__).resolve().parent / "voila_template"


def template_target(prefix: str | os.PathLike[str] | None = None) -> Path:
    """Return where Voila looks for a template named ``glutelab`` in an environment.

    Parameters
    ----------
    prefix : path-like, optional
        The environment's prefix; defaults to ``sys.prefix`` (the running virtualenv).

    Returns
    -------
    pathlib.Path
        ``<prefix>/share/jupyter/voila/templates/glutelab``, one of the Jupyter data paths
        Voila searches for templates by name.
    """
    base = Path(prefix) if prefix is not None else Path(sys.prefix)
    return base / "share" / "jupyter" / "voila" / "templates" / TEMPLATE_NAME


def install_template(prefix: str | os.PathLike[str] | None = None) -> Path:
    """Copy the package's Voila template to where Voila finds it by name.

    Idempotent: files already identical are left alone, changed ones are replaced, and
    files no longer in the package are removed from the installed copy.

    Parameters
    ----------
    prefix : path-like, optional
        The environment's prefix; defaults to ``sys.prefix``.

    Returns
    -------
    pathlib.Path
        The folder the template was installed to.

    Raises
    ------
    FileNotFoundError
        If the package's template folder is missing (a broken installation).
    """
    source = template_source()
    if not (source / "conf.json").is_file():
        msg = f"the Glute Lab Voila template is missing from the package: {source}"
        raise FileNotFoundError(msg)
    target = template_target(prefix)
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.name for p in source.iterdir() if p.is_file()}
    for name in sorted(wanted):
        src, dst = source / name, target / name
        if not dst.is_file() or not filecmp.cmp(src, dst, shallow=False):
            # Copy next to the target, then rename: a server reading the template meanwhile
            # never sees a half-written file.
            tmp = dst.with_name(f".{name}.tmp")
            shutil.copyfile(src, tmp)
            tmp.replace(dst)
    for stale in target.iterdir():
        if stale.is_file() and stale.name not in wanted:
            stale.unlink()
    return target


def voila_command(lessons_dir: str | os.PathLike[str], port: int, open_browser: bool) -> list[str]:
    """Return the command line that serves the lessons with Voila as the course does.

    Parameters
    ----------
    lessons_dir : path-like
        Folder of lesson notebooks; it becomes Voila's root directory, so every lesson is
        listed at ``http://127.0.0.1:<port>/`` and rendered at ``/voila/render/<name>.ipynb``
        (the course's own start page, :data:`START_PAGE`, among them).
    port : int
        TCP port on ``127.0.0.1``. Voila does not fall back to another port, so the
        printed address is always the right one.
    open_browser : bool
        Whether Voila opens its list of notebooks in the default browser (``glutelab
        serve`` opens the course's start page itself and passes ``False``).

    Returns
    -------
    list of str
        An argument vector whose first item is this Python interpreter.

    Notes
    -----
    The template must be installed first (:func:`install_template`). The list at ``/`` is
    Voila's classic, server-rendered one: it needs no JavaScript to show the lessons.
    """
    command = [
        sys.executable,
        "-m",
        "voila",
        str(Path(lessons_dir).resolve()),
        f"--Voila.ip={HOST}",
        f"--port={int(port)}",
        "--Voila.port_retries=0",
        "--strip_sources=True",
        "--show_tracebacks=False",
        f"--template={TEMPLATE_NAME}",
        "--classic_tree=True",
        # one flag per item: traitlets 5 deprecates the "[...]" list form
        *(f"--VoilaConfiguration.extension_allowlist={ext}" for ext in LAB_EXTENSIONS),
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_TIMEOUT}",
        f"--MappingKernelManager.cull_interval={CULL_INTERVAL}",
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def landing_url(lessons_dir: str | os.PathLike[str], port: int) -> str:
    """Return the address ``glutelab serve`` prints and opens.

    Parameters
    ----------
    lessons_dir : path-like
        The folder Voila serves.
    port : int
        The server's port on ``127.0.0.1``.

    Returns
    -------
    str
        ``http://127.0.0.1:<port>/voila/render/00-start-here.ipynb`` when the folder holds
        the start page, otherwise Voila's list of notebooks at ``http://127.0.0.1:<port>/``
        (a folder of lessons without the course's start page).
    """
    base = f"http://{HOST}:{int(port)}/"
    if (Path(lessons_dir) / START_PAGE).is_file():
        return f"{base}voila/render/{START_PAGE}"
    return base


def open_when_ready(
    url: str,
    timeout: float = OPEN_TIMEOUT,
    opener: Callable[[str], object] = webbrowser.open,
    interval: float = 0.25,
) -> bool:
    """Wait until ``url``'s server answers, then open ``url`` in the default browser.

    Voila only ever opens its own root (the list of notebooks), so ``glutelab serve`` starts
    Voila without a browser and runs this in a small detached process instead.

    Parameters
    ----------
    url : str
        The page to open once the server answers.
    timeout : float
        Seconds to wait for the server; then give up without opening anything.
    opener : callable
        Opens a URL; :func:`webbrowser.open` by default.
    interval : float
        Seconds between attempts.

    Returns
    -------
    bool
        Whether the page was handed to the browser.
    """
    root = url.split("/voila/", 1)[0] + "/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(root, timeout=5) as response:
                if response.status == 200:
                    opener(url)
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(interval)
    return False


def _spawn_opener(url: str) -> None:
    """Start :func:`open_when_ready` in a detached process that outlives the ``exec``."""
    code = f"from glutelab.cli import open_when_ready; open_when_ready({url!r})"
    try:
        subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl+C stops Voila, not a browser mid-launch
        )
    except OSError:
        print(f"glutelab: could not open a browser; open {url} yourself.", file=sys.stderr)


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As Tornado binds: a port left in TIME_WAIT by a server just stopped is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def _cmd_install_template(_args: argparse.Namespace) -> int:
    target = install_template()
    print(f"Glute Lab Voila template installed in {target}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    lessons = Path(args.lessons) if args.lessons else Path.cwd() / "lessons"
    if not lessons.is_dir():
        hint = "" if args.lessons else " Run it from the course folder, or pass --lessons DIR."
        print(f"glutelab: no lessons folder at {lessons}.{hint}", file=sys.stderr)
        return 2
    if not any(lessons.glob("*.ipynb")):
        print(f"glutelab: warning: {lessons} holds no notebooks.", file=sys.stderr)
    if not 0 < args.port < 65536:
        print(f"glutelab: {args.port} is not a TCP port.", file=sys.stderr)
        return 2
    if _port_in_use(args.port):
        print(
            f"glutelab: port {args.port} on {HOST} is already in use (another Glute Lab "
            "still running?). Stop it, or pick another port with --port.",
            file=sys.stderr,
        )
        return 1
    install_template()
    # Voila would open its list of notebooks; the course lands on its start page instead.
    command = voila_command(lessons, args.port, open_browser=False)
    url = landing_url(lessons, args.port)
    print(f"Glute Lab: serving {lessons.resolve()}")
    print(f"Open {url} in your browser (Ctrl+C stops the server).")
    if url.endswith(START_PAGE):
        print(f"Every notebook is also listed at http://{HOST}:{args.port}/.")
    sys.stdout.flush()
    if not args.no_browser:
        _spawn_opener(url)
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(command[0], command)  # replaces this process; Ctrl+C reaches Voila itself
    try:  # pragma: no cover - Windows has no real exec
        return subprocess.call(command)
    except KeyboardInterrupt:  # pragma: no cover
        return 130


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``glutelab`` command.

    Returns
    -------
    argparse.ArgumentParser
        With the subcommands ``install-template``, ``serve`` and ``grade``.
    """
    parser = argparse.ArgumentParser(
        prog="glutelab", description="Glute Lab: serve the course's lessons with Voila."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    install = sub.add_parser(
        "install-template",
        help="install the course's Voila template into this environment",
        description="Copy the Glute Lab Voila template to where Voila finds it by name.",
    )
    install.set_defaults(func=_cmd_install_template)
    serve = sub.add_parser(
        "serve",
        help="serve the lessons with Voila on 127.0.0.1",
        description="Install the template if needed, then serve the lessons with Voila.",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    serve.add_argument(
        "--lessons",
        metavar="DIR",
        help="folder of lesson notebooks (default: ./lessons)",
    )
    serve.set_defaults(func=_cmd_serve)
    grade = sub.add_parser(
        "grade",
        help="instructors: release, collect, autograde, feedback and export (see --help)",
        description="The instructor's grading job, built on nbgrader.",
        add_help=False,
    )
    grade.add_argument("grade_args", nargs=argparse.REMAINDER)
    grade.set_defaults(func=_cmd_grade)
    return parser


def _cmd_grade(args: argparse.Namespace) -> int:
    # Imported here: the grading job pulls in nbgrader, which a learner's `serve` never needs.
    from .grading.cli import main as grade_main  # noqa: PLC0415

    return grade_main(args.grade_args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``glutelab`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; defaults to ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status (``serve`` does not return on POSIX: it becomes Voila).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["grade"]:  # the grading job parses its own options, --help included
        return _cmd_grade(argparse.Namespace(grade_args=argv[1:]))
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
