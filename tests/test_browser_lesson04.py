"""Lesson 04 in a real browser: one plot; the stride and knee-delay sliders redraw it.

Drives Debian's Chromium against the session's Voila server (fixtures from
``browser_support.py`` and ``voila_server.py``), moves the sliders with the keyboard, checks
the runner and the push arrow land on the model's numbers, answers a self-check question,
takes a screenshot, and fails on any console or page error.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from browser_support import (
    LOAD_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    full_page_screenshot,
    plot_x,
    record_problems,
)
from glutelab import gait as G
from glutelab import gait_ui as U

LESSON = "04-hip-extension-through-the-stride.ipynb"
RIGHT_LEG = U.trace_index("right leg")
PUSH = U.trace_index("push direction")

pytestmark = [pytest.mark.browser]


def _wait_for_x(page, selector: str, trace: int, want: list[float]) -> None:
    page.wait_for_function(
        "([sel, i, want]) => { const el = document.querySelector(sel);"
        " const x = el && el.data && el.data[i] ? Array.from(el.data[i].x) : [];"
        " return x.length === want.length"
        " && x.every((v, k) => Math.abs(v - want[k]) < 1e-9); }",
        arg=[selector, trace, want],
        timeout=UPDATE_TIMEOUT_MS,
    )


def test_lesson04_in_chromium(browser_page, voila_url: str, output_dir: Path) -> None:
    page = browser_page
    problems = record_problems(page)
    page.goto(f"{voila_url}voila/render/{LESSON}", wait_until="load", timeout=LOAD_TIMEOUT_MS)

    explorer = page.locator(".glutelab-stride")
    plots = explorer.locator(".js-plotly-plot")
    plots.first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    assert page.locator(".js-plotly-plot").count() == 1  # one FigureWidget on the page

    plots.first.evaluate("el => el.classList.add('glutelab-test-stride')")
    fig = ".glutelab-test-stride"
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('{fig}');"
        f" return el && el.data && el.data.length === {len(U.TRACES)} && el._fullLayout; }}",
        timeout=LOAD_TIMEOUT_MS,
    )
    start = [p[0] for p in G.stick_figure(0)["right"].values()]
    assert plot_x(page, fig, RIGHT_LEG) == pytest.approx(start, abs=1e-9)
    readout = explorer.locator(".glutelab-stride-readout")
    before_text = readout.inner_text()
    assert "0 % of the stride" in before_text

    # The stride slider, moved with the keyboard.
    slider = explorer.locator(".widget-slider").filter(has_text="Stride (%)")
    assert slider.count() == 1
    assert explorer.locator(".widget-play").count() == 1
    handle = slider.locator(".noUi-handle")
    handle.click()
    for _ in range(20):
        handle.press("ArrowRight")
    percent = int(float(handle.get_attribute("aria-valuenow")))
    assert percent > 0
    want = [p[0] for p in G.stick_figure(percent)["right"].values()]
    _wait_for_x(page, fig, RIGHT_LEG, want)
    assert plot_x(page, fig, RIGHT_LEG) != pytest.approx(start, abs=1e-6)
    page.wait_for_function(
        "([el, want]) => el.innerText.includes(want)",
        arg=[readout.element_handle(), f"{percent} % of the stride · {G.phase_of(percent)}"],
        timeout=UPDATE_TIMEOUT_MS,
    )
    assert readout.inner_text() != before_text

    # The play button steps the slider in the browser (jslink) and the kernel redraws.
    play_pause = explorer.locator(".widget-play button").first  # toggles play and pause
    play_pause.click()
    page.wait_for_function(
        "([h, p]) => Number(h.getAttribute('aria-valuenow')) >= p + 6",
        arg=[handle.element_handle(), percent],
        timeout=UPDATE_TIMEOUT_MS,
    )
    play_pause.click()
    page.wait_for_timeout(400)
    played = int(float(handle.get_attribute("aria-valuenow")))
    assert played >= percent + 6
    page.wait_for_timeout(400)
    assert int(float(handle.get_attribute("aria-valuenow"))) == played  # paused
    _wait_for_x(page, fig, RIGHT_LEG, [p[0] for p in G.stick_figure(played)["right"].values()])

    # The knee-delay slider turns the push arrow.
    delay_slider = explorer.locator(".widget-slider").filter(has_text="Knee extension delay")
    delay_handle = delay_slider.locator(".noUi-handle")
    delay_handle.click()
    for _ in range(20):
        delay_handle.press("ArrowLeft")
    delay = float(delay_handle.get_attribute("aria-valuenow"))
    assert delay < U.DEFAULT_KNEE_DELAY
    direction = math.radians(G.push_off(delay).push_direction_deg)
    tip = U.DIAL_ORIGIN[0] + U.DIAL_LENGTH_M * math.cos(direction)
    _wait_for_x(page, fig, PUSH, [U.DIAL_ORIGIN[0], tip])
    push_text = explorer.locator(".glutelab-push-readout").inner_text()
    assert f"{G.push_off(delay).push_direction_deg:.0f}° above the horizontal" in push_text

    # The first self-check question is numeric: type the toe-off percentage.
    question = page.locator(".glutelab-selfcheck .glutelab-question").first
    question.scroll_into_view_if_needed()
    box = question.locator("input[type=text]")
    box.fill(f"{G.key_value('toe_off').percent:g}")
    box.press("Enter")
    feedback = question.locator(".glutelab-feedback")
    feedback.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    assert feedback.inner_text().strip().startswith("Right"), feedback.inner_text()

    page.wait_for_timeout(500)  # let late console messages arrive before judging
    full_page_screenshot(page, output_dir / "lesson04.png")
    assert not problems, "\n".join(problems)
