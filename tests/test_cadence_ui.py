"""Lesson 05's calculator and explorer driven headlessly: set .value, assert on HTML and traces."""

import html
import re

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import pytest
from glutelab import cadence as C
from glutelab import cadence_ui as U
from glutelab import gait as G
from glutelab.progress import ProgressStore


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "p.json")


@pytest.fixture
def calc(store):
    return U.CadenceCalculator(store=store)


@pytest.fixture
def view():
    return U.StepRateExplorer()


def cell(result_html: str, row: str, key: str) -> str:
    """Return the visible text of one table cell of the calculator's result."""
    match = re.search(rf"class='glutelab-{row}-{key}'[^>]*>([^<]*)</td>", result_html)
    assert match, f"no cell {row}-{key}"
    return html.unescape(match.group(1))


def trace(view, name):
    return view.figure.data[U.trace_index(name)]


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


# --- calculator: right numbers -----------------------------------------------------------


def test_default_inputs_show_the_models_step_lengths(calc):
    v = C.pace_to_speed("5:30", "km")
    assert calc.last.speed_m_s == pytest.approx(v)
    shown = calc.result.value
    assert cell(shown, "step", "now") == f"{C.step_length(v, 165):.2f} m"
    for key, pct in (("plus5", 5), ("plus10", 10), ("custom", calc.custom.value)):
        change = C.cadence_change(v, 165, pct)
        assert cell(shown, "step", key) == f"{change.step_after_m:.2f} m"
        assert cell(shown, "step-change", key) == (
            f"{100 * change.step_change_m:+.1f} cm ({change.step_change_pct:+.1f} %)"
        )
    assert "5:30 per km" in shown and f"{v:.2f} m/s" in shown
    assert "glutelab-cadence-calculator" in calc.widget._dom_classes


def test_typing_a_new_cadence_updates_step_lengths_and_metronome(calc):
    calc.cadence.value = "180"
    v = C.pace_to_speed("5:30", "km")
    shown = calc.result.value
    assert cell(shown, "step", "now") == f"{v * 60 / 180:.2f} m"
    assert cell(shown, "cadence", "plus10") == "198"
    assert cell(shown, "beat-step", "now") == "180 bpm"
    assert cell(shown, "beat-leg", "now") == "90 bpm"  # the seed's squeeze "at 90"
    assert cell(shown, "beat-leg", "plus5") == f"{C.metronome(189).per_leg_bpm:.1f} bpm"
    assert cell(shown, "step", "plus5") == f"{C.cadence_change(v, 180, 5).step_after_m:.2f} m"
    assert "glutelab-step-180" in shown
    assert calc.message.value == ""


def test_slider_sets_the_fourth_column(calc):
    calc.custom.value = -10.0
    v = C.pace_to_speed("5:30", "km")
    change = C.cadence_change(v, 165, -10)
    shown = calc.result.value
    assert cell(shown, "step", "custom") == f"{change.step_after_m:.2f} m"
    assert cell(shown, "step-change", "custom").startswith("+")  # a lower rate lengthens steps
    assert "-10 %" in shown


def test_landing_row_uses_lieberman_only_inside_the_tested_range(calc):
    calc.set_inputs("5:00", "min/km", "170")
    shown = calc.result.value
    effect = C.lieberman2015_effects(170, 187)
    assert cell(shown, "landing", "plus10") == f"{effect.landing_distance_change_pct:+.1f} %"
    calc.set_inputs("3:00", "min/km", "185")  # +5 % and +10 % leave 150-190 steps/min
    shown = calc.result.value
    assert cell(shown, "landing", "plus10") == "outside tested range"


@pytest.mark.parametrize(
    ("text", "unit"),
    [("3.2", "m/s"), ("11.52", "km/h"), ("5:12.5", "min/km"), ("8.3816", "min/mile")],
)
def test_every_unit_gives_the_same_arithmetic(calc, text, unit):
    assert calc.set_inputs(text, unit, "170")
    v = U.parse_speed(text, unit)
    assert v == pytest.approx(3.2, abs=0.001)
    assert cell(calc.result.value, "step", "now") == f"{v * 60 / 170:.2f} m"


def test_changing_the_unit_rewrites_the_box_in_the_new_unit(calc):
    calc.unit.value = "m/s"
    assert calc.speed.value == f"{C.pace_to_speed('5:30', 'km'):.2f}"
    assert calc.message.value == ""
    calc.unit.value = "min/mile"
    assert calc.speed.value == C.speed_to_pace(float(f"{1000 / 330:.2f}"), "mile")
    calc.unit.value = "km/h"
    assert calc.speed.value == "10.9"


def test_button_recalculates(calc):
    calc.cadence.unobserve(calc._on_input, names="value")
    calc.cadence.value = "175"
    calc.cadence.observe(calc._on_input, names="value")
    calc.button.click()
    v = C.pace_to_speed("5:30", "km")
    assert cell(calc.result.value, "step", "now") == f"{v * 60 / 175:.2f} m"


