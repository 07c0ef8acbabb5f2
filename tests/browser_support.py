"""Browser-test support: a Chromium page fixture and helpers shared by every browser test.

Registered as a pytest plugin in ``conftest.py``. Playwright drives Debian's Chromium
(``/usr/bin/chromium``); it cannot download its own browser here.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api
from voila_server import CHROMIUM, CHROMIUM_ARGS

__all__ = [
    "LOAD_TIMEOUT_MS",
    "UPDATE_TIMEOUT_MS",
    "browser_page",
    "full_page_screenshot",
    "plot_x",
    "record_problems",
]

LOAD_TIMEOUT_MS = 90_000  # a cold Voila page takes 6-10 s here; a loaded CI box much longer
UPDATE_TIMEOUT_MS = 15_000

# A missing browser fails the tests rather than skipping them: scripts/test.sh installs it.
pytestmark = [pytest.mark.browser]


@pytest.fixture
def browser_page() -> Iterator:
    """A page in a fresh Chromium profile, closed (with its browser) at teardown."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run the tests with bash scripts/test.sh, which installs it"
        )
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
    """Return the x values of one trace of the plotly graph matching ``selector``."""
    return page.evaluate(
        "([sel, i]) => { const el = document.querySelector(sel);"
        " return el && el.data && el.data[i] ? Array.from(el.data[i].x) : null; }",
        [selector, trace],
    )
