"""The stride model against its cited key values (Hamner 2010 [D], Lenhart 2014 [V])."""

import csv
from importlib.resources import files

import numpy as np
import pytest
from glutelab import gait as G

FINE = np.linspace(0.0, 100.0, 20001)  # 0.005 % steps
STATUSES = {"verified", "computed from public data", "unchecked", "model assumption"}


def _extremum(joint, kind, around, half_width=10.0):
    """Time and value of the model's max/min within ±half_width % of ``around``."""
    t = np.linspace(around - half_width, around + half_width, 8001)
    y = G.joint_angle(joint, t)
    i = np.argmax(y) if kind == "max" else np.argmin(y)
    return t[i], y[i]


# key, joint, max or min: every published peak of the two curves
PEAKS = [
    ("hip_peak_flexion", "hip", "max"),
    ("hip_peak_extension", "hip", "min"),
    ("knee_stance_peak", "knee", "max"),
    ("knee_most_extended", "knee", "min"),
    ("knee_swing_peak", "knee", "max"),
]


@pytest.mark.parametrize(("key", "joint", "kind"), PEAKS)
def test_peaks_within_2_degrees_and_2_percent_of_the_cited_values(key, joint, kind):
    kv = G.key_value(key)
    when, angle = _extremum(joint, kind, kv.percent)
    assert when == pytest.approx(kv.percent, abs=2.0)
    assert angle == pytest.approx(kv.value, abs=2.0)


def test_peaks_are_the_curves_overall_extremes():
    hip, knee = G.hip_flexion(FINE), G.knee_flexion(FINE)
    assert FINE[np.argmax(hip)] == pytest.approx(83, abs=2)
    assert FINE[np.argmin(hip)] == pytest.approx(43, abs=2)
    assert FINE[np.argmax(knee)] == pytest.approx(69, abs=2)
    assert FINE[np.argmin(knee)] == pytest.approx(36, abs=2)


@pytest.mark.parametrize(("key", "joint"), [("hip_ic", "hip"), ("knee_ic", "knee")])
def test_angles_at_initial_contact(key, joint):
    assert G.joint_angle(joint, 0.0) == pytest.approx(G.key_value(key).value, abs=2.0)


def test_hip_peaks_in_early_stance_at_5_percent_then_extends_to_peak_extension():
    when, angle = _extremum("hip", "max", around=7.0, half_width=7.0)
    assert when == pytest.approx(G.key_value("hip_extension_onset").percent, abs=2.0)
    assert angle == pytest.approx(G.key_value("hip_ic").value + G.hip_stance_peak_rise(), abs=0.05)
    assert 0 < G.hip_stance_peak_rise() < 2  # a small bump: the source gives no height
    stance = (FINE > 5.1) & (FINE < 42.9)
    assert np.all(G.angular_velocity("hip", FINE[stance]) < 0)


def test_hip_extends_before_the_knee():
    # Hamner subject [D]: hip extension from 5 %, knee keeps flexing until 15 %.
    between = np.linspace(5.5, 14.5, 50)
    assert np.all(G.angular_velocity("hip", between) < 0)
    assert np.all(G.angular_velocity("knee", between) > 0)


@pytest.mark.parametrize("joint", G.JOINTS)
def test_fastest_extension_in_late_stance_at_27_percent(joint):
    stance = FINE[(FINE > 0) & (FINE < 37.2)]
    fastest = stance[np.argmin(G.angular_velocity(joint, stance))]
    assert fastest == pytest.approx(G.key_value("extension_velocity_peak").percent, abs=2.0)


@pytest.mark.parametrize("joint", G.JOINTS)
def test_curve_is_periodic_in_value_and_slope(joint):
    h = 1e-3
    left = (G.joint_angle(joint, 0.0) - G.joint_angle(joint, 100.0 - h)) / h
    right = (G.joint_angle(joint, h) - G.joint_angle(joint, 0.0)) / h
    assert G.joint_angle(joint, 100.0) == pytest.approx(G.joint_angle(joint, 0.0))
    assert left == pytest.approx(right, abs=1e-2)
    assert G.joint_angle(joint, 150.0) == pytest.approx(G.joint_angle(joint, 50.0))


def test_angles_are_vectorised_and_scalars_stay_scalars():
    grid = np.arange(0, 101, 10).reshape(11, 1)
    out = G.hip_flexion(grid)
    assert isinstance(out, np.ndarray) and out.shape == (11, 1)
    assert isinstance(G.knee_flexion(37), float)
    assert out[3, 0] == pytest.approx(G.hip_flexion(30))


def test_angular_velocity_is_the_slope_in_degrees_per_second():
    t, h = 20.0, 1e-4
    slope_per_pct = (G.knee_flexion(t + h) - G.knee_flexion(t - h)) / (2 * h)
    assert G.angular_velocity("knee", t) == pytest.approx(slope_per_pct * 100 / 0.690, rel=1e-4)
    assert G.angular_velocity("knee", t, stride_time_s=0.345) == pytest.approx(
        2 * G.angular_velocity("knee", t)
    )


