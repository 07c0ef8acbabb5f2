"""Lesson 03's explorer driven headlessly: set .value, assert on figure data and messages."""

import math

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
import pytest
from glutelab import foot as M
from glutelab import foot_ui as U


@pytest.fixture
def view():
    return U.FootChainExplorer()


def trace(view, name):
    return view.figure.data[U.trace_index(name)]


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_one_figure_widget_with_named_traces(view):
    figures = [w for w in _walk(view.widget) if isinstance(w, go.FigureWidget)]
    assert figures == [view.figure]
    assert tuple(t.name for t in view.figure.data) == U.TRACES
    assert "glutelab-foot-chain" in view.widget._dom_classes


def test_builder_draws_what_the_update_functions_return():
    fig = U.foot_chain_figure(60, 30, toe_grip=True, peak_eversion_deg=5, coupling=0.5)
    load = M.tripod_loads(60, 30, True)
    loads = U.tripod_updates(load)[1]
    assert list(fig.data[U.trace_index("loads")].text) == loads["text"]
    chain = M.stance_chain(5, 0.5)
    hip = fig.data[U.trace_index("hip internal rotation")]
    assert np.allclose(hip.y, chain.hip_ir_deg)


def test_peak_eversion_slider_redraws_the_chain_by_the_right_amount(view):
    view.peak_eversion.value = 8.0
    expected = 0.68 * (8.0 + 8.7)
    ev = np.array(trace(view, "rearfoot eversion").y)
    hip = np.array(trace(view, "hip internal rotation").y)
    assert ev.max() == pytest.approx(8.0)
    assert hip.max() == pytest.approx(expected, abs=1e-9)
    reach = trace(view, "reaches the hip")
    assert list(reach.y) == pytest.approx([0.0, expected])
    assert reach.text[1] == f"{expected:.1f}° reaches the hip"
    bars = trace(view, "glute lengthening")
    model = M.glute_lengthening(expected)
    assert list(bars.x) == pytest.approx([i.percent_optimal for i in model])
    assert f"{expected:.1f}°</b> of tibial" in view.readout.value


def test_coupling_slider_scales_the_tibia_and_hip_not_the_foot(view):
    ev_before = np.array(trace(view, "rearfoot eversion").y)
    tib_before = np.array(trace(view, "tibial internal rotation").y)
    view.coupling.value = 0.34
    assert np.allclose(trace(view, "rearfoot eversion").y, ev_before)
    assert np.allclose(trace(view, "tibial internal rotation").y, tib_before / 2)
    assert np.allclose(trace(view, "hip internal rotation").y, tib_before / 2)


def test_timing_slider_moves_the_peak_and_the_mid_stance_marker(view):
    view.peak_timing.value = 55
    ev = np.array(trace(view, "rearfoot eversion").y)
    x = np.array(trace(view, "rearfoot eversion").x)
    assert x[np.argmax(ev)] == pytest.approx(55, abs=1)
    events = trace(view, "events")
    assert list(events.x) == [0.0, 55.0, 100.0]
    assert "not verified" in events.hovertext[1]
    assert list(trace(view, "reaches the hip").x) == [55.0, 55.0]


def test_heel_slider_moves_load_and_pressure_centre(view):
    cop_before = trace(view, "centre of pressure").y[0]
    view.heel.value = 80
    loads = trace(view, "loads")
    assert loads.text[0] == "80%"
    assert loads.text[1] == "10%" and loads.text[2] == "10%"
    assert loads.marker.size[0] == pytest.approx(10 + 0.6 * 80)
    assert trace(view, "centre of pressure").y[0] < cop_before  # towards the heel
    assert "heel: <b>80%</b>" in view.readout.value


def test_medial_slider_loads_the_big_toe_ball_and_the_inner_heel(view):
    heel_x_before = trace(view, "tripod").x[0]
    view.medial.value = 90
    loads = trace(view, "loads")
    assert loads.marker.size[1] > loads.marker.size[2]  # 1st over 5th metatarsal head
    assert trace(view, "tripod").x[0] < heel_x_before  # heel contact moves medially
    assert trace(view, "tripod").x[0] == pytest.approx(M.tripod_loads(34, 90).points["heel"][0])


def test_toe_grip_toggle_shifts_load_onto_the_toes(view):
    assert trace(view, "loads").text[3] == "0%"
    view.toe_grip.value = True
    expected = M.tripod_loads(34, 50, True)
    assert trace(view, "loads").text[3] == f"{expected.loads['toes']:.0f}%"
    assert trace(view, "centre of pressure").y[0] == pytest.approx(expected.cop[1])
    assert "Toe grip is on" in view.readout.value
    assert view.toe_grip.description == "Toe grip: on"
    view.toe_grip.value = False
    assert trace(view, "loads").text[3] == "0%"


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda v: v.set_chain(math.nan, 0.68, 40), "peak eversion must be a finite number"),
        (lambda v: v.set_chain(5, 2.0, 40), "coupling must be between"),
        (lambda v: v.set_chain(5, 0.68, -10), "peak timing must be between"),
        (lambda v: v.set_chain("five", 0.68, 40), "must be a number"),
        (lambda v: v.set_tripod(-5, 50, False), "heel share must be between"),
        (lambda v: v.set_tripod(50, "inner", False), "medial share must be a number"),
        (lambda v: v.set_tripod(50, 50, "yes"), "toe grip must be True or False"),
    ],
)
def test_bad_values_give_a_message_and_leave_the_figure(view, call, words):
    before = [np.array(t.y, dtype=object).tolist() for t in view.figure.data]
    assert call(view) is False
    assert "glutelab-invalid" in view.message.value
    assert words in view.message.value
    after = [np.array(t.y, dtype=object).tolist() for t in view.figure.data]
    assert after == before
    # a good value afterwards clears the message and draws again
    assert view.set_chain(3.0, 0.5, 40) is True
    assert view.message.value == ""


def test_slider_values_outside_the_range_are_clamped_not_crashed(view):
    view.peak_eversion.value = 40  # the slider clamps to its maximum
    assert view.peak_eversion.value == M.PEAK_EVERSION_RANGE[1]
    assert np.array(trace(view, "rearfoot eversion").y).max() == pytest.approx(15.0)
    assert view.message.value == ""


def test_an_unexpected_error_becomes_a_message(view, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(M, "glute_lengthening", broken)
    view.coupling.value = 0.5  # must not raise into the page
    assert "Something went wrong" in view.message.value
    assert "glutelab-invalid" in view.message.value


def test_readout_reports_the_cited_comparison_and_every_compartment(view):
    text = view.readout.value
    assert "4.4°" in text  # Bramah et al. 2018 healthy runners' peak hip internal rotation
    for item in M.glute_lengthening(M.stance_chain().hip_ir_at_peak_deg):
        assert item.label in text
        assert f"{item.delta_mm:+.1f} mm" in text
        assert f"of {M.optimal_fibre_length_m(item.key) * 1000:.0f} mm" in text


def test_controls_are_the_ones_the_lesson_names(view):
    assert isinstance(view.toe_grip, widgets.ToggleButton)
    assert view.coupling.min == pytest.approx(0.3) and view.coupling.max == pytest.approx(1.0)
    assert view.coupling.value == pytest.approx(0.68)
    assert view.peak_eversion.value == pytest.approx(2.6)
    assert "not verified" in view.peak_timing.description
