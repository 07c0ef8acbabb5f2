"""``glutelab grade release``: learner versions, and a loud failure when one leaks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from glutelab.grading.cli import main
from glutelab.grading.release import find_leaks, secret_lines, split_regions
from grading_fixtures import build_course, copy_course, released_template

ASSIGNMENT = "01-anatomy"


def _cell(source: str, kind: str = "code") -> nbformat.NotebookNode:
    if kind == "code":
        return nbformat.v4.new_code_cell(source)
    return nbformat.v4.new_markdown_cell(source)


def _source() -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(
        cells=[
            _cell(
                "def speed(distance_m, time_s):\n"
                "    ### BEGIN SOLUTION\n"
                "    return distance_m / time_s\n"
                "    ### END SOLUTION"
            ),
            _cell(
                "assert speed(10, 2) == 5\n"
                "try:\n    speed(1, 0)\nexcept ZeroDivisionError:\n    pass\n"
                "### BEGIN HIDDEN TESTS\n"
                "assert speed(100, 9.58) > 10.4, 'Bolt ran faster than that'\n"
                "try:\n    speed(1, 0)\nexcept ZeroDivisionError:\n    pass\n"
                "### END HIDDEN TESTS"
            ),
            _cell(
                "### BEGIN SOLUTION\nA model answer about cadence and speed.\n### END SOLUTION",
                "md",
            ),
        ]
    )


def _release(*cells: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[_cell(c) for c in cells])


def test_split_regions_keeps_markers_out_of_both_sides() -> None:
    public, protected = split_regions(_source().cells[0].source)
    assert public == ["def speed(distance_m, time_s):"]
    assert protected == ["return distance_m / time_s"]


def test_secret_lines_leave_out_lines_that_are_also_public() -> None:
    secret = secret_lines(_source())
    assert "return distance_m / time_s" in secret
    assert "assert speed(100, 9.58) > 10.4, 'Bolt ran faster than that'" in secret
    assert "A model answer about cadence and speed." in secret
    # `try:` and the ZeroDivisionError check are in the visible tests too.
    assert "try:" not in secret
    assert "speed(1, 0)" not in secret


def test_a_clean_release_has_no_leaks() -> None:
    release = _release(
        "def speed(distance_m, time_s):\n    # YOUR CODE HERE\n    raise NotImplementedError()",
        "assert speed(10, 2) == 5\ntry:\n    speed(1, 0)\nexcept ZeroDivisionError:\n    pass",
    )
    assert find_leaks(_source(), release) == []


def test_a_hidden_line_in_the_release_is_a_leak_even_inside_other_text() -> None:
    release = _release(
        "def speed(distance_m, time_s):\n    pass",
        "x = 1  # assert speed(100, 9.58) > 10.4, 'Bolt ran faster than that'",
    )
    problems = find_leaks(_source(), release)
    assert problems == [
        "secret line \"assert speed(100, 9.58) > 10.4, 'Bolt ran faster than that'\""
    ]


def test_a_solution_in_an_output_is_a_leak() -> None:
    release = _release("print('hi')")
    release.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="return distance_m / time_s\n")
    ]
    assert find_leaks(_source(), release) == ["secret line 'return distance_m / time_s'"]


def test_a_misspelt_marker_left_in_the_release_is_a_leak() -> None:
    release = _release("assert speed(10, 2) == 5\n### BEGIN HIDDEN TEST\nassert True")
    assert find_leaks(_source(), release) == ["marker-like line '### BEGIN HIDDEN TEST'"]


@pytest.mark.slow
def test_release_all_generates_and_checks_every_assignment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = build_course(tmp_path / "course", ("01-anatomy", "02-signs-and-self-tests"))
    assert main(["--course", str(course), "release", "--all"]) == 0
    out = capsys.readouterr().out
    for name in ("01-anatomy", "02-signs-and-self-tests"):
        released = course / "release" / name / f"{name}.ipynb"
        assert released.is_file()
        assert f"{name}: released release/{name}/{name}.ipynb" in out
        text = released.read_text()
        assert "BEGIN HIDDEN TESTS" not in text
        assert "BEGIN SOLUTION" not in text
    assert out.count("none of the") == 2


@pytest.mark.slow
def test_release_fails_loudly_and_deletes_a_leaking_notebook(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_course(released_template(tmp_path_factory), tmp_path / "course")
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert released.is_file()
    # A configuration slip: hidden tests are no longer removed from the learner's version.
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nc.ClearHiddenTests.enabled = False\n")
    assert main(["--course", str(course), "release", ASSIGNMENT]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(
        "glutelab grade release: error: LEAK: release/01-anatomy/01-anatomy.ipynb shows"
    )
    assert "was deleted" in lines[0]
    assert not released.exists()


def test_release_of_an_unknown_assignment_names_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = build_course(tmp_path / "course")
    assert main(["--course", str(course), "release", "01-anatomie"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.splitlines() == [
        f"glutelab grade release: error: no assignment '01-anatomie' in {course / 'source'} "
        "(assignments: 01-anatomy)"
    ]
    assert main(["--course", str(course), "release"]) == 1
    assert "name an assignment to release, or use --all" in capsys.readouterr().err
