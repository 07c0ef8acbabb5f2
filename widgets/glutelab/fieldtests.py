"""Guided field tests scored as pure functions: single-leg stance, Trendelenburg, single-leg squat.

Every result carries teaching text and a ``reliability`` note, because these tests are
easy to do and easy to over-read. Inputs are checked and bad ones raise :class:`ValueError`
with a message written for the learner (views show it as it is).

Criteria and sources (status: V = read in the source or its abstract, S = secondary source
only, M = unchecked)
-------------------------------------------------------------------------------------------
* **30 s**: Trendelenburg test as described by Hardcastle & Nade 1985, *J Bone Joint Surg
  Br* 67-B(5) [V]. Normal: the pelvis on the lifted side is raised as high as abduction
  allows and held for 30 s with C7 over the stance foot. Abnormal: it cannot be raised, or
  cannot be held for 30 s (the time to drop is recorded). Pain, poor balance and trick
  movements give false results. The popular self-test in the seed articles uses the same
  30 s.
* ">2 cm drop" as a positive Trendelenburg sign: attributed to Magee, *Orthopedic Physical
  Assessment* [S]. Shown flagged, not used as a threshold.
* Validity: practitioners' Trendelenburg calls agreed weakly with 3D pelvic motion in 18
  people (36 limbs), *Chiropr Man Therap* 2020, doi:10.1186/s12998-020-00344-3 [V].
* **Pain ≥ 2/10 on the outside of the hip within 30 s** of single-leg stance = positive
  screen for gluteal tendinopathy [S]. Lequesne et al. 2008, *Arthritis Rheum*: 17 patients,
  MRI reference, sensitivity 100 %, specificity 97.3 % [V]. Grimaldi et al. 2017, *Br J
  Sports Med* 51:519 (65 patients): sensitivity 38 %, specificity 100 % [S].
* **Single-leg squat**: Crossley et al. 2011, *Am J Sports Med* 39(4):866–873,
  doi:10.1177/0363546510395456 [V]: a panel of 5 clinicians rated 34 people without
  symptoms as good, fair or poor; three clinicians agreed with the panel 73–87 % of the time
  (κ 0.60–0.80) and with themselves 73–87 % (κ 0.61–0.80); good performers had earlier
  gluteus medius onset and stronger hip abduction and side bridge. The five criteria
  (overall impression, trunk posture, pelvis "in space", hip movement, knee movement, over
  5 squats) are as commonly summarised and were **not checked against the paper** [M].
  The rule that combines them into good/fair/poor here is the course's own.
* Six clinicians rating single-leg squats from video agreed only fairly, weighted κ
  0.30–0.34, *BMC Musculoskelet Disord* 2017, doi:10.1186/s12891-017-1660-8 [V].
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "HIP_DROP_RATINGS",
    "MAX_HOLD_S",
    "SIDES",
    "SQUAT_CRITERIA",
    "SQUAT_RATINGS",
    "STANCE_TARGET_S",
    "TENDINOPATHY_PAIN_THRESHOLD",
    "SideComparison",
    "SquatCriterion",
    "SquatResult",
    "StanceResult",
    "TrendelenburgResult",
    "check_pain",
    "check_seconds",
    "compare_sides",
    "compare_squats",
    "parse_seconds",
    "single_leg_squat",
    "single_leg_stance",
    "trendelenburg",
]

#: Hold time of a normal Trendelenburg test and of the single-leg stance self-test, seconds
#: (Hardcastle & Nade 1985).
STANCE_TARGET_S = 30.0
#: Lateral hip pain (0–10) at or above which the 30-s stance screen for gluteal tendinopathy
#: counts as positive (criterion from a secondary source; see the module docstring).
TENDINOPATHY_PAIN_THRESHOLD = 2.0
#: Longest time the tests record, seconds: anything longer is almost surely a forgotten timer.
MAX_HOLD_S = 600.0
#: Self-rated hip drop on the lifted side.
HIP_DROP_RATINGS = ("none", "slight", "clear")
#: Ratings of a single-leg squat criterion.
SQUAT_RATINGS = ("good", "fair", "poor")
#: The sides a test is done on (the standing leg).
SIDES = ("left", "right")

CRITERIA_CAVEAT = (
    "The five criteria are as commonly summarised from Crossley et al. 2011; they were not "
    "checked against the paper, and the rule combining them into good, fair or poor is this "
    "course's own."
)

STANCE_RELIABILITY = (
    "How far to trust this: the 30-s mark comes from the Trendelenburg test (Hardcastle & "
    "Nade 1985). Your own rating of hip drop is a rough guess: even practitioners watching "
    "the test agreed only weakly with 3D measurement of the pelvis (Chiropr Man Therap "
    "2020). As a screen for gluteal tendinopathy, pain of 2/10 or more within 30 s "
    "(criterion from a secondary source) found every MRI-confirmed case among 17 patients "
    "with 97.3% specificity (Lequesne 2008), but only 38% of cases in a study of 65 people, "
    "with 100% specificity (Grimaldi 2017; secondary source, not checked in the original). "
    "So a painful result points towards a tendon problem; a pain-free one does not rule it "
    "out."
)

TRENDELENBURG_RELIABILITY = (
    "How far to trust this: practitioners' calls on this test agreed weakly with 3D "
    "measurement of pelvic motion in a study of 18 people (36 legs), and hip strength "
    "related only weakly to pelvic motion (Chiropr Man Therap 2020). The often-quoted "
    "'more than 2 cm of drop' criterion comes from a textbook (Magee) seen only in a "
    "secondary source and is not used here. Pain, poor balance and trick movements make "
    "the result unreliable (Hardcastle & Nade 1985). Doing it on yourself, without an "
    "observer, is less reliable still: use a mirror or a partner."
)

SQUAT_RELIABILITY = (
    "How far to trust this: three trained clinicians matched an expert panel's good, fair "
    "or poor rating 73–87% of the time (kappa 0.60–0.80; Crossley 2011), but six clinicians "
    "rating the same videos agreed only fairly with each other (weighted kappa 0.30–0.34; "
    "BMC Musculoskelet Disord 2017). Rating your own squat while doing it is harder: film it "
    "from the front at hip height, or ask a partner. " + CRITERIA_CAVEAT
)


# -- input checks -------------------------------------------------------------------------
def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_seconds(value: object, what: str = "The hold time") -> float:
    """Return ``value`` as seconds after checking it is a finite time from 0 to 600 s.

    Parameters
    ----------
    value : float
        A time in seconds.
    what : str
        How the message names the value.

    Raises
    ------
    ValueError
        With a message for the learner (empty, negative, not finite, too long).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        msg = f"{what} is empty. Type it in seconds, for example 31.5, or use Start and Stop."
        raise ValueError(msg)
    if not _is_number(value):
        msg = f"{what} must be a number of seconds, for example 31.5."
        raise ValueError(msg)
    seconds = float(value)
    if not math.isfinite(seconds):
        msg = f"{what} must be an ordinary number of seconds, for example 31.5."
        raise ValueError(msg)
    if seconds < 0:
        msg = f"{what} cannot be negative ({seconds:g} s). Type how long you held, e.g. 31.5."
        raise ValueError(msg)
    if seconds > MAX_HOLD_S:
        msg = (
            f"{what} of {seconds:g} s is longer than this test records ({MAX_HOLD_S:g} s, "
            "10 minutes). Was the timer left running, or did you type minutes? Check it and "
            "type it again."
        )
        raise ValueError(msg)
    return seconds


