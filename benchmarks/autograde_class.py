"""A class of assessment 01 graded by plain serial nbgrader and by ``glutelab grade autograde``.

Run with ``.venv/bin/python benchmarks/autograde_class.py`` (about four minutes on two
cores; ``--rounds 2`` doubles it). One temporary course is built from
``assessments/nbgrader_config.py`` and ``assessments/source/01-anatomy``, and ``nbgrader
generate_assignment`` runs in it once. Then a synthetic class (``--students``, 60 by
default) is written into its ``submitted/`` folder, and every run grades a fresh copy of
that course, so both graders start from the same files and the same gradebook:

* **baseline**: ``nbgrader autograde 01-anatomy`` (serial, one notebook after another), with
  the same per-cell timeout;
* **job**: ``glutelab grade --course <copy> autograde 01-anatomy --jobs N --timeout S``.

The class mixes fully right submissions, three kinds of wrong answer (a unit slip, an
exception inside a function, an untouched release notebook), work that loops forever in
one function (cut by the per-cell timeout), a deleted test cell, and broken files (empty,
or not JSON). Plain nbgrader cannot read a broken file: it logs the error, records the
submission with zero points, grades the rest of the class, and exits with status 1. The
baseline run counts as valid when it exits 0, or exits 1 with an error logged for exactly
the broken students; anything else aborts the benchmark.

The job grades the broken files as "rejected" (recorded without automatic scores, as
nbgrader does) and the deleted test cell as "review", so it exits with status 3; that is
its normal end for such a class. Both runs are timed from the command's start to its exit
(each is a fresh process, so both pay Python's and nbgrader's start-up), and their CPU time
is reported too: on a machine shared with other work the speed-up is capped by the idle
cores. With ``--rounds N`` each grades the class N times, the order alternating (baseline
first in odd rounds, the job first in even ones) so a change in background load hits both,
and the medians are compared. After each round every student's score and automatic score
in every grade cell is read from both gradebooks with ``nbgrader.api.Gradebook`` and
compared; the script exits with status 1 if any differs (or a student is graded by one and
not the other).
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
# The assessment's fault bodies (a unit slip, an exception, an endless loop) as the
# pipeline tests define them.
from assessment_specs import ANATOMY  # noqa: E402

ASSIGNMENT = ANATOMY.assignment
COURSE_ID = "glutelab"
TARGET_SPEEDUP = 1.8
COMMAND_TIMEOUT_S = 3600
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"

#: Kinds of submission and their share of the class. Shares are rounded so every kind
#: appears at least once; the rest of the class is "right".
MIX = {
    "right": 0.40,
    "wrong_formula": 0.15,
    "exception": 0.15,
    "unchanged": 0.08,
    "infinite_loop": 0.05,
    "deleted_test": 0.05,
    "empty_file": 0.06,
    "not_json": 0.06,
}
#: Submissions plain nbgrader cannot read at all.
BROKEN = {"empty_file", "not_json"}


def _grade_id(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _cell(nb: dict, grade_id: str) -> dict:
    (cell,) = [c for c in nb.cells if _grade_id(c) == grade_id]
    return cell


def _completed(release: dict, source: dict) -> dict:
    """The release notebook with every task answered as the source's solution."""
    nb = copy.deepcopy(release)
    for answer_id in ANATOMY.tested_by.values():
        lines = _cell(source, answer_id).source.splitlines()
        _cell(nb, answer_id).source = "\n".join(
            line for line in lines if not any(m in line for m in MARKERS)
        )
    _cell(nb, ANATOMY.written).source = ANATOMY.learner_text
    return nb


def _with_answer(release: dict, source: dict, answer_id: str, body: str) -> dict:
    """A completed notebook whose answer ``answer_id`` has ``body`` in place of the stub."""
    nb = _completed(release, source)
    stub_source = _cell(release, answer_id).source
    indent = "    " if textwrap.indent(STUB, "    ") in stub_source else ""
    _cell(nb, answer_id).source = stub_source.replace(
        textwrap.indent(STUB, indent), textwrap.indent(textwrap.dedent(body).strip(), indent)
    )
    return nb


