"""Gluteal geometry and moment arms from the Rajagopal et al. (2016) lower-limb model.

Data
----
``data/rajagopal2016_glute_paths.csv`` holds the path points of the nine gluteal
compartments (right side), ``data/rajagopal2016_landmarks.csv`` the hip and knee centres
and four pelvic markers, ``data/rajagopal2016_glute_params.csv`` each compartment's
maximum isometric force. All were read from ``Models/Rajagopal/Rajagopal2016.osim`` in
opensim-org/opensim-models (commit 523578f) and rounded to 0.1 mm; see ``data/SOURCES.md``.

Model
-----
Rajagopal AS, Dembia CL, DeMers MS, Delp DD, Hicks JL, Delp SL (2016). Full-body
musculoskeletal model for muscle-driven simulation of human gait. *IEEE Trans Biomed Eng*.
doi:10.1109/TBME.2016.2586891.

Frames are OpenSim's: x anterior, y superior, z to the right. The hip is a ball joint whose
rotations are applied in the model's order (flexion about z, then adduction about x, then
internal rotation about y). A muscle's moment arm about a coordinate q is ``-dL/dq``, the
definition OpenSim uses, computed here by central differences of the path length.

Simplification, stated where it is taught: the model wraps the three gluteus maximus paths
over cylinders on the pelvis; this module keeps the straight segments between the model's
via points and ignores the wrap. The via points already bend the path round the buttock,
so signs and trends match the full model, but gluteus maximus moment arms differ from it by
up to about 2 cm (see ``tests/test_anatomy.py`` for the published values it is held to).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ._data import rows as _rows

__all__ = [
    "COMPARTMENTS",
    "MUSCLES",
    "Compartment",
    "action_summary",
    "compartment",
    "femur_rotation",
    "hip_centre",
    "landmarks",
    "moment_arm_curves",
    "moment_arms",
    "path_length",
    "path_points",
    "rotation_crossover",
    "to_pelvis",
]

MUSCLES = ("gluteus maximus", "gluteus medius", "gluteus minimus")
#: Hip-flexion range the lesson explores, degrees (negative = extension).
FLEXION_RANGE = (-20.0, 90.0)


@dataclass(frozen=True)
class Compartment:
    """One modelled compartment of a gluteal muscle."""

    key: str
    muscle: str
    region: str
    pelvis_points: np.ndarray  # (n, 3) in the pelvis frame, metres
    femur_points: np.ndarray  # (m, 3) in the femur frame, metres
    max_force_n: float

    @property
    def label(self) -> str:
        """Readable name, e.g. ``"Gluteus maximus (lower)"``."""
        return f"{self.muscle.capitalize()} ({self.region})"


@cache
def _load() -> tuple[dict[str, Compartment], dict[str, tuple[str, np.ndarray]]]:
    forces = {
        r["compartment"]: float(r["max_isometric_force_N"])
        for r in _rows("rajagopal2016_glute_params.csv")
    }
    points: dict[str, dict[str, list]] = {}
    meta: dict[str, tuple[str, str]] = {}
    for r in sorted(
        _rows("rajagopal2016_glute_paths.csv"), key=lambda r: (r["compartment"], int(r["point"]))
    ):
        xyz = [float(r["x_m"]), float(r["y_m"]), float(r["z_m"])]
        points.setdefault(r["compartment"], {"pelvis": [], "femur": []})[r["body"]].append(xyz)
        meta[r["compartment"]] = (r["muscle"], r["region"])
    comps = {
        key: Compartment(
            key=key,
            muscle=meta[key][0],
            region=meta[key][1],
            pelvis_points=np.array(p["pelvis"]),
            femur_points=np.array(p["femur"]),
            max_force_n=forces[key],
        )
        for key, p in points.items()
    }
    marks = {
        r["landmark"]: (r["body"], np.array([float(r["x_m"]), float(r["y_m"]), float(r["z_m"])]))
        for r in _rows("rajagopal2016_landmarks.csv")
    }
    return comps, marks


COMPARTMENTS: tuple[str, ...] = tuple(sorted(_load()[0]))


def compartment(key: str) -> Compartment:
    """Return one compartment by key (``"glmax1"`` … ``"glmin3"``)."""
    try:
        return _load()[0][key]
    except KeyError:
        msg = f"unknown compartment {key!r}; choose from {', '.join(COMPARTMENTS)}"
        raise KeyError(msg) from None


def landmarks() -> dict[str, tuple[str, np.ndarray]]:
    """Return ``{name: (body, xyz)}`` for the hip and knee centres and the pelvic markers."""
    return dict(_load()[1])


def hip_centre() -> np.ndarray:
    """Hip joint centre in the pelvis frame, metres."""
    return _load()[1]["hip_centre"][1]


def femur_rotation(
    flexion_deg: float, adduction_deg: float = 0.0, rotation_deg: float = 0.0
) -> np.ndarray:
    """Rotation matrix of the femur relative to the pelvis (model's body-fixed z-x-y order).

    Parameters
    ----------
    flexion_deg, adduction_deg, rotation_deg : float
        Hip angles in degrees; positive = flexion, adduction, internal rotation.

    Returns
    -------
    numpy.ndarray
        3x3 matrix taking femur-frame vectors into the pelvis frame.
    """
    f, a, r = np.radians([flexion_deg, adduction_deg, rotation_deg])
    rz = np.array([[np.cos(f), -np.sin(f), 0], [np.sin(f), np.cos(f), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, np.cos(a), -np.sin(a)], [0, np.sin(a), np.cos(a)]])
    ry = np.array([[np.cos(r), 0, np.sin(r)], [0, 1, 0], [-np.sin(r), 0, np.cos(r)]])
    return rz @ rx @ ry


def to_pelvis(
    points_femur: np.ndarray,
    flexion_deg: float,
    adduction_deg: float = 0.0,
    rotation_deg: float = 0.0,
) -> np.ndarray:
    """Express femur-frame points in the pelvis frame for the given hip angles."""
    rot = femur_rotation(flexion_deg, adduction_deg, rotation_deg)
    return hip_centre() + np.atleast_2d(points_femur) @ rot.T


def path_points(
    key: str, flexion_deg: float, adduction_deg: float = 0.0, rotation_deg: float = 0.0
) -> np.ndarray:
    """Return a compartment's path, origin to insertion, in the pelvis frame (metres)."""
    c = compartment(key)
    return np.vstack(
        [c.pelvis_points, to_pelvis(c.femur_points, flexion_deg, adduction_deg, rotation_deg)]
    )


def path_length(
    key: str, flexion_deg: float, adduction_deg: float = 0.0, rotation_deg: float = 0.0
) -> float:
    """Length of the straight-segment path through the model's points, metres."""
    pts = path_points(key, flexion_deg, adduction_deg, rotation_deg)
    return float(np.linalg.norm(np.diff(pts, axis=0), axis=1).sum())


_STEP_DEG = 0.05


def moment_arms(key: str, flexion_deg: float) -> dict[str, float]:
    """Moment arms of one compartment at a hip-flexion angle (adduction and rotation 0).

    Returns
    -------
    dict
        ``flexion``, ``adduction`` and ``rotation`` moment arms in centimetres with OpenSim's
        signs (negative flexion = extensor, negative adduction = abductor, positive rotation
        = internal rotator), and the teaching forms ``extension``, ``abduction`` and
        ``internal_rotation`` (positive when the muscle produces that action).
    """
    h = _STEP_DEG
    out = {}
    for name, idx in (("flexion", 0), ("adduction", 1), ("rotation", 2)):
        lo = [flexion_deg, 0.0, 0.0]
        hi = [flexion_deg, 0.0, 0.0]
        lo[idx] -= h
        hi[idx] += h
        dl_dq = (path_length(key, *hi) - path_length(key, *lo)) / np.radians(2 * h)
        out[name] = float(-dl_dq * 100.0)
    out["extension"] = -out["flexion"]
    out["abduction"] = -out["adduction"]
    out["internal_rotation"] = out["rotation"]
    return out


def moment_arm_curves(angles_deg: np.ndarray | None = None) -> dict[str, dict[str, np.ndarray]]:
    """Moment arms of every compartment over a range of hip-flexion angles.

    Parameters
    ----------
    angles_deg : array, optional
        Hip-flexion angles; defaults to -20° to 90° in 1° steps (computed once and cached;
        treat the returned arrays as read-only).

    Returns
    -------
    dict
        ``{"angles": {"deg": array}, compartment: {"extension": array, "abduction": array,
        "internal_rotation": array}}``, moment arms in centimetres.
    """
    if angles_deg is None:
        return _default_curves()
    return _curves(np.asarray(angles_deg, dtype=float))


@cache
def _default_curves() -> dict[str, dict[str, np.ndarray]]:
    return _curves(np.arange(FLEXION_RANGE[0], FLEXION_RANGE[1] + 1.0, 1.0))


def _curves(angles: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    curves: dict[str, dict[str, np.ndarray]] = {"angles": {"deg": angles}}
    for key in COMPARTMENTS:
        rows = [moment_arms(key, a) for a in angles]
        curves[key] = {
            k: np.array([r[k] for r in rows])
            for k in ("extension", "abduction", "internal_rotation")
        }
    return curves


def rotation_crossover(
    key: str, lo_deg: float = FLEXION_RANGE[0], hi_deg: float = FLEXION_RANGE[1]
) -> float | None:
    """Hip-flexion angle where a compartment turns from external to internal rotator.

    Returns ``None`` when the rotation moment arm keeps one sign over the range.
    """

    def f(a: float) -> float:
        return moment_arms(key, a)["rotation"]

    grid = np.arange(lo_deg, hi_deg + 1e-9, 5.0)
    vals = [f(a) for a in grid]
    for a0, a1, v0, v1 in zip(grid[:-1], grid[1:], vals[:-1], vals[1:], strict=True):
        if v0 < 0 <= v1:
            lo, hi = a0, a1
            for _ in range(40):  # bisection, far below 0.01°
                mid = 0.5 * (lo + hi)
                if f(mid) < 0:
                    lo = mid
                else:
                    hi = mid
            return round(0.5 * (lo + hi), 2)
    return None


_THRESHOLD_CM = 0.5  # below this the compartment is treated as having no useful leverage


def action_summary(key: str, flexion_deg: float) -> str:
    """Plain-language actions of a compartment at a hip angle, from its moment arms."""
    ma = moment_arms(key, flexion_deg)
    parts = []
    for value, pos, neg in (
        (ma["extension"], "extends", "flexes"),
        (ma["abduction"], "abducts", "adducts"),
        (ma["internal_rotation"], "rotates the thigh inwards", "rotates the thigh outwards"),
    ):
        if abs(value) >= _THRESHOLD_CM:
            parts.append(f"{pos if value > 0 else neg} ({abs(value):.1f} cm)")
    return ", ".join(parts) if parts else "little leverage in any direction"
