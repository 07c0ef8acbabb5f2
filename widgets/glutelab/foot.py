"""The foot in lesson 03: a tripod load model and a rearfoot-to-hip rotation chain.

Numbers in, numbers out: no widgets, no plotting. Every default value comes from
``data/foot_key_values.csv``, which gives each one its source and status.

Three parts
-----------
1. **Tripod load** (:func:`tripod_loads`). A teaching model, *not* pressure-plate data: the
   body-weight share on the foot is split between the heel, the first and fifth metatarsal
   heads and the toes by three stated rules (see the function). The "tripod foot" is a
   clinical idea taught with the foot-core approach (McKeon et al. 2015, *Br J Sports Med*
   49:290); it is not a measured norm for running.
2. **Stance-phase chain** (:func:`stance_chain`). A smooth rearfoot eversion curve over
   0–100 % of stance through cited key points (inversion at contact and peak eversion from
   Bramah et al. 2018), passed up the leg by the in-vitro coupling coefficient of Fischer et
   al. (2018): tibial internal rotation = coupling × (eversion − eversion at contact). The
   hip is assumed to follow the tibia (the knee adds no rotation, the pelvis faces forward).
   That chain is the clinical model of Tiberio (1987, *J Orthop Sports Phys Ther*
   9(4):160), not a measured fact; the time of peak eversion is **not verified** and is
   kept as an adjustable assumption.
3. **Glute lengthening** (:func:`glute_lengthening`). How much the posterior gluteal
   compartments of the Rajagopal et al. (2016) model lengthen for the hip internal
   rotation the chain delivers, computed with :func:`glutelab.anatomy.path_length`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from . import anatomy as A
from ._data import rows as _rows

__all__ = [
    "FOOT_OUTLINE",
    "POSTERIOR_GLUTES",
    "TOE_GRIP_SHIFT",
    "TRIPOD_POINTS",
    "ChainResult",
    "KeyValue",
    "Lengthening",
    "TripodLoad",
    "eversion_curve",
    "glute_lengthening",
    "key_value",
    "key_values",
    "optimal_fibre_length_m",
    "stance_chain",
    "stance_flexion_change_mm",
    "tripod_loads",
]


# --------------------------------------------------------------------------------------
# Cited values
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyValue:
    """One cited number from ``data/foot_key_values.csv``."""

    key: str
    value: float
    unit: str
    meaning: str
    source: str
    status: str


@cache
def key_values() -> dict[str, KeyValue]:
    """Return every cited value of the foot model, keyed by name.

    Returns
    -------
    dict of str to KeyValue
        Value, unit, meaning, source and status (``verified``, ``computed`` or
        ``unverified``) of each number the model uses as a default or comparison.
    """
    return {
        r["key"]: KeyValue(
            key=r["key"],
            value=float(r["value"]),
            unit=r["unit"],
            meaning=r["meaning"],
            source=r["source"],
            status=r["status"],
        )
        for r in _rows("foot_key_values.csv")
    }


def key_value(key: str) -> float:
    """Return the number stored under ``key`` in ``data/foot_key_values.csv``.

    Raises
    ------
    KeyError
        When no such value exists.
    """
    try:
        return key_values()[key].value
    except KeyError:
        msg = f"unknown foot value {key!r}; choose from {', '.join(sorted(key_values()))}"
        raise KeyError(msg) from None


@cache
def _optimal_fibre_lengths() -> dict[str, float]:
    return {
        r["compartment"]: float(r["optimal_fiber_length_m"])
        for r in _rows("rajagopal2016_glute_params.csv")
    }


def optimal_fibre_length_m(key: str) -> float:
    """Optimal fibre length of a gluteal compartment in the Rajagopal et al. (2016) model, metres.

    Read from ``data/rajagopal2016_glute_params.csv`` (the same table
    :mod:`glutelab.anatomy` uses for forces).

    Raises
    ------
    KeyError
        For an unknown compartment key.
    """
    try:
        return _optimal_fibre_lengths()[key]
    except KeyError:
        msg = f"unknown compartment {key!r}; choose from {', '.join(A.COMPARTMENTS)}"
        raise KeyError(msg) from None


def _number(name: str, value: object, lo: float, hi: float) -> float:
    """Return ``value`` as a float within ``[lo, hi]`` or raise a readable ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        msg = f"{name} must be a number, not {value!r}"
        raise ValueError(msg)
    out = float(value)
    if not math.isfinite(out):
        msg = f"{name} must be a finite number"
        raise ValueError(msg)
    if not lo <= out <= hi:
        msg = f"{name} must be between {lo:g} and {hi:g} (got {out:g})"
        raise ValueError(msg)
    return out


