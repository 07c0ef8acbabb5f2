"""Lesson 04, hip extension through the stride: the calls the notebook makes, and its self-check.

The notebook holds prose; everything it runs is here so tests reach it. Answers and numbers
that depend on the model are computed from :mod:`glutelab.gait` (and, for the one checked
hip-rotation value, :mod:`glutelab.foot`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from . import foot as M
from . import gait as G
from .gait_ui import DEFAULT_KNEE_DELAY, StrideExplorer
from .progress import ProgressStore
from .quiz import SelfCheck
from .selfcheck import MultipleChoice, Numeric, Option, SingleChoice

__all__ = [
    "CUES",
    "GRADES",
    "LESSON",
    "Cue",
    "cue_table",
    "emg_table",
    "explorer",
    "key_numbers",
    "model_numbers",
    "phase_table",
    "questions",
    "self_check",
]

LESSON = "04-hip-extension-through-the-stride"

#: Evidence grades used in the cue table, strongest first, with what each means.
GRADES = {
    "strong": "basic physics, or consistent findings from several good studies",
    "moderate": "supported by a study or data set the course checked, but limited "
    "(one runner, a simulation, small groups)",
    "weak": "little support, or the evidence the course found points the other way",
    "unproven": "not tested in any study the course found",
}

_FINE = np.linspace(0.0, 100.0, 20001)  # 0.005 % steps for reading peaks off the model


def model_numbers() -> dict[str, float]:
    """Return the numbers the lesson quotes from the model, computed (not typed in).

    Returns
    -------
    dict
        ``toe_off_pct``, ``stride_time_s``, ``contact_time_s``; ``hip_peak_extension_deg``
        (positive, degrees behind vertical) and ``hip_peak_extension_pct``; ``hip_at_toe_off_deg``
        (positive = extended); ``hip_lead_pct`` and ``hip_lead_ms`` (how long the hip
        extends before the knee does); ``gmax_peak_pct``, ``gmed_peak_pct`` and
        ``gmax_at_toe_off`` (share of its peak); ``gmax_quiet_from_pct`` and
        ``gmax_quiet_to_pct``; ``glutes_together_to_pct``, the end of the early-stance
        spell in which both envelopes stay above a tenth of their peaks.
    """
    hip = G.hip_flexion(_FINE)
    gmax = G.glute_activity("gluteus maximus", _FINE)
    gmed = G.glute_activity("gluteus medius", _FINE)
    toe_off = G.key_value("toe_off").percent
    stride = G.key_value("stride_time").value
    lead = G.key_value("knee_stance_peak").percent - G.key_value("hip_extension_onset").percent
    quiet = next(f for f in G.glute_features() if f.key == "gmax_quiet")
    stance = toe_off >= _FINE
    together = stance & (gmax >= 0.1) & (gmed >= 0.1)
    return {
        "toe_off_pct": toe_off,
        "stride_time_s": stride,
        "contact_time_s": stride * toe_off / 100.0,
        "hip_peak_extension_deg": -float(hip.min()),
        "hip_peak_extension_pct": float(_FINE[hip.argmin()]),
        "hip_at_toe_off_deg": -float(G.hip_flexion(toe_off)),
        "hip_lead_pct": lead,
        "hip_lead_ms": lead / 100.0 * stride * 1000.0,
        "gmax_peak_pct": float(_FINE[gmax.argmax()]),
        "gmed_peak_pct": float(_FINE[gmed.argmax()]),
        "gmax_at_toe_off": float(G.glute_activity("gluteus maximus", toe_off)),
        "gmax_quiet_from_pct": quiet.pct_low,
        "gmax_quiet_to_pct": quiet.pct_high,
        "glutes_together_to_pct": float(_FINE[together].max()),
    }


# --------------------------------------------------------------------------------------
# What the notebook shows
# --------------------------------------------------------------------------------------


def explorer(percent: int = 0) -> StrideExplorer:
    """Return the stride explorer (stick runner, joint angles, glutes, hip-before-knee model)."""
    return StrideExplorer(percent)


def _table(head: list[str], rows: list[list[str]], css: str) -> widgets.HTML:
    th = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td style='vertical-align:top'>{c}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return widgets.HTML(f"<div class='{css}'><table><tr>{th}</tr>{body}</table></div>")


def phase_table() -> widgets.HTML:
    """Return the four phases of the stride (from ``gait.PHASES``) as an HTML table."""
    rows = [
        [
            f"<b>{html.escape(p.name)}</b>",
            f"{p.start:g}–{p.end:g} %",
            html.escape(p.reason),
        ]
        for p in G.PHASES
    ]
    return _table(["Phase", "% of stride", "What happens"], rows, "glutelab-phases")


def key_numbers() -> widgets.HTML:
    """Return the key values the stride model is built on, with source and status, as HTML."""
    rows = []
    for kv in G.KEY_VALUES:
        value = f"{kv.value:g} {html.escape(kv.unit)}" if kv.value is not None else "–"
        when = f"{kv.percent:g} %" if kv.percent is not None else "–"
        # "Hamner, Seth & Delp 2010, subject02, values computed ..." → author, year, subject
        source = kv.source.split(", values")[0].replace("subject02", "one runner (subject 2)")
        rows.append(
            [
                html.escape(kv.joint),
                html.escape(kv.feature),
                value,
                when,
                html.escape(source),
                html.escape(kv.status),
            ]
        )
    return _table(
        ["Joint", "What", "Value", "When (% stride)", "Source", "Status"],
        rows,
        "glutelab-key-numbers",
    )


def emg_table() -> widgets.HTML:
    """Return the typical glute EMG timings, every row flagged as unchecked, as HTML."""
    rows = [
        [
            html.escape(f.muscle),
            html.escape(f.feature),
            f"{f.pct_low:g}–{f.pct_high:g} %",
            html.escape(f.source),
            f"<b>{html.escape(f.status)}</b>",
        ]
        for f in G.emg_timing_windows()
    ]
    return _table(
        ["Muscle", "Typical EMG timing", "% of stride", "Attributed to", "Status"],
        rows,
        "glutelab-emg-table",
    )


@dataclass(frozen=True)
class Cue:
    """One coaching idea, what the evidence says, and two grades.

    Attributes
    ----------
    cue : str
        The idea in the course's words.
    seed : str
        Which source article raises it.
    evidence : str
        What the studies and data show (HTML allowed: written by the course).
    description_grade : str
        How well the evidence supports the idea as a *description* of running (one of
        :data:`GRADES`).
    cue_grade : str
        How well the evidence supports *using* it as a cue to run better or more safely.
    """

    cue: str
    seed: str
    evidence: str
    description_grade: str
    cue_grade: str


def _share(fraction: float) -> str:
    """Word a share of a peak: "under 1 %" rather than a misleading "0 %"."""
    return "under 1 %" if fraction < 0.01 else f"{100 * fraction:.0f} %"


def _cues() -> tuple[Cue, ...]:
    n = model_numbers()
    hip_ir = M.key_values()["peak_hip_ir_controls"]
    return (
        Cue(
            "Powerful hip extension at push-off is the engine of the stride.",
            "seed 001",
            "The hip does extend right through stance (from "
            f"{G.key_value('hip_extension_onset').percent:g} % to "
            f"{n['hip_peak_extension_pct']:.0f} % of the stride in the data runner; computed "
            "from public data). But the simulated gluteus maximus force peaks at about "
            f"{n['gmax_peak_pct']:g} % and is near zero from about "
            f"{n['gmax_quiet_from_pct']:g} %, before toe-off at {n['toe_off_pct']:g} % "
            "(computed from public data). Up to about 7 m/s runners go faster mainly by "
            "lengthening the stride, driven by the calf muscles; only above that do hip muscles, "
            "gluteus maximus among them, drive the quicker leg turnover (Dorn et al. 2012; "
            "verified).",
            "weak",
            "unproven",
        ),
        Cue(
            "Squeeze the glutes as the foot leaves the ground.",
            "seed 001 (and seed 003's alternating squeezes)",
            f"At toe-off the simulated gluteus maximus force is {_share(n['gmax_at_toe_off'])} of "
            "its peak (computed from public data). Recordings describe it as most active around "
            "landing, not at push-off (Lieberman et al. 2006; verified). The usual EMG timings "
            "say the same but could not be checked (unchecked).",
            "weak",
            "unproven",
        ),
        Cue(
            "Push the ground back (and down).",
            "seed 001",
            "As physics this is right: to keep or gain speed, the ground must push the runner "
            "forward, so the foot pushes backwards on it late in stance, after a braking push "
            "early in stance. One sprinter's public force-plate data show both in every stance, "
            "and the peak grows with speed (Dorn et al. 2012 data; computed from public data). "
            "No study in this course tested whether thinking the cue changes how people run.",
            "strong",
            "unproven",
        ),
        Cue(
            "Drive with the hips: the hips lead the legs.",
            "seed 001",
            "A feeling rather than a measurable movement; no study found defines or tests it.",
            "unproven",
            "unproven",
        ),
        Cue(
            "Hip extension before knee extension.",
            "seed 002",
            "Seen in the data runner: the hip starts to extend at "
            f"{G.key_value('hip_extension_onset').percent:g} % and the knee at "
            f"{G.key_value('knee_stance_peak').percent:g} %, about {n['hip_lead_ms']:.0f} ms "
            "later (one runner; computed from public data). The explorer's teaching model shows "
            "a geometric reason the timing matters. The claims that straightening the knee "
            "first limits the glutes, strains the lower back and the knee, and costs power "
            "were not tested in any study the course found.",
            "moderate",
            "unproven",
        ),
        Cue(
            "Rotate inwards at mid-stance, then outwards and back to propel.",
            "seed 002",
            "The direction fits the clinical foot-to-hip chain (Tiberio 1987; lesson 03) and the "
            "glutes' geometry (lesson 01). The sizes are small and vary a lot: healthy runners "
            f"peaked at {hip_ir.value:g}° of hip internal rotation with a standard deviation of "
            "6.8° (Bramah et al. 2018; verified). When the turn happens has not been checked "
            "(unchecked), and 'you cannot propel without turning in first' is untested.",
            "weak",
            "unproven",
        ),
        Cue(
            "Train co-contraction: muscles around the hip working together.",
            "seed 002",
            "In the simulation gluteus maximus and medius both stay above a tenth of their "
            f"peaks from landing to about {n['glutes_together_to_pct']:.0f} % of the stride "
            "(computed from public data), so muscles do work "
            "together in early stance. Whether co-contraction drills change running was not "
            "tested in any study the course found.",
            "moderate",
            "unproven",
        ),
        Cue(
            "After landing, the brain must tell the glutes to pull the leg back.",
            "seed 003",
            "Gluteus maximus is indeed busy around landing, but it switches on in late swing, "
            "before the foot touches down (simulation; computed from public data), where it "
            "slows the swinging leg (Lieberman et al. 2006; verified). It happens without "
            "thinking; no study tested conscious squeezing, and a sore backside after runs "
            "shows only that the muscle was worked.",
            "moderate",
            "unproven",
        ),
        Cue(
            "Stronger, better-used glutes make you faster.",
            "seed 003",
            "At sprint speeds (above about 7 m/s) hip muscles including gluteus maximus drive "
            "leg turnover (Dorn et al. 2012; verified). At distance-running speeds the calf "
            "muscles do more of the work (same study). No study in this course tested glute "
            "training for distance-running speed.",
            "moderate",
            "unproven",
        ),
    )


#: The coaching ideas of the seed articles with their evidence grades (numbers from the model).
CUES: tuple[Cue, ...] = _cues()

_GRADE_STYLE = {
    "strong": "background:#e3f1e4",
    "moderate": "background:#fff4d6",
    "weak": "background:#fde5e3",
    "unproven": "background:#eceff1",
}


def _grade(grade: str) -> str:
    return f"<span style='{_GRADE_STYLE[grade]};padding:1px 6px;border-radius:3px'>{grade}</span>"


def cue_table() -> widgets.HTML:
    """Return the cue table: each idea, its evidence, and two grades, as HTML."""
    rows = [
        [
            f"<b>{html.escape(c.cue)}</b><br><span style='opacity:.7'>{html.escape(c.seed)}</span>",
            c.evidence,
            _grade(c.description_grade),
            _grade(c.cue_grade),
        ]
        for c in CUES
    ]
    key = "; ".join(f"<b>{g}</b>: {html.escape(m)}" for g, m in GRADES.items())
    table = _table(
        ["Idea", "What the evidence shows", "As a description", "As a cue"],
        rows,
        "glutelab-cue-table",
    )
    table.value += f"<div style='font-size:90%;opacity:.8'>Grades. {key}.</div>"
    return table


# --------------------------------------------------------------------------------------
# Self-check
# --------------------------------------------------------------------------------------


def _gmax_timing_question(n: dict[str, float]) -> SingleChoice:
    peak = n["gmax_peak_pct"]
    mid_swing = float(G.glute_activity("gluteus maximus", 60.0))
    windows = {
        "landing": (0.0, G.key_value("knee_stance_peak").percent),
        "toe_off": (n["toe_off_pct"] - 3.0, n["toe_off_pct"] + 3.0),
        "mid_swing": (50.0, 75.0),
    }

    def inside(key: str) -> bool:
        lo, hi = windows[key]
        return lo <= peak < hi

    return SingleChoice(
        id="gmax_peak_timing",
        prompt="Seed 001 says to squeeze the glutes as the foot leaves the ground. Look at the "
        "glute panel: when is the simulated gluteus maximus force highest?",
        options=(
            Option(
                "Just after the foot lands, in the first few % of the stride.",
                f"Yes: it peaks at about {peak:.0f} %, while the body lands on the leg. That is "
                "when it steadies the trunk and stops the hip flexing further.",
                correct=inside("landing"),
            ),
            Option(
                "At toe-off, as the foot leaves the ground.",
                f"At toe-off ({n['toe_off_pct']:g} %) it is down to "
                f"{_share(n['gmax_at_toe_off'])} of its peak: the muscle has finished its work by "
                "then.",
                correct=inside("toe_off"),
            ),
            Option(
                "In mid-swing, while the leg comes through.",
                f"It is close to quiet then ({_share(mid_swing)} of its peak at 60 %); the hip "
                "flexors swing the leg. It only switches on again in late swing, to brake it.",
                correct=inside("mid_swing"),
            ),
        ),
        explanation="The timing comes from a simulation of one runner (Hamner et al. 2010), "
        "not from EMG, but it matches what Lieberman et al. (2006) describe: gluteus maximus "
        "works around landing and in late swing. A squeeze 'as the foot leaves the ground' "
        "comes after the muscle's main work.",
    )


def _knee_delay_question() -> MultipleChoice:
    early = G.push_off(0.0)
    data = G.push_off(DEFAULT_KNEE_DELAY)
    return MultipleChoice(
        id="knee_delay_effects",
        prompt="In the explorer, set the knee extension delay to 0 (hip and knee start to "
        f"straighten together) and compare with the data runner's {DEFAULT_KNEE_DELAY:g} %. What "
        "does the teaching model show? Tick all that apply.",
        options=(
            Option(
                "The foot leaves the ground earlier.",
                f"Toe-off moves from {data.toe_off_pct:.1f} % to {early.toe_off_pct:.1f} %: the "
                "knee finishes straightening sooner, and the model lifts the foot when it has.",
                correct=early.toe_off_pct < data.toe_off_pct,
            ),
            Option(
                "The hip has extended less by toe-off.",
                f"{early.hip_extension_by_toe_off_deg:.0f}° instead of "
                f"{data.hip_extension_by_toe_off_deg:.0f}°: the hip gets less time on the "
                "ground to extend.",
                correct=early.hip_extension_by_toe_off_deg < data.hip_extension_by_toe_off_deg,
            ),
            Option(
                "The push points more steeply upwards.",
                f"{early.push_direction_deg:.0f}° instead of {data.push_direction_deg:.0f}° "
                "above the horizontal: a leg that is still under the body at toe-off pushes "
                "more up than forward.",
                correct=early.push_direction_deg > data.push_direction_deg,
            ),
            Option(
                "So runners who straighten the knee early are slower.",
                "The model cannot say that: it is a teaching model, not a simulation. A real "
                "runner would change contact time, speed and much else, all of which it "
                "ignores.",
                correct=False,
            ),
        ),
        explanation="The model turns seed 002's claim into geometry: the later the knee "
        "straightens, the longer the hip extends on the ground and the more forward the leg "
        "points at toe-off. Whether coaching this timing helps runners has not been tested.",
    )


def questions() -> list:
    """Build lesson 04's self-check. Answers that depend on the model are computed from it."""
    n = model_numbers()
    toe_off = n["toe_off_pct"]
    peak_ext = round(n["hip_peak_extension_deg"], 1)
    lead_ms = round(n["hip_lead_ms"])
    return [
        Numeric(
            id="toe_off_percent",
            prompt="Drag the Stride slider until the highlight leaves the red (right) leg. At "
            "what % of the stride does the right foot leave the ground?",
            answer=toe_off,
            tolerance=1.5,
            unit="%",
            minimum=0.0,
            maximum=100.0,
            placeholder="a % of the stride",
            explanation=f"Toe-off comes at {toe_off:g} % in the data runner: "
            f"{toe_off:g} % of a {n['stride_time_s']:.3f} s stride is about "
            f"{n['contact_time_s']:.2f} s on the ground. Gazendam & Hof (2007) found stance "
            "filled 30–37 % of the stride in running and about half of it in slow jogging. "
            "After toe-off both feet are briefly in the air: that flight is what makes it "
            "running.",
            too_low="At that point the foot is still down and the knee is still straightening.",
            too_high="By then the foot has already left the ground; go back until the highlight "
            "is still on the red leg.",
        ),
        Numeric(
            id="peak_hip_extension",
            prompt="Read the hip panel: at its most extended, how many degrees behind the "
            "vertical does the right thigh reach? (Type a positive number.)",
            answer=peak_ext,
            tolerance=2.0,
            unit="°",
            minimum=0.0,
            maximum=90.0,
            placeholder="an angle in degrees",
            explanation=f"About {peak_ext:g}° at {n['hip_peak_extension_pct']:.0f} % of the "
            f"stride, after toe-off ({toe_off:g} %): the thigh keeps swinging back for a moment "
            "with the foot already in the air, while the hip flexors start to slow it. So "
            "'hip extension at push-off' ends in the air.",
            too_low=f"At toe-off the hip is {n['hip_at_toe_off_deg']:.0f}° extended; it keeps "
            "extending a little after the foot leaves the ground.",
            too_high="Check the curve's lowest point: below 0 is extension, and the lowest "
            "value is the most extended.",
        ),
        _gmax_timing_question(n),
        _knee_delay_question(),
        Numeric(
            id="hip_lead_ms",
            prompt=f"In the data runner the hip starts to extend at "
            f"{G.key_value('hip_extension_onset').percent:g} % of the stride and the knee at "
            f"{G.key_value('knee_stance_peak').percent:g} %. The stride lasts "
            f"{n['stride_time_s']:.3f} s. How many milliseconds does the hip lead the knee?",
            answer=lead_ms,
            tolerance=5.0,
            unit="ms",
            minimum=0.0,
            maximum=1000.0,
            placeholder="a time in milliseconds",
            explanation=f"{n['hip_lead_pct']:g} % of {n['stride_time_s'] * 1000:.0f} ms is "
            f"{n['hip_lead_ms']:.0f} ms. During that time the two joints do opposite things: "
            "the hip already extends while the knee is still bending under the body's weight.",
            too_low="Did you take the gap as a share of the stride time? "
            f"{n['hip_lead_pct']:g} % = {n['hip_lead_pct'] / 100:g} × the stride.",
            too_high="Check the units: 0.690 s is 690 ms, and the gap is only "
            f"{n['hip_lead_pct']:g} % of it.",
        ),
        MultipleChoice(
            id="gmax_roles_evidence",
            prompt="Which statements about gluteus maximus in running are supported by the "
            "studies in this lesson? Tick all that apply.",
            options=(
                Option(
                    "It is far more active in running than in walking.",
                    "Lieberman et al. (2006) found it nearly quiet in level walking and strongly "
                    "active in running.",
                    correct=True,
                ),
                Option(
                    "Its main jobs include steadying the trunk and slowing the swinging leg.",
                    "Those are the two roles Lieberman et al. (2006) gave it; they add that it "
                    "may also help extend the thigh.",
                    correct=True,
                ),
                Option(
                    "It supplies most of the forward push at distance-running speeds.",
                    "Not supported: its simulated force is nearly gone before toe-off, and up "
                    "to about 7 m/s the calf muscles drive the longer strides that add speed "
                    "(Dorn et al. 2012).",
                ),
                Option(
                    "Above about 7 m/s, hip muscles including it drive the quicker leg "
                    "turnover of sprinting.",
                    "Yes: Dorn et al. (2012) found that above about 7 m/s speed rises through "
                    "stride frequency, driven by the hip muscles swinging the leg.",
                    correct=True,
                ),
                Option(
                    "Its EMG switches on at 80–90 % of the stride: a checked, verified number.",
                    "That timing is often quoted, but the course could not check it in a "
                    "readable source, so it is marked unchecked.",
                ),
            ),
            explanation="The fair summary: in running, gluteus maximus works as a stabiliser "
            "and a brake around landing more than as a 'push-off engine', and it matters more "
            "the faster you go.",
        ),
    ]


def self_check(store: ProgressStore | None = None) -> SelfCheck:
    """Return lesson 04's self-check, wired to the learner's progress store."""
    return SelfCheck(questions(), LESSON, store=store, title="Check yourself: lesson 04")
