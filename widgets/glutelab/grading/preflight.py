"""``glutelab grade preflight``: check that this machine can grade an assignment at all.

A grading environment that lacks a package the assignment imports does not fail loudly:
nbgrader runs every submission, the import cell errors, and every test after it scores
0, so correct answers turn into failures. Preflight finds that before grading:

1. **Imports.** Every module the source notebook's code cells import (read from the
   syntax tree, IPython magics included) is looked up with ``importlib.util.find_spec`` in
   the interpreter of the kernel nbgrader will start (the notebook's kernelspec), not in
   the one running this command, which may differ.
2. **A run** (unless ``--no-run``). The source notebook, solutions in place, runs top to
   bottom in that kernel, in a scratch folder holding the assignment's other files, with
   ``NBGRADER_EXECUTION=autograde`` as during grading. Every test cell must score full
   points by nbgrader's own rule (:func:`nbgrader.utils.determine_grade`): no error, no
   output on stderr, no value that would give partial credit.

It stops at the first problem with one line naming the missing module or the failing
cell and its error.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .course import Course, GradingError, assignment_notebooks

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "PreflightError",
    "PreflightReport",
    "imported_modules",
    "kernel_python",
    "missing_modules",
    "preflight",
    "run_source",
]

_FIND_SPECS = """
import importlib.util, json, sys
missing = []
for name in json.loads(sys.argv[1]):
    try:
        found = importlib.util.find_spec(name) is not None
    except Exception:
        found = False
    if not found:
        missing.append(name)
