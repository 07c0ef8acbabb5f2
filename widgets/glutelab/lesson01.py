"""Lesson 01, the gluteal complex: the calls the notebook makes, and its self-check.

The notebook holds prose; everything it runs is here so tests reach it.
"""

from __future__ import annotations

import ipywidgets as widgets

from . import anatomy as A
from . import figures as F
from .progress import ProgressStore
from .quiz import SelfCheck
from .selfcheck import MultipleChoice, Numeric, Option, SingleChoice
from .views import HipExplorer

__all__ = ["LESSON", "explorer", "force_chart", "questions", "self_check"]

LESSON = "01-the-gluteal-complex"


def explorer(flexion_deg: float = 0.0) -> HipExplorer:
    """Return the hip explorer (slider, muscle toggles, anatomy and moment-arm figures)."""
    return HipExplorer(flexion_deg)


def force_chart() -> widgets.HTML:
    """Return the force-capacity bar chart (HTML: the page keeps to one plotly widget)."""
    return widgets.HTML(F.force_capacity_html())


def _internal_at_90(key: str) -> bool:
    return A.moment_arms(key, 90.0)["internal_rotation"] > 0


def questions() -> list:
    """Build lesson 01's self-check. Answers that depend on the model are computed from it."""
    crossover = A.rotation_crossover("glmed2")
    glmax2 = A.compartment("glmax2")
    ext_cm = A.moment_arms("glmax2", 0.0)["extension"]
    moment = glmax2.max_force_n * ext_cm / 100.0

    rotators = ("glmed1", "glmed3", "glmin1", "glmax3")
    labels = {
        "glmed1": "Gluteus medius, anterior part",
        "glmed3": "Gluteus medius, posterior part",
        "glmin1": "Gluteus minimus, anterior part",
        "glmax3": "Gluteus maximus, lower part",
    }
    why = {
        "glmed1": "Its line passes in front of the hip's long axis once the thigh is flexed, so "
        "it turns the thigh inwards; it already does slightly at 0°.",
        "glmed3": "It starts as an external rotator (behind the axis) and crosses over at about "
        f"{A.rotation_crossover('glmed3'):.0f}° of flexion in the model.",
        "glmin1": "Like the anterior medius, it sits in front of the axis and its internal-rotation "
        "leverage grows to about 5 cm at 90°.",
        "glmax3": "The lower gluteus maximus stays an external rotator across the whole range; "
        "its line never crosses in front of the axis.",
    }
    rotator_options = tuple(Option(labels[k], why[k], correct=_internal_at_90(k)) for k in rotators)

    return [
        SingleChoice(
            id="lower_gmax_adducts",
            prompt="With the hip straight (0°), which part of gluteus maximus pulls the thigh "
            "towards the midline (adduction) rather than away from it?",
            options=(
                Option(
                    "The upper part",
                    "The upper part runs above the hip centre, so it "
                    "abducts, though weakly (under 2 cm of leverage).",
                ),
                Option(
                    "The middle part",
                    "The middle part sits almost level with the hip centre "
                    "in the back view, so it has little ab- or adduction leverage at 0°.",
                ),
                Option(
                    "The lower part",
                    "Its fibres reach the femur from below the hip centre, "
                    "so the pull passes under the joint and swings the thigh inwards: about "
                    "5 cm of adduction moment arm in the model.",
                    correct=True,
                ),
                Option(
                    "None: gluteus maximus only extends",
                    "Extension is its biggest action, "
                    "but a muscle acts about every axis its line does not pass through.",
                ),
            ),
            explanation="Look at the back view: a line that passes below the hip centre adducts, "
            "one above it abducts. Only the gluteus medius and minimus sit clearly above it.",
        ),
        MultipleChoice(
            id="internal_rotators_at_90",
            prompt="Move the slider to 90°. Which of these act as internal rotators there? "
            "Tick all that apply.",
            options=rotator_options,
            explanation="Flexing the hip carries the trochanter forward, so lines that ran behind "
            "the femur's long axis at 0° pass in front of it. That is why 'glute' exercises done "
            "in deep flexion load these muscles differently from upright ones.",
        ),
        Numeric(
            id="glmed2_crossover_angle",
            prompt="Read the rotation panel: at about what hip-flexion angle does the middle "
            "gluteus medius change from an external to an internal rotator?",
            answer=round(crossover, 1),
            tolerance=5.0,
            unit="°",
            minimum=-20.0,
            maximum=90.0,
            placeholder="an angle in degrees",
            explanation=f"In the model its rotation moment arm crosses zero at about "
            f"{crossover:.0f}°. Running stance spends most of its time between roughly 30° of "
            "flexion at foot strike and 20–30° of extension at toe-off, so this part of the "
            "medius changes role within a single stride.",
            too_low="Below that angle its line still runs behind the axis (external rotation).",
            too_high="By then it is already an internal rotator; look for where its line in the "
            "rotation panel crosses zero.",
        ),
        Numeric(
            id="glmax2_extension_moment",
            prompt=f"The middle gluteus maximus can pull with up to {glmax2.max_force_n:.0f} N in "
            f"the model, and at 0° its extension moment arm is {ext_cm:.1f} cm. What is the "
            "largest hip-extension moment it can make there, in newton-metres?",
            answer=round(moment, 1),
            tolerance=3.0,
            unit="N·m",
            minimum=0.0,
            maximum=1e6,
            placeholder="a moment in N·m",
            explanation="Moment = force × moment arm, with the arm in metres: "
            f"{glmax2.max_force_n:.0f} N × {ext_cm / 100:.3f} m ≈ {moment:.0f} N·m. The same "
            "force at 90° of flexion, where the arm has shrunk, gives far less.",
            too_low="Check the arithmetic: multiply the force by the moment arm in metres.",
            too_high="Did you keep the moment arm in centimetres? Divide by 100 first.",
        ),
        SingleChoice(
            id="gmax_role_in_running",
            prompt="Which statement best matches what EMG studies found about gluteus maximus "
            "in running?",
            options=(
                Option(
                    "It fires hardest at toe-off to push the body forward.",
                    "That is the popular picture, but recordings show its activity peaks "
                    "around foot strike and early stance and is low by push-off.",
                ),
                Option(
                    "It is far more active than in walking, mainly around foot strike, where "
                    "it steadies the trunk, and in late swing, where it slows the leg.",
                    "Yes: Lieberman et al. (2006) found it nearly silent in level walking and "
                    "strongly active in running, with trunk control and swing-leg braking "
                    "as its main jobs.",
                    correct=True,
                ),
                Option(
                    "It is about as quiet in running as in walking.",
                    "That holds for walking only; running recruits it strongly.",
                ),
            ),
            explanation="It may still help extend the thigh in early stance. Seed articles call "
            "it the 'engine' of push-off; the measured timing says stabiliser and brake first.",
        ),
        SingleChoice(
            id="hip_weakness_and_knee_pain",
            prompt="Does weak hip musculature predict who will develop runner's knee "
            "(patellofemoral pain)?",
            options=(
                Option(
                    "Yes, prospective studies show weak hips come first.",
                    "Studies that measured strength before anyone was injured did not find "
                    "this (Rathleff et al. 2014; Neal et al. 2019).",
                ),
                Option(
                    "No consistent prospective link; weakness is found after the pain starts.",
                    "Right: the meta-analysis of Neal et al. (2019; 18 studies) found hip "
                    "weakness was not a risk factor, and in adolescents stronger abductors "
                    "even went with more PFP.",
                    correct=True,
                ),
                Option("Nobody has studied it.", "It is well studied; see Neal et al. (2019)."),
            ),
            explanation="'Weakness causes the injury' and 'strengthening helps once it hurts' are "
            "different claims with different evidence; only the first is tested here. If you "
            "have knee pain, see a physiotherapist or doctor.",
        ),
    ]


def self_check(store: ProgressStore | None = None) -> SelfCheck:
    """Return lesson 01's self-check, wired to the learner's progress store."""
    return SelfCheck(questions(), LESSON, store=store, title="Check yourself: lesson 01")
