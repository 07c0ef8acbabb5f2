"""Lesson 04's module: self-check answers come from the model, tables carry their status."""

import json
import re

import numpy as np
import pytest
from conftest import LESSONS
from glutelab import gait as G
from glutelab import lesson04 as L
from glutelab.gait_ui import StrideExplorer
from glutelab.progress import ProgressStore
from glutelab.selfcheck import MultipleChoice, Numeric, SingleChoice, score

NOTEBOOK = LESSONS / f"{L.LESSON}.ipynb"
FINE = np.linspace(0, 100, 20001)
STATUS_WORDS = {
    "verified",
    "computed from public data",
    "secondary",
    "unchecked",
    "model assumption",
}


@pytest.fixture(scope="module")
def qs():
    return {q.id: q for q in L.questions()}


def _right(q):
    return [i for i, o in enumerate(q.options) if o.correct]


# --- questions ----------------------------------------------------------------------------


def test_five_or_six_questions_of_every_type_with_unique_ids():
    questions = L.questions()
    assert 5 <= len(questions) <= 6
    ids = [q.id for q in questions]
    assert len(set(ids)) == len(ids)
    kinds = {type(q) for q in questions}
    assert kinds == {SingleChoice, MultipleChoice, Numeric}


def test_toe_off_answer_is_the_models_toe_off(qs):
    q = qs["toe_off_percent"]
    assert q.answer == G.key_value("toe_off").percent == pytest.approx(37.2)
    assert score(q, "37").correct and not score(q, "30").correct
    assert q.too_low in score(q, "30").feedback


def test_peak_hip_extension_answer_is_read_off_the_model_curve(qs):
    q = qs["peak_hip_extension"]
    lowest = -float(G.hip_flexion(FINE).min())
    assert q.answer == pytest.approx(lowest, abs=0.05)
    assert q.answer == pytest.approx(-G.key_value("hip_peak_extension").value, abs=2.0)
    # A learner who reads the angle at toe-off instead is told why that is short.
    at_toe_off = -G.hip_flexion(G.key_value("toe_off").percent)
    result = score(q, f"{at_toe_off - 2:.1f}")
    assert not result.correct and "after the foot leaves the ground" in result.feedback


def test_negative_extension_is_refused_with_a_message(qs):
    from glutelab.selfcheck import InvalidAnswer

    with pytest.raises(InvalidAnswer, match="outside the plausible range"):
        score(qs["peak_hip_extension"], "-27.8")


def test_hip_lead_is_the_onset_gap_in_milliseconds(qs):
    q = qs["hip_lead_ms"]
    gap = G.key_value("knee_stance_peak").percent - G.key_value("hip_extension_onset").percent
    assert q.answer == round(gap / 100 * G.key_value("stride_time").value * 1000) == 69
    # Velocities confirm the gap: hip extends, knee still flexes, between the two onsets.
    between = np.linspace(5.5, 14.5, 20)
    assert np.all(G.angular_velocity("hip", between) < 0)
    assert np.all(G.angular_velocity("knee", between) > 0)
    assert "units" in score(q, "690").feedback
    assert "share of the stride time" in score(q, "10").feedback
    assert score(q, "69 ms").correct


def test_gmax_timing_question_marks_the_window_of_the_simulated_peak(qs):
    q = qs["gmax_peak_timing"]
    peak = float(FINE[np.argmax(G.glute_activity("gluteus maximus", FINE))])
    assert peak < G.key_value("knee_stance_peak").percent  # peaks early in stance
    assert _right(q) == [0]
    toe_off_feedback = score(q, 1).feedback
    assert "toe-off" in toe_off_feedback and "under 1 %" in toe_off_feedback
    assert G.glute_activity("gluteus maximus", G.key_value("toe_off").percent) < 0.01


def test_knee_delay_question_follows_push_off(qs):
    q = qs["knee_delay_effects"]
    early, data = G.push_off(0), G.push_off(10)
    expected = [
        early.toe_off_pct < data.toe_off_pct,
        early.hip_extension_by_toe_off_deg < data.hip_extension_by_toe_off_deg,
        early.push_direction_deg > data.push_direction_deg,
        False,  # the model cannot make claims about real runners' speed
    ]
    assert [o.correct for o in q.options] == expected == [True, True, True, False]
    assert f"{early.push_direction_deg:.0f}°" in q.options[2].feedback
    assert "teaching model, not a simulation" in q.options[3].feedback
    assert score(q, _right(q)).correct
    partial = score(q, [0, 1])
    assert not partial.correct and partial.score == pytest.approx(2 / 3, abs=1e-3)
    assert "You left out" in partial.feedback


