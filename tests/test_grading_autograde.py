"""``glutelab grade autograde``: nbgrader's grades, in parallel, resumable, on one SQLite file.

The equality test grades one set of submissions twice, in two copies of one released
course: once with plain ``nbgrader autograde`` (serial) and once with ``glutelab grade
autograde --jobs 2``; every learner's every grade must be the same in both gradebooks.
"""

from __future__ import annotations

import copy
import json
import multiprocessing
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest
from assessment_specs import SPECS
from glutelab.grading import autograde as ag
from glutelab.grading.cli import main
from glutelab.grading.course import open_course, with_sqlite_timeout
from grading_fixtures import (
    cli_env,
    copy_course,
    finish,
    gradebook_grades,
    hostile_submissions,
    normal_submissions,
    released_template,
    run_cli,
    write_submission,
)

SPEC = SPECS["01-anatomy"]
ASSIGNMENT = SPEC.assignment
OTHER = "02-signs-and-self-tests"
TIMEOUT_S = 5
#: Submissions plain nbgrader grades too (it aborts the whole batch on duplicated cells).
SHARED_HOSTILE = (
    "infinite_loop",
    "os_exit",
    "edited_tests",
    "deleted_tests",
    "empty_file",
    "reads_hidden_tests",
)


def _notebooks(course: Path) -> tuple[nbformat.NotebookNode, ...]:
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    source = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    other = nbformat.read(course / "source" / OTHER / f"{OTHER}.ipynb", 4)
    return release, source, other


def _state(course: Path) -> dict:
    return json.loads((course / ".glutelab-grading" / f"{ASSIGNMENT}.json").read_text())


def _logs(course: Path) -> str:
    folder = course / ".glutelab-grading" / "logs" / ASSIGNMENT
    return "\n".join(p.read_text(errors="replace") for p in sorted(folder.glob("*.log")))


# --------------------------------------------------------------------------- equality


@pytest.mark.slow
def test_grades_equal_plain_nbgrader_autograde(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    template = released_template(tmp_path_factory)
    plain = copy_course(template, tmp_path / "plain")
    ours = copy_course(template, tmp_path / "ours")
    release, source, other = _notebooks(template)
    submissions = dict(normal_submissions(SPEC, release, source))
    hostile = hostile_submissions(SPEC, release, source, OTHER, other)
    submissions.update({name: hostile[name].content for name in SHARED_HOSTILE})
    for course in (plain, ours):
        for student, content in submissions.items():
            write_submission(course, ASSIGNMENT, student, content)

    env = cli_env(tmp_path / "jupyter-config")
    plain_proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "nbgrader",
            "autograde",
            ASSIGNMENT,
            f"--ExecutePreprocessor.timeout={TIMEOUT_S}",
        ],
        cwd=plain,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ours_proc = run_cli(
        [
            "--course",
            str(ours),
            "autograde",
            ASSIGNMENT,
            "--jobs",
            "2",
            "--timeout",
            str(TIMEOUT_S),
        ],
        env,
    )
    plain_status, _, plain_log = finish(plain_proc)
    status, _, err = finish(ours_proc)

    # Plain nbgrader reports the notebooks it could not grade and exits 1; ours finishes
    # with "problems" (3) for the same learners.
    assert plain_status == 1, plain_log[-3000:]
    for student in ("os_exit", "empty_file"):
        assert f"for student '{student}'" in plain_log
    assert status == ag.EXIT_PROBLEMS, err[-3000:]
    state = _state(ours)["students"]
    assert {s for s, o in state.items() if o["status"] == "rejected"} == {"os_exit", "empty_file"}

    plain_grades = gradebook_grades(f"sqlite:///{plain / 'gradebook.db'}", ASSIGNMENT, ASSIGNMENT)
    our_grades = gradebook_grades(f"sqlite:///{ours / 'gradebook.db'}", ASSIGNMENT, ASSIGNMENT)
    assert sorted(plain_grades) == sorted(submissions)
    assert our_grades == plain_grades
    # Every kind of result is among them: full, partial, none, waiting for a person.
    autos = {g[0] for grades in our_grades.values() if grades for g in grades.values()}
    assert {None, 0.0, 2.0, 3.0} <= autos
    assert "database is locked" not in _logs(ours)

    # The same learner read the course's files: plain nbgrader let it print the hidden
    # tests (the restored notebook sits in the kernel's folder); ours shows nothing.
    def printed(course: Path) -> str:
        nb = nbformat.read(
            course / "autograded" / "reads_hidden_tests" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4
        )
        return "".join(
            o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
        )

    assert "BEGIN HIDDEN TESTS" in printed(plain)
    assert "BEGIN HIDDEN TESTS" not in printed(ours)
    assert "probe found 0 file(s)" in printed(ours)


# --------------------------------------------------------------------------- resumable


