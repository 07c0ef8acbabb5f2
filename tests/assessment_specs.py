"""What the nbgrader pipeline tests expect of each assessment in ``assessments/source/``.

``tests/test_assessment_pipeline.py`` runs the same checks on every assessment listed in
``SPECS``, and fails if a folder in ``assessments/source/`` has no entry here, so a new
assessment cannot be added untested. To add one, write an ``AssessmentSpec`` with:

- ``tested_by``: every autograded test cell's grade id mapped to the answer cell it checks;
- ``written``: the grade id of the manually graded markdown answer and its points;
- three faults, each a body that replaces the release stub of one answer cell (write it
  unindented; it is indented to match the stub). Each must make exactly one test cell lose
  its points: ``wrong_formula`` through a failed assert, ``exception`` through an exception
  raised inside the learner's function, ``infinite_loop`` through the per-cell timeout.
  Pick faults in functions that no other test cell calls;
- ``edited_tests``: two test cells that a learner guts; the first sits over
  ``edited_wrong_body`` (so the restored cell must fail), the second over a right answer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    """A faulty answer and what grading must make of it.

    ``error`` is the exception name the failing test cell must show (``None`` for an
    infinite loop, which shows whatever the timeout raises); ``message`` is a piece of the
    feedback the learner must see in that error, or ``None`` if the assert has no message.
    """

    answer_id: str
    body: str
    error: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class AssessmentSpec:
    """The scenario set for one assessment; ``assignment`` is also the notebook's stem."""

    assignment: str
    tested_by: dict[str, str]
    written: str
    written_points: float
    learner_text: str
    wrong_formula: Fault
    exception: Fault
    infinite_loop: Fault
    edited_tests: tuple[str, str]
    edited_wrong_body: str

    @property
    def notebook(self) -> str:
        return self.assignment

    def test_for(self, answer_id: str) -> str:
        """The grade id of the test cell that checks ``answer_id``."""
        (test_id,) = [t for t, a in self.tested_by.items() if a == answer_id]
        return test_id


ANATOMY = AssessmentSpec(
    assignment="01-anatomy",
    tested_by={
        "moment_arm_cross_product": "moment_arm_cross_product_answer",
        "hip_extension_moment": "hip_extension_moment_answer",
        "classify_compartment_actions": "classify_compartment_actions_answer",
        "rotation_crossover_angle": "rotation_crossover_angle_answer",
    },
    written="explain_lower_gmax_adduction",
    written_points=3,
    learner_text=(
        "The lower gluteus maximus passes below and medial to the hip centre, so it adducts."
    ),
    # A unit slip: centimetres used as metres (the validation is still there).
    wrong_formula=Fault(
        "hip_extension_moment_answer",
        """
        if force_n < 0:
            raise ValueError("negative force")
        return force_n * moment_arm_cm
        """,
        error="AssertionError",
    ),
    # A KeyError from a key that moment_arms does not return.
    exception=Fault(
        "classify_compartment_actions_answer",
        'return sorted([ma["abduction_moment_arm"]])',
        error="KeyError",
    ),
    infinite_loop=Fault("moment_arm_cross_product_answer", "while True:\n    pass"),
    edited_tests=("moment_arm_cross_product", "hip_extension_moment"),
    edited_wrong_body="return float(np.dot(r, u))",
)

SIGNS = AssessmentSpec(
    assignment="02-signs-and-self-tests",
    tested_by={
        "pelvic_drop_angle": "pelvic_drop_angle_answer",
        "single_leg_stance_category": "single_leg_stance_category_answer",
        "side_asymmetry_percent": "side_asymmetry_percent_answer",
        "pelvic_drop_odds_multiplier": "pelvic_drop_odds_multiplier_answer",
    },
    written="explain_sleepy_glutes_knee_pain",
    written_points=3,
    learner_text=(
        "Studies that measured hip strength first found it did not predict knee pain; "
        "I would send the runner to a physiotherapist."
    ),
    # The angle left in radians: the visible test must say so.
    wrong_formula=Fault(
        "pelvic_drop_angle_answer",
        """
        if horizontal_distance_m <= 0:
            raise ValueError("no distance between the landmarks")
        return math.atan((stance_side_height_m - swing_side_height_m) / horizontal_distance_m)
        """,
        error="AssertionError",
        message="looks like radians",
    ),
    # A module used without importing it.
    exception=Fault(
        "side_asymmetry_percent_answer",
        "return abs(left_s - right_s) / statistics.fmean([left_s, right_s]) * 100",
        error="NameError",
    ),
    # A counter that never advances.
    infinite_loop=Fault(
        "single_leg_stance_category_answer",
        """
        second = 0
        while second < min(hold_s, 30):
            pass
        return "normal"
        """,
    ),
    edited_tests=("side_asymmetry_percent", "pelvic_drop_angle"),
    # Divides by the mean of the two sides instead of the larger one.
    edited_wrong_body="return abs(left_s - right_s) / ((left_s + right_s) / 2) * 100",
)

