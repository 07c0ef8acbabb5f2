"""Assessment 01 through the real nbgrader pipeline, as an instructor would run it.

A temporary course root is built from ``assessments/nbgrader_config.py`` and
``assessments/source/``; ``nbgrader generate_assignment`` runs once for the module, then one
``nbgrader autograde`` call grades every scenario (one student each) and the scores are read
back through ``nbgrader.api.Gradebook``. Scenario submissions are built here from the release
notebook, so no fixture notebook is committed.
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
import textwrap
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
ASSESSMENTS = ROOT / "assessments"
COURSE_ID = "glutelab"
ASSIGNMENT = "01-anatomy"
NOTEBOOK = "01-anatomy"
SOURCE_NOTEBOOK = ASSESSMENTS / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"

#: Per-cell limit for the autograde run; the infinite-loop scenario must be cut by it.
SHORT_TIMEOUT_S = 5
#: Generous wall-clock limit for one nbgrader command, so a hang fails instead of stalling.
COMMAND_TIMEOUT_S = 240

REGIONS = (("BEGIN SOLUTION", "END SOLUTION"), ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"))
MARKERS = tuple(marker for region in REGIONS for marker in region)
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

# The autograded test cells, keyed by grade_id, and the answer cell each one checks.
TESTED_BY = {
    "moment_arm_cross_product": "moment_arm_cross_product_answer",
    "hip_extension_moment": "hip_extension_moment_answer",
    "classify_compartment_actions": "classify_compartment_actions_answer",
    "rotation_crossover_angle": "rotation_crossover_angle_answer",
}
WRITTEN = "explain_lower_gmax_adduction"
# The test cells the "edited_tests" learner guts: the first over a wrong answer, the second
# over a right one.
EDITED_TESTS = ("moment_arm_cross_product", "hip_extension_moment")
LEARNER_TEXT = "The lower gluteus maximus passes below and medial to the hip centre, so it adducts."


# --------------------------------------------------------------------------- helpers


def _nbgrader(cell: nbformat.NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_test_cell(cell: nbformat.NotebookNode) -> bool:
    meta = _nbgrader(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def _is_answer_cell(cell: nbformat.NotebookNode) -> bool:
    meta = _nbgrader(cell)
    return cell.cell_type == "code" and meta.get("solution", False) and not meta.get("grade", False)


def _read_source() -> nbformat.NotebookNode:
    return nbformat.read(SOURCE_NOTEBOOK, as_version=4)


def _cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    matches = [c for c in nb.cells if _nbgrader(c).get("grade_id") == grade_id]
    assert len(matches) == 1, f"expected one cell with grade_id {grade_id!r}, found {len(matches)}"
    return matches[0]


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


def _without_markers(source: str) -> str:
    """The source of a solution cell as a learner who got it right would hand it in."""
    return "\n".join(line for line in source.splitlines() if not any(m in line for m in MARKERS))


def _points(nb: nbformat.NotebookNode) -> dict[str, float]:
    return {
        _nbgrader(c)["grade_id"]: float(_nbgrader(c)["points"])
        for c in nb.cells
        if _nbgrader(c).get("grade", False)
    }


def _filled(answer_cell_source: str, body: str) -> str:
    """Replace the release stub in an answer cell's source with ``body``, indented to match."""
    indent = "    " if textwrap.indent(STUB, "    ") in answer_cell_source else ""
    stub = textwrap.indent(STUB, indent)
    assert stub in answer_cell_source, "no stub to replace"
    return answer_cell_source.replace(stub, textwrap.indent(textwrap.dedent(body).strip(), indent))


def _completed(
    release: nbformat.NotebookNode, source: nbformat.NotebookNode
) -> nbformat.NotebookNode:
    """The release notebook with every task answered correctly."""
    nb = copy.deepcopy(release)
    for answer_id in TESTED_BY.values():
        _cell(nb, answer_id).source = _without_markers(_cell(source, answer_id).source)
    _cell(nb, WRITTEN).source = LEARNER_TEXT
    return nb


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


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway course root with the release version generated once."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy2(ASSESSMENTS / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(
        ASSESSMENTS / "source",
        root / "source",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    proc = _start_nbgrader(["generate_assignment", ASSIGNMENT], root)
    # Import nbgrader here while the command runs: both cold imports take seconds, and the
    # gradebook reader needs it later anyway.
    import nbgrader.api  # noqa: F401

    _wait(proc)
    return root


@pytest.fixture(scope="module")
def release(course: Path) -> nbformat.NotebookNode:
    return nbformat.read(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)


def _answered(
    release: nbformat.NotebookNode,
    source: nbformat.NotebookNode,
    answer_id: str,
    body: str,
) -> nbformat.NotebookNode:
    """A completed submission except for one answer cell, whose stub gets ``body``."""
    nb = _completed(release, source)
    _cell(nb, answer_id).source = _filled(_cell(release, answer_id).source, body)
    return nb


