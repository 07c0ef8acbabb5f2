"""The foot model against its cited values: tripod loads, the eversion curve, the chain, the glutes."""

import itertools
import math

import numpy as np
import pytest
from glutelab import anatomy as A
from glutelab import foot as M

# Published values the defaults must carry (Bramah et al. 2018 Tables 3-4; Fischer et al.
# 2018; J Athl Train 2012; Sinclair 2017), and the Rajagopal 2016 optimal fibre lengths.
CITED = {
    "inversion_at_ic_controls": 8.7,
    "peak_eversion_controls": 2.6,
    "peak_eversion_injured": 4.0,
    "peak_hip_ir_controls": 4.4,
    "eversion_to_tibial_rotation": 0.68,
    "peak_eversion_wbnp": 4.03,
    "peak_eversion_stnp": 10.91,
    "tibial_ir_rom_no_orthotic": 7.47,
    "tibial_ir_rom_medial_wedge": 4.98,
}
LOPT_CM = {"glmax1": 14.7, "glmax2": 15.7, "glmax3": 16.7, "glmed3": 7.3}


# -- cited values ----------------------------------------------------------------------
@pytest.mark.parametrize(("key", "value"), CITED.items())
def test_key_values_hold_the_cited_numbers(key, value):
    entry = M.key_values()[key]
    assert entry.value == pytest.approx(value)
    assert entry.source.strip()
    assert entry.status == "verified"


def test_unverified_timing_is_flagged_as_such():
    timing = M.key_values()["peak_eversion_timing"]
    assert timing.status == "unverified"
    assert 35 <= timing.value <= 50  # inside the commonly quoted, unchecked window


def test_every_key_value_has_a_source_and_known_status():
    for entry in M.key_values().values():
        assert entry.source and entry.meaning and entry.unit
        assert entry.status in {"verified", "computed", "unverified"}


def test_unknown_key_value_raises():
    with pytest.raises(KeyError, match="unknown foot value"):
        M.key_value("arch_height")


@pytest.mark.parametrize(("key", "cm"), LOPT_CM.items())
def test_optimal_fibre_lengths_are_the_models(key, cm):
    assert M.optimal_fibre_length_m(key) * 100 == pytest.approx(cm)


def test_unknown_compartment_fibre_length_raises():
    with pytest.raises(KeyError, match="unknown compartment"):
        M.optimal_fibre_length_m("psoas")


# -- eversion curve --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("peak", "tp", "inv"),
    [(2.6, 40.0, 8.7), (0.0, 40.0, 8.7), (15.0, 25.0, 8.7), (4.0, 60.0, 6.2), (10.0, 35.0, 0.0)],
)
def test_curve_passes_through_its_key_points(peak, tp, inv):
    t = np.array([0.0, tp, 100.0])
    ev = M.eversion_curve(t, peak, tp, inv)
    assert ev[0] == pytest.approx(-inv, abs=0.1)  # inversion at contact
    assert ev[1] == pytest.approx(peak, abs=0.1)  # peak eversion at its time
    assert ev[2] == pytest.approx(-inv, abs=0.1)  # back to the landing inversion (assumption)


def test_default_curve_uses_bramah_controls_and_40_percent():
    ev = M.eversion_curve(np.array([0.0, 40.0, 100.0]))
    assert ev == pytest.approx([-8.7, 2.6, -8.7], abs=0.1)


@pytest.mark.parametrize("tp", [25.0, 40.0, 55.0])
def test_peak_is_the_maximum_and_the_curve_is_smooth(tp):
    t = np.linspace(0, 100, 1001)
    ev = M.eversion_curve(t, 6.0, tp)
    assert t[np.argmax(ev)] == pytest.approx(tp, abs=0.1)
    assert ev.max() == pytest.approx(6.0, abs=1e-9)
    steps = np.diff(ev)
    # no jump anywhere: the largest step of 0.1 % stance stays small
    assert np.abs(steps).max() < 0.1
    # rises before the peak, falls after it
    assert np.all(steps[t[1:] <= tp] >= -1e-12)
    assert np.all(steps[t[:-1] >= tp] <= 1e-12)


def test_toe_off_value_can_be_set():
    ev = M.eversion_curve(np.array([100.0]), 5.0, 40.0, 8.7, toe_off_deg=-3.0)
    assert ev[0] == pytest.approx(-3.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"peak_eversion_deg": -1.0}, "peak eversion"),
        ({"peak_eversion_deg": 16.0}, "peak eversion"),
        ({"peak_eversion_deg": math.nan}, "finite"),
        ({"peak_eversion_deg": "3"}, "must be a number"),
        ({"peak_pct": 90.0}, "peak timing"),
        ({"inversion_at_ic_deg": -2.0}, "inversion"),
    ],
)
def test_curve_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        M.eversion_curve(np.array([0.0, 50.0]), **kwargs)


