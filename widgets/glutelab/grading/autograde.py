"""``glutelab grade autograde``: a whole class through nbgrader, in parallel, resumable.

Scores are nbgrader's
    Each submission is graded by nbgrader's own ``Autograde`` converter (sanitise: restore
    read-only and test cells from the gradebook; then execute and score) with the course's
    configuration. Only three things differ from ``nbgrader autograde``, none of which
    changes a score: the kernel's output is capped, the notebook file holding the restored
    hidden tests is removed from disk before the learner's code runs, and grading happens
    in a scratch folder (below). Checks run first (see *Outcomes*); a notebook with a
    duplicated or retyped graded cell is put right in the scratch copy, never in the
    learner's file.

Parallel
    ``--jobs N`` worker processes (default: one per CPU) are forked from the command once
    nbgrader is imported, so nobody pays its import per learner. Each takes one learner at a
    time; a watchdog kills a worker (and its kernel) that exceeds ``--max-seconds`` on one
    submission, records why, and starts a fresh worker. A progress bar (tqdm) runs on
    stderr.

One gradebook, any database
    Workers write to the gradebook through nbgrader with any SQLAlchemy URL. A SQLite URL
    gets a 60 s busy timeout (see :mod:`glutelab.grading.course`), and a submission whose
    grading still meets "database is locked" is retried up to :data:`LOCK_RETRIES` times.

Resumable
    ``<course>/.glutelab-grading/<assignment>.json`` keeps, for every learner, a hash of the
    submission folder, the outcome, its reason and the auto score. A rerun grades only
    learners whose files changed, who are new, whose last try ended in an ``error`` (a
    problem of the grading machinery, not of the submission), or whose graded notebook or
    gradebook entry has gone. A changed assignment (the gradebook's cells, the timeout or
    the output cap) regrades everyone. ``--force`` regrades all, ``--student ID`` regrades
    one learner. nbgrader's log for each learner is kept in
    ``.glutelab-grading/logs/<assignment>/<student>.log``.

Outcomes (and the exit status)
    ``graded``
        nbgrader scored it; notes (a read-only cell the learner edited and nbgrader put
        back, a cell stopped by the timeout, output that was cut) are listed but need
        nothing.
    ``review``
        nbgrader scored it, but a person should look before the grade counts: the code
        rebinds built-ins or the test tools (``builtins``, ``math.isclose``,
        ``sys.modules``, ``get_ipython()`` ...), an output shows hidden-test text, a test
        cell was deleted (nbgrader leaves it for manual grading), or a cell appears twice
        (the copies' grading metadata is dropped and the last copy graded, as nbgrader
        means to; plain nbgrader aborts the whole batch on such a notebook).
    ``rejected``
        the submission cannot be graded: an empty file, not JSON, not a notebook, none of
        the assignment's cells (a notebook for another assignment is named), corrupt
        grading metadata, a kernel that died (``os._exit()``, a crash), a cell that went on
        running after the per-cell limit interrupted it (it catches ``KeyboardInterrupt``),
        or a submission that ran past ``--max-seconds``. Nothing is invented: as plain nbgrader does, the submission is
        recorded in the gradebook without automatic scores (so it counts 0 until someone
        grades it by hand), and any earlier grade it held stays.
    ``error``
        the grading machinery failed (say, the database stayed locked); retried on rerun.

    The command exits 0 when every selected learner's outcome is ``graded``, and
    :data:`EXIT_PROBLEMS` (3) when the batch finished but some learner is ``review``,
    ``rejected`` or ``error``; one bad submission never stops the others.

Hidden tests and the learner's kernel
    The kernel runs in a scratch folder outside the course (only that learner's submission
    and the assignment's supporting files), so ``source/``, ``release/``, the gradebook and
    other learners' work are not reachable by a relative path, and the restored notebook is
    deleted once read. A kernel can still read files by absolute path and see the cells it
    has run (``In``): any output that shows hidden-test text marks the learner for review.
    Real isolation needs a separate operating-system user or a container.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
import warnings
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .course import (
    Course,
    GradingError,
    assignment_notebooks,
    last_error,
    open_gradebook,
    retry_locked,
    run_converter,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from nbformat import NotebookNode

__all__ = [
    "DEFAULT_OUTPUT_LIMIT",
    "EXIT_PROBLEMS",
    "STATUSES",
    "AssignmentInfo",
    "GradingSummary",
    "Outcome",
    "SubmissionCheck",
    "autograde",
    "check_submission",
    "hidden_test_lines",
    "load_assignment_info",
    "load_state",
    "state_path",
    "submission_hash",
    "tamper_findings",
]

#: Exit status of a batch that finished with learners to review, rejected or in error.
EXIT_PROBLEMS = 3
#: The outcomes a learner's submission can have.
STATUSES = ("graded", "review", "rejected", "error")
#: Bytes of output one cell may keep; the rest is cut (the gradebook and feedback stay small).
DEFAULT_OUTPUT_LIMIT = 1_000_000
#: Longest single string kept in an error output (evalue or traceback line).
ERROR_TEXT_LIMIT = 10_000
#: What stands in for output past the cap.
TRUNCATION_MARK = "[glutelab: output cut here, this cell printed more than {limit} bytes]"
#: Tries of one submission that meets "database is locked".
LOCK_RETRIES = 3
#: Hidden-test lines at least this long are looked for in the learners' outputs.
HIDDEN_LINE_MIN = 20
#: Version of the grading rules; a change regrades every learner on the next run.
RULES_VERSION = 1
#: IPython magics a learner may use without being flagged.
SAFE_MAGICS = frozenset({"matplotlib", "time", "timeit", "capture", "precision", "pprint"})
#: Module attributes that reach into the interpreter or the grading code.
SUSPICIOUS_ATTRIBUTES = (
    "sys.settrace",
    "sys.setprofile",
    "sys.modules",
    "sys.meta_path",
    "sys.path_hooks",
    "sys.excepthook",
    "sys.displayhook",
    "sys._getframe",
    "threading.settrace",
    "inspect.stack",
    "inspect.currentframe",
    "inspect.getouterframes",
    "gc.get_referrers",
    "gc.get_objects",
    "signal.signal",
    "builtins",
    "ctypes",
)
#: Attributes of frames and functions that give access to another scope's variables.
FRAME_ATTRIBUTES = frozenset(
    {"f_back", "f_globals", "f_locals", "f_builtins", "tb_frame", "gi_frame", "__globals__"}
)
#: Built-in names whose rebinding is always flagged: tests depend on them implicitly.
ALWAYS_WATCHED = frozenset(
    {"AssertionError", "Exception", "BaseException", "isinstance", "__import__", "__build_class__"}
)
#: Modules whose import alone is flagged.
WATCHED_IMPORTS = frozenset({"builtins", "__builtin__", "ctypes", "gc"})

#: (index, label) of the cell the worker's kernel is running; read after a kernel death.
_CURRENT_CELL: list[Any] = [None, ""]


# --------------------------------------------------------------------------- outcomes


@dataclass
class Outcome:
    """What happened to one learner's submission.

    Attributes
    ----------
    student : str
        Student id (the folder name in ``submitted/``).
    status : str
        One of :data:`STATUSES`.
    reason : str
        Why it is not simply ``graded`` (empty otherwise).
    notes : list of str
        Things worth knowing that need no action.
    auto_score, max_auto_score : float or None
        nbgrader's automatic (code) score and its maximum, when graded.
    seconds : float
        Wall time spent on it.
    hash : str
        Hash of the submission folder when it was graded.
    graded_at : str
        ISO time the outcome was recorded.
    """

    student: str
    status: str
    reason: str = ""
    notes: list[str] = field(default_factory=list)
    auto_score: float | None = None
    max_auto_score: float | None = None
    seconds: float = 0.0
    hash: str = ""
    graded_at: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the outcome as a JSON-ready dict (for the state file).

        Returns
        -------
        dict
        """
        return asdict(self)


