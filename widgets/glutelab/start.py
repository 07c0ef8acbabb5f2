"""The start page's model: the course's lessons, their links, and a summary of saved progress.

Pure functions and frozen dataclasses, no widgets: :mod:`glutelab.start_ui` turns them into
the page. The summary reads the progress store's data as it is on disk and never trusts it:
any record it cannot read is reported as "could not read" and left where it is.

Links
-----
The start page sits in the same folder as the lessons, so a *relative* link to
``01-the-gluteal-complex.ipynb`` opens lesson 01 in Voila wherever the page is served:
``/voila/render/00-start-here.ipynb`` under ``glutelab serve`` (Voila's root is
``lessons/``) and ``<base>/voila/render/lessons/00-start-here.ipynb`` on Binder (the root is
the repository). JupyterLab lives at ``<base>/lab/tree/lessons/<name>`` when it is started
from the course folder, as on Binder; three levels up from the page's folder
(``lessons/``, ``render/``, ``voila/``) is ``<base>/``, hence :func:`lab_href`. A server
started with ``glutelab serve`` has no JupyterLab, and the page says so.

Progress records read (see :mod:`glutelab.progress` for the file itself)
-------------------------------------------------------------------------
* ``lessons[<lesson>]["answers"][<question id>]``: ``{response, correct, score, saved_at}``.
* Lesson 02: ``field_tests`` (``<test>/<side>``, re-scored with :mod:`glutelab.fieldtests`)
  and ``symptoms`` (``checklist``, re-read with :mod:`glutelab.symptoms`).
* Lesson 05: ``cadence_calculator`` (``inputs``).
* Lesson 06: ``programme`` (``latest``), shown whatever its shape.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from . import fieldtests as F
from . import symptoms as S

__all__ = [
    "FIELD_TESTS",
    "LESSONS",
    "PAGE",
    "PROGRAMME_KEYS",
    "FieldTestResult",
    "Lesson",
    "LessonProgress",
    "ProgressSummary",
    "QuestionSet",
    "SavedRecord",
    "SymptomsSummary",
    "TableRow",
    "describe_value",
    "lab_href",
    "lesson",
    "lesson_available",
    "programme_rows",
    "question_set",
    "question_sets",
    "summarise",
    "voila_href",
]

#: The start page's notebook name (the landing page of ``glutelab serve`` and Binder).
PAGE = "00-start-here.ipynb"


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course as the start page lists it.

    Attributes
    ----------
    number : str
        Two digits, ``"01"`` to ``"06"``.
    key : str
        The notebook's stem, also the lesson's key in the progress store.
    title : str
        Title as the notebook's heading gives it.
    goal : str
        One line: what the learner can do afterwards.
    minutes : int or None
        The time the lesson's heading suggests, when it gives one.
    """

    number: str
    key: str
    title: str
    goal: str
    minutes: int | None = None

    @property
    def notebook(self) -> str:
        """Notebook file name, e.g. ``"01-the-gluteal-complex.ipynb"``."""
        return f"{self.key}.ipynb"

    @property
    def module(self) -> str:
        """The lesson's module, e.g. ``"glutelab.lesson01"`` (``LESSON`` and ``questions()``)."""
        return f"glutelab.lesson{self.number}"


#: The lessons in order. Goals are one line each; minutes come from each lesson's heading.
LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "01",
        "01-the-gluteal-complex",
        "The gluteal complex",
        "Predict what each part of gluteus maximus, medius and minimus does at any hip "
        "angle, using a published muscle model.",
        25,
    ),
    Lesson(
        "02",
        "02-sleepy-glutes-signs-and-self-tests",
        "Sleepy glutes: signs and self-tests",
        "Sort the usual 'sleepy glute' signs by the evidence behind them, know the red "
        "flags, and run three field tests on each side.",
        35,
    ),
    Lesson(
        "03",
        "03-feet-pronation-and-the-hip-chain",
        "Feet, pronation and the hip chain",
        "Follow the foot's roll after landing up the shin to the hip, and see how far the "
        "research backs that story.",
        25,
    ),
    Lesson(
        "04",
        "04-hip-extension-through-the-stride",
        "Hip extension through the stride",
        "Go through a running stride phase by phase, see when the glutes actually work, and "
        "judge the 'drive with your hips' cues.",
        30,
    ),
    Lesson(
        "05",
        "05-cadence-step-length-and-form",
        "Cadence, step length and form",
        "Tie step rate, step length and speed together, trace '180 steps a minute' to its "
        "source, and see what a step-rate change does at the hip.",
        40,
    ),
    Lesson(
        "06",
        "06-activation-and-strength",
        "Activation and strength",
        "Read glute 'activation' figures for what they are, see which popular exercises "
        "have been measured, and build a 6–8 week plan you can save.",
        45,
    ),
)

