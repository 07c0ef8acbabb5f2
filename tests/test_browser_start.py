"""The start page in a real browser: its links work and it shows an answer given in a lesson.

One browser session, two tabs, against the session's Voila server (started with the course's
own command line and the session's private ``GLUTELAB_PROGRESS_FILE``): the start page in the
first tab, lesson 01 opened from its link in the second; an answer given there appears in
the first tab after *Refresh* and on a freshly loaded start page.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from browser_support import (
    LOAD_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    full_page_screenshot,
    record_problems,
)
from glutelab import lesson01
from glutelab import start as S
from glutelab.progress import default_path

START = f"voila/render/{S.PAGE}"
LESSON01 = S.lesson("01")
ROW = f".glutelab-progress-table tr[data-lesson='{LESSON01.key}']"

# A missing browser fails the tests rather than skipping them: scripts/test.sh installs it.
pytestmark = [pytest.mark.browser]


def open_start_page(page, voila_url: str) -> None:
    page.goto(f"{voila_url}{START}", wait_until="load", timeout=LOAD_TIMEOUT_MS)
    page.locator(ROW).wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)


def answered_text(page) -> str:
    return page.locator(f"{ROW} .glutelab-answered").inner_text().strip()


def saved_lesson01_answers(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("lessons", {}).get(LESSON01.key, {}).get("answers", {})


def test_start_page_shows_an_answer_given_in_a_lesson(
    browser_page, voila_url: str, output_dir: Path
) -> None:
    progress_file = default_path()  # the session's private file, as the server's kernels use
    start = browser_page
    problems = record_problems(start)
    open_start_page(start, voila_url)
    assert start.locator(".js-plotly-plot").count() == 0  # the page's charts are plain HTML
    total = len(lesson01.questions())
    before = answered_text(start)
    assert before.endswith(f"/ {total}"), before

    # Both links of lesson 01, as the browser resolves them from this page's address.
    links = start.locator(f".glutelab-lessons-table tr[data-lesson='{LESSON01.key}']")
    voila_link = links.locator("a.glutelab-voila-link")
    lab_link = links.locator("a.glutelab-lab-link")
    assert voila_link.evaluate("a => a.href") == f"{voila_url}voila/render/{LESSON01.notebook}"
    assert lab_link.evaluate("a => a.href") == f"{voila_url}lab/tree/lessons/{LESSON01.notebook}"

    # Second tab, same browser session: follow the link and answer the first question.
    lesson = start.context.new_page()
    lesson.set_default_timeout(LOAD_TIMEOUT_MS)
    problems += record_problems(lesson)
    lesson.goto(voila_link.evaluate("a => a.href"), wait_until="load", timeout=LOAD_TIMEOUT_MS)
    question = lesson.locator(".glutelab-selfcheck .glutelab-question").first
    question.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    question.scroll_into_view_if_needed()
    question.locator(".widget-radio-box label").first.click()
    feedback = question.locator(".glutelab-feedback")
    feedback.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    assert "Right" in feedback.inner_text() or "Not quite" in feedback.inner_text()

    first_id = lesson01.questions()[0].id
    deadline = time.monotonic() + UPDATE_TIMEOUT_MS / 1000
    while first_id not in saved_lesson01_answers(progress_file):
        assert time.monotonic() < deadline, "the answer never reached the progress file"
        time.sleep(0.2)
    current = {q.id for q in lesson01.questions()}
    expected = sum(1 for qid in saved_lesson01_answers(progress_file) if qid in current)
    assert expected >= 1  # 1 when this test runs alone; the file is shared by the session
    want = f"{expected} / {total}"

    # The first tab catches up on Refresh, without a reload.
    start.bring_to_front()
    start.locator("button.glutelab-refresh").click()
    start.wait_for_function(
        "([sel, want]) => { const el = document.querySelector(sel);"
        " return el && el.textContent.trim() === want; }",
        arg=[f"{ROW} .glutelab-answered", want],
        timeout=UPDATE_TIMEOUT_MS,
    )

    # A freshly opened start page shows it too.
    open_start_page(lesson, voila_url)
    assert answered_text(lesson) == want
    score = lesson.locator(f"{ROW} .glutelab-score").inner_text().strip()
    assert score.endswith("%"), score
    assert lesson.locator(f"{ROW} .glutelab-last-saved").inner_text().strip() != "–"
    chart = lesson.locator(f".glutelab-progress-chart tr[data-lesson='{LESSON01.key}']")
    assert f"{expected}/{total}" in chart.inner_text()

    lesson.wait_for_timeout(500)  # let late console messages arrive before judging
    full_page_screenshot(lesson, output_dir / "start-page.png")
    assert not problems, "\n".join(problems)