@dataclass
class GradingSummary:
    """The result of one ``autograde`` run.

    Attributes
    ----------
    assignment : str
        Assignment name.
    graded : dict of str to Outcome
        Learners graded (or rejected) in this run.
    skipped : list of str
        Learners left alone because nothing changed.
    state : dict of str to Outcome
        Every selected learner's latest outcome, this run's or an earlier one.
    seconds : float
        Wall time of the run.
    jobs : int
        Worker processes used.
    """

    assignment: str
    graded: dict[str, Outcome] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    state: dict[str, Outcome] = field(default_factory=dict)
    seconds: float = 0.0
    jobs: int = 0

    @property
    def problems(self) -> list[Outcome]:
        """Selected learners whose latest outcome is not ``graded``."""
        return [o for o in self.state.values() if o.status != "graded"]

    @property
    def exit_status(self) -> int:
        """0 when every selected learner is graded, else :data:`EXIT_PROBLEMS`."""
        return EXIT_PROBLEMS if self.problems else 0


# --------------------------------------------------------------------------- assignment


@dataclass(frozen=True)
class CellInfo:
    """One cell of the assignment as the gradebook records it."""

    name: str
    cell_type: str
    locked: bool
    grade: bool
    solution: bool
    points: float | None
    source: str
    checksum: str


@dataclass
class AssignmentInfo:
    """What the checks need to know about an assignment, read once from the gradebook.

    Attributes
    ----------
    assignment : str
        Assignment name.
    cells : dict of str to dict of str to CellInfo
        Notebook name → grade id → cell, for every nbgrader cell of the source.
    release : dict of str to dict of str to str
        Notebook name → grade id → source of that cell in the learner's version.
    other_ids : dict of str to set of str
        Other assignments (gradebook and ``source/``) → their graded cells' ids.
    hidden_lines : list of str
        Lines of the hidden tests distinctive enough to look for in outputs.
    module_names : set of str
        Names the read-only cells bind by ``import`` (``math``, ``np``, ...).
    module_aliases : dict of str to str
        Alias → module for every import in the read-only cells (``np`` → ``numpy``).
    watched_builtins : set of str
        Built-in names the read-only cells use, plus :data:`ALWAYS_WATCHED`.
    code_cells : int
        Code cells of the largest notebook (sets the default ``--max-seconds``).
    """

    assignment: str
    cells: dict[str, dict[str, CellInfo]]
    release: dict[str, dict[str, str]]
    other_ids: dict[str, set[str]]
    hidden_lines: list[str]
    module_names: set[str]
    module_aliases: dict[str, str]
    watched_builtins: set[str]
    code_cells: int

    def fingerprint(self, *extra: object) -> str:
        """Return a hash of the graded cells and ``extra`` settings (a change regrades all).

        Parameters
        ----------
        *extra : object
            Settings that change grades (timeout, output cap).

        Returns
        -------
        str
        """
        items = sorted(
            (nb, c.name, c.cell_type, c.locked, c.grade, c.solution, c.points, c.checksum)
            for nb, cells in self.cells.items()
            for c in cells.values()
        )
        blob = json.dumps([RULES_VERSION, items, [str(e) for e in extra]])
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def hidden_test_lines(sources: list[str]) -> list[str]:
    """Return the distinctive lines between ``BEGIN/END HIDDEN TESTS`` markers.

    Parameters
    ----------
    sources : list of str
        Cell sources (from the gradebook or the source notebook).

    Returns
    -------
    list of str
        Stripped lines at least :data:`HIDDEN_LINE_MIN` characters long that appear
        only inside hidden-test regions, in order, without repeats.
    """
    public: set[str] = set()
    hidden: list[str] = []
    for source in sources:
        inside = False
        for raw in source.splitlines():
            line = raw.strip()
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif line and inside:
                hidden.append(line)
            elif line:
                public.add(line)
    return list(
        dict.fromkeys(
            line for line in hidden if len(line) >= HIDDEN_LINE_MIN and line not in public
        )
    )