@pytest.mark.slow
def test_rerun_grades_only_what_is_new_or_changed(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "jupyter-config"))
    template = released_template(tmp_path_factory)
    course = copy_course(template, tmp_path / "course")
    release, source, _ = _notebooks(template)
    learners = normal_submissions(SPEC, release, source)
    for student in ("right", "unit_slip", "nothing_done"):
        write_submission(course, ASSIGNMENT, student, learners[student])
    base = ["--course", str(course), "autograde", ASSIGNMENT, "--jobs", "2", "--no-progress"]

    def run(*extra: str) -> tuple[int, dict, str]:
        status = main([*base, *extra])
        out = capsys.readouterr().out
        return status, _state(course)["students"], out

    status, first, out = run()
    assert status == 0, out
    assert sorted(first) == ["nothing_done", "right", "unit_slip"]
    assert "graded 3 submission(s)" in out
    stamps = {s: o["graded_at"] for s, o in first.items()}
    graded_file = course / "autograded" / "right" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    mtime = graded_file.stat().st_mtime_ns

    status, second, out = run()
    assert status == 0
    assert "graded 0 submission(s)" in out
    assert "3 unchanged, skipped" in out
    assert {s: o["graded_at"] for s, o in second.items()} == stamps
    assert graded_file.stat().st_mtime_ns == mtime

    # nothing_done hands in the right answers: only that learner is graded again.
    write_submission(course, ASSIGNMENT, "nothing_done", learners["right"])
    status, third, out = run()
    assert "graded 1 submission(s)" in out
    assert third["nothing_done"]["auto_score"] == third["nothing_done"]["max_auto_score"] == 10
    assert first["nothing_done"]["auto_score"] == 0
    assert third["right"] == second["right"]

    # A new learner is graded; the others are not.
    write_submission(course, ASSIGNMENT, "late", learners["unit_slip"])
    status, fourth, out = run()
    assert "graded 1 submission(s)" in out
    assert fourth["late"]["auto_score"] == fourth["unit_slip"]["auto_score"]

    status, fifth, out = run("--force")
    assert "graded 4 submission(s)" in out
    assert all(fifth[s]["graded_at"] >= fourth[s]["graded_at"] for s in fifth)
    assert graded_file.stat().st_mtime_ns != mtime

    status, sixth, out = run("--student", "unit_slip")
    assert "graded 1 submission(s)" in out
    assert [s for s in sixth if sixth[s] != fifth[s]] == ["unit_slip"]

    # A learner with no submission is a one-line error, not a crash.
    assert main([*base, "--student", "nobody"]) == 1
    assert "no submission from 'nobody'" in capsys.readouterr().err
    assert "database is locked" not in _logs(course)


# --------------------------------------------------------------------------- SQLite


def _hammer(db_url: str, worker: int, rounds: int, errors: multiprocessing.Queue) -> None:
    """Create learners and submissions as fast as possible, as parallel graders do."""
    from nbgrader.api import Gradebook

    try:
        with Gradebook(db_url, course_id="glutelab") as gb:
            for i in range(rounds):
                student = f"w{worker}-{i}"
                gb.update_or_create_student(student)
                gb.update_or_create_submission(ASSIGNMENT, student)
    except Exception as exc:
        errors.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.slow