_BY_KEY = {item.key: item for item in LESSONS}

#: Lesson 02's field tests: progress-store key prefix and label, in the lesson's order.
FIELD_TESTS: tuple[tuple[str, str], ...] = (
    ("single_leg_stance", "Single-leg stance (30 s)"),
    ("trendelenburg", "Trendelenburg test"),
    ("single_leg_squat", "Single-leg squat"),
)

_FIELD_LESSON = "02-sleepy-glutes-signs-and-self-tests"
_CALCULATOR_LESSON = "05-cadence-step-length-and-form"
_PROGRAMME_LESSON = "06-activation-and-strength"
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def lesson(key_or_number: str) -> Lesson:
    """Return a lesson by its key (``"01-the-gluteal-complex"``) or number (``"01"``).

    Raises
    ------
    KeyError
        For a lesson the course does not have.
    """
    for item in LESSONS:
        if key_or_number in (item.key, item.number):
            return item
    raise KeyError(key_or_number)


def voila_href(item: Lesson) -> str:
    """Return the link from the start page to a lesson in Voila (relative: same folder).

    Parameters
    ----------
    item : Lesson
        The lesson.

    Returns
    -------
    str
        The URL-quoted notebook name; resolved against the start page's own Voila URL it
        gives the lesson's Voila URL, locally and on Binder alike.
    """
    return quote(item.notebook)


def lab_href(item: Lesson) -> str:
    """Return the link from the start page (in Voila) to a lesson in JupyterLab.

    Parameters
    ----------
    item : Lesson
        The lesson.

    Returns
    -------
    str
        ``../../../lab/tree/lessons/<name>``: from ``<base>/voila/render/lessons/`` that is
        ``<base>/lab/tree/lessons/<name>``, where JupyterLab shows the notebook when it runs
        from the course folder (Binder, or ``jupyter lab`` started there).
    """
    return "../../../lab/tree/lessons/" + quote(item.notebook)


def lesson_available(item: Lesson) -> bool:
    """Return whether the lesson's module is installed (without importing it).

    A lesson still being written has no module yet; the start page then lists it without
    links.
    """
    try:
        return importlib.util.find_spec(item.module) is not None
    except (ImportError, ValueError):
        return False


# -- question totals -------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionSet:
    """The self-check question ids of one lesson, or why they are unknown.

    ``ids`` is ``None`` when the lesson's module could not be loaded; ``note`` then says why.
    """

    ids: tuple[str, ...] | None
    note: str = ""

    @property
    def total(self) -> int | None:
        """Number of questions, or ``None`` when unknown."""
        return None if self.ids is None else len(self.ids)


def question_set(item: Lesson) -> QuestionSet:
    """Load one lesson's self-check question ids from its module, imported only now.

    A lesson still being written (its module missing) or a module that fails to load gives
    an unknown total with a note, never an exception: the start page must always open.

    Parameters
    ----------
    item : Lesson
        The lesson.

    Returns
    -------
    QuestionSet
        The ids of ``questions()`` in order, or ``ids=None`` with the reason.
    """
    try:
        module = importlib.import_module(item.module)
    except ImportError as exc:
        if exc.name == item.module:
            return QuestionSet(None, f"Lesson {item.number} is not in this copy of the course yet.")
        return QuestionSet(None, f"Lesson {item.number} could not be loaded ({exc}).")
    except Exception as exc:  # a broken lesson must not take the start page down with it
        return QuestionSet(
            None, f"Lesson {item.number} could not be loaded ({type(exc).__name__})."
        )
    try:
        ids = tuple(str(q.id) for q in module.questions())
    except Exception as exc:  # as above: report, never raise
        return QuestionSet(
            None,
            f"Lesson {item.number}'s questions could not be listed ({type(exc).__name__}).",
        )
    return QuestionSet(ids)