def _grade_ids_of_file(path: Path) -> set[str]:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        return {
            c["metadata"]["nbgrader"]["grade_id"]
            for c in nb.get("cells", [])
            if c.get("metadata", {}).get("nbgrader", {}).get("grade")
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def _imports(tree: ast.AST) -> dict[str, str]:
    """Alias → module for every import in a syntax tree."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    aliases[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def _parse_cell(source: str) -> ast.Module | None:
    """Parse a code cell as IPython would run it (magics become calls); None on error."""
    from IPython.core.inputtransformer2 import TransformerManager  # noqa: PLC0415

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return None


def _add_unreleased_ids(course: Course, assignment: str, other_ids: dict[str, set[str]]) -> None:
    """Add the graded cells of assignments in ``source/`` that the gradebook lacks."""
    source_root = course.path("source")
    if not source_root.is_dir():
        return
    for folder in sorted(p for p in source_root.iterdir() if p.is_dir()):
        if folder.name == assignment or folder.name in other_ids:
            continue
        ids = {i for path in folder.glob("*.ipynb") for i in _grade_ids_of_file(path)}
        if ids:
            other_ids[folder.name] = ids


def _release_sources(
    course: Course, assignment: str, notebooks: list[str]
) -> dict[str, dict[str, str]]:
    """Notebook → grade id → the cell's source in the learner's version."""
    import nbformat  # noqa: PLC0415

    release: dict[str, dict[str, str]] = {}
    for name in notebooks:
        path = course.path("release", assignment, f"{name}.ipynb")
        if path.is_file():
            nb = nbformat.read(path, as_version=4)
            release[name] = {
                c.metadata["nbgrader"]["grade_id"]: c.source
                for c in nb.cells
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            }
    return release


def load_assignment_info(course: Course, assignment: str) -> AssignmentInfo:
    """Read what the checks need about an assignment from the gradebook and ``release/``.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name.

    Returns
    -------
    AssignmentInfo

    Raises
    ------
    GradingError
        If the gradebook does not know the assignment (it has not been released).
    """
    from nbgrader.api import MissingEntry  # noqa: PLC0415

    cells: dict[str, dict[str, CellInfo]] = {}
    other_ids: dict[str, set[str]] = {}
    with open_gradebook(course) as gb:
        try:
            record = gb.find_assignment(assignment)
        except MissingEntry:
            msg = (
                f"the gradebook has no assignment {assignment!r}: release it first "
                f"(glutelab grade release {assignment})"
            )
            raise GradingError(msg) from None
        for notebook in record.notebooks:
            grades = {g.name: g for g in notebook.grade_cells}
            solutions = {s.name for s in notebook.solution_cells}
            cells[notebook.name] = {
                sc.name: CellInfo(
                    name=sc.name,
                    cell_type=sc.cell_type,
                    locked=bool(sc.locked),
                    grade=sc.name in grades,
                    solution=sc.name in solutions,
                    points=float(grades[sc.name].max_score) if sc.name in grades else None,
                    source=sc.source or "",
                    checksum=sc.checksum or "",
                )
                for sc in notebook.source_cells
            }
        for other in gb.assignments:
            if other.name != assignment:
                other_ids[other.name] = {g.name for nb in other.notebooks for g in nb.grade_cells}
    _add_unreleased_ids(course, assignment, other_ids)
    locked_code = [
        c.source for nb in cells.values() for c in nb.values() if c.locked and c.cell_type == "code"
    ]
    aliases: dict[str, str] = {}
    used: set[str] = set()
    for source in locked_code:
        tree = _parse_cell(source)
        if tree is None:
            continue
        aliases.update(_imports(tree))
        used |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return AssignmentInfo(
        assignment=assignment,
        cells=cells,
        release=_release_sources(course, assignment, list(cells)),
        other_ids=other_ids,
        hidden_lines=hidden_test_lines([c.source for nb in cells.values() for c in nb.values()]),
        module_names=set(aliases),
        module_aliases=aliases,
        watched_builtins=(used & set(dir(builtins))) | ALWAYS_WATCHED,
        code_cells=max(
            (sum(1 for c in nb.values() if c.cell_type == "code") for nb in cells.values()),
            default=0,
        ),
    )


# --------------------------------------------------------------------------- tamper scan


def _dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _bound_names(target: ast.AST) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [n for elt in target.elts for n in _bound_names(elt)]
    if isinstance(target, ast.Starred):
        return _bound_names(target.value)
    return []


def _module_level(tree: ast.Module) -> list[ast.stmt]:
    """Statements that run at module level (not inside a function or class body)."""
    out: list[ast.stmt] = []
    todo = list(tree.body)
    while todo:
        stmt = todo.pop(0)
        out.append(stmt)
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for name in ("body", "orelse", "finalbody"):
            todo.extend(getattr(stmt, name, []) or [])
        for handler in getattr(stmt, "handlers", []) or []:
            todo.extend(handler.body)
        for case in getattr(stmt, "cases", []) or []:
            todo.extend(case.body)
    return out


def _binding_targets(stmt: ast.stmt) -> list[ast.AST]:
    if isinstance(stmt, ast.Assign):
        return list(stmt.targets)
    if isinstance(stmt, ast.AugAssign | ast.AnnAssign | ast.For | ast.AsyncFor):
        return [stmt.target]
    if isinstance(stmt, ast.With | ast.AsyncWith):
        return [item.optional_vars for item in stmt.items if item.optional_vars is not None]
    return []


def _rebinds(stmt: ast.stmt) -> list[str]:
    """Names a module-level statement binds."""
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [stmt.name]
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        return [(a.asname or a.name).split(".")[0] for a in stmt.names if a.name != "*"]
    return [name for target in _binding_targets(stmt) for name in _bound_names(target)]


def _is_magic_call(node: ast.AST) -> bool:
    """Whether ``node`` is ``get_ipython().run_line_magic(...)`` or ``run_cell_magic``."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"run_line_magic", "run_cell_magic"}
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "get_ipython"
    )


def _magic_name(node: ast.Call) -> str:
    first = node.args[0] if node.args else None
    return str(first.value) if isinstance(first, ast.Constant) else "?"


class _TamperScan:
    """Walks a learner's syntax trees and collects findings (see :func:`tamper_findings`)."""

    def __init__(self, trees: list[ast.Module], info: AssignmentInfo) -> None:
        self.info = info
        self.findings: list[str] = []
        self.aliases = dict(info.module_aliases)
        for tree in trees:
            self.aliases.update(_imports(tree))
        self.modules = set(self.aliases)
        # IPython spells `%time x` as get_ipython().run_line_magic("time", "x"): a harmless
        # magic is not a use of get_ipython() worth flagging.
        self.safe_calls = {
            id(node.func.value)
            for tree in trees
            for node in ast.walk(tree)
            if _is_magic_call(node) and _magic_name(node) in SAFE_MAGICS
        }
        self.visitors = {
            ast.Import: self.imports,
            ast.ImportFrom: self.imports,
            ast.Name: self.name,
            ast.Global: self.global_statement,
            ast.Attribute: self.attribute,
            ast.Assign: self.assignment,
            ast.AugAssign: self.assignment,
            ast.AnnAssign: self.assignment,
            ast.Delete: self.assignment,
            ast.Call: self.call,
        }

    def add(self, text: str) -> None:
        if text not in self.findings:
            self.findings.append(text)

    def resolve(self, dotted: str) -> str:
        head, _, rest = dotted.partition(".")
        base = self.aliases.get(head, head)
        return f"{base}.{rest}" if rest else base

    def scan(self, tree: ast.Module) -> None:
        for stmt in _module_level(tree):
            for name in _rebinds(stmt):
                if name in self.info.watched_builtins:
                    self.add(f"rebinds the built-in `{name}`")
                elif name in self.info.module_names and not isinstance(
                    stmt, ast.Import | ast.ImportFrom
                ):
                    self.add(f"rebinds `{name}`, which the assignment's own cells import")
        for node in ast.walk(tree):
            visitor = self.visitors.get(type(node))
            if visitor is not None:
                visitor(node)

    def imports(self, node: ast.Import | ast.ImportFrom) -> None:
        names = (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
        for module in names:
            top = module.split(".")[0]
            if top in WATCHED_IMPORTS:
                self.add(f"imports `{top}`")

    def name(self, node: ast.Name) -> None:
        if node.id in {"__builtins__", "__builtin__"}:
            self.add(f"uses `{node.id}`")

    def global_statement(self, node: ast.Global) -> None:
        for name in node.names:
            if name in self.info.watched_builtins or name in self.info.module_names:
                self.add(f"rebinds `{name}` through a global statement")

    def attribute(self, node: ast.Attribute) -> None:
        if node.attr in FRAME_ATTRIBUTES:
            self.add(f"reaches into another scope (`.{node.attr}`)")
        dotted = _dotted(node)
        if dotted:
            full = self.resolve(dotted)
            for watched in SUSPICIOUS_ATTRIBUTES:
                if full == watched or full.startswith(f"{watched}."):
                    self.add(f"uses `{watched}`")

    def assignment(self, node: ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete) -> None:
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        for target in targets:
            dotted = _dotted(target) if isinstance(target, ast.Attribute) else None
            if dotted and dotted.split(".")[0] in self.modules:
                self.add(f"changes `{self.resolve(dotted)}`")
            inner = target.value if isinstance(target, ast.Subscript) else None
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Name)
                and inner.func.id in {"globals", "vars", "locals"}
            ):
                self.add(f"writes through `{inner.func.id}()`")

    def call(self, node: ast.Call) -> None:
        if _is_magic_call(node) and _magic_name(node) not in SAFE_MAGICS:
            self.add(f"uses the IPython magic `%{_magic_name(node)}`")
        if not isinstance(node.func, ast.Name):
            return
        func = node.func.id
        first = _dotted(node.args[0]) if node.args else None
        if func in {"setattr", "delattr"} and first and first.split(".")[0] in self.modules:
            self.add(f"changes `{self.resolve(first)}` with {func}()")
        elif func in {"exec", "eval", "compile", "__import__"}:
            self.add(f"runs code this check cannot read (`{func}()`)")
        elif func == "get_ipython" and id(node) not in self.safe_calls:
            self.add("uses `get_ipython()`")


