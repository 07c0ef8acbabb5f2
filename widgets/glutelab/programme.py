"""A progressive 6-8 week glute strength plan for runners, built from the exercise library.

Pure functions, no widgets. :func:`build_programme` turns four choices (days per week,
equipment, experience, goal) and a length in weeks into a :class:`Programme`: one row per
week, day and exercise with sets, reps or time, load guidance and the progression rule,
deload weeks marked, and a list of reasons for every choice. :func:`to_csv` writes it out.

What the plan rests on
----------------------
* **2-3 strength days a week** is what seed article 001 suggests; the builder plans 1 to 4
  and says why 1 or 4 are unusual. Five or more are refused: they leave no room for
  running and recovery.
* **Exercises** come from :mod:`glutelab.exercises`, filtered by the learner's equipment
  and, for beginners and returners, by how hard they are to learn. Every session has at
  least one exercise aimed at gluteus maximus and one at gluteus medius, plus one from the
  "load through length" school of seed 002 (these have no activation studies, and the plan
  says so).
* **Progression** (+2 reps a week up to a cap, then +1 set; or, for experienced lifters'
  main lifts, +1 set every two weeks and more weight when every set is done with reps in
  reserve) and **deloads** (the last week, and week 4 of an 8-week plan, at about half the
  sets) are common coaching conventions, not prescriptions tested in runners. The reasons
  list says so.

This is a teaching tool, not medical advice: pain that lingers is a reason to see a
physiotherapist or doctor, not to progress.

Every invalid input raises :class:`ProgrammeError` (a ``ValueError``) with a message a
learner can act on; no other exception escapes :func:`build_programme`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import exercises as X

__all__ = [
    "CSV_COLUMNS",
    "DAYS_SUGGESTED",
    "DELOAD_WEEKS",
    "EXPERIENCE",
    "GOALS",
    "MAX_DAYS",
    "WEEKS_RANGE",
    "PlanRow",
    "Programme",
    "ProgrammeError",
    "build_programme",
    "check_inputs",
    "to_csv",
]

#: Goals the builder knows: key → label.
GOALS = {
    "resilience": "injury resilience and general strength",
    "speed": "speed and power",
    "return": "return after a break",
}
#: Strength-training experience: key → label.
EXPERIENCE = {
    "new": "new to strength training",
    "some": "some experience (a few months)",
    "experienced": "experienced (a year or more)",
}
#: What seed 001 suggests, and the most days the builder plans.
DAYS_SUGGESTED = (2, 3)
MAX_DAYS = 4
#: Plan lengths offered, weeks.
WEEKS_RANGE = (6, 8)
#: Deload weeks for each plan length.
DELOAD_WEEKS = {6: (6,), 7: (7,), 8: (4, 8)}
#: Columns of :func:`to_csv`, in order.
CSV_COLUMNS = (
    "week",
    "day",
    "session",
    "deload",
    "exercise",
    "how",
    "targets",
    "sets",
    "reps",
    "seconds",
    "metres",
    "per_side",
    "dose",
    "load",
    "progression",
)

_ALIASES = {
    "equipment": {
        "bodyweight": "none",
        "body weight": "none",
        "no equipment": "none",
        "nothing": "none",
        "band": "bands",
        "resistance bands": "bands",
        "dumbbells": "dumbbells-kettlebell",
        "dumbbell": "dumbbells-kettlebell",
        "kettlebell": "dumbbells-kettlebell",
        "kettlebells": "dumbbells-kettlebell",
        "weights": "dumbbells-kettlebell",
        "dumbbells or kettlebell": "dumbbells-kettlebell",
        "barbell": "gym",
    },
    "experience": {
        "beginner": "new",
        "novice": "new",
        "intermediate": "some",
        "advanced": "experienced",
    },
    "goal": {
        "injury-resilience": "resilience",
        "injury resilience": "resilience",
        "general strength": "resilience",
        "injury-resilience / general strength": "resilience",
        "speed and power": "speed",
        "power": "speed",
        "return after a break": "return",
        "comeback": "return",
    },
}


class ProgrammeError(ValueError):
    """Inputs the builder cannot plan for; the message is written for the learner."""


# --------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------
def _shown(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # e.g. an int too long to print
        return "a value too long to show"
    return text if len(text) <= 40 else text[:37] + "..."


def _whole(value: object, what: str) -> int:
    """Turn an input into a whole number or explain why it is not one."""
    if isinstance(value, bool):
        msg = f"{what} must be a whole number, not {value}."
        raise ProgrammeError(msg)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        number = value
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
        if not text:
            msg = f"Choose {what.lower()} first."
            raise ProgrammeError(msg)
        try:
            number = float(text)
        except ValueError:
            msg = f"{what} must be a whole number; got {_shown(value)}."
            raise ProgrammeError(msg) from None
    else:
        msg = f"{what} must be a whole number; got {_shown(value)}."
        raise ProgrammeError(msg)
    if not math.isfinite(number) or not number.is_integer():
        msg = f"{what} must be a whole number; got {_shown(value)}."
        raise ProgrammeError(msg)
    return int(number)


def _choice(value: object, options: Mapping[str, str], what: str) -> str:
    """Match an input to a key of ``options`` (keys, labels and a few aliases accepted)."""
    listed = ", ".join(options)
    if not isinstance(value, str) or not value.strip():
        msg = f"Choose the {what}: one of {listed}. Got {_shown(value)}."
        raise ProgrammeError(msg)
    text = re.sub(r"\s+", " ", value.strip().lower().replace("_", " "))
    for key, label in options.items():
        if text in (key, key.replace("-", " "), label.lower()):
            return key
    alias = _ALIASES[what].get(text)
    if alias is not None:
        return alias
    msg = f"Choose the {what}: one of {listed}. Got {_shown(value)}."
    raise ProgrammeError(msg)


def check_inputs(
    days_per_week: object, equipment: object, experience: object, goal: object, weeks: object
) -> tuple[int, str, str, str, int]:
    """Check and normalise the builder's inputs.

    Returns
    -------
    tuple
        ``(days_per_week, equipment, experience, goal, weeks)`` with the keys of
        :data:`glutelab.exercises.EQUIPMENT`, :data:`EXPERIENCE` and :data:`GOALS`.

    Raises
    ------
    ProgrammeError
        With a learner-readable message for the first problem found.
    """
    days = _whole(days_per_week, "Days per week")
    if days < 1:
        msg = (
            f"Days per week must be at least 1; got {_shown(days)}. The seeds suggest 2 to 3 "
            "strength sessions a week."
        )
        raise ProgrammeError(msg)
    if days > 7:
        msg = (
            "A week has 7 days, so days per week must be 1 to 7; this builder plans 1 to "
            f"{MAX_DAYS} (the seeds suggest {DAYS_SUGGESTED[0]} to {DAYS_SUGGESTED[1]})."
        )
        raise ProgrammeError(msg)
    if days > MAX_DAYS:
        msg = (
            f"{days} strength days a week leaves no easy days for running and recovery. "
            f"The seeds suggest {DAYS_SUGGESTED[0]} to {DAYS_SUGGESTED[1]}; this builder "
            f"plans 1 to {MAX_DAYS}."
        )
        raise ProgrammeError(msg)
    kit = _choice(equipment, X.EQUIPMENT, "equipment")
    level = _choice(experience, EXPERIENCE, "experience")
    aim = _choice(goal, GOALS, "goal")
    n_weeks = _whole(weeks, "Weeks")
    lo, hi = WEEKS_RANGE
    if not lo <= n_weeks <= hi:
        msg = (
            f"This builder plans {lo} to {hi} weeks (long enough for strength to rise, short "
            f"enough to review and re-plan); got {_shown(n_weeks)}."
        )
        raise ProgrammeError(msg)
    return days, kit, level, aim, n_weeks


# --------------------------------------------------------------------------------------
# Plan rows
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanRow:
    """One exercise on one day of one week.

    Exactly one of ``reps``, ``seconds`` and ``metres`` is set; ``per_side`` means each leg
    (or side) does the dose.
    """

    week: int
    day: int
    session: str
    exercise_key: str
    exercise: str
    how: str
    targets: str
    sets: int
    reps: int | None
    seconds: int | None
    metres: int | None
    per_side: bool
    load: str
    progression: str
    deload: bool

    @property
    def dose(self) -> str:
        """Sets and reps (or time, or distance) in words, e.g. ``"3 × 10 reps each side"``."""
        if self.reps is not None:
            amount = f"{self.reps} reps"
        elif self.seconds is not None:
            amount = f"{self.seconds} s"
        else:
            amount = f"{self.metres} m"
        side = " each side" if self.per_side else ""
        return f"{self.sets} × {amount}{side}"

    def as_dict(self) -> dict[str, object]:
        """Return the row as :data:`CSV_COLUMNS` → value (empty strings for missing numbers)."""
        return {
            "week": self.week,
            "day": self.day,
            "session": self.session,
            "deload": "yes" if self.deload else "no",
            "exercise": self.exercise,
            "how": self.how,
            "targets": self.targets,
            "sets": self.sets,
            "reps": "" if self.reps is None else self.reps,
            "seconds": "" if self.seconds is None else self.seconds,
            "metres": "" if self.metres is None else self.metres,
            "per_side": "yes" if self.per_side else "no",
            "dose": self.dose,
            "load": self.load,
            "progression": self.progression,
        }


@dataclass(frozen=True)
class Programme:
    """A whole plan: inputs, rows, deload weeks, and the reasons behind it."""

    days_per_week: int
    equipment: str
    experience: str
    goal: str
    weeks: int
    rows: tuple[PlanRow, ...]
    deload_weeks: tuple[int, ...]
    reasons: tuple[str, ...]
    choices: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...] = field(default=())

    def week(self, n: int) -> tuple[PlanRow, ...]:
        """Rows of week ``n`` (1-based)."""
        return tuple(r for r in self.rows if r.week == n)

    def session(self, week: int, day: int) -> tuple[PlanRow, ...]:
        """Rows of one day of one week."""
        return tuple(r for r in self.rows if r.week == week and r.day == day)

    @property
    def exercises(self) -> tuple[str, ...]:
        """Names of the exercises used, in order of first appearance."""
        return tuple(dict.fromkeys(r.exercise for r in self.rows))

    @property
    def title(self) -> str:
        """One line naming the plan, e.g. ``"8 weeks, 3 days a week, resistance bands, ..."``."""
        return (
            f"{self.weeks} weeks, {self.days_per_week} day{'s' if self.days_per_week > 1 else ''}"
            f" a week, {X.EQUIPMENT[self.equipment]}, {EXPERIENCE[self.experience]}, goal: "
            f"{GOALS[self.goal]}"
        )

    def summary(self) -> dict[str, object]:
        """Return what the progress store keeps of a plan (JSON-serialisable).

        Keys: ``days_per_week``, ``equipment``, ``experience``, ``goal``, ``weeks`` (the
        inputs, as keys), ``deload_weeks`` (list of int), ``sessions`` (number of training
        days in the plan), ``exercises`` (list of names) and ``title`` (one line).
        """
        return {
            "days_per_week": self.days_per_week,
            "equipment": self.equipment,
            "experience": self.experience,
            "goal": self.goal,
            "weeks": self.weeks,
            "deload_weeks": list(self.deload_weeks),
            "sessions": self.weeks * self.days_per_week,
            "exercises": list(self.exercises),
            "title": self.title,
        }


# --------------------------------------------------------------------------------------
# Exercise choice
# --------------------------------------------------------------------------------------
#: Session templates: slot → exercise keys in order of preference. Day 1 uses A, day 2 B, ...
_TEMPLATES = {
    "A": (
        ("main", ("hip_thrust", "glute_bridge")),
        ("single-leg", ("step_up", "lunge")),
        ("medius", ("side_plank_abduction", "side_lying_abduction", "clamshell")),
        ("length", ("staggered_stance_hinge", "step_to_lateral_hip_shift")),
        ("power", ("kettlebell_swing", "hill_sprints", "stairs")),
    ),
    "B": (
        ("main", ("deadlift", "cable_pull_through", "single_leg_deadlift", "glute_bridge")),
        ("single-leg", ("lunge", "step_up")),
        ("medius", ("lateral_band_walk", "clamshell", "side_lying_abduction")),
        ("length", ("step_to_lateral_hip_shift", "staggered_stance_hinge")),
        ("power", ("hill_sprints", "stairs")),
    ),
    "C": (
        ("main", ("squat", "hip_thrust", "glute_bridge")),
        ("single-leg", ("single_leg_deadlift", "step_up", "lunge")),
        ("medius", ("side_lying_abduction", "clamshell")),
        ("length", ("co_contraction_box", "staggered_stance_hinge")),
        ("power", ("stairs", "hill_sprints")),
    ),
    "D": (
        ("main", ("single_leg_back_extension", "prone_hip_extension", "glute_bridge")),
        ("single-leg", ("step_up", "lunge")),
        ("medius", ("clamshell", "side_lying_abduction")),
        ("length", ("step_to_lateral_hip_shift", "co_contraction_box")),
        ("power", ("stairs", "hill_sprints")),
    ),
}
_WARM_UP = ("leg_swings",)
_SPEED_WARM_UP = ("leg_swings", "a_drill")
_EASY_ENOUGH = {"new": {"easy", "moderate"}, "return": {"easy", "moderate"}}
_KIT_ORDER = ("gym", "dumbbells-kettlebell", "bands", "none")

#: How each exercise is done with each kind of equipment: key → equipment → (how, load).
_HOW = {
    "hip_thrust": {
        "gym": ("barbell hip thrust, shoulders on a bench, pad on the bar", "barbell"),
        "dumbbells-kettlebell": (
            "hip thrust, shoulders on a bench, weight on the hips",
            "dumbbell or kettlebell",
        ),
        "bands": ("hip thrust with a band across the hips, held down by the hands", "band"),
        "none": (
            "hip thrust, shoulders on a sofa or bench; go single-leg when it is easy",
            "body weight",
        ),
    },
    "glute_bridge": {
        "gym": ("bridge with a plate or bar on the hips", "plate or barbell"),
        "dumbbells-kettlebell": ("bridge with a weight on the hips", "dumbbell or kettlebell"),
        "bands": ("bridge with a band just above the knees", "band"),
        "none": ("bridge on both legs; single-leg when it is easy", "body weight"),
    },
    "deadlift": {
        "gym": ("Romanian deadlift with a barbell", "barbell"),
        "dumbbells-kettlebell": (
            "Romanian deadlift holding dumbbells or a kettlebell",
            "dumbbells or kettlebell",
        ),
    },
    "cable_pull_through": {
        "gym": ("pull-through from a low cable", "cable"),
        "bands": ("pull-through with a band anchored low behind you", "band"),
    },
    "single_leg_deadlift": {
        "gym": ("single-leg deadlift holding a dumbbell in the opposite hand", "dumbbell"),
        "dumbbells-kettlebell": (
            "single-leg deadlift holding a weight in the opposite hand",
            "dumbbell or kettlebell",
        ),
        "none": ("single-leg deadlift, fingertips on a wall if needed", "body weight"),
    },
    "step_up": {
        "gym": ("step-up onto a knee-high box holding dumbbells", "dumbbells"),
        "dumbbells-kettlebell": (
            "step-up onto a knee-high step holding the weights",
            "dumbbells or kettlebell",
        ),
        "none": ("step-up onto a knee-high step or bench", "body weight"),
    },
    "lunge": {
        "gym": ("reverse lunge holding dumbbells", "dumbbells"),
        "dumbbells-kettlebell": ("reverse lunge holding the weights", "dumbbells or kettlebell"),
        "none": ("reverse lunge", "body weight"),
    },
    "squat": {
        "gym": ("back or front squat", "barbell"),
        "dumbbells-kettlebell": (
            "goblet squat, weight held at the chest",
            "dumbbell or kettlebell",
        ),
        "none": ("squat to a chair", "body weight"),
    },
    "side_plank_abduction": {
        "none": ("side plank on the forearm, lifting the top leg", "body weight"),
    },
    "side_lying_abduction": {
        "dumbbells-kettlebell": ("side-lying leg raise with an ankle weight", "ankle weight"),
        "none": ("side-lying leg raise, top leg slightly behind you", "body weight"),
    },
    "clamshell": {
        "bands": ("clamshell with a band above the knees", "band"),
        "none": ("clamshell, heels together", "body weight"),
    },
    "lateral_band_walk": {
        "bands": ("small side steps with a band above the knees or round the ankles", "band"),
    },
    "staggered_stance_hinge": {
        "gym": ("staggered-stance hinge holding a dumbbell", "dumbbell"),
        "dumbbells-kettlebell": (
            "staggered-stance hinge holding a weight",
            "dumbbell or kettlebell",
        ),
        "none": (
            "staggered-stance hinge: knee over the laces, feel the inner heel, toes relaxed",
            "body weight",
        ),
    },
    "step_to_lateral_hip_shift": {
        "none": (
            "step onto one leg and shift the hips over it: knee over toes, chest over knee",
            "body weight",
        ),
    },
    "co_contraction_box": {
        "none": (
            "drive up onto a knee-high box, straightening the hip before the knee",
            "body weight",
        ),
    },
    "single_leg_back_extension": {
        "gym": ("single-leg back extension on a 45° bench", "body weight, then a plate"),
    },
    "prone_hip_extension": {
        "dumbbells-kettlebell": (
            "lying face down, knee bent, lift the thigh; ankle weight",
            "ankle weight",
        ),
        "none": ("lying face down, knee bent, lift the thigh", "body weight"),
    },
    "kettlebell_swing": {
        "gym": ("two-handed kettlebell swing, hips snap forward", "kettlebell"),
        "dumbbells-kettlebell": (
            "two-handed swing with a kettlebell or dumbbell",
            "kettlebell or dumbbell",
        ),
    },
    "hill_sprints": {
        "none": ("hill sprint on a moderate slope, walk back down to recover fully", "body weight"),
    },
    "stairs": {
        "none": ("run up a flight of stairs, walk down", "body weight"),
    },
    "leg_swings": {
        "none": ("leg swings forwards-backwards and side to side, a hand on a wall", "body weight"),
    },
    "a_drill": {
        "none": ("A-drill: march, then skip, over 15-20 m", "body weight"),
    },
}


def _usable(key: str, kit: str, level: str, aim: str) -> bool:
    ex = X.exercise(key)
    if not X.usable_with(ex, kit):
        return False
    allowed = _EASY_ENOUGH.get(aim, _EASY_ENOUGH.get(level))
    return allowed is None or ex.difficulty in allowed


def _pick(candidates: tuple[str, ...], kit: str, level: str, aim: str, taken: set[str]) -> str:
    for key in candidates:
        if key not in taken and _usable(key, kit, level, aim):
            return key
    return ""


def _how(key: str, kit: str) -> tuple[str, str]:
    options = _HOW[key]
    have = X.KIT_CONTENTS[kit]
    for equip in _KIT_ORDER:
        if equip in have and equip in options:
            return options[equip]
    raise AssertionError(key)  # pragma: no cover - _usable() checked the kit


def _targets(key: str) -> str:
    ex = X.exercise(key)
    focus = [m for m in X.MUSCLES if m in ex.glute_focus]
    return "; ".join(focus) if focus else ", ".join(ex.targets)


# --------------------------------------------------------------------------------------
# Doses and progression
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Scheme:
    """How one exercise's dose starts and grows."""

    sets: int
    reps: int | None = None
    seconds: int | None = None
    metres: int | None = None
    per_side: bool = False
    rep_step: int = 0
    rep_cap: int = 0
    set_cap: int = 0
    set_every: int = 0  # +1 set every n progress weeks (load-based progression)
    start_week: int = 1
    load: str = ""
    rule: str = ""

    def at(self, step: int) -> tuple[int, int | None]:
        """Return sets and reps after ``step`` weeks of progress."""
        if self.set_every:
            return min(self.sets + step // self.set_every, self.set_cap), self.reps
        if self.rep_step and self.reps is not None:
            reps = min(self.reps + self.rep_step * step, self.rep_cap)
            weeks_to_cap = -(-(self.rep_cap - self.reps) // self.rep_step)
            extra = max(0, step - weeks_to_cap)
            return min(self.sets + extra, self.set_cap), reps
        if self.set_cap:
            return min(self.sets + step, self.set_cap), self.reps
        return self.sets, self.reps


_PER_SIDE = {
    "lateral_band_walk",
    "step_up",
    "lunge",
    "single_leg_deadlift",
    "side_plank_abduction",
    "side_lying_abduction",
    "clamshell",
    "staggered_stance_hinge",
    "step_to_lateral_hip_shift",
    "co_contraction_box",
    "single_leg_back_extension",
    "prone_hip_extension",
    "leg_swings",
}
_RESERVE = {
    "new": "choose a version you could do 4 more times at the end of each set",
    "some": "stop each set with about 2-3 reps in reserve",
    "experienced": "stop each set with about 1-2 reps in reserve",
    "return": "keep it easy to moderate: stop each set 3-4 reps short of failure",
}


def _reps_rule(sets: int, reps: int, cap: int, set_cap: int) -> str:
    if sets >= set_cap:
        return f"+2 reps a week up to {cap}, then a harder version or more load"
    return f"+2 reps a week up to {cap}, then +1 set a week up to {set_cap} sets"


def _strength_scheme(key: str, slot: str, level: str, aim: str, *, loaded: bool) -> _Scheme:
    per_side = key in _PER_SIDE
    how_load = _RESERVE["return" if aim == "return" else level]
    if aim == "return":
        cap_sets = 4 if level == "experienced" else 3
        return _Scheme(
            sets=2,
            reps=8,
            per_side=per_side,
            rep_step=2,
            rep_cap=12,
            set_cap=cap_sets,
            load=how_load,
            rule=_reps_rule(2, 8, 12, cap_sets),
        )
    if level == "new":
        return _Scheme(
            sets=2,
            reps=8,
            per_side=per_side,
            rep_step=2,
            rep_cap=12,
            set_cap=3,
            load=how_load,
            rule=_reps_rule(2, 8, 12, 3),
        )
    if loaded and slot == "main" and (level == "experienced" or aim == "speed"):
        reps = 5 if aim == "speed" else 6
        cap = 5 if level == "experienced" else 4
        return _Scheme(
            sets=3,
            reps=reps,
            per_side=per_side,
            set_cap=cap,
            set_every=2,
            load=f"{how_load}; add the smallest step of resistance once every set feels that easy",
            rule=f"+1 set every 2 weeks up to {cap}; more weight when all sets are done with reps in reserve",
        )
    cap_sets = 4
    return _Scheme(
        sets=3 if level == "experienced" else 2,
        reps=8,
        per_side=per_side,
        rep_step=2,
        rep_cap=12,
        set_cap=cap_sets,
        load=how_load,
        rule=_reps_rule(3 if level == "experienced" else 2, 8, 12, cap_sets),
    )


def _power_scheme(key: str, level: str) -> _Scheme:
    start = 3 if level == "new" else 1
    if key == "kettlebell_swing":
        reps = 8 if level == "new" else 10
        return _Scheme(
            sets=3,
            reps=reps,
            set_cap=5,
            start_week=start,
            load="a weight you can swing fast with a flat back; rest 1 min between sets",
            rule="+1 set a week up to 5; keep every rep fast",
        )
    if key == "hill_sprints":
        return _Scheme(
            sets=4,
            seconds=8,
            set_cap=8,
            start_week=start,
            load="hard but relaxed, not all-out; walk back down (about 1-2 min)",
            rule="+1 sprint a week up to 8; stop when they slow down",
        )
    return _Scheme(
        sets=3,
        seconds=20,
        set_cap=6,
        start_week=start,
        load="brisk, not all-out; walk down to recover",
        rule="+1 climb a week up to 6",
    )


def _fixed_scheme(key: str) -> _Scheme:
    if key == "a_drill":
        return _Scheme(sets=2, metres=20, load="easy, springy", rule="the same every week")
    return _Scheme(
        sets=1,
        reps=10,
        per_side=True,
        load="relaxed, through a comfortable range",
        rule="the same every week",
    )


def _deload(prev_sets: int, scheme: _Scheme) -> tuple[int, int | None]:
    return max(1, math.ceil(prev_sets / 2)), scheme.reps


# --------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------
def _sessions(days: int, kit: str, level: str, aim: str) -> list[list[tuple[str, str]]]:
    """Exercise keys of each training day, as ``(slot, key)`` pairs."""
    out = []
    for letter in "ABCD"[:days]:
        taken: set[str] = set()
        day = [("warm-up", k) for k in (_SPEED_WARM_UP if aim == "speed" else _WARM_UP)]
        for slot, candidates in _TEMPLATES[letter]:
            if slot == "power" and aim != "speed":
                continue
            key = _pick(candidates, kit, level, aim, taken)
            if key:
                taken.add(key)
                day.append((slot, key))
        out.append(day)
    return out


def _scheme(slot: str, key: str, level: str, aim: str, *, loaded: bool) -> _Scheme:
    if slot == "warm-up":
        return _fixed_scheme(key)
    if slot == "power":
        return _power_scheme(key, level)
    return _strength_scheme(key, slot, level, aim, loaded=loaded)


def _rows(
    sessions: list[list[tuple[str, str]]], kit: str, level: str, aim: str, weeks: int
) -> tuple[PlanRow, ...]:
    deloads = DELOAD_WEEKS[weeks]
    rows = []
    for day_index, day in enumerate(sessions, start=1):
        letter = "ABCD"[day_index - 1]
        for slot, key in day:
            how, load = _how(key, kit)
            scheme = _scheme(slot, key, level, aim, loaded=load != "body weight")
            step = 0
            prev_sets = scheme.sets
            for week in range(1, weeks + 1):
                if week < scheme.start_week:
                    continue
                deload = week in deloads
                if deload:
                    sets, reps = _deload(prev_sets, scheme)
                    guidance = "deload: about half the sets, lighter, stop well short of effort"
                else:
                    sets, reps = scheme.at(step)
                    step += 1
                    prev_sets = sets
                    guidance = f"{load}: {scheme.load}" if scheme.load else load
                rows.append(
                    PlanRow(
                        week=week,
                        day=day_index,
                        session=letter,
                        exercise_key=key,
                        exercise=X.exercise(key).name,
                        how=how,
                        targets=_targets(key),
                        sets=sets,
                        reps=reps,
                        seconds=scheme.seconds,
                        metres=scheme.metres,
                        per_side=scheme.per_side,
                        load=guidance,
                        progression=scheme.rule,
                        deload=deload,
                    )
                )
    rows.sort(key=lambda r: (r.week, r.day))
    return tuple(rows)


def _hip_thrust_vs_squat() -> str:
    rows = {a.variant: a.value for a in X.exercise("hip_thrust").values("GMax")}
    squat = {a.variant: a.value for a in X.exercise("squat").values("GMax")}
    up, low = rows.get("barbell 10RM, upper GMax"), rows.get("barbell 10RM, lower GMax")
    s_up, s_low = squat.get("back squat 10RM, upper GMax"), squat.get("back squat 10RM, lower GMax")
    return (
        f"In one study of 13 trained women at a 10-repetition maximum, the barbell hip thrust "
        f"gave mean gluteus maximus activity of {up:g} % (upper part) and {low:g} % (lower "
        f"part) of a maximal contraction, against {s_up:g} % and {s_low:g} % for the back "
        "squat (Contreras et al. 2015)."
    )


def _days_reason(days: int) -> tuple[str, str]:
    """Explain the number of days; the second string is a warning (empty if none)."""
    lo, hi = DAYS_SUGGESTED
    if lo <= days <= hi:
        return (
            f"{days} days a week: within the {lo}-{hi} strength sessions a week that seed "
            "article 001 suggests. Put them on easy-run or rest days, not before hard runs.",
            "",
        )
    if days == 1:
        return (
            "1 day a week: fewer than the 2-3 the seeds suggest. It keeps strength ticking "
            "over, but expect slower gains.",
            "One session a week is below the 2-3 the seeds suggest.",
        )
    return (
        f"{days} days a week: more than the 2-3 the seeds suggest. A fourth session with "
        "different main exercises is added; keep an easy day between sessions where you can "
        "and cut back if your running suffers.",
        f"{days} sessions a week is above the 2-3 the seeds suggest.",
    )


def _reasons(
    days: int,
    kit: str,
    level: str,
    aim: str,
    *,
    weeks: int,
    sessions: list[list[tuple[str, str]]],
) -> tuple[list[str], list[str]]:
    reason, warning = _days_reason(days)
    reasons: list[str] = [reason]
    warnings: list[str] = [warning] if warning else []
    used = {k for day in sessions for _, k in day}
    left_out = [
        e.name
        for e in X.seed_exercises()
        if e.role in ("strength", "power") and not X.usable_with(e, kit)
    ]
    reasons.append(
        f"Equipment: {X.EQUIPMENT[kit]}."
        + (f" Left out because they need other kit: {', '.join(left_out)}." if left_out else "")
    )
    gmax = sorted({X.exercise(k).name for day in sessions for s, k in day if s == "main"})
    gmed = sorted({X.exercise(k).name for day in sessions for s, k in day if s == "medius"})
    reasons.append(
        "Every session has at least one exercise aimed at gluteus maximus ("
        + ", ".join(gmax)
        + ") and one at gluteus medius ("
        + ", ".join(gmed)
        + "), plus a single-leg exercise, because running is a series of single-leg "
        "stances."
    )
    if "hip_thrust" in used:
        reasons.append("Hip thrusts lead session A. " + _hip_thrust_vs_squat())
    length = sorted({X.exercise(k).name for day in sessions for s, k in day if s == "length"})
    if length:
        reasons.append(
            "From the 'load through length' school of seed 002: "
            + ", ".join(length)
            + ". No study has measured their activation or tested them in runners; they are "
            "here for control of the standing leg and for variety, on the seed's reasoning, "
            "not on measurements."
        )
    if level == "new" or aim == "return":
        reasons.append(
            "Only exercises that are easy or moderate to learn, starting at 2 sets of 8: "
            "in the first weeks most of the gain comes from learning the movement."
        )
    too_hard = [
        e.name
        for e in X.seed_exercises()
        if e.role in ("strength", "power")
        and X.usable_with(e, kit)
        and not _usable(e.key, kit, level, aim)
    ]
    if too_hard:
        reasons.append(
            "Left out for now as harder to learn: " + ", ".join(too_hard) + ". They can come "
            "in once the basics feel solid."
        )
    if aim == "speed":
        if level == "new":
            lifts = "the basics first (2 sets of 8)"
        elif kit == "none":
            lifts = "body-weight main lifts progressed by reps (no load to add)"
        else:
            lifts = "heavier main lifts with fewer reps (3 sets of 5-6)"
        reasons.append(
            f"Speed and power: {lifts}, the A-drill in the warm-up (seed 000), and one power "
            "item a session (kettlebell swings, hill sprints or stairs, from seeds 000 and "
            "003)."
        )
        if level == "new":
            warnings.append(
                "New to strength training: the power work starts in week 3, after two weeks "
                "of basics."
            )
    if aim == "return":
        warnings.append(
            "Returning after a break: start easier than you think you need to. If the break "
            "was for an injury, check the plan with your physiotherapist."
        )
    deloads = DELOAD_WEEKS[weeks]
    reasons.append(
        "Progression: +2 reps a week up to a cap, then +1 set (or, for main lifts of "
        "experienced lifters and speed plans, +1 set every 2 weeks and more weight when every "
        "set feels easy). Deload in week"
        + ("s " if len(deloads) > 1 else " ")
        + " and ".join(str(w) for w in deloads)
        + ": about half the sets, lighter. These are common coaching conventions, not "
        "prescriptions tested in runners."
    )
    reasons.append(
        "The warm-up is short (leg swings). In 17 rugby players a glute 'activation' "
        "warm-up before heavy pulls left the ground forces unchanged and peak gluteus maximus "
        "EMG slightly lower (Parr et al. 2017); no study has tested such routines for "
        "distance running."
    )
    reasons.append(
        "What to expect: strength usually rises within a few weeks; measurable changes in how "
        "you run are much less certain (reviews by Hall et al. and a 2024-25 scoping review)."
    )
    reasons.append(
        "Not medical advice. Muscle soreness for a day or two is normal early on; pain that "
        "lingers or changes how you move is a reason to stop and see a physiotherapist or "
        "doctor."
    )
    return reasons, warnings


def _choices(sessions: list[list[tuple[str, str]]]) -> tuple[tuple[str, str], ...]:
    out = {}
    for day in sessions:
        for _slot, key in day:
            ex = X.exercise(key)
            if ex.name in out:
                continue
            seeds = f"seed {', '.join(ex.seeds)}" if ex.seeds else "not in the seeds"
            out[ex.name] = f"{seeds}; evidence: {ex.evidence_status}. {ex.evidence_note}"
    return tuple(out.items())


def build_programme(
    days_per_week: object,
    equipment: object,
    experience: object,
    goal: object,
    weeks: object = 8,
) -> Programme:
    """Build a progressive plan from the learner's choices.

    Parameters
    ----------
    days_per_week : int
        Strength sessions a week, 1 to :data:`MAX_DAYS` (2-3 suggested).
    equipment : str
        A key of :data:`glutelab.exercises.EQUIPMENT` (labels and plain words such as
        ``"dumbbells"`` are accepted).
    experience : str
        A key of :data:`EXPERIENCE`.
    goal : str
        A key of :data:`GOALS`.
    weeks : int
        Plan length, 6 to 8.

    Returns
    -------
    Programme
        Rows for every week and day, deload weeks, reasons and warnings.

    Raises
    ------
    ProgrammeError
        For any input it cannot plan for; the message says what to change.
    """
    days, kit, level, aim, n_weeks = check_inputs(days_per_week, equipment, experience, goal, weeks)
    sessions = _sessions(days, kit, level, aim)
    rows = _rows(sessions, kit, level, aim, n_weeks)
    reasons, warnings = _reasons(days, kit, level, aim, weeks=n_weeks, sessions=sessions)
    return Programme(
        days_per_week=days,
        equipment=kit,
        experience=level,
        goal=aim,
        weeks=n_weeks,
        rows=rows,
        deload_weeks=DELOAD_WEEKS[n_weeks],
        reasons=tuple(reasons),
        choices=_choices(sessions),
        warnings=tuple(warnings),
    )


def to_csv(programme: Programme) -> str:
    """Write a plan as CSV text with a header row (columns :data:`CSV_COLUMNS`)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for row in programme.rows:
        writer.writerow(row.as_dict())
    return buffer.getvalue()