_MINUTES = re.compile(r"^(\d+):(\d{1,2}(?:\.\d*)?)$")


def parse_seconds(text: object, what: str = "The hold time") -> float:
    """Turn what the learner typed into seconds.

    Accepts a number, ``"31.5"``, ``"31,5"``, ``"31.5 s"``, ``"31.5 sec"`` and
    minutes:seconds such as ``"1:05"`` (65 s).

    Parameters
    ----------
    text : str or float
        The typed value.
    what : str
        How the message names the value.

    Returns
    -------
    float
        Seconds, checked by :func:`check_seconds`.

    Raises
    ------
    ValueError
        With a message for the learner.
    """
    if _is_number(text):
        return check_seconds(text, what)
    raw = "" if text is None else str(text)
    cleaned = raw.strip().lower().replace("−", "-")
    if not cleaned:
        return check_seconds(None, what)
    cleaned = re.sub(r"\s*(seconds|second|secs|sec|s)$", "", cleaned).strip()
    minutes = _MINUTES.match(cleaned)
    if minutes:
        seconds = int(minutes.group(1)) * 60 + float(minutes.group(2))
        if float(minutes.group(2)) >= 60:
            msg = f"“{raw.strip()}” has 60 or more seconds after the colon; type minutes:seconds."
            raise ValueError(msg)
        return check_seconds(seconds, what)
    try:
        seconds = float(cleaned.replace(",", "."))
    except ValueError:
        msg = (
            f"“{raw.strip()}” is not a time. Type seconds, for example 31.5, or "
            "minutes:seconds, for example 1:05."
        )
        raise ValueError(msg) from None
    return check_seconds(seconds, what)


