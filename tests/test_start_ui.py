"""The start page's views, headless: lesson links, the progress dashboard, refresh and reset.

Every test uses its own progress file. The last test runs real kernels: an answer given in
one kernel is on the start page of the next.
"""

from __future__ import annotations

import html
import json
import re

import nbformat
import pytest
from conftest import LESSONS
from glutelab import lesson01, lesson02
from glutelab import start as S
from glutelab import start_ui as U
from glutelab.fieldtests_ui import SingleLegStanceTest
from glutelab.progress import ProgressStore
from glutelab.selfcheck import SingleChoice
from nbclient import NotebookClient

# Loading every lesson's questions takes about a second; the tests share one load.
SETS = S.question_sets()
TOTAL01 = len(lesson01.questions())


@pytest.fixture
def path(tmp_path):
    return tmp_path / "progress.json"


@pytest.fixture
def store(path):
    return ProgressStore(path)


def dashboard(store) -> U.ProgressDashboard:
    return U.ProgressDashboard(store, SETS)


def row(table_html: str, key: str) -> dict[str, str]:
    """Return the text of a lesson row's cells, by class, from the progress table."""
    match = re.search(rf"<tr data-lesson='{re.escape(key)}'>(.*?)</tr>", table_html, re.S)
    assert match, f"no row for {key}"
    cells = dict(re.findall(r"<td class='glutelab-(\w[\w-]*)'[^>]*>(.*?)</td>", match.group(1)))
    return {k: html.unescape(v) for k, v in cells.items()}


