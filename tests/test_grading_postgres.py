"""The whole grading job on a real PostgreSQL gradebook, against the same job on SQLite.

Two temporary copies of a course (``assessments/nbgrader_config.py`` and
``assessments/source/01-anatomy``) go through every step of the instructor's job with the
``glutelab`` command, side by side: one with ``--db`` pointing at a database on the
session's throwaway PostgreSQL server (``tests/postgres_server.py``), one with the course's
own SQLite gradebook. The steps: ``release``, ``collect`` from one LMS-style zip holding a
handful of learners (right, a wrong formula, an exception, an endless loop, an empty file),
``autograde --jobs 2``, ``feedback``, ``export`` (grades and per-question CSV) and
``items``. The PostgreSQL gradebook is then read with ``nbgrader.api.Gradebook`` and must
hold what the scenarios earn, exactly as the SQLite one does.
"""

from __future__ import annotations

import copy
import csv
import html
import os
import re
import shutil
import statistics
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from assessment_specs import ANATOMY
from postgres_server import PostgresServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[1]
ASSESSMENTS = ROOT / "assessments"
ASSIGNMENT = ANATOMY.assignment
NOTEBOOK = f"{ANATOMY.notebook}.ipynb"
COURSE_ID = "glutelab"
GLUTELAB = str(Path(sys.executable).parent / "glutelab")
#: Per-cell limit for autograde: the endless loop must be cut by it.
TIMEOUT_S = 5
#: Generous limit for one command, so a hang fails instead of stalling the suite.
COMMAND_TIMEOUT_S = 600
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
#: Learner ids (no "_": collect's default pattern reads ``<learner>_<notebook>.ipynb``),
#: each mapped to the fault in its submission; None is a fully right one.
FAULTS = {
    "right": None,
    "wrong": ANATOMY.wrong_formula,
    "raises": ANATOMY.exception,
    "endless": ANATOMY.infinite_loop,
}
#: A learner whose file is empty: nbgrader cannot read it.
BROKEN = "empty"
LEARNERS = (*FAULTS, BROKEN)
BACKENDS = ("sqlite", "postgresql")


# --------------------------------------------------------------------------- submissions


def _grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    (cell,) = [c for c in nb.cells if _grade_id(c) == grade_id]
    return cell


def _submission(
    release: nbformat.NotebookNode, source: nbformat.NotebookNode, fault: object
) -> nbformat.NotebookNode:
    """The release notebook answered as the source's solution, except for ``fault``."""
    nb = copy.deepcopy(release)
    for answer_id in ANATOMY.tested_by.values():
        lines = _cell(source, answer_id).source.splitlines()
        _cell(nb, answer_id).source = "\n".join(
            line for line in lines if not any(m in line for m in MARKERS)
        )
    _cell(nb, ANATOMY.written).source = ANATOMY.learner_text
    if fault is not None:
        stub_source = _cell(release, fault.answer_id).source
        indent = "    " if textwrap.indent(STUB, "    ") in stub_source else ""
        body = textwrap.indent(textwrap.dedent(fault.body).strip(), indent)
        _cell(nb, fault.answer_id).source = stub_source.replace(textwrap.indent(STUB, indent), body)
    return nb


