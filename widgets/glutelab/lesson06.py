"""Lesson 06, activation and strength: the calls the notebook makes, and its self-check.

The notebook holds prose; everything it runs is here so tests reach it. Answers that depend
on the exercise library are computed from :mod:`glutelab.exercises`.

Status words used in the tables (the same everywhere in the course): **verified** (read in
the source or its abstract), **secondary** (seen only in a secondary source) and
**unchecked** (could not be checked: shown flagged, never as fact).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from . import exercises as X
from .progress import ProgressStore
from .quiz import SelfCheck
from .selfcheck import MultipleChoice, Numeric, Option, SingleChoice
from .strength_ui import LESSON, ActivationChart, ProgrammeBuilder

__all__ = [
    "LESSON",
    "NO_VALUE_OPTIONS",
    "activation_chart",
    "library_table",
    "programme_builder",
    "questions",
    "self_check",
    "two_schools",
]

#: The exercises offered in the "no published value" question, in order.
NO_VALUE_OPTIONS = (
    "step_to_lateral_hip_shift",
    "clamshell",
    "kettlebell_swing",
    "hip_thrust",
    "staggered_stance_hinge",
    "single_leg_deadlift",
)

_STATUS_COLOURS = {
    "measured (verified)": "#2e7d32",
    "measured (secondary source only)": "#b26a00",
    "band only (verified)": "#1565c0",
    "unchecked figure only": "#b3261e",
    X.NO_VALUE: "#5f6368",
}
_CELL = "padding:4px 8px;vertical-align:top;border-bottom:1px solid #eee"


def _badge(text: str) -> str:
    colour = _STATUS_COLOURS.get(text, "#5f6368")
    return (
        f"<span style='border:1px solid {colour};color:{colour};border-radius:3px;"
        f"padding:0 4px;white-space:nowrap'>{html.escape(text)}</span>"
    )


def _library_row(ex: X.Exercise) -> str:
    values = (
        "<br>".join(html.escape(a.describe()) for a in ex.activations) or f"<i>{X.NO_VALUE}</i>"
    )
    seeds = (
        f"<b>seed {html.escape(', '.join(ex.seeds))}</b>: "
        if ex.seeds
        else "<b>not in the seeds</b>: "
    )
    return (
        f"<tr class='glutelab-library-row' data-key='{ex.key}'>"
        f"<td style='{_CELL}'><b>{html.escape(ex.name)}</b>"
        f"<div style='font-size:85%;opacity:.75'>{html.escape(X.APPROACHES[ex.approach])}</div></td>"
        f"<td style='{_CELL}'>{seeds}{html.escape(ex.seed_reason)}</td>"
        f"<td style='{_CELL}'>{html.escape(', '.join(ex.targets))}</td>"
        f"<td style='{_CELL};font-size:90%'>{values}</td>"
        f"<td style='{_CELL}'>{_badge(ex.evidence_status)}"
        f"<div style='font-size:85%;margin-top:3px'>{html.escape(ex.evidence_note)}</div></td></tr>"
    )


def library_table() -> widgets.HTML:
    """Return the exercise library as an HTML table: seed exercises first, then comparisons."""
    head = "".join(
        f"<th style='text-align:left;{_CELL}'>{h}</th>"
        for h in (
            "Exercise",
            "Which seed recommends it, and why",
            "Target muscles",
            "Published activation (% MVIC)",
            "Evidence status",
        )
    )
    ordered = [*X.seed_exercises(), *(e for e in X.library() if not e.in_seeds)]
    rows = "".join(_library_row(e) for e in ordered)
    return widgets.HTML(
        "<div class='glutelab-library' style='max-height:640px;overflow:auto;"
        "border:1px solid #ddd'><table style='border-collapse:collapse;font-size:90%'>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
        f"<div style='font-size:90%;opacity:.8;margin-top:4px'>{html.escape(X.COMPARABILITY_NOTE)}"
        " Values marked [secondary] were seen only as quoted by another source; [unchecked] "
        "could not be traced to the study at all.</div>"
    )


def activation_chart() -> ActivationChart:
    """Return the activation chart (the page's one plotly figure)."""
    return ActivationChart()


def programme_builder(store: ProgressStore | None = None) -> ProgrammeBuilder:
    """Return the programme builder, wired to the learner's progress store."""
    return ProgrammeBuilder(store=store)


def _span(key: str, muscle: str) -> str:
    values = [a.value for a in X.exercise(key).values(muscle) if a.value is not None]
    if not values:
        return X.NO_VALUE
    lo, hi = min(values), max(values)
    return f"{lo:g} %" if lo == hi else f"{lo:g}-{hi:g} %"


def two_schools() -> widgets.HTML:
    """Return the two schools of the seed articles side by side, with what is known."""
    clam = _span("clamshell", "GMed")
    bridge_max = _span("glute_bridge", "GMax")
    sldl = _span("single_leg_deadlift", "GMax")
    rows = (
        ("Seeds", "000, 001", "002, 004"),
        (
            "The idea",
            "Glutes that sit all day are 'switched off'. Wake them with simple, isolated "
            "exercises before running, strengthen them 2-3 times a week, and think about "
            "squeezing them as you run.",
            "A muscle has to lengthen to load. At mid-stance the foot pronates, the hip turns "
            "in and the glutes stretch; from that length they shorten to push. Train that "
            "loading, starting at the foot. Clenching the glutes is not strength, and "
            "clamshells and band walks (external rotation only) are not enough.",
        ),
        (
            "Typical exercises",
            "glute bridge (with a posterior pelvic tilt), clamshell, lateral band walk, donkey "
            "kick, leg swings; a bridge followed by the A-drill and run-throughs",
            "heel rocker pronation drill, step to lateral hip shift, staggered-stance hinge, "
            "co-contraction to a box",
        ),
        (
            "Activation measured",
            f"clamshell {clam} for gluteus medius depending on the study and version; two-legged "
            f"bridge about {bridge_max} for gluteus maximus (secondary); lateral band walk: "
            "only an unchecked figure; donkey kick: no value (the nearest studied exercise was "
            "above 45 %).",
            "none of the four drills has been studied. The nearest studied exercise, the "
            f"single-leg deadlift, gave about {sldl} for gluteus maximus (secondary).",
        ),
        (
            "What fits the evidence",
            "The exercises do make the glutes work, at low to moderate levels in their basic "
            "forms and higher in harder versions; they are easy to teach to a group.",
            "In simulations of running the glutes make their biggest forces early in stance, "
            "while the hip is flexed and adducting, that is while they are long (lesson 03). "
            "Active muscle resists stretch strongly.",
        ),
        (
            "Not shown",
            "That a few minutes of 'activation' changes how the glutes work in the run or "
            "sprint that follows (see the warm-up studies below).",
            "That 'internal rotation first' drills beat ordinary strengthening, or change how "
            "anyone runs; how much the foot adds to glute length is small (lesson 03).",
        ),
    )
    body = "".join(
        f"<tr><th style='text-align:left;{_CELL}'>{html.escape(a)}</th>"
        f"<td style='{_CELL}'>{html.escape(b)}</td><td style='{_CELL}'>{html.escape(c)}</td></tr>"
        for a, b, c in rows
    )
    return widgets.HTML(
        "<div class='glutelab-two-schools'><table style='border-collapse:collapse;"
        "font-size:92%;table-layout:fixed;width:100%'><colgroup><col style='width:16%'>"
        "<col style='width:42%'><col style='width:42%'></colgroup><thead><tr><th></th>"
        f"<th style='text-align:left;{_CELL};background:#eef3fb'>Activate and strengthen</th>"
        f"<th style='text-align:left;{_CELL};background:#f3eefb'>Load through length and "
        f"internal rotation</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


# --------------------------------------------------------------------------------------
# Self-check
# --------------------------------------------------------------------------------------
def _value(key: str, variant: str) -> float:
    for a in X.exercise(key).values("GMax"):
        if a.variant == variant and a.value is not None:
            return a.value
    raise KeyError((key, variant))  # pragma: no cover - the tests pin the table


def _thrust_question() -> Numeric:
    up = _value("hip_thrust", "barbell 10RM, upper GMax")
    low = _value("hip_thrust", "barbell 10RM, lower GMax")
    s_up = _value("squat", "back squat 10RM, upper GMax")
    s_low = _value("squat", "back squat 10RM, lower GMax")
    diff = round(up - s_up, 1)
    return Numeric(
        id="hip_thrust_minus_squat",
        prompt="In Contreras et al. (2015) the same 13 trained women did the barbell hip "
        f"thrust and the back squat at their 10-repetition maximum. Mean upper gluteus maximus "
        f"activity was {up:g} % MVIC in the hip thrust and {s_up:g} % in the squat. By how many "
        "percentage points was the hip thrust higher?",
        answer=diff,
        tolerance=0.3,
        unit="%",
        minimum=-200.0,
        maximum=200.0,
        placeholder="a difference in percentage points",
        explanation=f"{up:g} − {s_up:g} = {diff:g} points, more than double. The lower part of "
        f"the muscle showed the same pattern ({low:g} against {s_low:g}). This comparison is "
        "fair because one study measured both lifts in the same people with the same maximal "
        "test; comparing numbers across studies is not.",
        too_low=f"Subtract the squat from the hip thrust: {up:g} − {s_up:g}. If you got about "
        f"{up / s_up:.1f}, that is the ratio, not the difference.",
        too_high=f"{low - s_low:.1f} would be the lower part ({low:g} − {s_low:g}); the "
        "question asks about the upper part.",
    )


def _band_question() -> SingleChoice:
    gmed = next(a for a in X.exercise("step_up").values("GMed") if a.variant == "forward")
    gmax = next(a for a in X.exercise("step_up").values("GMax") if a.variant == "forward")
    band = X.band_of(gmed.value)
    other = X.band_of(gmax.value)
    edges = {"low": "0-20 %", "moderate": "21-40 %", "high": "41-60 %", "very high": "above 60 %"}
    options = tuple(
        Option(
            f"{b.name} ({edges[b.name]})",
            f"Yes: {gmed.value:g} is above 60, the edge of the top band, which is also the one "
            "edge we could check (Krause Neto et al. 2020)."
            if b is band
            else f"{gmed.value:g} % is not in {edges[b.name]}.",
            correct=b is band,
        )
        for b in X.BANDS
    )
    return SingleChoice(
        id="step_up_band",
        prompt=f"MacAskill et al. measured gluteus medius at {gmed.value:g} % MVIC in an "
        "unloaded forward step-up. Which of the bands commonly used in this literature is "
        "that?",
        options=options,
        explanation=f"In the same step-up gluteus maximus reached only {gmax.value:g} %, "
        f"'{other.name}': one exercise can sit in different bands for different muscles. The "
        "lower band edges are as commonly summarised and were not checked.",
    )


def _no_value_question() -> MultipleChoice:
    options = []
    for key in NO_VALUE_OPTIONS:
        ex = X.exercise(key)
        status = ex.evidence_status
        none = status == X.NO_VALUE
        feedback = (
            f"Right for {ex.name}: no study of it was found. {ex.evidence_note}"
            if none
            else f"{ex.name} has a value ({status}): {ex.evidence_note}"
        )
        options.append(Option(ex.name, feedback, correct=none))
    return MultipleChoice(
        id="no_published_value",
        prompt="Which of these seed exercises have no published activation value in the "
        "library? Tick all that apply (the table and the list beside the chart show it).",
        options=tuple(options),
        explanation="'No published value' means nobody has measured it in the sources "
        "checked, not that the exercise does nothing. The whole 'load through length' school "
        "rests on reasoning, not on activation studies.",
    )


def _comparison_question() -> SingleChoice:
    lateral = next(a for a in X.exercise("step_up").values("GMax") if a.variant == "lateral")
    return SingleChoice(
        id="comparing_studies",
        prompt=f"Unloaded lateral step-ups gave {lateral.value:g} % MVIC for gluteus maximus "
        "in MacAskill et al., yet the review of Krause Neto et al. (2020) classed step-ups as "
        "'very high' (above 60 %). What is the best explanation?",
        options=(
            Option(
                "One of the studies must be wrong.",
                "Both can be right: they measured different things.",
            ),
            Option(
                "The review pooled studies of step-ups with external load, each with its own "
                "maximal test and way of averaging; load and method change %MVIC.",
                "Yes. MacAskill's step-ups were body weight only; the review was about loaded "
                "strength exercises. %MVIC depends on the load, the reference contraction and "
                "whether mean or peak activity is reported.",
                correct=True,
            ),
            Option(
                "Gluteus maximus activation is random from one day to the next.",
                "There is variation (note the large standard deviations), but not enough to "
                "turn 31 % into more than 60 % on average.",
            ),
            Option(
                "Step-ups only work gluteus medius.",
                f"In the same study gluteus medius was higher ({_span('step_up', 'GMed')}), but "
                "gluteus maximus works too.",
            ),
        ),
        explanation="That is why the chart says values from different studies are not "
        "directly comparable, and why the library keeps each study's number with its "
        "conditions.",
    )


def _warm_up_question() -> SingleChoice:
    return SingleChoice(
        id="activation_warm_up",
        prompt="Parr, Price & Cleather (2017) had 17 professional rugby players do a glute "
        "'activation' warm-up or a control warm-up before heavy high hang pulls (80 % of their "
        "one-repetition maximum). What did they find after the activation warm-up?",
        options=(
            Option(
                "Higher peak gluteus maximus EMG and larger ground reaction forces.",
                "That is what activation routines promise, not what this study found.",
            ),
            Option(
                "Slightly lower peak gluteus maximus EMG, no significant change in the "
                "estimated muscle forces, and unchanged ground reaction forces.",
                "Yes (EMG effect size d = 0.30; the forces only trended upwards, p = 0.053). "
                "The authors read lower EMG for the same force as the glutes being primed; "
                "either way, the lift itself did not measurably change.",
                correct=True,
            ),
            Option(
                "Fewer injuries over the season.",
                "The study measured one session in the lab, not injuries.",
            ),
            Option(
                "Better running economy.",
                "It tested a weightlifting pull in rugby players. No study of activation "
                "warm-ups and distance-running performance or economy was found.",
            ),
        ),
        explanation="Harrison & McCabe (2017) found faster 5 and 10 m sprints on average but "
        "no consistent effect athlete by athlete; one study of footballers reported more jump "
        "power (Crow et al. 2012, read only in a secondary source). A short warm-up does no "
        "harm; that the glutes must be 'woken up' before a run is unsupported.",
    )


def _mechanics_question() -> SingleChoice:
    return SingleChoice(
        id="strength_vs_mechanics",
        prompt="After 6-8 weeks of hip strengthening, what does research lead you to expect?",
        options=(
            Option(
                "More strength; changes in running mechanics that are rarely measurable.",
                "Yes: strength rose within few sessions in the studies reviewed by Hall et al. "
                "(5 studies, 144 people), but evidence that running kinematics change was "
                "insufficient; a 2024-25 scoping review of 19 studies found no consistent link "
                "between hip strength and running mechanics.",
                correct=True,
            ),
            Option(
                "Clearly less hip drop and knee collapse in every runner.",
                "Some people change, but on average the studies did not show it.",
            ),
            Option(
                "No change in strength for several months.",
                "Strength usually rises within weeks, partly from learning the movement.",
            ),
            Option(
                "Faster races, guaranteed.",
                "Strength training helps many runners, but no plan guarantees a result.",
            ),
        ),
        explanation="Strength is worth having for its own sake and for the load running puts "
        "on the hip. Do not expect your running form to change by itself: that takes practice "
        "of the running itself, and for pain, advice from a physiotherapist.",
    )


def questions() -> list:
    """Build lesson 06's self-check. Answers that depend on the library are computed."""
    return [
        _thrust_question(),
        _band_question(),
        _comparison_question(),
        _no_value_question(),
        _warm_up_question(),
        _mechanics_question(),
    ]


def self_check(store: ProgressStore | None = None) -> SelfCheck:
    """Return lesson 06's self-check, wired to the learner's progress store."""
    return SelfCheck(questions(), LESSON, store=store, title="Check yourself: lesson 06")
