"""The pelvic-drop teaching model against Bramah et al. (2018) and its own geometry."""

import itertools
import math

import numpy as np
import pytest
from glutelab import frontal as M

DROPS = np.arange(0.0, 12.01, 0.5)


def _dist(a, b):
    return math.hypot(a[0] - b[0], a[1] - b[1])


def test_key_values_are_bramah_table_4_and_verified():
    # Bramah et al. 2018, Am J Sports Med 46(12):3023, Table 4 (mean ± SD) and Results (OR).
    published = {
        "cpd_healthy": (36, 3.7, 1.9),
        "cpd_injured": (72, 6.4, 2.1),
        "hip_adduction_healthy": (36, 9.7, 3.5),
        "hip_adduction_injured": (72, 13.0, 3.9),
        "trunk_lean_healthy": (36, 9.5, 2.9),
        "trunk_lean_injured": (72, 12.0, 4.9),
    }
    values = M.key_values()
    for key, (n, mean, sd) in published.items():
        kv = values[key]
        assert (kv.n, kv.value, kv.sd) == (n, mean, sd), key
        assert kv.citation == "Bramah et al. 2018"
        assert "10.1177/0363546518793657" in kv.source and "Table 4" in kv.source
        assert kv.status == "V" and kv.cited == "Bramah et al. 2018, verified"
    odds = values["cpd_odds_ratio"]
    assert (odds.value, odds.ci_low, odds.ci_high, odds.n) == (1.87, 1.41, 2.49, 108)
    assert "retrospective" in odds.note


def test_bands_are_mean_plus_minus_one_sd():
    assert M.CPD_HEALTHY.band == (1.8, 5.6)
    assert M.CPD_INJURED.band == (4.3, 8.5)
    with pytest.raises(ValueError, match="no published SD"):
        _ = M.CPD_ODDS_RATIO.band


def test_unknown_key_value_names_the_choices():
    with pytest.raises(KeyError, match="cpd_healthy"):
        M.key_value("normal_cpd")


def test_adduction_line_passes_through_both_group_means():
    assert M.hip_adduction_deg(3.7) == pytest.approx(9.7, abs=0.05)
    assert M.hip_adduction_deg(6.4) == pytest.approx(13.0, abs=0.05)
    slope, intercept = M.ADDUCTION_SLOPE, M.ADDUCTION_INTERCEPT_DEG
    assert slope == pytest.approx(3.3 / 2.7)
    assert slope == pytest.approx(1.22, abs=0.005)
    assert intercept == pytest.approx(5.18, abs=0.01)


def test_adduction_splits_into_drop_plus_thigh_tilt():
    for d in DROPS:
        assert M.femur_tilt_deg(d) + d == pytest.approx(M.hip_adduction_deg(d))
    # The thigh itself tilts in only by the excess of the slope over 1 (≈0.22°/°).
    assert M.femur_tilt_deg(12) - M.femur_tilt_deg(0) == pytest.approx(12 * (M.ADDUCTION_SLOPE - 1))


def test_zero_drop_pose_has_a_level_pelvis_and_no_knee_shift():
    p = M.pose(0)
    assert p.stance_hip[1] == pytest.approx(p.swing_hip[1])
    assert p.knee_medial_shift_cm == 0
    assert p.stance_knee[0] == pytest.approx(p.level_knee_x)
    # hip, knee and foot line up when the pelvis is level
    cross = (p.stance_knee[0] - p.stance_foot[0]) * (p.stance_hip[1] - p.stance_foot[1]) - (
        p.stance_knee[1] - p.stance_foot[1]
    ) * (p.stance_hip[0] - p.stance_foot[0])
    assert cross == pytest.approx(0, abs=1e-12)
    # midline at x = 0, the right hip at +half the hip width
    assert p.pelvis_mid[0] == pytest.approx(0)
    assert p.stance_hip[0] == pytest.approx(M.HIP_WIDTH_M / 2)


def test_segment_lengths_stay_the_same_at_every_drop():
    for d in DROPS:
        p = M.pose(d)
        assert _dist(p.stance_hip, p.stance_knee) == pytest.approx(M.THIGH_M)
        assert _dist(p.stance_knee, p.stance_foot) == pytest.approx(M.SHANK_M)
        assert _dist(p.stance_hip, p.swing_hip) == pytest.approx(M.HIP_WIDTH_M)
        assert _dist(p.swing_hip, p.swing_knee) < M.THIGH_M  # flexed: foreshortened from behind


def test_custom_lengths_are_used_and_kept():
    p = M.pose(6, thigh_m=0.45, shank_m=0.40, hip_width_m=0.20)
    assert (p.thigh_m, p.shank_m, p.hip_width_m) == (0.45, 0.40, 0.20)
    assert _dist(p.stance_hip, p.stance_knee) == pytest.approx(0.45)
    assert _dist(p.stance_knee, p.stance_foot) == pytest.approx(0.40)
    assert _dist(p.stance_hip, p.swing_hip) == pytest.approx(0.20)


