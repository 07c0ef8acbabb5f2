"""``glutelab grade release``: learner versions of the assignments, checked for leaks.

For each assignment, nbgrader's own ``generate_assignment`` (run in this process, always
regenerating, as the formgrader does) writes ``release/<assignment>/`` and records the
assignment's cells in the gradebook. Then every released notebook is checked against its
source notebook, and the command **fails loudly** when a learner could read something
meant for the instructor:

- a *secret line* of the source is in the release: a line between ``### BEGIN SOLUTION`` /
  ``### END SOLUTION`` or ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` that does
  not also appear outside them (a line such as ``try:`` can be in a visible test too). A
  secret line counts when it is a whole line of the release, or, when it is at least
  :data:`DISTINCT_LENGTH` characters long, anywhere in the release's text (sources and
  outputs);
- a line of the release still looks like a marker (``BEGIN HIDDEN TEST``, ``end solution``,
  ...): a misspelt marker that nbgrader did not recognise leaves what it was meant to hide
  in plain sight.

A leaking notebook is deleted before the command fails, so it cannot be handed out by
mistake; fix the source (or the configuration) and release again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .course import Course, GradingError, assignment_notebooks, last_error, source_assignments

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "DISTINCT_LENGTH",
    "REGIONS",
    "ReleaseLeakError",
    "ReleaseResult",
    "find_leaks",
    "release_assignments",
    "secret_lines",
    "split_regions",
    "verify_release",
]

#: The regions nbgrader removes from the learner's version, as (begin, end) markers.
REGIONS = (("BEGIN SOLUTION", "END SOLUTION"), ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"))
#: Secret lines at least this long are looked for anywhere in the release's text.
DISTINCT_LENGTH = 20
#: Anything that looks like a region marker, spelt right or not.
MARKER_LIKE = re.compile(
    r"\b(BEGIN|END)\s*(SOLUTIONS?|HIDDEN\s*TESTS?|MARK\s*SCHEME)\b", re.IGNORECASE
)


class ReleaseLeakError(GradingError):
    """A released notebook shows solution or hidden-test text (it has been deleted)."""


@dataclass
class ReleaseResult:
    """What ``release`` did for one assignment.

    Attributes
    ----------
    assignment : str
        Assignment name.
    notebooks : list of pathlib.Path
        The released notebooks, all checked.
    secret_lines : int
        How many secret lines of the sources were looked for.
    """

    assignment: str
    notebooks: list[Path] = field(default_factory=list)
    secret_lines: int = 0


def split_regions(source: str) -> tuple[list[str], list[str]]:
    """Split a cell's source into public and protected lines.

    Parameters
    ----------
    source : str
        A cell's source.

    Returns
    -------
    tuple of (list of str, list of str)
        Stripped, non-blank lines outside and inside the solution/hidden-test regions;
        the marker lines themselves belong to neither.
    """
    public: list[str] = []
    protected: list[str] = []
    inside = False
    for raw in source.splitlines():
        line = raw.strip()
        if any(begin in line for begin, _ in REGIONS):
            inside = True
        elif any(end in line for _, end in REGIONS):
            inside = False
        elif line:
            (protected if inside else public).append(line)
    return public, protected


def secret_lines(source_nb: NotebookNode) -> list[str]:
    """Return the lines of a source notebook that a learner must never see.

    Parameters
    ----------
    source_nb : nbformat.NotebookNode
        The instructor's notebook, with solutions and hidden tests.

    Returns
    -------
    list of str
        Protected lines (see :func:`split_regions`) that appear nowhere outside the
        protected regions of the notebook, in order, without repeats.
    """
    public: set[str] = set()
    protected: list[str] = []
    for cell in source_nb.cells:
        cell_public, cell_protected = split_regions(cell.source)
        public.update(cell_public)
        protected.extend(cell_protected)
    return list(dict.fromkeys(line for line in protected if line not in public))


def _release_text(release_nb: NotebookNode) -> tuple[set[str], str]:
    """Whole stripped lines and full text of a notebook's sources and text outputs."""
    chunks: list[str] = []
    for cell in release_nb.cells:
        chunks.append(cell.source)
        for output in cell.get("outputs", []):
            if "text" in output:
                chunks.append(str(output.text))
            for key, value in output.get("data", {}).items():
                if key.startswith("text/") or key == "application/json":
                    chunks.append(value if isinstance(value, str) else str(value))
            chunks.extend(str(line) for line in output.get("traceback", []))
    text = "\n".join(chunks)
    return {line.strip() for line in text.splitlines()}, text


