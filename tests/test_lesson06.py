"""Lesson 06's module and notebook: computed answers match the library, answers save and restore."""

import html
import json

import pytest
from conftest import LESSONS
from glutelab import exercises as X
from glutelab import lesson06
from glutelab.progress import ProgressStore
from glutelab.quiz import SelfCheck
from glutelab.selfcheck import MultipleChoice, Numeric, SingleChoice, score
from glutelab.strength_ui import ActivationChart, ProgrammeBuilder

NOTEBOOK = LESSONS / f"{lesson06.LESSON}.ipynb"


@pytest.fixture(scope="module")
def questions():
    return {q.id: q for q in lesson06.questions()}


def gmax(key, variant):
    return next(a.value for a in X.exercise(key).values("GMax") if a.variant == variant)


def test_lesson_key_is_the_notebook_stem():
    assert lesson06.LESSON == "06-activation-and-strength"
    assert NOTEBOOK.exists()


def test_notebook_calls_the_lesson_and_says_it_is_not_medical_advice():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    codes = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert codes[0] == "from glutelab import lesson06 as lesson"
    for call in (
        "lesson.library_table()",
        "lesson.activation_chart()",
        "lesson.two_schools()",
        "lesson.programme_builder()",
        "lesson.self_check()",
    ):
        assert call in codes
    prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert prose.lower().count("not medical advice") == 1  # said once, at the top
    assert "not medical advice" in prose.split("## 1")[0]
    assert "physiotherapist or doctor" in prose
    for name in ("Parr", "Harrison & McCabe", "Crow", "Hall", "Krause Neto", "Reiman", "Macadam"):
        assert name in prose
    assert "not checked" in prose and "not directly comparable" in prose


def test_five_or_six_questions_of_all_three_kinds_with_unique_ids():
    qs = lesson06.questions()
    assert 5 <= len(qs) <= 6
    assert len({q.id for q in qs}) == len(qs)
    assert {type(q) for q in qs} == {SingleChoice, MultipleChoice, Numeric}


def test_hip_thrust_difference_is_computed_from_the_library(questions):
    q = questions["hip_thrust_minus_squat"]
    up = gmax("hip_thrust", "barbell 10RM, upper GMax")
    squat = gmax("squat", "back squat 10RM, upper GMax")
    assert q.answer == pytest.approx(up - squat)
    assert q.answer == pytest.approx(40.1)
    assert score(q, "40.1").correct and score(q, "40,1 %").correct
    lower = score(q, "41.4")  # the lower part's difference
    assert not lower.correct and "lower part" in lower.feedback
    ratio = score(q, "2.4")
    assert not ratio.correct and "ratio" in ratio.feedback


def test_band_question_uses_band_of(questions):
    q = questions["step_up_band"]
    value = next(a.value for a in X.exercise("step_up").values("GMed") if a.variant == "forward")
    right = [o for o in q.options if o.correct]
    assert len(right) == 1 and right[0].label.startswith(X.band_of(value).name)
    assert right[0].label.startswith("very high")
    result = score(q, 2)  # "high"
    assert not result.correct and "not checked" in result.feedback


def test_no_value_question_matches_the_library(questions):
    q = questions["no_published_value"]
    truth = [X.exercise(k).evidence_status == X.NO_VALUE for k in lesson06.NO_VALUE_OPTIONS]
    assert [o.correct for o in q.options] == truth
    assert truth == [True, False, True, False, True, False]
    picked = [i for i, t in enumerate(truth) if t]
    assert score(q, picked).correct
    partial = score(q, [0, 1])
    assert not partial.correct and "has a value" in partial.feedback


def test_warm_up_question_reports_parr_faithfully(questions):
    q = questions["activation_warm_up"]
    right = next(o for o in q.options if o.correct)
    assert "lower" in right.label and "0.30" in right.feedback and "0.053" in right.feedback
    assert "high hang pulls" in q.prompt


def test_every_option_teaches():
    for q in lesson06.questions():
        if isinstance(q, Numeric):
            assert q.explanation and q.too_low and q.too_high
        else:
            assert all(len(o.feedback) > 20 for o in q.options), q.id


def test_library_table_lists_every_exercise_with_its_status():
    table = html.unescape(lesson06.library_table().value)
    for ex in X.library():
        assert f"data-key='{ex.key}'" in table
        assert ex.evidence_status in table
    assert table.count("class='glutelab-library-row'") == len(X.library())
    assert "[unchecked]" in table and "[secondary]" in table
    seed_first = table.index("data-key='glute_bridge'") < table.index("data-key='glute_squeeze'")
    assert seed_first


def test_two_schools_are_side_by_side_with_library_numbers():
    text = html.unescape(lesson06.two_schools().value)
    assert "Activate and strengthen" in text and "Load through length" in text
    clam = sorted(a.value for a in X.exercise("clamshell").values("GMed"))
    assert f"clamshell {clam[0]:g}-{clam[-1]:g} %" in text
    assert "heel rocker" in text and "co-contraction" in text


def test_lesson_functions_return_the_views(tmp_path):
    assert isinstance(lesson06.activation_chart(), ActivationChart)
    builder = lesson06.programme_builder(store=ProgressStore(tmp_path / "p.json"))
    assert isinstance(builder, ProgrammeBuilder)


def test_self_check_saves_and_restores(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    check = lesson06.self_check(store=store)
    assert isinstance(check, SelfCheck)
    view = next(v for v in check.views if v.question.id == "hip_thrust_minus_squat")
    view.input.value = "40.1"
    assert view.last_result.correct
    again = lesson06.self_check(store=ProgressStore(tmp_path / "p.json"))
    restored = next(v for v in again.views if v.question.id == "hip_thrust_minus_squat")
    assert restored.input.value == "40.1" and restored.last_result.correct
