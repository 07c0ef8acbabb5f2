"""``glutelab grade``: the instructor's grading job on top of nbgrader.

Usage (run from the project folder, or give ``--course``)::

    glutelab grade [--course DIR] [--db URL] COMMAND ...

    release [ASSIGNMENT ...] [--all]        learner versions, checked for leaks
    collect ASSIGNMENT --from PATH [--pattern REGEX] | --exchange
    preflight ASSIGNMENT [--no-run]         can the grading environment run it?
    autograde ASSIGNMENT [--student ID] [--force] [--jobs N] [--timeout S]
    feedback ASSIGNMENT [--student ID]      feedback for learners
    export [--to CSV] [--questions CSV]     grades for the LMS
    items ASSIGNMENT [--to CSV]             how each question performed

``--course`` and ``--db`` may also follow the command. Exit status: 0 done; 1 the command
could not do its job (a one-line reason on stderr); 2 bad arguments; 3 ``autograde``
finished, but some learners were rejected, need review or met an error (the summary lists
them).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .course import Course, GradingError, open_course

__all__ = ["EXIT_FAILED", "EXIT_USAGE", "build_parser", "main"]

#: The command could not do its job.
EXIT_FAILED = 1
#: Bad command-line arguments (argparse's own status).
EXIT_USAGE = 2


def _add_common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--course``/``--db``: on the main parser with defaults, on commands without."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--course",
        metavar="DIR",
        default=default,
        help="nbgrader course root (default: ./assessments if it holds nbgrader_config.py, "
        "else the current folder)",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="gradebook as a SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db "
        "(default: the course's configured gradebook, else its gradebook.db)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``glutelab grade``.

    Returns
    -------
    argparse.ArgumentParser
        With one subcommand per grading step.
    """
    parser = argparse.ArgumentParser(
        prog="glutelab grade",
        description="The instructor's grading job, built on nbgrader.",
        epilog="Exit status: 0 done; 1 failed (one-line reason); 2 bad arguments; "
        "3 autograde finished with learners rejected, to review or in error.",
    )
    _add_common(parser, top=True)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    release = sub.add_parser(
        "release",
        help="generate the learner versions and check that nothing secret leaked",
        description="Run nbgrader generate_assignment (always regenerating), then check that "
        "no solution or hidden-test line reached the release; a leaking notebook is deleted "
        "and the command fails.",
    )
    release.add_argument("assignments", nargs="*", metavar="ASSIGNMENT")
    release.add_argument("--all", action="store_true", help="every assignment in source/")
    release.set_defaults(func=_cmd_release)

    collect = sub.add_parser(
        "collect",
        help="bring submissions into submitted/ from an LMS download or the exchange",
        description="Collect submissions with nbgrader zip_collect (an LMS download: a zip "
        "file or a folder of files named by learner) or nbgrader collect (the exchange). "
        "Files that match no learner, and notebooks under a wrong name, are listed.",
    )
    collect.add_argument("assignment", metavar="ASSIGNMENT")
    source = collect.add_mutually_exclusive_group(required=True)
    source.add_argument("--from", dest="source", metavar="PATH", help="zip file or folder")
    source.add_argument("--exchange", action="store_true", help="the nbgrader exchange")
    collect.add_argument(
        "--pattern",
        metavar="REGEX",
        help="regular expression with (?P<student_id>...) and (?P<file_id>...), matched "
        "against each extracted path (default: files named <student>_<notebook>.ipynb)",
    )
    collect.add_argument(
        "--exchange-root",
        type=Path,
        metavar="DIR",
        help="exchange folder (default: the configured Exchange.root)",
    )
    collect.set_defaults(func=_cmd_collect)

    preflight = sub.add_parser(
        "preflight",
        help="check that the grading environment can import and run an assignment",
        description="Check that every module the source notebook imports can be imported by "
        "the grading kernel, then run the source notebook (solutions in place) and require "
        "every test cell to score full points.",
    )
    preflight.add_argument("assignment", metavar="ASSIGNMENT")
    preflight.add_argument(
        "--no-run", dest="run", action="store_false", help="only check the imports"
    )
    preflight.add_argument("--timeout", type=int, metavar="S", help="per-cell limit in seconds")
    preflight.set_defaults(func=_cmd_preflight)

    autograde = sub.add_parser(
        "autograde",
        help="grade every submission with nbgrader, in parallel and resumably",
        description="Grade submitted/<student>/ASSIGNMENT with nbgrader, N learners at a "
        "time. A rerun grades only new or changed submissions. Broken or hostile "
        "submissions are rejected or flagged with a reason; the batch always goes on.",
    )
    autograde.add_argument("assignment", metavar="ASSIGNMENT")
    autograde.add_argument("--student", metavar="ID", help="(re)grade this learner only")
    autograde.add_argument("--force", action="store_true", help="regrade every learner")
    autograde.add_argument(
        "--jobs", type=int, metavar="N", help="worker processes (default: one per CPU)"
    )
    autograde.add_argument(
        "--timeout",
        type=int,
        metavar="S",
        help="per-cell limit in seconds (default: the course's ExecutePreprocessor.timeout)",
    )
    autograde.add_argument(
        "--max-seconds",
        type=float,
        metavar="S",
        help="limit for one whole submission; past it the kernel is killed and the "
        "submission rejected (default: from the per-cell limit and the number of cells)",
    )
    autograde.add_argument("--no-progress", action="store_true", help="no progress bar")
    autograde.set_defaults(func=_cmd_autograde)

    feedback = sub.add_parser(
        "feedback",
        help="write feedback for learners",
        description="Generate the learners' feedback from the autograded notebooks.",
    )
    feedback.add_argument("assignment", metavar="ASSIGNMENT")
    feedback.add_argument("--student", metavar="ID", help="this learner only")
    feedback.set_defaults(func=_cmd_feedback)

    export = sub.add_parser(
        "export",
        help="export grades as CSV for the LMS",
        description="Write one row per learner (and, with --questions, one per question).",
    )
    export.add_argument(
        "--to", type=Path, metavar="CSV", help="grades file (default: <course>/grades.csv)"
    )
    export.add_argument("--questions", type=Path, metavar="CSV", help="per-question file")
    export.set_defaults(func=_cmd_export)

    items = sub.add_parser(
        "items",
        help="item analysis of an assignment's questions",
        description="Per question: mean score, spread, and how well it separates learners.",
    )
    items.add_argument("assignment", metavar="ASSIGNMENT")
    items.add_argument(
        "--to", type=Path, metavar="CSV", help="CSV file (default: <course>/items-ASSIGNMENT.csv)"
    )
    items.set_defaults(func=_cmd_items)

    for command in (release, collect, preflight, autograde, feedback, export, items):
        _add_common(command, top=False)
    return parser