def tamper_findings(sources: list[str], info: AssignmentInfo) -> list[str]:
    """Scan the code a learner wrote for ways to change how the tests judge it.

    Parameters
    ----------
    sources : list of str
        The learner's own code cells (answer cells and cells they added).
    info : AssignmentInfo
        The assignment (which modules and built-ins its read-only cells rely on).

    Returns
    -------
    list of str
        One short description per finding, without repeats (empty: nothing found).
    """
    trees = [t for t in (_parse_cell(s) for s in sources) if t is not None]
    scan = _TamperScan(trees, info)
    for tree in trees:
        scan.scan(tree)
    return scan.findings


# --------------------------------------------------------------------------- checks


@dataclass
class SubmissionCheck:
    """The verdict of the checks made before nbgrader sees a submission.

    Attributes
    ----------
    rejected : str
        Why the submission cannot be graded (empty: it can).
    review : list of str
        Reasons a person should look at the grade.
    notes : list of str
        Harmless findings worth reporting.
    repaired : dict of str to str
        File name → notebook JSON to grade instead of the learner's file (duplicated cells
        or changed grading flags put right).
    """

    rejected: str = ""
    review: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repaired: dict[str, str] = field(default_factory=dict)


def _nbgrader_meta(cell: dict) -> dict:
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    value = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return value if isinstance(value, dict) else {}


def _read_notebook(raw: bytes) -> tuple[NotebookNode | None, str, list[str]]:
    """Parse a submitted file: (notebook, rejection reason, notes)."""
    import nbformat  # noqa: PLC0415

    if not raw.strip():
        return None, f"empty file ({len(raw)} bytes)", []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "not a text file (not UTF-8), so not a notebook", []
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})", []
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, "valid JSON but not a Jupyter notebook (no list of cells)", []
    notes: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            nb = nbformat.reads(text, as_version=4)
            nbformat.validate(nb)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, f"not a valid notebook: {first[:200]}", []
    if any("cell id" in str(w.message).lower() for w in caught):
        notes.append("duplicate cell ids, repaired by nbformat")
    return nb, "", notes


def _set_cell_type(cell: dict, cell_type: str) -> None:
    """Give a cell back its type, as nbgrader's OverwriteCells does."""
    cell["cell_type"] = cell_type
    if cell_type == "code":
        cell["outputs"] = []
        cell["execution_count"] = None
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)


def _grade_id_positions(nb: NotebookNode) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for index, cell in enumerate(nb.cells):
        grade_id = _nbgrader_meta(cell).get("grade_id")
        if grade_id:
            positions.setdefault(grade_id, []).append(index)
    return positions


def _wrong_assignment(present: set[str], notebook: str, info: AssignmentInfo) -> str:
    """Why a notebook is not this assignment's (empty when it is)."""
    expected = {name for name, c in info.cells.get(notebook, {}).items() if c.grade}
    overlap = len(present & expected)
    rivals = sorted(
        ((len(present & ids), name) for name, ids in info.other_ids.items()), reverse=True
    )
    if rivals and rivals[0][0] > overlap:
        return f"is the notebook of assignment {rivals[0][1]!r}, not {info.assignment!r}"
    if expected and overlap == 0:
        return (
            f"holds none of {info.assignment}'s graded cells (not the released notebook, or "
            "its grading metadata was removed)"
        )
    return ""


def _drop_duplicates(
    nb: NotebookNode, positions: dict[str, list[int]], check: SubmissionCheck
) -> bool:
    """Keep the grading metadata of the last copy of a duplicated cell only, as nbgrader means to."""
    repaired = False
    for grade_id, where in sorted(positions.items()):
        if len(where) > 1:
            for index in where[:-1]:
                del nb.cells[index].metadata["nbgrader"]
            repaired = True
            check.review.append(
                f"cell {grade_id} appears {len(where)} times; the last copy was graded "
                "(as nbgrader intends)"
            )
    return repaired


def _restore_cell(cell: NotebookNode, spec: CellInfo, check: SubmissionCheck) -> bool:
    """Put back a known cell's type and grading flags; report edits. True if changed."""
    repaired = False
    if cell.cell_type != spec.cell_type:
        # nbgrader turns it back too, but only after a metadata check it would fail.
        _set_cell_type(cell, spec.cell_type)
        repaired = True
        check.notes.append(
            f"cell {spec.name} was turned from {spec.cell_type} into another type; turned back"
        )
    meta = _nbgrader_meta(cell)
    if bool(meta.get("grade")) != spec.grade or bool(meta.get("solution")) != spec.solution:
        meta["grade"], meta["solution"] = spec.grade, spec.solution
        if spec.grade:
            meta["points"] = spec.points
        else:
            meta.pop("points", None)
        cell.metadata["nbgrader"] = meta
        repaired = True
        check.notes.append(f"grading flags of cell {spec.name} were changed; put back")
    return repaired


def _check_notebook(
    raw: bytes, notebook: str, info: AssignmentInfo, check: SubmissionCheck
) -> None:
    """Check one submitted notebook file and fill ``check``."""
    import nbformat  # noqa: PLC0415
    from nbgrader.nbgraderformat import MetadataValidator  # noqa: PLC0415
    from nbgrader.nbgraderformat import ValidationError as MetaError  # noqa: PLC0415

    filename = f"{notebook}.ipynb"
    nb, reason, notes = _read_notebook(raw)
    check.notes.extend(f"{filename}: {n}" for n in notes)
    if nb is None:
        check.rejected = f"{filename}: {reason}"
        return
    positions = _grade_id_positions(nb)
    wrong = _wrong_assignment(set(positions), notebook, info)
    if wrong:
        check.rejected = f"{filename} {wrong}"
        return

    expected = info.cells.get(notebook, {})
    released = info.release.get(notebook, {})
    repaired = _drop_duplicates(nb, positions, check)
    for cell in nb.cells:
        spec = expected.get(_nbgrader_meta(cell).get("grade_id", ""))
        if spec is not None:
            repaired = _restore_cell(cell, spec, check) or repaired
            if spec.locked and spec.name in released and cell.source != released[spec.name]:
                check.notes.append(f"read-only cell {spec.name} was edited; nbgrader restores it")
    for name in sorted({n for n, c in expected.items() if c.grade} - set(positions)):
        what = "written answer" if expected[name].solution else "test cell"
        check.review.append(f"{what} {name} was deleted; nbgrader leaves it for grading by hand")
    try:
        MetadataValidator().validate_nb(nb)
    except MetaError as exc:
        check.rejected = f"{filename}: corrupt grading metadata ({str(exc).splitlines()[0][:160]})"
        return

    locked = {name for name, spec in expected.items() if spec.locked}
    learner_code = [
        cell.source
        for cell in nb.cells
        if cell.cell_type == "code" and _nbgrader_meta(cell).get("grade_id") not in locked
    ]
    findings = tamper_findings(learner_code, info)
    if findings:
        shown = "; ".join(findings[:4]) + ("; ..." if len(findings) > 4 else "")
        check.review.append(f"the code may change how it is tested: {shown}")
    if repaired:
        check.repaired[filename] = nbformat.writes(nb)


