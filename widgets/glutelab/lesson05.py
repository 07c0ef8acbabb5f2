"""Lesson 05, cadence, step length and form: the calls the notebook makes, and its self-check.

The notebook holds prose; everything it runs is here so tests reach it. Answers that depend
on arithmetic or on the cited tables are computed from :mod:`glutelab.cadence`.

Status words used in the tables (the same everywhere in the course): **verified** (read in
the source), **computed from public data**, **secondary** (seen only in a secondary source),
**unchecked** (could not be checked: shown flagged, never as fact) and **model assumption**.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

from . import cadence as C
from .cadence_ui import CadenceCalculator, StepRateExplorer
from .progress import ProgressStore
from .quiz import SelfCheck
from .selfcheck import MultipleChoice, Numeric, Option, SingleChoice

__all__ = [
    "FORM_CUES",
    "GRADES",
    "LESSON",
    "METRONOME_QUESTION",
    "SPEED_TABLE_M_S",
    "STATUSES",
    "STEP_QUESTION",
    "FormCue",
    "StoryClaim",
    "calculator",
    "explorer",
    "form_cues",
    "questions",
    "self_check",
    "speed_table",
    "story_claims",
    "story_of_180",
]

LESSON = "05-cadence-step-length-and-form"

#: Inputs of the step-length question: pace, per, cadence (steps/min), cadence change (%).
STEP_QUESTION = ("5:00", "km", 165.0, 10.0)
#: Inputs of the metronome question: cadence (steps/min) and cadence change (%).
METRONOME_QUESTION = (160.0, 10.0)
#: Speeds (m/s) in the "180 at different speeds" table.
SPEED_TABLE_M_S = (2.5, 3.0, 3.5, 4.0, 5.0, 6.0)

STATUSES = (
    "verified",
    "computed from public data",
    "secondary",
    "unchecked",
    "model assumption",
)
#: Evidence grades for the form cues, with what each means in this course.
GRADES = {
    "strong": "several prospective studies or a good meta-analysis agree",
    "moderate": "consistent lab findings, or one good study, but not tested against injury "
    "or performance",
    "weak": "few or conflicting studies, or associations in people already injured",
    "unproven": "no study has tested it (it may still be true)",
}
_GRADE_COLOURS = {
    "strong": "#2e7d32",
    "moderate": "#00796b",
    "weak": "#b26a00",
    "unproven": "#5f6368",
}
_STATUS_COLOURS = {
    "verified": "#2e7d32",
    "computed from public data": "#00796b",
    "secondary": "#b26a00",
    "unchecked": "#b3261e",
    "model assumption": "#5f6368",
}


# --------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------
def calculator(store: ProgressStore | None = None) -> CadenceCalculator:
    """Return the cadence calculator (saves the learner's last good inputs)."""
    return CadenceCalculator(store=store, lesson=LESSON)


def explorer() -> StepRateExplorer:
    """Return the step-rate explorer (the page's one figure: side view, angles, forces)."""
    return StepRateExplorer()


# --------------------------------------------------------------------------------------
# The story of "180"
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StoryClaim:
    """One version of a claim about cadence, where it comes from, and its status."""

    claim: str
    source: str
    status: str


def story_claims() -> tuple[StoryClaim, ...]:
    """Return the claims behind "180 steps per minute", primary and secondary, with status.

    Numbers that are in the project's table come from :func:`glutelab.cadence.reference_value`.
    """
    daniels = C.reference_value("daniels_180")
    inflection = C.reference_value("inflection_cadence")
    optimum = C.reference_value("lieberman_metabolic_optimum")
    uninjured = C.reference_value("uninjured_step_rate")
    dorn = C.reference_value("dorn_strategy_speed")
    return (
        StoryClaim(
            f"At the 1984 Olympics Jack Daniels and his wife counted runners' step rates: "
            f"all but one of about 47 were at {daniels.value:.0f} steps/min or more. Some "
            "runners were counted in more than one round, and these were racing speeds.",
            daniels.source,
            daniels.status,
        ),
        StoryClaim(
            "Daniels adds that the beginners he teaches almost never reach 180.",
            daniels.source,
            daniels.status,
        ),
        StoryClaim(
            "“46 runners, the one exception at 176 steps/min.” Daniels' own article gives "
            "neither number.",
            "Canadian Running, 2017 (magazine article)",
            "secondary",
        ),
        StoryClaim(
            "“Elite runners from 800 m to the marathon ran about 180–200 steps/min.”",
            "A blog summary, 2009",
            "secondary",
        ),
        StoryClaim(
            "“Elite distance runners are almost always at 180 or more and hardly change rate "
            "as they speed up; some beginners are as slow as 160.” Quoted from Daniels' "
            "Running Formula; the edition and page could not be checked.",
            "A running blog quoting the book, 2014",
            "secondary",
        ),
        StoryClaim(
            "Across sprinters, distance runners and active and sedentary adults, runners add "
            "speed mainly by longer steps until about 65–70 % of their top speed, then mainly "
            f"by quicker ones. The switch comes at {inflection.value:.1f} ± {inflection.sd:.1f} "
            f"steps/s, that is about {60 * inflection.value:.0f} steps/min.",
            inflection.source,
            inflection.status,
        ),
        StoryClaim(
            "At 3.0 m/s the metabolically cheapest rate of 14 runners was "
            f"{optimum.value:.1f} ± {optimum.sd:.1f} strides/min, about "
            f"{2 * optimum.value:.0f} steps/min.",
            optimum.source,
            optimum.status,
        ),
        StoryClaim(
            "Recreational runners outdoors at about 3.0 m/s chose 165 ± 8 steps/min; the rate "
            "that minimised their heart rate was 171 ± 8. At a 15 % higher speed both rose "
            "by 3 steps/min, and taller runners used lower rates. Switching to the optimum "
            "would have lowered the median heart rate by only half a beat per minute.",
            "Eur J Sport Sci 2020; 20(2):182–190, doi:10.1080/17461391.2019.1626911 (abstract)",
            "verified",
        ),
        StoryClaim(
            "Twelve inexperienced runners chose 77, 79 and 80 strides/min at 2.4, 2.6 and "
            "2.9 m/s; their heart-rate optimum was about 83 strides/min (166 steps/min) and "
            "did not change with speed.",
            "van Oeveren et al. 2017, PLoS One 12:e0184273 (abstract)",
            "verified",
        ),
        StoryClaim(
            f"Uninjured male runners in one study averaged {uninjured.value:.0f} ± "
            f"{uninjured.sd:.1f} steps/min.",
            uninjured.source,
            uninjured.status,
        ),
        StoryClaim(
            f"Up to about {dorn.value:.0f} m/s runners go faster mostly by lengthening the "
            "stride; above that, by quickening it.",
            dorn.source,
            dorn.status,
        ),
    )


def _badge(text: str, colour: str) -> str:
    return (
        f"<span style='background:{colour};color:#fff;padding:0 6px;border-radius:3px;"
        f"white-space:nowrap'>{html.escape(text)}</span>"
    )


def story_of_180() -> widgets.HTML:
    """Return the claims behind "180", each with its source and status, as an HTML table."""
    rows = "".join(
        f"<tr><td style='padding:3px 8px 3px 0'>{html.escape(c.claim)}</td>"
        f"<td style='padding:3px 8px;font-size:90%'>{html.escape(c.source)}</td>"
        f"<td>{_badge(c.status, _STATUS_COLOURS[c.status])}</td></tr>"
        for c in story_claims()
    )
    return widgets.HTML(
        "<div class='glutelab-story-180'><table>"
        "<tr><th style='text-align:left'>Claim</th><th style='text-align:left'>Source</th>"
        f"<th style='text-align:left'>Status</th></tr>{rows}</table></div>"
    )


def speed_table() -> widgets.HTML:
    """Return the step length each cadence needs at several speeds (speed = cadence × step)."""
    cadences = (160, 170, 180)
    head = "".join(f"<th style='padding:2px 10px'>{c} steps/min</th>" for c in cadences)
    rows = "".join(
        f"<tr><td style='padding:2px 10px'>{v:.1f} m/s</td>"
        f"<td style='padding:2px 10px'>{C.speed_to_pace(v, 'km')} per km</td>"
        + "".join(
            f"<td style='text-align:right;padding:2px 10px'>{C.step_length(v, c):.2f} m</td>"
            for c in cadences
        )
        + "</tr>"
        for v in SPEED_TABLE_M_S
    )
    return widgets.HTML(
        "<div class='glutelab-speed-table'><b>Step length each cadence needs</b> "
        "(computed: step = speed ÷ steps per second)<table>"
        "<tr><th style='padding:2px 10px'>speed</th><th style='padding:2px 10px'>pace</th>"
        f"{head}</tr>{rows}</table></div>"
    )


# --------------------------------------------------------------------------------------
# Form cues
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FormCue:
    """One coaching cue from the seed articles, what is known about it and its grade."""

    key: str
    cue: str
    seeds: str
    known: str
    grade: str
    grade_note: str = ""


FORM_CUES: tuple[FormCue, ...] = (
    FormCue(
        "neutral_pelvis",
        "Keep a neutral pelvis: run tall, hips under the shoulders, without tipping the "
        "pelvis far forward or back.",
        "001",
        "Pelvic tilt and hip extension move together: elite runners who tipped the pelvis "
        "further forward reached less hip extension late in stance (Schache et al. 2000, 14 "
        "athletes at 20 km/h). In male soccer players filmed sprinting and then followed, "
        "more pelvis and trunk motion in swing went with later hamstring strains (Schuermans "
        "et al. 2017). Nobody has tested the cue itself in distance runners.",
        "weak",
    ),
    FormCue(
        "lean_from_ankles",
        "Lean slightly forward from the ankles, not from the waist.",
        "001",
        "Runners who leaned the trunk further forward (about 11° against 4°) did more of the "
        "stance work at the hip and less at the knee (Teng & Powers 2015, 40 runners at "
        "3.4 m/s); runners with stronger hip extensors leaned more (Teng & Powers 2016). "
        "Injured runners leaned a little more at mid-stance than healthy ones (12.0° against "
        "9.5°, Bramah et al. 2018, measured after injury). Gravity pulls straight down, so "
        "leaning adds no free forward push at a steady speed; ankle and hip leans have not "
        "been compared.",
        "weak",
        "a small lean shifts work from knee to hip; the 'free speed' idea is not supported",
    ),
    FormCue(
        "push_off_behind",
        "Push the ground back and squeeze the glutes as the foot leaves the ground.",
        "001, 003",
        "Gluteus maximus works mainly from late swing into early stance, steadying the trunk "
        "and braking the swinging leg (Lieberman et al. 2006); in simulations of one runner "
        "its force peaks at 4–5 % of the stride and is near zero by toe-off (Hamner et al. "
        "2010 data). Up to about 7 m/s runners go faster mostly through longer strides "
        "powered by the calf muscles; the hip muscles take over at sprint speeds (Dorn et "
        "al. 2012).",
        "unproven",
        "the measured timing argues against a squeeze at toe-off",
    ),
    FormCue(
        "foot_under_hip",
        "Land with the foot under the hip, not out in front (no overstriding).",
        "001",
        "The foot always lands somewhat ahead of the hip in running. The further ahead, the "
        "larger the braking force; a higher step rate moved the landing point closer (5.9 % "
        "per 10 steps/min) and a foot far ahead of the knee went with a larger impact peak "
        "(Lieberman et al. 2015, 14 runners). Injured runners landed with a straighter knee "
        "than healthy ones (Bramah et al. 2018). No trial has shown that it prevents injury.",
        "moderate",
        "moderate for the mechanics; unproven for injury prevention",
    ),
    FormCue(
        "cadence_170_180",
        "Keep a high cadence, around 170–180 steps per minute.",
        "001, 003",
        "Raising step rate by 5–10 % at the same speed lowers peak knee flexion (strong "
        "evidence) and step length, peak hip adduction and the knee extensor moment "
        "(moderate evidence) in a review of 37 studies (Anderson et al. 2022). Stance forces "
        "in gluteus medius and maximus fall but their late-swing forces rise (Lenhart et al. "
        "2014), with more late-swing activity (Chumanov et al. 2012). For injuries and "
        "performance the evidence is very limited, and a single number for everyone has "
        "none.",
        "moderate",
        "moderate for the load changes of +5–10 %; unproven for a fixed 170–180 target",
    ),
    FormCue(
        "mind_muscle",
        "Mind–muscle connection: think about the glutes and squeeze them in turn with each "
        "stride (the seed's count of 90).",
        "001, 003",
        "Runners used more oxygen at the same speed when they attended to their running "
        "movement or breathing than to something outside them (Schücker et al. 2009; Hill et "
        "al. 2017, 30 recreational runners); a study that checked where runners' attention "
        "really was found no difference (de la Vega et al. 2016). Squeezing the glutes while "
        "running has not been studied. "
        "A sore bottom after the first runs means unaccustomed work, not proof of good "
        "technique; pain that lingers is a reason to see a physiotherapist.",
        "unproven",
    ),
    FormCue(
        "hills_and_stairs",
        "Use hills, stairs and sprints to build and 'switch on' the glutes.",
        "003, 000",
        "Gluteus maximus is far busier in running than in walking and busiest in sprinting; "
        "climbing recruits it about as much as running (Bartlett et al. 2014, read in a "
        "summary). Sprinters on a 5 % incline showed more glute activity in stance than on "
        "the flat, with quicker, shorter steps (a 2021 study of 9 sprinters). Uphill "
        "walking barely uses it (Lieberman et al. 2006). Whether this carries over to easy "
        "running on the flat is untested.",
        "moderate",
        "moderate that they load the glutes more; unproven that the habit transfers",
    ),
    FormCue(
        "speed_from_glutes",
        "The glutes are the strongest muscles, so drawing on them makes you faster.",
        "003, 001",
        "At distance-running speeds, faster running comes mostly from longer strides driven "
        "by the calf muscles; the hip muscles, gluteus maximus among them, drive the swing "
        "leg faster only above about 7 m/s (Dorn et al. 2012). Strength training helps many "
        "runners, but that is a different claim from a running cue.",
        "weak",
    ),
)


def form_cues() -> widgets.HTML:
    """Return the seeds' form cues with what is known and a grade, as an HTML table."""
    legend = "; ".join(
        f"{_badge(g, _GRADE_COLOURS[g])} {html.escape(text)}" for g, text in GRADES.items()
    )
    rows = "".join(
        f"<tr><td style='padding:4px 8px 4px 0;vertical-align:top'><b>{html.escape(c.cue)}</b>"
        f"<div style='font-size:85%;opacity:.75'>seed {html.escape(c.seeds)}</div></td>"
        f"<td style='padding:4px 8px;vertical-align:top'>{html.escape(c.known)}</td>"
        f"<td style='vertical-align:top'>{_badge(c.grade, _GRADE_COLOURS[c.grade])}"
        + (f"<div style='font-size:85%'>{html.escape(c.grade_note)}</div>" if c.grade_note else "")
        + "</td></tr>"
        for c in FORM_CUES
    )
    return widgets.HTML(
        f"<div class='glutelab-form-cues'><div style='margin-bottom:4px'>{legend}</div>"
        "<table><tr><th style='text-align:left'>Cue</th>"
        "<th style='text-align:left'>What is known</th><th style='text-align:left'>Grade</th>"
        f"</tr>{rows}</table></div>"
    )


# --------------------------------------------------------------------------------------
# Self-check
# --------------------------------------------------------------------------------------
def _step_question() -> Numeric:
    pace, per, spm, pct = STEP_QUESTION
    v = C.pace_to_speed(pace, per)
    change = C.cadence_change(v, spm, pct)
    answer = round(change.step_after_m, 3)
    old = change.step_before_m
    five_off = old * (1 - pct / 100)
    return Numeric(
        id="step_after_cadence_change",
        prompt=f"You run at {pace} per {per} with a cadence of {spm:g} steps/min. If you "
        f"raise the cadence by {pct:g} % and keep the same pace, how long is each step, in "
        "metres? Use the calculator if you like.",
        answer=answer,
        tolerance=0.005,
        unit="m",
        minimum=0.3,
        maximum=3.0,
        placeholder="a length in metres",
        explanation=f"Speed = {C.METRES_PER[per]:g} m ÷ {C.METRES_PER[per] / v:.0f} s = "
        f"{v:.2f} m/s. The new cadence is {spm:g} × "
        f"{1 + pct / 100:g} = {change.cadence_after_spm:.2f} steps/min, or "
        f"{change.cadence_after_spm / 60:.3f} steps/s. Step = speed ÷ steps per second = "
        f"{answer:.3f} m, against {old:.3f} m before: the old step divided by "
        f"{1 + pct / 100:g}, about {abs(change.step_change_pct):.1f} % shorter ("
        f"{100 * abs(change.step_change_m):.1f} cm).",
        too_low=f"Taking {pct:g} % off the old step gives {five_off:.3f} m, close but not "
        f"exact: the step shrinks by 1/{1 + pct / 100:g}, not by {pct:g} %. Or check that "
        "you used steps per second.",
        too_high=f"The step must get shorter: at the same speed more steps per minute means "
        f"less ground per step. The old step was {old:.3f} m.",
    )


def _metronome_question() -> Numeric:
    spm, pct = METRONOME_QUESTION
    after = spm * (1 + pct / 100)
    metro = C.metronome(after)
    return Numeric(
        id="metronome_per_leg",
        prompt=f"Your cadence is {spm:g} steps/min and you want to try +{pct:g} %. You set a "
        "metronome to beat once per leg, on the same foot each time (like the seed's "
        "alternating squeeze 'at 90'). How many beats per minute do you set?",
        answer=round(metro.per_leg_bpm, 1),
        tolerance=0.6,
        unit="bpm",
        minimum=20.0,
        maximum=300.0,
        placeholder="beats per minute",
        explanation=f"The new cadence is {spm:g} × {1 + pct / 100:g} = {after:g} steps/min. "
        f"A beat per leg comes on every second step: {after:g} ÷ 2 = {metro.per_leg_bpm:g} "
        f"bpm. The seed's count of 90 is per leg too: 90 × 2 = 180 steps/min.",
        too_low=f"Did you halve the old cadence ({spm / 2:g})? Raise it by {pct:g} % first.",
        too_high=f"{after:g} bpm is a beat on every step (both feet). Once per leg is half "
        "of that.",
    )


def _step_rate_question() -> MultipleChoice:
    table = C.heiderscheit2011_table3()
    forces = C.lenhart2014_forces()
    add = table["peak hip adduction"]
    knee = table["peak knee flexion"]
    ic = table["knee flexion at initial contact"]
    gmed = forces["gluteus medius, stance"]
    gmax_ls = forces["gluteus maximus, late swing"]
    return MultipleChoice(
        id="step_rate_plus_10",
        prompt="Runners raised their step rate by 10 % at the same speed. Going by Heiderscheit "
        "et al. (2011) and Lenhart et al. (2014), which of these happened? Tick all that "
        "apply (the explorer's angle and force panels show them).",
        options=(
            Option(
                "Peak hip adduction in early stance fell.",
                f"It fell from {add[0]:.1f}° to {add[10]:.1f}°: the thigh swung in less "
                "over the standing foot.",
                correct=add[10] < add[0],
            ),
            Option(
                "Peak knee flexion in early stance fell.",
                f"From {knee[0]:.1f}° to {knee[10]:.1f}°: shorter steps sink less into the knee.",
                correct=knee[10] < knee[0],
            ),
            Option(
                "The knee was straighter at foot contact.",
                f"The opposite: knee flexion at contact rose from {ic[0]:.1f}° to "
                f"{ic[10]:.1f}°, so the knee was more bent as the foot landed.",
                correct=ic[10] < ic[0],
            ),
            Option(
                "Gluteus medius produced less peak force in stance (simulated).",
                f"From {gmed[100]:.2f} to {gmed[110]:.2f} N/kg in the simulations of 30 runners.",
                correct=gmed[110] < gmed[100],
            ),
            Option(
                "Gluteus maximus produced less force in late swing (simulated).",
                f"It rose, from {gmax_ls[100]:.2f} to {gmax_ls[110]:.2f} N/kg: with more "
                "strides per minute the muscle brakes the swinging leg more often and a "
                "little harder. Chumanov et al. (2012) found the same rise in measured "
                "late-swing activity.",
                correct=gmax_ls[110] < gmax_ls[100],
            ),
        ),
        explanation="A higher step rate is a trade: less load on the hip and knee in stance, "
        "a little more work for the glutes in late swing. Whether that helps an injury "
        "depends on which tissue is overloaded, which is a question for a physiotherapist.",
    )


def _braking_question() -> SingleChoice:
    per5 = C.reference_value("lieberman_landing_per_5").value or 0.0
    return SingleChoice(
        id="overstride_braking",
        prompt="Lieberman et al. (2015) had 14 runners vary their stride rate at 3.0 m/s. "
        "What went with larger braking forces?",
        options=(
            Option(
                "The foot landing further ahead of the hip.",
                "Yes. Braking grew with the landing distance measured from the hip, which a "
                f"higher stride rate reduced ({per5:+.1f} % per 5 strides/min more).",
                correct=True,
            ),
            Option(
                "The foot landing further ahead of the knee.",
                "Landing far ahead of the knee (a shin tilted forward) went with a larger "
                "vertical impact peak, not with braking.",
            ),
            Option(
                "A higher stride rate.",
                "The reverse: a higher rate brought the foot closer to the hip and braking "
                "down; the cost was a larger hip flexor moment in swing.",
            ),
            Option(
                "Landing on the heel, whatever the position of the foot.",
                "The study looked at where the foot landed, not at which part touched first; "
                "a heel strike close under the hip is possible.",
            ),
        ),
        explanation="'Overstriding' has several definitions (landing distance from the hip "
        "or the centre of mass, shank angle, and others), and they do not measure the same "
        "thing. Move the hip and knee sliders in the explorer to see how each angle moves "
        "the foot.",
    )


def _cue_question() -> SingleChoice:
    by_key = {c.key: c for c in FORM_CUES}
    return SingleChoice(
        id="best_supported_cue",
        prompt="Of these coaching cues, which has the best support from measurements?",
        options=(
            Option(
                "Squeeze the glutes hard as the foot leaves the ground.",
                "Gluteus maximus does most of its work from late swing into early stance "
                "and is nearly quiet by toe-off, so a squeeze then comes after its main job "
                f"(graded {by_key['push_off_behind'].grade}).",
            ),
            Option(
                "Take slightly quicker, shorter steps (+5–10 %) so the foot lands closer "
                "under the hip.",
                "Yes: several lab studies and a review agree on what it changes (less knee "
                "flexion, less hip adduction, the foot closer to the hip). What it does for "
                f"injuries is still open (graded {by_key['cadence_170_180'].grade} for the "
                "mechanics).",
                correct=True,
            ),
            Option(
                "Lean forward from the ankles so gravity pulls you along.",
                "Gravity pulls straight down; a small lean shifts some work from the knee to "
                f"the hip but adds no free speed (graded {by_key['lean_from_ankles'].grade}).",
            ),
            Option(
                "Think about your glutes on every stride.",
                "Untested for glutes in running, and attention on one's own running "
                "movement has cost oxygen in most studies of it "
                f"(graded {by_key['mind_muscle'].grade}).",
            ),
        ),
        explanation="Even the best-supported cue here is supported for what it changes in "
        "the body, not for preventing injuries. If you have pain, a physiotherapist can "
        "tell whether a change in step rate suits it.",
    )


def _origin_question() -> SingleChoice:
    daniels = C.reference_value("daniels_180")
    slow, fast = 2.5, 5.5
    return SingleChoice(
        id="origin_of_180",
        prompt="Where does the advice to run at '180 steps per minute' come from?",
        options=(
            Option(
                "A trial showing that 180 prevents running injuries.",
                "No such trial exists; the review of 37 step-rate studies found very "
                "limited evidence on injuries at all (Anderson et al. 2022).",
            ),
            Option(
                "Jack Daniels' count of Olympic runners in 1984, almost all at 180 or more.",
                f"Right: in his own account all but one of about 47 runners reached "
                f"{daniels.value:.0f}. They were elite athletes racing, at speeds far above "
                "most people's training pace.",
                correct=True,
            ),
            Option(
                "The rate at which every runner uses the least energy.",
                "The cheapest rate measured at 3.0 m/s averaged about 170 steps/min "
                "(Lieberman et al. 2015) and it varies from runner to runner.",
            ),
            Option(
                "Human legs swing naturally at 3 steps per second.",
                "Runners do switch from longer to quicker steps at about 3 steps/s, but only "
                "once they are at about two thirds of their top speed (PMC8523042).",
            ),
        ),
        explanation="Speed = cadence × step length, so a fixed cadence cannot suit every "
        f"speed: at {slow:g} m/s, 180 steps/min means steps of {C.step_length(slow, 180):.2f} "
        f"m; at {fast:g} m/s, {C.step_length(fast, 180):.2f} m. Taller runners also tend to "
        "use lower rates.",
    )


def questions() -> list:
    """Build lesson 05's self-check. Answers that depend on arithmetic are computed."""
    return [
        _step_question(),
        _metronome_question(),
        _origin_question(),
        _step_rate_question(),
        _braking_question(),
        _cue_question(),
    ]


def self_check(store: ProgressStore | None = None) -> SelfCheck:
    """Return lesson 05's self-check, wired to the learner's progress store."""
    return SelfCheck(questions(), LESSON, store=store, title="Check yourself: lesson 05")
