"""Lesson 02 in a real browser: the pelvic-drop explorer and the stance timer respond.

Drives Debian's Chromium against the session's Voila server; fails on any console error,
page error or failed request, not only on a failed assertion.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from browser_support import (
    LOAD_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    full_page_screenshot,
    record_problems,
)
from glutelab import frontal

LESSON = "02-sleepy-glutes-signs-and-self-tests.ipynb"

pytestmark = [pytest.mark.browser]

_TRACE_Y = (
    "([sel, name]) => { const el = document.querySelector(sel);"
    " const t = el && el.data ? el.data.find(d => d.name === name) : null;"
    " return t ? Array.from(t.y) : null; }"
)


def test_lesson02_in_chromium(browser_page, voila_url: str, output_dir: Path) -> None:
    page = browser_page
    problems = record_problems(page)
    page.goto(f"{voila_url}voila/render/{LESSON}", wait_until="load", timeout=LOAD_TIMEOUT_MS)

    explorer = page.locator(".glutelab-pelvic-drop")
    plots = page.locator(".js-plotly-plot")
    plots.first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    assert plots.count() == 1  # one FigureWidget per lesson page
    plots.first.evaluate("el => el.classList.add('glutelab-test-frontal')")
    fig = ".glutelab-test-frontal"
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('{fig}');"
        " return el && el.data && el.data.some(d => d.name === 'pelvis'); }",
        timeout=LOAD_TIMEOUT_MS,
    )
    before = page.evaluate(_TRACE_Y, [fig, "pelvis"])
    assert before and len(before) == 2

    # Four steps of 0.5° up from the 3.7° start.
    handle = explorer.locator(".noUi-handle").first
    handle.click()
    for _ in range(4):
        handle.press("ArrowRight")
    drop = float(handle.get_attribute("aria-valuenow"))
    assert drop > frontal.CPD_HEALTHY.value
    # The swing-side hip sits hip_width * sin(drop) below the stance hip.
    expected = frontal.HIP_WIDTH_M * math.sin(math.radians(drop))
    page.wait_for_function(
        f"([exp]) => {{ const el = document.querySelector('{fig}');"
        " const t = el.data.find(d => d.name === 'pelvis');"
        " const ys = Array.from(t.y); return Math.abs(Math.max(...ys) - Math.min(...ys) - exp)"
        " < 1e-6; }",
        arg=[expected],
        timeout=UPDATE_TIMEOUT_MS,
    )
    readout = explorer.locator(".glutelab-readout")
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel).innerText.includes(text)",
        arg=[".glutelab-pelvic-drop .glutelab-readout", f"Pelvic drop {drop:.1f}°"],
        timeout=UPDATE_TIMEOUT_MS,
    )
    assert f"{frontal.hip_adduction_deg(drop):.1f}°" in readout.inner_text()

    # The stance test: a typed time is saved and explained for the chosen side.
    stance = page.locator(".glutelab-stance-test")
    stance.scroll_into_view_if_needed()
    stance.locator("input[type=text]").first.fill("31.5")
    stance.locator("button", has_text="None").first.click()
    stance.locator("button", has_text="Save").first.click()
    feedback = stance.locator(".glutelab-feedback")
    feedback.first.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    page.wait_for_function(
        "() => document.querySelector('.glutelab-stance-test').innerText.includes('31.5')",
        timeout=UPDATE_TIMEOUT_MS,
    )

    page.wait_for_timeout(500)  # let late console messages arrive before judging
    full_page_screenshot(page, output_dir / "lesson02.png")
    assert not problems, "\n".join(problems)