def check_submission(folder: Path, info: AssignmentInfo) -> SubmissionCheck:
    """Check a learner's submission folder before nbgrader grades it.

    Parameters
    ----------
    folder : pathlib.Path
        ``submitted/<student>/<assignment>``.
    info : AssignmentInfo
        The assignment, from :func:`load_assignment_info`.

    Returns
    -------
    SubmissionCheck
        ``rejected`` is set when the submission cannot be graded.
    """
    check = SubmissionCheck()
    present = [name for name in info.cells if (folder / f"{name}.ipynb").is_file()]
    if not present:
        wanted = ", ".join(f"{name}.ipynb" for name in info.cells)
        found = sorted(p.name for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
        shown = ", ".join(found[:5]) if found else "nothing"
        check.rejected = f"no {wanted} in the submission (found: {shown})"
        return check
    for name in sorted(set(info.cells) - set(present)):
        check.review.append(f"{name}.ipynb is missing; nbgrader scores it 0")
    for name in present:
        _check_notebook((folder / f"{name}.ipynb").read_bytes(), name, info, check)
        if check.rejected:
            break
    return check


def submission_hash(folder: Path) -> str:
    """Return a hash of every file in a submission folder (names and contents).

    Parameters
    ----------
    folder : pathlib.Path
        ``submitted/<student>/<assignment>``.

    Returns
    -------
    str
        Hex digest; changes when any file is added, removed, renamed or edited.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and ".ipynb_checkpoints" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# --------------------------------------------------------------------------- state


def state_path(course: Course, assignment: str) -> Path:
    """Return the path of an assignment's grading state file.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name.

    Returns
    -------
    pathlib.Path
        ``<course>/.glutelab-grading/<assignment>.json``.
    """
    return course.state_dir / f"{assignment}.json"


def load_state(course: Course, assignment: str) -> dict[str, Any]:
    """Return an assignment's grading state (empty when it has never been graded).

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name.

    Returns
    -------
    dict
        ``{"assignment", "fingerprint", "students": {id: Outcome as dict}}``. Other tools
        (exports, reports) can read each learner's ``status`` and ``reason`` here.
    """
    path = state_path(course, assignment)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"assignment": assignment, "fingerprint": "", "students": {}}
    data.setdefault("students", {})
    return data


def _save_state(course: Course, assignment: str, state: dict[str, Any]) -> None:
    path = state_path(course, assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


# --------------------------------------------------------------------------- worker side


def _guarded_execute_class() -> type:
    """Nbgrader's Execute preprocessor with an output cap and the restored file removed."""
    from nbgrader.preprocessors import Execute  # noqa: PLC0415
    from traitlets import Integer  # noqa: PLC0415

    class GuardedExecute(Execute):
        """Execute as nbgrader does, keeping at most ``max_output_bytes`` per cell."""

        max_output_bytes = Integer(DEFAULT_OUTPUT_LIMIT).tag(config=True)

        def preprocess(self, nb, resources=None, km=None):
            self._sizes: dict[int, int] = {}
            self._cut: set[tuple[int, str, str]] = set()
            meta = (resources or {}).get("metadata", {})
            # The file on disk is the learner's notebook with the hidden tests restored; it
            # has been read, so take it away before the learner's code can open it.
            if meta.get("path") and meta.get("name"):
                with contextlib.suppress(OSError):
                    (Path(meta["path"]) / f"{meta['name']}.ipynb").unlink()
            return super().preprocess(nb, resources, km)

        def preprocess_cell(self, cell, resources, index):
            label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            _CURRENT_CELL[:] = [index, label or f"cell {index + 1}"]
            return super().preprocess_cell(cell, resources, index)

        def output(self, outs, msg, display_id, cell_index):
            msg_type = msg["msg_type"]
            content = msg["content"]
            if msg_type == "error":
                content = dict(content)
                content["evalue"] = str(content.get("evalue", ""))[:ERROR_TEXT_LIMIT]
                content["traceback"] = [
                    str(line)[:ERROR_TEXT_LIMIT] for line in content.get("traceback", [])
                ]
                return super().output(outs, {**msg, "content": content}, display_id, cell_index)
            size = _content_size(msg_type, content)
            used = self._sizes.get(cell_index, 0)
            limit = self.max_output_bytes
            if limit < 0 or used + size <= limit:
                self._sizes[cell_index] = used + size
                return super().output(outs, msg, display_id, cell_index)
            key = (cell_index, msg_type, str(content.get("name", "")))
            if key in self._cut:
                return None
            self._cut.add(key)
            self._sizes[cell_index] = max(used, limit)
            mark = TRUNCATION_MARK.format(limit=limit)
            room = max(limit - used, 0)
            if msg_type == "stream":
                short = {
                    **content,
                    "text": str(content.get("text", ""))[:room] + "\n" + mark + "\n",
                }
            else:
                # Keep one output of the same kind, so nbgrader scores the cell the same way.
                plain = content.get("data", {}).get("text/plain", "")
                text = plain[: min(room, 1000)] if isinstance(plain, str) and plain else mark
                short = {**content, "data": {"text/plain": text}, "metadata": {}}
            return super().output(outs, {**msg, "content": short}, display_id, cell_index)

    return GuardedExecute


def _content_size(msg_type: str, content: dict) -> int:
    if msg_type == "stream":
        return len(str(content.get("text", "")))
    data = content.get("data", {})
    if isinstance(data, dict):
        return sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in data.values())
    return len(str(content))


def _grading_config(course: Course, timeout: int | None, output_limit: int) -> Any:
    from nbgrader.converters import Autograde  # noqa: PLC0415
    from nbgrader.preprocessors import Execute  # noqa: PLC0415
    from traitlets.config import Config  # noqa: PLC0415

    guarded = _guarded_execute_class()
    configured = course.config.get("Autograde", {}).get("autograde_preprocessors")
    pipeline = list(configured or Autograde.class_traits()["autograde_preprocessors"].default())
    extra = Config()
    extra.Autograde.autograde_preprocessors = [guarded if p is Execute else p for p in pipeline]
    extra.GuardedExecute.max_output_bytes = output_limit
    if timeout is not None:
        extra.ExecutePreprocessor.timeout = timeout
        extra.Execute.timeout = timeout
        extra.GuardedExecute.timeout = timeout
    return extra