def question_sets() -> dict[str, QuestionSet]:
    """Return :func:`question_set` for every lesson, keyed by lesson key."""
    return {item.key: question_set(item) for item in LESSONS}


# -- reading records -------------------------------------------------------------------------
def _saved_at(record: object) -> datetime | None:
    if not isinstance(record, Mapping):
        return None
    stamp = record.get("saved_at")
    if not isinstance(stamp, str):
        return None
    try:
        return datetime.strptime(stamp, _TIME_FORMAT)
    except ValueError:
        return None


def _latest(stamps: Sequence[datetime | None]) -> datetime | None:
    known = [s for s in stamps if s is not None]
    if not known:
        return None
    try:
        return max(known)
    except TypeError:  # naive and aware times mixed: compare as wall-clock times
        return max(s.replace(tzinfo=None) for s in known)


def _section(entry: Mapping[str, Any], name: str) -> tuple[dict[str, Any], bool]:
    """Return a lesson section as a dict and whether it was readable."""
    value = entry.get(name, {})
    if isinstance(value, Mapping):
        return dict(value), True
    return {}, False


def _score(record: object) -> float | None:
    """Return an answer record's score (0 to 1), or ``None`` if it cannot be read."""
    if not isinstance(record, Mapping):
        return None
    value = record.get("score")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        return None
    return value


@dataclass(frozen=True)
class LessonProgress:
    """A lesson's self-check progress.

    Attributes
    ----------
    lesson : Lesson
        The lesson.
    total : int or None
        Questions in the lesson's self-check (``None``: unknown, see ``note``).
    answered : int
        Readable answers to the lesson's current questions (to any question, when the total
        is unknown).
    points : float
        Sum of their scores (each 0 to 1; multiple choice gives part marks).
    last_saved : datetime or None
        The newest ``saved_at`` among the lesson's records, answers and other sections.
    unreadable : tuple of str
        What could not be read (question ids, or a section name); left in the file.
    retired : int
        Saved answers to questions the lesson no longer asks (kept, not counted).
    note : str
        Why the total is unknown, when it is.
    """

    lesson: Lesson
    total: int | None
    answered: int
    points: float
    last_saved: datetime | None
    unreadable: tuple[str, ...] = ()
    retired: int = 0
    note: str = ""

    @property
    def score_pct(self) -> float | None:
        """Points as a percentage of the lesson's questions (unanswered count 0)."""
        if not self.total:
            return None
        return 100.0 * self.points / self.total

    @property
    def answered_pct(self) -> float | None:
        """Answered questions as a percentage of the lesson's questions."""
        if not self.total:
            return None
        return 100.0 * self.answered / self.total


def _lesson_progress(item: Lesson, entry: Mapping[str, Any], qset: QuestionSet) -> LessonProgress:
    answers, readable = _section(entry, "answers")
    unreadable: list[str] = [] if readable else ["answers"]
    known = set(qset.ids) if qset.ids is not None else None
    answered, points, retired = 0, 0.0, 0
    stamps: list[datetime | None] = []
    for qid, record in answers.items():
        value = _score(record)
        if value is None:
            unreadable.append(str(qid))
            continue
        if known is not None and qid not in known:
            retired += 1
            continue
        answered += 1
        points += value
        stamps.append(_saved_at(record))
    for name, section in entry.items():
        if name != "answers" and isinstance(section, Mapping):
            stamps.extend(_saved_at(record) for record in section.values())
    return LessonProgress(
        lesson=item,
        total=qset.total,
        answered=answered,
        points=points,
        last_saved=_latest(stamps),
        unreadable=tuple(unreadable),
        retired=retired,
        note=qset.note,
    )


# -- lesson 02: field tests and symptoms -----------------------------------------------------
@dataclass(frozen=True)
class FieldTestResult:
    """One side of one field test as saved in lesson 02.

    ``status`` is ``"saved"``, ``"missing"`` or ``"unreadable"``; ``text`` is a one-line
    result (empty unless saved); ``attention`` is true when the result involved pain, a
    reason to see a physiotherapist rather than to keep testing.
    """

    test: str
    label: str
    side: str
    status: str
    text: str = ""
    attention: bool = False
    saved_at: datetime | None = None


