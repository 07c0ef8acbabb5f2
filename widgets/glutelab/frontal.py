"""Contralateral pelvic drop seen from behind: a teaching model built on Bramah et al. (2018).

Data
----
``data/frontal_key_values.csv`` holds the published group values this module uses, each
with its source and status (``V`` = read in the paper). All come from

Bramah C, Preece SJ, Gill N, Herrington L (2018). Is there a pathological gait associated
with common soft tissue running injuries? *Am J Sports Med* 46(12):3023-3031.
doi:10.1177/0363546518793657.

Table 4 of that paper gives peak angles between initial contact and toe-off (mean ± SD) for
36 healthy runners and 72 injured runners (patellofemoral pain, iliotibial band syndrome,
medial tibial stress syndrome, Achilles tendinopathy) on a treadmill at 3.2 m/s. The odds
ratio per degree of contralateral pelvic drop (CPD) comes from the paper's forward
stepwise logistic regression, which also kept knee flexion at initial contact.

Model (a teaching model, not a measurement)
-------------------------------------------
* **Hip adduction from drop.** :func:`hip_adduction_deg` is the straight line through the
  two group means (CPD 3.7° → adduction 9.7°; CPD 6.4° → adduction 13.0°). A line through
  two *group means* describes how the groups differ on average; it says nothing about how
  one runner's adduction follows their own drop (the groups' adduction SDs are 3.5° and
  3.9°, larger than the gap between the means). Below about 1.8° and above about 8.5° of
  drop (the healthy mean − 1 SD and injured mean + 1 SD) the line is extrapolated.
* **Splitting the adduction.** Hip adduction is the thigh's angle relative to the pelvis.
  When the pelvis drops on the swing side over a thigh that does not move, the angle grows
  by exactly the drop; :func:`femur_tilt_deg` is the rest, the thigh's inward tilt in the
  room.
* **Stick runner.** :func:`pose` draws a runner from behind at mid-stance on the right leg
  (x lateral, positive = the runner's right, which is the viewer's right from behind; y up;
  metres; ground at y = 0). Assumptions: thigh 0.42 m, shank 0.42 m, 0.18 m between the hip
  centres, trunk 0.50 m; the leg's forward flexion is ignored (full segment lengths are drawn
  in the frontal plane); the pelvis pivots about the stance hip, whose sideways position is
  fixed; the stance foot stays where it landed, placed so that hip, knee and foot line up
  when the pelvis is level; the trunk stays upright.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from ._data import float_or_none as _optional
from ._data import rows as _rows

__all__ = [
    "ADDUCTION_INTERCEPT_DEG",
    "ADDUCTION_SLOPE",
    "CPD_HEALTHY",
    "CPD_INJURED",
    "CPD_ODDS_RATIO",
    "DROP_RANGE",
    "HIP_ADDUCTION_HEALTHY",
    "HIP_ADDUCTION_INJURED",
    "HIP_WIDTH_M",
    "SHANK_M",
    "STATUS_LABELS",
    "THIGH_M",
    "TRUNK_M",
    "GroupComparison",
    "KeyValue",
    "Pose",
    "check_drop",
    "compare_to_groups",
    "femur_tilt_deg",
    "hip_adduction_deg",
    "key_value",
    "key_values",
    "odds_interval",
    "odds_relative_to",
    "pose",
]

#: Range of contralateral pelvic drop the lesson explores, degrees.
DROP_RANGE = (0.0, 12.0)

#: Assumed segment lengths of the stick runner, metres (round adult values, not measured).
THIGH_M = 0.42
SHANK_M = 0.42
#: Assumed distance between the two hip joint centres, metres.
HIP_WIDTH_M = 0.18
#: Assumed length from the pelvis midpoint to the base of the neck, metres.
TRUNK_M = 0.50
_HEAD_RADIUS_M = 0.10
_SHOULDER_HALF_WIDTH_M = 0.18
_ARM_M = 0.30
#: Swing leg at mid-stance, degrees: hip flexed, knee flexed (only drawn, not analysed).
_SWING_HIP_FLEXION_DEG = 50.0
_SWING_KNEE_FLEXION_DEG = 100.0

#: What each status tag means, in words a learner can read next to a number.
STATUS_LABELS = {
    "V": "verified",
    "D": "computed from public data",
    "S": "secondary source only",
    "M": "unchecked",
}


@dataclass(frozen=True)
class KeyValue:
    """One published value with its source and verification status.

    Attributes
    ----------
    key : str
        Identifier, e.g. ``"cpd_healthy"``.
    quantity : str
        What was measured, in words.
    group : str
        ``"healthy"``, ``"injured"`` or ``"all"``.
    n : int
        Number of runners behind the value.
    value : float
        The mean (or, for an odds ratio, the estimate).
    sd : float or None
        Standard deviation across runners, when published.
    ci_low, ci_high : float or None
        95% confidence interval, when published.
    unit : str
        ``"deg"`` or ``"per deg"``.
    citation : str
        Short citation, e.g. ``"Bramah et al. 2018"``.
    source : str
        Full reference with the table or section the value was read from.
    status : str
        ``V``, ``D``, ``S`` or ``M`` (see :data:`STATUS_LABELS`).
    note : str
        Definition or caveat.
    """

    key: str
    quantity: str
    group: str
    n: int
    value: float
    sd: float | None
    ci_low: float | None
    ci_high: float | None
    unit: str
    citation: str
    source: str
    status: str
    note: str

    @property
    def status_label(self) -> str:
        """The status in words, e.g. ``"verified"``."""
        return STATUS_LABELS[self.status]

    @property
    def cited(self) -> str:
        """Citation and status together, e.g. ``"Bramah et al. 2018, verified"``."""
        return f"{self.citation}, {self.status_label}"

    @property
    def band(self) -> tuple[float, float]:
        """Mean ± 1 SD, the range that holds about two-thirds of a roughly normal group."""
        if self.sd is None:
            msg = f"{self.key} has no published SD"
            raise ValueError(msg)
        # rounded so that 3.7 - 1.9 is 1.8, not 1.8000000000000003
        return (round(self.value - self.sd, 9), round(self.value + self.sd, 9))


@cache
def key_values() -> dict[str, KeyValue]:
    """Return every published value of ``data/frontal_key_values.csv`` by key."""
    out = {}
    for r in _rows("frontal_key_values.csv"):
        if r["status"] not in STATUS_LABELS:
            msg = f"unknown status {r['status']!r} for {r['key']} in frontal_key_values.csv"
            raise ValueError(msg)
        out[r["key"]] = KeyValue(
            key=r["key"],
            quantity=r["quantity"],
            group=r["group"],
            n=int(r["n"]),
            value=float(r["value"]),
            sd=_optional(r["sd"]),
            ci_low=_optional(r["ci_low"]),
            ci_high=_optional(r["ci_high"]),
            unit=r["unit"],
            citation=r["citation"],
            source=r["source"],
            status=r["status"],
            note=r["note"],
        )
    return out


def key_value(key: str) -> KeyValue:
    """Return one published value by key (``"cpd_healthy"``, ``"cpd_odds_ratio"`` …)."""
    try:
        return key_values()[key]
    except KeyError:
        msg = f"unknown key value {key!r}; choose from {', '.join(key_values())}"
        raise KeyError(msg) from None


#: Peak contralateral pelvic drop, healthy runners (n = 36): 3.7 ± 1.9° (Bramah et al. 2018).
CPD_HEALTHY = key_value("cpd_healthy")
#: Peak contralateral pelvic drop, injured runners (n = 72): 6.4 ± 2.1° (Bramah et al. 2018).
CPD_INJURED = key_value("cpd_injured")
#: Peak hip adduction, healthy runners: 9.7 ± 3.5° (Bramah et al. 2018).
HIP_ADDUCTION_HEALTHY = key_value("hip_adduction_healthy")
#: Peak hip adduction, injured runners: 13.0 ± 3.9° (Bramah et al. 2018).
HIP_ADDUCTION_INJURED = key_value("hip_adduction_injured")
#: Odds ratio 1.87 per 1° of drop (95% CI 1.41-2.49) for being classed as injured.
CPD_ODDS_RATIO = key_value("cpd_odds_ratio")

#: Degrees of hip adduction per degree of drop on the line through the two group means (≈1.22).
ADDUCTION_SLOPE = (HIP_ADDUCTION_INJURED.value - HIP_ADDUCTION_HEALTHY.value) / (
    CPD_INJURED.value - CPD_HEALTHY.value
)
#: Hip adduction at zero drop on that line, degrees (≈5.2°; an extrapolation).
ADDUCTION_INTERCEPT_DEG = HIP_ADDUCTION_HEALTHY.value - ADDUCTION_SLOPE * CPD_HEALTHY.value


def check_drop(drop_deg: object) -> float:
    """Return ``drop_deg`` as a float, or raise ``ValueError`` saying what is allowed.

    Parameters
    ----------
    drop_deg : object
        A number of degrees (text such as ``"4.5"`` is accepted).

    Raises
    ------
    ValueError
        If the value is not a number, not finite, or outside :data:`DROP_RANGE`.
    """
    lo, hi = DROP_RANGE
    if isinstance(drop_deg, bool):
        msg = f"Pelvic drop must be a number of degrees from {lo:g} to {hi:g}, not {drop_deg!r}."
        raise ValueError(msg)
    try:
        value = float(drop_deg)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        msg = f"Pelvic drop must be a number of degrees from {lo:g} to {hi:g}, not {drop_deg!r}."
        raise ValueError(msg) from None
    if not math.isfinite(value):
        msg = f"Pelvic drop must be a finite number of degrees from {lo:g} to {hi:g}."
        raise ValueError(msg)
    if not lo <= value <= hi:
        msg = f"Pelvic drop must be between {lo:g}° and {hi:g}°; got {value:g}°."
        raise ValueError(msg)
    return value


def hip_adduction_deg(drop_deg: float) -> float:
    """Peak hip adduction for a peak pelvic drop, on the line through Bramah's group means.

    The line passes exactly through (3.7°, 9.7°) for the healthy group and (6.4°, 13.0°) for
    the injured group (Bramah et al. 2018, Table 4): slope ≈1.22°/°, intercept ≈5.2°. It
    describes the two groups, not how one runner's adduction changes with their own drop:
    within each group adduction varies by an SD of 3.5-3.9°.

    Parameters
    ----------
    drop_deg : float
        Contralateral pelvic drop in degrees (0-12).

    Returns
    -------
    float
        Hip adduction in degrees (thigh relative to the pelvis).
    """
    drop = check_drop(drop_deg)
    return ADDUCTION_INTERCEPT_DEG + ADDUCTION_SLOPE * drop


def femur_tilt_deg(drop_deg: float) -> float:
    """Return the part of the hip adduction that tilts the thigh inwards in the room, degrees.

    Hip adduction = pelvic drop (the pelvis tipping over a thigh that stays put, 1° per 1°)
    + this tilt (the thigh itself angling towards the midline).

    Parameters
    ----------
    drop_deg : float
        Contralateral pelvic drop in degrees (0-12).
    """
    drop = check_drop(drop_deg)
    return hip_adduction_deg(drop) - drop


def _positive(name: str, value: float) -> float:
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        msg = f"{name} must be a positive number of metres; got {value!r}."
        raise ValueError(msg)
    return value


Point = tuple[float, float]


@dataclass(frozen=True)
class Pose:
    """The stick runner seen from behind at one pelvic drop (metres; x lateral, y up).

    x is positive towards the runner's right (the stance side), which is the viewer's right
    from behind; the ground is y = 0; with a level pelvis the body's midline is x = 0.

    Attributes
    ----------
    drop_deg : float
        Contralateral pelvic drop (swing side lower), degrees.
    hip_adduction_deg : float
        Stance hip adduction: ``drop_deg + femur_tilt_deg``.
    femur_tilt_deg : float
        Inward tilt of the stance thigh from vertical, in the room, degrees.
    knee_medial_shift_cm : float
        How much nearer the midline the stance knee sits than with a level pelvis, cm.
    level_knee_x : float
        The stance knee's x with a level pelvis (the reference line).
    stance_foot, stance_knee, stance_hip : tuple of float
        The stance (right) leg, foot to hip.
    swing_hip, swing_knee, swing_foot : tuple of float
        The swing (left) leg, flexed and off the ground.
    pelvis_mid : tuple of float
        Midpoint between the hip centres.
    neck : tuple of float
        Top of the trunk, straight above ``pelvis_mid``.
    shoulders : tuple of tuple of float
        Left and right shoulder.
    hands : tuple of tuple of float
        Left and right hand (arms hang from the shoulders; drawn only).
    head_centre : tuple of float
        Centre of the head.
    head_radius : float
        Head radius, metres.
    thigh_m, shank_m, hip_width_m : float
        The segment lengths used.
    """

    drop_deg: float
    hip_adduction_deg: float
    femur_tilt_deg: float
    knee_medial_shift_cm: float
    level_knee_x: float
    stance_foot: Point
    stance_knee: Point
    stance_hip: Point
    swing_hip: Point
    swing_knee: Point
    swing_foot: Point
    pelvis_mid: Point
    neck: Point
    shoulders: tuple[Point, Point]
    hands: tuple[Point, Point]
    head_centre: Point
    head_radius: float
    thigh_m: float
    shank_m: float
    hip_width_m: float


def _knee_x(hip_x: float, tilt_deg: float, thigh_m: float) -> float:
    return hip_x - thigh_m * math.sin(math.radians(tilt_deg))


def pose(
    drop_deg: float,
    *,
    thigh_m: float = THIGH_M,
    shank_m: float = SHANK_M,
    hip_width_m: float = HIP_WIDTH_M,
) -> Pose:
    """Return the stick runner at mid-stance on the right leg for one pelvic drop.

    The stance hip keeps its sideways position and the pelvis pivots about it, the swing
    (left) side lowering by ``drop_deg``. The thigh tilts inwards by :func:`femur_tilt_deg`;
    the foot stays where it landed (in line with hip and knee when the pelvis is level), so
    the knee drifts towards the midline as the drop grows and the hip height follows from
    keeping the foot on the ground. See the module docstring for every assumption.

    Parameters
    ----------
    drop_deg : float
        Contralateral pelvic drop in degrees (0-12).
    thigh_m, shank_m : float
        Segment lengths, metres (defaults :data:`THIGH_M`, :data:`SHANK_M`).
    hip_width_m : float
        Distance between the hip centres, metres (default :data:`HIP_WIDTH_M`).

    Returns
    -------
    Pose
        Points in metres and the derived angles.

    Raises
    ------
    ValueError
        For a drop outside 0-12°, or lengths that are not positive or cannot reach the foot.
    """
    drop = check_drop(drop_deg)
    thigh = _positive("thigh_m", thigh_m)
    shank = _positive("shank_m", shank_m)
    width = _positive("hip_width_m", hip_width_m)

    hip_x = width / 2.0
    tilt0 = femur_tilt_deg(0.0)
    tilt = femur_tilt_deg(drop)
    foot_x = hip_x - (thigh + shank) * math.sin(math.radians(tilt0))
    level_knee_x = _knee_x(hip_x, tilt0, thigh)
    knee_x = _knee_x(hip_x, tilt, thigh)
    reach = knee_x - foot_x
    if abs(reach) >= shank:
        msg = "the shank is too short to reach the foot with these lengths"
        raise ValueError(msg)
    knee_y = math.sqrt(shank**2 - reach**2)
    hip_y = knee_y + thigh * math.cos(math.radians(tilt))

    d = math.radians(drop)
    swing_hip = (hip_x - width * math.cos(d), hip_y - width * math.sin(d))
    mid = ((hip_x + swing_hip[0]) / 2.0, (hip_y + swing_hip[1]) / 2.0)
    swing_knee = (
        swing_hip[0] - 0.01,
        swing_hip[1] - thigh * math.cos(math.radians(_SWING_HIP_FLEXION_DEG)),
    )
    shank_from_vertical = _SWING_KNEE_FLEXION_DEG - _SWING_HIP_FLEXION_DEG
    swing_foot = (
        swing_knee[0] - 0.03,
        swing_knee[1] - shank * math.cos(math.radians(shank_from_vertical)),
    )
    neck = (mid[0], mid[1] + TRUNK_M)
    shoulders = (
        (neck[0] - _SHOULDER_HALF_WIDTH_M, neck[1] - 0.03),
        (neck[0] + _SHOULDER_HALF_WIDTH_M, neck[1] - 0.03),
    )
    hands = (
        (shoulders[0][0] + 0.03, shoulders[0][1] - _ARM_M),
        (shoulders[1][0] - 0.03, shoulders[1][1] - _ARM_M),
    )
    head = (neck[0], neck[1] + 0.04 + _HEAD_RADIUS_M)
    return Pose(
        drop_deg=drop,
        hip_adduction_deg=drop + tilt,
        femur_tilt_deg=tilt,
        knee_medial_shift_cm=100.0 * (level_knee_x - knee_x),
        level_knee_x=level_knee_x,
        stance_foot=(foot_x, 0.0),
        stance_knee=(knee_x, knee_y),
        stance_hip=(hip_x, hip_y),
        swing_hip=swing_hip,
        swing_knee=swing_knee,
        swing_foot=swing_foot,
        pelvis_mid=mid,
        neck=neck,
        shoulders=shoulders,
        hands=hands,
        head_centre=head,
        head_radius=_HEAD_RADIUS_M,
        thigh_m=thigh,
        shank_m=shank,
        hip_width_m=width,
    )


def odds_relative_to(
    drop_deg: float,
    reference_deg: float = CPD_HEALTHY.value,
    odds_ratio: float | None = None,
) -> float:
    """Odds of being in Bramah's injured group at one drop relative to another.

    ``odds_ratio ** (drop_deg - reference_deg)`` with Bramah et al.'s 1.87 per degree. This
    is the odds of being *classified into the injured group* in a retrospective study of
    108 runners (a model that also held knee flexion at initial contact): an association,
    not a cause, and not an individual's injury risk. The healthy controls also ran far more
    miles per week (60.5 vs 21.2).

    Parameters
    ----------
    drop_deg : float
        Contralateral pelvic drop, degrees (0-12).
    reference_deg : float
        The drop to compare with, degrees (default 3.7, the healthy group's mean).
    odds_ratio : float, optional
        Odds ratio per degree; defaults to the published 1.87. Pass the confidence limits
        (1.41, 2.49) to get the interval, or use :func:`odds_interval`.

    Returns
    -------
    float
        How many times the odds at ``reference_deg`` (1.0 at the reference).
    """
    drop = check_drop(drop_deg)
    reference = check_drop(reference_deg)
    ratio = CPD_ODDS_RATIO.value if odds_ratio is None else _positive("odds_ratio", odds_ratio)
    return ratio ** (drop - reference)


def odds_interval(drop_deg: float, reference_deg: float = CPD_HEALTHY.value) -> tuple[float, float]:
    """Return the 95% confidence interval of :func:`odds_relative_to` (CI 1.41-2.49 per degree).

    Parameters
    ----------
    drop_deg : float
        Contralateral pelvic drop, degrees (0-12).
    reference_deg : float
        The drop to compare with, degrees.

    Returns
    -------
    tuple of float
        (lower, upper), in increasing order.
    """
    ends = [
        odds_relative_to(drop_deg, reference_deg, limit)
        for limit in (CPD_ODDS_RATIO.ci_low, CPD_ODDS_RATIO.ci_high)
    ]
    return (min(ends), max(ends))


@dataclass(frozen=True)
class GroupComparison:
    """Where one drop sits relative to Bramah's two groups.

    Attributes
    ----------
    drop_deg : float
        The drop compared.
    z_healthy, z_injured : float
        Distance from each group's mean in that group's SDs.
    in_healthy_band, in_injured_band : bool
        Whether the drop lies within mean ± 1 SD of each group.
    below_healthy_band, above_injured_band : bool
        Whether it lies below the healthy band or above the injured band.
    """

    drop_deg: float
    z_healthy: float
    z_injured: float
    in_healthy_band: bool
    in_injured_band: bool
    below_healthy_band: bool
    above_injured_band: bool

    @property
    def in_overlap(self) -> bool:
        """True where both groups' typical ranges overlap (about 4.3-5.6°)."""
        return self.in_healthy_band and self.in_injured_band


def compare_to_groups(drop_deg: float) -> GroupComparison:
    """Place a drop against the healthy and injured groups' mean ± 1 SD.

    Parameters
    ----------
    drop_deg : float
        Contralateral pelvic drop, degrees (0-12).
    """
    drop = check_drop(drop_deg)
    h_lo, h_hi = CPD_HEALTHY.band
    i_lo, i_hi = CPD_INJURED.band
    return GroupComparison(
        drop_deg=drop,
        z_healthy=(drop - CPD_HEALTHY.value) / CPD_HEALTHY.sd,  # type: ignore[operator]
        z_injured=(drop - CPD_INJURED.value) / CPD_INJURED.sd,  # type: ignore[operator]
        in_healthy_band=h_lo <= drop <= h_hi,
        in_injured_band=i_lo <= drop <= i_hi,
        below_healthy_band=drop < h_lo,
        above_injured_band=drop > i_hi,
    )
