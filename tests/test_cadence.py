"""Cadence arithmetic, pace conversions and the cited step-rate relations."""

import csv
from importlib.resources import files

import pytest
from glutelab import cadence as C
from glutelab import gait as G

STATUSES = {"verified", "computed from public data", "unchecked", "model assumption"}


# --- speed = cadence x step length -----------------------------------------------------


@pytest.mark.parametrize(("spm", "step"), [(160, 1.125), (170, 1.06), (180, 1.00)])
def test_step_length_at_3_m_per_s(spm, step):
    # Reference sheet section 5: at 3.0 m/s, 160 -> 1.125 m, 170 -> 1.06 m, 180 -> 1.00 m.
    assert C.step_length(3.0, spm) == pytest.approx(step, abs=0.005)


def test_speed_of_the_uninjured_runners():
    # PMC6044588 [V]: 171 steps/min with 1.13 m steps, about 3.2 m/s.
    assert C.speed(171, 1.13) == pytest.approx(3.2, abs=0.05)


def test_speed_cadence_and_step_length_are_consistent():
    for spm, step in [(150, 0.9), (174, 1.37), (200, 2.1)]:
        v = C.speed(spm, step)
        assert C.step_length(v, spm) == pytest.approx(step)
        assert C.cadence(v, step) == pytest.approx(spm)
    assert C.strides_per_min(170) == 85


@pytest.mark.parametrize("percent", [5, 10])
def test_more_cadence_at_the_same_speed_shortens_the_step(percent):
    change = C.cadence_change(3.0, 170, percent)
    factor = 1 + percent / 100
    assert change.cadence_after_spm == pytest.approx(170 * factor)
    assert change.step_after_m == pytest.approx(change.step_before_m / factor)
    assert change.step_change_pct == pytest.approx(100 * (1 / factor - 1))
    assert change.step_change_m < 0
    # speed is unchanged
    assert C.speed(change.cadence_after_spm, change.step_after_m) == pytest.approx(3.0)


def test_lower_cadence_lengthens_the_step():
    change = C.cadence_change("3,0", "170", -10)  # text from an input box is accepted
    assert change.step_after_m == pytest.approx(change.step_before_m / 0.9)


# --- pace ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pace", "per", "speed"),
    [
        ("5:00", "km", 1000 / 300),
        ("4:00", "km", 1000 / 240),
        ("8:00", "mile", 1609.344 / 480),
        ("0:06:00", "km", 1000 / 360),
        (5.5, "km", 1000 / 330),
        ("7:30", "mi", 1609.344 / 450),
    ],
)
def test_pace_to_speed(pace, per, speed):
    assert C.pace_to_speed(pace, per) == pytest.approx(speed)


@pytest.mark.parametrize(
    ("speed", "per", "pace"),
    [(3.0, "km", "5:33"), (1000 / 300, "km", "5:00"), (1609.344 / 480, "mile", "8:00")],
)
def test_speed_to_pace(speed, per, pace):
    assert C.speed_to_pace(speed, per) == pace


@pytest.mark.parametrize("pace", ["3:30", "4:59", "5:00", "6:15", "9:05"])
def test_pace_round_trip(pace):
    for per in ("km", "mile"):
        assert C.speed_to_pace(C.pace_to_speed(pace, per), per) == pace


def test_slowest_accepted_speed_still_prints_minutes_and_seconds():
    assert C.speed_to_pace(0.5, "mile") == "53:39"  # 3218.7 s rounds to 3219 s
    assert C.speed_to_pace(0.5, "km") == "33:20"


# --- metronome, contact time -----------------------------------------------------------


def test_metronome_per_leg_beat_is_half_the_cadence():
    # The "squeeze at 90" drill in the seed articles: 90 per leg = 180 steps/min.
    m = C.metronome(180)
    assert m.every_step_bpm == 180
    assert m.per_leg_bpm == 90
    assert m.every_step_interval_s == pytest.approx(1 / 3)
    assert m.per_leg_interval_s == pytest.approx(2 / 3)


def test_step_timing_of_the_hamner_runner():
    # [D]: 174 steps/min, stride 0.690 s, stance 37.2 %, contact about 0.26 s.
    timing = C.step_timing(174, 37.2)
    assert timing.stride_time_s == pytest.approx(G.key_value("stride_time").value, abs=0.001)
    assert timing.contact_time_s == pytest.approx(G.key_value("contact_time").value, abs=0.01)
    assert timing.flight_time_s > 0
    assert C.stance_percent(timing.contact_time_s, 174) == pytest.approx(37.2)


def test_stance_over_half_the_stride_means_no_flight():
    # Gazendam & Hof 2007 [V]: 46-57 % stance in slow jogging.
    assert C.step_timing(150, 57).flight_time_s < 0
    assert C.step_timing(150, 46).flight_time_s > 0


def test_stance_evidence_keeps_unchecked_values_flagged():
    rows = {r.key: r for r in C.stance_evidence()}
    assert (rows["gazendam_running_stance"].low, rows["gazendam_running_stance"].high) == (30, 37)
    assert (rows["gazendam_jogging_stance"].low, rows["gazendam_jogging_stance"].high) == (46, 57)
    assert rows["gazendam_running_stance"].status == "verified"
    assert rows["hamner_stance"].value == pytest.approx(G.key_value("toe_off").percent)
    for key in ("novacheck_running_stance", "contact_time_distance", "contact_time_sprint"):
        assert rows[key].status == "unchecked"


# --- overstriding ----------------------------------------------------------------------


