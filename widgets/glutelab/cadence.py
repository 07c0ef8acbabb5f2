"""Speed, cadence and step length, and what the studies say about changing cadence.

Pure arithmetic and cited relations, no widgets. Units throughout: speed in m/s, cadence
in steps per minute (both feet counted; a stride is two steps), lengths in metres, times
in seconds, stance as % of the stride.

The one identity everything rests on: **speed = cadence × step length**, with cadence
converted to steps per second. At a fixed speed, a higher cadence therefore means a
proportionally shorter step.

Published numbers live in the project's tables (``data/cadence_reference_values.csv``,
``data/lenhart2014_step_rate_forces.csv``, ``data/heiderscheit2011_step_rate_kinematics.csv``),
each row with its source and status. Rows with status ``"unchecked"`` could not be traced to
a readable source: show them flagged, never as fact.

Every function checks its input and raises ``ValueError`` with a message a learner can act
on (zero or negative values, text that is not a number, values no runner could produce).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from ._data import float_or_none as _float_or_none
from ._data import rows as _rows
from .gait import SHANK_M, THIGH_M

__all__ = [
    "CADENCE_RANGE_SPM",
    "METABOLIC_OPTIMUM_SPM",
    "METRES_PER",
    "SPEED_RANGE_M_S",
    "STEP_LENGTH_RANGE_M",
    "CadenceChange",
    "LandingChange",
    "Metronome",
    "ReferenceValue",
    "StepTiming",
    "cadence",
    "cadence_change",
    "heiderscheit2011_table3",
    "landing_distance",
    "lenhart2014_forces",
    "lieberman2015_effects",
    "metronome",
    "pace_to_speed",
    "reference_value",
    "reference_values",
    "shank_angle",
    "speed",
    "speed_to_pace",
    "stance_evidence",
    "stance_percent",
    "step_length",
    "step_timing",
    "strides_per_min",
]

#: Realistic limits, used only to catch typing slips. The top speed is a little above the
#: fastest human sprint; the slowest is a slow walk.
SPEED_RANGE_M_S = (0.5, 12.5)
CADENCE_RANGE_SPM = (60.0, 300.0)
STEP_LENGTH_RANGE_M = (0.2, 3.0)
#: Largest cadence change the functions accept, % either way (studies used 5 to 10 %).
MAX_CHANGE_PCT = 30.0
#: Metres in one pace unit.
METRES_PER = {"km": 1000.0, "mile": 1609.344}
_PER_ALIASES = {"km": "km", "kilometre": "km", "kilometer": "km", "mile": "mile", "mi": "mile"}


# --------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------


def _number(value: object, what: str, unit: str, example: str) -> float:
    """Turn a learner's input into a float, or explain what is wrong with it."""
    if isinstance(value, bool):
        msg = f"{what} must be a number in {unit} (for example {example}), not True/False."
        raise ValueError(msg)
    if isinstance(value, str):
        text = value.strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            msg = f"{what} must be a number in {unit} (for example {example}); got {value!r}."
            raise ValueError(msg) from None
    else:
        try:
            number = float(value)
        except (TypeError, ValueError):
            msg = f"{what} must be a number in {unit} (for example {example}); got {value!r}."
            raise ValueError(msg) from None
    if not math.isfinite(number):
        msg = f"{what} must be a finite number in {unit} (for example {example})."
        raise ValueError(msg)
    return number


@dataclass(frozen=True)
class _Quantity:
    """What a checked input is called, its unit, an example and its realistic range."""

    what: str
    unit: str
    example: str
    bounds: tuple[float, float]
    why: str  # completes "<what> of <value> is ...": says why the value is rejected


def _positive_in_range(value: object, quantity: _Quantity) -> float:
    what, unit, bounds, why = quantity.what, quantity.unit, quantity.bounds, quantity.why
    number = _number(value, what, unit, quantity.example)
    if number <= 0:
        msg = f"{what} must be more than zero; got {number:g} {unit}."
        raise ValueError(msg)
    lo, hi = bounds
    if not lo <= number <= hi:
        msg = f"{what} of {number:g} {unit} is {why}: use {lo:g} to {hi:g} {unit}."
        raise ValueError(msg)
    return number


