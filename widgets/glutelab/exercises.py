"""The exercise library: every exercise the seed articles name, with published glute activation.

Pure data and look-ups, no widgets. Two of the course's own tables feed it:

* ``data/exercise_library.csv``: one record per exercise: which seed article names it and
  why (in the course's words), its target muscles, whether it aims at gluteus maximus
  (``GMax``) or medius (``GMed``), the equipment it can be done with, its role in a plan,
  how hard it is to learn, and a short note on what is known.
* ``data/exercise_activation.csv``: published surface-EMG activity as a percentage of a
  maximal voluntary isometric contraction (**%MVIC**), one row per study, exercise variant
  and muscle, each with its source and status. Rows with an empty ``value`` carry only a
  ``band`` (a review that classed an exercise without giving a number).

Status words (the same in every table of the course): **verified** (read in the source or
its abstract), **secondary** (seen only as quoted by another source) and **unchecked**
(could not be traced to a readable source: shown flagged, never as fact). An exercise with
no row has **no published value** in the sources checked; it is never shown as 0.

Sources of the values (see the CSV for the full reference of each row)
----------------------------------------------------------------------
* MacAskill, Durant & Wallace, *Int J Sports Phys Ther* (abstract): 10-repetition-maximum
  side-lying abduction and prone extension, unloaded forward and lateral step-ups [verified].
* Distefano et al. 2009, *J Orthop Sports Phys Ther* (abstract): side-lying abduction, two
  clam variants, lunge [verified]; single-limb squat and deadlift [secondary]; the often
  quoted lateral band walk figures (about 61 % medius, 27 % maximus) [unchecked].
* Boren et al. 2011, *Int J Sports Phys Ther* 6(3):206 (abstract): gluteus medius in the
  side plank with abduction, single-limb squat, clam progression, front plank with hip
  extension [verified]; their gluteus maximus values [secondary].
* Contreras et al. 2015, *J Appl Biomech* 31:452: barbell hip thrust against back squat at a
  10-repetition maximum, upper and lower gluteus maximus, mean EMG [verified].
* Krause Neto et al. 2020, *J Sports Sci Med* 19:195: exercises classed "very high"
  (>60 % MVIC) for gluteus maximus [verified, classification only].
* Two-legged bridge: as tabulated in a 2014 review, *Int J Sports Phys Ther* 9(2):157,
  Table 2 [secondary]; Ekstrom et al. 2007, *J Orthop Sports Phys Ther* 37(12):754 found
  every bridge below 45 % MVIC [verified, in the library's note].

Activation bands
----------------
:data:`BANDS` (0-20 low, 21-40 moderate, 41-60 high, >60 very high) are the bands commonly
used in this literature, usually credited to Reiman, Bolgla & Loudon 2012, *Physiother
Theory Pract* 28(4):257. Only the top band (>60 % "very high") was checked, in the abstract
of Krause Neto et al. 2020; the other edges are as summarised and **not checked**.

%MVIC from different studies is not directly comparable: each study used its own maximal
test, load, electrode sites, tempo and way of averaging (mean or peak), so a 60 in one
study and a 40 in another need not mean the first exercise works the muscle harder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from ._data import float_or_none as _float_or_none
from ._data import rows as _rows

__all__ = [
    "APPROACHES",
    "BANDS",
    "BAND_NOTE",
    "COMPARABILITY_NOTE",
    "EQUIPMENT",
    "KIT_CONTENTS",
    "MUSCLES",
    "MUSCLE_NAMES",
    "NO_VALUE",
    "ROLES",
    "STATUSES",
    "Activation",
    "Band",
    "Exercise",
    "activations",
    "band_of",
    "exercise",
    "library",
    "seed_exercises",
    "usable_with",
]

#: The two muscles with published values: gluteus maximus and gluteus medius.
MUSCLES = ("GMax", "GMed")
MUSCLE_NAMES = {"GMax": "gluteus maximus", "GMed": "gluteus medius"}

#: Equipment a learner may have, from least to most; the key is used in data and inputs.
EQUIPMENT = {
    "none": "none (body weight)",
    "bands": "resistance bands",
    "dumbbells-kettlebell": "dumbbells or a kettlebell",
    "gym": "a gym (barbell, cables, bench)",
}
#: What each kit lets you do: an exercise is usable when one of its equipment options is in
#: the set. A gym has bands and dumbbells; someone with dumbbells may have no bands.
KIT_CONTENTS = {
    "none": frozenset({"none"}),
    "bands": frozenset({"none", "bands"}),
    "dumbbells-kettlebell": frozenset({"none", "dumbbells-kettlebell"}),
    "gym": frozenset(EQUIPMENT),
}

#: The approaches the seeds take, plus exercises shown only for comparison.
APPROACHES = {
    "activate": "activate and strengthen (seeds 000, 001)",
    "strength": "strength lifts (seeds 000, 001)",
    "length": "load through length and internal rotation (seeds 002, 004)",
    "running": "hills, stairs and sprints (seed 003)",
    "comparison": "not in the seeds: shown for comparison",
}
ROLES = ("warm-up", "drill", "strength", "power")
STATUSES = ("verified", "secondary", "unchecked")
NO_VALUE = "no published value"

BAND_NOTE = (
    "Bands as commonly used in this literature (credited to Reiman et al. 2012, as "
    "summarised; only the top band, >60 % 'very high', was checked, in Krause Neto et al. "
    "2020)."
)
COMPARABILITY_NOTE = (
    "%MVIC from different studies is not directly comparable: each used its own maximal "
    "test, load, electrode sites and averaging (mean or peak)."
)


@dataclass(frozen=True)
class Band:
    """One activation band: ``low < value <= high`` in %MVIC (the lowest band includes 0)."""

    name: str
    low: float
    high: float
    checked: bool


BANDS = (
    Band("low", 0.0, 20.0, checked=False),
    Band("moderate", 20.0, 40.0, checked=False),
    Band("high", 40.0, 60.0, checked=False),
    Band("very high", 60.0, math.inf, checked=True),
)


def band_of(value: object) -> Band:
    """Return the activation band a %MVIC value falls in.

    Values on an edge go to the lower band (40 is "moderate", 40.1 "high"), as in the
    usual 0-20 / 21-40 / 41-60 / >60 wording.

    Raises
    ------
    ValueError
        For anything that is not a finite number of 0 or more.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"An activation must be a number of % MVIC; got {value!r}."
        raise ValueError(msg)
    number = float(value)
    if not math.isfinite(number) or number < 0:
        msg = f"An activation must be a finite number of 0 % MVIC or more; got {value!r}."
        raise ValueError(msg)
    for band in BANDS:
        if number <= band.high:
            return band
    return BANDS[-1]  # pragma: no cover - the last band is open-ended


