"""Submissions for the grading-job tests, built from an assessment's notebooks.

Nothing here is committed as a notebook: every submission is made from the release
notebook nbgrader generated in the test's course (what a learner gets) and the source
notebook (the instructor's solutions), with the fault bodies of ``assessment_specs.py``.

- :func:`normal_submissions`: learners who did the work (all right, a unit slip, an
  exception inside a function, nothing done).
- :func:`hostile_submissions`: broken and hostile files, each with the outcome the grading
  job must give it (:class:`Hostile`: status and a piece of the reason).
- :func:`build_course`, :func:`released_template`, :func:`write_submission`,
  :func:`gradebook_grades`: a temporary course root, released once per session and copied
  per test, and what its gradebook says.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat
from assessment_specs import AssessmentSpec

ROOT = Path(__file__).resolve().parents[1]
ASSESSMENTS = ROOT / "assessments"
COURSE_ID = "glutelab"
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


#: Student ids of :func:`hostile_submissions`, in order.
HOSTILE = (
    "infinite_loop",
    "ignores_interrupt",
    "sys_exit",
    "os_exit",
    "kernel_crash",
    "edited_tests",
    "deleted_tests",
    "duplicated_cells",
    "changed_cell_types",
    "enormous_output",
    "invalid_json",
    "empty_file",
    "not_a_notebook",
    "reads_hidden_tests",
    "prints_hidden_tests",
    "monkeypatched",
    "wrong_assignment",
)
#: Student ids of :func:`normal_submissions`.
NORMAL = ("right", "unit_slip", "exception", "nothing_done")


def run_cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """Start ``glutelab grade ARGS`` as the instructor would, from this environment."""
    return subprocess.Popen(
        [sys.executable, "-m", "glutelab.cli", "grade", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def cli_env(config_dir: Path) -> dict[str, str]:
    """The environment for CLI runs: no user-level Jupyter config, this venv first on PATH."""
    env = dict(os.environ)
    env["JUPYTER_CONFIG_DIR"] = str(config_dir)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def finish(proc: subprocess.Popen[str], timeout: float = 600) -> tuple[int, str, str]:
    """Wait for a started CLI run; kill it if it hangs. Returns (status, stdout, stderr)."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"{proc.args} still running after {timeout} s\n{out}\n{err}") from None
    return proc.returncode, out, err


@dataclass(frozen=True)
class Hostile:
    """A broken or hostile submission and what the grading job must make of it.

    ``status`` is the expected outcome (graded, review, rejected); ``reason`` a piece of
    the reason or notes the summary must show (lower case); ``content`` the file's bytes.
    """

    status: str
    reason: str
    content: bytes


# --------------------------------------------------------------------------- courses


def build_course(dest: Path, assignments: tuple[str, ...] = ("01-anatomy",)) -> Path:
    """A course root at ``dest``: the course's nbgrader_config.py and some sources."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ASSESSMENTS / "nbgrader_config.py", dest / "nbgrader_config.py")
    for name in assignments:
        shutil.copytree(
            ASSESSMENTS / "source" / name,
            dest / "source" / name,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
        )
    return dest


_TEMPLATES: dict[tuple[str, ...], Path] = {}


def released_template(
    factory, assignments: tuple[str, ...] = ("01-anatomy", "02-signs-and-self-tests")
) -> Path:
    """A course with ``assignments`` in source/ and the first one released, made once.

    ``factory`` is pytest's ``tmp_path_factory``. The course is released by
    ``glutelab grade release`` itself; copy it (:func:`copy_course`) before changing it.
    """
    if assignments not in _TEMPLATES:
        from glutelab.grading.cli import main

        root = build_course(factory.mktemp("released") / "course", assignments)
        status = main(["--course", str(root), "release", assignments[0]])
        assert status == 0, "release of the template course failed"
        _TEMPLATES[assignments] = root
    return _TEMPLATES[assignments]


def copy_course(template: Path, dest: Path) -> Path:
    """A private copy of a course (its gradebook and release included)."""
    shutil.copytree(template, dest)
    return dest


def write_submission(
    course: Path, assignment: str, student: str, content: nbformat.NotebookNode | bytes
) -> Path:
    """Put a learner's file where nbgrader looks: submitted/<student>/<assignment>/."""
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{assignment}.ipynb"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        nbformat.write(content, path)
    return path