def _scenarios(
    release: nbformat.NotebookNode, source: nbformat.NotebookNode
) -> dict[str, nbformat.NotebookNode]:
    """Submissions keyed by student id; each student is one scenario."""
    scenarios = {
        "unchanged": copy.deepcopy(release),
        "solution": copy.deepcopy(source),
        # A unit slip: centimetres used as metres (the validation is still there).
        "wrong_formula": _answered(
            release,
            source,
            "hip_extension_moment_answer",
            """
            if force_n < 0:
                raise ValueError("negative force")
            return force_n * moment_arm_cm
            """,
        ),
        # A KeyError from a key that moment_arms does not return.
        "exception": _answered(
            release,
            source,
            "classify_compartment_actions_answer",
            'return sorted([ma["abduction_moment_arm"]])',
        ),
        # A function that never returns: the test cell calling it must be cut by the timeout,
        # and the kernel must go on to run (and pass) the later test cells.
        "infinite_loop": _answered(
            release, source, "moment_arm_cross_product_answer", "while True:\n    pass"
        ),
    }
    # The learner guts two read-only test cells, one over a wrong answer and one over a right
    # answer; nbgrader must restore both from the gradebook before grading.
    edited = _answered(
        release, source, "moment_arm_cross_product_answer", "return float(np.dot(r, u))"
    )
    for test_id in EDITED_TESTS:
        _cell(edited, test_id).source = '"""Nothing to check."""\npass'
    scenarios["edited_tests"] = edited
    return scenarios