def _lms_zip(path: Path, release: nbformat.NotebookNode) -> Path:
    """A zip as an LMS hands it out: one ``<learner>_<notebook>`` file per learner."""
    source = nbformat.read(ASSESSMENTS / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    with zipfile.ZipFile(path, "w") as archive:
        for learner, fault in FAULTS.items():
            text = nbformat.writes(_submission(release, source, fault))
            archive.writestr(f"{ASSIGNMENT}-download/{learner}_{NOTEBOOK}", text)
        archive.writestr(f"{ASSIGNMENT}-download/{BROKEN}_{NOTEBOOK}", "")
    return path


def _points() -> dict[str, float]:
    source = nbformat.read(ASSESSMENTS / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    return {
        _grade_id(c): float(c.metadata["nbgrader"]["points"])
        for c in source.cells
        if c.metadata.get("nbgrader", {}).get("grade", False)
    }


# --------------------------------------------------------------------------- the job


@dataclass
class Job:
    """One course taken through the grading job with one gradebook."""

    course: Path
    db_url: str
    out: Path
    logs: dict[str, str] = field(default_factory=dict)

    def argv(self, *args: str) -> list[str]:
        """The command line of one step; ``{out}`` in an argument is this job's ``out``."""
        args = tuple(arg.replace("{out}", str(self.out)) for arg in args)
        return [GLUTELAB, "grade", "--course", str(self.course), "--db", self.db_url, *args]


def _start(job: Job, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    # A user-level ~/.jupyter/nbgrader_config.py must not leak into the course under test.
    env["JUPYTER_CONFIG_DIR"] = str(job.course / ".jupyter-config")
    return subprocess.Popen(
        job.argv(*args),
        cwd=job.out,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _side_by_side(jobs: dict[str, Job], step: str, *args: str, expect: int = 0) -> None:
    """Run one step of the job for every backend at once; fail with its output if it fails."""
    procs = {name: _start(job, *args) for name, job in jobs.items()}
    try:
        for name, proc in procs.items():
            try:
                out, _ = proc.communicate(timeout=COMMAND_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, _ = proc.communicate()
                pytest.fail(f"{name}: `{step}` still running after {COMMAND_TIMEOUT_S} s\n{out}")
            jobs[name].logs[step] = out
            assert proc.returncode == expect, (
                f"{name}: `glutelab grade {' '.join(args)}` exited {proc.returncode} "
                f"(expected {expect})\n{out}"
            )
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


@pytest.fixture(scope="module")
def jobs(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Job]]:
    """The same course through the whole job, once on SQLite and once on PostgreSQL."""
    from glutelab.grading.autograde import EXIT_PROBLEMS

    database = "gradebook_job"
    postgres_url = postgres_server.create_database(database)
    jobs: dict[str, Job] = {}
    for backend in BACKENDS:
        root = tmp_path_factory.mktemp(f"grading-{backend}")
        course = root / "course"
        (course / "source").mkdir(parents=True)
        shutil.copy2(ASSESSMENTS / "nbgrader_config.py", course / "nbgrader_config.py")
        shutil.copytree(
            ASSESSMENTS / "source" / ASSIGNMENT,
            course / "source" / ASSIGNMENT,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
        db_url = f"sqlite:///{course / 'gradebook.db'}" if backend == "sqlite" else postgres_url
        (root / "out").mkdir()
        jobs[backend] = Job(course=course, db_url=db_url, out=root / "out")

    try:
        _side_by_side(jobs, "release", "release", ASSIGNMENT)
        release = nbformat.read(
            jobs["sqlite"].course / "release" / ASSIGNMENT / NOTEBOOK, as_version=4
        )
        download = _lms_zip(tmp_path_factory.mktemp("lms") / "download.zip", release)
        _side_by_side(jobs, "collect", "collect", ASSIGNMENT, "--from", str(download))
        _side_by_side(
            jobs,
            "autograde",
            "autograde",
            ASSIGNMENT,
            "--jobs",
            "2",
            "--timeout",
            str(TIMEOUT_S),
            "--no-progress",
            expect=EXIT_PROBLEMS,  # the empty file is rejected; the others are graded
        )
        _side_by_side(jobs, "feedback", "feedback", ASSIGNMENT)
        _side_by_side(
            jobs,
            "export",
            "export",
            "--to",
            "{out}/grades.csv",
            "--questions",
            "{out}/questions.csv",
        )
        _side_by_side(jobs, "items", "items", ASSIGNMENT, "--to", "{out}/items.csv")
        yield jobs
    finally:
        postgres_server.drop_database(database)


def _gradebook(db_url: str) -> dict[str, dict[str, tuple]]:
    """Per learner, per grade cell: (score, auto_score, manual_score, max_score, needs manual)."""
    from nbgrader.api import Gradebook

    found: dict[str, dict[str, tuple]] = {}
    with Gradebook(db_url, course_id=COURSE_ID) as gb:
        for student in gb.students:
            nb = gb.find_submission_notebook(ANATOMY.notebook, ASSIGNMENT, student.id)
            found[student.id] = {
                g.name: (g.score, g.auto_score, g.manual_score, g.max_score, g.needs_manual_grade)
                for g in nb.grades
            }
        gb.engine.dispose()
    return found


def _page_text(page: str) -> str:
    """The text of an HTML page as a reader sees it (tags dropped, entities decoded)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.DOTALL | re.IGNORECASE)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- tests


def test_the_postgres_run_kept_everything_in_postgres(
    jobs: dict[str, Job], postgres_server: PostgresServer
) -> None:
    import psycopg

    # The course's config names a SQLite file; with --db no step may have created it.
    assert not (jobs["postgresql"].course / "gradebook.db").exists()
    assert (jobs["sqlite"].course / "gradebook.db").is_file()
    with psycopg.connect(
        host="127.0.0.1", port=postgres_server.port, user="postgres", dbname="gradebook_job"
    ) as conn:
        tables = {
            row[0]
            for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        }
        assert {"assignment", "grade", "student", "submitted_assignment"} <= tables
        assert {"alembic_version"} <= tables  # nbgrader stamps a new gradebook's schema
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        assert version
        learners = {
            row[0]
            for row in conn.execute(
                "SELECT s.id FROM student s JOIN submitted_assignment a ON a.student_id = s.id"
            )
        }
    assert learners == set(LEARNERS)


def test_postgres_gradebook_holds_what_each_learner_earned(jobs: dict[str, Job]) -> None:
    points = _points()
    got = _gradebook(jobs["postgresql"].db_url)
    assert set(got) == set(LEARNERS)
    tests = set(ANATOMY.tested_by)
    for learner, fault in FAULTS.items():
        lost = set() if fault is None else {ANATOMY.test_for(fault.answer_id)}
        wanted = {name: 0.0 if name in lost else points[name] for name in tests}
        assert {name: got[learner][name][1] for name in tests} == wanted, learner
        # The written answer waits for a person.
        assert got[learner][ANATOMY.written][4] is True, learner
    # The empty file: recorded with no automatic score at all, so it counts 0 until graded
    # by hand (as plain nbgrader records a notebook it cannot read).
    assert set(got[BROKEN]) == set(points)
    for name in points:
        score, auto, manual, max_score, _ = got[BROKEN][name]
        assert (score, auto, manual, max_score) == (0.0, None, None, points[name]), name


def test_postgres_and_sqlite_gradebooks_agree_cell_by_cell(jobs: dict[str, Job]) -> None:
    on_postgres = _gradebook(jobs["postgresql"].db_url)
    on_sqlite = _gradebook(jobs["sqlite"].db_url)
    assert on_postgres == on_sqlite
    assert len(on_postgres) == len(LEARNERS)


def test_autograde_reports_every_learner_on_both(jobs: dict[str, Job]) -> None:
    for backend, job in jobs.items():
        log = job.logs["autograde"]
        assert f"{len(FAULTS)} graded" in log, (backend, log)
        assert "1 rejected" in log, (backend, log)
        assert "empty file" in log, (backend, log)  # the reason names the problem


def test_grades_csv_has_one_row_per_learner_with_the_gradebook_total(
    jobs: dict[str, Job],
) -> None:
    points = _points()
    book = _gradebook(jobs["postgresql"].db_url)
    rows = _read_csv(jobs["postgresql"].out / "grades.csv")
    assert [row["student_id"] for row in rows] == sorted(LEARNERS)
    for row in rows:
        total = sum(cell[0] for cell in book[row["student_id"]].values())
        assert float(row[ASSIGNMENT]) == pytest.approx(total), row
        assert float(row["total"]) == pytest.approx(total), row
        assert float(row["max_total"]) == pytest.approx(sum(points.values())), row
    by_learner = {row["student_id"]: row for row in rows}
    assert float(by_learner["right"][ASSIGNMENT]) == sum(points[n] for n in ANATOMY.tested_by)
    # The same file from the SQLite run.
    sqlite_text = (jobs["sqlite"].out / "grades.csv").read_text(encoding="utf-8")
    assert (jobs["postgresql"].out / "grades.csv").read_text(encoding="utf-8") == sqlite_text


def test_question_csv_has_one_row_per_learner_and_cell(jobs: dict[str, Job]) -> None:
    book = _gradebook(jobs["postgresql"].db_url)
    rows = _read_csv(jobs["postgresql"].out / "questions.csv")
    assert len(rows) == len(LEARNERS) * len(_points())
    for row in rows:
        score, auto, _, max_score, pending = book[row["student_id"]][row["grade_id"]]
        assert row["assignment"] == ASSIGNMENT
        assert float(row["max_score"]) == max_score, row
        assert row["needs_manual_grade"] == str(pending).lower(), row
        # An answer awaiting a person has no score yet; the others carry the gradebook's.
        assert row["score"] == "" if pending else float(row["score"]) == score, row
        if auto is None:
            assert row["auto_score"] == "", row
        else:
            assert float(row["auto_score"]) == auto, row
    sqlite_rows = _read_csv(jobs["sqlite"].out / "questions.csv")
    key = lambda r: (r["student_id"], r["grade_id"])  # noqa: E731
    assert sorted(rows, key=key) == sorted(sqlite_rows, key=key)


def test_item_csv_has_each_cell_with_the_gradebook_mean(jobs: dict[str, Job]) -> None:
    book = _gradebook(jobs["postgresql"].db_url)
    rows = _read_csv(jobs["postgresql"].out / "items.csv")
    assert [row["grade_id"] for row in rows] == list(_points())  # notebook order
    for row in rows:
        scored = [
            cells[row["grade_id"]][0]
            for cells in book.values()
            if not cells[row["grade_id"]][4]  # answers awaiting a person are left out
        ]
        assert int(row["n"]) == len(scored), row
        if scored:
            assert float(row["mean"]) == pytest.approx(statistics.fmean(scored), abs=1e-5), row
    assert rows == _read_csv(jobs["sqlite"].out / "items.csv")


def test_feedback_for_each_graded_learner_without_hidden_tests(jobs: dict[str, Job]) -> None:
    source = nbformat.read(ASSESSMENTS / "source" / ASSIGNMENT / NOTEBOOK, as_version=4)
    hidden_parts, shown_parts = [], []
    for cell in source.cells:
        shown, *regions = cell.source.split("### BEGIN HIDDEN TESTS")
        shown_parts.append(shown)
        for region in regions:
            secret, _, after = region.partition("### END HIDDEN TESTS")
            hidden_parts.append(secret)
            shown_parts.append(after)
    # Hidden-test lines that a learner cannot have typed from the visible text (a solution
    # line such as a dict entry may legitimately also sit in a hidden test).
    shown_lines = {line.strip() for part in shown_parts for line in part.splitlines()}
    hidden = [
        line.strip()
        for part in hidden_parts
        for line in part.splitlines()
        if len(line.strip()) >= 30 and line.strip() not in shown_lines
    ]
    assert hidden
    for backend, job in jobs.items():
        written = sorted(p.parts[-3] for p in (job.course / "feedback").glob("*/*/*.html"))
        assert written == sorted(FAULTS), (backend, written)  # none for the empty file
        for learner in FAULTS:
            page = job.course / "feedback" / learner / ASSIGNMENT / f"{ANATOMY.notebook}.html"
            text = _page_text(page.read_text(encoding="utf-8"))
            assert "moment_arm_about_axis" in text  # the learner's own code is there
            leaked = [line for line in hidden if line in text]
            assert not leaked, (backend, learner, leaked[:3])