print(json.dumps(missing))
"""


class PreflightError(GradingError):
    """The grading environment cannot grade the assignment as it stands."""


@dataclass
class PreflightReport:
    """What preflight checked.

    Attributes
    ----------
    assignment : str
        Assignment name.
    python : str
        The interpreter the imports were checked in (the grading kernel's).
    modules : list of str
        Modules imported by the source notebooks; all importable.
    ran : bool
        Whether the source notebooks were run.
    test_cells : list of str
        Test cells that passed in the run.
    seconds : float
        Wall time.
    """

    assignment: str
    python: str = ""
    modules: list[str] = field(default_factory=list)
    ran: bool = False
    test_cells: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def describe(self) -> str:
        """Return what the command prints on success.

        Returns
        -------
        str
        """
        lines = [
            f"{self.assignment}: all {len(self.modules)} imported module(s) are importable "
            f"by the grading kernel ({self.python}): {', '.join(self.modules) or 'none'}"
        ]
        if self.ran:
            lines.append(
                f"{self.assignment}: the source notebook ran; all {len(self.test_cells)} test "
                f"cell(s) score full points ({self.seconds:.1f} s)"
            )
        lines.append(f"{self.assignment}: ready to grade")
        return "\n".join(lines)


def imported_modules(nb: NotebookNode) -> list[str]:
    """Return the modules a notebook's code cells import, in order of first use.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook.

    Returns
    -------
    list of str
        Absolute module names: ``import a.b`` gives ``a.b``, ``from a.b import c`` gives
        ``a.b``; relative imports and ``__future__`` are left out. Cells that do not
        parse are skipped (running them will report them).
    """
    from IPython.core.inputtransformer2 import TransformerManager  # noqa: PLC0415

    names: list[str] = []
    transformer = TransformerManager()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(transformer.transform_cell(cell.source))
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
    return [n for n in dict.fromkeys(names) if n != "__future__"]


def kernel_python(kernel_name: str) -> str:
    """Return the Python interpreter that a kernelspec starts.

    Parameters
    ----------
    kernel_name : str
        Kernelspec name, e.g. ``"python3"``.

    Returns
    -------
    str
        Path of the interpreter; this interpreter when the kernelspec's command is not a
        Python executable (or the kernelspec is the built-in one).

    Raises
    ------
    PreflightError
        If no kernelspec of that name exists.
    """
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel  # noqa: PLC0415

    try:
        spec = KernelSpecManager().get_kernel_spec(kernel_name)
    except NoSuchKernel:
        msg = f"no Jupyter kernel named {kernel_name!r} is installed for grading"
        raise PreflightError(msg) from None
    command = spec.argv[0] if spec.argv else ""
    if "python" not in Path(command).name:
        return sys.executable
    return shutil.which(command) or sys.executable


def missing_modules(modules: list[str], python: str) -> list[str]:
    """Return the modules that ``python`` cannot find.

    Parameters
    ----------
    modules : list of str
        Module names.
    python : str
        Interpreter to ask.

    Returns
    -------
    list of str
        Those for which ``importlib.util.find_spec`` finds nothing (or fails).

    Raises
    ------
    PreflightError
        If the interpreter cannot be run.
    """
    if not modules:
        return []
    try:
        proc = subprocess.run(
            [python, "-c", _FIND_SPECS, json.dumps(modules)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        missing = json.loads(proc.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
        msg = f"cannot ask the grading interpreter {python} about its modules: {exc}"
        raise PreflightError(msg) from None
    return [str(name) for name in missing]


def _error_of(cell: NotebookNode) -> str:
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            return f"{output.ename}: {output.evalue}".strip().rstrip(":")[:300]
        if output.output_type == "stream" and output.name == "stderr":
            return "it writes to stderr: " + output.text.strip()[:200]
        if output.output_type == "execute_result":
            return "it ends in a value, which nbgrader reads as partial credit"
    return "no error shown"


def run_source(
    course: Course, assignment: str, path: Path, timeout: int
) -> tuple[list[str], list[str]]:
    """Run a source notebook as the grader would and score its test cells.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name (its other files are copied next to the notebook).
    path : pathlib.Path
        The source notebook.
    timeout : int
        Per-cell limit in seconds.

    Returns
    -------
    tuple of (list of str, list of str)
        Test cells that scored full points, and one description per test cell that did
        not (empty when all pass).
    """
    import nbformat  # noqa: PLC0415
    from nbclient import NotebookClient  # noqa: PLC0415
    from nbclient.exceptions import DeadKernelError  # noqa: PLC0415
    from nbgrader.utils import determine_grade, is_grade, is_solution  # noqa: PLC0415

    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    passed: list[str] = []
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="glutelab-preflight-") as scratch:
        for item in course.path("source", assignment).rglob("*"):
            if (
                item.is_file()
                and item.suffix != ".ipynb"
                and ".ipynb_checkpoints" not in item.parts
            ):
                target = Path(scratch) / item.relative_to(course.path("source", assignment))
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(item, target)
        old = os.environ.get("NBGRADER_EXECUTION")
        os.environ["NBGRADER_EXECUTION"] = "autograde"
        try:
            client = NotebookClient(
                nb,
                timeout=timeout,
                kernel_name=kernel,
                allow_errors=True,
                interrupt_on_timeout=True,
                resources={"metadata": {"path": scratch}},
            )
            # The kernel's own log lines (e.g. its TCP warning) are not the instructor's
            # business; what matters shows up in the cells' outputs.
            client.execute(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except DeadKernelError:
            failed.append("the kernel died while running the source notebook")
        finally:
            if old is None:
                os.environ.pop("NBGRADER_EXECUTION", None)
            else:
                os.environ["NBGRADER_EXECUTION"] = old
    for cell in nb.cells:
        if cell.cell_type != "code" or not is_grade(cell) or is_solution(cell):
            continue
        name = cell.metadata["nbgrader"]["grade_id"]
        score, points = determine_grade(cell)
        if score == points:
            passed.append(name)
        else:
            failed.append(f"test cell {name} scores {score or 0:g}/{points:g}: {_error_of(cell)}")
    return passed, failed


def preflight(
    course: Course, assignment: str, *, run: bool = True, timeout: int | None = None
) -> PreflightReport:
    """Check that the grading environment can import and run an assignment.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name.
    run : bool
        Also run the source notebooks and score their test cells.
    timeout : int, optional
        Per-cell limit for the run (default: the course's, else 30 s).

    Returns
    -------
    PreflightReport
        What was checked, when everything passed.

    Raises
    ------
    PreflightError
        Naming the first missing module or failing test cell.
    """
    import nbformat  # noqa: PLC0415

    started = time.monotonic()
    paths = assignment_notebooks(course, assignment)
    report = PreflightReport(assignment)
    notebooks = [nbformat.read(p, as_version=4) for p in paths]
    for path, nb in zip(paths, notebooks, strict=True):
        kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
        report.python = kernel_python(kernel)
        modules = imported_modules(nb)
        missing = missing_modules(modules, report.python)
        if missing:
            names = ", ".join(repr(m) for m in missing)
            msg = (
                f"{path.name} imports {names}, which the grading environment "
                f"({report.python}) cannot import; install the package that provides it "
                "there, or every test after that import would fail for every learner"
            )
            raise PreflightError(msg)
        report.modules.extend(m for m in modules if m not in report.modules)
    if run:
        per_cell = timeout or int(
            course.config.get("ExecutePreprocessor", {}).get("timeout", 30) or 30
        )
        for path in paths:
            passed, failed = run_source(course, assignment, path, per_cell)
            if failed:
                more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
                msg = f"{path.name}: with the solutions in place, {failed[0]}{more}"
                raise PreflightError(msg)
            report.test_cells.extend(passed)
        report.ran = True
    report.seconds = time.monotonic() - started
    return report
