"""The start page's model: the lesson list and its links, and the progress summary.

Summaries are built from crafted progress data, malformed records included; question totals
are checked against each lesson module's own ``questions()``. The last tests cover
``glutelab serve``'s landing page.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import importlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import LESSONS, ROOT
from glutelab import cli
from glutelab import fieldtests as F
from glutelab import start as S
from glutelab import symptoms as SY
from voila_server import free_port

L01 = "01-the-gluteal-complex"
L02 = "02-sleepy-glutes-signs-and-self-tests"
L05 = "05-cadence-step-length-and-form"
L06 = "06-activation-and-strength"

# Small, explicit question sets: the summary's arithmetic is checked against these.
SETS = {item.key: S.QuestionSet(("a", "b", "c", "d")) for item in S.LESSONS}
SETS[L06] = S.QuestionSet(None, "Lesson 06 is not in this copy of the course yet.")


def stamp(minute: int) -> str:
    return f"2026-03-01T10:{minute:02d}:00+0000"


def answer(score: float, minute: int = 0) -> dict:
    return {"response": 1, "correct": score == 1.0, "score": score, "saved_at": stamp(minute)}


def data_with(lessons: dict) -> dict:
    return {"version": 1, "lessons": lessons}


# -- the lesson list -------------------------------------------------------------------------
def available_lessons() -> list[S.Lesson]:
    return [item for item in S.LESSONS if S.lesson_available(item)]


def test_every_lesson_notebook_is_listed_once_and_in_order():
    notebooks = sorted(p.name for p in LESSONS.glob("[0-9][0-9]-*.ipynb") if p.name != S.PAGE)
    listed = [item.notebook for item in S.LESSONS]
    assert listed == sorted(listed)
    assert [item.number for item in S.LESSONS] == [f"{i:02d}" for i in range(1, 7)]
    missing = [name for name in notebooks if name not in listed]
    assert not missing, f"lessons missing from the start page: {missing}"


@pytest.mark.parametrize("item", available_lessons(), ids=lambda i: i.number)
def test_listed_lesson_matches_its_module_and_notebook(item):
    module = importlib.import_module(item.module)
    assert item.key == module.LESSON
    notebook = LESSONS / item.notebook
    assert notebook.is_file(), f"{item.module} is installed but {notebook.name} is missing"
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    heading = "".join(nb["cells"][0]["source"])
    assert heading.startswith(f"# Lesson {item.number} · {item.title}\n"), heading[:80]
    # the time the lesson's heading states (if any) is the one the start page lists
    minutes = re.search(r"\*About (\d+) minutes", heading)
    assert (int(minutes.group(1)) if minutes else None) == item.minutes
    assert len(item.goal) < 200 and item.goal.endswith(".")


def test_question_totals_come_from_each_lesson_module():
    sets = S.question_sets()
    assert set(sets) == {item.key for item in S.LESSONS}
    for item in available_lessons():
        ids = tuple(q.id for q in importlib.import_module(item.module).questions())
        assert sets[item.key].ids == ids and sets[item.key].total == len(ids) > 0
    for item in S.LESSONS:
        if not S.lesson_available(item):
            assert sets[item.key].total is None and "not in this copy" in sets[item.key].note


def test_a_missing_or_broken_lesson_module_gives_an_unknown_total(monkeypatch):
    ghost = S.Lesson("99", "99-ghost", "Ghost", "Nothing.")
    assert not S.lesson_available(ghost)
    result = S.question_set(ghost)
    assert result.ids is None and result.total is None and "99" in result.note

    def broken(name):
        raise RuntimeError(name)

    monkeypatch.setattr(S.importlib, "import_module", broken)
    result = S.question_set(S.lesson("01"))
    assert result.ids is None and "could not be loaded (RuntimeError)" in result.note

    class NoQuestions:
        @staticmethod
        def questions():
            raise ValueError("half-written")

    monkeypatch.setattr(S.importlib, "import_module", lambda _name: NoQuestions)
    result = S.question_set(S.lesson("01"))
    assert result.ids is None and "could not be listed (ValueError)" in result.note


def test_lesson_lookup_by_key_or_number():
    assert S.lesson("03").key == "03-feet-pronation-and-the-hip-chain"
    assert S.lesson(L01).number == "01"
    with pytest.raises(KeyError):
        S.lesson("07")


# -- links -----------------------------------------------------------------------------------
STANDALONE = "http://127.0.0.1:8866/voila/render/00-start-here.ipynb"
BINDER = "https://hub.example.org/user/ab-cd/voila/render/lessons/00-start-here.ipynb"


@pytest.mark.parametrize("item", S.LESSONS, ids=lambda i: i.number)
def test_voila_link_resolves_to_the_lesson_locally_and_on_binder(item):
    href = S.voila_href(item)
    assert not href.startswith(("/", "http"))  # relative: it must work under any base URL
    local = urlsplit(urljoin(STANDALONE, href))
    assert local.netloc == "127.0.0.1:8866"
    assert unquote(local.path) == f"/voila/render/{item.notebook}"
    binder = urlsplit(urljoin(BINDER, href))
    assert unquote(binder.path) == f"/user/ab-cd/voila/render/lessons/{item.notebook}"


@pytest.mark.parametrize("item", S.LESSONS, ids=lambda i: i.number)
def test_lab_link_resolves_to_jupyterlab_on_binder(item):
    resolved = urlsplit(urljoin(BINDER, S.lab_href(item)))
    assert resolved.netloc == "hub.example.org"
    path = unquote(resolved.path)
    assert path == f"/user/ab-cd/lab/tree/lessons/{item.notebook}"
    # JupyterLab's tree path is relative to the repository root, as Binder serves it
    assert ROOT / path.removeprefix("/user/ab-cd/lab/tree/") == LESSONS / item.notebook


def test_start_page_is_in_the_lessons_folder():
    # the relative links above only hold while the start page sits beside the lessons
    assert (LESSONS / S.PAGE).is_file() and cli.START_PAGE == S.PAGE


# -- self-check progress ---------------------------------------------------------------------
def test_summary_counts_answers_and_scores_per_lesson():
    data = data_with(
        {
            L01: {"answers": {"a": answer(1.0, 5), "b": answer(0.5, 9), "c": answer(0.0, 7)}},
            "03-feet-pronation-and-the-hip-chain": {"answers": {"d": answer(1.0, 1)}},
        }
    )
    summary = S.summarise(data, SETS)
    one = summary.for_lesson("01")
    assert (one.answered, one.total, one.points) == (3, 4, 1.5)
    assert one.score_pct == pytest.approx(37.5) and one.answered_pct == pytest.approx(75.0)
    assert one.last_saved == datetime.strptime(stamp(9), "%Y-%m-%dT%H:%M:%S%z")
    three = summary.for_lesson("03")
    assert (three.answered, three.points, three.score_pct) == (1, 1.0, 25.0)
    two = summary.for_lesson("02")
    assert (two.answered, two.score_pct, two.last_saved) == (0, 0.0, None)
    assert summary.answered == 4 and not summary.empty


def test_malformed_answers_are_reported_and_not_counted():
    data = data_with(
        {
            L01: {
                "answers": {
                    "a": answer(1.0),
                    "b": "not a record",
                    "c": {"response": 1, "score": "high"},
                    "d": {"response": 1, "score": 3.0},
                    "old_question": answer(1.0, 30),
                }
            },
            L02: {"answers": ["a", "b"]},
        }
    )
    summary = S.summarise(data, SETS)
    one = summary.for_lesson("01")
    assert (one.answered, one.points) == (1, 1.0)
    assert set(one.unreadable) == {"b", "c", "d"}
    assert one.retired == 1  # kept in the file, not counted against today's questions
    assert one.last_saved == datetime.strptime(stamp(0), "%Y-%m-%dT%H:%M:%S%z")
    assert summary.for_lesson("02").unreadable == ("answers",)


def test_unknown_total_counts_answers_without_a_score():
    data = data_with({L06: {"answers": {"x": answer(1.0), "y": answer(0.0)}}})
    six = S.summarise(data, SETS).for_lesson("06")
    assert (six.total, six.answered, six.score_pct, six.answered_pct) == (None, 2, None, None)
    assert "not in this copy" in six.note


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        "text",
        {"version": 1},
        {"lessons": 3},
        {"lessons": {L01: "x", L02: [1], "02": None}},
        {"lessons": {L01: {"answers": None}, L02: {"field_tests": 4, "symptoms": "x"}}},
        {"lessons": {L05: {"cadence_calculator": []}, L06: {"programme": "plan"}}},
    ],
    ids=lambda d: type(d).__name__ + str(len(str(d))),
)
def test_malformed_data_at_any_level_never_raises(data):
    summary = S.summarise(data, SETS)
    assert len(summary.lessons) == len(S.LESSONS)
    assert summary.answered == 0
    flagged = (
        summary.problems
        or any(p.unreadable for p in summary.lessons)
        or summary.field_tests_unreadable
        or (summary.symptoms and summary.symptoms.status == "unreadable")
        or (summary.calculator and summary.calculator.status == "unreadable")
        or (summary.programme and summary.programme.status == "unreadable")
    )
    assert bool(flagged) == bool(data), summary


def test_empty_store_is_empty():
    summary = S.summarise({"version": 1, "lessons": {}}, SETS)
    assert summary.empty and summary.answered == 0
    assert all(r.status == "missing" for r in summary.field_tests)
    assert len(summary.field_tests) == 6


def test_records_under_other_names_are_kept_and_named():
    summary = S.summarise(data_with({"01": {"answers": {"q": answer(1.0)}}}), SETS)
    assert summary.other_keys == ("01",) and summary.answered == 0 and not summary.empty


# -- lesson 02 -------------------------------------------------------------------------------
def test_field_tests_are_rescored_with_the_lessons_model():
    stance = {"hold_s": 34.0, "hip_drop": "slight", "pain_0_10": 0, "saved_at": stamp(3)}
    sore = {"hold_s": 20.0, "hip_drop": "none", "pain_0_10": 4, "saved_at": stamp(4)}
    trend = {
        "hold_s": 30.0,
        "pelvis_level_or_raised": True,
        "pain": False,
        "trick_movement": False,
        "lost_balance": False,
    }
    squat = {"ratings": dict.fromkeys(("overall", "trunk", "pelvis", "hip", "knee"), "good")}
    squat["ratings"]["knee"] = "poor"
    data = data_with(
        {
            L02: {
                "field_tests": {
                    "single_leg_stance/left": stance,
                    "single_leg_stance/right": sore,
                    "trendelenburg/left": trend,
                    "trendelenburg/right": {**trend, "hold_s": -5},
                    "single_leg_squat/left": squat,
                    "single_leg_squat/right": "bad",
                }
            }
        }
    )
    summary = S.summarise(data, SETS)
    by = {(r.test, r.side): r for r in summary.field_tests}
    left = by["single_leg_stance", "left"]
    assert left.status == "saved"
    assert left.text == F.single_leg_stance(34.0, "slight", 0).headline
    assert not left.attention and left.saved_at.minute == 3
    assert by["single_leg_stance", "right"].attention  # 4/10 pain: see a physiotherapist
    assert by["trendelenburg", "left"].text.startswith("Held 30 s; negative")
    assert by["trendelenburg", "right"].status == "unreadable"  # a negative time
    expected = F.single_leg_squat(squat["ratings"]).overall
    assert by["single_leg_squat", "left"].text.startswith(f"Overall rating: {expected}")
    assert "1 of 5 criteria poor" in by["single_leg_squat", "left"].text
    assert by["single_leg_squat", "right"].status == "unreadable"
    assert summary.for_lesson("02").last_saved.minute == 4  # field tests count as activity


def test_symptom_checklist_keeps_the_red_flag_message():
    flag = SY.RED_FLAGS[0].id
    sign = SY.SIGNS[0].id
    record = {"signs": [sign], "red_flags": [flag], "saved_at": stamp(2)}
    summary = S.summarise(data_with({L02: {"symptoms": {"checklist": record}}}), SETS)
    expected = SY.assess([sign], [flag])
    got = summary.symptoms
    assert (got.status, got.signs, got.red_flags) == ("saved", 1, 1)
    assert got.red_flag_message == expected.red_flag_message != ""
    assert got.urgent == expected.urgent
    bad = {"signs": ["no-such-sign"], "red_flags": []}
    summary = S.summarise(data_with({L02: {"symptoms": {"checklist": bad}}}), SETS)
    assert summary.symptoms.status == "unreadable"


# -- lessons 05 and 06 -----------------------------------------------------------------------
def test_calculator_inputs_are_shown_and_bad_ones_flagged():
    good = {"pace": "5:30", "unit": "min/km", "cadence": "164", "percent": 7.5}
    summary = S.summarise(data_with({L05: {"cadence_calculator": {"inputs": good}}}), SETS)
    rows = {r.label: r.text for r in summary.calculator.rows}
    assert rows == {
        "Speed or pace": "5:30 min/km",
        "Cadence now": "164 steps/min",
        "Change tried": "+7.5 %",
    }
    bad = {**good, "percent": "lots"}
    summary = S.summarise(data_with({L05: {"cadence_calculator": {"inputs": bad}}}), SETS)
    assert summary.calculator.status == "unreadable"


def test_programme_of_any_shape_becomes_rows_known_keys_first():
    programme = {
        "zeta": {"nested": {"deeper": {"deepest": 1}}},
        "weeks": 6,
        "summary": "Two sessions a week",
        "days": [
            {"day": "Mon", "exercises": ["bridge", "side plank"], "sets": 3},
            {"day": "Thu", "exercises": ["step-up"], "rest_s": 90},
        ],
        "flags": [True, None, 2.5],
        "long": "x" * 1000,
        "saved_at": stamp(8),
    }
    summary = S.summarise(data_with({L06: {"programme": {"latest": programme}}}), SETS)
    record = summary.programme
    assert record.status == "saved" and record.saved_at.minute == 8
    labels = [r.label for r in record.rows]
    assert labels[:3] == ["Summary", "Weeks", "Days"]
    assert set(labels) == {"Summary", "Weeks", "Days", "Flags", "Long", "Zeta"}
    days = record.rows[2].table
    assert days[0] == ("Day", "Exercises", "Sets", "Rest s")
    assert days[1] == (("Mon", "bridge, side plank", "3", ""), ("Thu", "step-up", "", "90"))
    rows = {r.label: r.text for r in record.rows}
    assert rows["Flags"] == "yes, –, 2.5"
    assert rows["Zeta"] == "Nested: Deeper: Deepest: …"
    assert len(rows["Long"]) == 400 and rows["Long"].endswith("…")
    unreadable = S.summarise(data_with({L06: {"programme": {"latest": [1, 2]}}}), SETS)
    assert unreadable.programme.status == "unreadable"
    assert unreadable.for_lesson("06").unreadable == ()  # the lesson's answers are unaffected


# -- glutelab serve's landing page -----------------------------------------------------------
def test_landing_url_is_the_start_page_when_there_is_one(tmp_path):
    assert (
        cli.landing_url(LESSONS, 9001) == "http://127.0.0.1:9001/voila/render/00-start-here.ipynb"
    )
    (tmp_path / "01-x.ipynb").write_text("{}")
    assert cli.landing_url(tmp_path, 9001) == "http://127.0.0.1:9001/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_browser_is_opened_only_once_the_server_answers(tmp_path):
    opened: list[str] = []
    port = free_port()
    url = f"http://127.0.0.1:{port}/voila/render/00-start-here.ipynb"
    started = time.monotonic()
    assert not cli.open_when_ready(url, timeout=0.6, opener=opened.append, interval=0.1)
    assert opened == [] and time.monotonic() - started < 5

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), lambda *a: _Quiet(*a, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert cli.open_when_ready(url, timeout=10, opener=opened.append, interval=0.1)
    finally:
        server.shutdown()
        server.server_close()
    assert opened == [url]  # the start page, though only the root was polled


@pytest.mark.slow
def test_glutelab_serve_prints_a_start_page_that_answers():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "glutelab.cli", "serve", "--no-browser", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # Voila (exec'd in place) and its kernels: one group to kill
    )
    try:
        lines = [process.stdout.readline() for _ in range(3)]
        printed = "".join(lines)
        url = f"http://127.0.0.1:{port}/voila/render/00-start-here.ipynb"
        assert f"Open {url} in your browser" in printed, printed
        assert f"listed at http://127.0.0.1:{port}/." in printed
        deadline = time.monotonic() + 90
        body = ""
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    body = response.read().decode("utf-8", "replace")
                    break
            except OSError:
                time.sleep(0.5)
        assert "Glute Lab · Start here" in html.unescape(body)
        assert "Traceback" not in body
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
        process.stdout.close()