_TRENDELENBURG_WORDS = {
    "negative": "negative, a normal result",
    "positive": "positive: the pelvis could not be raised, or not held for 30 s",
    "inconclusive": "inconclusive: pain, lost balance or a trick movement spoilt it",
}


def _field_result(test: str, record: Mapping[str, Any]) -> tuple[str, bool]:
    """Re-score a saved field test with the lesson's own model; raise if it cannot be read."""
    if test == "single_leg_stance":
        stance = F.single_leg_stance(record["hold_s"], record["hip_drop"], record["pain_0_10"])
        return stance.headline, stance.pain_positive
    if test == "trendelenburg":
        result = F.trendelenburg(
            record["hold_s"],
            record["pelvis_level_or_raised"],
            record["pain"],
            record["trick_movement"],
            record["lost_balance"],
        )
        text = f"Held {result.hold_s:g} s; {_TRENDELENBURG_WORDS[result.outcome]}."
        return text, result.pain
    squat = F.single_leg_squat(record["ratings"])
    poor = sum(1 for rating in squat.ratings.values() if rating == "poor")
    detail = f" ({poor} of {len(squat.ratings)} criteria poor)" if poor else ""
    return f"Overall rating: {squat.overall}{detail}.", False


def _field_tests(section: Mapping[str, Any]) -> tuple[FieldTestResult, ...]:
    results = []
    for test, label in FIELD_TESTS:
        for side in F.SIDES:
            record = section.get(f"{test}/{side}")
            if record is None:
                results.append(FieldTestResult(test, label, side, "missing"))
                continue
            try:
                if not isinstance(record, Mapping):
                    raise TypeError(record)
                text, attention = _field_result(test, record)
            except (ValueError, KeyError, TypeError, AttributeError):
                results.append(FieldTestResult(test, label, side, "unreadable"))
                continue
            results.append(
                FieldTestResult(test, label, side, "saved", text, attention, _saved_at(record))
            )
    return tuple(results)


@dataclass(frozen=True)
class SymptomsSummary:
    """Lesson 02's saved symptom checklist.

    ``status`` is ``"saved"`` or ``"unreadable"``. When saved: the number of signs and red
    flags ticked, the red-flag message to repeat (empty if none), whether it is urgent, and
    the lesson the checklist suggested first (``""`` if none).
    """

    status: str
    signs: int = 0
    red_flags: int = 0
    red_flag_message: str = ""
    urgent: bool = False
    first_lesson: str = ""
    saved_at: datetime | None = None


def _symptoms(record: object) -> SymptomsSummary:
    if not isinstance(record, Mapping):
        return SymptomsSummary("unreadable")
    signs, flags = record.get("signs"), record.get("red_flags")
    if not isinstance(signs, list) or not isinstance(flags, list):
        return SymptomsSummary("unreadable")
    try:
        assessment = S.assess(signs, flags)
    except (ValueError, TypeError):
        return SymptomsSummary("unreadable")
    return SymptomsSummary(
        "saved",
        signs=len(assessment.explanations),
        red_flags=len(assessment.red_flags),
        red_flag_message=assessment.red_flag_message,
        urgent=assessment.urgent,
        first_lesson=assessment.lessons[0] if assessment.lessons else "",
        saved_at=_saved_at(record),
    )


# -- lessons 05 and 06: saved inputs and the programme ---------------------------------------
@dataclass(frozen=True)
class TableRow:
    """One labelled line of a saved record; ``table`` holds a list of records as rows.

    ``table`` is ``None`` or ``(header, rows)`` with every cell already turned into text.
    """

    label: str
    text: str = ""
    table: tuple[tuple[str, ...], tuple[tuple[str, ...], ...]] | None = None


@dataclass(frozen=True)
class SavedRecord:
    """A saved record turned into labelled lines.

    ``status`` is ``"saved"`` or ``"unreadable"``; ``rows`` is empty when unreadable.
    """

    status: str
    rows: tuple[TableRow, ...] = ()
    saved_at: datetime | None = None


_MAX_TEXT = 400
_MAX_ROWS = 60


def _label(key: object) -> str:
    text = str(key).replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else "(no name)"