def class_kinds(students: int, seed: int) -> list[str]:
    """The kind of each student's submission, in a shuffled but repeatable order."""
    counts = {
        kind: max(1, round(share * students)) for kind, share in MIX.items() if kind != "right"
    }
    counts["right"] = students - sum(counts.values())
    if counts["right"] < 1:
        msg = f"a class of {students} is too small for the mix; use at least {len(MIX) * 2}"
        raise SystemExit(msg)
    kinds = [kind for kind, n in counts.items() for _ in range(n)]
    random.Random(seed).shuffle(kinds)
    return kinds


def write_class(course: Path, kinds: list[str]) -> dict[str, str]:
    """Write one submission per student into ``course/submitted``; return id → kind."""
    import nbformat  # noqa: PLC0415 - slow to import; not needed for --help

    notebook = f"{ASSIGNMENT}.ipynb"
    release = nbformat.read(course / "release" / ASSIGNMENT / notebook, as_version=4)
    source = nbformat.read(course / "source" / ASSIGNMENT / notebook, as_version=4)
    faults = {
        "wrong_formula": ANATOMY.wrong_formula,
        "exception": ANATOMY.exception,
        "infinite_loop": ANATOMY.infinite_loop,
    }
    roster: dict[str, str] = {}
    for number, kind in enumerate(kinds, start=1):
        student = f"s{number:03d}"
        roster[student] = kind
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        path = folder / notebook
        if kind == "empty_file":
            path.write_bytes(b"")
            continue
        if kind == "not_json":
            path.write_text('{"cells": [ this is not JSON', encoding="utf-8")
            continue
        if kind == "right":
            nb = _completed(release, source)
        elif kind == "unchanged":
            nb = copy.deepcopy(release)
        elif kind == "deleted_test":
            nb = _completed(release, source)
            nb.cells.remove(_cell(nb, ANATOMY.edited_tests[1]))
        else:
            fault = faults[kind]
            nb = _with_answer(release, source, fault.answer_id, fault.body)
        nbformat.write(nb, path)
    return roster


def _env(course: Path) -> dict[str, str]:
    env = dict(os.environ)
    # nbgrader shells out to `alembic`, which sits next to this interpreter.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    # A user-level ~/.jupyter/nbgrader_config.py must not leak into the benchmark.
    env["JUPYTER_CONFIG_DIR"] = str(course / ".jupyter-config")
    env["GLUTELAB_PROGRESS_FILE"] = str(course / "progress.json")
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class Run:
    """One timed command: wall time, and CPU time of it and every process it waited for."""

    seconds: float
    cpu_seconds: float
    returncode: int
    log: str


def timed(argv: list[str], course: Path, log_path: Path) -> Run:
    """Run ``argv`` in ``course``, its output to ``log_path``; time it from start to exit."""
    with log_path.open("w", encoding="utf-8") as log:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=course,
            env=_env(course),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its kernels share its group: all stopped on Ctrl+C
        )
        try:
            returncode = proc.wait(timeout=COMMAND_TIMEOUT_S)
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, cpu, returncode, log_path.read_text(encoding="utf-8", errors="replace"))


def gradebook_scores(
    db_url: str,
) -> dict[str, dict[str, tuple[float, float | None]] | None]:
    """Every student's (score, automatic score) per grade cell (None: no submission)."""
    from nbgrader.api import Gradebook, MissingEntry  # noqa: PLC0415

    scores: dict[str, dict[str, tuple[float, float | None]] | None] = {}
    with Gradebook(db_url, course_id=COURSE_ID) as gb:
        for student in gb.students:
            try:
                nb = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student.id)
            except MissingEntry:
                scores[student.id] = None
                continue
            scores[student.id] = {
                grade.name: (grade.score, grade.auto_score) for grade in nb.grades
            }
    return scores