# --------------------------------------------------------------------------------------
# 1. Tripod load
# --------------------------------------------------------------------------------------
#: Schematic outline of a right foot seen from above, centimetres: x to the lateral side
#: (little-toe side), y forward from the back of the heel. Drawn for the lesson; it is not
#: a measured foot.
FOOT_OUTLINE = np.array(
    [
        [0.0, 0.0],
        [2.4, 0.6],
        [3.4, 3.0],
        [3.6, 8.0],
        [4.2, 12.5],
        [5.0, 16.0],
        [4.6, 19.0],
        [3.2, 21.0],
        [1.0, 23.5],
        [-1.2, 25.2],
        [-3.2, 25.0],
        [-4.4, 22.5],
        [-4.6, 19.0],
        [-4.0, 15.0],
        [-2.6, 10.0],
        [-2.6, 5.0],
        [-2.8, 2.0],
        [-1.8, 0.4],
        [0.0, 0.0],
    ]
)
#: Contact points of the teaching model (centimetres, frame of :data:`FOOT_OUTLINE`). The
#: heel point moves sideways with the medial share (see :func:`tripod_loads`).
TRIPOD_POINTS = {
    "heel": (0.0, 3.0),
    "mt1": (-3.2, 18.0),
    "mt5": (3.8, 16.0),
    "toes": (-1.0, 22.8),
}
#: How far the heel's contact point moves towards the medial or lateral edge, centimetres.
HEEL_SHIFT_CM = 1.6
#: Teaching assumption: gripping with the toes moves this fraction of the load on the two
#: metatarsal heads onto the toes. Not a measured value.
TOE_GRIP_SHIFT = 0.4

LABELS = {
    "heel": "Heel",
    "mt1": "1st metatarsal head (big-toe ball)",
    "mt5": "5th metatarsal head (little-toe ball)",
    "toes": "Toes",
}


@dataclass(frozen=True)
class TripodLoad:
    """Where the load on one foot goes in the teaching model.

    Attributes
    ----------
    loads : dict of str to float
        Percent of the load on this foot at ``heel``, ``mt1``, ``mt5`` and ``toes``
        (they sum to 100).
    points : dict of str to tuple of float
        Where each load acts on :data:`FOOT_OUTLINE`, centimetres.
    cop : tuple of float
        Centre of pressure (load-weighted mean of the points), centimetres.
    toe_grip : bool
        Whether the toes were gripping.
    """

    loads: dict[str, float]
    points: dict[str, tuple[float, float]]
    cop: tuple[float, float]
    toe_grip: bool

    @property
    def metatarsal_heads(self) -> float:
        """Percent of the load on the first and fifth metatarsal heads together."""
        return self.loads["mt1"] + self.loads["mt5"]


def tripod_loads(heel_pct: float, medial_pct: float, toe_grip: bool = False) -> TripodLoad:
    """Split the load on one foot between heel, metatarsal heads and toes.

    The rules (all teaching assumptions, stated so they can be argued with):

    * ``heel_pct`` of the load goes to the heel, the rest to the forefoot.
    * The forefoot load is split ``medial_pct`` : ``100 − medial_pct`` between the first and
      fifth metatarsal heads; the same share moves the heel's contact point towards its
      medial (``medial_pct`` > 50) or lateral edge by up to :data:`HEEL_SHIFT_CM`.
    * With ``toe_grip`` on, a fraction :data:`TOE_GRIP_SHIFT` of the metatarsal-head load
      moves onto the toes; relaxed toes carry nothing in this model.

    Parameters
    ----------
    heel_pct : float
        Heel share, 0–100 % (the rest is forefoot).
    medial_pct : float
        Medial share, 0–100 % (the rest is lateral).
    toe_grip : bool
        Whether the toes grip the ground.

    Returns
    -------
    TripodLoad
        Loads in percent of the load on this foot, contact points and centre of pressure.

    Raises
    ------
    ValueError
        If a share is not a finite number within 0–100 or ``toe_grip`` is not a bool.
    """
    heel = _number("heel share", heel_pct, 0.0, 100.0)
    medial = _number("medial share", medial_pct, 0.0, 100.0) / 100.0
    if not isinstance(toe_grip, bool | np.bool_):
        msg = f"toe grip must be True or False, not {toe_grip!r}"
        raise ValueError(msg)
    grip = bool(toe_grip)
    forefoot = 100.0 - heel
    mt1, mt5 = forefoot * medial, forefoot * (1.0 - medial)
    toes = 0.0
    if grip:
        toes = TOE_GRIP_SHIFT * (mt1 + mt5)
        mt1, mt5 = mt1 * (1.0 - TOE_GRIP_SHIFT), mt5 * (1.0 - TOE_GRIP_SHIFT)
    loads = {"heel": heel, "mt1": mt1, "mt5": mt5, "toes": toes}
    hx, hy = TRIPOD_POINTS["heel"]
    points = dict(TRIPOD_POINTS)
    points["heel"] = (hx + HEEL_SHIFT_CM * (1.0 - 2.0 * medial), hy)
    cop_x = sum(loads[k] * points[k][0] for k in loads) / 100.0
    cop_y = sum(loads[k] * points[k][1] for k in loads) / 100.0
    return TripodLoad(loads=loads, points=points, cop=(cop_x, cop_y), toe_grip=grip)