def gradebook_grades(db_url: str, assignment: str, notebook: str) -> dict[str, dict | None]:
    """Every student's grades for one notebook: grade id → (auto, manual, needs manual, max).

    ``None`` for a student without a submission of it.
    """
    from nbgrader.api import Gradebook, MissingEntry

    result: dict[str, dict | None] = {}
    with Gradebook(db_url, course_id=COURSE_ID) as gb:
        for student in gb.students:
            try:
                nb = gb.find_submission_notebook(notebook, assignment, student.id)
            except MissingEntry:
                result[student.id] = None
                continue
            result[student.id] = {
                g.name: (g.auto_score, g.manual_score, g.needs_manual_grade, g.max_score)
                for g in nb.grades
            }
    return result


# --------------------------------------------------------------------------- cells


def grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def cell_by_id(nb: nbformat.NotebookNode, wanted: str) -> nbformat.NotebookNode:
    matches = [c for c in nb.cells if grade_id(c) == wanted]
    assert len(matches) == 1, f"expected one cell {wanted!r}, found {len(matches)}"
    return matches[0]


def index_of(nb: nbformat.NotebookNode, wanted: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if grade_id(c) == wanted)


def without_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not any(m in line for m in MARKERS))


def filled(answer_source: str, body: str) -> str:
    """Replace the release stub of an answer cell with ``body``, indented to match."""
    indented = textwrap.indent(STUB, "    ")
    indent = "    " if indented in answer_source else ""
    stub = textwrap.indent(STUB, indent)
    assert stub in answer_source, "no stub to replace"
    return answer_source.replace(stub, textwrap.indent(textwrap.dedent(body).strip(), indent))


def completed(
    spec: AssessmentSpec, release: nbformat.NotebookNode, source: nbformat.NotebookNode
) -> nbformat.NotebookNode:
    """The release notebook with every task answered right."""
    nb = copy.deepcopy(release)
    for answer_id in spec.tested_by.values():
        cell_by_id(nb, answer_id).source = without_markers(cell_by_id(source, answer_id).source)
    cell_by_id(nb, spec.written).source = spec.learner_text
    return nb


def answered(
    spec: AssessmentSpec,
    release: nbformat.NotebookNode,
    source: nbformat.NotebookNode,
    answer_id: str,
    body: str,
) -> nbformat.NotebookNode:
    """A completed submission except one answer cell, whose stub gets ``body``."""
    nb = completed(spec, release, source)
    cell_by_id(nb, answer_id).source = filled(cell_by_id(release, answer_id).source, body)
    return nb


def with_cell(nb: nbformat.NotebookNode, code: str, after: str) -> nbformat.NotebookNode:
    """A copy of ``nb`` with a learner's own code cell after the cell ``after``."""
    nb = copy.deepcopy(nb)
    nb.cells.insert(index_of(nb, after) + 1, nbformat.v4.new_code_cell(textwrap.dedent(code)))
    return nb


def as_bytes(nb: nbformat.NotebookNode) -> bytes:
    return nbformat.writes(nb).encode()


# --------------------------------------------------------------------------- learners


def normal_submissions(
    spec: AssessmentSpec, release: nbformat.NotebookNode, source: nbformat.NotebookNode
) -> dict[str, nbformat.NotebookNode]:
    """Learners who did (some of) the work, keyed by student id."""
    cases = {
        "right": completed(spec, release, source),
        "unit_slip": answered(
            spec, release, source, spec.wrong_formula.answer_id, spec.wrong_formula.body
        ),
        "exception": answered(spec, release, source, spec.exception.answer_id, spec.exception.body),
        "nothing_done": copy.deepcopy(release),
    }
    assert tuple(cases) == NORMAL
    return cases


#: What a submission prints when it went looking for the hidden tests on disk.
PROBE = """
import glob, os
found = []
for pattern in ("*.ipynb", "../*/*.ipynb", "../../*/*/*.ipynb", "../../../*/*/*/*.ipynb",
                "../../../*.db", "../../../../*.db", "../../../**/*.ipynb"):
    for path in glob.glob(pattern, recursive=True):
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            continue
        if "BEGIN " + "HIDDEN TESTS" in text:  # split, so this cell does not find itself
            found.append(path)
            print(path)
            print(text)
print("probe found", len(found), "file(s) with hidden tests")
"""