@pytest.fixture(scope="module")
def graded(course: Path, release: nbformat.NotebookNode) -> dict:
    """Autograde every scenario in one nbgrader call and read the gradebook back."""
    from nbgrader.api import Gradebook  # heavy import, needed only by the pipeline tests

    source = _read_source()
    scenarios = _scenarios(release, source)
    for student, nb in scenarios.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")

    timeout = f"--ExecutePreprocessor.timeout={SHORT_TIMEOUT_S}"
    log = _wait(_start_nbgrader(["autograde", ASSIGNMENT, timeout], course))

    results: dict = {"log": log, "students": {}}
    db_url = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(db_url, course_id=COURSE_ID) as gb:
        for student in scenarios:
            nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
            results["students"][student] = {
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
    return results


def _auto_scores(graded: dict, student: str) -> dict[str, float | None]:
    grades = graded["students"][student]["grades"]
    return {name: grades[name]["auto_score"] for name in TESTED_BY}


def _full_except(zeroed: set[str]) -> dict[str, float]:
    points = _points(_read_source())
    return {name: 0.0 if name in zeroed else points[name] for name in TESTED_BY}


def _autograded_cell(course: Path, student: str, grade_id: str) -> nbformat.NotebookNode:
    path = course / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    return _cell(nbformat.read(path, as_version=4), grade_id)


# --------------------------------------------------------------------------- static checks


def test_committed_source_has_no_outputs_or_widget_state() -> None:
    nb = _read_source()
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        assert "widgets" not in cell.metadata
        if cell.cell_type == "code":
            assert cell.outputs == [], _nbgrader(cell).get("grade_id")
            assert cell.execution_count is None, _nbgrader(cell).get("grade_id")


def test_every_test_cell_opens_with_a_one_line_docstring() -> None:
    tests = [c for c in _read_source().cells if _is_test_cell(c)]
    assert len(tests) >= 3
    for cell in tests:
        first = ast.parse(cell.source).body[0]
        assert isinstance(first, ast.Expr), _nbgrader(cell)["grade_id"]
        assert isinstance(first.value, ast.Constant), _nbgrader(cell)["grade_id"]
        assert isinstance(first.value.value, str), _nbgrader(cell)["grade_id"]
        first_line = cell.source.splitlines()[0]
        assert re.fullmatch(r'""".{10,}"""', first_line), first_line


def test_grade_ids_are_descriptive_and_unique() -> None:
    ids = [_nbgrader(c)["grade_id"] for c in _read_source().cells if _nbgrader(c)]
    assert len(ids) == len(set(ids)), ids
    for grade_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", grade_id), grade_id
        assert not re.match(r"cell[-_]?[0-9a-f]", grade_id), grade_id


def test_nbgrader_metadata_follows_schema_3() -> None:
    nb = _read_source()
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


def test_tasks_are_answer_then_tests_plus_one_written_answer() -> None:
    cells = _read_source().cells
    pairs = {}
    for here, after in itertools.pairwise(cells):
        if _is_answer_cell(here):
            assert _is_test_cell(after), f"{_nbgrader(here)['grade_id']} has no test cell after it"
            pairs[_nbgrader(after)["grade_id"]] = _nbgrader(here)["grade_id"]
            assert "### BEGIN SOLUTION" in here.source
            assert "### BEGIN HIDDEN TESTS" in after.source
            assert "assert " in after.source.split("### BEGIN HIDDEN TESTS")[0], "no visible assert"
    assert pairs == TESTED_BY
    written = [c for c in cells if c.cell_type == "markdown" and _nbgrader(c).get("grade")]
    assert [_nbgrader(c)["grade_id"] for c in written] == [WRITTEN]
    assert _nbgrader(written[0])["solution"] is True
    assert _nbgrader(written[0])["points"] == 3


# --------------------------------------------------------------------------- through nbgrader


@pytest.mark.slow
def test_source_notebook_runs_top_to_bottom(tmp_path: Path) -> None:
    from nbclient import NotebookClient

    nb = _read_source()
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
def test_release_hides_solutions_and_hidden_tests(release: nbformat.NotebookNode) -> None:
    source = _read_source()
    release_lines = {line.strip() for cell in release.cells for line in cell.source.splitlines()}
    release_text = "\n".join(cell.source for cell in release.cells)
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
def test_release_keeps_stubs_and_visible_tests(release: nbformat.NotebookNode) -> None:
    source = _read_source()
    for test_id, answer_id in TESTED_BY.items():
        assert "raise NotImplementedError()" in _cell(release, answer_id).source
        visible = _cell(source, test_id).source.split("### BEGIN HIDDEN TESTS")[0].strip()
        assert _cell(release, test_id).source.strip() == visible
    assert _cell(release, WRITTEN).source == "YOUR ANSWER HERE"
    assert all(c.get("outputs", []) == [] for c in release.cells)


@pytest.mark.slow
def test_unchanged_release_scores_zero(graded: dict) -> None:
    student = graded["students"]["unchanged"]
    assert student["code_score"] == 0
    assert student["max_code_score"] == sum(_points(_read_source())[n] for n in TESTED_BY)
    assert _auto_scores(graded, "unchanged") == _full_except(set(TESTED_BY))
    # nbgrader gives an untouched written answer 0 without asking for manual grading.
    assert student["grades"][WRITTEN]["auto_score"] == 0
    assert student["needs_manual_grade"] is False


@pytest.mark.slow
def test_source_solution_scores_full_auto_points(graded: dict) -> None:
    student = graded["students"]["solution"]
    assert _auto_scores(graded, "solution") == _full_except(set())
    assert student["code_score"] == student["max_code_score"] > 0
    # The written answer waits for a person.
    assert student["grades"][WRITTEN]["auto_score"] is None
    assert student["grades"][WRITTEN]["needs_manual_grade"] is True


@pytest.mark.slow
def test_wrong_formula_loses_only_that_cell(graded: dict, course: Path) -> None:
    assert _auto_scores(graded, "wrong_formula") == _full_except({"hip_extension_moment"})
    outputs = _autograded_cell(course, "wrong_formula", "hip_extension_moment").outputs
    assert [o.ename for o in outputs if o.output_type == "error"] == ["AssertionError"]


@pytest.mark.slow
def test_exception_loses_only_that_cell(graded: dict, course: Path) -> None:
    assert _auto_scores(graded, "exception") == _full_except({"classify_compartment_actions"})
    outputs = _autograded_cell(course, "exception", "classify_compartment_actions").outputs
    assert [o.ename for o in outputs if o.output_type == "error"] == ["KeyError"]


@pytest.mark.slow
def test_infinite_loop_is_cut_by_the_timeout(graded: dict, course: Path) -> None:
    # Only the looping cell scores 0: the later test cells ran after the interrupt.
    assert _auto_scores(graded, "infinite_loop") == _full_except({"moment_arm_cross_product"})
    outputs = _autograded_cell(course, "infinite_loop", "moment_arm_cross_product").outputs
    errors = [o.ename for o in outputs if o.output_type == "error"]
    assert errors, "the looping test cell should carry an error output"
    assert set(errors) <= {"CellTimeoutError", "KeyboardInterrupt"}, errors
    assert "Timeout waiting for execute reply" in graded["log"]
    # The run went on to grade every student after it.
    for student in graded["students"]:
        assert (course / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file()


@pytest.mark.slow
def test_edited_test_cells_are_restored(graded: dict, course: Path) -> None:
    wrong_answer, right_answer = EDITED_TESTS
    # Restored over the wrong answer the cell fails; over the right answer it passes.
    assert _auto_scores(graded, "edited_tests") == _full_except({wrong_answer})
    assert _auto_scores(graded, "edited_tests")[right_answer] > 0
    source = _read_source()
    for test_id in EDITED_TESTS:
        restored = _autograded_cell(course, "edited_tests", test_id).source
        assert restored == _cell(source, test_id).source, test_id
        assert "### BEGIN HIDDEN TESTS" in restored
