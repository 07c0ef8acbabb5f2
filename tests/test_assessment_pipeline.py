"""Every assessment through the real nbgrader pipeline, as an instructor would run it.

Each assessment in ``assessments/source/`` has a spec in ``assessment_specs.py`` (a test
fails if one is missing). For each, a temporary course root is built from
``assessments/nbgrader_config.py`` and that assessment's source; ``nbgrader
generate_assignment`` runs once, then one ``nbgrader autograde`` call grades every scenario
(one student each) and the scores are read back through ``nbgrader.api.Gradebook``. The
assessments go through each stage side by side, so their waits overlap. Scenario
submissions are built here from the release notebook, so no fixture notebook is committed.
"""

from __future__ import annotations

import ast
import copy
import itertools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from assessment_specs import SPECS, AssessmentSpec, Fault
from grading_fixtures import answered, cell_by_id

ROOT = Path(__file__).resolve().parents[1]
ASSESSMENTS = ROOT / "assessments"
SOURCES = ASSESSMENTS / "source"
COURSE_ID = "glutelab"

#: Per-cell limit for the autograde run; the infinite-loop scenario must be cut by it.
SHORT_TIMEOUT_S = 5
#: Generous wall-clock limit for one nbgrader command, so a hang fails instead of stalling.
COMMAND_TIMEOUT_S = 240
#: What a test cell cut by the timeout shows, depending on how the kernel was interrupted.
TIMEOUT_ERRORS = {"CellTimeoutError", "KeyboardInterrupt"}

