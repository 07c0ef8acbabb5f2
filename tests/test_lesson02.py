"""Lesson 02's calls and self-check: answers that depend on a model come from it."""

from __future__ import annotations

import math

from glutelab import frontal, lesson02
from glutelab.fieldtests_ui import FieldTests, SymptomChecklist
from glutelab.frontal_ui import PelvicDropExplorer
from glutelab.progress import ProgressStore
from glutelab.selfcheck import Numeric, SingleChoice, score


def _question(qid: str):
    return next(q for q in lesson02.questions() if q.id == qid)


def test_question_ids_are_unique_and_every_question_has_a_right_answer():
    ids = [q.id for q in lesson02.questions()]
    assert len(ids) == len(set(ids)) >= 6
    for q in lesson02.questions():
        if isinstance(q, Numeric):
            assert score(q, str(q.answer)).correct, q.id
        else:
            right = [i for i, o in enumerate(q.options) if o.correct]
            response = right[0] if isinstance(q, SingleChoice) else right
            assert score(q, response).correct, q.id


def test_odds_question_squares_the_published_ratio():
    q = _question("odds_two_degrees_more")
    assert math.isclose(q.answer, round(frontal.CPD_ODDS_RATIO.value**2, 2))
    assert not score(q, str(1.87 + 1.87)).correct  # adding instead of multiplying
    assert "multiply" in score(q, "2.0").feedback


def test_marker_question_uses_the_tangent_in_degrees():
    q = _question("pelvic_drop_from_markers")
    assert math.isclose(q.answer, round(math.degrees(math.atan(2 / 22)), 1))
    # Width over height (a common slip) is refused as implausible or marked wrong.
    assert not score(q, str(math.degrees(math.atan(22 / 2)))).correct


def test_lesson_calls_return_the_views(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    assert isinstance(lesson02.pelvic_drop(), PelvicDropExplorer)
    assert isinstance(lesson02.symptom_checklist(store), SymptomChecklist)
    assert isinstance(lesson02.field_test_panel(store), FieldTests)
    check = lesson02.self_check(store)
    check.view("bramah_odds_ratio_meaning").input.value = 1
    assert store.answer(lesson02.LESSON, "bramah_odds_ratio_meaning")["correct"] is True