def _copy_tree(src: Path, dst: Path, *, notebooks: bool) -> None:
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if {".ipynb_checkpoints", "__pycache__"} & set(rel.parts):
            continue
        if path.is_file() and (notebooks or path.suffix != ".ipynb"):
            target = dst / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def _outputs_text(cell: dict, *, skip_errors: bool) -> str:
    chunks = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            chunks.append(str(output.get("text", "")))
        elif kind in {"display_data", "execute_result"}:
            chunks.extend(str(v) for v in output.get("data", {}).values())
        elif kind == "error" and not skip_errors:
            chunks.append(str(output.get("evalue", "")))
            chunks.extend(str(line) for line in output.get("traceback", []))
    return "\n".join(chunks)


def _inspect_graded(
    path: Path, info: AssignmentInfo, timeout: int | None
) -> tuple[list[str], list[str]]:
    """Look at an autograded notebook: (review reasons, notes)."""
    review: list[str] = []
    notes: list[str] = []
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return review, notes
    mark = TRUNCATION_MARK.split("{", 1)[0]
    for index, cell in enumerate(nb.get("cells", [])):
        meta = _nbgrader_meta(cell)
        label = meta.get("grade_id") or f"cell {index + 1}"
        is_test = bool(meta.get("grade")) and not meta.get("solution")
        text = _outputs_text(cell, skip_errors=is_test)
        if mark in text:
            notes.append(f"{label}: output cut (more than the output cap)")
        leaked = [line for line in info.hidden_lines if line in text]
        if leaked or "BEGIN HIDDEN TESTS" in text:
            review.append(f"an output of {label} shows hidden-test text")
        errors = [
            o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"
        ]
        if "CellTimeoutError" in errors or (is_test and "KeyboardInterrupt" in errors):
            after = f" after {timeout} s" if timeout else ""
            notes.append(f"{label} was stopped{after} (an endless loop?)")
    return review, notes


def _read_scores(course: Course, assignment: str, student: str) -> tuple[float, float]:
    with open_gradebook(course) as gb:
        submission = retry_locked(lambda: gb.find_submission(assignment, student))
        return float(submission.code_score), float(submission.max_code_score)


@dataclass
class _Job:
    """What every worker needs to grade learners of one assignment."""

    course: Course
    assignment: str
    info: AssignmentInfo
    timeout: int | None
    per_cell: int
    output_limit: int


def _prepare_scratch(job: _Job, task: dict[str, Any]) -> Path:
    """Build a course root holding only this learner's submission and the assignment's files."""
    scratch = Path(task["scratch"])
    student = task["student"]
    work = scratch / "submitted" / student / job.assignment
    _copy_tree(job.course.path("submitted", student, job.assignment), work, notebooks=True)
    for name, text in task["repaired"].items():
        (work / name).write_text(text, encoding="utf-8")
    source = job.course.path("source", job.assignment)
    if source.is_dir():
        _copy_tree(source, scratch / "source" / job.assignment, notebooks=False)
    return scratch


def _failure(log: str, per_cell: int) -> dict[str, Any]:
    """Tell, from nbgrader's log, what became of a submission it could not finish."""
    cell = _CURRENT_CELL[1] or "a cell"
    if "Kernel died" in log or "DeadKernelError" in log:
        reason = (
            f"the kernel died while running {cell} (the code ends Python, e.g. os._exit(), "
            "or crashes it)"
        )
    elif "CellTimeoutError" in log:
        reason = (
            f"{cell} went on running after the per-cell time limit ({per_cell} s) interrupted "
            "it (does it catch KeyboardInterrupt?)"
        )
    elif "UnresponsiveKernelError" in log:
        reason = f"the kernel stopped responding while running {cell}"
    elif "nbgrader metadata may be corrupted" in log or "SchemaToo" in log:
        reason = "nbgrader cannot read the grading metadata of this notebook"
    else:
        return {"status": "error", "reason": f"nbgrader failed: {last_error(log)}"}
    return {"status": "rejected", "reason": reason}


def _publish(graded: Path, target: Path) -> None:
    """Replace ``target`` with a copy of ``graded`` (old and new swap by renaming)."""
    staging = target.with_name(f".{target.name}.glutelab-new")
    old = target.with_name(f".{target.name}.glutelab-old")
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(graded, staging)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _grade_in_scratch(job: _Job, task: dict[str, Any], extra: Any) -> dict[str, Any]:
    """Grade one learner with nbgrader in a scratch course root; return the outcome fields."""
    from nbgrader.converters import Autograde  # noqa: PLC0415

    started = time.monotonic()
    student = task["student"]
    scratch = _prepare_scratch(job, task)
    ok, log = False, ""
    for attempt in range(LOCK_RETRIES):
        _CURRENT_CELL[:] = [None, ""]
        ok, log = run_converter(
            Autograde,
            job.course,
            root=scratch,
            assignment=job.assignment,
            student=student,
            config=extra,
            force=True,
            create_student=True,
        )
        if ok or "database is locked" not in log:
            break
        time.sleep(1 + 2 * attempt)
    log_path = job.course.state_dir / "logs" / job.assignment / f"{student}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text(log, encoding="utf-8")
    if not ok:
        return {**_failure(log, job.per_cell), "seconds": time.monotonic() - started}

    target = job.course.path("autograded", student, job.assignment)
    _publish(scratch / "autograded" / student / job.assignment, target)
    result: dict[str, Any] = {"status": "graded", "review": [], "notes": []}
    for name in job.info.cells:
        review, notes = _inspect_graded(target / f"{name}.ipynb", job.info, job.per_cell)
        result["review"].extend(review)
        result["notes"].extend(notes)
    result["auto_score"], result["max_auto_score"] = _read_scores(
        job.course, job.assignment, student
    )
    result["seconds"] = time.monotonic() - started
    return result