@dataclass(frozen=True)
class Activation:
    """One published activation: a study's value for one exercise variant and one muscle.

    ``value`` is ``None`` when the source gives only a ``band`` (a review's class).
    """

    exercise: str
    variant: str
    muscle: str
    value: float | None
    sd: float | None
    band: str
    measure: str
    load: str
    equipment: str
    participants: str
    source: str
    short_source: str
    status: str
    note: str

    @property
    def label(self) -> str:
        """A short name for the measured variant, e.g. ``"Step-up: forward (MacAskill)"``."""
        return f"{exercise(self.exercise).name}: {self.variant} ({self.short_source})"

    def describe(self) -> str:
        """One line for tables: value ± SD, muscle, variant, source and status."""
        if self.value is None:
            what = f"{self.band} (no single value)"
        else:
            sd = f" ± {self.sd:g}" if self.sd is not None else ""
            what = f"{self.value:g}{sd} %"
        flag = "" if self.status == "verified" else f" [{self.status}]"
        return f"{self.muscle} {what}, {self.variant} ({self.short_source}){flag}"


@dataclass(frozen=True)
class Exercise:
    """One record of the library. See the module docstring for the fields' meaning."""

    key: str
    name: str
    in_seeds: bool
    seeds: tuple[str, ...]
    seed_reason: str
    approach: str
    targets: tuple[str, ...]
    glute_focus: frozenset[str]
    equipment: tuple[str, ...]
    role: str
    difficulty: str
    evidence_note: str

    @property
    def activations(self) -> tuple[Activation, ...]:
        """Every published activation row of this exercise (empty if none)."""
        return tuple(a for a in _activations() if a.exercise == self.key)

    def values(self, muscle: str | None = None) -> tuple[Activation, ...]:
        """Rows with a number (not only a band), optionally for one muscle."""
        return tuple(
            a
            for a in self.activations
            if a.value is not None and (muscle is None or a.muscle == muscle)
        )

    @property
    def evidence_status(self) -> str:
        """Best evidence behind the exercise's activation.

        One of ``"measured (verified)"``, ``"measured (secondary source only)"``,
        ``"band only (verified)"``, ``"unchecked figure only"`` or :data:`NO_VALUE`.
        """
        rows = self.activations
        numbers = {a.status for a in rows if a.value is not None}
        if "verified" in numbers:
            return "measured (verified)"
        if "secondary" in numbers:
            return "measured (secondary source only)"
        if any(a.value is None and a.status == "verified" for a in rows):
            return "band only (verified)"
        if "unchecked" in numbers:
            return "unchecked figure only"
        return NO_VALUE

    @property
    def has_checked_value(self) -> bool:
        """Whether any verified or secondary number is published for it."""
        return any(a.status in ("verified", "secondary") for a in self.values())