@pytest.mark.parametrize(
    ("bad", "match"),
    [("abc", "must be a number"), (np.nan, "finite"), (True, "not True/False")],
)
def test_bad_percent_gives_a_readable_message(bad, match):
    with pytest.raises(ValueError, match=match):
        G.hip_flexion(bad)


def test_unknown_joint_and_muscle_are_refused():
    with pytest.raises(ValueError, match="choose 'hip' or 'knee'"):
        G.joint_angle("ankle", 10)
    with pytest.raises(ValueError, match="gluteus maximus"):
        G.glute_activity("gluteus minimus", 10)
    with pytest.raises(KeyError, match="choose from"):
        G.key_value("nope")


# --- events and phases -----------------------------------------------------------------


def test_events_in_time_order_with_cited_timings():
    evs = G.events()
    times = [e.percent for e in evs]
    assert times == sorted(times)
    assert evs[0].key == "initial_contact" and evs[0].percent == 0
    by_key = {e.key: e for e in evs}
    assert by_key["toe_off"].percent == pytest.approx(37.2)
    assert by_key["hip_peak_extension"].percent > by_key["toe_off"].percent
    assert all("Hamner" in e.source for e in evs[1:])


def test_phases_cover_the_stride_without_gaps():
    starts = [p.start for p in G.PHASES]
    ends = [p.end for p in G.PHASES]
    assert starts[0] == 0 and ends[-1] == 100
    assert starts[1:] == ends[:-1]
    assert all(p.reason for p in G.PHASES)


@pytest.mark.parametrize(
    ("percent", "phase"),
    [
        (0, "stance: initial contact"),
        (4.9, "stance: initial contact"),
        (5, "stance: mid-stance"),
        (14.9, "stance: mid-stance"),
        (15, "stance: propulsion"),
        (37.1, "stance: propulsion"),
        (37.2, "swing"),
        (83, "swing"),
        (100, "stance: initial contact"),
    ],
)
def test_phase_of(percent, phase):
    assert G.phase_of(percent) == phase


@pytest.mark.parametrize(
    ("bad", "match"), [(-1, "outside the stride"), (101, "outside"), ("x", "number")]
)
def test_phase_of_refuses_points_outside_the_stride(bad, match):
    with pytest.raises(ValueError, match=match):
        G.phase_of(bad)


# --- stick figure ----------------------------------------------------------------------


def _length(a, b):
    return float(np.hypot(a[0] - b[0], a[1] - b[1]))


@pytest.mark.parametrize("percent", [0, 12.5, 37.2, 50, 69, 83, 99.9])
def test_stick_figure_segments_keep_their_lengths(percent):
    fig = G.stick_figure(percent)
    for leg in fig.values():
        assert leg["hip"] == (0.0, 0.0)
        assert _length(leg["hip"], leg["knee"]) == pytest.approx(G.THIGH_M)
        assert _length(leg["knee"], leg["ankle"]) == pytest.approx(G.SHANK_M)
        assert _length(leg["ankle"], leg["toe"]) == pytest.approx(G.FOOT_M)


def _points(leg):
    return np.array([leg[name] for name in ("hip", "knee", "ankle", "toe")])


def test_left_leg_is_half_a_stride_behind_the_right():
    np.testing.assert_allclose(
        _points(G.stick_figure(60)["left"]), _points(G.stick_figure(10)["right"])
    )
    np.testing.assert_allclose(
        _points(G.stick_figure(10)["left"]), _points(G.stick_figure(60)["right"])
    )
    assert not np.allclose(
        _points(G.stick_figure(10)["left"]), _points(G.stick_figure(10)["right"])
    )


def test_stick_figure_matches_the_angles():
    fig = G.stick_figure(0)["right"]
    kx, ky = fig["knee"]
    thigh_angle = np.degrees(np.arctan2(kx, -ky))
    assert thigh_angle == pytest.approx(G.hip_flexion(0))
    # At contact the foot lands ahead of the hip; at toe-off it is behind.
    assert fig["ankle"][0] > 0
    assert G.stick_figure(37.2)["right"]["ankle"][0] < 0


def test_thigh_length_is_the_rajagopal_hip_to_knee_distance():
    rows = list(
        csv.DictReader(
            files("glutelab").joinpath("data", "rajagopal2016_landmarks.csv").open(encoding="utf-8")
        )
    )
    knee = next(r for r in rows if r["landmark"] == "knee_centre")
    distance = np.linalg.norm([float(knee[c]) for c in ("x_m", "y_m", "z_m")])
    assert distance == pytest.approx(G.THIGH_M, abs=0.005)


def test_stick_figure_refuses_bad_lengths():
    with pytest.raises(ValueError, match="thigh length must be between"):
        G.stick_figure(10, thigh_m=3)
    with pytest.raises(ValueError, match="number of metres"):
        G.stick_figure(10, shank_m="long")