def _speed(value: object) -> float:
    return _positive_in_range(
        value, _Quantity("Speed", "m/s", "3.0", SPEED_RANGE_M_S, "outside what a runner can do")
    )


def _cadence(value: object) -> float:
    return _positive_in_range(
        value,
        _Quantity(
            "Cadence",
            "steps/min",
            "170",
            CADENCE_RANGE_SPM,
            "not a running cadence (count both feet)",
        ),
    )


def _step(value: object) -> float:
    return _positive_in_range(
        value,
        _Quantity("Step length", "m", "1.1", STEP_LENGTH_RANGE_M, "not a running step length"),
    )


def _per(per: str) -> str:
    key = _PER_ALIASES.get(str(per).strip().lower())
    if key is None:
        msg = f"Pace must be per 'km' or per 'mile'; got {per!r}."
        raise ValueError(msg)
    return key


# --------------------------------------------------------------------------------------
# Speed = cadence x step length
# --------------------------------------------------------------------------------------


def speed(cadence_spm: object, step_length_m: object) -> float:
    """Compute running speed from cadence and step length.

    Parameters
    ----------
    cadence_spm : float
        Steps per minute, both feet counted.
    step_length_m : float
        Distance covered by one step, metres.

    Returns
    -------
    float
        Speed in m/s: cadence / 60 × step length. For example 171 steps/min with 1.13 m
        steps (the uninjured runners of PMC6044588) is about 3.2 m/s.
    """
    return _cadence(cadence_spm) / 60.0 * _step(step_length_m)


def step_length(speed_m_s: object, cadence_spm: object) -> float:
    """Step length needed to hold a speed at a cadence, metres.

    Parameters
    ----------
    speed_m_s : float
        Running speed, m/s.
    cadence_spm : float
        Steps per minute.

    Returns
    -------
    float
        Speed × 60 / cadence. At 3.0 m/s: 160 steps/min needs 1.125 m steps, 170 needs
        about 1.06 m and 180 needs 1.00 m.
    """
    return _speed(speed_m_s) * 60.0 / _cadence(cadence_spm)


def cadence(speed_m_s: object, step_length_m: object) -> float:
    """Cadence needed to hold a speed with a given step length, steps per minute.

    Parameters
    ----------
    speed_m_s : float
        Running speed, m/s.
    step_length_m : float
        Step length, metres.

    Returns
    -------
    float
        Speed / step length × 60.
    """
    return _speed(speed_m_s) / _step(step_length_m) * 60.0


def strides_per_min(cadence_spm: object) -> float:
    """Convert a cadence in steps/min to strides/min (one stride = two steps).

    Some studies (Lieberman et al. 2015, for one) report stride rate, so 85 strides/min is
    170 steps/min.
    """
    return _cadence(cadence_spm) / 2.0


# --------------------------------------------------------------------------------------
# Pace
# --------------------------------------------------------------------------------------

_PACE = re.compile(r"^\s*(?:(\d+):)?(\d+):([0-5]\d(?:\.\d+)?)\s*$")


def _pace_seconds(pace: object) -> float:
    if isinstance(pace, str):
        match = _PACE.match(pace)
        if match is None:
            msg = (
                f"Write the pace as minutes:seconds, for example '5:00' or '4:35' "
                f"(or hours:minutes:seconds); got {pace!r}."
            )
            raise ValueError(msg)
        hours, minutes, seconds = match.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    minutes = _number(pace, "Pace", "minutes", "'5:00' or 5.0")
    return minutes * 60.0


