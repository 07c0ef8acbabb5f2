"""Lesson 05's module and notebook: computed answers match the model, answers save and restore."""

import json

import pytest
from conftest import LESSONS
from glutelab import cadence as C
from glutelab import lesson05
from glutelab.cadence_ui import CadenceCalculator, StepRateExplorer
from glutelab.progress import ProgressStore
from glutelab.quiz import SelfCheck
from glutelab.selfcheck import MultipleChoice, Numeric, SingleChoice, score

NOTEBOOK = LESSONS / f"{lesson05.LESSON}.ipynb"


@pytest.fixture(scope="module")
def questions():
    return {q.id: q for q in lesson05.questions()}


def test_lesson_key_is_the_notebook_stem():
    assert lesson05.LESSON == "05-cadence-step-length-and-form"
    assert NOTEBOOK.exists()


def test_five_or_six_questions_of_all_three_kinds_with_unique_ids():
    qs = lesson05.questions()
    assert 5 <= len(qs) <= 6
    assert len({q.id for q in qs}) == len(qs)
    assert {type(q) for q in qs} == {SingleChoice, MultipleChoice, Numeric}


def test_step_length_answer_is_the_models(questions):
    q = questions["step_after_cadence_change"]
    pace, per, spm, pct = lesson05.STEP_QUESTION
    v = C.pace_to_speed(pace, per)
    model = C.cadence_change(v, spm, pct).step_after_m
    assert q.answer == pytest.approx(model, abs=0.0005)
    # the arithmetic itself: 5:00 per km is 1000 m in 300 s; steps per second = spm / 60
    assert q.answer == pytest.approx((1000 / 300) / (spm * (1 + pct / 100) / 60), abs=0.0005)
    assert score(q, f"{model:.2f}").correct
    assert score(q, f"{model:.3f}".replace(".", ",")).correct


def test_step_length_feedback_names_the_percentage_slip(questions):
    q = questions["step_after_cadence_change"]
    pace, per, spm, pct = lesson05.STEP_QUESTION
    old = C.step_length(C.pace_to_speed(pace, per), spm)
    result = score(q, f"{old * (1 - pct / 100):.3f}")  # took pct % off the old step
    assert not result.correct
    assert "not by" in result.feedback and f"{q.answer:.3f}" in result.feedback
    assert not score(q, f"{old:.3f}").correct  # kept the old step


def test_metronome_answer_is_half_the_new_cadence(questions):
    q = questions["metronome_per_leg"]
    spm, pct = lesson05.METRONOME_QUESTION
    assert q.answer == pytest.approx(C.metronome(spm * (1 + pct / 100)).per_leg_bpm)
    assert q.answer == pytest.approx(88.0)
    every_step = score(q, str(spm * (1 + pct / 100)))
    assert not every_step.correct and "Once per leg is half" in every_step.feedback


def test_step_rate_question_marks_what_the_tables_say(questions):
    q = questions["step_rate_plus_10"]
    table = C.heiderscheit2011_table3()
    forces = C.lenhart2014_forces()
    truth = [
        table["peak hip adduction"][10] < table["peak hip adduction"][0],
        table["peak knee flexion"][10] < table["peak knee flexion"][0],
        table["knee flexion at initial contact"][10] < table["knee flexion at initial contact"][0],
        forces["gluteus medius, stance"][110] < forces["gluteus medius, stance"][100],
        forces["gluteus maximus, late swing"][110] < forces["gluteus maximus, late swing"][100],
    ]
    assert [o.correct for o in q.options] == truth
    assert truth == [True, True, False, True, False]  # the trade: stance down, late swing up
    assert score(q, [0, 1, 3]).correct
    partial = score(q, [0, 4])
    assert not partial.correct and 0 <= partial.score < 1


def test_origin_question_quotes_daniels_and_computed_steps(questions):
    q = questions["origin_of_180"]
    right = next(o for o in q.options if o.correct)
    assert "1984" in right.label and "47" in right.feedback
    assert f"{C.step_length(2.5, 180):.2f}" in q.explanation
    assert f"{C.step_length(5.5, 180):.2f}" in q.explanation


def test_braking_question_separates_hip_from_knee(questions):
    q = questions["overstride_braking"]
    right = next(i for i, o in enumerate(q.options) if o.correct)
    assert "hip" in q.options[right].label
    knee = score(q, 1)
    assert not knee.correct and "impact peak" in knee.feedback