FEET = AssessmentSpec(
    assignment="03-feet-and-the-hip-chain",
    tested_by={
        "tibial_rotation_from_eversion": "tibial_rotation_from_eversion_answer",
        "rotation_reaching_hip": "rotation_reaching_hip_answer",
        "peak_eversion_timing": "peak_eversion_timing_answer",
        "tripod_centre_of_pressure": "tripod_centre_of_pressure_answer",
    },
    written="explain_foot_posture_weak_predictor",
    written_points=3,
    learner_text=(
        "Prospective studies found static foot posture predicts few injuries, and weakly; "
        "the coupling varies between people."
    ),
    # The published coupling hard-coded instead of the argument.
    wrong_formula=Fault(
        "tibial_rotation_from_eversion_answer",
        """
        if coupling < 0:
            raise ValueError("negative coupling")
        return float(0.68 * eversion_deg)
        """,
        error="AssertionError",
        message="use the coupling you are given",
    ),
    # list.index works on the visible tests' lists, not on the hidden tests' arrays.
    exception=Fault(
        "peak_eversion_timing_answer",
        """
        if len(percent_stance) != len(eversion) or len(eversion) == 0:
            raise ValueError("need two sequences of the same, non-zero length")
        peak = eversion.index(max(eversion))
        return float(percent_stance[peak]), float(eversion[peak])
        """,
        error="AttributeError",
    ),
    # An index that is never advanced.
    infinite_loop=Fault(
        "rotation_reaching_hip_answer",
        """
        thigh = np.zeros(len(eversion_series))
        i = 1
        while i < len(eversion_series):
            thigh[i] = (eversion_series[i] - eversion_series[0]) * coupling * knee_transfer
        return thigh
        """,
    ),
    edited_tests=("tripod_centre_of_pressure", "peak_eversion_timing"),
    # Ignores the loads: the plain average of the points.
    edited_wrong_body="return np.mean(np.asarray(points_m, dtype=float), axis=0)",
)

#: Every assessment the pipeline tests run, keyed by its folder in ``assessments/source/``.
GAIT = AssessmentSpec(
    assignment="04-gait-cycle",
    tested_by={
        "toe_off_from_force": "toe_off_from_force_answer",
        "stance_fraction_of_stride": "stance_fraction_of_stride_answer",
        "peak_hip_extension_angle": "peak_hip_extension_angle_answer",
        "hip_extends_before_knee": "hip_extends_before_knee_answer",
    },
    written="explain_hip_drive_cue",
    written_points=3,
    learner_text=(
        "Gluteus maximus works hardest just after the foot lands; by toe-off it is nearly "
        "quiet, so the cue cannot mean squeezing the glutes at push-off."
    ),
    # The flexion peaks of the whole stride instead of those in stance (both fall in swing).
    wrong_formula=Fault(
        "hip_extends_before_knee_answer",
        """
        pct = np.asarray(percent, dtype=float)
        return float(pct[np.argmax(knee_flexion_deg)] - pct[np.argmax(hip_flexion_deg)])
        """,
        error="AssertionError",
        message="look only at stance",
    ),
    # Floor division: 120 // 174.0 is 0.0, so the stride lasts no time at all.
    exception=Fault(
        "stance_fraction_of_stride_answer",
        """
        if contact_time_s <= 0 or cadence_spm <= 0:
            raise ValueError("contact time and cadence must be positive")
        stride_time_s = 2 * 60 // cadence_spm
        return contact_time_s / stride_time_s
        """,
        error="ZeroDivisionError",
    ),
    # An index that is never advanced (the model record starts in contact, so it spins).
    infinite_loop=Fault(
        "toe_off_from_force_answer",
        """
        i = 0
        while vgrf[i] >= threshold_n:
            continue
        return float(percent[i])
        """,
    ),
    edited_tests=("peak_hip_extension_angle", "toe_off_from_force"),
    # Peak flexion (late swing) taken for peak extension.
    edited_wrong_body="""
    most_flexed = int(np.argmax(hip_flexion_deg))
    return float(percent[most_flexed]), float(hip_flexion_deg[most_flexed])
    """,
)