def pace_to_speed(pace: object, per: str = "km") -> float:
    """Convert a running pace to a speed in m/s.

    Parameters
    ----------
    pace : str or float
        Time per km or per mile as ``"m:ss"`` (``"5:00"``) or ``"h:mm:ss"``, or a number of
        minutes (``5.5`` = 5:30).
    per : {"km", "mile"}
        The distance the pace refers to.

    Returns
    -------
    float
        Speed in m/s; 5:00 per km is 3.33 m/s, 8:00 per mile is about 3.35 m/s.

    Raises
    ------
    ValueError
        For text that is not a pace, a zero pace, or a pace no runner could hold.
    """
    metres = METRES_PER[_per(per)]
    seconds = _pace_seconds(pace)
    if seconds <= 0:
        msg = "A pace must take more than zero time per km or mile."
        raise ValueError(msg)
    result = metres / seconds
    lo, hi = SPEED_RANGE_M_S
    if not lo <= result <= hi:
        msg = (
            f"That pace is {result:.2f} m/s, which is outside what a runner can do "
            f"({lo:g} to {hi:g} m/s). Check minutes and seconds."
        )
        raise ValueError(msg)
    return result


def speed_to_pace(speed_m_s: object, per: str = "km") -> str:
    """Convert a speed in m/s to a pace string, rounded to the nearest second.

    Parameters
    ----------
    speed_m_s : float
        Running speed, m/s.
    per : {"km", "mile"}
        The distance the pace refers to.

    Returns
    -------
    str
        ``"m:ss"``; 3.0 m/s is ``"5:33"`` per km.
    """
    metres = METRES_PER[_per(per)]
    # The slowest accepted speed (0.5 m/s) takes under an hour per mile, so minutes suffice.
    minutes, seconds = divmod(round(metres / _speed(speed_m_s)), 60)
    return f"{minutes}:{seconds:02d}"


# --------------------------------------------------------------------------------------
# Changing cadence at a fixed speed
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceChange:
    """Before and after a cadence change at the same speed."""

    speed_m_s: float
    percent: float
    cadence_before_spm: float
    cadence_after_spm: float
    step_before_m: float
    step_after_m: float

    @property
    def step_change_m(self) -> float:
        """Change in step length, metres (negative = shorter)."""
        return self.step_after_m - self.step_before_m

    @property
    def step_change_pct(self) -> float:
        """Change in step length, % of the old step."""
        return 100.0 * self.step_change_m / self.step_before_m


def cadence_change(speed_m_s: object, cadence_spm: object, percent: object) -> CadenceChange:
    """Raise or lower cadence by a percentage while holding the same speed.

    Because speed = cadence × step length, the new step is the old one divided by
    (1 + percent / 100): +5 % cadence shortens the step to 1/1.05 of its length (about
    4.8 % shorter), +10 % to 1/1.10 (about 9.1 % shorter).

    Parameters
    ----------
    speed_m_s : float
        Running speed, held constant, m/s.
    cadence_spm : float
        Current cadence, steps/min.
    percent : float
        Change in cadence, % (negative = slower cadence), at most ±30 %.

    Returns
    -------
    CadenceChange
        Old and new cadence and step length.
    """
    v = _speed(speed_m_s)
    before = _cadence(cadence_spm)
    change = _number(percent, "The cadence change", "%", "5")
    if abs(change) > MAX_CHANGE_PCT:
        msg = (
            f"A change of {change:g} % is far outside what studies have tested (5 to 10 %); "
            f"use -{MAX_CHANGE_PCT:g} to +{MAX_CHANGE_PCT:g} %."
        )
        raise ValueError(msg)
    after = before * (1.0 + change / 100.0)
    lo, hi = CADENCE_RANGE_SPM
    if not lo <= after <= hi:
        msg = f"The new cadence would be {after:.0f} steps/min, outside {lo:g} to {hi:g}."
        raise ValueError(msg)
    return CadenceChange(
        speed_m_s=v,
        percent=change,
        cadence_before_spm=before,
        cadence_after_spm=after,
        step_before_m=v * 60.0 / before,
        step_after_m=v * 60.0 / after,
    )


# --------------------------------------------------------------------------------------
# Metronome
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metronome:
    """Metronome settings for a cadence."""

    cadence_spm: float
    #: A beat on every step (both feet): the number usually called "cadence".
    every_step_bpm: float
    #: A beat on one foot only, or one beat per leg drive: half the cadence.
    per_leg_bpm: float
    every_step_interval_s: float
    per_leg_interval_s: float


