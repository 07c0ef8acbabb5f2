"""The exercise library: every seed exercise is there, values match their sources, flags hold."""

import math

import pytest
from glutelab import exercises as X

# Every exercise the seed articles name (issue 5), by library key.
SEED_EXERCISES = {
    "glute_bridge": "000",
    "ppt_bridge": "000",
    "clamshell": "001",
    "lateral_band_walk": "001",
    "donkey_kick": "001",
    "leg_swings": "001",
    "a_drill": "000",
    "single_leg_deadlift": "000",
    "single_leg_back_extension": "000",
    "kettlebell_swing": "000",
    "squat": "001",
    "deadlift": "001",
    "lunge": "001",
    "step_up": "001",
    "hip_thrust": "001",
    "cable_pull_through": "001",
    "step_to_lateral_hip_shift": "002",
    "staggered_stance_hinge": "002",
    "co_contraction_box": "002",
    "hill_sprints": "003",
    "stairs": "003",
}


def value(key, muscle, variant, source):
    rows = [
        a
        for a in X.exercise(key).activations
        if a.muscle == muscle and a.variant == variant and a.short_source == source
    ]
    assert len(rows) == 1, (key, muscle, variant, source, rows)
    return rows[0]


def test_every_seed_exercise_has_one_record_naming_its_seed():
    keys = [e.key for e in X.library()]
    assert len(keys) == len(set(keys))
    for key, seed in SEED_EXERCISES.items():
        ex = X.exercise(key)
        assert ex.in_seeds and seed in ex.seeds, key
        assert ex.seed_reason and ex.targets and ex.equipment and ex.evidence_note
    assert {e.key for e in X.seed_exercises()} >= set(SEED_EXERCISES)


def test_comparison_exercises_say_they_are_not_in_the_seeds():
    others = [e for e in X.library() if not e.in_seeds]
    assert others, "the chart needs reference exercises such as side-lying abduction"
    for ex in others:
        assert not ex.seeds and ex.approach == "comparison"
        assert ex.seed_reason.startswith("Not")


def test_the_two_schools_are_labelled():
    activate = {e.key for e in X.library() if e.approach == "activate"}
    length = {e.key for e in X.library() if e.approach == "length"}
    assert {"glute_bridge", "clamshell", "lateral_band_walk"} <= activate
    assert {"step_to_lateral_hip_shift", "staggered_stance_hinge", "co_contraction_box"} <= length


@pytest.mark.parametrize(
    "case",
    [
        # MacAskill et al., abstract
        ("side_lying_abduction", "GMed", "10RM", "MacAskill", 99.9, 17, "verified"),
        ("side_lying_abduction", "GMax", "10RM", "MacAskill", 38, 23.3, "verified"),
        ("prone_hip_extension", "GMax", "10RM", "MacAskill", 100.7, 14.5, "verified"),
        ("prone_hip_extension", "GMed", "10RM", "MacAskill", 38, 22.2, "verified"),
        ("step_up", "GMed", "forward", "MacAskill", 62.7, 18.2, "verified"),
        ("step_up", "GMax", "forward", "MacAskill", 28.7, 18.7, "verified"),
        ("step_up", "GMed", "lateral", "MacAskill", 61, 20, "verified"),
        ("step_up", "GMax", "lateral", "MacAskill", 31, 19.9, "verified"),
        # Distefano et al. 2009
        ("side_lying_abduction", "GMed", "body weight", "Distefano 2009", 81, 42, "verified"),
        ("clamshell", "GMed", "variant 1", "Distefano 2009", 40, 38, "verified"),
        ("clamshell", "GMed", "variant 2", "Distefano 2009", 38, 29, "verified"),
        ("lunge", "GMed", "forward", "Distefano 2009", 48, 21, "verified"),
        ("single_leg_deadlift", "GMed", "body weight", "Distefano 2009", 59, None, "secondary"),
        ("single_leg_deadlift", "GMax", "body weight", "Distefano 2009", 59, None, "secondary"),
        # Contreras et al. 2015: hip thrust vs back squat, mean EMG at 10RM
        (
            "hip_thrust",
            "GMax",
            "barbell 10RM, upper GMax",
            "Contreras 2015",
            69.5,
            None,
            "verified",
        ),
        (
            "hip_thrust",
            "GMax",
            "barbell 10RM, lower GMax",
            "Contreras 2015",
            86.8,
            None,
            "verified",
        ),
        ("squat", "GMax", "back squat 10RM, upper GMax", "Contreras 2015", 29.4, None, "verified"),
        ("squat", "GMax", "back squat 10RM, lower GMax", "Contreras 2015", 45.4, None, "verified"),
        # Boren et al. 2011: gluteus medius from the abstract, gluteus maximus secondary
        (
            "side_plank_abduction",
            "GMed",
            "dominant leg underneath",
            "Boren 2011",
            103,
            None,
            "verified",
        ),
        ("single_leg_squat", "GMed", "body weight", "Boren 2011", 82, None, "verified"),
        ("clamshell", "GMed", "progression 4", "Boren 2011", 77, None, "verified"),
        ("front_plank_hip_extension", "GMax", "body weight", "Boren 2011", 106, None, "secondary"),
    ],
)
def test_values_match_their_sources(case):
    key, muscle, variant, source, mean, sd, status = case
    row = value(key, muscle, variant, source)
    assert row.value == pytest.approx(mean)
    assert row.sd == (pytest.approx(sd) if sd is not None else None)
    assert row.status == status
    assert row.source