def check_pain(value: object) -> float:
    """Return a pain rating after checking it lies on the 0–10 scale.

    Raises
    ------
    ValueError
        If it is not a finite number from 0 (none) to 10 (worst imaginable).
    """
    if not _is_number(value) or not math.isfinite(float(value)):
        msg = "Rate pain as a number from 0 (none) to 10 (worst imaginable)."
        raise ValueError(msg)
    pain = float(value)
    if not 0 <= pain <= 10:
        msg = f"Pain is rated from 0 (none) to 10 (worst imaginable); {pain:g} is outside that."
        raise ValueError(msg)
    return pain


def _check_hip_drop(value: object) -> str:
    rating = str(value).strip().lower() if isinstance(value, str) else None
    if rating not in HIP_DROP_RATINGS:
        msg = "Choose how much the pelvis dropped on the lifted side: none, slight or clear."
        raise ValueError(msg)
    return rating


def _check_flag(value: object, question: str) -> bool:
    if not isinstance(value, bool):
        msg = f"Answer yes or no: {question}"
        raise ValueError(msg)
    return value


def _check_side(value: object) -> str:
    side = str(value).strip().lower() if isinstance(value, str) else None
    if side not in SIDES:
        msg = "Choose the side you stood on: left or right."
        raise ValueError(msg)
    return side


# -- single-leg stance ----------------------------------------------------------------------
@dataclass(frozen=True)
class StanceResult:
    """The outcome of one 30-s single-leg stance.

    ``category`` is one of ``"pain_positive"`` (lateral hip pain ≥ 2/10: positive tendinopathy
    screen), ``"short_hold"`` (under 30 s), ``"clear_drop"``, ``"slight_drop"`` or
    ``"steady"`` (30 s with a level pelvis).
    """

    hold_s: float
    hip_drop: str
    pain_0_10: float
    category: str
    headline: str
    text: str
    reliability: str = STANCE_RELIABILITY

    @property
    def reached_target(self) -> bool:
        """True when the hold reached the 30-s mark."""
        return self.hold_s >= STANCE_TARGET_S

    @property
    def pain_positive(self) -> bool:
        """True when the pain rating makes the tendinopathy screen positive."""
        return self.pain_0_10 >= TENDINOPATHY_PAIN_THRESHOLD

    def as_record(self) -> dict[str, object]:
        """Return the inputs and category, for the progress store."""
        return {
            "hold_s": self.hold_s,
            "hip_drop": self.hip_drop,
            "pain_0_10": self.pain_0_10,
            "category": self.category,
        }


