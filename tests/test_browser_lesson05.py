"""Lesson 05 in a real browser: the calculator answers typed cadences, the explorer redraws.

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
from glutelab import cadence as C
from glutelab import cadence_ui as U

LESSON = "05-cadence-step-length-and-form.ipynb"
CURSOR = U.trace_index("Heiderscheit cursor")

pytestmark = [pytest.mark.browser]


def _type(field, text: str) -> None:
    field.click()
    field.fill(text)
    field.press("Enter")


def _wait_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([sel, want]) => { const el = document.querySelector(sel);"
        " return el && el.textContent.trim() === want; }",
        arg=[selector, text],
        timeout=UPDATE_TIMEOUT_MS,
    )


def test_lesson05_in_chromium(browser_page, voila_url: str, output_dir: Path) -> None:
    page = browser_page
    problems = record_problems(page)
    page.goto(f"{voila_url}voila/render/{LESSON}", wait_until="load", timeout=LOAD_TIMEOUT_MS)

    calc = page.locator(".glutelab-cadence-calculator")
    calc.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    step_now = ".glutelab-cadence-calculator .glutelab-step-now"
    page.locator(step_now).wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)

    # The speed the page is working with, read from its own inputs.
    pace = calc.locator(".widget-text").filter(has_text="Pace or speed").locator("input")
    unit = calc.locator("select").first
    speed = U.parse_speed(pace.input_value(), unit.input_value())
    cadence_box = calc.locator(".widget-text").filter(has_text="Cadence").locator("input")
    before = page.locator(step_now).inner_text().strip()
    assert before == f"{C.step_length(speed, cadence_box.input_value()):.2f} m"

    # A new cadence typed and entered: the visible step lengths become the model's.
    _type(cadence_box, "180")
    expected = f"{C.step_length(speed, 180):.2f} m"
    assert expected != before
    _wait_text(page, step_now, expected)
    plus5 = C.cadence_change(speed, 180, 5).step_after_m
    assert calc.locator(".glutelab-step-plus5").inner_text().strip() == f"{plus5:.2f} m"
    assert calc.locator(".glutelab-beat-leg-now").inner_text().strip() == "90 bpm"

    # A cadence of 0: a clear message, and the last good result stays.
    _type(cadence_box, "0")
    invalid = calc.locator(".glutelab-invalid")
    invalid.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    assert "Cadence must be more than zero" in invalid.inner_text()
    assert page.locator(step_now).inner_text().strip() == expected

    # The explorer: one plot on the page; the step-rate slider moves the study cursor.
    explorer = page.locator(".glutelab-step-rate-explorer")
    plots = explorer.locator(".js-plotly-plot")
    plots.first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    assert page.locator(".js-plotly-plot").count() == 1
    plots.first.evaluate("el => el.classList.add('glutelab-test-steprate')")
    fig = ".glutelab-test-steprate"
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('{fig}');"
        f" return el && el.data && el.data.length === {len(U.TRACES)} && el._fullLayout; }}",
        timeout=LOAD_TIMEOUT_MS,
    )
    slider = explorer.locator(".widget-slider").filter(has_text="Step-rate change")
    handle = slider.locator(".noUi-handle")
    handle.click()
    for _ in range(5):
        handle.press("ArrowRight")
    change = round(float(handle.get_attribute("aria-valuenow")))
    assert change > 0
    want = [U.heiderscheit_at(change)[k][0] for k in U.HEIDERSCHEIT_ANGLES]
    page.wait_for_function(
        f"([x, ys]) => {{ const t = document.querySelector('{fig}').data[{CURSOR}];"
        " return t.x[0] === x && ys.every((y, i) => Math.abs(t.y[i] - y) < 1e-9); }",
        arg=[change, want],
        timeout=UPDATE_TIMEOUT_MS,
    )
    readout = explorer.locator(".glutelab-step-rate-readout")
    assert f"Heiderscheit et al. 2011 at +{change} %" in readout.inner_text()

    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "from glutelab import" not in body

    page.wait_for_timeout(500)  # let late console messages arrive before judging
    full_page_screenshot(page, output_dir / "lesson05.png")
    assert not problems, "\n".join(problems)