# --------------------------------------------------------------------------------------
# 2. Stance-phase chain
# --------------------------------------------------------------------------------------
#: Slider ranges for the chain, as (low, high).
PEAK_EVERSION_RANGE = (0.0, 15.0)
COUPLING_RANGE = (0.3, 1.0)
PEAK_TIMING_RANGE = (20.0, 70.0)
INVERSION_AT_IC_RANGE = (0.0, 20.0)


def eversion_curve(
    stance_pct: np.ndarray | float,
    peak_eversion_deg: float | None = None,
    peak_pct: float | None = None,
    inversion_at_ic_deg: float | None = None,
    toe_off_deg: float | None = None,
) -> np.ndarray:
    """Rearfoot eversion (degrees; negative = inversion) over stance.

    Two smooth pieces that meet with zero slope at the peak:

    * contact → peak: ``e_ic + (peak − e_ic) · sin(π/2 · t/t_peak)``, fastest just after
      contact, as the foot rolls in under load;
    * peak → toe-off: ``peak + (e_to − peak) · (1 − cos(π (t − t_peak)/(100 − t_peak)))/2``,
      the foot re-supinating.

    The curve passes exactly through its key points and has its maximum at ``peak_pct``.

    Parameters
    ----------
    stance_pct : array or float
        Time in percent of stance (0 = initial contact, 100 = toe-off).
    peak_eversion_deg : float, optional
        Peak eversion, 0–15°. Default: Bramah et al. (2018) healthy runners, 2.6°.
    peak_pct : float, optional
        When the peak occurs, 20–70 % of stance. Default 40 %: an assumption inside the
        commonly quoted 35–50 %, **not verified** against a primary source.
    inversion_at_ic_deg : float, optional
        Inversion at initial contact, 0–20°. Default: Bramah et al. (2018) healthy
        runners, 8.7° (so eversion at contact is −8.7°).
    toe_off_deg : float, optional
        Eversion at toe-off. Default: equal to the eversion at contact (an assumption: the
        foot returns to its landing inversion by toe-off).

    Returns
    -------
    numpy.ndarray
        Eversion in degrees, one value per time.

    Raises
    ------
    ValueError
        For times outside 0–100 % or parameters outside their ranges.
    """
    peak = _number(
        "peak eversion",
        key_value("peak_eversion_controls") if peak_eversion_deg is None else peak_eversion_deg,
        *PEAK_EVERSION_RANGE,
    )
    tp = _number(
        "peak timing",
        key_value("peak_eversion_timing") if peak_pct is None else peak_pct,
        *PEAK_TIMING_RANGE,
    )
    inv = _number(
        "inversion at contact",
        key_value("inversion_at_ic_controls")
        if inversion_at_ic_deg is None
        else inversion_at_ic_deg,
        *INVERSION_AT_IC_RANGE,
    )
    e_ic = -inv
    e_to = e_ic if toe_off_deg is None else _number("eversion at toe-off", toe_off_deg, -20, peak)
    t = np.asarray(stance_pct, dtype=float)
    if t.size and (not np.all(np.isfinite(t)) or t.min() < 0.0 or t.max() > 100.0):
        msg = "stance times must be finite percentages between 0 and 100"
        raise ValueError(msg)
    rise = e_ic + (peak - e_ic) * np.sin(0.5 * np.pi * np.clip(t, 0.0, tp) / tp)
    phase = (np.clip(t, tp, 100.0) - tp) / (100.0 - tp)
    fall = peak + (e_to - peak) * 0.5 * (1.0 - np.cos(np.pi * phase))
    return np.where(t <= tp, rise, fall)