def text(widget_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", widget_html))


def correct_index(question: SingleChoice) -> int:
    return next(i for i, o in enumerate(question.options) if o.correct)


# -- the lesson list -------------------------------------------------------------------------
def test_lesson_list_links_each_available_lesson_and_marks_the_rest():
    available = {item.key: item.number != "06" for item in S.LESSONS}
    page = U.lessons_table_html(available)
    for item in S.LESSONS:
        match = re.search(rf"<tr data-lesson='{item.key}'>(.*?)</tr>", page, re.S)
        assert match, item.key
        cells = match.group(1)
        assert html.escape(item.goal, quote=True) in cells
        if available[item.key]:
            assert f"class='glutelab-voila-link' href='{S.voila_href(item)}'" in cells
            assert f"class='glutelab-lab-link' href='{S.lab_href(item)}'" in cells
        else:
            assert "coming soon" in cells and "href" not in cells
    assert "glutelab serve" in page  # says where the JupyterLab links do not work


def test_lesson_list_widget_uses_the_installed_lessons():
    widget = U.lessons_table()
    assert "glutelab-lesson-list" in widget._dom_classes
    for item in S.LESSONS:
        linked = f"href='{S.voila_href(item)}'" in widget.value
        assert linked == S.lesson_available(item), item.key


# -- the dashboard ---------------------------------------------------------------------------
def test_dashboard_shows_answers_saved_by_a_self_check(store):
    check = lesson01.self_check(store)
    first = check.views[0]
    first.input.value = correct_index(first.question)
    wrong = next(v for v in check.views[1:] if isinstance(v.question, SingleChoice))
    wrong.input.value = next(i for i, o in enumerate(wrong.question.options) if not o.correct)

    view = dashboard(store)
    cells = row(view.table.value, lesson01.LESSON)
    assert cells["answered"] == f"2 / {TOTAL01}"
    assert cells["score"] == f"{100 / TOTAL01:.0f} %"  # one right, one wrong
    assert cells["last-saved"] != "–"
    assert row(view.table.value, lesson02.LESSON)["answered"].startswith("0 /")
    assert "You have answered 2 of the" in text(view.overview.value)
    chart = view.chart.value
    assert f"Lesson 01: 2 of {TOTAL01} answered" in chart
    assert f"width:{200 / TOTAL01:.1f}%" in chart  # the answered bar's length
    assert "glutelab-progress-dashboard" in view.widget._dom_classes


def test_dashboard_shows_field_tests_saved_by_lesson_02(store):
    stance = SingleLegStanceTest(store=store)
    stance.time.value = "41"
    stance.hip_drop.value = "clear"
    stance.save()
    view = dashboard(store)
    left = re.search(
        r"data-test='single_leg_stance' data-side='left'[^>]*>(.*?)</td>", view.field_tests.value
    )
    assert "Held 41.0 s, but the pelvis clearly dropped" in html.unescape(left.group(1))
    right = re.search(
        r"data-test='single_leg_stance' data-side='right'[^>]*>(.*?)</td>", view.field_tests.value
    )
    assert "not done" in right.group(1)


def test_refresh_picks_up_a_write_from_another_store(store, path):
    view = dashboard(store)
    assert row(view.table.value, lesson01.LESSON)["answered"] == f"0 / {TOTAL01}"
    assert "Nothing saved yet" in view.overview.value

    other = ProgressStore(path)  # another lesson, open in another tab
    other.record_answer(
        lesson01.LESSON, lesson01.questions()[0].id, 0, {"correct": False, "score": 0}
    )
    assert row(view.table.value, lesson01.LESSON)["answered"] == f"0 / {TOTAL01}"  # not yet

    view.refresh_button.click()
    assert row(view.table.value, lesson01.LESSON)["answered"] == f"1 / {TOTAL01}"
    assert "Read your progress file again" in view.message.value


def test_reset_needs_confirmation_then_backs_up_and_empties(store, path):
    lesson01.self_check(store).views[0].input.value = 0
    before = path.read_bytes()
    view = dashboard(store)
    assert row(view.table.value, lesson01.LESSON)["answered"] == f"1 / {TOTAL01}"

    assert not view.confirm_reset()  # no confirmation on show: nothing happens
    assert path.read_bytes() == before

    view.reset_button.click()
    assert view.confirming and view.reset_button.disabled
    assert "nothing is deleted" in view.confirm_text.value
    assert path.read_bytes() == before  # asking changes nothing
    view.cancel_button.click()
    assert not view.confirming and "Nothing was reset" in view.message.value
    assert path.read_bytes() == before

    view.reset_button.click()
    view.confirm_button.click()
    backups = list(path.parent.glob("progress.json.backup-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert not path.exists()
    assert not view.confirming and not view.reset_button.disabled
    assert str(backups[0]) in html.unescape(view.message.value)
    assert row(view.table.value, lesson01.LESSON)["answered"] == f"0 / {TOTAL01}"
    assert "Nothing saved yet" in view.overview.value
    assert ProgressStore(path).data["lessons"] == {}  # a fresh kernel sees the reset too


def test_reset_that_fails_says_so_and_changes_nothing(store, path, monkeypatch):
    lesson01.self_check(store).views[0].input.value = 0
    before = path.read_bytes()
    view = dashboard(store)

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    view.reset_button.click()
    monkeypatch.setattr("glutelab.progress.os.replace", refuse)
    view.confirm_button.click()
    monkeypatch.undo()
    assert (
        "could not be reset" in view.message.value and "Nothing was changed" in view.message.value
    )
    assert path.read_bytes() == before
    assert row(view.table.value, lesson01.LESSON)["answered"] == f"1 / {TOTAL01}"


def test_corrupt_file_is_set_aside_and_reported_on_the_page(path):
    original = b'{"version": 1, "lessons": {"01-the-gluteal-complex": {"answers": '  # cut short
    path.write_bytes(original)
    view = dashboard(ProgressStore(path))
    notices = html.unescape(view.notices.value)
    kept = list(path.parent.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == original  # nothing lost
    assert "could not be read" in notices and str(kept[0]) in notices
    assert "glutelab-warning" in view.notices.value
    assert "Nothing saved yet" in view.overview.value


def test_file_damaged_while_the_page_is_open_is_reported_on_refresh(store, path):
    store.record_answer(lesson01.LESSON, "x", 0, {"correct": False, "score": 0})
    view = dashboard(store)
    assert view.notices.value == ""
    path.write_text("garbage")
    view.refresh()
    kept = list(path.parent.glob("progress.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text() == "garbage"
    assert str(kept[0]) in html.unescape(view.notices.value)


def test_malformed_records_show_could_not_read_and_stay_in_the_file(path):
    key = lesson01.questions()[0].id
    data = {
        "version": 1,
        "lessons": {
            lesson01.LESSON: {"answers": {key: "garbled"}},
            lesson02.LESSON: {"field_tests": {"trendelenburg/left": {"hold_s": "soon"}}},
            "06-activation-and-strength": {"programme": {"latest": "not a table"}},
        },
    }
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    view = dashboard(ProgressStore(path))
    view.refresh()
    lesson_row = re.search(rf"data-lesson='{lesson01.LESSON}'>(.*?)</tr>", view.table.value).group(
        1
    )
    assert "1 saved record could not be read" in lesson_row and key in lesson_row
    assert "could not read" in view.field_tests.value
    assert "could not be read" in text(view.extras.value)
    assert path.read_bytes() == before  # reading never rewrites the file


def test_saved_programme_is_shown_escaped(path):
    programme = {"summary": "<script>alert(1)</script> twice a week", "weeks": 4}
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "lessons": {"06-activation-and-strength": {"programme": {"latest": programme}}},
            }
        )
    )
    view = dashboard(ProgressStore(path))
    assert "<script>" not in view.extras.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt; twice a week" in view.extras.value
    assert "Your programme (lesson 06)" in view.extras.value


def test_red_flag_from_the_checklist_is_repeated_first(store):
    store.record_item(
        lesson02.LESSON, "symptoms", "checklist", {"signs": [], "red_flags": ["night_rest_pain"]}
    )
    extras = dashboard(store).extras.value
    assert "glutelab-symptoms-summary" in extras
    assert extras.index("See a doctor or physiotherapist") < extras.index("Symptom checklist")


def test_a_failing_refresh_shows_a_message_not_a_traceback(store, monkeypatch):
    view = dashboard(store)

    def broken():
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "reload", broken)
    view.refresh_button.click()
    assert "Something went wrong" in view.message.value


def test_memory_only_store_says_progress_is_not_saved(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a folder should be")
    store = ProgressStore(blocker / "progress.json")
    store.record_answer(lesson01.LESSON, "x", 0, {"correct": False, "score": 0})
    view = dashboard(store)
    assert "kept in memory for this session only" in view.where.value
    assert "will not be saved this session" in view.notices.value


# -- a real kernel restart -------------------------------------------------------------------
def run_in_new_kernel(source: str) -> dict:
    """Run one cell in a fresh python3 kernel (shut down afterwards); return its JSON print."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(LESSONS)}}
    ).execute()
    outputs = nb.cells[0].outputs
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, errors
    printed = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stdout")
    return json.loads(printed.strip().splitlines()[-1])


@pytest.mark.slow
def test_an_answer_survives_a_kernel_restart_onto_the_start_page(path, monkeypatch):
    monkeypatch.setenv("GLUTELAB_PROGRESS_FILE", str(path))  # the kernels inherit it
    first = lesson01.questions()[0]
    choice = correct_index(first)
    answered = run_in_new_kernel(
        "import json, os\n"
        "from glutelab import lesson01\n"
        "check = lesson01.self_check()\n"
        f"check.views[0].input.value = {choice}\n"
        "print(json.dumps({'pid': os.getpid(), 'feedback': check.views[0].feedback.value}))\n"
    )
    assert "Right." in answered["feedback"]

    restored = run_in_new_kernel(
        "import json, os, re\n"
        "from glutelab import lesson01, start_ui\n"
        "check = lesson01.self_check()\n"
        "page = start_ui.dashboard()\n"
        "row = re.search(r\"data-lesson='01-the-gluteal-complex'>(.*?)</tr>\", page.table.value)\n"
        "print(json.dumps({'pid': os.getpid(), 'value': check.views[0].input.value,\n"
        "    'feedback': check.views[0].feedback.value, 'row': row.group(1),\n"
        "    'notices': page.notices.value}))\n"
    )
    assert restored["pid"] != answered["pid"]  # really another kernel
    assert restored["value"] == choice  # the self-check shows the saved answer
    assert "Your saved answer." in restored["feedback"]
    assert re.search(rf"class='glutelab-answered'[^>]*>1 / {TOTAL01}<", restored["row"])
    assert re.search(r"class='glutelab-score'[^>]*>\d+ %<", restored["row"])
    assert restored["notices"] == ""
    saved = json.loads(path.read_text())["lessons"][lesson01.LESSON]["answers"][first.id]
    assert saved["response"] == choice and saved["correct"] is True
