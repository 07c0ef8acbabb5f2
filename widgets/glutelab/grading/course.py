"""Shared plumbing of the grading job: which course, which gradebook, which nbgrader config.

Every ``glutelab grade`` command works on one nbgrader *course root* (the folder holding
``nbgrader_config.py``, ``source/``, ``release/``, ``submitted/``, ...) and one gradebook,
given by any SQLAlchemy URL. This module resolves both the way nbgrader would:

- the course is ``--course DIR``, else ``./assessments`` when it holds an
  ``nbgrader_config.py``, else the current folder;
- the configuration is nbgrader's: ``nbgrader_config.py``/``.json`` from the Jupyter config
  path (``~/.jupyter`` and the system folders, lowest priority first), then the course's own
  ``nbgrader_config.py``, which wins;
- the gradebook is ``--db URL``, else the config's ``CourseDirectory.db_url``, else
  ``sqlite:///<course>/gradebook.db``.

A SQLite URL is given a busy timeout (:data:`SQLITE_TIMEOUT_S`) unless it already has one:
several grading processes write to one SQLite gradebook, and without a timeout a writer
that finds the file locked fails at once with "database is locked" (Python's default wait
is 5 s). nbgrader passes the URL to SQLAlchemy, which hands ``timeout`` to ``sqlite3``.

nbgrader itself is imported lazily (it takes seconds), so ``glutelab grade --help`` and
argument errors stay fast.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from nbgrader.api import Gradebook
    from traitlets.config import Config

__all__ = [
    "SQLITE_TIMEOUT_S",
    "Course",
    "GradingError",
    "assignment_notebooks",
    "find_course_root",
    "is_sqlite",
    "last_error",
    "load_config",
    "nbgrader_env",
    "open_course",
    "open_gradebook",
    "resolve_db_url",
    "retry_locked",
    "run_converter",
    "source_assignments",
    "with_sqlite_timeout",
]

#: Seconds a SQLite writer waits for another process's lock before giving up.
SQLITE_TIMEOUT_S = 60
#: Name of the course configuration file nbgrader reads.
CONFIG_NAME = "nbgrader_config"
#: Folder names inside ``source/`` that are never assignments.
_NOT_ASSIGNMENTS = (".", "_")

T = TypeVar("T")


class GradingError(Exception):
    """An expected problem the command reports in one line (no traceback), exit status 1."""


@dataclass(frozen=True)
class Course:
    """One nbgrader course as the grading commands see it.

    Attributes
    ----------
    root : pathlib.Path
        Absolute course root.
    db_url : str
        Gradebook URL handed to nbgrader (SQLite URLs carry a busy timeout).
    config : traitlets.config.Config
        nbgrader configuration, with ``CourseDirectory.root`` and ``db_url`` set to the two
        values above.
    course_id : str
        ``CourseDirectory.course_id`` (nbgrader's default ``"default_course"`` if unset).
    """

    root: Path
    db_url: str
    config: Config
    course_id: str

    def path(self, *parts: str) -> Path:
        """Return a path inside the course root.

        Parameters
        ----------
        *parts : str
            Path components below the root.

        Returns
        -------
        pathlib.Path
        """
        return self.root.joinpath(*parts)

    @property
    def state_dir(self) -> Path:
        """Folder of the grading job's own records (``<course>/.glutelab-grading``)."""
        return self.root / ".glutelab-grading"


def find_course_root(course: str | os.PathLike[str] | None = None) -> Path:
    """Return the course root the commands should use.

    Parameters
    ----------
    course : path-like, optional
        ``--course DIR``. Without it: ``./assessments`` if it holds ``nbgrader_config.py``,
        else the current folder.

    Returns
    -------
    pathlib.Path
        Absolute path of an existing folder.

    Raises
    ------
    GradingError
        If the folder does not exist.
    """
    if course is None:
        guess = Path.cwd() / "assessments"
        root = guess if (guess / f"{CONFIG_NAME}.py").is_file() else Path.cwd()
    else:
        root = Path(course).expanduser()
    if not root.is_dir():
        msg = f"no course folder at {root}"
        raise GradingError(msg)
    return root.resolve()


def load_config(root: Path) -> Config:
    """Load nbgrader's configuration for a course, as ``nbgrader`` run in ``root`` would.

    Parameters
    ----------
    root : pathlib.Path
        Course root.

    Returns
    -------
    traitlets.config.Config
        The merged configuration; the course's ``nbgrader_config.py`` is loaded last, so it
        wins over user-level files.

    Raises
    ------
    GradingError
        If a configuration file cannot be executed or parsed.
    """
    from jupyter_core.paths import jupyter_config_path  # noqa: PLC0415
    from traitlets.config import Config  # noqa: PLC0415
    from traitlets.config.loader import (  # noqa: PLC0415
        ConfigFileNotFound,
        JSONFileConfigLoader,
        PyFileConfigLoader,
    )

    config = Config()
    folders = [Path(p) for p in reversed(jupyter_config_path())]
    folders.append(root)
    seen: set[Path] = set()
    for folder in folders:
        for loader_cls, suffix in ((JSONFileConfigLoader, ".json"), (PyFileConfigLoader, ".py")):
            path = (folder / f"{CONFIG_NAME}{suffix}").resolve()
            if path in seen or not path.is_file():
                continue
            seen.add(path)
            loader = loader_cls(path.name, path=str(path.parent))
            try:
                config.merge(loader.load_config())
            except ConfigFileNotFound:
                continue
            except Exception as exc:
                msg = f"cannot read the nbgrader configuration {path}: {exc}"
                raise GradingError(msg) from exc
    return config


def is_sqlite(db_url: str) -> bool:
    """Return whether a SQLAlchemy URL points at SQLite.

    Parameters
    ----------
    db_url : str
        A SQLAlchemy database URL.

    Returns
    -------
    bool
    """
    return db_url.split(":", 1)[0].split("+", 1)[0].lower() == "sqlite"


def with_sqlite_timeout(db_url: str, seconds: float = SQLITE_TIMEOUT_S) -> str:
    """Add a busy timeout to a SQLite URL (other URLs are returned unchanged).

    Parameters
    ----------
    db_url : str
        A SQLAlchemy database URL.
    seconds : float
        How long a writer waits for a lock held by another process.

    Returns
    -------
    str
        The URL, with ``timeout=<seconds>`` in its query unless it already has a timeout.
    """
    if not is_sqlite(db_url) or "timeout=" in db_url.split("?", 1)[-1]:
        return db_url
    joiner = "&" if "?" in db_url else "?"
    return f"{db_url}{joiner}timeout={seconds:g}"


def resolve_db_url(root: Path, config: Config, db: str | None = None) -> str:
    """Return the gradebook URL: ``--db``, else the config's, else the course's SQLite file.

    Parameters
    ----------
    root : pathlib.Path
        Course root.
    config : traitlets.config.Config
        The course's nbgrader configuration.
    db : str, optional
        ``--db URL`` from the command line.

    Returns
    -------
    str
        The URL with a SQLite busy timeout added where it applies.

    Raises
    ------
    GradingError
        If ``db`` is not a URL.
    """
    if db:
        url = db
        if "://" not in url:
            msg = f"--db wants a SQLAlchemy URL such as sqlite:////abs/gradebook.db, got {db!r}"
            raise GradingError(msg)
    elif "db_url" in config.get("CourseDirectory", {}):
        url = str(config.CourseDirectory.db_url)
    else:
        url = f"sqlite:///{root / 'gradebook.db'}"
    return with_sqlite_timeout(url)


def open_course(course: str | os.PathLike[str] | None = None, db: str | None = None) -> Course:
    """Resolve the course root, its nbgrader configuration and its gradebook URL.

    Parameters
    ----------
    course : path-like, optional
        ``--course DIR`` (see :func:`find_course_root`).
    db : str, optional
        ``--db URL`` (see :func:`resolve_db_url`).

    Returns
    -------
    Course

    Raises
    ------
    GradingError
        If the folder is missing, the configuration unreadable or ``db`` not a URL.
    """
    root = find_course_root(course)
    # nbgrader runs `alembic` when it creates a gradebook, and kernels must come from this
    # environment: both sit next to this interpreter, which may not be on PATH.
    os.environ["PATH"] = nbgrader_env()["PATH"]
    config = load_config(root)
    db_url = resolve_db_url(root, config, db)
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = db_url
    course_id = str(config.CourseDirectory.get("course_id", "default_course"))
    return Course(root=root, db_url=db_url, config=config, course_id=course_id)


def source_assignments(course: Course) -> list[str]:
    """Return the assignments in the course's ``source/`` folder, sorted by name.

    Parameters
    ----------
    course : Course
        The course.

    Returns
    -------
    list of str
        Folder names in ``source/`` that hold at least one notebook.
    """
    source = course.path("source")
    if not source.is_dir():
        return []
    return sorted(
        p.name
        for p in source.iterdir()
        if p.is_dir() and not p.name.startswith(_NOT_ASSIGNMENTS) and any(p.glob("*.ipynb"))
    )


def assignment_notebooks(course: Course, assignment: str) -> list[Path]:
    """Return the source notebooks of one assignment.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name (a folder in ``source/``).

    Returns
    -------
    list of pathlib.Path
        The ``*.ipynb`` files of ``source/<assignment>/``, sorted.

    Raises
    ------
    GradingError
        If the assignment has no source folder; the message lists the ones that exist.
    """
    folder = course.path("source", assignment)
    notebooks = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if not notebooks:
        known = ", ".join(source_assignments(course)) or "none"
        msg = f"no assignment {assignment!r} in {course.path('source')} (assignments: {known})"
        raise GradingError(msg)
    return notebooks


def nbgrader_env() -> dict[str, str]:
    """Return an environment for nbgrader subprocesses.

    nbgrader starts the ``alembic`` executable when it creates or upgrades a gradebook, and
    kernels must come from the same environment; both sit next to this interpreter.

    Returns
    -------
    dict of str to str
        A copy of ``os.environ`` with this interpreter's folder first on ``PATH``.
    """
    env = dict(os.environ)
    here = str(Path(sys.executable).parent)
    path = env.get("PATH", "")
    if path.split(os.pathsep)[0] != here:
        env["PATH"] = os.pathsep.join([here, path]) if path else here
    return env


@contextlib.contextmanager
def open_gradebook(course: Course) -> Iterator[Gradebook]:
    """Open the course's gradebook (creating its tables if the database is empty).

    Parameters
    ----------
    course : Course
        The course.

    Yields
    ------
    nbgrader.api.Gradebook
        Closed, and its connection pool disposed, when the block ends.

    Raises
    ------
    GradingError
        If the database cannot be reached.
    """
    import sqlalchemy.exc  # noqa: PLC0415
    from nbgrader.api import Gradebook  # noqa: PLC0415

    try:
        gb = retry_locked(lambda: Gradebook(course.db_url, course_id=course.course_id))
    except sqlalchemy.exc.SQLAlchemyError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        msg = f"cannot open the gradebook {course.db_url}: {first}"
        raise GradingError(msg) from exc
    except ImportError as exc:  # the URL names a database driver that is not installed
        msg = f"cannot open the gradebook {course.db_url}: its driver is not installed ({exc})"
        raise GradingError(msg) from exc
    try:
        yield gb
    finally:
        gb.close()
        gb.engine.dispose()


def retry_locked(fn: Callable[[], T], attempts: int = 5, wait_s: float = 1.0) -> T:
    """Call ``fn``, retrying when SQLite reports that the database is locked.

    Parameters
    ----------
    fn : callable
        Work that may raise ``sqlalchemy.exc.OperationalError``.
    attempts : int
        How many calls at most.
    wait_s : float
        Pause before the first retry; doubled after each.

    Returns
    -------
    object
        What ``fn`` returns.
    """
    import sqlalchemy.exc  # noqa: PLC0415

    for attempt in range(attempts):
        try:
            return fn()
        except sqlalchemy.exc.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(wait_s * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def run_converter(
    converter_cls: type,
    course: Course,
    *,
    root: Path | None = None,
    assignment: str,
    student: str = "*",
    logger: logging.Logger | None = None,
    config: Config | None = None,
    **traits: Any,
) -> tuple[bool, str]:
    """Run one of nbgrader's converters in this process and capture its log.

    Parameters
    ----------
    converter_cls : type
        ``nbgrader.converters.GenerateAssignment``, ``Autograde``, ...
    course : Course
        The course (its configuration and gradebook URL are used).
    root : pathlib.Path, optional
        A different course root to work in (the grading job grades in a scratch copy).
    assignment : str
        ``CourseDirectory.assignment_id``.
    student : str
        ``CourseDirectory.student_id`` (``"*"``: every student).
    logger : logging.Logger, optional
        Where the converter logs; a private logger that writes nowhere else by default.
    config : traitlets.config.Config, optional
        Extra configuration merged over the course's.
    **traits
        Attributes set on the converter before it starts (``force=True``, ...).

    Returns
    -------
    tuple of (bool, str)
        Whether the converter finished without raising, and its log (with the traceback
        appended when it raised).
    """
    import io  # noqa: PLC0415
    import traceback  # noqa: PLC0415

    from nbgrader.coursedir import CourseDirectory  # noqa: PLC0415
    from traitlets.config import Config  # noqa: PLC0415

    cfg = Config()
    cfg.merge(course.config)
    if config is not None:
        cfg.merge(config)
    cfg.CourseDirectory.root = str(root or course.root)
    cfg.CourseDirectory.db_url = course.db_url
    cfg.CourseDirectory.assignment_id = assignment
    cfg.CourseDirectory.student_id = student

    log = logger or logging.getLogger(f"glutelab.grading.{converter_cls.__name__}")
    log.propagate = False
    log.setLevel(logging.INFO)
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
    log.addHandler(handler)
    try:
        coursedir = CourseDirectory(config=cfg)
        converter = converter_cls(coursedir=coursedir, config=cfg, log=log)
        for name, value in traits.items():
            setattr(converter, name, value)
        converter.start()
    except Exception:
        handler.flush()
        return False, buffer.getvalue() + traceback.format_exc()
    finally:
        log.removeHandler(handler)
    handler.flush()
    return True, buffer.getvalue()


_EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)): (.+)$")
_GENERIC = ("Please see the", "There was an error processing")


def last_error(log: str) -> str:
    """Return the most telling line of a failed nbgrader log.

    Parameters
    ----------
    log : str
        A converter's log, as :func:`run_converter` returns it.

    Returns
    -------
    str
        The last exception line that is not nbgrader's generic wrapper, else the last
        ``[ERROR]`` line that says something specific, else the last line.
    """
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    for line in reversed(lines):
        match = _EXCEPTION_LINE.match(line)
        if match and not match.group(1).endswith("NbGraderException"):
            return line
    for line in reversed(lines):
        if line.startswith("[ERROR]"):
            text = line.removeprefix("[ERROR]").strip()
            if not text.startswith(_GENERIC):
                return text
    return lines[-1] if lines else "no log"
