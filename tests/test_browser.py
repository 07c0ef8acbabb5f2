"""Lesson 01 in a real browser: it loads without console errors and its widgets respond.

Drives Debian's Chromium (Playwright never downloads a browser here) against the session's
Voila server, started with the course's own command line. Shared browser helpers live in
``browser_support.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import (
    LOAD_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    full_page_screenshot,
    plot_x,
    record_problems,
)

LESSON = "01-the-gluteal-complex.ipynb"

# A missing browser fails the tests rather than skipping them: scripts/test.sh installs it.
pytestmark = [pytest.mark.browser]


def test_lesson01_in_chromium(browser_page, voila_url: str, output_dir: Path) -> None:
    page = browser_page
    problems = record_problems(page)

    page.goto(f"{voila_url}voila/render/{LESSON}", wait_until="load", timeout=LOAD_TIMEOUT_MS)

    explorer = page.locator(".glutelab-hip-explorer")
    plots = explorer.locator(".js-plotly-plot")
    plots.first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    assert plots.count() == 1  # one FigureWidget: several per page can lose their updates

    slider = explorer.locator(".widget-slider").first
    assert "Hip flexion (°)" in slider.inner_text()
    handle = explorer.locator(".noUi-handle").first
    assert handle.get_attribute("aria-valuemin") in ("-20", "-20.0")
    assert handle.get_attribute("aria-valuemax") in ("90", "90.0")

    # Trace 4 is the femur (side view); the fourth trace from the end holds the
    # rotation-panel markers, which sit at the current hip angle.
    plots.first.evaluate("el => el.classList.add('glutelab-test-explorer')")
    fig = ".glutelab-test-explorer"
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('{fig}');"
        " return el && el.data && el.data.length > 50 && el._fullLayout; }",
        timeout=LOAD_TIMEOUT_MS,
    )
    before = plot_x(page, fig, 4)
    assert before, "the explorer has no femur trace"

    handle.click()
    for _ in range(3):
        handle.press("PageUp")
    angle = float(handle.get_attribute("aria-valuenow"))
    assert angle > 0
    page.wait_for_function(
        f"angle => {{ const el = document.querySelector('{fig}');"
        " const t = el.data[el.data.length - 4];"
        " return Array.from(t.x).every(v => Math.abs(v - angle) < 1e-9); }",
        arg=angle,
        timeout=UPDATE_TIMEOUT_MS,
    )
    after = plot_x(page, fig, 4)
    assert after != before  # the femur moved with the markers

    # The self-check: the first question is single choice and answers on a click.
    question = page.locator(".glutelab-selfcheck .glutelab-question").first
    question.scroll_into_view_if_needed()
    radios = question.locator("input[type=radio]")
    assert radios.count() >= 2
    question.locator(".widget-radio-box label").first.click()
    feedback = question.locator(".glutelab-feedback")
    feedback.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    text = feedback.inner_text().strip()
    assert text
    assert "Right" in text or "Not quite" in text, text

    page.wait_for_timeout(500)  # let late console messages arrive before judging
    full_page_screenshot(page, output_dir / "lesson01.png")
    assert not problems, "\n".join(problems)


def test_start_page_in_chromium(browser_page, voila_url: str) -> None:
    page = browser_page
    problems = record_problems(page)
    page.goto(voila_url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    links = page.locator(f'a[href*="/voila/render/{LESSON}"]')
    links.first.wait_for(state="visible")
    page.wait_for_timeout(500)
    assert not problems, "\n".join(problems)
