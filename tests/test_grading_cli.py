"""``glutelab grade``: the command line, ``collect`` and ``preflight``."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from glutelab.grading.cli import main
from grading_fixtures import build_course, copy_course, released_template

ASSIGNMENT = "01-anatomy"
COMMANDS = ("release", "collect", "preflight", "autograde", "feedback", "export", "items")


def _glutelab(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed ``glutelab`` command, as an instructor types it."""
    command = [str(Path(sys.executable).parent / "glutelab"), *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=env, check=False
    )


# --------------------------------------------------------------------------- the command


def test_grade_help_lists_every_command() -> None:
    proc = _glutelab("grade", "--help")
    assert proc.returncode == 0, proc.stderr
    for command in COMMANDS:
        assert f"    {command} " in proc.stdout, command
    assert "--course DIR" in proc.stdout
    assert "--db URL" in proc.stdout
    assert "3 autograde finished with learners rejected" in " ".join(proc.stdout.split())


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: glutelab grade {command}")
    assert "--course DIR" in out  # the global options work after the command too


def test_bad_assignment_name_is_a_one_line_error(tmp_path: Path) -> None:
    course = build_course(tmp_path / "course")
    proc = _glutelab("grade", "--course", str(course), "autograde", "01-anatom")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"glutelab grade autograde: error: no assignment '01-anatom' in {course / 'source'} "
        "(assignments: 01-anatomy)"
    ]


def test_usage_errors_exit_2_and_a_missing_course_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([]) == 2
    assert main(["autograde"]) == 2  # no assignment
    assert main(["autograde", ASSIGNMENT, "--jobs", "many"]) == 2
    assert main(["collect", ASSIGNMENT]) == 2  # neither --from nor --exchange
    capsys.readouterr()
    assert main(["--course", str(tmp_path / "nowhere"), "autograde", ASSIGNMENT]) == 1
    assert capsys.readouterr().err.strip() == (
        f"glutelab grade autograde: error: no course folder at {tmp_path / 'nowhere'}"
    )
    course = build_course(tmp_path / "course")
    assert main(["--course", str(course), "autograde", ASSIGNMENT, "--jobs", "0"]) == 1
    assert "--jobs must be at least 1" in capsys.readouterr().err
    assert main(["--course", str(course), "--db", "gradebook.db", "autograde", ASSIGNMENT]) == 1
    assert "--db wants a SQLAlchemy URL" in capsys.readouterr().err


def test_autograde_before_release_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = build_course(tmp_path / "course")
    folder = course / "submitted" / "ada" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / f"{ASSIGNMENT}.ipynb").write_text("{}")
    assert main(["--course", str(course), "autograde", ASSIGNMENT]) == 1
    assert capsys.readouterr().err.strip() == (
        "glutelab grade autograde: error: the gradebook has no assignment '01-anatomy': "
        "release it first (glutelab grade release 01-anatomy)"
    )


# --------------------------------------------------------------------------- collect


