"""Lesson 01 in a real browser: it loads without console errors and its widgets respond.

Drives Debian's Chromium (Playwright never downloads a browser here) against the session's
Voila server, started with the course's own command line.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["voila_server"]

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LESSON = "01-the-gluteal-complex.ipynb"
LOAD_TIMEOUT_MS = 90_000  # a cold Voila page takes 6-10 s here; a loaded CI box much longer
UPDATE_TIMEOUT_MS = 15_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} not installed"),
]


@pytest.fixture
def browser_page() -> Iterator:
    """A page in a fresh Chromium profile, closed (with its browser) at teardown."""
    with (
        tempfile.TemporaryDirectory(prefix="glutelab-chromium-") as profile,
        sync_api.sync_playwright() as pw,
    ):
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(LOAD_TIMEOUT_MS)
            yield page
        finally:
            context.close()


def record_problems(page) -> list[str]:
    """Collect console errors, uncaught page errors and failed requests of a page."""
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console.{msg.type}: {msg.text} @ {msg.location}")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda err: problems.append(f"pageerror: {err}"))
    page.on(
        "requestfailed",
        lambda req: problems.append(f"request failed: {req.url} ({req.failure})"),
    )
    return problems


def full_page_screenshot(page, path: Path) -> None:
    """Screenshot the whole lesson: Voila scrolls inside an element, not the window."""
    height = page.evaluate(
        "() => Math.max(...[document.documentElement, document.body,"
        " ...document.querySelectorAll('#rendered_cells, .jp-Notebook')]"
        ".map(el => el.scrollHeight))"
    )
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 20_000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def plot_x(page, selector: str, trace: int) -> list:
    return page.evaluate(
        "([sel, i]) => { const el = document.querySelector(sel);"
        " return el && el.data && el.data[i] ? Array.from(el.data[i].x) : null; }",
        [selector, trace],
    )


def test_lesson01_in_chromium(browser_page, voila_url: str, output_dir: Path) -> None:
    page = browser_page
    problems = record_problems(page)

    page.goto(f"{voila_url}voila/render/{LESSON}", wait_until="load", timeout=LOAD_TIMEOUT_MS)

    explorer = page.locator(".glutelab-hip-explorer")
    plots = explorer.locator(".js-plotly-plot")
    plots.first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    plots.nth(1).wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    assert plots.count() == 2

    slider = explorer.locator(".widget-slider").first
    assert "Hip flexion (°)" in slider.inner_text()
    handle = explorer.locator(".noUi-handle").first
    assert handle.get_attribute("aria-valuemin") in ("-20", "-20.0")
    assert handle.get_attribute("aria-valuemax") in ("90", "90.0")

    # The anatomy figure: the femur is trace 4, the muscle lines follow it.
    plots.first.evaluate("el => el.classList.add('glutelab-test-anatomy')")
    anatomy = ".glutelab-test-anatomy"
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('{anatomy}');"
        " return el && el.data && el.data.length > 5; }",
        timeout=LOAD_TIMEOUT_MS,
    )
    before = plot_x(page, anatomy, 4)
    assert before, "the anatomy figure has no femur trace"

    handle.click()
    for _ in range(3):
        handle.press("PageUp")
    page.wait_for_function(
        f"before => {{ const el = document.querySelector('{anatomy}');"
        " return JSON.stringify(Array.from(el.data[4].x)) !== JSON.stringify(before); }",
        arg=before,
        timeout=UPDATE_TIMEOUT_MS,
    )
    after = plot_x(page, anatomy, 4)
    assert after != before
    angle = float(handle.get_attribute("aria-valuenow"))
    assert angle > 0

    # The moment-arm chart: its last trace marks every compartment at the current angle.
    plots.nth(1).evaluate("el => el.classList.add('glutelab-test-moments')")
    page.wait_for_function(
        "angle => { const el = document.querySelector('.glutelab-test-moments');"
        " const t = el && el.data && el.data[el.data.length - 1];"
        " return t && t.x.length > 0 && Array.from(t.x).every(v => Math.abs(v - angle) < 1e-9); }",
        arg=angle,
        timeout=UPDATE_TIMEOUT_MS,
    )

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