def _relative(course: Course, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(course.root))
    except ValueError:
        return str(path)


def _cmd_release(course: Course, args: argparse.Namespace) -> int:
    from .release import release_assignments  # noqa: PLC0415

    if args.all and args.assignments:
        msg = "give assignment names or --all, not both"
        raise GradingError(msg)
    for result in release_assignments(course, args.assignments, every=args.all):
        for path in result.notebooks:
            print(f"{result.assignment}: released {_relative(course, path)}")
        print(
            f"{result.assignment}: checked, none of the {result.secret_lines} solution and "
            "hidden-test lines is in the release"
        )
    return 0


def _cmd_collect(course: Course, args: argparse.Namespace) -> int:
    from .collect import DEFAULT_PATTERN, collect_from_exchange, collect_from_lms  # noqa: PLC0415

    if args.exchange:
        if args.pattern:
            msg = "--pattern applies to --from only"
            raise GradingError(msg)
        result = collect_from_exchange(course, args.assignment, args.exchange_root)
    else:
        if args.exchange_root:
            msg = "--exchange-root applies to --exchange only"
            raise GradingError(msg)
        result = collect_from_lms(
            course, args.assignment, Path(args.source), pattern=args.pattern or DEFAULT_PATTERN
        )
    print(result.report())
    return 0


def _cmd_preflight(course: Course, args: argparse.Namespace) -> int:
    from .preflight import preflight  # noqa: PLC0415

    report = preflight(course, args.assignment, run=args.run, timeout=args.timeout)
    print(report.describe())
    return 0


def _cmd_autograde(course: Course, args: argparse.Namespace) -> int:
    from .autograde import autograde  # noqa: PLC0415

    summary = autograde(
        course,
        args.assignment,
        student=args.student,
        force=args.force,
        jobs=args.jobs,
        timeout=args.timeout,
        max_seconds=args.max_seconds,
        progress=not args.no_progress,
    )
    return summary.exit_status


def _cmd_feedback(course: Course, args: argparse.Namespace) -> int:
    from .feedback import generate_feedback  # noqa: PLC0415

    paths = generate_feedback(course.root, args.assignment, course.db_url, student=args.student)
    for path in paths:
        print(f"feedback: {_relative(course, Path(path))}")
    print(f"{args.assignment}: {len(paths)} feedback file(s) written")
    return 0


def _cmd_export(course: Course, args: argparse.Namespace) -> int:
    from .export import export_grades  # noqa: PLC0415

    out = args.to or course.path("grades.csv")
    grades, questions = export_grades(course.root, course.db_url, out, questions_out=args.questions)
    print(f"grades written to {grades}")
    if questions is not None:
        print(f"per-question scores written to {questions}")
    return 0


def _cmd_items(course: Course, args: argparse.Namespace) -> int:
    from .items import item_analysis, write_item_csv  # noqa: PLC0415

    stats = item_analysis(course.root, course.db_url, args.assignment)
    out = write_item_csv(stats, args.to or course.path(f"items-{args.assignment}.csv"))
    print(f"{args.assignment}: {len(stats)} question(s) analysed, written to {out}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``glutelab grade``.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments after ``grade``; defaults to ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 done, 1 failed, 2 bad arguments, 3 graded with problems.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # --help, or argparse's own usage error
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        course = open_course(args.course, args.db)
        return args.func(course, args)
    except GradingError as exc:
        print(f"glutelab grade {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("glutelab.grading."):
            print(
                f"glutelab grade {args.command}: error: this installation lacks {exc.name}",
                file=sys.stderr,
            )
            return EXIT_FAILED
        raise
    except KeyboardInterrupt:
        print(f"glutelab grade {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
