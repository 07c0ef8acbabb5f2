"""The pelvic-drop figure and view, driven headlessly: set .value, assert on figure data."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest
from glutelab import frontal as M
from glutelab import frontal_ui as U


@pytest.fixture(scope="module")
def explorer():
    return U.PelvicDropExplorer()


def _trace(fig, name):
    (trace,) = [t for t in fig.data if t.name == name]
    return trace


def test_moving_traces_come_last_in_the_documented_order():
    fig = U.frontal_figure(3.7)
    names = tuple(t.name for t in fig.data[-len(U.MOVING_TRACES) :])
    assert names == U.MOVING_TRACES
    assert len(U.frontal_updates(3.7)) == len(U.MOVING_TRACES)
    assert len({t.name for t in fig.data}) == len(fig.data)  # names identify traces


def test_view_starts_at_the_healthy_mean(explorer):
    fresh = U.PelvicDropExplorer()
    assert fresh.slider.value == 3.7
    assert (fresh.slider.min, fresh.slider.max, fresh.slider.step) == (0, 12, 0.5)
    assert fresh.slider.description == "Pelvic drop (°)"
    assert list(_trace(fresh.figure, "this drop").x) == [3.7, 3.7]
    assert fresh.message.value == ""


def test_slider_drops_the_swing_side_of_the_pelvis(explorer):
    explorer.slider.value = 0
    for name in ("pelvis", "pelvis, close-up"):
        pelvis = _trace(explorer.figure, name)
        assert pelvis.y[0] == pytest.approx(pelvis.y[1])  # level
    explorer.slider.value = 8
    for name in ("pelvis", "pelvis, close-up"):
        pelvis = _trace(explorer.figure, name)
        stance_hip, swing_hip = np.array(pelvis.x), np.array(pelvis.y)
        drop_m = swing_hip[0] - swing_hip[1]
        assert drop_m == pytest.approx(M.HIP_WIDTH_M * math.sin(math.radians(8)))
        angle = math.degrees(math.atan2(drop_m, stance_hip[0] - stance_hip[1]))
        assert angle == pytest.approx(8)
        assert pelvis.line.color == U.COLORS["pelvis_high"]  # above 5.6°: red
    assert "drop 8.0°" in _trace(explorer.figure, "drop label").text[0]


def test_slider_moves_the_knee_inwards_by_the_model_amount(explorer):
    explorer.slider.value = 0
    knee0 = _trace(explorer.figure, "stance leg (right)").x[1]
    explorer.slider.value = 12
    knee12 = _trace(explorer.figure, "stance leg (right)").x[1]
    expected_cm = M.pose(12).knee_medial_shift_cm
    assert 100 * (knee0 - knee12) == pytest.approx(expected_cm)
    assert expected_cm > 1.5
    close = _trace(explorer.figure, "stance leg (right), close-up")
    assert close.x[1] == pytest.approx(knee12)
    shift = _trace(explorer.figure, "knee shift")
    assert 100 * (shift.x[0] - shift.x[1]) == pytest.approx(expected_cm)
    assert shift.x[0] == pytest.approx(knee0)  # starts at the level-pelvis knee
    level_line = _trace(explorer.figure, "knee with a level pelvis")
    assert list(level_line.x) == pytest.approx([knee0, knee0])
    assert f"{expected_cm:.1f} cm nearer the midline" in close.hovertext[1]


def test_pelvis_is_grey_up_to_the_healthy_mean_plus_one_sd(explorer):
    explorer.slider.value = 5.5
    assert _trace(explorer.figure, "pelvis").line.color == U.COLORS["pelvis"]
    assert _trace(explorer.figure, "this drop").marker.color == U.COLORS["pelvis"]
    explorer.slider.value = 6.0
    assert _trace(explorer.figure, "pelvis").line.color == U.COLORS["pelvis_high"]
    assert _trace(explorer.figure, "this drop").marker.color == U.COLORS["pelvis_high"]


def test_band_marker_and_cursor_sit_at_the_value(explorer):
    for value in (0.0, 4.5, 9.5):
        explorer.slider.value = value
        marker = _trace(explorer.figure, "this drop")
        assert list(marker.x) == [value, value]
        assert sorted(marker.y) == [0.0, 1.0]  # one on each band
        assert list(_trace(explorer.figure, "drop cursor").x) == [value, value]
        assert f"{value:.1f}° of pelvic drop" in marker.hovertext[0]


def test_readout_places_the_drop_among_the_groups(explorer):
    explorer.slider.value = 3
    text = explorer.readout.value
    assert "Pelvic drop 3.0°" in text
    assert "Inside the healthy runners' typical range (1.8–5.6°)" in text
    assert f"Hip adduction {M.hip_adduction_deg(3):.1f}°" in text
    assert f"{M.pose(3).knee_medial_shift_cm:.1f} cm nearer the midline" in text
    explorer.slider.value = 8
    text = explorer.readout.value
    assert "Inside the injured group's typical range (4.3–8.5°)" in text
    assert f"×{M.odds_relative_to(8):.2f}" in text
    lo, hi = M.odds_interval(8)
    assert f"95% CI ×{lo:.2f} to ×{hi:.2f}" in text
    assert "retrospective" in text and "not that the drop causes injury" in text
    explorer.slider.value = 5
    assert "overlap" in explorer.readout.value
    explorer.slider.value = 10
    text = explorer.readout.value
    assert "Above the injured group's typical range" in text
    assert "Odds: not shown" in text and "extrapolated" in text
    assert "physiotherapist or doctor" in text


def test_bands_span_the_published_mean_plus_minus_sd():
    fig = U.frontal_figure(3.7)
    for group, (mean, sd) in {"healthy": (3.7, 1.9), "injured": (6.4, 2.1)}.items():
        band = _trace(fig, f"{group} band")
        assert list(band.x) == pytest.approx([mean - sd, mean + sd])
        assert _trace(fig, f"{group} mean").x[0] == mean
        assert band.meta["status"] == "V"


def test_figure_cites_bramah_with_its_status():
    fig = U.frontal_figure(3.7)
    for group in ("healthy", "injured"):
        label = _trace(fig, f"{group} mean").text[0]
        assert "Bramah et al. 2018, verified" in label
        assert "Bramah et al. 2018, verified" in _trace(fig, f"{group} band").hovertext[0]
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert "Bramah et al. 2018" in notes and "(verified)" in notes
    assert "teaching model, not a measurement" in notes
    for label in ("stance leg (right)", "swing side (left)"):
        assert label in notes


def test_drawings_keep_equal_scales():
    fig = U.frontal_figure(3.7)
    for cell in ((1, 1), (1, 2)):
        sub = fig.get_subplot(*cell)
        assert sub.yaxis.scaleanchor == sub.xaxis.plotly_name.replace("axis", "")
        assert sub.yaxis.scaleratio == 1
    ground = _trace(fig, "ground")
    assert list(ground.y) == [0, 0]


def test_set_drop_accepts_text_and_rejects_bad_input(explorer):
    assert explorer.set_drop("6.5") is True
    assert explorer.slider.value == 6.5
    assert explorer.message.value == ""
    before = list(_trace(explorer.figure, "pelvis").y)
    for bad, words in (
        ("abc", "must be a number"),
        (13, "between 0° and 12°"),
        (-1, "between 0° and 12°"),
        (float("nan"), "finite"),
        ("", "must be a number"),
    ):
        assert explorer.set_drop(bad) is False
        assert words in explorer.message.value
        assert "glutelab-invalid" in explorer.message.value
        assert explorer.slider.value == 6.5
        assert list(_trace(explorer.figure, "pelvis").y) == before
    assert explorer.set_drop(2) is True
    assert explorer.message.value == ""
    assert list(_trace(explorer.figure, "this drop").x) == [2, 2]


def test_set_drop_to_the_current_value_still_redraws(explorer):
    explorer.set_drop(4)
    explorer.readout.value = ""
    assert explorer.set_drop(4) is True
    assert "Pelvic drop 4.0°" in explorer.readout.value


def test_invalid_start_value_shows_a_message_instead_of_raising():
    view = U.PelvicDropExplorer(drop_deg=20)
    assert view.slider.value == 3.7
    assert "between 0° and 12°" in view.message.value
    assert "Starting at 3.7°" in view.message.value


def test_a_failing_redraw_becomes_a_message(monkeypatch):
    view = U.PelvicDropExplorer()

    def broken(_drop):
        raise RuntimeError("boom")

    monkeypatch.setattr(U, "frontal_updates", broken)
    view.slider.value = 7
    assert "Something went wrong" in view.message.value


def test_builders_reject_bad_drops():
    with pytest.raises(ValueError, match="between 0° and 12°"):
        U.frontal_figure(13)
    with pytest.raises(ValueError, match="finite"):
        U.frontal_updates(float("inf"))


def test_widget_is_one_figure_widget_with_its_css_class(explorer):
    assert "glutelab-pelvic-drop" in explorer.widget._dom_classes
    figures = [w for w in explorer.widget.children if isinstance(w, go.FigureWidget)]
    assert figures == [explorer.figure]
    assert explorer.slider in explorer.widget.children
    assert explorer.readout in explorer.widget.children
    assert explorer.message in explorer.widget.children
