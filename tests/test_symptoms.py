"""The symptom self-assessment: catalogue against the cited evidence, assess(), validation."""

import pytest
from glutelab import symptoms as S


def test_catalogue_covers_the_seed_signs_with_complete_teaching_text():
    ids = [s.id for s in S.SIGNS]
    assert len(ids) == len(set(ids))
    for expected in (
        "knee_pain",
        "itbs",
        "hip_lateral",
        "hip_front",
        "low_back",
        "hamstring_strain",
        "dead_butt",
        "hip_drop",
        "forward_lean",
        "thighs_burning",
        "sitting",
    ):
        assert expected in ids
    for s in S.SIGNS:
        assert s.grade in S.GRADES and s.direction in S.DIRECTIONS
        assert s.claim and s.may_mean and s.does_not_mean and s.lesson_why
        assert len({s.claim, s.may_mean, s.does_not_mean}) == 3
        assert s.lessons and all(key in S.LESSONS and key != "02" for key in s.lessons)
    flag_ids = [f.id for f in S.RED_FLAGS]
    assert len(flag_ids) == len(set(flag_ids)) and not set(flag_ids) & set(ids)


def test_runners_knee_grade_follows_the_prospective_evidence():
    knee = S.sign("knee_pain")
    # Rathleff 2014 and Neal 2019: hip weakness does not predict PFP; it is seen after onset.
    assert knee.grade == "weak" and knee.direction == "against"
    cites = " ".join(src.cite for src in knee.sources)
    assert "Rathleff et al. 2014" in cites and "Neal et al. 2019" in cites
    assert all(src.status == "V" for src in knee.sources)
    assert "4818" in knee.does_not_mean and "18 studies" in knee.does_not_mean


def test_cross_sectional_links_are_graded_as_association_only():
    for key in ("itbs", "low_back", "hip_drop", "forward_lean"):
        assert S.sign(key).direction == "association only", key
        assert S.sign(key).grade == "weak", key
    assert "Bramah" in S.sign("hip_drop").may_mean
    assert "6.4°" in S.sign("hip_drop").may_mean and "3.7°" in S.sign("hip_drop").may_mean
    assert "24 case-control" in S.sign("low_back").may_mean


def test_sleep_and_amnesia_claims_are_unproven_and_their_source_is_flagged():
    for key in ("sitting", "dead_butt", "thighs_burning", "hip_front", "hamstring_strain"):
        assert S.sign(key).grade == "unproven", key
    mcgill = next(src for src in S.sign("sitting").sources if "McGill" in src.cite)
    assert mcgill.status == "S"
    assert "secondary source only" in mcgill.flagged
    # every source not read in the original says so wherever it is shown
    for s in S.SIGNS:
        for src in s.sources:
            assert (src.flagged == src.cite) == (src.status == "V")


def test_hamstring_sign_names_the_established_risk_factors():
    ham = S.sign("hamstring_strain")
    assert "older age" in ham.may_mean and "previous hamstring strain" in ham.may_mean
    assert any("Green" in src.cite and "2020" in src.cite for src in ham.sources)


def test_assess_returns_signs_in_catalogue_order_without_duplicates():
    a = S.assess(["sitting", "knee_pain", "sitting", "itbs"])
    assert [s.id for s in a.explanations] == ["knee_pain", "itbs", "sitting"]
    assert a.red_flags == () and a.red_flag_message == "" and not a.urgent
    assert "3 signs" in a.summary
    assert "2 weak, 1 unproven" in a.summary


def test_assess_accepts_a_single_id_as_a_string():
    assert [s.id for s in S.assess("itbs").explanations] == ["itbs"]


def test_suggested_lessons_are_ordered_by_how_many_signs_point_to_them():
    a = S.assess(["hip_drop", "sitting"])  # 06 is suggested by both
    assert a.lessons[0] == "06"
    assert set(a.lessons) == {"01", "03", "05", "06"}
    assert "02" not in a.lessons
    assert "Start with lesson 06" in a.summary
    # a single sign keeps its own order of lessons
    assert S.assess(["knee_pain"]).lessons == ("03", "05")


def test_nothing_ticked_gives_a_friendly_summary():
    a = S.assess([])
    assert a.empty and a.explanations == () and a.lessons == ()
    assert a.summary.startswith("You ticked nothing")


def test_red_flag_message_comes_with_any_flag():
    a = S.assess(["knee_pain"], ["night_rest_pain"])
    assert a.red_flag_message.startswith("See a doctor or physiotherapist before running on it")
    assert [f.id for f in a.red_flags] == ["night_rest_pain"]
    assert not a.urgent
    assert a.summary.index("red flag") < a.summary.index("You ticked 1 sign")


def test_bladder_or_bowel_changes_with_back_pain_are_urgent():
    a = S.assess([], ["groin_weight_bearing", "bladder_bowel"])
    assert a.urgent and a.red_flag_message.startswith("Get medical help today")
    assert not a.empty and a.explanations == ()
    assert "stress fracture" in S.red_flag("groin_weight_bearing").why


@pytest.mark.parametrize(
    ("signs", "flags", "needle"),
    [
        (["sore_toe"], [], "Unknown sign 'sore_toe'"),
        (["knee_pain"], ["sore_toe"], "Unknown red flag 'sore_toe'"),
        (["bladder_bowel"], [], "that is a red flag"),
        ([], ["knee_pain"], "that is a sign"),
        ([3], [], "Unknown sign 3"),
    ],
)
def test_unknown_ids_raise_value_error(signs, flags, needle):
    with pytest.raises(ValueError, match="Unknown") as info:
        S.assess(signs, flags)
    assert needle in str(info.value)


def test_lookups_and_catalogue_validation():
    with pytest.raises(ValueError, match="Known signs"):
        S.sign("nope")
    with pytest.raises(ValueError, match="Known red flags"):
        S.red_flag("nope")
    with pytest.raises(ValueError, match="unknown grade"):
        S.Sign("x", "x", "c", "m", "d", "huge", "supports", (), ("01",), "w")
    with pytest.raises(ValueError, match="unknown lessons"):
        S.Sign("x", "x", "c", "m", "d", "weak", "supports", (), ("09",), "w")
    with pytest.raises(ValueError, match="unknown source status"):
        S.Source("someone", "X")