# --- hip-before-knee teaching model ----------------------------------------------------


def test_push_off_reproduces_the_data_at_a_10_percent_delay():
    result = G.push_off(10)
    assert result.knee_extension_onset_pct == pytest.approx(15.0)
    assert result.toe_off_pct == pytest.approx(37.2)
    assert result.hip_extension_by_toe_off_deg == pytest.approx(
        G.hip_flexion(5) - G.hip_flexion(37.2)
    )


def test_push_off_is_monotone_in_the_knee_delay():
    runs = [G.push_off(d) for d in np.linspace(0, 15, 31)]
    before_knee = [r.hip_extension_before_knee_deg for r in runs]
    by_toe_off = [r.hip_extension_by_toe_off_deg for r in runs]
    direction = [r.push_direction_deg for r in runs]
    assert before_knee[0] == pytest.approx(0.0)
    assert np.all(np.diff(before_knee) > 0)
    assert np.all(np.diff(by_toe_off) > 0)
    assert np.all(np.diff(direction) < 0)  # later knee: push turns more forward
    assert 0 < direction[-1] < direction[0] < 90


@pytest.mark.parametrize(
    ("bad", "match"), [(-2, "between 0 and 15"), (20, "between"), ("soon", "number")]
)
def test_push_off_refuses_delays_outside_the_model(bad, match):
    with pytest.raises(ValueError, match=match):
        G.push_off(bad)


# --- glute activity --------------------------------------------------------------------


def _local_max(muscle, lo, hi):
    t = FINE[(lo <= FINE) & (hi >= FINE)]
    y = G.glute_activity(muscle, t)
    return t[np.argmax(y)], float(np.max(y))


def _lenhart(muscle, phase):
    return next(
        float(r["force_n_per_kg"])
        for r in csv.DictReader(
            files("glutelab")
            .joinpath("data", "lenhart2014_step_rate_forces.csv")
            .open(encoding="utf-8")
        )
        if r["muscle"] == muscle and r["phase"] == phase and r["step_rate_pct"] == "100"
    )


@pytest.mark.parametrize(
    ("muscle", "peak_lo", "peak_hi"), [("gluteus maximus", 4, 5), ("gluteus medius", 9, 11)]
)
def test_envelopes_peak_in_early_stance_where_the_simulation_does(muscle, peak_lo, peak_hi):
    env = G.glute_activity(muscle, FINE)
    assert env.max() == pytest.approx(1.0)
    assert env.min() >= 0
    assert peak_lo <= FINE[np.argmax(env)] <= peak_hi


@pytest.mark.parametrize(
    ("muscle", "quiet_from"), [("gluteus maximus", 25), ("gluteus medius", 30)]
)
def test_envelopes_quiet_in_mid_swing(muscle, quiet_from):
    quiet = FINE[(quiet_from <= FINE) & (FINE <= 75)]
    assert np.all(G.glute_activity(muscle, quiet) < 0.05)


@pytest.mark.parametrize("muscle", G.GLUTE_MUSCLES)
def test_late_swing_burst_at_86_percent_with_lenhart_height(muscle):
    when, height = _local_max(muscle, 78, 90)
    assert 85 <= when <= 87  # gmax CMC excitation >= half its peak at 85-87 % [D]
    ratio = _lenhart(muscle, "late swing") / _lenhart(muscle, "stance")
    assert height == pytest.approx(ratio, abs=0.01)
    # ... and a dip after it: a burst, not just the rise into contact
    assert G.glute_activity(muscle, 91.5) < height


def test_envelopes_are_labelled_as_simulated_force():
    assert "simulated muscle force" in G.GLUTE_ACTIVITY_KIND
    assert "EMG" not in G.GLUTE_ACTIVITY_KIND
    assert G.glute_activity("gmax", 4.5) == pytest.approx(G.glute_activity("gluteus maximus", 4.5))


def test_emg_windows_are_data_only_and_flagged():
    windows = G.emg_timing_windows()
    assert {w.muscle for w in windows} == set(G.GLUTE_MUSCLES)
    assert all(w.status == "unchecked" and w.kind == "measured EMG" for w in windows)
    assert all(w.pct_low is not None and w.pct_high is not None for w in windows)


# --- data tables -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["gait_key_values.csv", "glute_activity_timing.csv", "lenhart2014_step_rate_forces.csv"],
)
def test_every_data_row_has_a_source_and_a_status(name):
    text = files("glutelab").joinpath("data", name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows
    for row in rows:
        assert row["source"].strip()
        assert row["status"] in STATUSES


def test_key_values_cite_hamner_and_are_computed_from_public_data():
    joints = [kv for kv in G.KEY_VALUES if kv.joint in G.JOINTS]
    assert len(joints) == 8
    for kv in G.KEY_VALUES:
        assert "Hamner" in kv.source
        assert kv.status == "computed from public data"
