"""Lesson 03 in a real browser: one plot, the eversion slider redraws it, a self-check answers.

Drives Debian's Chromium against the session's Voila server (fixtures from
``browser_support.py`` and ``voila_server.py``) and fails on any console or page error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_support import (
    LOAD_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    full_page_screenshot,
    record_problems,
)
from glutelab import foot as M
from glutelab import foot_ui as U

LESSON = "03-feet-pronation-and-the-hip-chain.ipynb"
HIP = U.trace_index("hip internal rotation")
REACH = U.trace_index("reaches the hip")

pytestmark = [pytest.mark.browser]


def _trace_y(page, selector: str, trace: int) -> list | None:
    return page.evaluate(
        "([sel, i]) => { const el = document.querySelector(sel);"
        " return el && el.data && el.data[i] ? Array.from(el.data[i].y) : null; }",
        [selector, trace],
    )


def test_lesson03_in_chromium(browser_page, voila_url: str, output_dir: Path) -> None:
    page = browser_page
    problems = record_problems(page)
    page.goto(f"{voila_url}voila/render/{LESSON}", wait_until="load", timeout=LOAD_TIMEOUT_MS)

    explorer = page.locator(".glutelab-foot-chain")
    plots = explorer.locator(".js-plotly-plot")
    plots.first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    assert page.locator(".js-plotly-plot").count() == 1  # one FigureWidget on the page

    plots.first.evaluate("el => el.classList.add('glutelab-test-foot')")
    fig = ".glutelab-test-foot"
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('{fig}');"
        f" return el && el.data && el.data.length === {len(U.TRACES)} && el._fullLayout; }}",
        timeout=LOAD_TIMEOUT_MS,
    )
    default = M.stance_chain().hip_ir_at_peak_deg
    before = _trace_y(page, fig, REACH)
    assert before[1] == pytest.approx(default, abs=1e-6)
    hip_before = _trace_y(page, fig, HIP)

    slider = explorer.locator(".widget-slider").filter(has_text="Peak rearfoot eversion")
    assert slider.count() == 1
    handle = slider.locator(".noUi-handle")
    assert float(handle.get_attribute("aria-valuenow")) == pytest.approx(2.6)
    handle.click()
    for _ in range(3):
        handle.press("PageUp")
    handle.press("ArrowRight")
    peak = float(handle.get_attribute("aria-valuenow"))
    assert peak > 2.6
    expected = 0.68 * (peak + 8.7)
    page.wait_for_function(
        f"want => {{ const el = document.querySelector('{fig}');"
        f" const t = el.data[{REACH}]; return Math.abs(t.y[1] - want) < 1e-6; }}",
        arg=expected,
        timeout=UPDATE_TIMEOUT_MS,
    )
    hip_after = _trace_y(page, fig, HIP)
    assert max(hip_after) == pytest.approx(expected, abs=1e-6)
    assert hip_after != hip_before
    reach_text = page.evaluate(f"() => document.querySelector('{fig}').data[{REACH}].text[1]")
    assert reach_text == f"{expected:.1f}° reaches the hip"
    readout = explorer.locator(".glutelab-readout").last
    assert f"{expected:.1f}°" in readout.inner_text()

    # The first self-check question is single choice and answers on a click.
    question = page.locator(".glutelab-selfcheck .glutelab-question").first
    question.scroll_into_view_if_needed()
    question.locator(".widget-radio-box label").nth(1).click()
    feedback = question.locator(".glutelab-feedback")
    feedback.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    text = feedback.inner_text().strip()
    assert text.startswith("Right."), text

    page.wait_for_timeout(500)  # let late console messages arrive before judging
    full_page_screenshot(page, output_dir / "lesson03.png")
    assert not problems, "\n".join(problems)
