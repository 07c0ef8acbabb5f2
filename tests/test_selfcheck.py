"""Scoring of the three question types: pure functions, teaching feedback."""

import math

import pytest
from glutelab.selfcheck import (
    InvalidAnswer,
    MultipleChoice,
    Numeric,
    Option,
    SingleChoice,
    parse_number,
    score,
)

SINGLE = SingleChoice(
    id="s",
    prompt="?",
    options=(
        Option("a", "A is wrong because x."),
        Option("b", "B is right because y.", correct=True),
    ),
    explanation="General point.",
)
MULTI = MultipleChoice(
    id="m",
    prompt="?",
    options=(
        Option("a", "fa", correct=True),
        Option("b", "fb", correct=True),
        Option("c", "fc"),
    ),
    explanation="Why.",
)
NUM = Numeric(
    id="n",
    prompt="?",
    answer=17.0,
    tolerance=5.0,
    unit="°",
    minimum=-20,
    maximum=90,
    too_low="Too early.",
    too_high="Too late.",
    explanation="Crossover.",
)


def test_single_choice_right_and_wrong_carry_option_feedback():
    right = score(SINGLE, 1)
    assert right.correct and right.score == 1.0
    assert "B is right because y." in right.feedback and "General point." in right.feedback
    wrong = score(SINGLE, 0)
    assert not wrong.correct and wrong.score == 0.0
    assert "A is wrong because x." in wrong.feedback and wrong.feedback.startswith("Not quite")


@pytest.mark.parametrize("bad", [None, -1, 2, "1", True])
def test_single_choice_rejects_non_options(bad):
    with pytest.raises(InvalidAnswer):
        score(SINGLE, bad)


def test_multiple_choice_partial_credit_and_missed_options_explained():
    full = score(MULTI, [0, 1])
    assert full.correct and full.score == 1.0
    half = score(MULTI, [0])
    assert not half.correct and half.score == 0.5
    assert "You left out" in half.feedback and "fb" in half.feedback
    net_zero = score(MULTI, [0, 2])
    assert net_zero.score == 0.0 and "fc" in net_zero.feedback


@pytest.mark.parametrize("bad", [[], "ab", [5], None])
def test_multiple_choice_rejects_empty_or_bogus(bad):
    with pytest.raises(InvalidAnswer):
        score(MULTI, bad)


@pytest.mark.parametrize(
    ("text", "value"), [("17", 17.0), (" 20,5 ", 20.5), ("12°", 12.0), ("−3", -3.0), (21, 21.0)]
)
def test_parse_number_accepts_common_forms(text, value):
    assert parse_number(text, NUM) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Type"), ("abc", "not a number"), ("200", "outside"), ("nan", "finite"), (None, "Type")],
)
def test_parse_number_messages(text, message):
    with pytest.raises(InvalidAnswer, match=message):
        parse_number(text, NUM)


def test_numeric_tolerance_and_directional_hints():
    assert score(NUM, "21").correct
    assert score(NUM, "12").correct
    low = score(NUM, "5")
    assert not low.correct and "Too early." in low.feedback and "17" in low.feedback
    high = score(NUM, "40")
    assert "Too late." in high.feedback


def test_question_definitions_are_validated():
    with pytest.raises(ValueError, match="exactly one"):
        SingleChoice(id="x", prompt="?", options=(Option("a", "", True), Option("b", "", True)))
    with pytest.raises(ValueError, match="correct"):
        MultipleChoice(id="x", prompt="?", options=(Option("a", ""),))
    assert math.isinf(Numeric(id="x", prompt="?", answer=1, tolerance=0).maximum)
