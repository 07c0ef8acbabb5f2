"""Lesson 04's stride explorer, headless: controls move the figure exactly as the model says."""

import math
import time

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import pytest
from glutelab import gait as G
from glutelab import gait_ui as U

JOINTS = ("hip", "knee", "ankle", "toe")


@pytest.fixture(scope="module")
def view():
    return U.StrideExplorer()


def _trace(view, name):
    return view.figure.data[U.trace_index(name)]


def _xy(trace):
    return list(zip(trace.x, trace.y, strict=True))


def _model_leg(percent, side):
    fig = G.stick_figure(percent)
    return [fig[side][j] for j in JOINTS]


# --- figure and frames -------------------------------------------------------------------


def test_one_figure_widget_with_the_named_traces(view):
    assert isinstance(view.figure, go.FigureWidget)
    assert [t.name for t in view.figure.data] == list(U.TRACES)
    assert "glutelab-stride" in view.widget._dom_classes
    figures = [c for c in view.widget.children if isinstance(c, go.FigureWidget)]
    assert figures == [view.figure]


def test_glute_bands_are_the_model_envelopes_and_say_they_are_simulated(view):
    frames = U.stride_frames()
    for muscle in G.GLUTE_MUSCLES:
        band = _trace(view, f"{muscle} (simulated force)")
        assert band.fill == "tozeroy"
        np.testing.assert_allclose(band.y, G.glute_activity(muscle, frames.percent))
    titles = [a.text for a in view.figure.layout.annotations]
    assert any(G.GLUTE_ACTIVITY_KIND in t and "not EMG" in t for t in titles)
    assert any("teaching model, not a simulation" in t for t in titles)


def test_angle_curves_and_phase_shading_follow_the_model(view):
    frames = U.stride_frames()
    np.testing.assert_allclose(_trace(view, "hip angle").y, G.hip_flexion(frames.percent))
    np.testing.assert_allclose(_trace(view, "knee angle").y, G.knee_flexion(frames.percent))
    rects = [s for s in view.figure.layout.shapes if s.type == "rect"]
    assert sorted({(s.x0, s.x1) for s in rects}) == [(p.start, p.end) for p in G.PHASES]
    lines = [s for s in view.figure.layout.shapes if s.type == "line"]
    assert {s.x0 for s in lines} == {G.key_value("toe_off").percent}


def test_frames_are_precomputed_once_and_match_the_model():
    frames = U.stride_frames()
    assert U.stride_frames() is frames  # cached: built once per process
    assert frames.percent.tolist() == list(range(101))
    assert frames.right.shape == frames.left.shape == (101, 4, 2)
    for i in (0, 17, 37, 50, 88, 100):
        np.testing.assert_allclose(frames.right[i], _model_leg(i, "right"), atol=1e-12)
        np.testing.assert_allclose(frames.left[i], _model_leg(i, "left"), atol=1e-12)
    np.testing.assert_allclose(frames.hip, G.hip_flexion(frames.percent))
    coarse = U.stride_frames(2.5)
    assert coarse.percent.size == 41 and coarse.percent[1] == 2.5
    np.testing.assert_allclose(coarse.right[3], _model_leg(7.5, "right"), atol=1e-12)


@pytest.mark.parametrize("step", [0, -1, 3, 60, "2", True])
def test_bad_frame_steps_are_refused(step):
    with pytest.raises(ValueError, match="step"):
        U.stride_frames(step)


def test_stance_side_follows_toe_off_and_the_half_stride_shift():
    toe_off = G.key_value("toe_off").percent
    frames = U.stride_frames()
    for p, side in zip(frames.percent, frames.stance, strict=True):
        right_down = G.phase_of(p) != "swing"
        left_down = G.phase_of((p + 50) % 100) != "swing"
        assert side == ("right" if right_down else "left" if left_down else None)
    # Running has two flight phases: right toe-off to left contact, left toe-off to right.
    assert U.stance_side(toe_off + 1) is None and U.stance_side(50 + toe_off + 1) is None
    # The ground sits under every foot that is down.
    for i, side in enumerate(frames.stance):
        if side:
            leg = frames.right[i] if side == "right" else frames.left[i]
            assert leg[2:, 1].min() >= frames.ground_y - 1e-12