def _release_text(course: Path) -> str:
    return (course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()


@pytest.mark.slow
def test_collect_from_an_lms_zip_reports_what_it_could_not_place(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(released_template(tmp_path_factory), tmp_path / "course")
    text = _release_text(course)
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("submissions/ada_01-anatomy.ipynb", text)
        archive.writestr("submissions/grace_01-anatomy.ipynb", text)
        archive.writestr("submissions/Carol Smith - 01-anatomy.ipynb", text)  # no learner id
        archive.writestr("submissions/dave_homework.ipynb", text)  # wrong notebook name
        archive.writestr("submissions/readme.txt", "not a notebook")
    status = main(["--course", str(course), "collect", ASSIGNMENT, "--from", str(download)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "collected 3 learner(s) into submitted/<learner>/01-anatomy/: ada, dave, grace" in out
    assert "NOT COLLECTED: 2 file(s) match no learner:" in out
    # Shown as in downloaded/01-anatomy/extracted/ (nbgrader unpacks a zip into a folder
    # named after it).
    assert "  download/submissions/Carol Smith - 01-anatomy.ipynb" in out
    assert "  download/submissions/readme.txt" in out
    assert "WRONG NAME: 1 notebook(s) are not named 01-anatomy.ipynb" in out
    assert (
        "download/submissions/dave_homework.ipynb -> submitted/dave/01-anatomy/homework.ipynb"
        in out
    )
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["ada", "dave", "grace"]
    for learner in ("ada", "grace"):
        collected = course / "submitted" / learner / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        assert collected.read_text() == text

    # A folder download, with the LMS's own naming, replaces the earlier download.
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "ada--01-anatomy.ipynb").write_text(text.replace("YOUR ANSWER HERE", "My answer"))
    pattern = r".*/(?P<student_id>[^/]+)--(?P<file_id>[^/]+)$"
    args = ["--course", str(course), "collect", ASSIGNMENT, "--from", str(folder)]
    assert main([*args, "--pattern", pattern]) == 0
    out = capsys.readouterr().out
    assert "collected 1 learner(s)" in out
    assert "NOT COLLECTED" not in out
    assert (
        "My answer"
        in (course / "submitted" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    )

    assert main([*args, "--pattern", r".*/(?P<student>[^/]+)"]) == 1
    assert "--pattern needs the named groups file_id, student_id" in capsys.readouterr().err


@pytest.mark.slow
def test_collect_from_the_exchange(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(released_template(tmp_path_factory), tmp_path / "course")
    exchange = tmp_path / "exchange"
    text = _release_text(course)
    for learner, stamp, name in (
        ("ada", "2026-01-05 10:00:00.000000 UTC", f"{ASSIGNMENT}.ipynb"),
        ("ada", "2026-01-06 10:00:00.000000 UTC", f"{ASSIGNMENT}.ipynb"),  # newer: wins
        ("bob", "2026-01-05 11:00:00.000000 UTC", "my-copy.ipynb"),
    ):
        entry = (
            exchange / "glutelab" / "inbound" / f"{learner}+{ASSIGNMENT}+{stamp}+abc{len(stamp)}"
        )
        entry.mkdir(parents=True, exist_ok=True)
        (entry / name).write_text(text.replace("YOUR ANSWER HERE", f"{learner} at {stamp}"))
        (entry / "timestamp.txt").write_text(stamp)
    args = ["--course", str(course), "collect", ASSIGNMENT, "--exchange"]
    assert main([*args, "--exchange-root", str(exchange)]) == 0
    out = capsys.readouterr().out
    assert "collected 2 learner(s) into submitted/<learner>/01-anatomy/: ada, bob" in out
    assert "WRONG NAME: 1 notebook(s)" in out
    assert "-> submitted/bob/01-anatomy/my-copy.ipynb" in out
    ada = (course / "submitted" / "ada" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    assert "2026-01-06" in ada


# --------------------------------------------------------------------------- preflight


def _edit_source(course: Path, grade_id: str, edit) -> None:
    path = course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, 4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = edit(cell.source)
    nbformat.write(nb, path)


def test_preflight_names_a_missing_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = build_course(tmp_path / "course")
    _edit_source(course, "setup_imports", lambda s: s + "\nimport glutelab_missing_helpers.loads")
    assert main(["--course", str(course), "preflight", ASSIGNMENT]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(
        "glutelab grade preflight: error: 01-anatomy.ipynb imports "
        "'glutelab_missing_helpers.loads', which the grading environment ("
    )


@pytest.mark.slow
def test_preflight_runs_the_source_and_names_a_failing_test(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = build_course(tmp_path / "course")
    env_args = ["--course", str(course), "preflight", ASSIGNMENT]
    assert main(env_args) == 0
    out = capsys.readouterr().out
    assert "all 3 imported module(s) are importable by the grading kernel" in out
    assert "math, numpy, glutelab" in out
    assert "all 4 test cell(s) score full points" in out
    assert out.strip().endswith("01-anatomy: ready to grade")

    # A model solution that no longer passes its own hidden tests.
    _edit_source(
        course,
        "hip_extension_moment_answer",
        lambda s: s.replace("moment_arm_cm / 100.0", "moment_arm_cm / 10.0"),
    )
    assert main(env_args) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(
        "glutelab grade preflight: error: 01-anatomy.ipynb: with the solutions in place, "
        "test cell hip_extension_moment scores 0/2: AssertionError"
    )
    assert main([*env_args, "--no-run"]) == 0
    assert "ran" not in capsys.readouterr().out


def test_state_file_is_readable_json(tmp_path: Path) -> None:
    from glutelab.grading.autograde import load_state
    from glutelab.grading.course import open_course

    course = open_course(build_course(tmp_path / "course"))
    assert load_state(course, ASSIGNMENT) == {
        "assignment": ASSIGNMENT,
        "fingerprint": "",
        "students": {},
    }
    path = course.state_dir / f"{ASSIGNMENT}.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"assignment": ASSIGNMENT, "fingerprint": "x"}))
    assert load_state(course, ASSIGNMENT)["students"] == {}