@pytest.mark.parametrize("t", [-1.0, 101.0, math.nan])
def test_curve_rejects_times_outside_stance(t):
    with pytest.raises(ValueError, match="stance times"):
        M.eversion_curve(np.array([0.0, t]))


# -- chain -----------------------------------------------------------------------------
def test_default_chain_arithmetic():
    chain = M.stance_chain()
    assert chain.eversion_excursion_deg == pytest.approx(2.6 + 8.7)
    assert chain.hip_ir_at_peak_deg == pytest.approx(0.68 * 11.3)
    assert chain.hip_ir_deg.max() == pytest.approx(0.68 * 11.3, abs=1e-9)
    assert chain.tibial_ir_deg[0] == 0.0 and chain.hip_ir_deg[0] == 0.0


@pytest.mark.parametrize(("peak", "k", "tp"), [(2.6, 0.68, 40), (6.0, 0.8, 40), (12.0, 0.3, 30)])
def test_tibia_follows_coupling_times_eversion_change_and_hip_follows_tibia(peak, k, tp):
    chain = M.stance_chain(peak, k, peak_pct=tp)
    ev = chain.eversion_deg
    assert np.allclose(chain.tibial_ir_deg, k * (ev - ev[0]))
    assert np.array_equal(chain.hip_ir_deg, chain.tibial_ir_deg)  # knee adds no rotation
    i = int(np.argmax(chain.hip_ir_deg))
    assert chain.stance_pct[i] == pytest.approx(tp, abs=1.0)
    assert chain.hip_ir_deg[i] == pytest.approx(k * (peak + 8.7), abs=0.05)


def test_hip_turns_back_out_by_toe_off():
    chain = M.stance_chain(4.0, 0.68)
    # external rotation from mid-stance to toe-off (foot re-supinating)
    assert chain.hip_ir_deg[-1] < chain.hip_ir_at_peak_deg
    assert chain.hip_er_to_toe_off_deg == pytest.approx(
        chain.hip_ir_at_peak_deg - chain.hip_ir_deg[-1]
    )


def test_chain_scales_linearly_with_coupling():
    low = M.stance_chain(5.0, 0.4)
    high = M.stance_chain(5.0, 0.8)
    assert np.allclose(high.hip_ir_deg, 2 * low.hip_ir_deg)


def test_default_shin_rotation_is_in_the_range_measured_in_runners():
    # Sinclair 2017 measured 5.0-7.5 degrees of tibial internal-rotation range in shod runners;
    # the model's default excursion should be of that order, not ten times off.
    excursion = M.stance_chain().tibial_ir_deg.max()
    assert 0.5 * 4.98 < excursion < 2 * 7.47


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"coupling": 0.2}, "coupling"),
        ({"coupling": 1.5}, "coupling"),
        ({"coupling": math.inf}, "finite"),
        ({"peak_eversion_deg": 20.0}, "peak eversion"),
        ({"n": 2}, "n must be"),
        ({"n": 10.5}, "n must be"),
    ],
)
def test_chain_rejects_bad_inputs(kwargs, match):
    with pytest.raises(ValueError, match=match):
        M.stance_chain(**kwargs)


# -- tripod ----------------------------------------------------------------------------
@pytest.mark.parametrize("grip", [False, True])
@pytest.mark.parametrize("heel", [0, 20, 34, 60, 100])
@pytest.mark.parametrize("medial", [0, 35, 50, 80, 100])
def test_loads_sum_to_100_percent(heel, medial, grip):
    load = M.tripod_loads(heel, medial, grip)
    assert sum(load.loads.values()) == pytest.approx(100.0)
    assert all(v >= 0 for v in load.loads.values())
    assert load.loads["heel"] == pytest.approx(heel)


def test_shares_split_the_forefoot():
    load = M.tripod_loads(40, 75)
    assert load.loads["mt1"] == pytest.approx(60 * 0.75)
    assert load.loads["mt5"] == pytest.approx(60 * 0.25)
    assert load.loads["toes"] == 0.0  # relaxed toes carry nothing in the model


def test_toe_grip_moves_load_from_metatarsal_heads_to_toes():
    relaxed = M.tripod_loads(34, 50, False)
    gripping = M.tripod_loads(34, 50, True)
    moved = M.TOE_GRIP_SHIFT * relaxed.metatarsal_heads
    assert gripping.loads["toes"] == pytest.approx(moved)
    assert gripping.metatarsal_heads == pytest.approx(relaxed.metatarsal_heads - moved)
    assert gripping.loads["heel"] == relaxed.loads["heel"]
    assert gripping.cop[1] > relaxed.cop[1]  # centre of pressure moves towards the toes


