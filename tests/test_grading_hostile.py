"""Broken and hostile submissions in one batch with ordinary learners.

One course gets the four ordinary learners of ``grading_fixtures.NORMAL`` and every case of
``grading_fixtures.HOSTILE``; a second course gets the ordinary learners alone. Both are
graded by ``glutelab grade autograde`` at the same time (as separate commands). Every
hostile case must end with its expected outcome and reason, the batch must finish with
the "finished with problems" status (3), and the ordinary learners must get exactly the
grades they get when graded alone.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from assessment_specs import SPECS
from grading_fixtures import (
    HOSTILE,
    NORMAL,
    Hostile,
    cli_env,
    copy_course,
    finish,
    gradebook_grades,
    hostile_submissions,
    normal_submissions,
    released_template,
    run_cli,
    with_cell,
    write_submission,
)

SPEC = SPECS["01-anatomy"]
ASSIGNMENT = SPEC.assignment
OTHER = "02-signs-and-self-tests"
#: Per-cell limit: the infinite loop is cut after this many seconds.
TIMEOUT_S = 5
EXIT_PROBLEMS = 3


@dataclass
class Run:
    course: Path
    status: int
    out: str
    err: str
    cases: dict[str, Hostile]

    @property
    def state(self) -> dict:
        path = self.course / ".glutelab-grading" / f"{ASSIGNMENT}.json"
        return json.loads(path.read_text())["students"]

    def autograded(self, student: str) -> Path:
        return self.course / "autograded" / student / ASSIGNMENT / f"{SPEC.notebook}.ipynb"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.course / 'gradebook.db'}"


def _notebooks(course: Path) -> tuple[nbformat.NotebookNode, ...]:
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    source = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    other = nbformat.read(course / "source" / OTHER / f"{OTHER}.ipynb", 4)
    return release, source, other


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """The mixed batch and the ordinary learners alone, graded side by side."""
    template = released_template(tmp_path_factory)
    env = cli_env(tmp_path_factory.mktemp("jupyter-config"))
    base = tmp_path_factory.mktemp("hostile")
    mixed = copy_course(template, base / "mixed")
    alone = copy_course(template, base / "alone")
    release, source, other = _notebooks(template)
    for student, nb in normal_submissions(SPEC, release, source).items():
        write_submission(mixed, ASSIGNMENT, student, nb)
        write_submission(alone, ASSIGNMENT, student, nb)
    cases = hostile_submissions(SPEC, release, source, OTHER, other)
    for student, case in cases.items():
        write_submission(mixed, ASSIGNMENT, student, case.content)

    args = ["autograde", ASSIGNMENT, "--timeout", str(TIMEOUT_S), "--no-progress"]
    procs = {
        "mixed": run_cli(["--course", str(mixed), *args, "--jobs", "2"], env),
        "alone": run_cli(["--course", str(alone), *args, "--jobs", "1"], env),
    }
    results = {name: finish(proc) for name, proc in procs.items()}
    return {
        "mixed": Run(mixed, *results["mixed"], cases),
        "alone": Run(alone, *results["alone"], {}),
    }


@pytest.mark.slow
def test_batch_finishes_with_problems_but_grades_everyone(runs: dict[str, Run]) -> None:
    mixed = runs["mixed"]
    assert mixed.status == EXIT_PROBLEMS, mixed.err[-3000:]
    assert "Traceback" not in mixed.err, mixed.err[-3000:]
    assert sorted(mixed.state) == sorted(NORMAL + HOSTILE)
    assert runs["alone"].status == 0, runs["alone"].out + runs["alone"].err[-3000:]
    # Nothing failed for a reason of the grading machinery itself.
    assert [s for s, o in mixed.state.items() if o["status"] == "error"] == []
    graded = sum(1 for o in mixed.state.values() if o["status"] == "graded")
    assert f"Totals: {graded} graded, " in mixed.out


@pytest.mark.slow
@pytest.mark.parametrize("student", HOSTILE)
def test_hostile_submission_gets_its_outcome(runs: dict[str, Run], student: str) -> None:
    mixed = runs["mixed"]
    case = mixed.cases[student]
    outcome = mixed.state[student]
    said = (outcome["reason"] + " " + " ".join(outcome["notes"])).lower()
    assert outcome["status"] == case.status, (student, outcome)
    assert case.reason in said, (student, outcome)
    if case.status != "graded":
        # Every problem has a row in the printed summary, with its status and reason.
        rows = [line for line in mixed.out.splitlines() if line.startswith(f"{student} ")]
        assert len(rows) == 1, mixed.out
        assert case.status in rows[0]
        assert outcome["reason"][:40] in rows[0]


@pytest.mark.slow
def test_normal_learners_grades_equal_grading_them_alone(runs: dict[str, Run]) -> None:
    mixed = gradebook_grades(runs["mixed"].db_url, ASSIGNMENT, SPEC.notebook)
    alone = gradebook_grades(runs["alone"].db_url, ASSIGNMENT, SPEC.notebook)
    assert sorted(alone) == sorted(NORMAL)
    for student in NORMAL:
        assert mixed[student] == alone[student], student
    # The ordinary learners themselves are graded as the pipeline tests expect.
    assert all(score for score, *_ in alone["right"].values() if score is not None)
    assert (
        runs["mixed"].state["right"]["auto_score"] == runs["mixed"].state["right"]["max_auto_score"]
    )


@pytest.mark.slow
def test_rejected_submissions_are_recorded_without_scores(runs: dict[str, Run]) -> None:
    grades = gradebook_grades(runs["mixed"].db_url, ASSIGNMENT, SPEC.notebook)
    for student in HOSTILE:
        if runs["mixed"].cases[student].status != "rejected":
            continue
        # As plain nbgrader does for a notebook it cannot grade: a submission with no
        # automatic score, waiting for a person.
        assert grades[student] is not None, student
        assert {auto for auto, *_ in grades[student].values()} == {None}, student


@pytest.mark.slow
def test_enormous_output_is_cut(runs: dict[str, Run]) -> None:
    path = runs["mixed"].autograded("enormous_output")
    assert path.stat().st_size < 1_500_000
    assert "output cut here" in path.read_text()
    assert runs["mixed"].state["enormous_output"]["auto_score"] == 10


@pytest.mark.slow
def test_hidden_tests_cannot_be_read_from_disk(runs: dict[str, Run]) -> None:
    nb = nbformat.read(runs["mixed"].autograded("reads_hidden_tests"), 4)
    printed = "".join(
        o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "probe found 0 file(s) with hidden tests" in printed
    assert "BEGIN HIDDEN TESTS" not in printed


@pytest.mark.slow
def test_no_grading_kernel_is_left_running(runs: dict[str, Run]) -> None:
    assert runs["mixed"].status == EXIT_PROBLEMS
    leftovers = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if "glutelab-grade-" in cwd:
            leftovers.append((proc.name, cwd))
    assert leftovers == []


@pytest.mark.slow
def test_a_submission_past_max_seconds_is_killed(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    template = released_template(tmp_path_factory)
    course = copy_course(template, tmp_path / "course")
    release, source, _ = _notebooks(template)
    right = normal_submissions(SPEC, release, source)["right"]
    # Many cells that each stop at the per-cell limit: only the whole-submission limit
    # (--max-seconds) ends them.
    slow = right
    for _ in range(12):
        slow = with_cell(slow, "import time\ntime.sleep(60)", "setup_imports")
    write_submission(course, ASSIGNMENT, "right", right)
    write_submission(course, ASSIGNMENT, "slow_cells", slow)
    args = ["--course", str(course), "autograde", ASSIGNMENT, "--timeout", "1"]
    status, out, err = finish(
        run_cli([*args, "--max-seconds", "8", "--jobs", "2", "--no-progress"], cli_env(tmp_path))
    )
    assert status == EXIT_PROBLEMS, err[-2000:]
    state = json.loads((course / ".glutelab-grading" / f"{ASSIGNMENT}.json").read_text())
    students = state["students"]
    assert students["slow_cells"]["status"] == "rejected", students["slow_cells"]
    assert "grading took longer than 8 s" in students["slow_cells"]["reason"]
    assert "its kernel was killed" in students["slow_cells"]["reason"]
    assert students["right"]["status"] == "graded"
    assert "slow_cells" in out