def test_lateral_band_walk_is_flagged_never_verified():
    ex = X.exercise("lateral_band_walk")
    assert {a.status for a in ex.activations} == {"unchecked"}
    assert ex.evidence_status == "unchecked figure only"
    assert not ex.has_checked_value
    assert "[unchecked]" in ex.activations[0].describe()


def test_bridge_numbers_are_secondary_with_the_ekstrom_limit_in_the_note():
    ex = X.exercise("glute_bridge")
    assert {a.status for a in ex.activations} == {"secondary"}
    assert all(a.value < 45 for a in ex.activations)
    assert "45 %" in ex.evidence_note and "Ekstrom" in ex.evidence_note


@pytest.mark.parametrize(
    "key",
    [
        "ppt_bridge",
        "donkey_kick",
        "leg_swings",
        "a_drill",
        "single_leg_back_extension",
        "kettlebell_swing",
        "cable_pull_through",
        "heel_rocker",
        "step_to_lateral_hip_shift",
        "staggered_stance_hinge",
        "co_contraction_box",
        "hill_sprints",
        "stairs",
    ],
)
def test_exercises_without_a_study_say_no_published_value(key):
    ex = X.exercise(key)
    assert ex.activations == ()
    assert ex.evidence_status == X.NO_VALUE == "no published value"


def test_band_only_rows_come_from_the_review_and_carry_no_number():
    rows = X.activations(with_value=False)
    assert {r.exercise for r in rows} == {"step_up", "lunge", "hip_thrust", "deadlift"}
    assert all(r.value is None and r.band == "very high" and r.status == "verified" for r in rows)
    assert X.exercise("deadlift").evidence_status == "band only (verified)"


def test_no_published_value_is_never_a_zero():
    assert all(a.value is None or a.value > 0 for a in X.activations(with_value=True))
    assert all(a.value is not None for a in X.activations())


def test_every_row_has_a_source_and_a_known_status():
    for a in X.activations() + X.activations(with_value=False):
        assert a.source and a.short_source and a.status in X.STATUSES
        assert a.muscle in X.MUSCLES and a.equipment in X.EQUIPMENT


@pytest.mark.parametrize(
    ("number", "band"),
    [
        (0, "low"),
        (20, "low"),
        (20.1, "moderate"),
        (40, "moderate"),
        (40.5, "high"),
        (60, "high"),
        (60.1, "very high"),
        (216, "very high"),
    ],
)
def test_bands_edges(number, band):
    assert X.band_of(number).name == band


@pytest.mark.parametrize("bad", [-1, math.nan, math.inf, "40", None, True])
def test_band_of_refuses_what_is_not_an_activation(bad):
    with pytest.raises(ValueError, match="activation"):
        X.band_of(bad)


def test_only_the_very_high_band_is_marked_checked():
    assert [b.checked for b in X.BANDS] == [False, False, False, True]
    assert "only the top band" in X.BAND_NOTE and "Krause Neto" in X.BAND_NOTE


def test_filters_by_muscle_and_kit():
    gmed = X.activations("GMed")
    assert gmed and all(a.muscle == "GMed" for a in gmed)
    none = X.activations(kit="none")
    assert none and all(a.equipment == "none" for a in none)
    gym = X.activations(kit="gym")
    assert len(gym) == len(X.activations())  # a gym holds every kind of kit
    with pytest.raises(ValueError, match="muscle"):
        X.activations("GMin")
    with pytest.raises(ValueError, match="equipment"):
        X.activations(kit="trampoline")


def test_usable_with_follows_the_kit():
    assert X.usable_with(X.exercise("lateral_band_walk"), "bands")
    assert not X.usable_with(X.exercise("lateral_band_walk"), "none")
    assert not X.usable_with(X.exercise("deadlift"), "bands")
    assert X.usable_with(X.exercise("deadlift"), "dumbbells-kettlebell")
    assert all(X.usable_with(e, "gym") for e in X.library())
    with pytest.raises(KeyError, match="unknown exercise"):
        X.exercise("burpee")
