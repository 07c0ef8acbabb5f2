"""Grades for the LMS: one row per learner, and one row per learner and question.

Two CSV files are read out of nbgrader's gradebook (any SQLAlchemy URL):

``grades.csv`` (:data:`GRADE_COLUMNS`)
    ``student_id``, one column per assignment (in the gradebook's order: due date, then
    name), ``total``, ``max_total`` and ``pending_manual``. A score is what nbgrader counts
    for the submission: the manual score of a question where a grader gave one, otherwise
    its automatic score, minus any late-submission penalty (never below 0, as
    ``nbgrader export`` does it).

``questions.csv`` (:data:`QUESTION_COLUMNS`)
    ``student_id, assignment, notebook, grade_id, score, max_score, auto_score,
    manual_score, needs_manual_grade``: one row per graded cell of every submission, in
    notebook order. ``needs_manual_grade`` is ``true`` while the cell has no score at all
    (no automatic score and no manual one); a manual score always counts as graded.

Choices an instructor should know about:

- **No submission is an empty cell, not 0.** A learner who did not hand in an
  assignment has an empty cell in its column, so the LMS can tell "missing" from "scored
  nothing" (an untouched release notebook that was handed in scores 0). ``total`` adds up
  the submitted assignments only and is empty for a learner with no submission at all;
  ``max_total`` is the same for everyone (every assignment in the gradebook), so
  ``total / max_total`` treats a missing assignment as 0.
- **Ungraded written answers count 0 for now.** nbgrader scores an answer that still
  waits for manual grading as 0 until a grader gives it points, so such a learner's
  assignment score and total are provisional. ``pending_manual`` counts those answers (0
  when none), and in ``questions.csv`` their ``score`` is empty and
  ``needs_manual_grade`` is ``true``. An answer left as the release stub is scored 0 by
  nbgrader itself and is not pending.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .course import GradingError, with_sqlite_timeout

if TYPE_CHECKING:  # nbgrader is imported lazily: it takes seconds to import
    from nbgrader.api import Gradebook

__all__ = [
    "GRADE_COLUMNS",
    "QUESTION_COLUMNS",
    "export_grades",
    "format_number",
    "grade_score",
    "read_gradebook",
]

#: Fixed columns of the per-learner CSV; the assignment columns go between the first and
#: the rest.
GRADE_COLUMNS = ("student_id", "total", "max_total", "pending_manual")

#: Columns of the per-question CSV.
QUESTION_COLUMNS = (
    "student_id",
    "assignment",
    "notebook",
    "grade_id",
    "score",
    "max_score",
    "auto_score",
    "manual_score",
    "needs_manual_grade",
)


@contextlib.contextmanager
def read_gradebook(db_url: str) -> Iterator[Gradebook]:
    """Open nbgrader's gradebook for reading and close it afterwards.

    Unlike :func:`glutelab.grading.course.open_gradebook` this never creates a gradebook:
    a SQLite URL naming a missing file is an error, not a new empty database.

    Parameters
    ----------
    db_url : str
        Any SQLAlchemy URL nbgrader accepts, e.g. ``sqlite:////abs/path/gradebook.db`` or
        ``postgresql+psycopg://user@host/db``. SQLite URLs get a busy timeout
        (:func:`~glutelab.grading.course.with_sqlite_timeout`), so reading while an
        autograde run writes waits instead of failing.

    Yields
    ------
    nbgrader.api.Gradebook
        Opened without a course id, so reading never adds a course row.

    Raises
    ------
    GradingError
        If ``db_url`` is not a database URL, names a SQLite file that does not exist, or
        the database cannot be reached.
    """
    from sqlalchemy.engine import make_url  # noqa: PLC0415 - only with the grading job
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError  # noqa: PLC0415

    try:
        url = make_url(db_url)
    except ArgumentError as exc:
        msg = f"not a database URL: {db_url!r}"
        raise GradingError(msg) from exc
    database = url.database
    in_file = url.get_backend_name() == "sqlite" and database not in (None, "", ":memory:")
    if in_file and not Path(database).is_file():
        msg = f"no gradebook at {database}: run `glutelab grade release` and `glutelab grade autograde` first"
        raise GradingError(msg)
    from nbgrader.api import Gradebook  # noqa: PLC0415 - slow import, grading job only

    try:
        gradebook = Gradebook(with_sqlite_timeout(db_url), course_id="")
    except SQLAlchemyError as exc:
        shown = url.render_as_string(hide_password=True)
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        msg = f"cannot open the gradebook {shown}: {reason}"
        raise GradingError(msg) from exc
    except ImportError as exc:  # the URL names a database driver that is not installed
        shown = url.render_as_string(hide_password=True)
        msg = f"cannot open the gradebook {shown}: its driver is not installed ({exc})"
        raise GradingError(msg) from exc
    try:
        yield gradebook
    finally:
        gradebook.close()


def format_number(value: float | None) -> str:
    """Return a score as CSV text: at most six decimals, no trailing zeros, "" for None.

    Parameters
    ----------
    value : float or None
        A score.

    Returns
    -------
    str
        E.g. ``"2"``, ``"2.5"``, ``"0.333333"``; ``""`` when ``value`` is None.
    """
    if value is None:
        return ""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def grade_score(grade: Any) -> float | None:
    """Return the points a grade counts for, or None while it waits for a grader.

    Parameters
    ----------
    grade : nbgrader.api.Grade
        One graded cell of a submission.

    Returns
    -------
    float or None
        The manual score if a grader gave one, else the automatic score (nbgrader's
        ``Grade.score``, extra credit included); None if the answer still needs manual
        grading and has no manual score.
    """
    if grade.manual_score is None and grade.needs_manual_grade:
        return None
    return float(grade.score)


def _submission_score(submission: Any) -> float:
    penalty = submission.late_submission_penalty or 0.0
    return max(0.0, float(submission.score) - float(penalty))


def _pending(submission: Any) -> int:
    return sum(
        1
        for notebook in submission.notebooks
        for grade in notebook.grades
        if grade_score(grade) is None
    )


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    tmp.replace(path)  # a half-written file never replaces a good one
    return path


def export_grades(
    course: Path, db_url: str, out: Path, questions_out: Path | None = None
) -> tuple[Path, Path | None]:
    """Write the per-learner grades CSV and, optionally, the per-question CSV.

    Parameters
    ----------
    course : pathlib.Path
        The nbgrader course root (the gradebook holds everything needed; the argument
        keeps the grading commands' calls alike).
    db_url : str
        SQLAlchemy URL of the gradebook.
    out : pathlib.Path
        Where to write the per-learner CSV (columns in the module docstring); a relative
        path is taken from the current folder, as on a command line.
    questions_out : pathlib.Path, optional
        Where to write the per-question CSV; not written when None.

    Returns
    -------
    tuple of (pathlib.Path, pathlib.Path or None)
        The files written.

    Raises
    ------
    GradingError
        If the gradebook cannot be read, has no assignments, or has an assignment named
        like a fixed column.
    """
    del course  # the gradebook holds everything; kept so the grading commands read alike
    with read_gradebook(db_url) as gb:
        assignments = list(gb.assignments)
        if not assignments:
            msg = "the gradebook has no assignments yet: run `glutelab grade release` first"
            raise GradingError(msg)
        names = [a.name for a in assignments]
        clash = sorted(set(names) & set(GRADE_COLUMNS))
        if clash:
            msg = f"an assignment is named like a CSV column: {', '.join(clash)}"
            raise GradingError(msg)
        submissions = {(s.student_id, a.name): s for a in assignments for s in a.submissions}
        max_total = sum(float(a.max_score) for a in assignments)
        rows = []
        for student_id in sorted(s.id for s in gb.students):
            mine = [submissions.get((student_id, name)) for name in names]
            scores = [None if s is None else _submission_score(s) for s in mine]
            handed_in = [x for x in scores if x is not None]
            rows.append(
                [
                    student_id,
                    *(format_number(x) for x in scores),
                    format_number(sum(handed_in) if handed_in else None),
                    format_number(max_total),
                    str(sum(_pending(s) for s in mine if s is not None)),
                ]
            )
        header = [GRADE_COLUMNS[0], *names, *GRADE_COLUMNS[1:]]
        grades_path = _write_csv(out, header, rows)
        if questions_out is None:
            return grades_path, None
        question_rows = []
        for assignment in assignments:
            for notebook in assignment.notebooks:
                cells = (*notebook.grade_cells, *notebook.task_cells)
                order = {cell.name: i for i, cell in enumerate(cells)}
                for sub in sorted(notebook.submissions, key=lambda n: n.student.id):
                    for grade in sorted(sub.grades, key=lambda g: order.get(g.name, len(order))):
                        question_rows.append(
                            [
                                sub.student.id,
                                assignment.name,
                                notebook.name,
                                grade.name,
                                format_number(grade_score(grade)),
                                format_number(grade.max_score),
                                format_number(grade.auto_score),
                                format_number(grade.manual_score),
                                "true" if grade_score(grade) is None else "false",
                            ]
                        )
        questions_path = _write_csv(questions_out, list(QUESTION_COLUMNS), question_rows)
    return grades_path, questions_path