def test_pelvis_tilts_by_the_drop_and_geometry_gives_the_adduction():
    for d in (0.5, 3.7, 6.4, 12.0):
        p = M.pose(d)
        dx = p.stance_hip[0] - p.swing_hip[0]
        dy = p.stance_hip[1] - p.swing_hip[1]
        assert math.degrees(math.atan2(dy, dx)) == pytest.approx(d)
        # Adduction = angle between the thigh (hip → knee) and the pelvis's own "down",
        # the perpendicular to the pelvis line.
        thigh = np.subtract(p.stance_knee, p.stance_hip)
        pelvis_down = np.array([math.sin(math.radians(d)), -math.cos(math.radians(d))])
        cos = thigh @ pelvis_down / np.linalg.norm(thigh)
        assert math.degrees(math.acos(cos)) == pytest.approx(M.hip_adduction_deg(d))
        assert p.hip_adduction_deg == pytest.approx(M.hip_adduction_deg(d))


def test_knee_moves_monotonically_towards_the_midline():
    shifts = [M.pose(d).knee_medial_shift_cm for d in DROPS]
    assert all(b > a for a, b in itertools.pairwise(shifts))
    for d, shift in zip(DROPS, shifts, strict=True):
        p = M.pose(d)
        assert shift == pytest.approx(100 * (p.level_knee_x - p.stance_knee[0]))
        expected = (
            100
            * M.THIGH_M
            * (
                math.sin(math.radians(M.femur_tilt_deg(d)))
                - math.sin(math.radians(M.femur_tilt_deg(0)))
            )
        )
        assert shift == pytest.approx(expected)
    # Most of the extra adduction is the pelvis tipping, so the knee moves only ~2 cm at 12°.
    assert 1.5 < shifts[-1] < 2.5


def test_foot_stays_planted_and_swing_foot_is_off_the_ground():
    feet = {M.pose(d).stance_foot for d in DROPS}
    assert len(feet) == 1 and next(iter(feet))[1] == 0
    for d in DROPS:
        p = M.pose(d)
        assert p.swing_foot[1] > 0.2
        assert p.neck[0] == pytest.approx(p.pelvis_mid[0])  # upright trunk over the pelvis
        assert p.head_centre[1] > p.neck[1]


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (-0.1, "between 0° and 12°"),
        (12.5, "between 0° and 12°"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        ("abc", "must be a number"),
        (None, "must be a number"),
        (True, "must be a number"),
        ([3], "must be a number"),
    ],
)
def test_bad_drops_raise_clear_value_errors(bad, match):
    for func in (M.check_drop, M.hip_adduction_deg, M.femur_tilt_deg, M.pose, M.odds_relative_to):
        with pytest.raises(ValueError, match=match):
            func(bad)


def test_drop_limits_and_text_numbers_are_accepted():
    assert M.check_drop(0) == 0.0
    assert M.check_drop(12) == 12.0
    assert M.check_drop(" 4.5 ") == 4.5


def test_bad_lengths_raise():
    with pytest.raises(ValueError, match="thigh_m must be a positive"):
        M.pose(3, thigh_m=0)
    with pytest.raises(ValueError, match="hip_width_m must be a positive"):
        M.pose(3, hip_width_m=float("nan"))
    with pytest.raises(ValueError, match="too short"):
        M.pose(12, thigh_m=2.0, shank_m=0.05)


def test_odds_follow_the_published_ratio_per_degree():
    assert M.odds_relative_to(3.7) == pytest.approx(1.0)
    assert M.odds_relative_to(4.7) == pytest.approx(1.87)
    assert M.odds_relative_to(2.7) == pytest.approx(1 / 1.87)
    assert M.odds_relative_to(6.4, reference_deg=6.4) == pytest.approx(1.0)
    assert M.odds_relative_to(5.7) == pytest.approx(1.87**2)
    assert M.odds_interval(4.7) == pytest.approx((1.41, 2.49))
    low, high = M.odds_interval(2.7)  # below the reference the limits swap
    assert low == pytest.approx(1 / 2.49) and high == pytest.approx(1 / 1.41)
    for d in (1.0, 5.0, 8.0):
        lo, hi = M.odds_interval(d)
        assert lo <= M.odds_relative_to(d) <= hi
    with pytest.raises(ValueError, match="odds_ratio must be a positive"):
        M.odds_relative_to(5, odds_ratio=-1)


@pytest.mark.parametrize(
    ("drop", "healthy", "injured", "below", "above"),
    [
        (1.0, False, False, True, False),
        (3.0, True, False, False, False),
        (5.0, True, True, False, False),
        (8.0, False, True, False, False),
        (10.0, False, False, False, True),
    ],
)
def test_compare_to_groups(drop, healthy, injured, below, above):
    c = M.compare_to_groups(drop)
    assert (c.in_healthy_band, c.in_injured_band) == (healthy, injured)
    assert (c.below_healthy_band, c.above_injured_band) == (below, above)
    assert c.in_overlap == (healthy and injured)
    assert c.z_healthy == pytest.approx((drop - 3.7) / 1.9)
    assert c.z_injured == pytest.approx((drop - 6.4) / 2.1)


def test_band_edges_count_as_inside():
    assert M.compare_to_groups(1.8).in_healthy_band
    assert M.compare_to_groups(5.6).in_healthy_band
    assert M.compare_to_groups(8.5).in_injured_band