# --- calculator: bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", "Cadence must be more than zero"),
        ("-3", "Cadence must be more than zero"),
        ("abc", "Cadence must be a number in steps/min"),
        ("", "Type your cadence"),
        ("1700", "not a running cadence"),
    ],
)
def test_bad_cadence_gives_a_message_and_keeps_the_last_result(calc, text, expected):
    before = calc.result.value
    calc.cadence.value = text
    assert "glutelab-invalid" in calc.message.value
    assert expected in html.unescape(calc.message.value)
    assert "last good result is still shown" in calc.message.value
    assert calc.result.value == before
    assert cell(before, "step", "now") == cell(calc.result.value, "step", "now")


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("0", "m/s", "Speed must be more than zero; got 0 m/s"),
        ("-3", "km/h", "Speed must be more than zero; got -3 km/h"),
        ("abc", "m/s", "Speed must be a number in m/s"),
        ("", "km/h", "Type your speed in km/h"),
        ("0", "min/km", "more than zero time"),
        ("-3", "min/mile", "more than zero time"),
        ("abc", "min/km", "minutes:seconds"),
        ("", "min/km", "Type your pace"),
        ("40", "m/s", "outside what a runner can do"),
        ("0:40", "min/km", "outside what a runner can do"),
    ],
)
def test_bad_speed_gives_a_message_in_the_learners_unit(calc, text, unit, expected):
    before = calc.result.value
    assert not calc.set_inputs(text, unit, "170")
    assert "glutelab-invalid" in calc.message.value
    assert expected in html.unescape(calc.message.value)
    assert calc.result.value == before


def test_impossible_combination_is_refused(calc):
    assert not calc.set_inputs("12", "m/s", "65")
    assert "not a running step" in calc.message.value


def test_a_column_that_cannot_exist_is_explained_not_drawn(calc):
    assert calc.set_inputs("8", "m/s", "290")
    shown = calc.result.value
    assert cell(shown, "step", "plus10") == "—"
    assert "+10 %: The new cadence would be 319 steps/min, outside 60 to 300" in shown
    assert cell(shown, "step", "now") == f"{8 * 60 / 290:.2f} m"


def test_a_per_leg_count_gets_a_hint(calc):
    assert calc.set_inputs("5:30", "min/km", "90")
    assert "glutelab-warning" in calc.message.value
    assert "90 per leg is 180 steps/min" in calc.message.value