def metronome(cadence_spm: object) -> Metronome:
    """Beats per minute for a cadence, on every step and per leg.

    A count "at 90", as in drills that squeeze each buttock in turn as that leg drives
    back, only makes sense as a per-leg count: 90 per leg is a cadence of 180 steps/min.

    Parameters
    ----------
    cadence_spm : float
        Steps per minute, both feet counted.

    Returns
    -------
    Metronome
        Beats per minute and the time between beats for both settings.
    """
    c = _cadence(cadence_spm)
    return Metronome(
        cadence_spm=c,
        every_step_bpm=c,
        per_leg_bpm=c / 2.0,
        every_step_interval_s=60.0 / c,
        per_leg_interval_s=120.0 / c,
    )


# --------------------------------------------------------------------------------------
# Contact time and stance fraction
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepTiming:
    """Durations of one stride, seconds.

    ``flight_time_s`` is the time per step with neither foot on the ground; it is negative
    when stance is longer than half the stride, i.e. both feet are down for a moment, as
    in walking or the slowest jogging.
    """

    stride_time_s: float
    step_time_s: float
    contact_time_s: float
    flight_time_s: float


def _stance(stance_pct: object) -> float:
    value = _number(stance_pct, "Stance", "% of the stride", "37")
    if not 10.0 <= value <= 70.0:
        msg = (
            f"Stance of {value:g} % of the stride is not running or walking: use 10 to 70 % "
            "(running is usually about 30 to 40 %)."
        )
        raise ValueError(msg)
    return value


def step_timing(cadence_spm: object, stance_pct: object) -> StepTiming:
    """Contact and flight time from cadence and the stance share of the stride.

    Parameters
    ----------
    cadence_spm : float
        Steps per minute.
    stance_pct : float
        Foot contact as % of the stride (10 to 70).

    Returns
    -------
    StepTiming
        For the Hamner 2010 runner (174 steps/min, stance 37.2 %) the contact time is about
        0.26 s, as measured from the force plate [D].
    """
    c = _cadence(cadence_spm)
    share = _stance(stance_pct) / 100.0
    stride = 120.0 / c
    contact = share * stride
    return StepTiming(
        stride_time_s=stride,
        step_time_s=stride / 2.0,
        contact_time_s=contact,
        flight_time_s=stride / 2.0 - contact,
    )


def stance_percent(contact_time_s: object, cadence_spm: object) -> float:
    """Stance as % of the stride from a contact time and a cadence.

    Parameters
    ----------
    contact_time_s : float
        Time one foot is on the ground per step, seconds.
    cadence_spm : float
        Steps per minute.

    Returns
    -------
    float
        Contact time / stride time × 100.
    """
    contact = _positive_in_range(
        contact_time_s,
        _Quantity("Contact time", "s", "0.25", (0.05, 1.0), "not a running contact time"),
    )
    stride = 120.0 / _cadence(cadence_spm)
    result = 100.0 * contact / stride
    if result >= 100.0:
        msg = "That contact time is longer than the whole stride at this cadence."
        raise ValueError(msg)
    return result


# --------------------------------------------------------------------------------------
# Overstriding
# --------------------------------------------------------------------------------------


def _angle(value: object, what: str, bounds: tuple[float, float]) -> float:
    number = _number(value, what, "degrees", f"{(bounds[0] + bounds[1]) / 2:g}")
    if not bounds[0] <= number <= bounds[1]:
        msg = f"{what} of {number:g}° is not a landing angle: use {bounds[0]:g} to {bounds[1]:g}°."
        raise ValueError(msg)
    return number


def shank_angle(hip_flexion_deg: object, knee_flexion_deg: object) -> float:
    """Angle of the shank from vertical at foot contact, degrees (positive = ankle ahead of knee).

    With the pelvis upright, the shank's tilt is hip flexion minus knee flexion. A shank
    tilted well forward at contact is one of the common definitions of overstriding.

    Parameters
    ----------
    hip_flexion_deg : float
        Hip flexion at initial contact (-30 to 90°).
    knee_flexion_deg : float
        Knee flexion at initial contact (0 to 90°).

    Returns
    -------
    float
        Shank angle; the Hamner 2010 runner (29.5° hip, 19.7° knee) lands with about 10°.
    """
    hip = _angle(hip_flexion_deg, "Hip flexion", (-30.0, 90.0))
    knee = _angle(knee_flexion_deg, "Knee flexion", (0.0, 90.0))
    return hip - knee


