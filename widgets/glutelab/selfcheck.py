"""Self-check questions and their scoring: pure functions, no widgets.

Three question types cover the course: :class:`SingleChoice`, :class:`MultipleChoice` and
:class:`Numeric` (with a tolerance and a plausible range). :func:`score` turns a response
into a :class:`Result` whose feedback teaches: every option carries its own explanation,
and the question's ``explanation`` closes every answer, right or wrong.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = [
    "InvalidAnswer",
    "MultipleChoice",
    "Numeric",
    "Option",
    "Result",
    "SingleChoice",
    "parse_number",
    "score",
]


class InvalidAnswer(ValueError):  # noqa: N818 - an answer, not a program error
    """A response that cannot be scored (empty, not a number, out of range)."""


@dataclass(frozen=True)
class Option:
    """One answer option and the feedback shown when it is chosen."""

    label: str
    feedback: str
    correct: bool = False


@dataclass(frozen=True)
class _Choice:
    id: str
    prompt: str
    options: tuple[Option, ...]
    explanation: str = ""


@dataclass(frozen=True)
class SingleChoice(_Choice):
    """Exactly one option is right."""

    def __post_init__(self) -> None:
        if sum(o.correct for o in self.options) != 1:
            msg = f"{self.id}: a single-choice question needs exactly one correct option"
            raise ValueError(msg)


@dataclass(frozen=True)
class MultipleChoice(_Choice):
    """Any number of options (at least one) are right; the learner ticks all that apply."""

    def __post_init__(self) -> None:
        if not any(o.correct for o in self.options):
            msg = f"{self.id}: a multiple-choice question needs a correct option"
            raise ValueError(msg)


@dataclass(frozen=True)
class Numeric:
    """A number, right when within ``tolerance`` of ``answer``.

    ``minimum`` and ``maximum`` bound what is physically plausible; answers outside them are
    refused with a message instead of being marked wrong (they are usually typos or a unit
    slip), and ``too_low``/``too_high`` explain what a wrong answer on either side suggests.
    """

    id: str
    prompt: str
    answer: float
    tolerance: float
    unit: str = ""
    minimum: float = -math.inf
    maximum: float = math.inf
    explanation: str = ""
    too_low: str = "That is too low."
    too_high: str = "That is too high."
    placeholder: str = field(default="a number")


Question = SingleChoice | MultipleChoice | Numeric


@dataclass(frozen=True)
class Result:
    """The outcome of scoring one response."""

    correct: bool
    score: float
    feedback: str

    def as_dict(self) -> dict[str, object]:
        """Return the fields saved to the progress store."""
        return {"correct": self.correct, "score": self.score}


def parse_number(text: object, question: Numeric) -> float:
    """Turn the learner's typed text into a number within the question's range.

    Accepts a comma as the decimal mark and a trailing unit (``"4,8 cm"``).

    Raises
    ------
    InvalidAnswer
        With a message fit to show the learner.
    """
    if isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
    else:
        cleaned = str(text if text is not None else "").strip()
        if not cleaned:
            msg = f"Type {question.placeholder} first."
            raise InvalidAnswer(msg)
        if question.unit and cleaned.lower().endswith(question.unit.lower()):
            cleaned = cleaned[: -len(question.unit)].strip()
        cleaned = cleaned.replace(",", ".").replace("−", "-")
        try:
            value = float(cleaned)
        except ValueError:
            msg = f"“{text}” is not a number. Type {question.placeholder}, for example 4.5."
            raise InvalidAnswer(msg) from None
    if not math.isfinite(value):
        msg = "Please type an ordinary finite number."
        raise InvalidAnswer(msg)
    if not question.minimum <= value <= question.maximum:
        unit = f" {question.unit}" if question.unit else ""
        msg = (
            f"{value:g}{unit} is outside the plausible range "
            f"({question.minimum:g} to {question.maximum:g}{unit}). Check the units and try again."
        )
        raise InvalidAnswer(msg)
    return value


def _join(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def score(question: Question, response: object) -> Result:
    """Score a response and build teaching feedback.

    Parameters
    ----------
    question : SingleChoice, MultipleChoice or Numeric
        The question.
    response : int, sequence of int, str or float
        An option index (single choice), option indices (multiple choice) or the typed
        number (numeric).

    Returns
    -------
    Result
        ``score`` is 1 for right, 0 for wrong; multiple choice gives partial credit
        (right ticks minus wrong ticks over the number of right options, floored at 0).

    Raises
    ------
    InvalidAnswer
        When the response cannot be scored; the message is written for the learner.
    """
    if isinstance(question, SingleChoice):
        return _score_single(question, response)
    if isinstance(question, MultipleChoice):
        return _score_multiple(question, response)
    if isinstance(question, Numeric):
        return _score_numeric(question, response)
    msg = f"unknown question type {type(question).__name__}"
    raise TypeError(msg)


def _score_single(question: SingleChoice, response: object) -> Result:
    if response is None or isinstance(response, bool) or not isinstance(response, int):
        msg = "Choose one of the options."
        raise InvalidAnswer(msg)
    if not 0 <= response < len(question.options):
        msg = "That option does not exist; choose one of those shown."
        raise InvalidAnswer(msg)
    chosen = question.options[response]
    verdict = "Right." if chosen.correct else "Not quite."
    return Result(
        chosen.correct,
        float(chosen.correct),
        _join(verdict, chosen.feedback, question.explanation),
    )


def _score_multiple(question: MultipleChoice, response: object) -> Result:
    if isinstance(response, str | bytes) or not isinstance(response, Sequence):
        msg = "Tick the options that apply."
        raise InvalidAnswer(msg)
    picked = sorted(set(response))
    if not picked:
        msg = "Tick at least one option, then check."
        raise InvalidAnswer(msg)
    if any(not isinstance(i, int) or not 0 <= i < len(question.options) for i in picked):
        msg = "That option does not exist; tick among those shown."
        raise InvalidAnswer(msg)
    right = {i for i, o in enumerate(question.options) if o.correct}
    hits = len(right.intersection(picked))
    false_ticks = len(set(picked) - right)
    value = max(0.0, (hits - false_ticks) / len(right))
    correct = set(picked) == right
    lines = [o.feedback for i, o in enumerate(question.options) if i in picked]
    missed = [question.options[i] for i in sorted(right - set(picked))]
    if missed:
        lines.append("You left out: " + "; ".join(f"“{o.label}”: {o.feedback}" for o in missed))
    if correct:
        verdict = "Right, all of them."
    elif value > 0:
        verdict = f"Partly right ({hits} of {len(right)} found, {false_ticks} extra)."
    else:
        verdict = "Not quite."
    return Result(correct, round(value, 3), _join(verdict, *lines, question.explanation))


def _score_numeric(question: Numeric, response: object) -> Result:
    value = parse_number(response, question)
    unit = f" {question.unit}" if question.unit else ""
    if abs(value - question.answer) <= question.tolerance:
        verdict = f"Right: {value:g}{unit} is within {question.tolerance:g}{unit} of {question.answer:g}{unit}."
        return Result(True, 1.0, _join(verdict, question.explanation))
    side = question.too_low if value < question.answer else question.too_high
    verdict = f"Not quite: {value:g}{unit}."
    return Result(
        False,
        0.0,
        _join(verdict, side, f"The answer is {question.answer:g}{unit}.", question.explanation),
    )