@dataclass(frozen=True)
class ChainResult:
    """The rotation chain over one stance phase.

    Attributes
    ----------
    stance_pct : numpy.ndarray
        Time, 0–100 % of stance.
    eversion_deg, tibial_ir_deg, hip_ir_deg : numpy.ndarray
        Rearfoot eversion (negative = inversion), tibial internal rotation and hip internal
        rotation relative to their values at contact, degrees.
    peak_eversion_deg, peak_pct, inversion_at_ic_deg, coupling, toe_off_deg : float
        The inputs used.
    """

    stance_pct: np.ndarray
    eversion_deg: np.ndarray
    tibial_ir_deg: np.ndarray
    hip_ir_deg: np.ndarray
    peak_eversion_deg: float
    peak_pct: float
    inversion_at_ic_deg: float
    coupling: float
    toe_off_deg: float

    @property
    def eversion_excursion_deg(self) -> float:
        """Eversion from contact to the peak, degrees."""
        return self.peak_eversion_deg + self.inversion_at_ic_deg

    @property
    def hip_ir_at_peak_deg(self) -> float:
        """Hip internal rotation at the time of peak eversion (the model's mid-stance)."""
        return self.coupling * self.eversion_excursion_deg

    @property
    def hip_er_to_toe_off_deg(self) -> float:
        """External rotation of the hip from mid-stance back to toe-off, degrees."""
        return self.coupling * (self.peak_eversion_deg - self.toe_off_deg)