def hostile_submissions(
    spec: AssessmentSpec,
    release: nbformat.NotebookNode,
    source: nbformat.NotebookNode,
    other_name: str,
    other_notebook: nbformat.NotebookNode,
) -> dict[str, Hostile]:
    """Broken and hostile submissions of ``spec``'s assessment, keyed by student id.

    ``other_notebook`` is the notebook of assignment ``other_name``, handed in by mistake.
    """
    right = completed(spec, release, source)
    setup = "setup_imports"
    first_test, second_test = spec.edited_tests
    cases: dict[str, Hostile] = {}

    # Cut by the per-cell timeout; every other test cell still runs.
    looping = answered(spec, release, source, spec.infinite_loop.answer_id, spec.infinite_loop.body)
    cases["infinite_loop"] = Hostile("graded", "was stopped", as_bytes(looping))

    # A loop that swallows the interrupt sent at the per-cell limit: nbgrader gives up on
    # the notebook.
    stubborn = with_cell(
        right,
        """
        import time
        while True:
            try:
                time.sleep(0.05)
            except KeyboardInterrupt:
                pass
        """,
        setup,
    )
    cases["ignores_interrupt"] = Hostile("rejected", "went on running", as_bytes(stubborn))

    # IPython turns SystemExit into an error output; the kernel lives on.
    cases["sys_exit"] = Hostile(
        "graded", "", as_bytes(with_cell(right, 'import sys\nsys.exit("done here")', setup))
    )
    cases["os_exit"] = Hostile(
        "rejected", "kernel died", as_bytes(with_cell(right, "import os\nos._exit(3)", setup))
    )
    cases["kernel_crash"] = Hostile(
        "rejected",
        "kernel died",
        as_bytes(with_cell(right, "import ctypes\nctypes.string_at(0)", setup)),
    )

    edited = copy.deepcopy(right)
    for test_id in spec.edited_tests:
        cell_by_id(edited, test_id).source = '"""Nothing to check."""\npass'
    cases["edited_tests"] = Hostile("graded", "read-only cell", as_bytes(edited))

    deleted = copy.deepcopy(right)
    deleted.cells.pop(index_of(deleted, second_test))
    cases["deleted_tests"] = Hostile("review", "was deleted", as_bytes(deleted))

    # A test cell copied with its metadata and its cell id (plain nbgrader aborts the whole
    # batch on this notebook).
    duplicated = copy.deepcopy(right)
    where = index_of(duplicated, first_test)
    duplicated.cells.insert(where, copy.deepcopy(duplicated.cells[where]))
    # Written as raw JSON: nbformat.writes would quietly renumber the duplicate cell id.
    cases["duplicated_cells"] = Hostile(
        "review", "appears 2 times", json.dumps(duplicated, indent=1).encode()
    )

    retyped = copy.deepcopy(right)
    for wanted in (second_test, spec.tested_by[first_test]):
        cell = cell_by_id(retyped, wanted)
        cell.cell_type = "markdown"
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
    cases["changed_cell_types"] = Hostile("graded", "turned back", as_bytes(retyped))

    noisy = with_cell(
        right,
        """
        print("x" * 3_000_000)
        for i in range(50_000):
            print(i)
        """,
        setup,
    )
    # ... and megabytes of output saved in the file itself.
    saved = index_of(noisy, setup) + 1
    noisy.cells[saved].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="y" * 4_000_000)
    ]
    cases["enormous_output"] = Hostile("graded", "output cut", as_bytes(noisy))

    text = as_bytes(right)
    cases["invalid_json"] = Hostile("rejected", "not valid json", text[: len(text) // 2])
    cases["empty_file"] = Hostile("rejected", "empty file", b"")
    cases["not_a_notebook"] = Hostile(
        "rejected", "not a jupyter notebook", json.dumps(["cells", "nbformat"]).encode()
    )

    cases["reads_hidden_tests"] = Hostile("graded", "", as_bytes(with_cell(right, PROBE, setup)))

    # The learner's function prints the cell that calls it: the hidden tests.
    snoop_answer = spec.tested_by[second_test]
    snooping = copy.deepcopy(right)
    cell = cell_by_id(snooping, snoop_answer)
    lines = cell.source.splitlines()
    body_at = next(i for i, line in enumerate(lines) if line.strip().endswith('"""') and i > 1)
    lines.insert(body_at + 1, "    print(In[-1])")
    cell.source = "\n".join(lines)
    cases["prints_hidden_tests"] = Hostile("review", "hidden-test text", as_bytes(snooping))

    # A wrong answer made to pass by patching the test tools.
    patched = answered(spec, release, source, spec.wrong_formula.answer_id, spec.wrong_formula.body)
    patched = with_cell(
        patched,
        """
        import builtins
        builtins.abs = lambda value: 0.0
        math.isclose = lambda *args, **kwargs: True
        """,
        setup,
    )
    cases["monkeypatched"] = Hostile("review", "math.isclose", as_bytes(patched))

    cases["wrong_assignment"] = Hostile(
        "rejected", f"assignment '{other_name}'".lower(), as_bytes(other_notebook)
    )
    assert tuple(cases) == HOSTILE
    return cases