def test_centre_of_pressure_is_the_load_weighted_mean():
    load = M.tripod_loads(30, 70, True)
    x = sum(load.loads[k] * load.points[k][0] for k in load.loads) / 100
    y = sum(load.loads[k] * load.points[k][1] for k in load.loads) / 100
    assert load.cop == pytest.approx((x, y))
    all_heel = M.tripod_loads(100, 50)
    assert all_heel.cop == pytest.approx(all_heel.points["heel"])


def test_medial_share_moves_the_heel_contact_to_the_inner_edge():
    medial = M.tripod_loads(50, 100).points["heel"][0]
    centre = M.tripod_loads(50, 50).points["heel"][0]
    lateral = M.tripod_loads(50, 0).points["heel"][0]
    # x grows towards the little-toe side, so the medial heel is to the left
    assert medial < centre < lateral
    assert lateral - medial == pytest.approx(2 * M.HEEL_SHIFT_CM)


def _inside(point, polygon):
    """Ray casting: is the point inside the closed polygon?"""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(polygon):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


@pytest.mark.parametrize("medial", [0, 50, 100])
def test_tripod_points_and_pressure_centre_sit_inside_the_foot_outline(medial):
    load = M.tripod_loads(34, medial, True)
    for point in [*load.points.values(), load.cop]:
        assert _inside(point, M.FOOT_OUTLINE), point
    # heel at the back, the ball of the foot further forward, toes in front
    assert load.points["heel"][1] < load.points["mt5"][1] < load.points["toes"][1]


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((-1, 50, False), "heel share"),
        ((101, 50, False), "heel share"),
        ((50, -0.1, False), "medial share"),
        ((50, 150, False), "medial share"),
        ((math.nan, 50, False), "finite"),
        (("half", 50, False), "must be a number"),
        ((True, 50, False), "must be a number"),
        ((50, 50, "yes"), "toe grip"),
    ],
)
def test_tripod_rejects_bad_inputs(args, match):
    with pytest.raises(ValueError, match=match):
        M.tripod_loads(*args)


# -- glutes ----------------------------------------------------------------------------
def test_lengthening_matches_the_anatomy_model():
    out = M.glute_lengthening(8.0, flexion_deg=25.0)
    for item in out:
        expected = (A.path_length(item.key, 25.0, 0.0, 8.0) - A.path_length(item.key, 25.0)) * 1000
        assert item.delta_mm == pytest.approx(expected)
        assert item.percent_optimal == pytest.approx(100 * expected / (LOPT_CM[item.key] * 10))


def test_internal_rotation_lengthens_the_posterior_glutes_a_little():
    out = M.glute_lengthening(M.stance_chain().hip_ir_at_peak_deg)
    assert [i.key for i in out] == list(M.POSTERIOR_GLUTES)
    for item in out:
        assert 0.5 < item.delta_mm < 5.0  # millimetres, not centimetres
        assert 0 < item.percent_optimal < 5.0
    assert M.glute_lengthening(-8.0)[1].delta_mm < 0  # external rotation shortens them
    assert all(i.delta_mm == pytest.approx(0.0) for i in M.glute_lengthening(0.0))


def test_hip_extension_over_stance_dwarfs_the_rotation():
    rotation = M.glute_lengthening(M.stance_chain().hip_ir_at_peak_deg)[1].delta_mm
    sagittal = M.stance_flexion_change_mm("glmax2")
    expected = (A.path_length("glmax2", 29.5) - A.path_length("glmax2", -24.0)) * 1000
    assert sagittal == pytest.approx(expected)
    assert sagittal > 10 * rotation


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"hip_ir_deg": 45.0}, "hip internal rotation"),
        ({"hip_ir_deg": "8"}, "must be a number"),
        ({"hip_ir_deg": 5.0, "flexion_deg": 80.0}, "hip flexion"),
        ({"hip_ir_deg": 5.0, "adduction_deg": -30.0}, "hip adduction"),
        ({"hip_ir_deg": 5.0, "keys": ("glmax9",)}, "unknown compartments"),
        ({"hip_ir_deg": 5.0, "keys": ()}, "unknown compartments"),
    ],
)
def test_lengthening_rejects_bad_inputs(kwargs, match):
    with pytest.raises(ValueError, match=match):
        M.glute_lengthening(**kwargs)


def test_flexion_change_rejects_bad_inputs():
    with pytest.raises(ValueError, match="unknown compartment"):
        M.stance_flexion_change_mm("quads")
    with pytest.raises(ValueError, match="flexion at contact"):
        M.stance_flexion_change_mm("glmax1", from_deg=90.0)