def single_leg_stance(hold_s: float, hip_drop: str, pain_0_10: float = 0) -> StanceResult:
    """Score a 30-s single-leg stance against the published criteria.

    Parameters
    ----------
    hold_s : float
        How long the stance was held, seconds (0–600).
    hip_drop : {"none", "slight", "clear"}
        Self-rated drop of the pelvis on the lifted side.
    pain_0_10 : float
        Pain on the outside of the standing hip during the hold, 0–10.

    Returns
    -------
    StanceResult
        Category, headline and teaching text; pain is judged first, then the 30-s mark
        (Hardcastle & Nade 1985), then the hip drop.

    Raises
    ------
    ValueError
        For a time that is empty, negative, not finite or over 600 s, a pain rating outside
        0–10, or an unknown hip-drop rating.
    """
    hold = check_seconds(hold_s)
    drop = _check_hip_drop(hip_drop)
    pain = check_pain(pain_0_10)
    notes = []
    if pain >= TENDINOPATHY_PAIN_THRESHOLD:
        category = "pain_positive"
        headline = (
            f"Pain of {pain:g}/10 on the outside of the hip: the tendinopathy screen is positive."
        )
        notes.append(
            "The usual criterion for this screen counts pain of 2/10 or more on the outside "
            "of the standing hip within the first 30 s as positive for gluteal tendinopathy "
            "(criterion from a secondary source, not checked in the original). It is a reason "
            "to see a physiotherapist, not a diagnosis; stop the test while it hurts."
        )
    elif hold < STANCE_TARGET_S:
        category = "short_hold"
        headline = f"Held {hold:.1f} s, short of the {STANCE_TARGET_S:.0f}-s mark."
        notes.append(
            "In the Trendelenburg test a normal result is a level or raised pelvis held for "
            "30 s; being unable to hold it is counted as abnormal, and the time to the drop is "
            "what gets recorded. Balance, footwear, fatigue and practice all shorten a hold "
            "too, so retest on another day before reading much into it."
        )
    elif drop == "clear":
        category = "clear_drop"
        headline = f"Held {hold:.1f} s, but the pelvis clearly dropped on the lifted side."
    elif drop == "slight":
        category = "slight_drop"
        headline = f"Held {hold:.1f} s with a slight drop of the pelvis."
    else:
        category = "steady"
        headline = f"Held {hold:.1f} s with a level pelvis: a normal result."
        notes.append(
            "That matches the normal Trendelenburg result: the pelvis held level or raised "
            "for 30 s."
        )
    if drop == "clear":
        notes.append(
            "A clear drop of the pelvis on the lifted side is what the Trendelenburg sign "
            "describes. It can reflect weak hip abductors, but also pain, balance or a trick "
            "movement, and eyes are poor judges of it; try the Trendelenburg test with a "
            "partner watching."
        )
    elif drop == "slight":
        notes.append(
            "A slight drop is hard to tell from normal sway; published criteria for "
            "'how much is too much' come from textbooks, not from measured cut-offs."
        )
    if category != "pain_positive" and pain > 0:
        notes.append(
            f"You rated pain {pain:g}/10, below the 2/10 of the usual tendinopathy screen. "
            "Note it and stop if it grows."
        )
    return StanceResult(hold, drop, pain, category, headline, " ".join(notes))


# -- Trendelenburg --------------------------------------------------------------------------
@dataclass(frozen=True)
class TrendelenburgResult:
    """The outcome of one Trendelenburg test (Hardcastle & Nade 1985).

    ``outcome`` is ``"negative"`` (normal), ``"positive"`` or ``"inconclusive"``; ``why``
    explains it.
    """

    hold_s: float
    pelvis_level_or_raised: bool
    pain: bool
    trick_movement: bool
    lost_balance: bool
    outcome: str
    why: str
    reliability: str = TRENDELENBURG_RELIABILITY

    def as_record(self) -> dict[str, object]:
        """Return the inputs and outcome, for the progress store."""
        return {
            "hold_s": self.hold_s,
            "pelvis_level_or_raised": self.pelvis_level_or_raised,
            "pain": self.pain,
            "trick_movement": self.trick_movement,
            "lost_balance": self.lost_balance,
            "outcome": self.outcome,
        }