def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(";") if p.strip())


@cache
def library() -> tuple[Exercise, ...]:
    """Return every exercise of the library, in the table's order.

    Raises
    ------
    ValueError
        If the table breaks its own rules (an unknown equipment, muscle or approach); a
        test keeps it from ever shipping that way.
    """
    out = []
    for r in _rows("exercise_library.csv"):
        ex = Exercise(
            key=r["key"],
            name=r["name"],
            in_seeds=r["in_seeds"] == "yes",
            seeds=_split(r["seeds"]),
            seed_reason=r["seed_reason"],
            approach=r["approach"],
            targets=_split(r["targets"]),
            glute_focus=frozenset(_split(r["glute_focus"])),
            equipment=_split(r["equipment"]),
            role=r["role"],
            difficulty=r["difficulty"],
            evidence_note=r["evidence_note"],
        )
        problems = [
            *(f"equipment {e!r}" for e in ex.equipment if e not in EQUIPMENT),
            *(f"muscle {m!r}" for m in ex.glute_focus if m not in MUSCLES),
            *([f"approach {ex.approach!r}"] if ex.approach not in APPROACHES else []),
            *([f"role {ex.role!r}"] if ex.role not in ROLES else []),
        ]
        if problems or not ex.equipment:
            msg = f"exercise_library.csv, {ex.key}: unknown {', '.join(problems) or 'kit'}"
            raise ValueError(msg)
        out.append(ex)
    return tuple(out)


@cache
def _activations() -> tuple[Activation, ...]:
    keys = {e.key for e in library()}
    out = []
    for r in _rows("exercise_activation.csv"):
        row = Activation(
            exercise=r["exercise"],
            variant=r["variant"],
            muscle=r["muscle"],
            value=_float_or_none(r["value"]),
            sd=_float_or_none(r["sd"]),
            band=r["band"],
            measure=r["measure"],
            load=r["load"],
            equipment=r["equipment"],
            participants=r["participants"],
            source=r["source"],
            short_source=r["short_source"],
            status=r["status"],
            note=r["note"],
        )
        if (
            row.exercise not in keys
            or row.muscle not in MUSCLES
            or row.status not in STATUSES
            or row.equipment not in EQUIPMENT
            or (row.value is None and not row.band)
        ):
            msg = f"exercise_activation.csv: a row breaks the table's rules: {r}"
            raise ValueError(msg)
        out.append(row)
    return tuple(out)


def exercise(key: str) -> Exercise:
    """Return one exercise by key (e.g. ``"hip_thrust"``).

    Raises
    ------
    KeyError
        If there is no such key; the message lists the valid ones.
    """
    for ex in library():
        if ex.key == key:
            return ex
    msg = f"unknown exercise {key!r}; choose from {', '.join(e.key for e in library())}"
    raise KeyError(msg)


def seed_exercises() -> tuple[Exercise, ...]:
    """Return the exercises named in the seed articles (not the comparison ones)."""
    return tuple(e for e in library() if e.in_seeds)


def _check_kit(kit: str) -> str:
    if kit not in EQUIPMENT:
        msg = f"Choose equipment from {', '.join(EQUIPMENT)}; got {kit!r}."
        raise ValueError(msg)
    return kit


def usable_with(ex: Exercise, kit: str) -> bool:
    """Whether ``ex`` can be done with the equipment ``kit`` (a key of :data:`EQUIPMENT`)."""
    return bool(KIT_CONTENTS[_check_kit(kit)].intersection(ex.equipment))


def activations(
    muscle: str | None = None,
    kit: str | None = None,
    *,
    with_value: bool = True,
) -> tuple[Activation, ...]:
    """Filter the published activations.

    Parameters
    ----------
    muscle : {"GMax", "GMed"} or None
        One muscle, or both.
    kit : str or None
        Keep rows measured with equipment this kit contains (:data:`KIT_CONTENTS`); ``None``
        keeps all.
    with_value : bool
        Keep only rows with a number (the default) or only band-only rows (``False``).

    Raises
    ------
    ValueError
        For an unknown muscle or kit.
    """
    if muscle is not None and muscle not in MUSCLES:
        msg = f"Choose a muscle from {', '.join(MUSCLES)}; got {muscle!r}."
        raise ValueError(msg)
    allowed = KIT_CONTENTS[_check_kit(kit)] if kit is not None else frozenset(EQUIPMENT)
    return tuple(
        a
        for a in _activations()
        if (muscle is None or a.muscle == muscle)
        and a.equipment in allowed
        and ((a.value is not None) == with_value)
    )