def _worker_main(conn: Connection, job: _Job) -> None:
    """Body of one worker process: grade the learners the parent sends, one at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl+C for everyone
    warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy warnings would cross the bar
    # Kernels inherit this process's stdout and stderr: keep their chatter (and a crashing
    # kernel's last words) in a log instead of the instructor's terminal.
    kernel_log = job.course.state_dir / "logs" / job.assignment / "kernels.log"
    with contextlib.suppress(OSError):
        kernel_log.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(kernel_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
    try:
        extra = _grading_config(job.course, job.timeout, job.output_limit)
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            result = _grade_in_scratch(job, task, extra)
        except Exception as exc:  # a worker must survive anything one submission does
            result = {
                "status": "error",
                "reason": f"grading failed: {type(exc).__name__}: {str(exc)[:200]}",
            }
        finally:
            shutil.rmtree(task["scratch"], ignore_errors=True)
        conn.send(("done", result))


# --------------------------------------------------------------------------- parent side


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    proc = Path("/proc")
    if not proc.is_dir():
        return children
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1:
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def _kill_tree(pid: int) -> None:
    """Kill a worker and every process below it (its kernel runs in its own session)."""
    children = _children_map()
    order: list[int] = []
    todo = [pid]
    while todo:
        current = todo.pop()
        order.append(current)
        todo.extend(children.get(current, []))
    for victim in reversed(order):
        with contextlib.suppress(OSError):
            os.kill(victim, signal.SIGKILL)


@dataclass
class _Worker:
    process: Any
    conn: Any
    task: dict[str, Any] | None = None
    started: float = 0.0
    ready: bool = False


class _Pool:
    """Worker processes grading a queue of learners, watched by the parent.

    ``finish(task, result)`` is called once per task, whatever happens to the worker.
    """

    def __init__(
        self,
        job: _Job,
        tasks: deque[dict[str, Any]],
        finish: Any,
        *,
        workers: int,
        limit: float,
        progress: bool,
    ) -> None:
        from tqdm import tqdm  # noqa: PLC0415

        # Fork: the workers inherit the imported nbgrader instead of importing it again.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.ctx = multiprocessing.get_context(method)
        self.job = job
        self.tasks = tasks
        self.finish = finish
        self.limit = limit
        self.scratch_root = Path(tempfile.mkdtemp(prefix="glutelab-grade-"))
        self.counter = 0
        self.restarts_left = 3 * workers + len(tasks)
        tqdm.monitor_interval = 0  # no monitor thread in a process that forks later
        self.bar = tqdm(
            total=len(tasks),
            desc=job.assignment,
            unit="learner",
            file=sys.stderr,
            disable=not progress,
        )
        self.workers = [self.start_worker() for _ in range(workers)]

    def start_worker(self) -> _Worker:
        parent_conn, child_conn = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker_main, args=(child_conn, self.job), daemon=True)
        process.start()
        child_conn.close()
        return _Worker(process=process, conn=parent_conn)

    def done(self, worker: _Worker, result: dict[str, Any]) -> None:
        assert worker.task is not None
        self.finish(worker.task, result)
        worker.task = None
        self.bar.update(1)

    def dispatch(self) -> None:
        for worker in self.workers:
            if worker.ready and worker.task is None and self.tasks:
                self.counter += 1
                task = self.tasks.popleft()
                task["scratch"] = str(self.scratch_root / str(self.counter))
                worker.task, worker.started = task, time.monotonic()
                worker.conn.send(task)

    def poll(self, worker: _Worker) -> bool:
        """Read a worker's messages and enforce its time limit; False once it is gone."""
        try:
            while worker.conn.poll():
                kind, result = worker.conn.recv()
                if kind == "failed":
                    msg = f"a grading worker could not start: {result}"
                    raise GradingError(msg)
                if kind == "ready":
                    worker.ready = True
                elif kind == "done" and worker.task is not None:
                    self.done(worker, result)
        except (EOFError, OSError):
            return False
        if worker.task is not None and time.monotonic() - worker.started > self.limit:
            _kill_tree(worker.process.pid)
            reason = (
                f"grading took longer than {self.limit:.0f} s (a loop the per-cell timeout "
                "could not stop?); its kernel was killed"
            )
            self.done(worker, {"status": "rejected", "reason": reason})
            return False
        return worker.process.is_alive()

    def bury(self, worker: _Worker) -> None:
        """Clean up after a dead worker and start another if learners are waiting."""
        if worker.task is not None:
            shutil.rmtree(worker.task["scratch"], ignore_errors=True)
            exit_code = worker.process.exitcode
            self.done(
                worker,
                {"status": "error", "reason": f"the grading process died (exit code {exit_code})"},
            )
        _kill_tree(worker.process.pid)
        worker.process.join(timeout=5)
        worker.conn.close()
        index = self.workers.index(worker)
        self.workers.remove(worker)
        if self.tasks and self.restarts_left > 0:
            self.restarts_left -= 1
            self.workers.insert(index, self.start_worker())

    def run(self) -> None:
        from multiprocessing.connection import wait  # noqa: PLC0415

        try:
            while self.workers and (self.tasks or any(w.task for w in self.workers)):
                self.dispatch()
                wait(
                    [w.conn for w in self.workers] + [w.process.sentinel for w in self.workers],
                    timeout=0.5,
                )
                for worker in list(self.workers):
                    if not self.poll(worker):
                        self.bury(worker)
            if self.tasks:
                msg = f"the grading workers keep dying; {len(self.tasks)} learner(s) left ungraded"
                raise GradingError(msg)
        except KeyboardInterrupt:
            msg = "interrupted: the learners graded so far are recorded; run again to go on"
            raise GradingError(msg) from None
        finally:
            self.close()

    def close(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        deadline = time.monotonic() + 10
        for worker in self.workers:
            worker.process.join(timeout=max(0.1, deadline - time.monotonic()))
            if worker.process.is_alive():
                _kill_tree(worker.process.pid)
                worker.process.join(timeout=5)
        self.bar.close()
        shutil.rmtree(self.scratch_root, ignore_errors=True)


def _configured_timeout(course: Course) -> int:
    for section in ("Execute", "ExecutePreprocessor"):
        value = course.config.get(section, {}).get("timeout")
        if value is not None:
            return int(value)
    return 30


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _record_rejected(course: Course, assignment: str, students: list[str]) -> None:
    """Record rejected submissions in the gradebook as nbgrader does: submitted, no scores."""
    if not students:
        return
    from nbgrader.coursedir import CourseDirectory  # noqa: PLC0415

    coursedir = CourseDirectory(config=course.config)
    with open_gradebook(course) as gb, warnings.catch_warnings():
        # nbgrader's update_or_create_submission trips SQLAlchemy's autoflush warnings.
        warnings.simplefilter("ignore")
        for student in students:
            folder = str(course.path("submitted", student, assignment))
            extra = {}
            try:
                stamp = coursedir.get_existing_timestamp(folder)
            except (OSError, ValueError):  # an unreadable timestamp.txt
                stamp = None
            if stamp:
                extra["timestamp"] = stamp
            retry_locked(lambda s=student: gb.update_or_create_student(s))
            retry_locked(
                lambda s=student, e=extra: gb.update_or_create_submission(assignment, s, **e)
            )


def _submitted_students(course: Course, assignment: str) -> list[str]:
    root = course.path("submitted")
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / assignment).is_dir())


def _graded_in_gradebook(course: Course, assignment: str) -> set[str]:
    with open_gradebook(course) as gb:
        return {s.student.id for s in gb.assignment_submissions(assignment)}


class _Recorder:
    """Turns results into outcomes and saves the state file after each one."""

    def __init__(
        self, course: Course, assignment: str, state: dict[str, Any], summary: GradingSummary
    ) -> None:
        self.course = course
        self.assignment = assignment
        self.state = state
        self.summary = summary
        self.checks: dict[str, SubmissionCheck] = {}

    def record(self, outcome: Outcome) -> None:
        self.summary.graded[outcome.student] = outcome
        self.state["students"][outcome.student] = outcome.as_dict()
        _save_state(self.course, self.assignment, self.state)

    def finish(self, task: dict[str, Any], result: dict[str, Any]) -> None:
        name = task["student"]
        check = self.checks[name]
        review = check.review + result.get("review", [])
        status, reason = result["status"], result.get("reason", "")
        notes = check.notes + result.get("notes", [])
        if status == "graded" and review:
            status, reason = "review", "needs review: " + "; ".join(review)
        elif review:
            notes += review
        self.record(
            Outcome(
                name,
                status,
                reason,
                notes,
                result.get("auto_score"),
                result.get("max_auto_score"),
                round(result.get("seconds", 0.0), 2),
                task["hash"],
                _now(),
            )
        )