def trendelenburg(
    held_s: float,
    pelvis_level_or_raised: bool,
    pain: bool,
    trick_movement: bool,
    lost_balance: bool = False,
) -> TrendelenburgResult:
    """Classify a Trendelenburg test as described by Hardcastle & Nade (1985).

    Parameters
    ----------
    held_s : float
        Seconds until the pelvis dropped, or the full hold if it did not (0–600).
    pelvis_level_or_raised : bool
        Whether the pelvis on the lifted side could be raised (or at least held level).
    pain : bool
        Whether the test hurt.
    trick_movement : bool
        Whether the trunk leaned over the standing leg or the hip was hitched with muscles
        above the pelvis.
    lost_balance : bool
        Whether balance was lost.

    Returns
    -------
    TrendelenburgResult
        ``inconclusive`` when pain, a trick movement or lost balance spoil the test (they give
        false results); otherwise ``positive`` when the pelvis could not be raised or not held
        for 30 s, else ``negative``.

    Raises
    ------
    ValueError
        For a bad time or a flag that is not ``True``/``False``.
    """
    hold = check_seconds(held_s, "The time to the drop")
    level = _check_flag(pelvis_level_or_raised, "could you raise or hold the pelvis level?")
    hurt = _check_flag(pain, "did it hurt?")
    trick = _check_flag(trick_movement, "did you lean or hitch to keep the pelvis up?")
    balance = _check_flag(lost_balance, "did you lose your balance?")
    spoilers = [
        text
        for flag, text in (
            (hurt, "it hurt"),
            (trick, "a trick movement (leaning over the standing leg or hitching the hip)"),
            (balance, "balance was lost"),
        )
        if flag
    ]
    if spoilers:
        outcome = "inconclusive"
        why = (
            f"Inconclusive because {' and '.join(spoilers)}: pain, poor balance and trick "
            "movements give false results in this test. "
        )
        if hurt:
            why += "Stop testing a painful hip and ask a physiotherapist to assess it."
        else:
            why += (
                "Rest, hold a wall lightly with one finger if balance is the problem, and repeat."
            )
    elif not level:
        outcome = "positive"
        why = (
            "Positive: the pelvis on the lifted side could not be raised or held level. That "
            "is the Trendelenburg sign; it can come from weak hip abductors, but also from "
            "pain or a stiff hip, which a clinician can sort out."
        )
    elif hold < STANCE_TARGET_S:
        outcome = "positive"
        why = (
            f"Positive: the pelvis dropped after {hold:.1f} s, before the {STANCE_TARGET_S:.0f} "
            "s a normal test is held. The time to the drop is what the original description "
            "records; compare it between sides and over weeks."
        )
    else:
        outcome = "negative"
        why = (
            f"Negative (normal): the pelvis stayed level or raised for {hold:.1f} s, at least "
            "the 30 s of the original description."
        )
    return TrendelenburgResult(hold, level, hurt, trick, balance, outcome, why)


# -- single-leg squat -----------------------------------------------------------------------
@dataclass(frozen=True)
class SquatCriterion:
    """One rating criterion of the single-leg squat and what each rating teaches."""

    key: str
    label: str
    watch: str
    feedback: Mapping[str, str] = field(default_factory=dict)


SQUAT_CRITERIA: tuple[SquatCriterion, ...] = (
    SquatCriterion(
        "overall",
        "Overall impression",
        "Is the whole movement smooth and controlled, and the same from one squat to the next?",
        {
            "good": "Smooth and repeatable: the movement looks easy to control.",
            "fair": "Mostly controlled, with some hesitation, speeding up or a wobble.",
            "poor": "Jerky or rushed, visibly hard to control: start with a shallower squat "
            "or hold a support, and build from there.",
        },
    ),
    SquatCriterion(
        "trunk",
        "Trunk posture",
        "Does the trunk stay upright over the standing foot, without leaning or twisting?",
        {
            "good": "The trunk stays steady over the foot.",
            "fair": "Some lean or twist, mostly near the bottom.",
            "poor": "The trunk swings sideways or folds forward to keep balance; a side lean "
            "over the standing leg eases the load on the hip abductors, so it can hide how "
            "hard the hip is working.",
        },
    ),
    SquatCriterion(
        "pelvis",
        "Pelvis 'in space'",
        "Does the pelvis stay level and facing forward, or drop, hitch or turn?",
        {
            "good": "The pelvis stays level and square.",
            "fair": "A small drop or turn that you can see if you look for it.",
            "poor": "The pelvis drops on the free side or rotates clearly: the same pattern as "
            "the Trendelenburg sign, seen under more load.",
        },
    ),
    SquatCriterion(
        "hip",
        "Hip movement",
        "Does the thigh stay in line, or swing inwards and turn in as you go down?",
        {
            "good": "The thigh stays in line with the foot.",
            "fair": "The thigh drifts inwards a little near the bottom.",
            "poor": "The thigh swings inwards and rotates in (hip adduction and internal "
            "rotation), the movement the hip abductors and rotators are meant to control.",
        },
    ),
    SquatCriterion(
        "knee",
        "Knee movement",
        "Does the knee track over the middle of the foot, without diving inwards or wobbling?",
        {
            "good": "The knee tracks over the middle of the foot.",
            "fair": "The knee drifts inside the big toe or wobbles now and then.",
            "poor": "The knee dives inwards or shakes from side to side. This can come from "
            "the hip, but also from the ankle and foot; lesson 03 follows that chain.",
        },
    ),
)
_CRITERIA = {c.key: c for c in SQUAT_CRITERIA}