# --- the stride slider ---------------------------------------------------------------------


def test_controls_are_labelled_and_the_play_button_animates_the_slider(view):
    assert view.slider.description == "Stride (%)"
    assert (view.slider.min, view.slider.max) == (0, 100)
    assert isinstance(view.play, widgets.Play)
    assert view.play.step == 2 and 60 <= view.play.interval <= 100 and view.play.max == 100
    link = view._link
    assert link.source == (view.play, "value") and link.target == (view.slider, "value")
    assert view.knee_delay.description == "Knee extension delay (% stride)"
    assert (view.knee_delay.min, view.knee_delay.max) == G.KNEE_DELAY_RANGE


@pytest.mark.parametrize("percent", [3, 10, 30, 45, 60, 99, 100])
def test_slider_moves_the_runner_to_the_model_positions(view, percent):
    view.slider.value = percent
    # Exactly the model's coordinates: the frames hold stick_figure's own numbers.
    assert _xy(_trace(view, "right leg")) == _model_leg(percent, "right")
    assert _xy(_trace(view, "left leg")) == _model_leg(percent, "left")
    side = U.stance_side(percent)
    highlight = _xy(_trace(view, "stance leg"))
    assert highlight == (_model_leg(percent, side) if side else [])
    for cursor in ("hip cursor", "knee cursor", "glute cursor"):
        assert list(_trace(view, cursor).x) == [percent, percent]
    hip_now, knee_now = _trace(view, "hip now"), _trace(view, "knee now")
    assert hip_now.x == (percent,) and hip_now.y[0] == pytest.approx(G.hip_flexion(percent))
    assert knee_now.y[0] == pytest.approx(G.knee_flexion(percent))
    glutes = _trace(view, "glutes now").y
    assert glutes[0] == pytest.approx(G.glute_activity("gluteus maximus", percent))
    assert glutes[1] == pytest.approx(G.glute_activity("gluteus medius", percent))


def test_slider_leaves_the_static_traces_alone(view):
    hip_before = list(_trace(view, "hip angle").y)
    push_before = list(_trace(view, "push direction").x)
    view.slider.value = 71
    assert list(_trace(view, "hip angle").y) == hip_before
    assert list(_trace(view, "push direction").x) == push_before


def test_off_grid_percent_is_drawn_from_the_model(view):
    assert view.set_percent(12.5)
    assert _xy(_trace(view, "right leg")) == _model_leg(12.5, "right")
    assert "12 % of the stride" in view.readout.value or "13 % of the stride" in view.readout.value


@pytest.mark.parametrize(
    ("percent", "phase", "feet"),
    [
        (3, "stance: initial contact", "right foot on the ground"),
        (10, "stance: mid-stance", "right foot on the ground"),
        (30, "stance: propulsion", "right foot on the ground"),
        (45, "swing", "flight: both feet off the ground"),
        (60, "swing", "left foot on the ground"),
    ],
)
def test_readout_names_the_phase_the_feet_and_the_angles(view, percent, phase, feet):
    view.slider.value = percent
    text = view.readout.value
    assert f"{percent} % of the stride · {phase}</b>" in text
    assert G.phase_of(percent) == phase
    assert feet in text
    hip = G.hip_flexion(percent)
    hip_words = f"{hip:.1f}° flexed" if hip >= 0 else f"{-hip:.1f}° extended"
    assert hip_words in text
    assert f"{G.knee_flexion(percent):.1f}° bent" in text
    assert view.message.value == ""


def test_glute_words_follow_the_simulated_activity():
    early = U.glute_words(3)
    gmax = G.glute_activity("gluteus maximus", 3)
    assert "just landed" in early and f"gluteus maximus near its peak ({gmax:.2f}" in early
    assert gmax >= 0.8
    mid = U.glute_words(60)
    assert "quiet" in mid and G.glute_activity("gluteus maximus", 60) < G.QUIET_LEVEL
    late = U.glute_words(90)
    assert "Late swing" in late and "slow the swinging leg" in late
    assert "Propulsion" in U.glute_words(30)