def baseline_is_valid(run: Run, roster: dict[str, str]) -> tuple[bool, str]:
    """Whether plain nbgrader finished the class, failing only on the broken files."""
    broken = {s for s, kind in roster.items() if kind in BROKEN}
    failed = {
        s
        for s in roster
        if f"error processing assignment '{ASSIGNMENT}' for student '{s}'" in run.log
    }
    if run.returncode == 0 and not failed:
        return True, "exit 0"
    if run.returncode == 1 and failed == broken:
        return True, f"exit 1, errors logged for exactly the {len(broken)} broken files"
    return False, (
        f"exit {run.returncode}; errors for {sorted(failed)}, broken files {sorted(broken)}"
    )


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def prepare(tmp: Path, kinds: list[str]) -> tuple[dict[str, str], Path]:
    """Release the assessment once and write the class; return the roster and the course."""
    template = tmp / "template"
    (template / "source").mkdir(parents=True)
    shutil.copy2(ROOT / "assessments" / "nbgrader_config.py", template)
    shutil.copytree(ROOT / "assessments" / "source" / ASSIGNMENT, template / "source" / ASSIGNMENT)
    print(f"generating the release of {ASSIGNMENT} …", flush=True)
    gen = timed(
        [sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT],
        template,
        tmp / "generate.log",
    )
    if gen.returncode != 0:
        print(gen.log[-4000:], file=sys.stderr)
        msg = "nbgrader generate_assignment failed"
        raise SystemExit(msg)
    return write_class(template, kinds), template


def compare(roster: dict[str, str], baseline: Path, job: Path) -> tuple[list[str], int]:
    """Lines describing every student whose scores differ, and the number of cell scores."""
    base = gradebook_scores(f"sqlite:///{baseline / 'gradebook.db'}")
    mine = gradebook_scores(f"sqlite:///{job / 'gradebook.db'}")
    lines = []
    for student in sorted(roster):
        b, j = base.get(student), mine.get(student)
        if b == j:
            continue
        if b is None or j is None:
            what = f"graded by {'the job' if b is None else 'nbgrader'} only"
        else:
            what = "; ".join(
                f"{c}: nbgrader {b.get(c, '–')}, job {j.get(c, '–')}"
                for c in sorted(set(b) | set(j))
                if b.get(c) != j.get(c)
            )
        lines.append(f"{student} ({roster[student]}): {what}")
    compared = sum(len(v) for v in base.values() if v)
    return lines, compared


def table(rows: list[tuple[str, ...]]) -> str:
    head = ("run", "wall time", "CPU time", "cores busy", "notes")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    out = [line.format(*head).rstrip(), line.format(*("-" * w for w in widths))]
    out += [line.format(*row).rstrip() for row in rows]
    return "\n".join(out)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60, help="class size (default 60)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 2,
        help="parallel workers for the job (default: the number of CPUs)",
    )
    parser.add_argument(
        "--timeout", type=int, default=5, help="per-cell timeout in seconds, both runs (default 5)"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="grade the class this many times with each, alternating which goes first "
        "(default 1); medians are reported",
    )
    parser.add_argument("--seed", type=int, default=2016, help="shuffles the class (default 2016)")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary courses and logs, print where"
    )
    args = parser.parse_args()
    if min(args.students, args.jobs, args.timeout, args.rounds) < 1:
        parser.error("--students, --jobs, --timeout and --rounds must be positive")
    return args


def run_rounds(
    args: argparse.Namespace, tmp: Path, template: Path, roster: dict[str, str]
) -> tuple[dict[str, list[Run]], list[str], int, dict[str, str]]:
    """Grade fresh copies of the class with both, ``args.rounds`` times (ABBA order)."""
    commands = {
        "baseline": lambda course: [
            sys.executable,
            "-m",
            "nbgrader",
            "autograde",
            ASSIGNMENT,
            f"--ExecutePreprocessor.timeout={args.timeout}",
        ],
        "job": lambda course: [
            str(Path(sys.executable).parent / "glutelab"),
            "grade",
            "--course",
            str(course),
            "autograde",
            ASSIGNMENT,
            "--jobs",
            str(args.jobs),
            "--timeout",
            str(args.timeout),
        ],
    }
    runs: dict[str, list[Run]] = {"baseline": [], "job": []}
    differences: list[str] = []
    compared = 0
    loads = {"before": load_average()}
    for number in range(1, args.rounds + 1):
        order = ("baseline", "job") if number % 2 else ("job", "baseline")
        courses = {}
        for name in order:
            course = tmp / f"{name}-{number}"
            shutil.copytree(template, course)
            courses[name] = course
            argv = commands[name](course)
            print(
                f"round {number}, {name}: {Path(argv[0]).name} {' '.join(argv[1:])} …",
                flush=True,
            )
            run = timed(argv, course, tmp / f"{name}-{number}.log")
            runs[name].append(run)
            loads[f"after {name} {number}"] = load_average()
            print(f"  {run.seconds:.1f} s wall, {run.cpu_seconds:.1f} s CPU, exit {run.returncode}")
            if name == "baseline":
                valid, why = baseline_is_valid(run, roster)
                if not valid:
                    print(run.log[-4000:], file=sys.stderr)
                    msg = f"the baseline run did not grade the class: {why}"
                    raise SystemExit(msg)
        found, compared = compare(roster, courses["baseline"], courses["job"])
        differences += [f"round {number}: {line}" for line in found]
        if found:
            print(f"--- end of the job's log ---\n{runs['job'][-1].log[-3000:]}", file=sys.stderr)
    return runs, differences, compared, loads