def landing_distance(
    hip_flexion_deg: object,
    knee_flexion_deg: object,
    thigh_m: object = THIGH_M,
    shank_m: object = SHANK_M,
) -> float:
    """How far ahead of the hip the ankle lands, metres: a simple geometric model.

    The leg is two straight segments hung from the hip joint with the pelvis upright, so
    the ankle lies thigh × sin(hip flexion) + shank × sin(hip flexion − knee flexion) in
    front of the hip. The hip joint stands in for the body's centre of mass, as in
    Lieberman et al. 2015, who measured landing distance ahead of the hip. Pelvic tilt, the
    foot and the heel-versus-ankle difference are ignored.

    Parameters
    ----------
    hip_flexion_deg, knee_flexion_deg : float
        Joint angles at initial contact, degrees.
    thigh_m, shank_m : float
        Segment lengths, metres (defaults from ``glutelab.gait``: 0.41 and 0.43 m, drawing
        assumptions for an adult of about 1.75-1.80 m).

    Returns
    -------
    float
        Horizontal distance, metres; about 0.28 m with the Hamner 2010 contact angles.
    """
    hip = math.radians(_angle(hip_flexion_deg, "Hip flexion", (-30.0, 90.0)))
    knee = math.radians(_angle(knee_flexion_deg, "Knee flexion", (0.0, 90.0)))
    thigh = _positive_in_range(
        thigh_m, _Quantity("Thigh length", "m", "0.41", (0.2, 0.7), "not a human thigh")
    )
    shank = _positive_in_range(
        shank_m, _Quantity("Shank length", "m", "0.43", (0.2, 0.7), "not a human shank")
    )
    return thigh * math.sin(hip) + shank * math.sin(hip - knee)


# --------------------------------------------------------------------------------------
# Published values
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceValue:
    """One published value from ``cadence_reference_values.csv``.

    ``value`` is the mean or single figure, ``sd`` its standard deviation, ``low``/``high``
    a range; any of them may be ``None``. ``status`` is ``"verified"``, ``"computed from
    public data"`` or ``"unchecked"``.
    """

    key: str
    quantity: str
    value: float | None
    sd: float | None
    low: float | None
    high: float | None
    unit: str
    speed_m_s: float | None
    source: str
    status: str
    note: str


@cache
def reference_values() -> tuple[ReferenceValue, ...]:
    """Every row of the project's cadence and stance table, with source and status."""
    return tuple(
        ReferenceValue(
            key=r["key"],
            quantity=r["quantity"],
            value=_float_or_none(r["value"]),
            sd=_float_or_none(r["sd"]),
            low=_float_or_none(r["low"]),
            high=_float_or_none(r["high"]),
            unit=r["unit"],
            speed_m_s=_float_or_none(r["speed_m_s"]),
            source=r["source"],
            status=r["status"],
            note=r["note"],
        )
        for r in _rows("cadence_reference_values.csv")
    )


def reference_value(key: str) -> ReferenceValue:
    """Return one row of ``reference_values()`` by key (e.g. ``"daniels_180"``).

    Raises
    ------
    KeyError
        If there is no such key; the message lists the valid keys.
    """
    for row in reference_values():
        if row.key == key:
            return row
    keys = ", ".join(r.key for r in reference_values())
    msg = f"unknown reference value {key!r}; choose from {keys}"
    raise KeyError(msg)


def stance_evidence() -> tuple[ReferenceValue, ...]:
    """Collect what the sources say about stance share and contact time, with status.

    The sources do not allow a curve of stance or contact time against speed: Gazendam &
    Hof 2007 [V] give ranges for running (30-37 % of stride) and slow jogging (46-57 %),
    the Hamner runner [D] has 37.2 %, and the per-speed figures usually quoted (Novacheck
    1998; contact times from Dorn et al. 2012) are unchecked.
    """
    return tuple(r for r in reference_values() if r.unit in ("% of stride", "s"))


