"""Lesson 03, feet, pronation and the hip chain: the calls the notebook makes, and its self-check.

The notebook holds prose; everything it runs is here so tests reach it. Answers that depend
on the model are computed from :mod:`glutelab.foot`.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from . import foot as M
from .foot_ui import FootChainExplorer
from .progress import ProgressStore
from .quiz import SelfCheck
from .selfcheck import MultipleChoice, Numeric, Option, SingleChoice

__all__ = [
    "HIP_IR_QUESTION",
    "LESSON",
    "explorer",
    "key_numbers",
    "questions",
    "self_check",
]

LESSON = "03-feet-pronation-and-the-hip-chain"

#: Inputs of the numeric question on the chain: peak eversion (°) and coupling.
HIP_IR_QUESTION = (6.0, 0.8)

_STATUS_TEXT = {
    "verified": "checked in the source",
    "computed": "computed from public data",
    "unverified": "NOT verified: an assumption",
}


def explorer() -> FootChainExplorer:
    """Return the foot-and-chain explorer (tripod loads, rotation chain, glute lengthening)."""
    return FootChainExplorer()


def key_numbers() -> widgets.HTML:
    """Return the cited numbers behind the model, each with its source and status, as HTML."""
    rows = "".join(
        f"<tr><td>{html.escape(v.meaning)}</td>"
        f"<td style='text-align:right;white-space:nowrap'>{v.value:g} {html.escape(v.unit)}</td>"
        f"<td>{html.escape(v.source)}</td>"
        f"<td style='white-space:nowrap'>{html.escape(_STATUS_TEXT.get(v.status, v.status))}</td></tr>"
        for v in M.key_values().values()
    )
    return widgets.HTML(
        "<div class='glutelab-key-numbers'><table>"
        "<tr><th style='text-align:left'>What</th><th>Value</th>"
        "<th style='text-align:left'>Source</th><th style='text-align:left'>Status</th></tr>"
        f"{rows}</table></div>"
    )


def _toe_grip_question() -> MultipleChoice:
    relaxed = M.tripod_loads(34, 50, toe_grip=False)
    gripping = M.tripod_loads(34, 50, toe_grip=True)
    heads_fall = gripping.metatarsal_heads < relaxed.metatarsal_heads
    toes_rise = gripping.loads["toes"] > relaxed.loads["toes"]
    heel_rises = gripping.loads["heel"] > relaxed.loads["heel"]
    cop_forward = gripping.cop[1] > relaxed.cop[1]
    drop = relaxed.metatarsal_heads - gripping.metatarsal_heads
    return MultipleChoice(
        id="toe_grip_effects",
        prompt="In the explorer, leave the foot at its starting loads (heel 34%, medial 50%) "
        "and switch toe grip on. What changes in the model? Tick all that apply.",
        options=(
            Option(
                "Less load on the ball of the foot",
                f"In the model they lose {drop:.0f} percentage points: the load moves forward "
                "onto the toes instead of spreading across the ball of the foot.",
                correct=heads_fall,
            ),
            Option(
                "The toes take load",
                f"Relaxed toes carry {relaxed.loads['toes']:.0f}% in this model; gripping "
                f"ones {gripping.loads['toes']:.0f}%.",
                correct=toes_rise,
            ),
            Option(
                "More load on the heel",
                "The model leaves the heel share where the heel slider put it; gripping only "
                "moves load between the ball of the foot and the toes.",
                correct=heel_rises,
            ),
            Option(
                "Pressure centre moves towards the toes",
                f"It moves from {relaxed.cop[1]:.1f} cm to {gripping.cop[1]:.1f} cm from the "
                "back of the heel, because the toes sit in front of the metatarsal heads.",
                correct=cop_forward,
            ),
        ),
        explanation="These are the model's stated rules, not measurements: nobody has shown "
        "how much load gripping toes take in running. The coaching idea (seed 004) is that "
        "gripping, like clenching the buttocks, holds the foot stiff instead of letting it "
        "spread and take load; that comparison is an analogy, not a tested finding.",
    )


def _lengthening_question() -> SingleChoice:
    chain = M.stance_chain()
    middle = next(i for i in M.glute_lengthening(chain.hip_ir_at_peak_deg) if i.key == "glmax2")
    sagittal = M.stance_flexion_change_mm("glmax2")
    mm, pct = middle.delta_mm, middle.percent_optimal
    return SingleChoice(
        id="glute_lengthening_size",
        prompt="With the explorer's starting values, the hip turns inwards by about "
        f"{chain.hip_ir_at_peak_deg:.0f}° at mid-stance. How much does that lengthen the middle "
        "part of gluteus maximus in the model?",
        options=(
            Option(
                f"About {10 * mm:.0f} mm, roughly {10 * pct:.0f}% of its optimal fibre length.",
                "Ten times too much: at this hip angle the muscle's line runs close to the "
                "rotation axis, so a few degrees of rotation change its length by millimetres.",
            ),
            Option(
                f"About {mm:.0f} mm, roughly {pct:.0f}% of its optimal fibre length.",
                f"Yes: {mm:.1f} mm of a {middle.optimal_fibre_mm:.0f} mm fibre. Rotation at a "
                f"{M.key_value('midstance_hip_flexion'):.0f}° hip angle stretches the back of "
                "the hip only a little.",
                correct=True,
            ),
            Option(
                f"About {sagittal:.0f} mm, as much as the hip's swing from contact to toe-off.",
                f"{sagittal:.0f} mm is the change from hip extension over stance "
                f"({M.key_value('hip_flexion_at_ic'):.0f}° of flexion to {-M.key_value('hip_flexion_at_toe_off'):.0f}° of extension); rotation "
                "adds only a small fraction of that.",
            ),
            Option(
                "It shortens: internal rotation takes tension off the back of the hip.",
                "Internal rotation turns the greater trochanter forward, away from the "
                "muscle's origin behind the hip, so the posterior glutes lengthen.",
            ),
        ),
        explanation="'Loading the glutes through length' is real geometry: internal rotation "
        "and flexion both lengthen the back of the hip. But in this model the flexion-"
        f"extension swing changes this muscle's length about {sagittal / mm:.0f} times more "
        "than the rotation that comes up from the foot, so the foot's share of that 'length' "
        "is small.",
    )


def questions() -> list:
    """Build lesson 03's self-check. Answers that depend on the model are computed from it."""
    peak, k = HIP_IR_QUESTION
    chain = M.stance_chain(peak, k)
    inv = chain.inversion_at_ic_deg
    hip = round(chain.hip_ir_at_peak_deg, 1)
    no_ic = k * peak
    wbnp = M.key_value("peak_eversion_wbnp")
    stnp = M.key_value("peak_eversion_stnp")
    bramah_hip = M.key_value("peak_hip_ir_controls")

    return [
        SingleChoice(
            id="true_pronation",
            prompt="The coaching articles talk about 'true pronation'. Which description "
            "matches how pronation is described in biomechanics?",
            options=(
                Option(
                    "A flat, collapsed arch that should be corrected.",
                    "That describes a foot posture, not a motion. Posture and motion are "
                    "different things, and posture predicts few running injuries (Neal et "
                    "al. 2014).",
                ),
                Option(
                    "A motion after landing: the rearfoot everts, the arch lowers and the shin "
                    "turns inwards as the foot takes load.",
                    "Yes. Every runner pronates after contact; it is part of how the leg "
                    "absorbs load. The coaching word 'true' stresses that it is an active, "
                    "loaded motion, which matches this description.",
                    correct=True,
                ),
                Option(
                    "Rolling onto the outside of the foot to push off.",
                    "That is supination, the return movement towards toe-off.",
                ),
                Option(
                    "Any rearfoot eversion above 4°.",
                    "There is no agreed threshold, and the number depends on how it is "
                    f"measured: the same runners averaged {wbnp:.1f}° or {stnp:.1f}° of peak "
                    "eversion depending on the standing reference used (J Athl Train 2012).",
                ),
            ),
            explanation="Pronation is a combined motion of the foot (eversion of the heel, "
            "lowering of the arch) that the shin follows by turning inwards. It is normal; "
            "whether more of it is a problem is a separate question.",
        ),
        Numeric(
            id="hip_ir_at_midstance",
            prompt=f"Set the peak eversion to {peak:g}° and the coupling to {k:.2f}; the foot "
            f"still lands {inv:g}° inverted. How many degrees of hip internal rotation does "
            "the model deliver at mid-stance?",
            answer=hip,
            tolerance=0.3,
            unit="°",
            minimum=0.0,
            maximum=40.0,
            placeholder="an angle in degrees",
            explanation=f"The rotation counts from landing: the heel travels from {inv:g}° of "
            f"inversion to {peak:g}° of eversion, {inv + peak:g}° in all, and {k:.2f} × "
            f"{inv + peak:g}° = {hip:g}°. The model assumes the knee passes all of it to the "
            f"hip. Measured runners are less tidy: Bramah et al. (2018) found a peak hip "
            f"internal rotation of {bramah_hip:g}° in healthy runners with a standard "
            "deviation of 6.8°, and the knee rotates too.",
            too_low=f"Did you use only the eversion ({k:.2f} × {peak:g}° = {no_ic:.1f}°)? The "
            "heel starts inverted, so it moves further than the peak value.",
            too_high="Check the coupling: only part of the heel's eversion turns the shin.",
        ),
        _toe_grip_question(),
        _lengthening_question(),
        SingleChoice(
            id="foot_posture_risk",
            prompt="Does a 'flat' or pronated foot posture predict running injuries?",
            options=(
                Option(
                    "Yes, for most running injuries.",
                    "Prospective studies do not show that: across them, most injuries showed no "
                    "link with foot posture.",
                ),
                Option(
                    "Strongly only for medial tibial stress syndrome (shin pain); very weakly "
                    "for knee pain; not for other injuries.",
                    "Right: that is the finding of Neal et al. (2014). The knee-pain effect was "
                    "small (standardised mean difference about 0.3).",
                    correct=True,
                ),
                Option(
                    "No: foot posture has never been linked to any injury.",
                    "Too strong: the evidence for shin pain (MTSS) was graded strong.",
                ),
            ),
            explanation="Neal et al. (2014) pooled 21 prospective studies of 6 228 people: foot "
            "posture measured standing is one small piece of a runner's story. "
            "Coaching the foot may still change how someone moves; it just should not be sold "
            "as injury prevention for everything. If you have foot, shin or knee pain, see a "
            "physiotherapist or doctor.",
        ),
        MultipleChoice(
            id="chain_assumptions",
            prompt="Which parts of the lesson's chain model are assumptions rather than "
            "measured values? Tick all that apply.",
            options=(
                Option(
                    "Peak eversion at 40% of stance",
                    "Yes: the course could not check the timing in a primary source, so the "
                    "figure labels it 'not verified' and lets you move it.",
                    correct=True,
                ),
                Option(
                    "The knee adds no rotation",
                    "Yes: that is what lets the hip turn as much as the shin, and it is a strong "
                    "simplification. Bramah et al. (2018) measured "
                    "several degrees of knee rotation at mid-stance, so the tibia's turn does "
                    "not all reach the hip.",
                    correct=True,
                ),
                Option(
                    f"Landing {M.key_value('inversion_at_ic_controls'):g}° inverted",
                    "That one is measured: the mean of healthy runners in Bramah et al. "
                    "(2018), with a standard deviation of 6.1°.",
                ),
                Option(
                    f"Coupling of {M.key_value('eversion_to_tibial_rotation'):.2f}, heel to shin",
                    "Measured, with a caveat: Fischer et al. (2018) measured it in 8 cadaver "
                    "leg specimens (standard deviation 0.15), not in running people.",
                ),
                Option(
                    f"Toe grip moves {M.TOE_GRIP_SHIFT:.0%} of load to the toes",
                    "Yes: a teaching rule chosen to show the idea, not a measurement.",
                    correct=True,
                ),
            ),
            explanation="A model is only as good as its weakest link. Here the chain from "
            "heel to hip is a long-standing clinical model (Tiberio 1987) built on one "
            "measured coupling; in running people the links are looser than the arithmetic.",
        ),
    ]


def self_check(store: ProgressStore | None = None) -> SelfCheck:
    """Return lesson 03's self-check, wired to the learner's progress store."""
    return SelfCheck(questions(), LESSON, store=store, title="Check yourself: lesson 03")