def main() -> int:
    args = parse_args()

    # SIGTERM/SIGHUP unwind like Ctrl+C, so the commands' process groups are killed.
    def _raise(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signum)

    signal.signal(signal.SIGTERM, _raise)
    signal.signal(signal.SIGHUP, _raise)

    kinds = class_kinds(args.students, args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="glutelab-autograde-bench-"))
    try:
        roster, template = prepare(tmp, kinds)
        cpus = os.cpu_count()
        print(
            f"class: {len(roster)} submissions of {ASSIGNMENT}: "
            + ", ".join(f"{kinds.count(k)} {k}" for k in MIX)
        )
        print(f"machine: {cpus} CPUs", flush=True)
        runs, differences, compared, loads = run_rounds(args, tmp, template, roster)

        def median(name: str, attr: str) -> float:
            return statistics.median(getattr(r, attr) for r in runs[name])

        base_s, job_s = median("baseline", "seconds"), median("job", "seconds")
        base_cpu, job_cpu = median("baseline", "cpu_seconds"), median("job", "cpu_seconds")
        ratio = base_s / job_s if job_s else float("nan")
        last_job = runs["job"][-1]
        totals = next(
            (line for line in last_job.log.splitlines() if line.startswith("Totals:")),
            "no totals line",
        )
        of = f" (median of {args.rounds})" if args.rounds > 1 else ""
        rows = [
            (
                f"plain nbgrader autograde (serial){of}",
                f"{base_s:.1f} s",
                f"{base_cpu:.1f} s",
                f"{base_cpu / base_s:.2f}",
                "exit "
                + ", ".join(str(r.returncode) for r in runs["baseline"])
                + ": errors only for the broken files",
            ),
            (
                f"glutelab grade autograde --jobs {args.jobs}{of}",
                f"{job_s:.1f} s",
                f"{job_cpu:.1f} s",
                f"{job_cpu / job_s:.2f}",
                "exit " + ", ".join(str(r.returncode) for r in runs["job"]) + f"; {totals}",
            ),
            ("speed-up (baseline / job)", f"{ratio:.2f}×", "", "", ""),
            (
                "per-student per-cell scores",
                f"{len(differences)} DIFFER" if differences else "identical",
                "",
                "",
                f"score and auto score of {compared} cells, {len(roster)} students, "
                f"{args.rounds} round(s)",
            ),
        ]
        print()
        print(f"{len(roster)} submissions, per-cell timeout {args.timeout} s, {cpus} CPUs")
        print(table(rows))
        print()
        if args.rounds > 1:
            print(
                "every round (s): baseline "
                + ", ".join(f"{r.seconds:.1f}" for r in runs["baseline"])
                + "; job "
                + ", ".join(f"{r.seconds:.1f}" for r in runs["job"])
            )
        print(
            "CPU time: user + system of the command and every process it waited for "
            "(kernels, workers); cores busy = CPU time / wall time. On a machine shared with "
            "other work the job can only use the cores that are idle."
        )
        print(
            "load average (1/5/15 min): "
            + "; ".join(f"{when} {value}" for when, value in loads.items())
        )
        if differences:
            verdict = "not judged: the scores differ"
        else:
            verdict = "met" if ratio >= TARGET_SPEEDUP else "NOT met"
        print(f"target: job ≥ {TARGET_SPEEDUP}× faster than serial nbgrader on 2 cores → {verdict}")
        for line in differences:
            print(f"  differs: {line}")
        if args.keep:
            print(f"courses and logs kept in {tmp}")
        return 1 if differences else 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