@dataclass(frozen=True)
class SquatResult:
    """The outcome of rating one side's single-leg squats.

    ``overall`` is ``"good"``, ``"fair"`` or ``"poor"``; ``criteria`` pairs each criterion
    with its rating and teaching text.
    """

    ratings: Mapping[str, str]
    overall: str
    criteria: tuple[tuple[SquatCriterion, str, str], ...]
    text: str
    reliability: str = SQUAT_RELIABILITY

    def as_record(self) -> dict[str, object]:
        """Return the ratings and overall rating, for the progress store."""
        return {"ratings": dict(self.ratings), "overall": self.overall}


def single_leg_squat(criteria_ratings: Mapping[str, str]) -> SquatResult:
    """Rate five single-leg squats on one side from the five criteria.

    Parameters
    ----------
    criteria_ratings : mapping of str to str
        One rating (``"good"``, ``"fair"`` or ``"poor"``) for each criterion key in
        :data:`SQUAT_CRITERIA` (``overall``, ``trunk``, ``pelvis``, ``hip``, ``knee``).

    Returns
    -------
    SquatResult
        ``good`` when every criterion is good, ``poor`` when two or more are poor,
        ``fair`` otherwise (the course's own rule; see :data:`CRITERIA_CAVEAT`).

    Raises
    ------
    ValueError
        For an unknown criterion, an unknown rating or a missing criterion.
    """
    if not isinstance(criteria_ratings, Mapping):
        msg = "Rate each criterion as good, fair or poor."
        raise ValueError(msg)
    unknown = [k for k in criteria_ratings if k not in _CRITERIA]
    if unknown:
        msg = (
            f"Unknown criterion {unknown[0]!r}; the criteria are "
            f"{', '.join(c.label.lower() for c in SQUAT_CRITERIA)}."
        )
        raise ValueError(msg)
    ratings: dict[str, str] = {}
    missing = []
    for c in SQUAT_CRITERIA:
        value = criteria_ratings.get(c.key)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(c.label.lower())
            continue
        rating = value.strip().lower() if isinstance(value, str) else None
        if rating not in SQUAT_RATINGS:
            msg = f"Rate “{c.label}” as good, fair or poor (not {value!r})."
            raise ValueError(msg)
        ratings[c.key] = rating
    if missing:
        msg = f"Rate every criterion before saving; still to rate: {', '.join(missing)}."
        raise ValueError(msg)
    poor = sum(r == "poor" for r in ratings.values())
    if all(r == "good" for r in ratings.values()):
        overall = "good"
        text = (
            "Good on every criterion. In Crossley 2011, people rated good had earlier "
            "gluteus medius onset and stronger hip abduction and side bridge than those "
            "rated poor."
        )
    elif poor >= 2:
        overall = "poor"
        text = (
            f"Poor on {poor} criteria. In Crossley 2011, people rated poor had later "
            "gluteus medius onset and weaker hip abduction and side bridge than those rated "
            "good, though all of them were free of symptoms: a poor squat is a reason to "
            "train control and strength, not a sign of injury."
        )
    else:
        overall = "fair"
        text = (
            "Fair: mostly controlled, with room to improve on the criteria marked below. "
            "Retest after a few weeks of strength work and compare."
        )
    criteria = tuple((c, ratings[c.key], c.feedback[ratings[c.key]]) for c in SQUAT_CRITERIA)
    return SquatResult(ratings, overall, criteria, text)


# -- left against right ---------------------------------------------------------------------
@dataclass(frozen=True)
class SideComparison:
    """Left against right for one timed test.

    ``difference_s`` is left minus right; ``shorter_side`` is ``None`` when the times match
    (within 0.05 s).
    """

    left_s: float
    right_s: float
    difference_s: float
    shorter_side: str | None
    text: str