def find_leaks(source_nb: NotebookNode, release_nb: NotebookNode) -> list[str]:
    """Return what a released notebook shows that it should not.

    Parameters
    ----------
    source_nb : nbformat.NotebookNode
        The source notebook.
    release_nb : nbformat.NotebookNode
        The learner's version generated from it.

    Returns
    -------
    list of str
        One description per problem (empty when the release is clean): marker-like lines
        first, then leaked secret lines.
    """
    lines, text = _release_text(release_nb)
    problems = [f"marker-like line {line!r}" for line in sorted(lines) if MARKER_LIKE.search(line)]
    for line in secret_lines(source_nb):
        if line in lines or (len(line) >= DISTINCT_LENGTH and line in text):
            problems.append(f"secret line {line!r}")
    return problems


def verify_release(course: Course, assignment: str) -> ReleaseResult:
    """Check every released notebook of an assignment against its source.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name.

    Returns
    -------
    ReleaseResult
        The notebooks checked.

    Raises
    ------
    ReleaseLeakError
        If a released notebook leaks; every leaking notebook is deleted first.
    GradingError
        If a source notebook has no released version.
    """
    import nbformat  # noqa: PLC0415

    result = ReleaseResult(assignment)
    leaks: list[tuple[Path, list[str]]] = []
    for source_path in assignment_notebooks(course, assignment):
        release_path = course.path("release", assignment, source_path.name)
        if not release_path.is_file():
            msg = f"{assignment}: nbgrader wrote no {release_path.relative_to(course.root)}"
            raise GradingError(msg)
        source_nb = nbformat.read(source_path, as_version=4)
        release_nb = nbformat.read(release_path, as_version=4)
        result.secret_lines += len(secret_lines(source_nb))
        problems = find_leaks(source_nb, release_nb)
        if problems:
            leaks.append((release_path, problems))
        else:
            result.notebooks.append(release_path)
    if leaks:
        for path, _ in leaks:
            path.unlink()
        path, problems = leaks[0]
        more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
        msg = (
            f"LEAK: {path.relative_to(course.root)} shows {problems[0]}{more}; the file was "
            "deleted so it cannot be handed out. Fix the markers in the source notebook "
            "(or the nbgrader configuration) and release again."
        )
        raise ReleaseLeakError(msg)
    return result


def release_assignments(
    course: Course, assignments: list[str] | None = None, *, every: bool = False
) -> list[ReleaseResult]:
    """Generate and check the learner versions of some or all assignments.

    Parameters
    ----------
    course : Course
        The course.
    assignments : list of str, optional
        Assignment names (folders in ``source/``).
    every : bool
        Release every assignment in ``source/`` (``--all``).

    Returns
    -------
    list of ReleaseResult
        One per assignment, in the order released.

    Raises
    ------
    GradingError
        If no assignment is named, one does not exist, nbgrader fails, or a release leaks
        (:class:`ReleaseLeakError`). Assignments before the failing one stay released.
    """
    names = source_assignments(course) if every else list(dict.fromkeys(assignments or []))
    if not names:
        msg = "name an assignment to release, or use --all"
        raise GradingError(msg)
    for name in names:
        assignment_notebooks(course, name)  # fails early, naming the known assignments

    from nbgrader.converters import GenerateAssignment  # noqa: PLC0415

    results = []
    for name in names:
        ok, log = run_converter_checked(course, name, GenerateAssignment)
        if not ok:
            msg = f"nbgrader generate_assignment {name} failed: {last_error(log)}"
            raise GradingError(msg)
        results.append(verify_release(course, name))
    return results


def run_converter_checked(course: Course, assignment: str, converter_cls: type) -> tuple[bool, str]:
    """Run ``generate_assignment`` for one assignment, regenerating it.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name.
    converter_cls : type
        ``nbgrader.converters.GenerateAssignment``.

    Returns
    -------
    tuple of (bool, str)
        Success and nbgrader's log.
    """
    from .course import run_converter  # noqa: PLC0415

    return run_converter(converter_cls, course, assignment=assignment, student=".", force=True)