REGIONS = (("BEGIN SOLUTION", "END SOLUTION"), ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"))
MARKERS = tuple(marker for region in REGIONS for marker in region)
#: One student per scenario; the names double as student ids.
STUDENTS = (
    "unchanged",
    "solution",
    "wrong_formula",
    "exception",
    "infinite_loop",
    "edited_tests",
)

SPEC_PARAMS = [pytest.param(spec, id=name) for name, spec in SPECS.items()]


# --------------------------------------------------------------------------- helpers


def _nbgrader(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_test_cell(cell: nbformat.NotebookNode) -> bool:
    meta = _nbgrader(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def _is_answer_cell(cell: nbformat.NotebookNode) -> bool:
    meta = _nbgrader(cell)
    return cell.cell_type == "code" and meta.get("solution", False) and not meta.get("grade", False)


def _source_path(spec: AssessmentSpec) -> Path:
    return SOURCES / spec.assignment / f"{spec.notebook}.ipynb"


def _read_source(spec: AssessmentSpec) -> nbformat.NotebookNode:
    return nbformat.read(_source_path(spec), as_version=4)


def _split_regions(source: str) -> tuple[list[str], list[str]]:
    """Return (public, protected) stripped non-blank lines; marker lines belong to neither."""
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


def _points(nb: nbformat.NotebookNode) -> dict[str, float]:
    return {
        _nbgrader(c)["grade_id"]: float(_nbgrader(c)["points"])
        for c in nb.cells
        if _nbgrader(c).get("grade", False)
    }


def _scenarios(
    spec: AssessmentSpec, release: nbformat.NotebookNode, source: nbformat.NotebookNode
) -> dict[str, nbformat.NotebookNode]:
    """Submissions keyed by student id; each student is one scenario."""

    def faulty(fault: Fault) -> nbformat.NotebookNode:
        return answered(spec, release, source, fault.answer_id, fault.body)

    # The learner guts two read-only test cells, one over a wrong answer and one over a right
    # answer; nbgrader must restore both from the gradebook before grading.
    wrong_test, _ = spec.edited_tests
    edited = answered(spec, release, source, spec.tested_by[wrong_test], spec.edited_wrong_body)
    for test_id in spec.edited_tests:
        cell_by_id(edited, test_id).source = '"""Nothing to check."""\npass'
    scenarios = {
        "unchanged": copy.deepcopy(release),
        "solution": copy.deepcopy(source),
        "wrong_formula": faulty(spec.wrong_formula),
        "exception": faulty(spec.exception),
        # A function that never returns: the test cell calling it must be cut by the timeout,
        # and the kernel must go on to run (and pass) the later test cells.
        "infinite_loop": faulty(spec.infinite_loop),
        "edited_tests": edited,
    }
    assert tuple(scenarios) == STUDENTS
    return scenarios


def _start_nbgrader(args: list[str], course: Path) -> subprocess.Popen[str]:
    """Start ``nbgrader <args>`` in ``course`` with this interpreter (so kernels use it too)."""
    env = dict(os.environ)
    # nbgrader shells out to `alembic` when it creates a gradebook; it sits next to python.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    # A user-level ~/.jupyter/nbgrader_config.py must not leak into the course under test.
    env["JUPYTER_CONFIG_DIR"] = str(course / ".jupyter-config")
    return subprocess.Popen(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait(proc: subprocess.Popen[str]) -> str:
    """Wait for an nbgrader command, fail with its log if it fails, return the log."""
    try:
        out, err = proc.communicate(timeout=COMMAND_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"{proc.args} still running after {COMMAND_TIMEOUT_S} s\n{out}\n{err}")
    assert proc.returncode == 0, f"{proc.args} failed ({proc.returncode})\n{out}\n{err}"
    return err


def _wait_all(procs: dict[str, subprocess.Popen[str]]) -> dict[str, str]:
    """Wait for every command; on a failure, stop the others before failing."""
    try:
        return {name: _wait(proc) for name, proc in procs.items()}
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


# --------------------------------------------------------------------------- fixtures


@dataclass
class Graded:
    """One assessment after ``generate_assignment`` and ``autograde``."""

    course: Path
    release: nbformat.NotebookNode
    log: str
    students: dict[str, dict]

    def notebook(self, spec: AssessmentSpec, student: str) -> nbformat.NotebookNode:
        path = self.course / "autograded" / student / spec.assignment / f"{spec.notebook}.ipynb"
        return nbformat.read(path, as_version=4)


def _wanted_assignments(request: pytest.FixtureRequest) -> list[str]:
    """The assessments whose pipeline tests were selected (``-k`` may deselect some)."""
    wanted = {
        item.callspec.params["spec"].assignment
        for item in request.session.items
        if "pipeline" in getattr(item, "fixturenames", ())
        and "spec" in getattr(getattr(item, "callspec", None), "params", {})
    }
    return [name for name in SPECS if name in wanted] or list(SPECS)


@pytest.fixture(scope="session")
def pipeline(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Graded]:
    """Generate, submit and autograde every selected assessment: one call of each per course.

    The courses go through each stage side by side, so the waits in each call (nbgrader's
    cold import, kernel starts, the infinite-loop scenario's 5 s timeout) overlap.
    """
    names = _wanted_assignments(request)
    courses: dict[str, Path] = {}
    for name in names:
        root = tmp_path_factory.mktemp(f"course-{name}")
        shutil.copy2(ASSESSMENTS / "nbgrader_config.py", root / "nbgrader_config.py")
        shutil.copytree(
            SOURCES / name,
            root / "source" / name,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
        courses[name] = root

    generating = {
        name: _start_nbgrader(["generate_assignment", name], courses[name]) for name in names
    }
    # Import nbgrader here while the commands run: both cold imports take seconds, and the
    # gradebook reader needs it later anyway.
    from nbgrader.api import Gradebook

    _wait_all(generating)

    releases: dict[str, nbformat.NotebookNode] = {}
    for name in names:
        spec = SPECS[name]
        release = nbformat.read(
            courses[name] / "release" / name / f"{spec.notebook}.ipynb", as_version=4
        )
        releases[name] = release
        for student, nb in _scenarios(spec, release, _read_source(spec)).items():
            folder = courses[name] / "submitted" / student / name
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{spec.notebook}.ipynb")

    timeout = f"--ExecutePreprocessor.timeout={SHORT_TIMEOUT_S}"
    grading = {name: _start_nbgrader(["autograde", name, timeout], courses[name]) for name in names}
    logs = _wait_all(grading)

    results: dict[str, Graded] = {}
    for name in names:
        spec = SPECS[name]
        students: dict[str, dict] = {}
        db_url = f"sqlite:///{courses[name] / 'gradebook.db'}"
        with Gradebook(db_url, course_id=COURSE_ID) as gb:
            for student in STUDENTS:
                nb = gb.find_submission_notebook(spec.notebook, name, student)
                students[student] = {
                    "code_score": nb.code_score,
                    "max_code_score": nb.max_code_score,
                    "needs_manual_grade": nb.needs_manual_grade,
                    "grades": {
                        g.name: {
                            "auto_score": g.auto_score,
                            "max_score": g.max_score,
                            "needs_manual_grade": g.needs_manual_grade,
                        }
                        for g in nb.grades
                    },
                }
        results[name] = Graded(courses[name], releases[name], logs[name], students)
    return results


@pytest.fixture
def graded(spec: AssessmentSpec, pipeline: dict[str, Graded]) -> Graded:
    return pipeline[spec.assignment]


def _auto_scores(spec: AssessmentSpec, graded: Graded, student: str) -> dict[str, float | None]:
    grades = graded.students[student]["grades"]
    return {name: grades[name]["auto_score"] for name in spec.tested_by}


def _full_except(spec: AssessmentSpec, zeroed: set[str]) -> dict[str, float]:
    points = _points(_read_source(spec))
    return {name: 0.0 if name in zeroed else points[name] for name in spec.tested_by}


def _errors(graded: Graded, spec: AssessmentSpec, student: str, test_id: str) -> list:
    outputs = cell_by_id(graded.notebook(spec, student), test_id).outputs
    return [o for o in outputs if o.output_type == "error"]


# --------------------------------------------------------------------------- static checks


def test_every_assessment_folder_has_a_spec() -> None:
    folders = sorted(
        p.name for p in SOURCES.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
    )
    missing = sorted(set(folders) - set(SPECS))
    assert not missing, f"add a spec to tests/assessment_specs.py for {missing}"
    assert sorted(SPECS) == folders, f"specs without a folder: {sorted(set(SPECS) - set(folders))}"
    for name in folders:
        notebooks = sorted(p.name for p in (SOURCES / name).glob("*.ipynb"))
        assert notebooks == [f"{SPECS[name].notebook}.ipynb"], (name, notebooks)


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_spec_faults_hit_different_cells(spec: AssessmentSpec) -> None:
    faults = (spec.wrong_formula, spec.exception, spec.infinite_loop)
    for fault in faults:
        assert fault.answer_id in spec.tested_by.values(), fault.answer_id
        assert fault.body.strip(), fault.answer_id
    assert set(spec.edited_tests) <= set(spec.tested_by)
    assert len(set(spec.edited_tests)) == 2
    assert spec.wrong_formula.error == "AssertionError"
    assert spec.exception.error not in {None, "AssertionError"}
    assert spec.infinite_loop.error is None


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_committed_source_has_no_outputs_or_widget_state(spec: AssessmentSpec) -> None:
    nb = _read_source(spec)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        assert "widgets" not in cell.metadata
        if cell.cell_type == "code":
            assert cell.outputs == [], _nbgrader(cell).get("grade_id")
            assert cell.execution_count is None, _nbgrader(cell).get("grade_id")


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_every_test_cell_opens_with_a_one_line_docstring(spec: AssessmentSpec) -> None:
    tests = [c for c in _read_source(spec).cells if _is_test_cell(c)]
    assert len(tests) >= 3
    for cell in tests:
        first = ast.parse(cell.source).body[0]
        assert isinstance(first, ast.Expr), _nbgrader(cell)["grade_id"]
        assert isinstance(first.value, ast.Constant), _nbgrader(cell)["grade_id"]
        assert isinstance(first.value.value, str), _nbgrader(cell)["grade_id"]
        first_line = cell.source.splitlines()[0]
        assert re.fullmatch(r'""".{10,}"""', first_line), first_line


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_grade_ids_are_descriptive_and_unique(spec: AssessmentSpec) -> None:
    ids = [_nbgrader(c)["grade_id"] for c in _read_source(spec).cells if _nbgrader(c)]
    assert len(ids) == len(set(ids)), ids
    for grade_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", grade_id), grade_id
        assert not re.match(r"cell[-_]?[0-9a-f]", grade_id), grade_id


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_nbgrader_metadata_follows_schema_3(spec: AssessmentSpec) -> None:
    nb = _read_source(spec)
    keys = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}
    for cell in nb.cells:
        meta = _nbgrader(cell)
        assert meta, f"cell without nbgrader metadata:\n{cell.source[:80]}"
        assert keys <= set(meta), meta
        assert meta["schema_version"] == 3
        assert meta["task"] is False
        if meta["grade"]:
            assert meta["points"] > 0, meta
        else:
            assert "points" not in meta, meta
        if not meta["solution"]:
            assert meta["locked"], f"{meta['grade_id']} is neither an answer nor read-only"
        else:
            assert not meta["locked"], f"{meta['grade_id']} is an answer cell but locked"


@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_tasks_are_answer_then_tests_plus_one_written_answer(spec: AssessmentSpec) -> None:
    cells = _read_source(spec).cells
    pairs = {}
    for here, after in itertools.pairwise(cells):
        if _is_answer_cell(here):
            assert _is_test_cell(after), f"{_nbgrader(here)['grade_id']} has no test cell after it"
            pairs[_nbgrader(after)["grade_id"]] = _nbgrader(here)["grade_id"]
            assert "### BEGIN SOLUTION" in here.source
            assert "### BEGIN HIDDEN TESTS" in after.source
            assert "assert " in after.source.split("### BEGIN HIDDEN TESTS")[0], "no visible assert"
    assert pairs == spec.tested_by
    written = [c for c in cells if c.cell_type == "markdown" and _nbgrader(c).get("grade")]
    assert [_nbgrader(c)["grade_id"] for c in written] == [spec.written]
    assert _nbgrader(written[0])["solution"] is True
    assert _nbgrader(written[0])["points"] == spec.written_points


# --------------------------------------------------------------------------- through nbgrader


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_source_notebook_runs_top_to_bottom(spec: AssessmentSpec, tmp_path: Path) -> None:
    from nbclient import NotebookClient

    nb = _read_source(spec)
    client = NotebookClient(
        nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    for cell in nb.cells:
        if _is_test_cell(cell):
            kinds = [(o.output_type, o.get("name")) for o in cell.outputs]
            # nbgrader scores a test cell 0 if it writes to stderr and partially if it
            # ends in a value, so the model solution's test cells must stay silent.
            assert kinds == [], (_nbgrader(cell)["grade_id"], kinds)


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_release_hides_solutions_and_hidden_tests(spec: AssessmentSpec, graded: Graded) -> None:
    source = _read_source(spec)
    release_lines = {
        line.strip() for cell in graded.release.cells for line in cell.source.splitlines()
    }
    release_text = "\n".join(cell.source for cell in graded.release.cells)
    for marker in MARKERS:
        assert marker not in release_text, marker

    public: set[str] = set()
    protected: list[str] = []
    for cell in source.cells:
        cell_public, cell_protected = _split_regions(cell.source)
        public.update(cell_public)
        protected.extend(cell_protected)
    # A line such as `try:` may also appear in a visible test; only the rest is secret.
    secret = [line for line in protected if line not in public]
    assert len(secret) > 30, "the source should hold solutions and hidden tests"
    leaked = {line for line in secret if line in release_lines}
    # Longer lines are distinctive enough to look for anywhere, not only as whole lines.
    leaked |= {line for line in secret if len(line) >= 20 and line in release_text}
    assert leaked == set()


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_release_keeps_stubs_and_visible_tests(spec: AssessmentSpec, graded: Graded) -> None:
    source = _read_source(spec)
    release = graded.release
    for test_id, answer_id in spec.tested_by.items():
        assert "raise NotImplementedError()" in cell_by_id(release, answer_id).source
        visible = cell_by_id(source, test_id).source.split("### BEGIN HIDDEN TESTS")[0].strip()
        assert cell_by_id(release, test_id).source.strip() == visible
    assert cell_by_id(release, spec.written).source == "YOUR ANSWER HERE"
    assert all(c.get("outputs", []) == [] for c in release.cells)


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_unchanged_release_scores_zero(spec: AssessmentSpec, graded: Graded) -> None:
    student = graded.students["unchanged"]
    assert student["code_score"] == 0
    assert student["max_code_score"] == sum(_points(_read_source(spec))[n] for n in spec.tested_by)
    assert _auto_scores(spec, graded, "unchanged") == _full_except(spec, set(spec.tested_by))
    # nbgrader gives an untouched written answer 0 without asking for manual grading.
    assert student["grades"][spec.written]["auto_score"] == 0
    assert student["needs_manual_grade"] is False


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_source_solution_scores_full_auto_points(spec: AssessmentSpec, graded: Graded) -> None:
    student = graded.students["solution"]
    assert _auto_scores(spec, graded, "solution") == _full_except(spec, set())
    assert student["code_score"] == student["max_code_score"] > 0
    # The written answer waits for a person.
    assert student["grades"][spec.written]["auto_score"] is None
    assert student["grades"][spec.written]["needs_manual_grade"] is True
    assert student["grades"][spec.written]["max_score"] == spec.written_points


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_wrong_formula_loses_only_that_cell(spec: AssessmentSpec, graded: Graded) -> None:
    fault = spec.wrong_formula
    test_id = spec.test_for(fault.answer_id)
    assert _auto_scores(spec, graded, "wrong_formula") == _full_except(spec, {test_id})
    errors = _errors(graded, spec, "wrong_formula", test_id)
    assert [o.ename for o in errors] == [fault.error]
    if fault.message is not None:
        # The learner's feedback is the assert's message: it must say what went wrong.
        assert fault.message in errors[0].evalue, errors[0].evalue


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_exception_loses_only_that_cell(spec: AssessmentSpec, graded: Graded) -> None:
    fault = spec.exception
    test_id = spec.test_for(fault.answer_id)
    assert _auto_scores(spec, graded, "exception") == _full_except(spec, {test_id})
    errors = _errors(graded, spec, "exception", test_id)
    assert [o.ename for o in errors] == [fault.error]


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_infinite_loop_is_cut_by_the_timeout(spec: AssessmentSpec, graded: Graded) -> None:
    test_id = spec.test_for(spec.infinite_loop.answer_id)
    # Only the looping cell scores 0: the later test cells ran after the interrupt.
    assert _auto_scores(spec, graded, "infinite_loop") == _full_except(spec, {test_id})
    errors = [o.ename for o in _errors(graded, spec, "infinite_loop", test_id)]
    assert errors, "the looping test cell should carry an error output"
    assert set(errors) <= TIMEOUT_ERRORS, errors
    assert "Timeout waiting for execute reply" in graded.log
    # The run went on to grade every student after it.
    for student in STUDENTS:
        path = graded.course / "autograded" / student / spec.assignment / f"{spec.notebook}.ipynb"
        assert path.is_file(), student


@pytest.mark.slow
@pytest.mark.parametrize("spec", SPEC_PARAMS)
def test_edited_test_cells_are_restored(spec: AssessmentSpec, graded: Graded) -> None:
    wrong_answer, right_answer = spec.edited_tests
    # Restored over the wrong answer the cell fails; over the right answer it passes.
    assert _auto_scores(spec, graded, "edited_tests") == _full_except(spec, {wrong_answer})
    assert _auto_scores(spec, graded, "edited_tests")[right_answer] > 0
    source = _read_source(spec)
    autograded = graded.notebook(spec, "edited_tests")
    for test_id in spec.edited_tests:
        restored = cell_by_id(autograded, test_id).source
        assert restored == cell_by_id(source, test_id).source, test_id
        assert "### BEGIN HIDDEN TESTS" in restored
