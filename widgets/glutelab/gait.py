"""One running stride: hip and knee angles, phases, a stick figure and glute activity.

Everything here is a pure model: numbers in, numbers out, no widgets and no plotting.
Percentages are of one stride (0 % = initial contact of the reference leg, 100 % = its next
initial contact), the way gait studies report timing.

Joint angles
------------
The sagittal hip and knee curves are the project's own periodic model, built through the
key values in ``data/gait_key_values.csv``. Each value comes from one treadmill runner:
Hamner, Seth & Delp 2010 (*J Biomech* 43:2709), subject02, values computed from the public
OpenSim data (opensim-org/opensim-models, ``Pipelines/Hamner``; mean of 13 right strides,
events from a 20 N vertical-force threshold). The model is a Fourier series with
``HARMONICS`` harmonics that passes exactly through each key angle, has zero slope at each
key peak, and is otherwise as smooth as possible (it minimises the integral of the squared
third derivative, the "minimum jerk" criterion). Being a Fourier series it is periodic:
value and slope join up at 0/100 %.

The source gives the *timing* of the small hip-flexion peak in early stance (5 %) but not
its height. The model therefore lets the hip rise by the smallest amount above its angle at
contact that makes 5 % a genuine peak (``hip_stance_peak_rise()``, well under 1°); the
learner should read the early-stance bump as "about level", not as a measured height.

Sign conventions: hip flexion positive, extension negative; knee flexion positive (0° =
straight knee).

Glute activity
--------------
``glute_activity`` returns normalised envelopes (0 to 1) of gluteus maximus and medius over
the stride. They are **simulated muscle forces**, not measured EMG: smooth bumps placed on
the features of the computed-muscle-control (CMC) forces of the same Hamner subject, with
late-swing heights from the modelled forces of 30 runners in Lenhart, Thelen & Heiderscheit
2014. Typical EMG timings from the literature are kept as data only (``emg_timing_windows``)
because they could not be checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from ._data import float_or_none as _float_or_none
from ._data import rows as _rows

__all__ = [
    "FOOT_M",
    "GLUTE_ACTIVITY_KIND",
    "GLUTE_MUSCLES",
    "HARMONICS",
    "JOINTS",
    "KEY_VALUES",
    "KNEE_DELAY_RANGE",
    "PHASES",
    "QUIET_LEVEL",
    "SHANK_M",
    "THIGH_M",
    "Event",
    "GluteFeature",
    "KeyValue",
    "Phase",
    "PushOff",
    "angular_velocity",
    "emg_timing_windows",
    "events",
    "glute_activity",
    "glute_features",
    "hip_flexion",
    "hip_stance_peak_rise",
    "joint_angle",
    "key_value",
    "knee_flexion",
    "phase_of",
    "push_off",
    "stick_figure",
]

JOINTS = ("hip", "knee")
#: Number of harmonics in the Fourier model of each joint angle.
HARMONICS = 12

# Segment lengths for the stick figure and the teaching models, metres. They are drawing
# assumptions for an adult runner of roughly 1.75-1.80 m, not measurements of the Hamner
# subject. THIGH_M is the hip-centre-to-knee-centre distance of the Rajagopal 2016 model
# (data/rajagopal2016_landmarks.csv: 0.408 m), rounded; SHANK_M and FOOT_M (ankle to toe
# tip, drawn at a right angle to the shank) are round assumed values.
THIGH_M = 0.41
SHANK_M = 0.43
FOOT_M = 0.15


# --------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyValue:
    """One published key value of the stride, as stored in ``gait_key_values.csv``.

    Attributes
    ----------
    key : str
        Short identifier, e.g. ``"hip_peak_flexion"``.
    joint : str
        ``"hip"``, ``"knee"`` or ``"stride"`` (events and timing of the whole stride).
    feature : str
        What the value describes, in words.
    value : float or None
        The value in ``unit`` (an angle in degrees for joint rows); ``None`` when the source
        gives only a timing.
    unit : str
        Unit of ``value``.
    percent : float or None
        When it happens, % of stride from initial contact; ``None`` for whole-stride values.
    source : str
        Citation.
    status : str
        ``"verified"``, ``"computed from public data"``, ``"unchecked"`` or
        ``"model assumption"``.
    note : str
        Anything a reader should know about the value.
    """

    key: str
    joint: str
    feature: str
    value: float | None
    unit: str
    percent: float | None
    source: str
    status: str
    note: str


def _load_key_values() -> tuple[KeyValue, ...]:
    return tuple(
        KeyValue(
            key=r["key"],
            joint=r["joint"],
            feature=r["feature"],
            value=_float_or_none(r["value"]),
            unit=r["unit"],
            percent=_float_or_none(r["pct_stride"]),
            source=r["source"],
            status=r["status"],
            note=r["note"],
        )
        for r in _rows("gait_key_values.csv")
    )


#: Every key value the model is built on, with its source and status.
KEY_VALUES: tuple[KeyValue, ...] = _load_key_values()


def key_value(key: str) -> KeyValue:
    """Return one key value by its key (see ``KEY_VALUES``).

    Raises
    ------
    KeyError
        If there is no such key; the message lists the valid keys.
    """
    for kv in KEY_VALUES:
        if kv.key == key:
            return kv
    msg = f"unknown key value {key!r}; choose from {', '.join(k.key for k in KEY_VALUES)}"
    raise KeyError(msg)


def _value(key: str) -> float:
    value = key_value(key).value
    if value is None:  # pragma: no cover - guards against an edited data table
        msg = f"key value {key!r} has no value in gait_key_values.csv"
        raise ValueError(msg)
    return value


def _when(key: str) -> float:
    percent = key_value(key).percent
    if percent is None:  # pragma: no cover - guards against an edited data table
        msg = f"key value {key!r} has no timing in gait_key_values.csv"
        raise ValueError(msg)
    return percent


# --------------------------------------------------------------------------------------
# Input checks (messages are written for a learner who typed the value)
# --------------------------------------------------------------------------------------


def _as_percent_array(percent: object) -> np.ndarray:
    if isinstance(percent, bool):
        msg = "The point in the stride must be a number (0 to 100 %), not True/False."
        raise ValueError(msg)
    try:
        arr = np.asarray(percent, dtype=float)
    except (TypeError, ValueError):
        msg = f"The point in the stride must be a number (0 to 100 %); got {percent!r}."
        raise ValueError(msg) from None
    if not np.all(np.isfinite(arr)):
        msg = "The point in the stride must be a finite number (0 to 100 %)."
        raise ValueError(msg)
    return arr


def _as_percent_scalar(percent: object) -> float:
    arr = _as_percent_array(percent)
    if arr.ndim != 0:
        msg = "Give one point in the stride (a single number from 0 to 100 %)."
        raise ValueError(msg)
    value = float(arr)
    if not 0.0 <= value <= 100.0:
        msg = (
            f"{value:g} % is outside the stride: use 0 % (foot contact) to 100 % "
            "(the same foot's next contact)."
        )
        raise ValueError(msg)
    return value


def _scalar_or_array(arr: np.ndarray) -> float | np.ndarray:
    return float(arr) if arr.ndim == 0 else arr


# --------------------------------------------------------------------------------------
# The periodic joint-angle model
# --------------------------------------------------------------------------------------

_OMEGA = 2.0 * math.pi / 100.0  # radians per % of stride


def _basis(percent: np.ndarray, derivative: int = 0) -> np.ndarray:
    """Fourier basis [1, cos(n w t), sin(n w t)] (or its derivative) at each percent."""
    t = np.asarray(percent, dtype=float)[..., None]
    n = np.arange(1, HARMONICS + 1)
    w = _OMEGA * n
    phase = w * t
    if derivative == 0:
        const = np.ones_like(t)
        return np.concatenate([const, np.cos(phase), np.sin(phase)], axis=-1)
    if derivative == 1:
        const = np.zeros_like(t)
        return np.concatenate([const, -w * np.sin(phase), w * np.cos(phase)], axis=-1)
    msg = "only the angle and its first derivative are modelled"  # pragma: no cover
    raise ValueError(msg)  # pragma: no cover


def _min_jerk_fit(values: list[tuple[float, float]], flat_at: list[float]) -> np.ndarray:
    """Smoothest Fourier series through ``values`` with zero slope at ``flat_at``.

    Minimises sum over harmonics of (n w)^6 (a_n^2 + b_n^2), which is proportional to the
    integral of the squared third derivative, subject to the equality constraints. Solved
    exactly through the Lagrange (KKT) system.
    """
    rows = [_basis(np.array(t)) for t, _ in values] + [
        _basis(np.array(t), derivative=1) for t in flat_at
    ]
    c = np.vstack(rows)
    d = np.array([v for _, v in values] + [0.0] * len(flat_at))
    n = np.arange(1, HARMONICS + 1)
    weight = np.concatenate([[0.0], (_OMEGA * n) ** 6, (_OMEGA * n) ** 6])
    size = weight.size
    kkt = np.block([[np.diag(2.0 * weight), c.T], [c, np.zeros((len(d), len(d)))]])
    rhs = np.concatenate([np.zeros(size), d])
    return np.linalg.solve(kkt, rhs)[:size]


def _hip_fit(rise: float) -> np.ndarray:
    ic = _value("hip_ic")
    peak_ext, peak_flex = _when("hip_peak_extension"), _when("hip_peak_flexion")
    onset = _when("hip_extension_onset")
    values = [
        (0.0, ic),
        (onset, ic + rise),
        (peak_ext, _value("hip_peak_extension")),
        (peak_flex, _value("hip_peak_flexion")),
    ]
    return _min_jerk_fit(values, [onset, peak_ext, peak_flex])


@cache
def hip_stance_peak_rise() -> float:
    """How far the model's hip flexes after contact before it starts to extend, degrees.

    The source times the early-stance hip-flexion peak (5 % of stride) but gives no height
    for it. The model takes the smallest rise above the contact angle for which the hip
    keeps flexing from just after contact to 5 % and then extends without a pause until peak
    extension; the smallest such rise is found on a 0.01 % grid and rounded up to 0.05°.

    Returns
    -------
    float
        The rise in degrees (a model assumption, not a measurement).
    """
    onset = _when("hip_extension_onset")
    peak_ext = _when("hip_peak_extension")
    base = _hip_fit(0.0)
    unit = _hip_fit(1.0) - base  # the fit is linear in the rise
    lows: list[float] = [0.0]
    for lo, hi, sign in ((0.0, onset, +1.0), (onset, peak_ext, -1.0)):
        # sign * slope(t) >= 0 must hold inside each interval
        t = np.arange(lo + 0.05, hi - 0.05, 0.01)
        g = sign * (_basis(t, 1) @ base)
        h = sign * (_basis(t, 1) @ unit)
        need = h > 1e-12
        if np.any(need):
            lows.append(float(np.max(-g[need] / h[need])))
    return round(math.ceil(max(lows) / 0.05) * 0.05, 2)


@cache
def _coefficients(joint: str) -> np.ndarray:
    if joint == "hip":
        return _hip_fit(hip_stance_peak_rise())
    values = [
        (0.0, _value("knee_ic")),
        (_when("knee_stance_peak"), _value("knee_stance_peak")),
        (_when("knee_most_extended"), _value("knee_most_extended")),
        (_when("knee_swing_peak"), _value("knee_swing_peak")),
    ]
    flat = [_when(k) for k in ("knee_stance_peak", "knee_most_extended", "knee_swing_peak")]
    return _min_jerk_fit(values, flat)


def _check_joint(joint: str) -> str:
    if joint not in JOINTS:
        msg = f"unknown joint {joint!r}; choose 'hip' or 'knee'"
        raise ValueError(msg)
    return joint


def joint_angle(joint: str, percent: object) -> float | np.ndarray:
    """Sagittal angle of the hip or knee at points of the stride, degrees.

    Parameters
    ----------
    joint : {"hip", "knee"}
        Which joint.
    percent : float or array-like
        Point(s) of the stride, % from initial contact. The model is periodic, so values
        outside 0-100 wrap round (150 % is the same as 50 %).

    Returns
    -------
    float or numpy.ndarray
        Hip flexion (negative = extension) or knee flexion, matching the input's shape.

    Raises
    ------
    ValueError
        For an unknown joint, or a percent that is not a finite number.
    """
    coeffs = _coefficients(_check_joint(joint))
    arr = _as_percent_array(percent)
    return _scalar_or_array(_basis(np.mod(arr, 100.0)) @ coeffs)


def hip_flexion(percent: object) -> float | np.ndarray:
    """Hip flexion angle over the stride, degrees (negative = extension).

    See ``joint_angle``; the curve passes through the Hamner 2010 key values: 29.5° at
    contact, 44.7° peak flexion at 83 %, -27.8° peak extension at 43 %.
    """
    return joint_angle("hip", percent)


def knee_flexion(percent: object) -> float | np.ndarray:
    """Knee flexion angle over the stride, degrees (0 = straight).

    See ``joint_angle``; the curve passes through the Hamner 2010 key values: 19.7° at
    contact, 53.0° at 15 %, 12.7° at 36 % and 105.6° at 69 %.
    """
    return joint_angle("knee", percent)


def angular_velocity(
    joint: str, percent: object, stride_time_s: float | None = None
) -> float | np.ndarray:
    """Rate of change of a joint angle, degrees per second (positive = flexing).

    Parameters
    ----------
    joint : {"hip", "knee"}
        Which joint.
    percent : float or array-like
        Point(s) of the stride, % from initial contact (wraps round like ``joint_angle``).
    stride_time_s : float, optional
        Duration of one stride; defaults to the Hamner subject's 0.690 s.

    Returns
    -------
    float or numpy.ndarray
        Angular velocity; negative while the joint extends.
    """
    if stride_time_s is None:
        stride_time_s = _value("stride_time")
    if not (isinstance(stride_time_s, int | float) and 0.2 <= stride_time_s <= 2.0):
        msg = "The stride time must be a number of seconds between 0.2 and 2."
        raise ValueError(msg)
    coeffs = _coefficients(_check_joint(joint))
    arr = _as_percent_array(percent)
    per_percent = _basis(np.mod(arr, 100.0), derivative=1) @ coeffs
    return _scalar_or_array(per_percent * 100.0 / stride_time_s)


# --------------------------------------------------------------------------------------
# Events and phases
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """A moment of the stride.

    Attributes
    ----------
    key : str
        Identifier, e.g. ``"toe_off"``.
    label : str
        Short name for a chart or table.
    percent : float
        When it happens, % of stride from initial contact.
    source : str
        Where the timing comes from.
    status : str
        Status of the timing (see ``KeyValue.status``).
    """

    key: str
    label: str
    percent: float
    source: str
    status: str


_EVENT_LABELS = (
    ("hip_extension_onset", "hip starts to extend"),
    ("knee_stance_peak", "knee starts to extend (peak stance knee flexion)"),
    ("extension_velocity_peak", "fastest hip and knee extension"),
    ("knee_most_extended", "knee most extended"),
    ("toe_off", "toe-off"),
    ("hip_peak_extension", "peak hip extension"),
    ("knee_swing_peak", "peak knee flexion in swing"),
    ("hip_peak_flexion", "peak hip flexion (late swing)"),
)


def events() -> list[Event]:
    """List the stride's events in time order, initial contact first.

    Returns
    -------
    list of Event
        Initial contact (0 %, by definition), then each timed key value of the Hamner
        subject: hip extension onset 5 %, knee extension onset 15 %, fastest extension
        27 %, knee most extended 36 %, toe-off 37.2 %, peak hip extension 43 %, peak swing
        knee flexion 69 % and peak hip flexion 83 %.
    """
    out = [Event("initial_contact", "initial contact", 0.0, "definition", "definition")]
    for key, label in _EVENT_LABELS:
        kv = key_value(key)
        out.append(Event(key, label, _when(key), kv.source, kv.status))
    return sorted(out, key=lambda e: e.percent)


@dataclass(frozen=True)
class Phase:
    """A named part of the stride, from ``start`` (inclusive) to ``end`` (exclusive), %."""

    name: str
    start: float
    end: float
    reason: str


def _phases() -> tuple[Phase, ...]:
    onset = _when("hip_extension_onset")
    knee = _when("knee_stance_peak")
    toe_off = _when("toe_off")
    return (
        Phase(
            "stance: initial contact",
            0.0,
            onset,
            "From foot contact until the hip stops flexing and starts to extend (Hamner "
            "subject: 5 %). The leg is landing and taking the body's weight.",
        ),
        Phase(
            "stance: mid-stance",
            onset,
            knee,
            "The hip already extends while the knee is still bending under load, up to peak "
            "stance knee flexion (15 %). Heiderscheit et al. 2011 end their 'loading "
            "response' at this same event.",
        ),
        Phase(
            "stance: propulsion",
            knee,
            toe_off,
            "Hip and knee both extend and push the body forward and up, until toe-off "
            "(37.2 % of stride in the Hamner subject).",
        ),
        Phase(
            "swing",
            toe_off,
            100.0,
            "The foot is off the ground: the hip reaches peak extension just after toe-off, "
            "then flexes to bring the leg through, and the knee folds (peak 69 %) and "
            "straightens again before the next contact.",
        ),
    )


#: The four phases used by the lessons, with why each boundary sits where it does.
PHASES: tuple[Phase, ...] = _phases()


def phase_of(percent: object) -> str:
    """Name of the phase that a point of the stride belongs to.

    Parameters
    ----------
    percent : float
        % of stride from initial contact, 0 to 100 (100 is the next contact).

    Returns
    -------
    str
        One of ``"stance: initial contact"``, ``"stance: mid-stance"``,
        ``"stance: propulsion"`` or ``"swing"``; see ``PHASES`` for the boundaries.

    Raises
    ------
    ValueError
        If ``percent`` is not a number between 0 and 100.
    """
    p = _as_percent_scalar(percent)
    if p == 100.0:
        p = 0.0
    for phase in PHASES:
        if phase.start <= p < phase.end:
            return phase.name
    return PHASES[-1].name  # pragma: no cover - the phases cover 0-100


# --------------------------------------------------------------------------------------
# Stick figure
# --------------------------------------------------------------------------------------


def _leg_points(
    hip_deg: float, knee_deg: float, thigh_m: float, shank_m: float, foot_m: float
) -> dict[str, tuple[float, float]]:
    thigh = math.radians(hip_deg)  # thigh angle from vertical, forward positive
    shank = math.radians(hip_deg - knee_deg)  # shank angle from vertical, forward positive
    knee = (thigh_m * math.sin(thigh), -thigh_m * math.cos(thigh))
    ankle = (knee[0] + shank_m * math.sin(shank), knee[1] - shank_m * math.cos(shank))
    # The foot points forward at a right angle to the shank (ankle held neutral).
    toe = (ankle[0] + foot_m * math.cos(shank), ankle[1] + foot_m * math.sin(shank))
    return {"hip": (0.0, 0.0), "knee": knee, "ankle": ankle, "toe": toe}


def _check_length(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"The {name} length must be a number of metres."
        raise ValueError(msg)
    if not 0.05 <= value <= 1.0:
        msg = f"The {name} length must be between 0.05 and 1 m; got {value:g} m."
        raise ValueError(msg)
    return float(value)


def stick_figure(
    percent: object,
    thigh_m: float = THIGH_M,
    shank_m: float = SHANK_M,
    foot_m: float = FOOT_M,
) -> dict[str, dict[str, tuple[float, float]]]:
    """2-D joint positions of both legs for a side view at one point of the stride.

    The hip joint is fixed at the origin (the camera follows the runner, as on a
    treadmill); x points in the running direction and y up, in metres. The pelvis is kept
    upright and the ankle neutral (foot at a right angle to the shank): both are
    simplifications of this drawing, not claims about running.

    Parameters
    ----------
    percent : float
        % of the right leg's stride, 0 to 100. The left leg is half a stride out of phase.
    thigh_m, shank_m, foot_m : float
        Segment lengths, metres (defaults ``THIGH_M``, ``SHANK_M``, ``FOOT_M``; see the
        module constants for where they come from).

    Returns
    -------
    dict
        ``{"right": {"hip": (x, y), "knee": ..., "ankle": ..., "toe": ...}, "left": {...}}``.
    """
    p = _as_percent_scalar(percent)
    lengths = (
        _check_length(thigh_m, "thigh"),
        _check_length(shank_m, "shank"),
        _check_length(foot_m, "foot"),
    )
    out = {}
    for side, shift in (("right", 0.0), ("left", 50.0)):
        q = (p + shift) % 100.0
        out[side] = _leg_points(float(hip_flexion(q)), float(knee_flexion(q)), *lengths)
    return out


# --------------------------------------------------------------------------------------
# Teaching model: hip extension before knee extension
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushOff:
    """Result of the ``push_off`` teaching model (angles in degrees, times in % stride)."""

    knee_delay_pct: float
    knee_extension_onset_pct: float
    toe_off_pct: float
    hip_extension_before_knee_deg: float
    hip_extension_by_toe_off_deg: float
    push_direction_deg: float


#: Knee delays (% of stride) that ``push_off`` accepts.
KNEE_DELAY_RANGE = (0.0, 15.0)


def push_off(knee_delay_percent: float = 10.0) -> PushOff:
    """Teaching model of "hip before knee" at push-off. Not a simulation.

    In the Hamner subject the hip starts to extend at 5 % of the stride and the knee only
    at 15 %, about 10 % of stride later [D]. This model asks what would change if the knee
    started to extend sooner or later relative to the hip, under these assumptions:

    * the hip extends along the model's hip curve from 5 %, whatever the knee does;
    * the knee, once it starts, extends over the same time as in the Hamner stride (peak
      stance flexion at 15 % to toe-off at 37.2 %, i.e. 22.2 % of stride), and the foot
      leaves the ground when it has finished, at the knee angle of the Hamner toe-off;
    * the push at toe-off is directed along the leg, from the ankle to the hip, with the
      segment lengths of ``stick_figure``.

    A later knee therefore leaves the foot on the ground longer while the hip extends,
    which tilts the leg further back and turns the push more forward. A runner would also
    change speed, contact time and much else; the model deliberately ignores all of that.

    Parameters
    ----------
    knee_delay_percent : float
        How long after the hip the knee starts to extend, % of stride (0 to 15; the Hamner
        subject: 10). Beyond 15 the foot would still be down after the hip had reached
        peak extension at 43 %, which this model does not cover.

    Returns
    -------
    PushOff
        Knee-extension onset and toe-off times, hip extension (degrees from its
        early-stance peak) reached before the knee starts to extend and by toe-off, and the
        push direction in degrees above the horizontal (90 = straight up, smaller = more
        forward). All increase or decrease steadily with the delay.

    Raises
    ------
    ValueError
        If the delay is not a number from 0 to 15.
    """
    if isinstance(knee_delay_percent, bool):
        msg = "The knee delay must be a number of % of stride (0 to 15)."
        raise ValueError(msg)
    try:
        delay = float(knee_delay_percent)
    except (TypeError, ValueError):
        msg = (
            f"The knee delay must be a number of % of stride (0 to 15); got {knee_delay_percent!r}."
        )
        raise ValueError(msg) from None
    lo, hi = KNEE_DELAY_RANGE
    if not math.isfinite(delay) or not lo <= delay <= hi:
        msg = (
            f"The knee delay must be between {lo:g} and {hi:g} % of stride "
            "(0 = knee and hip start together; the runner in the data: 10)."
        )
        raise ValueError(msg)
    hip_onset = _when("hip_extension_onset")
    knee_duration = _when("toe_off") - _when("knee_stance_peak")
    knee_onset = hip_onset + delay
    toe_off = knee_onset + knee_duration
    hip_start = float(hip_flexion(hip_onset))
    hip_at_toe_off = float(hip_flexion(toe_off))
    leg = _leg_points(hip_at_toe_off, _value("knee_most_extended"), THIGH_M, SHANK_M, FOOT_M)
    ankle_x, ankle_y = leg["ankle"]
    direction = math.degrees(math.atan2(-ankle_y, -ankle_x))
    return PushOff(
        knee_delay_pct=delay,
        knee_extension_onset_pct=knee_onset,
        toe_off_pct=toe_off,
        hip_extension_before_knee_deg=hip_start - float(hip_flexion(knee_onset)),
        hip_extension_by_toe_off_deg=hip_start - hip_at_toe_off,
        push_direction_deg=direction,
    )


# --------------------------------------------------------------------------------------
# Glute activity
# --------------------------------------------------------------------------------------

GLUTE_MUSCLES = ("gluteus maximus", "gluteus medius")
#: How the envelopes were obtained; show it wherever they are drawn.
GLUTE_ACTIVITY_KIND = "simulated muscle force (Hamner 2010 CMC), normalised"
_ALIASES = {"gmax": "gluteus maximus", "gmed": "gluteus medius"}
#: A bump counts as "quiet" below this fraction of its own peak (model assumption).
QUIET_LEVEL = 0.02


@dataclass(frozen=True)
class GluteFeature:
    """One row of ``glute_activity_timing.csv`` (timing in % of stride from contact)."""

    key: str
    muscle: str
    feature: str
    kind: str
    pct_low: float | None
    pct_high: float | None
    value: float | None
    unit: str
    source: str
    status: str
    note: str


@cache
def glute_features() -> tuple[GluteFeature, ...]:
    """Every glute timing feature in the project's table, with source, kind and status.

    ``kind`` says how each was obtained: ``"simulated muscle force"`` or
    ``"simulated excitation"`` (Hamner 2010 CMC, computed from public data),
    ``"measured EMG"`` (typical literature values, status ``"unchecked"``) or
    ``"model assumption"``.
    """
    return tuple(
        GluteFeature(
            key=r["key"],
            muscle=r["muscle"],
            feature=r["feature"],
            kind=r["kind"],
            pct_low=_float_or_none(r["pct_low"]),
            pct_high=_float_or_none(r["pct_high"]),
            value=_float_or_none(r["value"]),
            unit=r["unit"],
            source=r["source"],
            status=r["status"],
            note=r["note"],
        )
        for r in _rows("glute_activity_timing.csv")
    )


def emg_timing_windows() -> tuple[GluteFeature, ...]:
    """Typical surface-EMG onset, peak and offset windows (status ``"unchecked"``).

    These are the usual textbook timings for distance running, attributed to Gazendam &
    Hof 2007 and Cappellini et al. 2006, but none could be found in a readable source.
    Show them flagged, never as fact, and never as the activity curve.
    """
    return tuple(f for f in glute_features() if f.kind == "measured EMG")


def _feature(key: str) -> GluteFeature:
    for f in glute_features():
        if f.key == key:
            return f
    raise KeyError(key)  # pragma: no cover - keys below are fixed


def _kappa(distance_pct: float) -> float:
    """Concentration of a von Mises bump that falls to QUIET_LEVEL at this distance."""
    return -math.log(QUIET_LEVEL) / (1.0 - math.cos(_OMEGA * distance_pct))


def _lenhart_ratio(muscle: str) -> float:
    rows = [
        r
        for r in _rows("lenhart2014_step_rate_forces.csv")
        if r["muscle"] == muscle and r["step_rate_pct"] == "100"
    ]
    force = {r["phase"]: float(r["force_n_per_kg"]) for r in rows}
    return force["late swing"] / force["stance"]


def _vm(percent: np.ndarray | float, centre: float, kappa: float) -> np.ndarray:
    """Periodic von Mises bump of height 1 at ``centre``."""
    return np.exp(kappa * (np.cos(_OMEGA * (np.asarray(percent) - centre)) - 1.0))


def _lo(f: GluteFeature) -> float:
    if f.pct_low is None:  # pragma: no cover - guards against an edited data table
        raise ValueError(f"feature {f.key!r} has no start in glute_activity_timing.csv")
    return f.pct_low


def _hi(f: GluteFeature) -> float:
    if f.pct_high is None:  # pragma: no cover - guards against an edited data table
        raise ValueError(f"feature {f.key!r} has no end in glute_activity_timing.csv")
    return f.pct_high


@cache
def _bumps(muscle: str) -> tuple[tuple[float, float, float], ...]:
    """(centre %, concentration, height) of the stance and late-swing bumps of a muscle."""
    gmax_late = 0.5 * (_lo(_feature("gmax_late_swing")) + _hi(_feature("gmax_late_swing")))
    gmax_quiet_end = _hi(_feature("gmax_quiet"))
    if muscle == "gluteus maximus":
        stance = _feature("gmax_stance_peak")
        peak = 0.5 * (_lo(stance) + _hi(stance))
        quiet_start = _lo(_feature("gmax_quiet"))
        late = gmax_late
    else:
        stance = _feature("gmed_stance_peak")
        peak = 0.5 * (_lo(stance) + _hi(stance))
        quiet_start = _lo(_feature("gmed_quiet"))
        late = _lo(_feature("gmed_late_swing_timing"))
    stance_kappa = _kappa(quiet_start - peak)
    late_kappa = _kappa(gmax_late - gmax_quiet_end)
    # The tail of the stance bump adds to the late-swing bump; take it off so that the
    # late-swing peak stands at the cited ratio of the stance peak.
    height = _lenhart_ratio(muscle) - float(_vm(late, peak, stance_kappa))
    return ((peak, stance_kappa, 1.0), (late, late_kappa, height))


def _raw_envelope(muscle: str, percent: np.ndarray) -> np.ndarray:
    total = np.zeros_like(percent, dtype=float)
    for centre, kappa, height in _bumps(muscle):
        total += height * _vm(percent, centre, kappa)
    return total


@cache
def _envelope_max(muscle: str) -> float:
    return float(_raw_envelope(muscle, np.linspace(0.0, 100.0, 10001)).max())


def glute_activity(muscle: str, percent: object) -> float | np.ndarray:
    """Normalised activity envelope of gluteus maximus or medius over the stride (0 to 1).

    What it is: **simulated muscle force, normalised to its peak** (``GLUTE_ACTIVITY_KIND``),
    not measured EMG. Each envelope is the sum of two smooth periodic bumps (von Mises
    shapes), built from cited features only:

    * stance bump: peak where the Hamner 2010 CMC force peaks (gluteus maximus 4-5 %,
      gluteus medius about 10 %) and down to 5 % of its height where the force goes quiet
      (gluteus maximus 25 %, gluteus medius 30 %) [D];
    * late-swing bump: gluteus maximus centred on 86 %, the middle of the 85-87 % window in
      which its CMC excitation is at or above half its peak, and rising from the end of its
      quiet spell at 75 % [D]; gluteus medius given the same timing (a model assumption:
      the sources give none for it);
    * late-swing height relative to stance: the ratio of peak late-swing to peak stance
      force at the preferred step rate in Lenhart, Thelen & Heiderscheit 2014 (30 modelled
      runners; gluteus maximus 5.92/15.80, gluteus medius 6.71/32.05 N/kg) [V].

    Parameters
    ----------
    muscle : str
        ``"gluteus maximus"`` or ``"gluteus medius"`` (or ``"gmax"``, ``"gmed"``).
    percent : float or array-like
        Point(s) of the stride, % from initial contact (wraps round like ``joint_angle``).

    Returns
    -------
    float or numpy.ndarray
        Envelope value, 1 at the muscle's stance peak.
    """
    name = _ALIASES.get(muscle, muscle)
    if name not in GLUTE_MUSCLES:
        msg = f"unknown muscle {muscle!r}; choose 'gluteus maximus' or 'gluteus medius'"
        raise ValueError(msg)
    arr = _as_percent_array(percent)
    env = _raw_envelope(name, np.mod(arr, 100.0)) / _envelope_max(name)
    return _scalar_or_array(env)