CADENCE = AssessmentSpec(
    assignment="05-cadence",
    tested_by={
        "step_length_from_cadence": "step_length_from_cadence_answer",
        "cadence_from_foot_count": "cadence_from_foot_count_answer",
        "step_after_cadence_change": "step_after_cadence_change_answer",
        "pace_to_speed_conversion": "pace_to_speed_conversion_answer",
        "landing_distance_ahead_of_hip": "landing_distance_ahead_of_hip_answer",
    },
    written="explain_no_universal_cadence",
    written_points=3,
    learner_text=(
        "Daniels counted Olympic racers; cadence rises with speed and depends on leg length, "
        "so I would raise my own rate by 5-10 % only if I had a reason."
    ),
    # Steps per minute used as steps per second (the validation is still there).
    wrong_formula=Fault(
        "step_length_from_cadence_answer",
        """
        if speed_m_s <= 0 or cadence_spm <= 0:
            raise ValueError("speed and cadence must be positive")
        return speed_m_s / cadence_spm
        """,
        error="AssertionError",
        message="cadence is per minute but speed is per second",
    ),
    # The split strings never become numbers: "4" * 60 + "30" is a string.
    exception=Fault(
        "pace_to_speed_conversion_answer",
        """
        minutes, seconds = pace.split(":")
        return 1000.0 / (minutes * 60 + seconds)
        """,
        error="TypeError",
    ),
    # A counter that never advances.
    infinite_loop=Fault(
        "cadence_from_foot_count_answer",
        """
        steps = 0
        counted = 0
        while counted < count:
            steps += 2 if one_foot else 1
        return steps * 60.0 / seconds
        """,
    ),
    edited_tests=("landing_distance_ahead_of_hip", "step_after_cadence_change"),
    # Degrees passed straight to math.sin.
    edited_wrong_body="""
    half_m = leg_length_m / 2
    return half_m * math.sin(hip_flexion_deg) + half_m * math.sin(hip_flexion_deg - knee_flexion_deg)
    """,
)


STRENGTH = AssessmentSpec(
    assignment="06-strength",
    tested_by={
        "activation_band_cutoffs": "activation_band_cutoffs_answer",
        "rank_by_activation": "rank_by_activation_answer",
        "weekly_volume_totals": "weekly_volume_totals_answer",
        "progressive_sets_plan": "progressive_sets_plan_answer",
    },
    written="explain_clamshell_activation",
    written_points=3,
    learner_text=(
        "EMG shows the clam makes gluteus medius work moderately, not that it switches it on; "
        "after an activation warm-up Parr 2017 found no rise in glute EMG, so I would suggest "
        "a loaded, progressed plan instead."
    ),
    # Sets added to reps instead of multiplied (the validation is still there).
    wrong_formula=Fault(
        "weekly_volume_totals_answer",
        """
        totals = {}
        for day, exercise, sets, reps in plan_rows:
            if sets < 1 or reps < 1:
                raise ValueError(f"{day}: sets and reps must be at least 1")
            totals[exercise] = totals.get(exercise, 0) + sets + reps
        return totals
        """,
        error="AssertionError",
        message="sets × reps, not sets + reps",
    ),
    # Sorting with the missing values left in: None and a float cannot be compared.
    exception=Fault(
        "rank_by_activation_answer",
        """
        value_key = muscle + "_mean"
        ranked = sorted(records, key=lambda record: record[value_key], reverse=True)
        return [record["name"] for record in ranked]
        """,
        error="TypeError",
    ),
    # A deload week skipped with `continue` before the week counter advances.
    infinite_loop=Fault(
        "progressive_sets_plan_answer",
        """
        plan = []
        normal_weeks_done = 0
        week = 1
        while week <= weeks:
            current = min(cap, start_sets + normal_weeks_done // add_every)
            if week in deload_weeks:
                continue
            plan.append(current)
            normal_weeks_done += 1
            week += 1
        return plan
        """,
    ),
    edited_tests=("activation_band_cutoffs", "rank_by_activation"),
    # A boundary value put in the higher band (20 %MVIC called "moderate").
    edited_wrong_body="""
    if percent_mvic < 20:
        return "low"
    if percent_mvic < 40:
        return "moderate"
    if percent_mvic < 60:
        return "high"
    return "very high"
    """,
)


SPECS: dict[str, AssessmentSpec] = {
    spec.assignment: spec for spec in (ANATOMY, SIGNS, FEET, GAIT, CADENCE, STRENGTH)
}