def test_gmax_roles_question_flags_the_unchecked_emg_timing(qs):
    q = qs["gmax_roles_evidence"]
    labels = {o.label: o.correct for o in q.options}
    unchecked = next(label for label in labels if "80–90 %" in label)
    assert labels[unchecked] is False
    emg_onset = next(f for f in G.emg_timing_windows() if f.key == "gmax_emg_onset")
    assert (emg_onset.pct_low, emg_onset.pct_high) == (80, 90)
    assert emg_onset.status == "unchecked"


def test_every_option_teaches(qs):
    for q in qs.values():
        if isinstance(q, Numeric):
            assert q.explanation and q.too_low and q.too_high
        else:
            assert all(len(o.feedback) > 30 for o in q.options)


# --- self-check widget ---------------------------------------------------------------------


def test_self_check_saves_and_restores_with_a_private_store(tmp_path):
    store = ProgressStore(tmp_path / "p.json")
    check = L.self_check(store=store)
    assert "glutelab-selfcheck" in check.widget._dom_classes
    view = check.view("toe_off_percent")
    view.input.value = "37"
    assert "glutelab-right" in view.feedback.value
    assert store.answer(L.LESSON, "toe_off_percent")["correct"] is True
    again = L.self_check(store=ProgressStore(tmp_path / "p.json"))
    restored = again.view("toe_off_percent")
    assert restored.input.value == "37"
    assert "glutelab-right" in restored.feedback.value


def test_empty_and_text_answers_give_a_message(tmp_path):
    check = L.self_check(store=ProgressStore(tmp_path / "p.json"))
    view = check.view("hip_lead_ms")
    view.input.value = "about seventy"
    assert "glutelab-invalid" in view.feedback.value and "not a number" in view.feedback.value
    multi = check.view("knee_delay_effects")
    multi.submit()
    assert "Tick at least one" in multi.feedback.value


# --- tables ----------------------------------------------------------------------------------


def test_cue_table_grades_every_seed_idea_with_the_four_grades():
    assert set(L.GRADES) == {"strong", "moderate", "weak", "unproven"}
    html = L.cue_table().value
    for cue in L.CUES:
        assert cue.description_grade in L.GRADES and cue.cue_grade in L.GRADES
        assert cue.cue.replace("'", "&#x27;") in html
    seeds = " ".join(c.seed for c in L.CUES)
    assert all(s in seeds for s in ("seed 001", "seed 002", "seed 003"))
    ideas = " ".join(c.cue.lower() for c in L.CUES)
    for idea in (
        "push the ground back",
        "drive with the hips",
        "hip extension before knee",
        "squeeze",
        "rotate inwards",
        "co-contraction",
    ):
        assert idea in ideas


def test_cue_evidence_quotes_the_model_and_status_words():
    n = L.model_numbers()
    engine = next(c for c in L.CUES if "engine" in c.cue)
    assert f"{n['gmax_peak_pct']:g} %" in engine.evidence
    assert f"{G.key_value('toe_off').percent:g} %" in engine.evidence
    squeeze = next(c for c in L.CUES if "Squeeze" in c.cue)
    assert squeeze.description_grade == "weak"
    for cue in L.CUES:
        cites = re.search(r"\(\w[^()]*\d{4}", cue.evidence) or "data" in cue.evidence
        if cites:  # every cited study or data set carries its status
            assert any(w in cue.evidence for w in STATUS_WORDS), cue.cue


def test_emg_table_shows_every_window_flagged_unchecked():
    html = L.emg_table().value
    windows = G.emg_timing_windows()
    assert len(windows) == html.count("<b>unchecked</b>") > 0
    for f in windows:
        assert f"{f.pct_low:g}–{f.pct_high:g} %" in html


def test_key_numbers_and_phases_come_from_the_model_tables():
    html = L.key_numbers().value
    assert html.count("<tr>") == len(G.KEY_VALUES) + 1
    assert all(kv.status in STATUS_WORDS for kv in G.KEY_VALUES)
    phases = L.phase_table().value
    for p in G.PHASES:
        assert f"{p.start:g}–{p.end:g} %" in phases


def test_explorer_is_the_stride_view():
    view = L.explorer(30)
    assert isinstance(view, StrideExplorer) and view.slider.value == 30


# --- the notebook ---------------------------------------------------------------------------


def test_notebook_is_clean_and_calls_the_lesson_module():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "".join(code[0]["source"]).strip() == "from glutelab import lesson04 as lesson"
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert "widgets" not in nb["metadata"]
    calls = " ".join("".join(c["source"]) for c in code)
    for call in ("lesson.explorer()", "lesson.cue_table()", "lesson.self_check()"):
        assert call in calls
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert text.count("not medical advice") == 1
    assert "You will:" in text and "minutes" in text
    assert "03-feet-pronation-and-the-hip-chain.ipynb" in text
    assert (LESSONS / "03-feet-pronation-and-the-hip-chain.ipynb").exists()