def test_an_unexpected_error_becomes_a_message(calc, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(U, "calculate", broken)
    calc.cadence.value = "171"
    assert "Something went wrong" in calc.message.value


# --- calculator: progress ------------------------------------------------------------------


def test_good_inputs_are_saved_and_restored(store, tmp_path):
    calc = U.CadenceCalculator(store=store)
    calc.set_inputs("4:45", "min/km", "172", 3.0)
    calc.cadence.value = "zero"  # a bad entry is not saved over the good one
    saved = ProgressStore(tmp_path / "p.json").items(U.LESSON, U.CALCULATOR_SECTION)["inputs"]
    assert (saved["pace"], saved["unit"], saved["cadence"], saved["percent"]) == (
        "4:45",
        "min/km",
        "172",
        3.0,
    )
    again = U.CadenceCalculator(store=ProgressStore(tmp_path / "p.json"))
    assert (again.speed.value, again.cadence.value, again.custom.value) == ("4:45", "172", 3.0)
    v = C.pace_to_speed("4:45", "km")
    assert cell(again.result.value, "step", "now") == f"{v * 60 / 172:.2f} m"


def test_unreadable_saved_inputs_fall_back_to_the_defaults(store, tmp_path):
    store.record_item(U.LESSON, U.CALCULATOR_SECTION, "inputs", {"pace": "fast", "unit": "m/s"})
    calc = U.CadenceCalculator(store=ProgressStore(tmp_path / "p.json"))
    assert "could not be read" in calc.message.value
    assert calc.speed.value == "5:30" and calc.last is not None


# --- explorer -----------------------------------------------------------------------------


def test_one_figure_widget_with_named_traces(view, calc):
    figures = [w for w in _walk(view.widget) if isinstance(w, go.FigureWidget)]
    assert figures == [view.figure]
    assert tuple(t.name for t in view.figure.data) == U.TRACES
    assert "glutelab-step-rate-explorer" in view.widget._dom_classes
    assert not [w for w in _walk(calc.widget) if isinstance(w, go.FigureWidget)]


def test_default_pose_is_the_hamner_runners_contact(view):
    leg = trace(view, "leg")
    hip, knee = G.hip_flexion(0), G.knee_flexion(0)
    assert leg.x[2] == pytest.approx(C.landing_distance(round(hip, 1), round(knee, 1)))
    assert leg.y[2] == 0.0
    assert leg.y[0] == pytest.approx(
        0.41 * np.cos(np.radians(29.5)) + 0.43 * np.cos(np.radians(9.8))
    )


def test_angle_sliders_move_the_foot_by_the_models_landing_distance(view):
    view.hip.value = 40.0
    view.knee.value = 10.0
    d = C.landing_distance(40, 10)
    leg = trace(view, "leg")
    assert leg.x[2] == pytest.approx(d)
    landing = trace(view, "landing distance")
    assert list(landing.x) == pytest.approx([0.0, d / 2, d])
    assert landing.text[1] == f"{d:.2f} m ahead of the hip"
    force = trace(view, "force line")
    assert list(force.x) == pytest.approx([d, 0.0])
    assert f"{d:.2f} m</b>" in view.readout.value


def test_step_rate_slider_moves_the_cursors_to_the_published_values(view):
    view.change.value = 10
    table = C.heiderscheit2011_table3()
    cursor = trace(view, "Heiderscheit cursor")
    assert list(cursor.x) == [10] * len(U.HEIDERSCHEIT_ANGLES)
    assert list(cursor.y) == pytest.approx([table[k][10] for k in U.HEIDERSCHEIT_ANGLES])
    assert list(trace(view, "Heiderscheit cursor line").x) == [10, 10]
    forces = C.lenhart2014_forces()
    lenhart = trace(view, "Lenhart cursor")
    assert list(lenhart.y) == pytest.approx([forces[k][110] for k in U.LENHART_BARS])
    bars = trace(view, "Lenhart: 110 %")
    assert list(lenhart.x) == pytest.approx(list(bars.x))  # the cursor sits on the 110 % bars
    assert "(measured)" in view.readout.value


def test_between_tested_rates_the_cursor_is_interpolated_and_says_so(view):
    view.change.value = 3
    adduction = C.heiderscheit2011_table3()["peak hip adduction"]
    expected = adduction[0] + 0.6 * (adduction[5] - adduction[0])
    cursor = trace(view, "Heiderscheit cursor")
    i = list(U.HEIDERSCHEIT_ANGLES).index("peak hip adduction")
    assert cursor.y[i] == pytest.approx(expected)
    assert "interpolated" in cursor.hovertext[i]
    gmed = C.lenhart2014_forces()["gluteus medius, stance"]
    lenhart = trace(view, "Lenhart cursor")
    assert lenhart.y[0] == pytest.approx(gmed[100] + 0.3 * (gmed[110] - gmed[100]))
    assert "interpolated" in view.readout.value


def test_step_rate_slider_moves_the_foot_and_the_previous_footprint(view):
    d = trace(view, "leg").x[2]
    view.change.value = -10
    after = U.BASE_CADENCE_SPM * 0.9
    effect = C.lieberman2015_effects(U.BASE_CADENCE_SPM, after)
    d_after = d * (1 + effect.landing_distance_change_pct / 100)
    assert trace(view, "after the change").x[0] == pytest.approx(d_after)
    assert d_after > d  # a lower rate lands further ahead
    step = C.step_length(U.BASE_SPEED_M_S, after)
    assert trace(view, "previous footprint").x[0] == pytest.approx(d_after - step)
    assert f"step {step:.2f} m" in trace(view, "step length").text[1]
    assert trace(view, "leg").x[2] == pytest.approx(d)  # the learner's own pose is unchanged


def test_invalid_state_gives_a_message_and_keeps_the_drawing(view):
    before = list(trace(view, "leg").x)
    assert not view.set_state(120, 20, 0)
    assert "not a landing angle" in view.message.value
    assert not view.set_state(30, 20, 25)
    assert "-10 to +10" in view.message.value
    assert list(trace(view, "leg").x) == before
    assert view.set_state(30, 20, 5)
    assert view.message.value == ""


def test_builder_draws_what_the_update_functions_return():
    fig = U.step_rate_figure(35, 15, -5)
    side = U.side_view_updates(35, 15, -5)
    for name, upd in zip(U.SIDE_TRACES, side, strict=True):
        assert list(fig.data[U.trace_index(name)].x) == pytest.approx(upd["x"])
    cursors = U.cursor_updates(-5)
    for name, upd in zip(U.CURSOR_TRACES, cursors, strict=True):
        assert list(fig.data[U.trace_index(name)].y) == pytest.approx(upd["y"])


def test_sliders_are_the_advertised_controls(view):
    assert (view.change.min, view.change.max) == U.CHANGE_RANGE_PCT
    assert isinstance(view.change, widgets.IntSlider)
    # the browser snaps values to the step: the cited starting angles must lie on it
    for slider in (view.hip, view.knee):
        steps = (slider.value - slider.min) / slider.step
        assert steps == pytest.approx(round(steps), abs=1e-9)


def test_readout_says_which_way_the_foot_moves(view):
    view.change.value = 5
    assert "% closer to the hip" in view.readout.value and "% larger" in view.readout.value
    view.change.value = -5
    assert "% further from the hip" in view.readout.value and "% smaller" in view.readout.value
    view.change.value = 0
    assert "Preferred step rate" in view.readout.value
