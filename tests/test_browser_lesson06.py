"""Lesson 06 in a real browser: the chart filters redraw, the builder plans and downloads a CSV.

Drives Debian's Chromium against the session's Voila server (fixtures from
``browser_support.py`` and ``voila_server.py``) and fails on any console or page error.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from browser_support import (
    LOAD_TIMEOUT_MS,
    UPDATE_TIMEOUT_MS,
    full_page_screenshot,
    record_problems,
)
from glutelab import exercises as X
from glutelab import programme as P
from glutelab import strength_ui as U

LESSON = "06-activation-and-strength.ipynb"
CHOICES = {"days": 2, "equipment": "bands", "experience": "some", "goal": "speed", "weeks": 7}

pytestmark = [pytest.mark.browser]


def _bar_counts(page, fig: str) -> list[int]:
    return page.evaluate(
        f"() => Array.from(document.querySelector('{fig}').data).map(t => (t.x || []).length)"
    )


def test_lesson06_in_chromium(browser_page, voila_url: str, output_dir: Path) -> None:
    page = browser_page
    problems = record_problems(page)
    page.goto(f"{voila_url}voila/render/{LESSON}", wait_until="load", timeout=LOAD_TIMEOUT_MS)

    # --- the chart: the page's only plotly graph; a filter changes its bars ---------------
    chart = page.locator(".glutelab-activation-chart")
    plots = chart.locator(".js-plotly-plot")
    plots.first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
    assert page.locator(".js-plotly-plot").count() == 1
    plots.first.evaluate("el => el.classList.add('glutelab-test-activation')")
    fig = ".glutelab-test-activation"
    page.wait_for_function(
        f"() => {{ const el = document.querySelector('{fig}');"
        " return el && el.data && el.data.length === 2 && el._fullLayout; }",
        timeout=LOAD_TIMEOUT_MS,
    )
    before = _bar_counts(page, fig)
    assert before == [len(X.activations(m)) for m in U.TRACES]

    chart.locator("button", has_text=U.MUSCLE_FILTERS["GMed"]).click()
    want = [0, len(X.activations("GMed"))]
    page.wait_for_function(
        f"want => {{ const d = document.querySelector('{fig}').data;"
        " return d[0].x.length === want[0] && d[1].x.length === want[1]; }",
        arg=want,
        timeout=UPDATE_TIMEOUT_MS,
    )
    assert _bar_counts(page, fig) != before
    gmed = page.evaluate(f"() => Array.from(document.querySelector('{fig}').data[1].x)")
    assert gmed == [a.value for a in X.activations("GMed")]
    side = chart.locator(".glutelab-activation-side")
    assert "no published value" in side.inner_text()

    # --- the builder: choose inputs, build, a plan appears, the CSV downloads -------------
    builder = page.locator(".glutelab-programme-builder")
    builder.scroll_into_view_if_needed()
    groups = builder.locator(".widget-toggle-buttons")
    days, experience, weeks = groups.nth(0), groups.nth(1), groups.nth(2)
    days.get_by_role("button", name=str(CHOICES["days"]), exact=True).click()
    selects = builder.locator("select")
    selects.nth(0).select_option(label=X.EQUIPMENT[CHOICES["equipment"]])
    experience.get_by_role("button", name=P.EXPERIENCE[CHOICES["experience"]]).click()
    selects.nth(1).select_option(label=P.GOALS[CHOICES["goal"]])
    weeks.get_by_role("button", name=str(CHOICES["weeks"]), exact=True).click()
    builder.get_by_role("button", name="Build my plan").click()

    plan = builder.locator(f".glutelab-plan[data-weeks='{CHOICES['weeks']}']")
    plan.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    assert plan.locator(".glutelab-plan-week").count() == CHOICES["weeks"]
    expected = P.build_programme(
        CHOICES["days"],
        CHOICES["equipment"],
        CHOICES["experience"],
        CHOICES["goal"],
        CHOICES["weeks"],
    )
    assert plan.locator(".glutelab-plan-row").count() == len(expected.rows)
    assert "Saved to your progress" in builder.locator(".glutelab-right").inner_text()

    link = builder.locator("a.glutelab-programme-csv")
    with page.expect_download(timeout=UPDATE_TIMEOUT_MS) as info:
        link.click()
    download = info.value
    assert download.suggested_filename == U.CSV_FILENAME
    saved = output_dir / U.CSV_FILENAME
    download.save_as(saved)
    text = saved.read_bytes().decode("utf-8")  # read_text would fold the CRLF line ends
    assert text == P.to_csv(expected)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {int(r["week"]) for r in rows} == set(range(1, CHOICES["weeks"] + 1))
    assert {r["deload"] for r in rows if r["week"] == str(CHOICES["weeks"])} == {"yes"}

    # --- an impossible choice: a clear message, and the plan goes away ---------------------
    days.get_by_role("button", name="6", exact=True).click()
    builder.get_by_role("button", name="Build my plan").click()
    invalid = builder.locator(".glutelab-invalid")
    invalid.wait_for(state="visible", timeout=UPDATE_TIMEOUT_MS)
    assert "no easy days" in invalid.inner_text()
    page.wait_for_function(
        "() => !document.querySelector('.glutelab-programme-builder .glutelab-plan')",
        timeout=UPDATE_TIMEOUT_MS,
    )

    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "from glutelab import" not in body

    page.wait_for_timeout(500)  # let late console messages arrive before judging
    full_page_screenshot(page, output_dir / "lesson06.png")
    assert not problems, "\n".join(problems)