def _metabolic_optimum_spm() -> float:
    value = reference_value("lieberman_metabolic_optimum").value
    return 2.0 * value if value is not None else math.nan


#: Lieberman et al. 2015: metabolically optimal stride rate 84.8 strides/min at 3.0 m/s.
METABOLIC_OPTIMUM_SPM = _metabolic_optimum_spm()


@dataclass(frozen=True)
class LandingChange:
    """Lieberman et al. 2015 relations applied to one cadence change (changes in %)."""

    cadence_before_spm: float
    cadence_after_spm: float
    stride_rate_change_per_min: float
    landing_distance_change_pct: float
    hip_flexor_moment_change_pct: float


def lieberman2015_effects(cadence_before_spm: object, cadence_after_spm: object) -> LandingChange:
    """Estimate the change in landing distance and hip flexor moment for a cadence change.

    Lieberman et al. 2015 [V] (14 runners at 3.0 m/s, 75 to 95 strides/min): each
    5 strides/min more (10 steps/min) cut the foot's landing distance ahead of the hip by
    5.9 % and raised the peak hip flexor moment by 5.8 %. Here those rates are applied in
    proportion to the change, only inside the tested range.

    Parameters
    ----------
    cadence_before_spm, cadence_after_spm : float
        Cadences in steps/min, both within 150 to 190 (75 to 95 strides/min).

    Returns
    -------
    LandingChange
        Stride-rate change and the two changes in %, relative to the starting value.
    """
    before = _cadence(cadence_before_spm)
    after = _cadence(cadence_after_spm)
    tested = reference_value("lieberman_tested_range")
    lo, hi = 2.0 * (tested.low or 0.0), 2.0 * (tested.high or 0.0)
    for value in (before, after):
        if not lo <= value <= hi:
            msg = (
                f"Lieberman et al. 2015 tested {lo:g} to {hi:g} steps/min (75 to 95 strides/min); "
                f"{value:g} steps/min is outside what they measured."
            )
            raise ValueError(msg)
    per5_landing = reference_value("lieberman_landing_per_5").value or 0.0
    per5_moment = reference_value("lieberman_hip_moment_per_5").value or 0.0
    strides = (after - before) / 2.0
    return LandingChange(
        cadence_before_spm=before,
        cadence_after_spm=after,
        stride_rate_change_per_min=strides,
        landing_distance_change_pct=strides / 5.0 * per5_landing,
        hip_flexor_moment_change_pct=strides / 5.0 * per5_moment,
    )


def lenhart2014_forces() -> dict[str, dict[int, float]]:
    """Peak muscle forces at 90, 100 and 110 % of preferred step rate, N/kg.

    Lenhart, Thelen & Heiderscheit 2014, Table 1 [V]: musculoskeletal simulations of
    30 runners. Keys are ``"<muscle>, <phase>"`` (e.g. ``"gluteus maximus, late swing"``);
    values map step rate (% of preferred) to mean peak force.
    """
    out: dict[str, dict[int, float]] = {}
    for r in _rows("lenhart2014_step_rate_forces.csv"):
        key = f"{r['muscle']}, {r['phase']}"
        out.setdefault(key, {})[int(r["step_rate_pct"])] = float(r["force_n_per_kg"])
    return out


def heiderscheit2011_table3() -> dict[str, dict[int, float]]:
    """Hip and knee angles and moments at -10, -5, 0, +5 and +10 % step rate.

    Heiderscheit et al. 2011, Table 3 [V]: 45 runners at a constant self-selected speed;
    peaks are within the loading response (contact to peak knee flexion). Keys are the
    variable names (``"peak hip adduction"``, ``"peak hip flexion"``, ``"peak knee
    flexion"``, ``"knee flexion at initial contact"`` and three peak moments); values map
    the step-rate change in % to the mean (degrees, or N m/kg for moments).
    """
    out: dict[str, dict[int, float]] = {}
    for r in _rows("heiderscheit2011_step_rate_kinematics.csv"):
        out.setdefault(r["variable"], {})[int(r["step_rate_change_pct"])] = float(r["value"])
    return out