def describe_value(value: object, depth: int = 0) -> str:
    """Turn any JSON value into one short line of plain text (not escaped).

    Parameters
    ----------
    value : object
        A value from the progress file: ``None``, a bool, number, string, list or dict.
    depth : int
        Nesting level reached so far; below three levels an ellipsis stands in.

    Returns
    -------
    str
        At most 400 characters. Booleans read yes/no, fractional numbers use ``%g``.
    """
    if depth > 2:
        return "…"
    if value is None:
        text = "–"
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = f"{value:g}"
    elif isinstance(value, str):
        text = value
    elif isinstance(value, Mapping):
        text = "; ".join(
            f"{_label(k)}: {describe_value(v, depth + 1)}"
            for k, v in value.items()
            if k != "saved_at"
        )
    elif isinstance(value, list | tuple):
        sep = ", " if all(not isinstance(v, Mapping | list | tuple) for v in value) else "; "
        text = sep.join(describe_value(v, depth + 1) for v in value)
    else:
        text = str(value)
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _records_table(value: list) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    columns: list[str] = []
    for record in value:
        columns.extend(k for k in record if k not in columns and k != "saved_at")
    rows = tuple(
        tuple(describe_value(record.get(c), 1) if c in record else "" for c in columns)
        for record in value[:_MAX_ROWS]
    )
    return tuple(_label(c) for c in columns), rows


#: Keys a programme is likely to have, shown first and in this order when present. Lesson 06
#: saves ``title``, ``goal``, ``experience``, ``equipment``, ``weeks``, ``days_per_week``,
#: ``sessions``, ``deload_weeks`` and ``exercises``; anything else follows, sorted.
PROGRAMME_KEYS = (
    "title",
    "name",
    "summary",
    "goal",
    "experience",
    "level",
    "equipment",
    "weeks",
    "days_per_week",
    "sessions_per_week",
    "sessions",
    "deload_weeks",
    "days",
    "exercises",
    "progression",
    "notes",
)


def programme_rows(record: Mapping[str, Any], first: Sequence[str] = PROGRAMME_KEYS) -> tuple:
    """Turn a saved record of unknown shape into labelled rows, known keys first.

    Parameters
    ----------
    record : mapping
        A saved record (``saved_at`` is left out).
    first : sequence of str
        Keys to show first, in this order, when present; the rest follow sorted.

    Returns
    -------
    tuple of TableRow
        A list whose items are all records (e.g. days, each with exercises) becomes a
        table; anything else becomes one line of text.
    """
    keys = [k for k in first if k in record]
    keys += sorted((k for k in record if k not in keys and k != "saved_at"), key=str)
    rows = []
    for key in keys:
        value = record[key]
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            rows.append(TableRow(_label(key), table=_records_table(value)))
        else:
            rows.append(TableRow(_label(key), describe_value(value)))
    return tuple(rows)


def _saved_record(record: object, first: Sequence[str] = PROGRAMME_KEYS) -> SavedRecord:
    if not isinstance(record, Mapping):
        return SavedRecord("unreadable")
    try:
        rows = programme_rows(record, first)
    except (TypeError, ValueError, AttributeError):
        return SavedRecord("unreadable")
    return SavedRecord("saved", rows, _saved_at(record))


def _calculator(record: object) -> SavedRecord:
    if not isinstance(record, Mapping):
        return SavedRecord("unreadable")
    try:
        pace, unit = str(record["pace"]), str(record["unit"])
        cadence = str(record["cadence"])
        percent = float(record["percent"])
    except (KeyError, TypeError, ValueError):
        return SavedRecord("unreadable")
    if not math.isfinite(percent):
        return SavedRecord("unreadable")
    rows = (
        TableRow("Speed or pace", f"{pace} {unit}"),
        TableRow("Cadence now", f"{cadence} steps/min"),
        TableRow("Change tried", f"{percent:+g} %"),
    )
    return SavedRecord("saved", rows, _saved_at(record))