def compare_sides(
    left: StanceResult | TrendelenburgResult, right: StanceResult | TrendelenburgResult
) -> SideComparison:
    """Compare the left and right results of the same timed test.

    Parameters
    ----------
    left, right : StanceResult or TrendelenburgResult
        Both of the same kind.

    Returns
    -------
    SideComparison
        The hold-time difference, the shorter side and a text about the asymmetry, set
        against the 30-s mark.

    Raises
    ------
    ValueError
        If the two results are of different tests.
    """
    if type(left) is not type(right) or not isinstance(left, StanceResult | TrendelenburgResult):
        msg = "Compare two results of the same test (both stance or both Trendelenburg)."
        raise ValueError(msg)
    diff = left.hold_s - right.hold_s
    if abs(diff) < 0.05:
        shorter = None
        parts = [f"Both sides held {left.hold_s:.1f} s."]
    else:
        shorter, longer = ("left", "right") if diff < 0 else ("right", "left")
        short_s, long_s = sorted((left.hold_s, right.hold_s))
        pct = 100.0 * (long_s - short_s) / long_s
        parts = [
            f"Your {shorter} side held {abs(diff):.1f} s less than your {longer} side "
            f"({short_s:.1f} s against {long_s:.1f} s, {pct:.0f}% shorter)."
        ]
    reached = {side: r.hold_s >= STANCE_TARGET_S for side, r in (("left", left), ("right", right))}
    if all(reached.values()):
        parts.append(
            "Both sides reached the 30-s mark, so neither falls short of the published "
            "criterion; no study the course checked gives a cut-off for a gap above it."
        )
    elif any(reached.values()):
        weak = next(side for side, ok in reached.items() if not ok)
        parts.append(
            f"Only the {weak} side fell short of 30 s. Retest it on another day; if it stays "
            "short, it is worth showing to a physiotherapist or working on (lesson 06)."
        )
    else:
        parts.append(
            "Neither side reached 30 s. Balance, footwear, fatigue and practice all affect "
            "this, so retest before drawing conclusions."
        )
    if isinstance(left, StanceResult) and isinstance(right, StanceResult):
        if left.hip_drop != right.hip_drop:
            parts.append(
                f"You rated the hip drop '{left.hip_drop}' on the left and "
                f"'{right.hip_drop}' on the right."
            )
        painful = [s for s, r in (("left", left), ("right", right)) if r.pain_positive]
        if painful:
            parts.append(
                f"The {' and '.join(painful)} side{'s' if len(painful) > 1 else ''} gave a "
                "positive pain screen; that matters more than any difference in time."
            )
    elif isinstance(left, TrendelenburgResult) and isinstance(right, TrendelenburgResult):
        if left.outcome != right.outcome:
            parts.append(
                f"The test was {left.outcome} on the left and {right.outcome} on the right."
            )
        else:
            parts.append(f"The test was {left.outcome} on both sides.")
    return SideComparison(left.hold_s, right.hold_s, diff, shorter, " ".join(parts))


def compare_squats(left: SquatResult, right: SquatResult) -> str:
    """Compare the left and right single-leg squat ratings in words.

    Parameters
    ----------
    left, right : SquatResult
        The rating of each side.

    Returns
    -------
    str
        The overall rating of each side and the criteria on which the sides differ.

    Raises
    ------
    ValueError
        If either argument is not a :class:`SquatResult`.
    """
    if not isinstance(left, SquatResult) or not isinstance(right, SquatResult):
        msg = "Compare two single-leg squat ratings."
        raise ValueError(msg)
    if left.overall == right.overall:
        head = f"Both sides rated {left.overall} overall."
    else:
        head = f"Left rated {left.overall}, right rated {right.overall}."
    differ = [
        f"{c.label.lower()} ({left.ratings[c.key]} left, {right.ratings[c.key]} right)"
        for c in SQUAT_CRITERIA
        if left.ratings[c.key] != right.ratings[c.key]
    ]
    if not differ:
        return head + " The sides match on every criterion."
    return (
        head
        + " They differ on "
        + "; ".join(differ)
        + ". With rater agreement only fair even among clinicians, film both sides and look "
        "again before treating one side as the weaker."
    )