def _unchanged(
    course: Course,
    *,
    assignment: str,
    name: str,
    digest: str,
    old: dict | None,
    in_gradebook: set[str],
) -> bool:
    """Tell whether a learner's last outcome still holds for the files in submitted/."""
    if old is None or old.get("hash") != digest or name not in in_gradebook:
        return False
    if old.get("status") == "rejected":
        return True
    return (
        old.get("status") in {"graded", "review"}
        and course.path("autograded", name, assignment).is_dir()
    )


def autograde(
    course: Course,
    assignment: str,
    *,
    student: str | None = None,
    force: bool = False,
    jobs: int | None = None,
    timeout: int | None = None,
    max_seconds: float | None = None,
    output_limit: int = DEFAULT_OUTPUT_LIMIT,
    progress: bool = True,
    out: TextIO | None = None,
) -> GradingSummary:
    """Autograde an assignment's submissions with nbgrader, in parallel and resumably.

    Parameters
    ----------
    course : Course
        The course.
    assignment : str
        Assignment name.
    student : str, optional
        Grade only this learner (always regraded).
    force : bool
        Regrade every learner, changed or not.
    jobs : int, optional
        Worker processes (default: the number of CPUs).
    timeout : int, optional
        Per-cell limit in seconds (default: the course's ``ExecutePreprocessor.timeout``).
    max_seconds : float, optional
        Limit for one whole submission, after which its worker and kernel are killed
        (default: a minute to start, the per-cell limit for every code cell plus two,
        and a minute's slack).
    output_limit : int
        Bytes of output one cell keeps (negative: no limit).
    progress : bool
        Show a progress bar on stderr.
    out : file, optional
        Where the summary is printed (default ``sys.stdout``).

    Returns
    -------
    GradingSummary
        Its ``exit_status`` is the command's.

    Raises
    ------
    GradingError
        If the assignment does not exist or was never released, the student has no
        submission, or ``jobs`` is not positive.
    """
    out = out or sys.stdout
    started = time.monotonic()
    students = _selected_students(course, assignment, student, jobs)
    info = load_assignment_info(course, assignment)
    per_cell = timeout if timeout is not None else _configured_timeout(course)
    limit = max_seconds or 60 + per_cell * (info.code_cells + 2) + 60

    state = load_state(course, assignment)
    fingerprint = info.fingerprint(per_cell, output_limit)
    if state.get("fingerprint") != fingerprint:
        state["students"] = {}  # the assignment or the rules changed: regrade everyone
    state["assignment"], state["fingerprint"] = assignment, fingerprint
    summary = GradingSummary(assignment)
    recorder = _Recorder(course, assignment, state, summary)
    in_gradebook = _graded_in_gradebook(course, assignment) if students else set()

    # Checks first: rejected submissions never reach a worker.
    tasks: deque[dict[str, Any]] = deque()
    rejected: list[str] = []
    for name in students:
        folder = course.path("submitted", name, assignment)
        digest = submission_hash(folder)
        old = state["students"].get(name)
        if _unchanged(
            course,
            assignment=assignment,
            name=name,
            digest=digest,
            old=old,
            in_gradebook=in_gradebook,
        ) and not (force or student):
            summary.skipped.append(name)
            continue
        check = recorder.checks[name] = check_submission(folder, info)
        if check.rejected:
            recorder.record(
                Outcome(
                    name, "rejected", check.rejected, check.notes, hash=digest, graded_at=_now()
                )
            )
            rejected.append(name)
        else:
            tasks.append({"student": name, "hash": digest, "repaired": check.repaired})
    _record_rejected(course, assignment, rejected)
    _save_state(course, assignment, state)

    summary.jobs = min(jobs or os.cpu_count() or 1, len(tasks))
    if tasks:
        job = _Job(course, assignment, info, timeout, per_cell, output_limit)
        pool = _Pool(
            job, tasks, recorder.finish, workers=summary.jobs, limit=limit, progress=progress
        )
        pool.run()

    fields = Outcome.__dataclass_fields__
    summary.state = {
        name: Outcome(**{k: v for k, v in state["students"][name].items() if k in fields})
        for name in students
        if name in state["students"]
    }
    summary.seconds = time.monotonic() - started
    _print_summary(summary, course, out)
    return summary


def _selected_students(
    course: Course, assignment: str, student: str | None, jobs: int | None
) -> list[str]:
    """Check the command's arguments and return the learners to consider."""
    assignment_notebooks(course, assignment)
    if jobs is not None and jobs < 1:
        msg = f"--jobs must be at least 1, got {jobs}"
        raise GradingError(msg)
    students = _submitted_students(course, assignment)
    if student is None:
        return students
    if student not in students:
        where = course.path("submitted", student, assignment).relative_to(course.root)
        msg = f"no submission from {student!r} (nothing in {where})"
        raise GradingError(msg)
    return [student]


def _format_score(outcome: Outcome) -> str:
    if outcome.auto_score is None or outcome.max_auto_score is None:
        return "-"
    return f"{outcome.auto_score:g}/{outcome.max_auto_score:g}"


def _print_summary(summary: GradingSummary, course: Course, out: TextIO) -> None:
    counts = dict.fromkeys(STATUSES, 0)
    for outcome in summary.state.values():
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    graded_now = len(summary.graded)
    print(
        f"{summary.assignment}: graded {graded_now} submission(s) in {summary.seconds:.1f} s "
        f"with {summary.jobs} worker(s); {len(summary.skipped)} unchanged, skipped.",
        file=out,
    )
    print(
        "Totals: "
        + ", ".join(f"{counts[s]} {s}" for s in STATUSES)
        + f" (of {len(summary.state)} learner(s)).",
        file=out,
    )
    rows = [o for o in summary.state.values() if o.status != "graded" or o.notes]
    if rows:
        width = max(len(o.student) for o in rows)
        print(file=out)
        print(f"{'learner':<{width}}  {'status':<8}  {'auto':>7}  reason / notes", file=out)
        for o in sorted(rows, key=lambda o: (STATUSES.index(o.status), o.student)):
            text = o.reason or "; ".join(o.notes)
            if o.reason and o.notes:
                text += " [notes: " + "; ".join(o.notes) + "]"
            print(f"{o.student:<{width}}  {o.status:<8}  {_format_score(o):>7}  {text}", file=out)
    if summary.problems:
        print(
            "\nRejected submissions are recorded in the gradebook without automatic scores "
            "(0 until graded by hand); 'review' grades count but need a look.",
            file=out,
        )
    rel = state_path(course, summary.assignment).relative_to(course.root)
    print(f"State: {rel}; nbgrader logs: {rel.parent / 'logs' / summary.assignment}/", file=out)
