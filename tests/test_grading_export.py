"""The LMS export: one row per learner and one row per learner and question.

Runs on the graded course of ``test_grading_feedback`` (built once per session). Every
expected number comes from how the submissions were built and the points in the source
notebooks, not from the gradebook code under test.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from pathlib import Path

import nbformat
import pytest
from test_grading_feedback import (
    ABSENT,
    ANATOMY_ID,
    LEARNERS,
    MANUAL,
    SIGNS_ID,
    WRITTEN,
    GradedCourse,
    graded_course,
    points,
)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> GradedCourse:
    return graded_course(tmp_path_factory)


@pytest.fixture(scope="module")
def exported(course: GradedCourse, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from glutelab.grading.export import export_grades

    out = tmp_path_factory.mktemp("export")
    grades, questions = export_grades(
        course.root, course.db_url, out / "grades.csv", out / "questions.csv"
    )
    assert questions is not None
    return grades, questions


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def signs_points(course: GradedCourse) -> dict[str, float]:
    path = course.root / "source" / SIGNS_ID / f"{SIGNS_ID}.ipynb"
    return points(nbformat.read(path, as_version=4))


@pytest.mark.slow
def test_grades_csv_has_one_column_per_assignment(exported: tuple[Path, Path]) -> None:
    header, rows = read_csv(exported[0])
    assert header == ["student_id", ANATOMY_ID, SIGNS_ID, "total", "max_total", "pending_manual"]
    assert [r["student_id"] for r in rows] == sorted([*LEARNERS, ABSENT])


@pytest.mark.slow
def test_grades_csv_scores_count_manual_grades_and_leave_gaps(
    course: GradedCourse, exported: tuple[Path, Path]
) -> None:
    _, rows = read_csv(exported[0])
    by_learner = {r["student_id"]: r for r in rows}
    max_total = sum(points(course.source).values()) + sum(signs_points(course).values())
    signs_score = sum(v for v in course.signs_expected.values() if v is not None)
    for learner in LEARNERS:
        row = by_learner[learner]
        anatomy = sum(v or 0.0 for v in course.expected[learner].values())
        signs = signs_score if learner == "complete" else None
        assert float(row[ANATOMY_ID]) == pytest.approx(anatomy), learner
        assert row[SIGNS_ID] == ("" if signs is None else f"{signs:g}"), learner
        assert float(row["total"]) == pytest.approx(anatomy + (signs or 0.0)), learner
        assert float(row["max_total"]) == pytest.approx(max_total)
        pending = sum(v is None for v in course.expected[learner].values())
        if learner == "complete":
            pending += sum(v is None for v in course.signs_expected.values())
        assert int(row["pending_manual"]) == pending, learner
    # Graded by hand: the manual points are in the score.
    assert float(by_learner["complete"][ANATOMY_ID]) == pytest.approx(
        sum(points(course.source).values()) - points(course.source)[WRITTEN] + MANUAL["complete"]
    )
    # Never handed anything in: empty, not 0.
    absent = by_learner[ABSENT]
    assert [absent[ANATOMY_ID], absent[SIGNS_ID], absent["total"]] == ["", "", ""]
    assert absent["pending_manual"] == "0"
    # Handed in the untouched release: a real 0.
    assert by_learner["unchanged"][ANATOMY_ID] == "0"


@pytest.mark.slow
def test_questions_csv_has_every_graded_cell_of_every_submission(
    course: GradedCourse, exported: tuple[Path, Path]
) -> None:
    header, rows = read_csv(exported[1])
    assert header == [
        "student_id",
        "assignment",
        "notebook",
        "grade_id",
        "score",
        "max_score",
        "auto_score",
        "manual_score",
        "needs_manual_grade",
    ]
    worth = {ANATOMY_ID: points(course.source), SIGNS_ID: signs_points(course)}
    expected = {(learner, ANATOMY_ID): course.expected[learner] for learner in LEARNERS}
    expected[("complete", SIGNS_ID)] = course.signs_expected
    seen = {}
    for row in rows:
        key = (row["student_id"], row["assignment"])
        assert row["notebook"] == row["assignment"]
        seen.setdefault(key, []).append(row["grade_id"])
        want = expected[key][row["grade_id"]]
        assert row["max_score"] == f"{worth[row['assignment']][row['grade_id']]:g}"
        if want is None:
            assert (row["score"], row["needs_manual_grade"]) == ("", "true"), row
            assert (row["auto_score"], row["manual_score"]) == ("", ""), row
        else:
            assert float(row["score"]) == pytest.approx(want), row
            assert row["needs_manual_grade"] == "false", row
    assert {k: sorted(v) for k, v in seen.items()} == {k: sorted(v) for k, v in expected.items()}
    # Cells within a submission come in notebook order.
    assert seen[("complete", ANATOMY_ID)] == list(worth[ANATOMY_ID])
    manual = {
        r["student_id"]: r["manual_score"]
        for r in rows
        if r["grade_id"] == WRITTEN and r["manual_score"]
    }
    assert manual == {learner: f"{score:g}" for learner, score in MANUAL.items()}


@pytest.mark.slow
def test_relative_paths_and_optional_questions(
    course: GradedCourse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from glutelab.grading.export import export_grades

    monkeypatch.chdir(tmp_path)
    grades, questions = export_grades(course.root, course.db_url, Path("sub") / "g.csv")
    assert questions is None
    assert grades.resolve() == tmp_path / "sub" / "g.csv"
    assert grades.read_text(encoding="utf-8").startswith("student_id,")
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == ["g.csv"]  # no temp file left


@pytest.mark.slow
def test_unreadable_gradebooks_give_one_line_errors(course: GradedCourse, tmp_path: Path) -> None:
    from glutelab.grading.course import GradingError
    from glutelab.grading.export import export_grades

    with pytest.raises(GradingError, match="no gradebook at"):
        export_grades(tmp_path, f"sqlite:///{tmp_path / 'none.db'}", tmp_path / "g.csv")
    assert not (tmp_path / "none.db").exists()  # reading never creates a gradebook
    # A gradebook whose assignments were all deleted.
    shutil.copy2(course.root / "gradebook.db", tmp_path / "empty.db")
    with sqlite3.connect(tmp_path / "empty.db") as db:
        db.execute("DELETE FROM assignment")
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    with pytest.raises(GradingError, match="no assignments"):
        export_grades(tmp_path, empty, tmp_path / "g.csv")
    with pytest.raises(GradingError, match="not a database URL"):
        export_grades(tmp_path, "no url at all", tmp_path / "g.csv")


def test_format_number() -> None:
    from glutelab.grading.export import format_number

    assert [format_number(v) for v in (None, 0.0, -0.0, 2.0, 2.5, 1 / 3, 12.0000001)] == [
        "",
        "0",
        "0",
        "2",
        "2.5",
        "0.333333",
        "12",
    ]