def test_slider_steps_are_cheap(view):
    start = time.perf_counter()
    for p in range(0, 101, 2):  # the play button's steps
        view.slider.value = p
    per_step = (time.perf_counter() - start) / 51
    assert per_step < 0.08, f"{per_step * 1000:.0f} ms per step: the animation would stutter"


# --- the knee-delay teaching model ----------------------------------------------------------


@pytest.mark.parametrize("delay", [0.0, 4.5, 10.0, 15.0])
def test_knee_delay_moves_the_arrow_and_the_readout_as_push_off_says(view, delay):
    view.knee_delay.value = delay
    result = G.push_off(delay)
    arrow = _trace(view, "push direction")
    angle = math.degrees(math.atan2(arrow.y[1] - arrow.y[0], arrow.x[1] - arrow.x[0]))
    assert angle == pytest.approx(result.push_direction_deg)
    assert arrow.text[1] == f"{result.push_direction_deg:.0f}°"
    # The drawn leg is the model's: its ankle-to-hip line points the same way.
    leg = _trace(view, "leg at toe-off")
    ankle_x, ankle_y = leg.x[2], leg.y[2]
    assert math.degrees(math.atan2(-ankle_y, -ankle_x)) == pytest.approx(result.push_direction_deg)
    marker = _trace(view, "toe-off in the teaching model")
    assert marker.x[0] == pytest.approx(result.toe_off_pct)
    assert marker.y[0] == pytest.approx(G.hip_flexion(result.toe_off_pct))
    text = view.readout.value
    assert f"{result.toe_off_pct:.1f} %" in text
    assert f"{result.hip_extension_by_toe_off_deg:.1f}°" in text
    assert f"{result.push_direction_deg:.0f}° above the horizontal" in text


def test_later_knee_gives_more_hip_extension_and_a_more_forward_push(view):
    view.knee_delay.value = 0.0
    steep = _trace(view, "push direction").y[1]
    view.knee_delay.value = 15.0
    assert _trace(view, "push direction").y[1] < steep
    assert G.push_off(15).hip_extension_by_toe_off_deg > G.push_off(0).hip_extension_by_toe_off_deg
    view.knee_delay.value = U.DEFAULT_KNEE_DELAY


def test_model_note_says_what_it_is_and_its_assumptions():
    note = U.MODEL_NOTE
    assert "teaching model, not a simulation" in note
    for assumption in ("hip follows", "same time to straighten", "ankle to hip"):
        assert assumption in note


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "words"),
    [(-5, "outside the stride"), (150, "outside the stride"), ("abc", "must be a number")],
)
def test_bad_percent_gives_a_message_and_keeps_the_drawing(bad, words):
    view = U.StrideExplorer(20)
    before = _xy(_trace(view, "right leg"))
    assert view.set_percent(bad) is False
    assert "glutelab-invalid" in view.message.value and words in view.message.value
    assert _xy(_trace(view, "right leg")) == before
    assert view.set_percent(25) is True
    assert view.message.value == ""


@pytest.mark.parametrize("bad", [20, -1, "soon", float("nan")])
def test_bad_knee_delay_gives_a_message(bad):
    view = U.StrideExplorer()
    before = list(_trace(view, "push direction").y)
    assert view.set_knee_delay(bad) is False
    assert "glutelab-invalid" in view.message.value and "knee delay" in view.message.value
    assert list(_trace(view, "push direction").y) == before


def test_bad_start_values_give_a_message_not_an_error():
    view = U.StrideExplorer(percent=130, knee_delay_percent=40)
    assert "Cannot start there" in view.message.value
    assert "Cannot use that knee delay" in view.message.value
    assert view.slider.value == 0
    assert _xy(_trace(view, "right leg")) == _model_leg(0, "right")