def test_landing_distance_geometry():
    assert C.landing_distance(0, 0) == pytest.approx(0.0)
    # hip 30 deg, knee 30 deg: thigh forward by sin 30, shank vertical
    assert C.landing_distance(30, 30) == pytest.approx(G.THIGH_M / 2)
    assert C.landing_distance(30, 30, 0.5, 0.4) == pytest.approx(0.25)
    assert C.landing_distance(35, 20) > C.landing_distance(30, 20) > C.landing_distance(30, 25)
    assert C.shank_angle(29.5, 19.7) == pytest.approx(9.8)


def test_landing_distance_agrees_with_the_stick_figure_at_contact():
    ankle_x = G.stick_figure(0)["right"]["ankle"][0]
    assert C.landing_distance(G.hip_flexion(0), G.knee_flexion(0)) == pytest.approx(ankle_x)


@pytest.mark.parametrize(
    ("before", "after", "landing", "moment"),
    [(170, 180, -5.9, 5.8), (160, 180, -11.8, 11.6), (180, 170, 5.9, -5.8)],
)
def test_lieberman_2015_relations(before, after, landing, moment):
    effect = C.lieberman2015_effects(before, after)
    assert effect.stride_rate_change_per_min == pytest.approx((after - before) / 2)
    assert effect.landing_distance_change_pct == pytest.approx(landing)
    assert effect.hip_flexor_moment_change_pct == pytest.approx(moment)


def test_lieberman_relation_only_inside_the_tested_range():
    with pytest.raises(ValueError, match="150 to 190 steps/min"):
        C.lieberman2015_effects(170, 200)


def test_metabolic_optimum_is_about_170():
    optimum = C.METABOLIC_OPTIMUM_SPM  # 2 x 84.8 strides/min (Lieberman 2015)
    assert optimum == pytest.approx(169.6)


def test_where_180_comes_from():
    daniels = C.reference_value("daniels_180")
    assert daniels.value == 180 and daniels.status == "verified"
    inflection = C.reference_value("inflection_cadence")
    assert inflection.unit == "steps/s" and inflection.value * 60 == pytest.approx(180)
    with pytest.raises(KeyError, match="choose from"):
        C.reference_value("missing")


# --- step-rate studies -----------------------------------------------------------------


def test_lenhart_table_trends():
    forces = C.lenhart2014_forces()
    assert all(set(v) == {90, 100, 110} for v in forces.values())
    gmed = forces["gluteus medius, stance"]
    assert gmed[90] > gmed[100] > gmed[110]  # stance forces fall as step rate rises
    for late in ("gluteus maximus, late swing", "gluteus medius, late swing"):
        assert forces[late][90] < forces[late][100] < forces[late][110]  # late swing rises
    assert gmed[100] == pytest.approx(32.05)


def test_heiderscheit_table_trends():
    table = C.heiderscheit2011_table3()
    assert all(set(v) == {-10, -5, 0, 5, 10} for v in table.values())
    adduction = table["peak hip adduction"]
    assert adduction[0] == pytest.approx(10.4) and adduction[10] == pytest.approx(8.7)
    values = [adduction[k] for k in (-10, -5, 0, 5, 10)]
    assert values == sorted(values, reverse=True)
    ic = table["knee flexion at initial contact"]
    assert ic[10] > ic[-10]


@pytest.mark.parametrize(
    "name",
    [
        "cadence_reference_values.csv",
        "heiderscheit2011_step_rate_kinematics.csv",
        "lenhart2014_step_rate_forces.csv",
    ],
)
def test_every_data_row_has_a_source_and_a_status(name):
    text = files("glutelab").joinpath("data", name).read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert rows
    for row in rows:
        assert row["source"].strip()
        assert row["status"] in STATUSES


# --- input checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: C.step_length(0, 170), "Speed must be more than zero"),
        (lambda: C.step_length(-3, 170), "Speed must be more than zero"),
        (lambda: C.step_length(3, 0), "Cadence must be more than zero"),
        (lambda: C.step_length("fast", 170), "Speed must be a number in m/s"),
        (lambda: C.step_length(3, "lots"), "Cadence must be a number"),
        (lambda: C.step_length(30, 170), "outside what a runner can do"),
        (lambda: C.step_length(3, 1700), "not a running cadence"),
        (lambda: C.speed(170, 12), "not a running step length"),
        (lambda: C.speed(float("nan"), 1.0), "finite"),
        (lambda: C.speed(True, 1.0), "not True/False"),
        (lambda: C.speed(None, 1.0), "must be a number"),
        (lambda: C.pace_to_speed("five"), "minutes:seconds"),
        (lambda: C.pace_to_speed("5:75"), "minutes:seconds"),
        (lambda: C.pace_to_speed("0:00"), "more than zero"),
        (lambda: C.pace_to_speed("0:10"), "outside what a runner can do"),
        (lambda: C.pace_to_speed("5:00", "furlong"), "per 'km' or per 'mile'"),
        (lambda: C.cadence_change(3, 170, 50), "far outside"),
        (lambda: C.cadence_change(3, 170, "more"), "cadence change must be a number"),
        (lambda: C.metronome(-90), "more than zero"),
        (lambda: C.step_timing(170, 90), "not running or walking"),
        (lambda: C.stance_percent(0.8, 170), "longer than the whole stride"),
        (lambda: C.landing_distance(120, 20), "not a landing angle"),
        (lambda: C.landing_distance(30, 20, thigh_m=2), "not a human thigh"),
    ],
)
def test_bad_input_gives_a_learner_readable_message(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_messages_name_the_unit_and_an_example():
    with pytest.raises(ValueError, match="Speed") as info:
        C.speed_to_pace("quick")
    assert "m/s" in str(info.value) and "3.0" in str(info.value)
    with pytest.raises(ValueError, match="Cadence") as info:
        C.cadence_change(3, "170 spm", 5)
    assert "steps/min" in str(info.value) and "170" in str(info.value)
