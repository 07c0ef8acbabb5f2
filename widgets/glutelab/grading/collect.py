"""``glutelab grade collect``: submissions into ``submitted/``, with nothing dropped silently.

From an LMS download (``--from PATH``)
    ``PATH`` is a zip file (as most LMSs hand them out), a folder of files, or one file.
    It is copied to ``downloaded/<assignment>/archive/`` (replacing what an earlier
    collect put there) and nbgrader's ``zip_collect`` extracts it and files each notebook
    under ``submitted/<student>/<assignment>/``, replacing that learner's earlier
    submission. Which learner a file belongs to comes from its path: ``--pattern`` is a
    regular expression with the named groups ``student_id`` and ``file_id``, matched
    against the file's whole (absolute) path from its start, as nbgrader does; end it with
    ``$`` so that it must reach the file name (otherwise a folder higher up whose name
    happens to fit can match). The default, :data:`DEFAULT_PATTERN`, reads files named
    ``<student>_<notebook>.ipynb`` (for example ``ada_01-anatomy.ipynb``) at any depth;
    learner ids then may not contain ``_``. For an LMS that names files differently, write
    a pattern for it, e.g. for ``ada--01-anatomy.ipynb``:
    ``.*/(?P<student_id>[^/]+)--(?P<file_id>[^/]+)$``.

From the nbgrader exchange (``--exchange``)
    nbgrader's ``collect --update`` copies the newest submission of every learner from the
    exchange (``Exchange.root`` in the configuration, or ``--exchange-root``).

Afterwards the command lists what it could not place: files whose path the pattern does
not match (nbgrader skips them), and notebooks filed under a name that is not one of the
assignment's (autograde would find no notebook for that learner).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .course import (
    Course,
    GradingError,
    assignment_notebooks,
    last_error,
    nbgrader_env,
)

__all__ = [
    "DEFAULT_PATTERN",
    "CollectResult",
    "collect_from_exchange",
    "collect_from_lms",
]

#: Files named ``<student>_<notebook>.ipynb`` at any depth (as in assessments/README.md).
DEFAULT_PATTERN = r".*/(?P<student_id>[^/_]+)_(?P<file_id>[^/]+)$"
#: Longest wait for one nbgrader command.
COMMAND_TIMEOUT_S = 600


@dataclass
class CollectResult:
    """What a collect did.

    Attributes
    ----------
    assignment : str
        Assignment name.
    collected : dict of str to list of str
        Learner → the files filed under ``submitted/<learner>/<assignment>/``.
    unmatched : list of str
        Files (relative to the download) that match no learner; not collected.
    misnamed : list of tuple of (str, str, str)
        ``(file, learner, name)`` for notebooks filed under a name that is not one of the
        assignment's notebooks.
    notebooks : list of str
        The assignment's notebook names.
    """

    assignment: str
    collected: dict[str, list[str]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)
    misnamed: list[tuple[str, str, str]] = field(default_factory=list)
    notebooks: list[str] = field(default_factory=list)

    def report(self) -> str:
        """Return the text the command prints.

        Returns
        -------
        str
            One line of learners collected, then every file not collected or misnamed.
        """
        where = Path("submitted") / "<learner>" / self.assignment
        lines = [
            f"{self.assignment}: collected {len(self.collected)} learner(s) into {where}/: "
            + (", ".join(sorted(self.collected)) or "none")
        ]
        if self.unmatched:
            lines.append(f"NOT COLLECTED: {len(self.unmatched)} file(s) match no learner:")
            lines.extend(f"  {name}" for name in self.unmatched)
        if self.misnamed:
            wanted = ", ".join(self.notebooks)
            lines.append(
                f"WRONG NAME: {len(self.misnamed)} notebook(s) are not named {wanted}; "
                "autograde will not find them until they are renamed:"
            )
            lines.extend(
                f"  {file} -> submitted/{learner}/{self.assignment}/{name}"
                for file, learner, name in self.misnamed
            )
        return "\n".join(lines)


def _check_pattern(pattern: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        msg = f"--pattern is not a regular expression: {exc}"
        raise GradingError(msg) from None
    missing = {"student_id", "file_id"} - set(compiled.groupindex)
    if missing:
        msg = f"--pattern needs the named groups {', '.join(sorted(missing))}, e.g. (?P<student_id>...)"
        raise GradingError(msg)
    return compiled


def _run_nbgrader(course: Course, args: list[str]) -> str:
    """Run ``python -m nbgrader ARGS`` in the course root; return its log or fail."""
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.db_url={course.db_url}"]
    try:
        proc = subprocess.run(
            command,
            cwd=course.root,
            env=nbgrader_env(),
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        msg = f"nbgrader {args[0]} took longer than {COMMAND_TIMEOUT_S} s"
        raise GradingError(msg) from None
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        msg = f"nbgrader {args[0]} failed: {last_error(log)}"
        raise GradingError(msg)
    return log


def _place_download(source: Path, archive: Path) -> None:
    if not source.exists():
        msg = f"no file or folder at {source}"
        raise GradingError(msg)
    if source.is_file() and source.suffix.lower() == ".zip" and not zipfile.is_zipfile(source):
        msg = f"{source} is not a readable zip file"
        raise GradingError(msg)
    if archive.exists():
        shutil.rmtree(archive)
    archive.mkdir(parents=True)
    if source.is_dir():
        shutil.copytree(source, archive, dirs_exist_ok=True)
    else:
        shutil.copy2(source, archive / source.name)


def collect_from_lms(
    course: Course, assignment: str, source: Path, pattern: str = DEFAULT_PATTERN
) -> CollectResult:
    """Collect an LMS download with nbgrader's ``zip_collect``.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name.
    source : pathlib.Path
        A zip file, a folder, or one file downloaded from the LMS.
    pattern : str
        Regular expression with named groups ``student_id`` and ``file_id`` (see the
        module docstring).

    Returns
    -------
    CollectResult
        Including the files that were not collected.

    Raises
    ------
    GradingError
        If the assignment, the download or the pattern is wrong, or nbgrader fails (for
        example on two files of one learner with the same name and no timestamps).
    """
    from nbgrader.plugins import FileNameCollectorPlugin  # noqa: PLC0415

    notebooks = [p.name for p in assignment_notebooks(course, assignment)]
    _check_pattern(pattern)
    base = course.path("downloaded", assignment)
    _place_download(Path(source).expanduser().resolve(), base / "archive")
    _run_nbgrader(
        course,
        [
            "zip_collect",
            assignment,
            "--force",
            f"--FileNameCollectorPlugin.named_regexp={pattern}",
        ],
    )

    result = CollectResult(assignment, notebooks=notebooks)
    extracted = base / "extracted"
    plugin = FileNameCollectorPlugin(named_regexp=pattern)
    plugin.log.disabled = True
    files = sorted(p for p in extracted.rglob("*") if p.is_file()) if extracted.is_dir() else []
    for path in files:
        shown = str(path.relative_to(extracted))
        info = plugin.collect(str(path))
        if not info:
            result.unmatched.append(shown)
            continue
        name = Path(info["file_id"]).stem + path.suffix
        result.collected.setdefault(info["student_id"], []).append(name)
        if path.suffix == ".ipynb" and name not in notebooks:
            result.misnamed.append((shown, info["student_id"], name))
    return result


def collect_from_exchange(
    course: Course, assignment: str, exchange_root: Path | None = None
) -> CollectResult:
    """Collect the newest submissions from the nbgrader exchange.

    Parameters
    ----------
    course : Course
        The course (its ``course_id`` names the course in the exchange).
    assignment : str
        Assignment name.
    exchange_root : pathlib.Path, optional
        The exchange folder, if not the configured ``Exchange.root``.

    Returns
    -------
    CollectResult
        Learners collected, and notebooks under a wrong name.

    Raises
    ------
    GradingError
        If nbgrader fails (no such course in the exchange, an unreadable entry, ...).
    """
    notebooks = [p.name for p in assignment_notebooks(course, assignment)]
    args = ["collect", assignment, "--update"]
    if exchange_root is not None:
        args.append(f"--Exchange.root={Path(exchange_root).resolve()}")
    log = _run_nbgrader(course, args)
    result = CollectResult(assignment, notebooks=notebooks)
    found = re.findall(r"(?:Collecting|Updating) submission: (\S+) " + re.escape(assignment), log)
    for learner in dict.fromkeys(found):
        folder = course.path("submitted", learner, assignment)
        names = sorted(p.name for p in folder.glob("*.ipynb")) if folder.is_dir() else []
        result.collected[learner] = names
        for name in names:
            if name not in notebooks:
                result.misnamed.append((f"{learner} (exchange)", learner, name))
    return result