def test_parallel_writers_on_one_sqlite_gradebook_never_see_a_lock_error(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    template = released_template(tmp_path_factory)
    course = copy_course(template, tmp_path / "course")
    db_url = with_sqlite_timeout(f"sqlite:///{course / 'gradebook.db'}")
    assert db_url.endswith("?timeout=60")
    ctx = multiprocessing.get_context("fork")
    errors = ctx.Queue()
    workers = [ctx.Process(target=_hammer, args=(db_url, w, 15, errors)) for w in range(4)]
    for proc in workers:
        proc.start()
    for proc in workers:
        proc.join(timeout=300)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == []
    assert all(proc.exitcode == 0 for proc in workers)
    grades = gradebook_grades(db_url, ASSIGNMENT, ASSIGNMENT)
    assert len(grades) == 60
    assert all(g is not None for g in grades.values())


def test_sqlite_urls_get_a_busy_timeout_and_others_are_left_alone() -> None:
    assert with_sqlite_timeout("sqlite:////a/b.db") == "sqlite:////a/b.db?timeout=60"
    assert with_sqlite_timeout("sqlite:////a/b.db?timeout=5") == "sqlite:////a/b.db?timeout=5"
    assert with_sqlite_timeout("sqlite:///x.db?mode=ro") == "sqlite:///x.db?mode=ro&timeout=60"
    url = "postgresql+psycopg://u@127.0.0.1:5432/gb"
    assert with_sqlite_timeout(url) == url


# --------------------------------------------------------------------------- checks


@pytest.fixture(scope="module")
def info(tmp_path_factory: pytest.TempPathFactory) -> ag.AssignmentInfo:
    template = released_template(tmp_path_factory)
    return ag.load_assignment_info(open_course(template), ASSIGNMENT)


def test_assignment_info_knows_the_graded_cells_and_hidden_tests(info: ag.AssignmentInfo) -> None:
    cells = info.cells[ASSIGNMENT]
    tests = {name for name, c in cells.items() if c.grade and not c.solution}
    assert tests == set(SPEC.tested_by)
    assert cells[SPEC.written].solution
    assert {"math", "np", "anatomy"} <= info.module_names
    assert "isinstance" in info.watched_builtins
    assert OTHER in info.other_ids
    assert len(info.hidden_lines) > 10
    assert all("BEGIN" not in line for line in info.hidden_lines)


@pytest.mark.parametrize(
    ("code", "finding"),
    [
        ("math.isclose = lambda *a, **k: True", "changes `math.isclose`"),
        ("import builtins\nbuiltins.abs = lambda v: 0", "imports `builtins`"),
        ("__builtins__.sorted = list", "uses `__builtins__`"),
        ("import sys\nsys.modules['math'] = None", "uses `sys.modules`"),
        ("def isinstance(a, b):\n    return True", "rebinds the built-in `isinstance`"),
        ("class AssertionError(Exception):\n    pass", "rebinds the built-in `AssertionError`"),
        ("anatomy = None", "rebinds `anatomy`"),
        ("setattr(np, 'isclose', print)", "changes `numpy` with setattr()"),
        ("get_ipython().input_transformers_cleanup.append(lambda lines: [])", "get_ipython"),
        ("exec(open('x.py').read())", "`exec()`"),
        ("globals()['math'] = None", "writes through `globals()`"),
        ("import inspect\nprint(inspect.currentframe().f_back.f_globals)", "another scope"),
        ("%load_ext something", "magic `%load_ext`"),
    ],
)
def test_tamper_scan_flags_code_that_changes_the_tests(
    info: ag.AssignmentInfo, code: str, finding: str
) -> None:
    findings = ag.tamper_findings([code], info)
    assert any(finding in f for f in findings), findings


@pytest.mark.parametrize(
    "code",
    [
        "def hip_moment_nm(force_n, arm_cm):\n    total = sum([force_n])\n    return total * arm_cm / 100",
        "import numpy as np\nimport math\nvalue = np.cross([1, 0, 0], [0, 1, 0])",
        "%matplotlib inline\n%time x = 1",
        "def f(values):\n    sorted = list(values)\n    return sorted",
        "result = math.isclose(1.0, 1.0)",
    ],
)
def test_tamper_scan_leaves_ordinary_answers_alone(info: ag.AssignmentInfo, code: str) -> None:
    assert ag.tamper_findings([textwrap.dedent(code)], info) == []


def test_checks_reject_what_nbgrader_cannot_grade(info: ag.AssignmentInfo, tmp_path: Path) -> None:
    folder = tmp_path / "sub"
    folder.mkdir()
    path = folder / f"{ASSIGNMENT}.ipynb"
    cases = {
        b"": "empty file",
        b"  \n": "empty file",
        b'{"cells": [': "not valid JSON",
        b"\xff\xfe\x00": "not UTF-8",
        b'{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}, "x": 1}': "not a valid notebook",
    }
    for raw, reason in cases.items():
        path.write_bytes(raw)
        assert reason in ag.check_submission(folder, info).rejected, raw
    path.unlink()
    (folder / "homework.ipynb").write_text("{}")
    assert "no 01-anatomy.ipynb in the submission (found: homework.ipynb)" in (
        ag.check_submission(folder, info).rejected
    )


def test_checks_put_back_duplicated_and_retyped_cells(
    info: ag.AssignmentInfo, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    release, source, _ = _notebooks(released_template(tmp_path_factory))
    nb = normal_submissions(SPEC, release, source)["right"]
    test_id = SPEC.edited_tests[0]
    where = next(i for i, c in enumerate(nb.cells) if c.metadata["nbgrader"]["grade_id"] == test_id)
    nb.cells.insert(where, copy.deepcopy(nb.cells[where]))
    nb.cells[where]["id"] = "a-copy"
    nb.cells[where + 1].metadata["nbgrader"]["grade"] = False  # flags changed too
    folder = tmp_path / "sub"
    write_submission(tmp_path, ASSIGNMENT, "sub", nb)
    folder = tmp_path / "submitted" / "sub" / ASSIGNMENT
    check = ag.check_submission(folder, info)
    assert check.rejected == ""
    assert any("appears 2 times" in r for r in check.review)
    assert any("grading flags" in n for n in check.notes)
    fixed = nbformat.reads(check.repaired[f"{ASSIGNMENT}.ipynb"], 4)
    graded = [c for c in fixed.cells if c.metadata.get("nbgrader", {}).get("grade_id") == test_id]
    assert len(graded) == 1
    assert graded[0].metadata["nbgrader"]["grade"] is True


def test_submission_hash_follows_names_and_contents(tmp_path: Path) -> None:
    (tmp_path / "a.ipynb").write_text("1")
    first = ag.submission_hash(tmp_path)
    assert ag.submission_hash(tmp_path) == first
    (tmp_path / "a.ipynb").write_text("2")
    second = ag.submission_hash(tmp_path)
    assert second != first
    (tmp_path / "a.ipynb").rename(tmp_path / "b.ipynb")
    assert ag.submission_hash(tmp_path) not in {first, second}
    (tmp_path / ".ipynb_checkpoints").mkdir()
    third = ag.submission_hash(tmp_path)
    (tmp_path / ".ipynb_checkpoints" / "b-checkpoint.ipynb").write_text("x")
    assert ag.submission_hash(tmp_path) == third
