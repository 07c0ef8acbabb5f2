"""Lesson 03's module and notebook: computed answers match the model, answers save and restore."""

import json

import pytest
from conftest import LESSONS
from glutelab import foot as M
from glutelab import lesson03
from glutelab.foot_ui import FootChainExplorer
from glutelab.progress import ProgressStore
from glutelab.quiz import SelfCheck
from glutelab.selfcheck import MultipleChoice, Numeric, SingleChoice, score

NOTEBOOK = LESSONS / f"{lesson03.LESSON}.ipynb"


@pytest.fixture(scope="module")
def questions():
    return {q.id: q for q in lesson03.questions()}


def test_lesson_key_is_the_notebook_stem():
    assert lesson03.LESSON == "03-feet-pronation-and-the-hip-chain"
    assert NOTEBOOK.exists()


def test_five_or_six_questions_of_all_three_kinds(questions):
    assert 5 <= len(questions) <= 6
    kinds = {type(q) for q in questions.values()}
    assert kinds == {SingleChoice, MultipleChoice, Numeric}


def test_numeric_hip_rotation_answer_is_the_models(questions):
    q = questions["hip_ir_at_midstance"]
    peak, k = lesson03.HIP_IR_QUESTION
    model = M.stance_chain(peak, k).hip_ir_at_peak_deg
    assert q.answer == pytest.approx(model, abs=0.05)
    assert q.answer == pytest.approx(k * (peak + 8.7), abs=0.05)  # the arithmetic itself
    assert score(q, f"{model:.2f}").correct
    assert score(q, str(model).replace(".", ",")).correct  # comma decimal mark


def test_numeric_feedback_names_the_usual_slip(questions):
    q = questions["hip_ir_at_midstance"]
    peak, k = lesson03.HIP_IR_QUESTION
    result = score(q, k * peak)  # forgot the inversion at contact
    assert not result.correct
    assert "inverted" in result.feedback
    assert f"{q.answer:g}" in result.feedback


def test_toe_grip_question_marks_what_the_model_does(questions):
    q = questions["toe_grip_effects"]
    relaxed = M.tripod_loads(34, 50, False)
    gripping = M.tripod_loads(34, 50, True)
    truth = [
        gripping.metatarsal_heads < relaxed.metatarsal_heads,
        gripping.loads["toes"] > relaxed.loads["toes"],
        gripping.loads["heel"] > relaxed.loads["heel"],
        gripping.cop[1] > relaxed.cop[1],
    ]
    assert [o.correct for o in q.options] == truth
    assert truth == [True, True, False, True]
    right = [i for i, o in enumerate(q.options) if o.correct]
    assert score(q, right).correct
    partial = score(q, [0, 2])
    assert not partial.correct and 0 <= partial.score < 1


def test_lengthening_question_quotes_the_models_millimetres(questions):
    q = questions["glute_lengthening_size"]
    middle = M.glute_lengthening(M.stance_chain().hip_ir_at_peak_deg)[1]
    assert middle.key == "glmax2"
    correct = next(o for o in q.options if o.correct)
    assert f"About {middle.delta_mm:.0f} mm" in correct.label
    assert f"{middle.percent_optimal:.0f}%" in correct.label
    sagittal = M.stance_flexion_change_mm("glmax2")
    assert any(f"{sagittal:.0f} mm" in o.label and not o.correct for o in q.options)


def test_every_option_teaches(questions):
    for q in questions.values():
        assert q.explanation.strip()
        for option in getattr(q, "options", ()):
            assert len(option.feedback) > 30, option.label


def test_single_choice_answers_score_right_and_wrong(questions):
    q = questions["foot_posture_risk"]
    right = next(i for i, o in enumerate(q.options) if o.correct)
    assert score(q, right).correct
    wrong = score(q, (right + 1) % len(q.options))
    assert not wrong.correct and "Neal" in wrong.feedback


def test_assumption_question_flags_the_unverified_timing(questions):
    q = questions["chain_assumptions"]
    timing = next(o for o in q.options if "of stance" in o.label)
    assert timing.correct
    measured = next(o for o in q.options if "inverted" in o.label)
    assert not measured.correct and "Bramah" in measured.feedback


def test_self_check_saves_and_restores(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    check = lesson03.self_check(store=store)
    assert isinstance(check, SelfCheck)
    view = check.view("hip_ir_at_midstance")
    view.input.value = f"{view.question.answer:g}"
    assert "glutelab-right" in view.feedback.value
    # a new kernel: the saved answer is shown again with its feedback
    again = lesson03.self_check(store=ProgressStore(tmp_path / "p.json"))
    restored = again.view("hip_ir_at_midstance")
    assert restored.input.value == f"{view.question.answer:g}"
    assert "glutelab-right" in restored.feedback.value


def test_empty_and_text_answers_get_messages(tmp_path):
    check = lesson03.self_check(store=ProgressStore(tmp_path / "p.json"))
    view = check.view("hip_ir_at_midstance")
    view.submit()
    assert "glutelab-invalid" in view.feedback.value
    view.input.value = "a lot"
    assert "is not a number" in view.feedback.value
    multi = check.view("chain_assumptions")
    multi.submit()
    assert "Tick at least one" in multi.feedback.value


def test_explorer_and_key_numbers():
    assert isinstance(lesson03.explorer(), FootChainExplorer)
    html = lesson03.key_numbers().value
    for entry in M.key_values().values():
        assert entry.meaning in html
    assert "NOT verified" in html  # the peak timing


def test_notebook_is_clean_and_calls_the_module():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "".join(code[0]["source"]) == "from glutelab import lesson03 as lesson"
    sources = "\n".join("".join(c["source"]) for c in code)
    assert "lesson.explorer()" in sources and "lesson.self_check()" in sources
    assert all(not c.get("outputs") and not c.get("execution_count") for c in code)
    assert "widgets" not in nb.get("metadata", {})
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "not medical advice" in text
    assert "You will:" in text and "About 25 minutes" in text
    assert "not verified" in text  # the timing assumption is flagged in prose
    for grade in ("**Strong**", "**Moderate**", "**Weak**", "**Unproven**"):
        assert grade in text
    assert "Neal et al. (2014)" in text or "Neal et al. 2014" in text