def stance_chain(
    peak_eversion_deg: float | None = None,
    coupling: float | None = None,
    *,
    peak_pct: float | None = None,
    inversion_at_ic_deg: float | None = None,
    toe_off_deg: float | None = None,
    n: int = 101,
) -> ChainResult:
    """Pass rearfoot eversion up the leg: calcaneus → tibia → hip.

    Tibial internal rotation = ``coupling`` × (eversion − eversion at contact), using the
    in-vitro coupling coefficient of Fischer et al. (2018, *J Anat*; 0.68 ± 0.15) as the
    default. Hip internal rotation is **assumed** equal to tibial rotation: the femur follows
    the tibia (the knee adds no rotation of its own) and the pelvis keeps facing forward.
    When the foot re-supinates towards toe-off, the same relation turns the hip back out
    (external rotation).

    Parameters
    ----------
    peak_eversion_deg, peak_pct, inversion_at_ic_deg, toe_off_deg : float, optional
        See :func:`eversion_curve`.
    coupling : float, optional
        Degrees of tibial rotation per degree of eversion, 0.3–1.0 (default 0.68).
    n : int
        Number of time samples from 0 to 100 % (at least 3).

    Returns
    -------
    ChainResult
        The three curves and the inputs used.

    Raises
    ------
    ValueError
        For parameters outside their ranges or a bad ``n``.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 3:
        msg = f"n must be an integer of at least 3, not {n!r}"
        raise ValueError(msg)
    k = _number(
        "coupling",
        key_value("eversion_to_tibial_rotation") if coupling is None else coupling,
        *COUPLING_RANGE,
    )
    peak = key_value("peak_eversion_controls") if peak_eversion_deg is None else peak_eversion_deg
    tp = key_value("peak_eversion_timing") if peak_pct is None else peak_pct
    inv = (
        key_value("inversion_at_ic_controls")
        if inversion_at_ic_deg is None
        else inversion_at_ic_deg
    )
    t = np.linspace(0.0, 100.0, n)
    ev = eversion_curve(t, peak, tp, inv, toe_off_deg)
    tibia = k * (ev - ev[0])
    return ChainResult(
        stance_pct=t,
        eversion_deg=ev,
        tibial_ir_deg=tibia,
        hip_ir_deg=tibia.copy(),
        peak_eversion_deg=float(peak),
        peak_pct=float(tp),
        inversion_at_ic_deg=float(inv),
        coupling=k,
        toe_off_deg=float(ev[-1]),
    )


# --------------------------------------------------------------------------------------
# 3. Glute lengthening
# --------------------------------------------------------------------------------------
#: Compartments that sit behind the hip's long axis at mid-stance flexion in the model, so
#: internal rotation lengthens them: the three parts of gluteus maximus and the back of
#: gluteus medius.
POSTERIOR_GLUTES = ("glmax1", "glmax2", "glmax3", "glmed3")


@dataclass(frozen=True)
class Lengthening:
    """How much one compartment lengthens for a hip internal rotation.

    Attributes
    ----------
    key : str
        Compartment key.
    label : str
        Readable name.
    delta_mm : float
        Change of path length, millimetres (positive = longer).
    percent_optimal : float
        ``delta_mm`` as a percentage of the compartment's optimal fibre length.
    optimal_fibre_mm : float
        Optimal fibre length in the Rajagopal et al. (2016) model, millimetres.
    """

    key: str
    label: str
    delta_mm: float
    percent_optimal: float
    optimal_fibre_mm: float


def glute_lengthening(
    hip_ir_deg: float,
    flexion_deg: float | None = None,
    adduction_deg: float = 0.0,
    keys: tuple[str, ...] = POSTERIOR_GLUTES,
) -> list[Lengthening]:
    """Lengthening of gluteal compartments when the hip rotates inwards at mid-stance.

    The path length (Rajagopal et al. 2016 model, straight segments through its via points,
    see :mod:`glutelab.anatomy`) is compared at ``hip_ir_deg`` and at zero rotation, both at
    the same flexion and adduction. The change is then expressed as a share of the
    compartment's optimal fibre length, treating the tendon as rigid and ignoring the
    pennation angle (which would make the fibre change slightly larger, under 10 % more).

    Parameters
    ----------
    hip_ir_deg : float
        Hip internal rotation, −30 to 30° (negative = external).
    flexion_deg : float, optional
        Hip flexion at mid-stance, 0–60°. Default 25°: about the flexion at peak knee
        flexion in the treadmill runner of Hamner et al. (2010).
    adduction_deg : float
        Hip adduction, −20 to 20°.
    keys : tuple of str
        Compartments to report (default :data:`POSTERIOR_GLUTES`).

    Returns
    -------
    list of Lengthening
        One entry per key, in order.

    Raises
    ------
    ValueError
        For angles outside their ranges or an unknown compartment.
    """
    rot = _number("hip internal rotation", hip_ir_deg, -30.0, 30.0)
    flex = _number(
        "hip flexion",
        key_value("midstance_hip_flexion") if flexion_deg is None else flexion_deg,
        0.0,
        60.0,
    )
    add = _number("hip adduction", adduction_deg, -20.0, 20.0)
    unknown = [k for k in keys if k not in A.COMPARTMENTS]
    if unknown or not keys:
        msg = f"unknown compartments {unknown}; choose from {', '.join(A.COMPARTMENTS)}"
        raise ValueError(msg)
    out = []
    for key in keys:
        base = A.path_length(key, flex, add, 0.0)
        turned = A.path_length(key, flex, add, rot)
        delta_mm = (turned - base) * 1000.0
        lopt_mm = optimal_fibre_length_m(key) * 1000.0
        out.append(
            Lengthening(
                key=key,
                label=A.compartment(key).label,
                delta_mm=delta_mm,
                percent_optimal=100.0 * delta_mm / lopt_mm,
                optimal_fibre_mm=lopt_mm,
            )
        )
    return out


def stance_flexion_change_mm(
    key: str, from_deg: float | None = None, to_deg: float | None = None
) -> float:
    """Shortening of a compartment as the hip extends through stance, millimetres.

    A yardstick for :func:`glute_lengthening`: how much the same muscle's path changes with
    the sagittal swing of the thigh, from contact to toe-off.

    Parameters
    ----------
    key : str
        Compartment key (``"glmax1"`` …).
    from_deg, to_deg : float, optional
        Hip flexion at contact and at toe-off, −40 to 60°. Defaults: 29.5° and −24°, one
        treadmill runner of Hamner et al. (2010).

    Returns
    -------
    float
        Path length at ``from_deg`` minus path length at ``to_deg``, millimetres (positive
        when the muscle shortens as the hip extends).

    Raises
    ------
    ValueError
        For angles outside the range or an unknown compartment.
    """
    if key not in A.COMPARTMENTS:
        msg = f"unknown compartment {key!r}; choose from {', '.join(A.COMPARTMENTS)}"
        raise ValueError(msg)
    start = _number(
        "flexion at contact",
        key_value("hip_flexion_at_ic") if from_deg is None else from_deg,
        -40.0,
        60.0,
    )
    end = _number(
        "flexion at toe-off",
        key_value("hip_flexion_at_toe_off") if to_deg is None else to_deg,
        -40.0,
        60.0,
    )
    return (A.path_length(key, start) - A.path_length(key, end)) * 1000.0
