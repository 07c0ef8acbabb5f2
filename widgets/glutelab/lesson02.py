"""Lesson 02, sleepy-glute signs and self-tests: the calls the notebook makes, and its self-check.

The notebook holds prose; everything it runs is here so tests reach it.
"""

from __future__ import annotations

import math

from . import frontal
from .fieldtests_ui import SymptomChecklist, field_tests
from .frontal_ui import PelvicDropExplorer
from .progress import ProgressStore
from .quiz import SelfCheck
from .selfcheck import MultipleChoice, Numeric, Option, SingleChoice

__all__ = [
    "LESSON",
    "field_test_panel",
    "pelvic_drop",
    "questions",
    "self_check",
    "symptom_checklist",
]

LESSON = "02-sleepy-glutes-signs-and-self-tests"


def pelvic_drop(drop_deg: float = 3.7) -> PelvicDropExplorer:
    """Return the frontal-plane explorer: a runner from behind with a pelvic-drop slider."""
    return PelvicDropExplorer(drop_deg)


def symptom_checklist(store: ProgressStore | None = None) -> SymptomChecklist:
    """Return the symptom self-assessment, saved to the learner's progress."""
    return SymptomChecklist(lesson=LESSON, store=store)


def field_test_panel(store: ProgressStore | None = None):
    """Return the three guided field tests (single-leg stance, Trendelenburg, squat)."""
    return field_tests(lesson=LESSON, store=store)


def _asis_drop_deg(height_difference_cm: float, distance_cm: float) -> float:
    return math.degrees(math.atan2(height_difference_cm, distance_cm))