def test_cue_question_uses_the_cue_grades(questions):
    q = questions["best_supported_cue"]
    grades = {c.key: c.grade for c in lesson05.FORM_CUES}
    right = next(o for o in q.options if o.correct)
    assert f"graded {grades['cadence_170_180']}" in right.feedback
    assert any(f"graded {grades['push_off_behind']}" in o.feedback for o in q.options)


def test_every_option_teaches(questions):
    for q in questions.values():
        assert q.explanation.strip()
        for option in getattr(q, "options", ()):
            assert len(option.feedback) > 30, option.label


def test_self_check_saves_and_restores(tmp_path):
    check = lesson05.self_check(store=ProgressStore(tmp_path / "p.json"))
    assert isinstance(check, SelfCheck)
    view = check.view("metronome_per_leg")
    view.input.value = f"{view.question.answer:g}"
    assert "glutelab-right" in view.feedback.value
    again = lesson05.self_check(store=ProgressStore(tmp_path / "p.json"))
    restored = again.view("metronome_per_leg")
    assert restored.input.value == f"{view.question.answer:g}"
    assert "glutelab-right" in restored.feedback.value


def test_empty_and_text_answers_get_messages(tmp_path):
    check = lesson05.self_check(store=ProgressStore(tmp_path / "p.json"))
    view = check.view("step_after_cadence_change")
    view.submit()
    assert "glutelab-invalid" in view.feedback.value
    view.input.value = "a bit shorter"
    assert "is not a number" in view.feedback.value
    view.input.value = "0.02"  # steps/min used as steps/s: refused, not marked wrong
    assert "plausible range" in view.feedback.value


# --- tables -------------------------------------------------------------------------------


def test_story_of_180_keeps_primary_and_secondary_apart():
    claims = lesson05.story_claims()
    assert all(c.status in lesson05.STATUSES for c in claims)
    statuses = {c.status for c in claims}
    assert {"verified", "secondary"} <= statuses
    daniels = C.reference_value("daniels_180")
    assert claims[0].status == daniels.status == "verified"
    assert any("176" in c.claim and c.status == "secondary" for c in claims)
    shown = lesson05.story_of_180().value
    for c in claims:
        assert c.status in shown
    assert "PMC8523042" in shown


def test_speed_table_is_speed_over_steps_per_second():
    shown = lesson05.speed_table().value
    for v in lesson05.SPEED_TABLE_M_S:
        assert f"{C.speed_to_pace(v, 'km')} per km" in shown
        for spm in (160, 170, 180):
            assert f"{v * 60 / spm:.2f} m" in shown


def test_form_cues_cover_the_seeds_and_are_graded():
    keys = {c.key for c in lesson05.FORM_CUES}
    assert {
        "neutral_pelvis",
        "lean_from_ankles",
        "push_off_behind",
        "foot_under_hip",
        "cadence_170_180",
        "mind_muscle",
        "hills_and_stairs",
    } <= keys
    assert all(c.grade in lesson05.GRADES for c in lesson05.FORM_CUES)
    shown = lesson05.form_cues().value
    for c in lesson05.FORM_CUES:
        assert c.grade in shown
    for grade in lesson05.GRADES:
        assert grade in shown


def test_views(tmp_path):
    calc = lesson05.calculator(store=ProgressStore(tmp_path / "p.json"))
    assert isinstance(calc, CadenceCalculator) and calc.lesson == lesson05.LESSON
    assert isinstance(lesson05.explorer(), StepRateExplorer)


# --- notebook -----------------------------------------------------------------------------


def test_notebook_is_clean_and_calls_the_module():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "".join(code[0]["source"]) == "from glutelab import lesson05 as lesson"
    sources = "\n".join("".join(c["source"]) for c in code)
    for call in (
        "lesson.calculator()",
        "lesson.explorer()",
        "lesson.story_of_180()",
        "lesson.speed_table()",
        "lesson.form_cues()",
        "lesson.self_check()",
    ):
        assert call in sources
    assert sources.count("lesson.explorer()") == 1  # one FigureWidget per page
    assert all(not c.get("outputs") and not c.get("execution_count") for c in code)
    assert "widgets" not in nb.get("metadata", {})
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "not medical advice" in text and "physiotherapist or doctor" in text
    assert "You will:" in text and "About 40 minutes" in text
    for name in ("Heiderscheit", "Lenhart", "Lieberman", "Daniels", "Chumanov", "Anderson"):
        assert name in text