# -- the whole summary -----------------------------------------------------------------------
@dataclass(frozen=True)
class ProgressSummary:
    """Everything the start page shows about the learner's saved progress.

    Attributes
    ----------
    lessons : tuple of LessonProgress
        One per lesson, in course order.
    field_tests : tuple of FieldTestResult
        Lesson 02's three tests, left then right for each.
    field_tests_unreadable : bool
        Lesson 02's field-test section itself could not be read.
    symptoms : SymptomsSummary or None
        Lesson 02's checklist, if saved.
    calculator : SavedRecord or None
        Lesson 05's calculator inputs, if saved.
    programme : SavedRecord or None
        Lesson 06's latest programme, if saved.
    other_keys : tuple of str
        Records in the file under names that are not lessons of this course (kept).
    problems : tuple of str
        Whole parts of the file that could not be read.
    """

    lessons: tuple[LessonProgress, ...]
    field_tests: tuple[FieldTestResult, ...]
    field_tests_unreadable: bool = False
    symptoms: SymptomsSummary | None = None
    calculator: SavedRecord | None = None
    programme: SavedRecord | None = None
    other_keys: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def for_lesson(self, key_or_number: str) -> LessonProgress:
        """Return one lesson's progress by key or number."""
        wanted = lesson(key_or_number).key
        return next(p for p in self.lessons if p.lesson.key == wanted)

    @property
    def answered(self) -> int:
        """Self-check answers saved across the course (current questions)."""
        return sum(p.answered for p in self.lessons)

    @property
    def empty(self) -> bool:
        """True when nothing at all is saved."""
        return (
            self.answered == 0
            and all(p.last_saved is None and not p.unreadable for p in self.lessons)
            and all(r.status == "missing" for r in self.field_tests)
            and self.symptoms is None
            and self.calculator is None
            and self.programme is None
            and not self.other_keys
            and not self.problems
        )


def summarise(data: object, sets: Mapping[str, QuestionSet] | None = None) -> ProgressSummary:
    """Summarise a progress store's data for the start page; never raises on bad data.

    Parameters
    ----------
    data : object
        ``ProgressStore.data``: ``{"version": 1, "lessons": {key: {...}}}``. Anything else,
        at any level, is reported as unreadable rather than trusted.
    sets : mapping of str to QuestionSet, optional
        Question ids per lesson key; loaded from the lesson modules when not given
        (:func:`question_sets`).

    Returns
    -------
    ProgressSummary
        Per-lesson counts and scores, lesson 02's field tests and checklist, lesson 05's
        calculator inputs, lesson 06's programme, and what could not be read.
    """
    if sets is None:
        sets = question_sets()
    problems: list[str] = []
    lessons_data: Mapping[str, Any] = {}
    if isinstance(data, Mapping) and isinstance(data.get("lessons"), Mapping):
        lessons_data = data["lessons"]
    elif data:
        problems.append("The progress data is not laid out as expected.")

    entries: dict[str, Mapping[str, Any]] = {}
    for key, entry in lessons_data.items():
        if isinstance(entry, Mapping):
            entries[str(key)] = entry
        elif key in _BY_KEY:
            problems.append(f"The record of lesson {_BY_KEY[key].number} could not be read.")
    progress = tuple(
        _lesson_progress(
            item, entries.get(item.key, {}), sets.get(item.key, QuestionSet(None, "unknown"))
        )
        for item in LESSONS
    )

    lesson02 = entries.get(_FIELD_LESSON, {})
    tests_section, tests_ok = _section(lesson02, "field_tests")
    symptoms_section, symptoms_ok = _section(lesson02, "symptoms")
    symptoms = None
    if not symptoms_ok:
        symptoms = SymptomsSummary("unreadable")
    elif "checklist" in symptoms_section:
        symptoms = _symptoms(symptoms_section["checklist"])

    calculator_section, calculator_ok = _section(
        entries.get(_CALCULATOR_LESSON, {}), "cadence_calculator"
    )
    calculator = None
    if not calculator_ok:
        calculator = SavedRecord("unreadable")
    elif "inputs" in calculator_section:
        calculator = _calculator(calculator_section["inputs"])

    programme_section, programme_ok = _section(entries.get(_PROGRAMME_LESSON, {}), "programme")
    programme = None
    if not programme_ok:
        programme = SavedRecord("unreadable")
    elif "latest" in programme_section:
        programme = _saved_record(programme_section["latest"])

    return ProgressSummary(
        lessons=progress,
        field_tests=_field_tests(tests_section),
        field_tests_unreadable=not tests_ok,
        symptoms=symptoms,
        calculator=calculator,
        programme=programme,
        other_keys=tuple(sorted(str(k) for k in lessons_data if k not in _BY_KEY)),
        problems=tuple(problems),
    )