def questions() -> list:
    """Build lesson 02's self-check. Answers that depend on a model are computed from it."""
    odds_2deg = frontal.odds_relative_to(frontal.CPD_HEALTHY.value + 2.0)
    marker_angle = _asis_drop_deg(2.0, 22.0)
    return [
        SingleChoice(
            id="bramah_odds_ratio_meaning",
            prompt="Bramah et al. (2018) report an odds ratio of 1.87 per degree of "
            "contralateral pelvic drop. What does that finding support?",
            options=(
                Option(
                    "Each extra degree of drop raises a runner's risk of injury by 87%.",
                    "That reads a risk into a study that cannot show one: the runners were "
                    "already injured when they were measured (a retrospective design), so the "
                    "drop could be a result of pain or of running less, not its cause.",
                ),
                Option(
                    "Runners who were already injured showed more drop; per degree, the odds "
                    "of belonging to the injured group were 1.87 times higher.",
                    "Right. It is a strong association in one well-run study, not a proof "
                    "of cause. Only a prospective study (measure first, follow up for "
                    "injuries) could show that drop comes first.",
                    correct=True,
                ),
                Option(
                    "Pelvic drop made no difference between the groups.",
                    "It was the clearest difference they found (3.7° vs 6.4° on average), and "
                    "it held in all four injury groups.",
                ),
            ),
            explanation="Keep 'goes with' and 'causes' apart. The controls in that study also "
            "ran about three times the weekly mileage of the injured runners, another "
            "difference between the groups.",
        ),
        Numeric(
            id="odds_two_degrees_more",
            prompt="In the explorer, the odds multiplier compares a drop with the healthy "
            f"mean of {frontal.CPD_HEALTHY.value:.1f}°. By what factor are the odds higher at "
            f"{frontal.CPD_HEALTHY.value + 2:.1f}°, two degrees more, if the odds ratio is "
            f"{frontal.CPD_ODDS_RATIO.value} per degree?",
            answer=round(odds_2deg, 2),
            tolerance=0.1,
            unit="×",
            minimum=0.0,
            maximum=1000.0,
            placeholder="a factor, e.g. 1.5",
            explanation=f"Odds ratios multiply: {frontal.CPD_ODDS_RATIO.value} × "
            f"{frontal.CPD_ODDS_RATIO.value} ≈ {odds_2deg:.2f}. This is why a few degrees look "
            "dramatic on the odds scale; remember the study design before reading it as risk.",
            too_low="Odds ratios per degree multiply, they do not add: two degrees is the "
            "ratio squared, not the ratio plus a bit.",
            too_high="Two degrees means squaring the ratio once, not raising it to a higher power.",
        ),
        Numeric(
            id="pelvic_drop_from_markers",
            prompt="Filmed from behind, a runner's left hip bone (marker on the swing side) is "
            "2 cm lower than the right one at mid-stance, and the markers are 22 cm apart "
            "horizontally. What is the pelvic drop angle, in degrees?",
            answer=round(marker_angle, 1),
            tolerance=0.3,
            unit="°",
            minimum=0.0,
            maximum=90.0,
            placeholder="an angle in degrees",
            explanation=f"The angle is atan(2 / 22) ≈ {marker_angle:.1f}°. A '2 cm drop' rule "
            "of thumb, sometimes quoted for the clinic test, means quite different angles on "
            "wide and narrow pelves; angles compare better, and the study values are angles.",
            too_low="Check the calculator is in degrees, and that you used height over width "
            "(the tangent), not width over height.",
            too_high="Height over width, not width over height; and degrees, not a percentage.",
        ),
        MultipleChoice(
            id="red_flags",
            prompt="Which of these should send a runner to a doctor or physiotherapist before "
            "they carry on with self-tests and glute exercises? Tick all that apply.",
            options=(
                Option(
                    "Hip or groin pain when standing or hopping on the leg that gets worse "
                    "with each run",
                    "Yes: pain on loading that builds with running can be a bone stress "
                    "injury, which needs an assessment and rest, not strengthening.",
                    correct=True,
                ),
                Option(
                    "Numbness or tingling down the leg",
                    "Yes: that points to a nerve rather than a muscle, and the 'dead butt' "
                    "label can hide it.",
                    correct=True,
                ),
                Option(
                    "Pain that wakes you at night or is there at rest",
                    "Yes: pain at rest or at night is not explained by muscle fatigue and "
                    "should be checked.",
                    correct=True,
                ),
                Option(
                    "Sore glutes one or two days after a new strength session",
                    "No: delayed-onset soreness after unfamiliar exercise is normal and "
                    "fades within a few days.",
                ),
                Option(
                    "Feeling your thighs work hard on a steep hill",
                    "No: hills load the knee and hip extensors more; feeling them is "
                    "expected and is not a sign that the glutes are 'off'.",
                ),
            ),
            explanation="Self-tests help you notice how you move; they cannot rule out an "
            "injury. Anything that hurts, changes how you walk, or comes with numbness is a "
            "reason to see a professional.",
        ),
        SingleChoice(
            id="single_leg_stance_pain",
            prompt="You hold a single-leg stance on the left for the full 30 seconds with a "
            "level pelvis, but pain on the outside of the left hip reaches 4 out of 10 after "
            "20 seconds. What does the test suggest?",
            options=(
                Option(
                    "A pass: you held 30 seconds with no drop.",
                    "The hold and the pelvis were fine, but the pain is the finding that "
                    "matters in this test.",
                ),
                Option(
                    "A positive screen for gluteal tendinopathy: worth a physiotherapist's "
                    "assessment.",
                    "Right. Lateral hip pain of 2/10 or more within 30 seconds is the usual "
                    "positive criterion (as summarised by secondary sources). In a small MRI "
                    "study it picked out every case (Lequesne et al. 2008, 17 people), but a "
                    "larger study found it missed most of them (Grimaldi et al. 2017, "
                    "secondary report): a screen, not a diagnosis.",
                    correct=True,
                ),
                Option(
                    "Sleepy glutes: do more clamshells.",
                    "Pain on the outside of the hip is a reason to be assessed, not a reason "
                    "to add load on your own.",
                ),
            ),
            explanation="The same position tests two things: can you keep the pelvis level "
            "(a Trendelenburg-type check) and does loading the side of the hip hurt (a "
            "tendinopathy screen).",
        ),
        SingleChoice(
            id="sitting_and_gluteal_amnesia",
            prompt="'Sitting all day switches the glutes off, so they stay asleep on your run.' "
            "How well is this supported?",
            options=(
                Option(
                    "Strongly: EMG studies show the glutes fire less after sitting.",
                    "We found no such study and no systematic review supporting it.",
                ),
                Option(
                    "It is an unproven idea from clinical observation; a lack of training "
                    "(deconditioning) is plausible but is a different claim.",
                    "Right. 'Gluteal amnesia' comes from a clinician's observations of "
                    "back-pain patients (as reported by secondary sources). Muscles that are "
                    "rarely loaded hard do get weaker, and that is fixed by training them, "
                    "not by 'waking them up'.",
                    correct=True,
                ),
                Option(
                    "It has been disproved.",
                    "Absence of evidence is not disproof: it has not been tested well "
                    "enough to say either way.",
                ),
            ),
            explanation="When you meet a confident claim, ask what was measured, in whom, and "
            "whether the measurement came before the problem.",
        ),
        SingleChoice(
            id="single_leg_squat_reliability",
            prompt="Two coaches watch the same single-leg squats and rate them 'good', 'fair' "
            "or 'poor'. Studies of such visual ratings found agreement that is...",
            options=(
                Option(
                    "excellent, so one coach's rating is enough.",
                    "Agreement between raters was only fair in the study we checked "
                    "(weighted kappa about 0.3).",
                ),
                Option(
                    "only fair, so film it, repeat it, and treat it as a conversation starter.",
                    "Right: with weighted kappa around 0.30–0.34 across six raters, a "
                    "single rating is a rough guide. Good performers in Crossley et al. "
                    "(2011) did have earlier gluteus medius onset and stronger hip abductors, "
                    "so the test is not meaningless, just noisy.",
                    correct=True,
                ),
                Option(
                    "perfect, because the criteria are written down.",
                    "Written criteria help, but judging a moving knee and pelvis by eye "
                    "still differs between people.",
                ),
            ),
            explanation="A test's reliability caps what it can tell you: if two raters "
            "disagree, a single rating cannot be more accurate than their disagreement.",
        ),
    ]


def self_check(store: ProgressStore | None = None) -> SelfCheck:
    """Return lesson 02's self-check, wired to the learner's progress store."""
    return SelfCheck(questions(), LESSON, store=store, title="Check yourself: lesson 02")
