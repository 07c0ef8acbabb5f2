"""Item analysis: mean, share of full marks and corrected item–total correlation per cell.

The statistics of the graded course (shared with ``test_grading_feedback``) are checked
against numpy on the scores the submissions were built to earn; the pure function against
hand-made score tables; the dashboard view headless, its notebook in a real kernel (once in
its course folder, once with no gradebook) and in Voila, served as the course serves pages.
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from test_grading_feedback import (
    ANATOMY_ID,
    CHECKS,
    LEARNERS,
    SIGNS_ID,
    WRITTEN,
    GradedCourse,
    graded_course,
    points,
)
from voila_server import running_voila

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "assessments" / "item-analysis.ipynb"


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> GradedCourse:
    return graded_course(tmp_path_factory)


@pytest.fixture(autouse=True)
def _no_dashboard_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GLUTELAB_COURSE", raising=False)
    monkeypatch.delenv("GLUTELAB_DB_URL", raising=False)


def by_numpy(course: GradedCourse, grade_id: str) -> dict[str, float]:
    """The item's statistics computed with numpy from the scores the design gives."""
    table = course.expected
    graded = [learner for learner in LEARNERS if table[learner][grade_id] is not None]
    x = np.array([table[learner][grade_id] for learner in graded], dtype=float)
    totals = np.array(
        [sum(v for v in table[learner].values() if v is not None) for learner in graded]
    )
    worth = points(course.source)[grade_id]
    return {
        "n": len(graded),
        "mean": float(x.mean()),
        "share_full": float(np.mean(x == worth)),
        "discrimination": float(np.corrcoef(x, totals - x)[0, 1]),
    }


# --------------------------------------------------------------------------- the course


@pytest.mark.slow
def test_statistics_match_numpy_on_the_graded_course(course: GradedCourse) -> None:
    from glutelab.grading.items import item_analysis

    stats = item_analysis(course.root, course.db_url, ANATOMY_ID)
    assert [s.grade_id for s in stats] == [*CHECKS, WRITTEN]
    worth = points(course.source)
    for s in stats:
        want = by_numpy(course, s.grade_id)
        assert (s.assignment, s.notebook, s.max_score) == (
            ANATOMY_ID,
            ANATOMY_ID,
            worth[s.grade_id],
        )
        assert s.n == want["n"], s.grade_id
        assert s.mean == pytest.approx(want["mean"]), s.grade_id
        assert s.share_full == pytest.approx(want["share_full"]), s.grade_id
        assert s.discrimination == pytest.approx(want["discrimination"]), s.grade_id
        assert s.mean_share == pytest.approx(want["mean"] / worth[s.grade_id])
    written = stats[-1]
    assert written.n == 3  # two written answers still wait for a grader
    assert "2 awaiting manual grading, left out" in written.note


@pytest.mark.slow
def test_flags_follow_the_thresholds(course: GradedCourse) -> None:
    from glutelab.grading import items

    for s in items.item_analysis(course.root, course.db_url, ANATOMY_ID):
        want = by_numpy(course, s.grade_id)
        expected = []
        if want["discrimination"] < 0.2:
            expected.append("low discrimination")
        if want["share_full"] > 0.95:
            expected.append("too easy")
        elif want["share_full"] < 0.2:
            expected.append("too hard")
        assert items.flags(s) == tuple(expected), s.grade_id
    # Nobody got full marks on the written answer (2 and 1 of 3 points, and a blank).
    assert items.flags(s) == ("too hard",)


@pytest.mark.slow
def test_csv_round_trip(course: GradedCourse, tmp_path: Path) -> None:
    import csv

    from glutelab.grading.items import CSV_COLUMNS, flags, item_analysis, write_item_csv

    stats = item_analysis(course.root, course.db_url, SIGNS_ID)
    out = write_item_csv(stats, tmp_path / "deep" / "items.csv")
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["grade_id"] for r in rows] == [s.grade_id for s in stats]
    for row, s in zip(rows, stats, strict=True):
        # One learner handed 02 in: no correlation, an empty cell and a note saying why
        # (the written answer waits for a grader, so it has no score at all).
        assert row["discrimination"] == ""
        assert row["note"].startswith(
            "discrimination needs at least 3" if s.n else "no graded submissions"
        )
        assert row["n"] == str(s.n)
        assert row["flags"] == "; ".join(flags(s))
        if s.n:
            assert float(row["mean"]) == pytest.approx(s.mean)
            assert float(row["share_full"]) == pytest.approx(s.share_full)


@pytest.mark.slow
def test_unknown_assignment_names_the_known_ones(course: GradedCourse) -> None:
    from glutelab.grading.course import GradingError
    from glutelab.grading.items import item_analysis

    with pytest.raises(GradingError, match=f"no assignment '99-x'.*{ANATOMY_ID}"):
        item_analysis(course.root, course.db_url, "99-x")


# --------------------------------------------------------------------------- pure


def test_compute_item_stats_on_a_hand_made_table() -> None:
    from glutelab.grading.items import Item, compute_item_stats, flags

    items = [Item("a1", "nb", g, m) for g, m in (("easy", 1), ("spread", 2), ("later", 1))]
    scores = {
        "l1": {("nb", "easy"): 1, ("nb", "spread"): 2, ("nb", "later"): 1},
        "l2": {("nb", "easy"): 1, ("nb", "spread"): 0, ("nb", "later"): None},
        "l3": {("nb", "easy"): 1, ("nb", "spread"): 1, ("nb", "later"): 0},
        "l4": {("nb", "easy"): 1, ("nb", "spread"): 2},  # missing key: like None
    }
    easy, spread, later = compute_item_stats(items, scores)
    assert (easy.n, easy.mean, easy.share_full) == (4, 1.0, 1.0)
    assert math.isnan(easy.discrimination)
    assert "every learner scored the same" in easy.note
    assert flags(easy) == ("too easy",)
    # spread: x = 2, 0, 1, 2 against the rest (easy + later) = 2, 1, 1, 1
    assert spread.discrimination == pytest.approx(np.corrcoef([2, 0, 1, 2], [2, 1, 1, 1])[0, 1])
    assert spread.share_full == 0.5
    assert spread.mean == pytest.approx(1.25)
    # later: two learners left out, so too few for a correlation
    assert later.n == 2
    assert math.isnan(later.discrimination)
    assert later.note == (
        "discrimination needs at least 3 graded learners; 2 awaiting manual grading, left out"
    )
    assert flags(later) == ()


def test_rest_of_total_without_spread_and_no_submissions() -> None:
    from glutelab.grading.items import Item, compute_item_stats

    items = [Item("a", "nb", "q1", 1), Item("a", "nb", "q2", 1)]
    flat_rest = {f"l{i}": {("nb", "q1"): float(i > 0), ("nb", "q2"): 1.0} for i in range(3)}
    q1, q2 = compute_item_stats(items, flat_rest)
    assert math.isnan(q1.discrimination)
    assert "the rest of the total does not vary" in q1.note
    assert "every learner scored the same" in q2.note
    (empty,) = compute_item_stats(items[:1], {})
    assert empty.n == 0
    assert all(math.isnan(v) for v in (empty.mean, empty.share_full, empty.discrimination))
    assert empty.note == "no graded submissions"


def test_pearson_against_numpy() -> None:
    from glutelab.grading.items import pearson

    rng = np.random.default_rng(6)
    for _ in range(20):
        x = rng.integers(0, 4, size=12).astype(float)
        y = x + rng.normal(size=12)
        assert pearson(x, y) == pytest.approx(np.corrcoef(x, y)[0, 1])
    assert math.isnan(pearson([1, 1, 1], [1, 2, 3]))
    assert math.isnan(pearson([1], [2]))
    with pytest.raises(ValueError, match="different lengths"):
        pearson([1, 2], [1, 2, 3])


def test_flag_thresholds_are_strict() -> None:
    from glutelab.grading.items import ItemStats, flags

    def stat(n: int, share: float, r: float) -> ItemStats:
        return ItemStats("a", "nb", "q", 1.0, n, share, share, r)

    assert flags(stat(10, 0.5, 0.19)) == ("low discrimination",)
    assert flags(stat(10, 0.5, 0.2)) == ()
    assert flags(stat(10, 0.96, 0.5)) == ("too easy",)
    assert flags(stat(10, 0.95, 0.5)) == ()
    assert flags(stat(10, 0.19, -0.1)) == ("low discrimination", "too hard")
    assert flags(stat(10, 0.2, math.nan)) == ()
    assert flags(stat(2, 0.0, -1.0)) == ()  # two learners say nothing


# --------------------------------------------------------------------------- the view


@pytest.mark.slow
def test_dashboard_view_draws_the_items(course: GradedCourse) -> None:
    from glutelab.grading import items

    view = items.ItemDashboard(course.root, course.db_url)
    stats = items.item_analysis(course.root, course.db_url, ANATOMY_ID)
    assert view.assignment.options == (ANATOMY_ID, SIGNS_ID)
    assert view.assignment.value == ANATOMY_ID
    assert view.widget.children[2] is view.figure
    mean, full, disc, line = view.figure.data
    assert list(mean.y) == pytest.approx([s.mean_share for s in stats])
    assert list(full.y) == pytest.approx([s.share_full for s in stats])
    assert list(disc.y) == pytest.approx([s.discrimination for s in stats])
    assert list(line.y) == [items.LOW_DISCRIMINATION] * len(stats)
    assert list(mean.x) == [*CHECKS, f"⚑ {WRITTEN}"]
    # Only the written answer is flagged (too hard): its bars stand out, the others match.
    assert len(set(mean.marker.color[:-1])) == 1
    assert mean.marker.color[-1] != mean.marker.color[0]
    assert full.marker.color[-1] != full.marker.color[0]
    assert view.table.value.count("<tr class='flagged'") == 1
    assert view.table.value.count("<tr class='ok'") == len(CHECKS)
    assert "1 flagged" in view.message.value
    # One learner handed 02 in: no correlations, but the means are drawn.
    view.assignment.value = SIGNS_ID
    assert "up to 1 learner;" in view.message.value
    assert all(y is None for y in view.figure.data[2].y)
    assert view.figure.layout.title.text == f"{SIGNS_ID}: items"


def _without_submissions(course: GradedCourse, path: Path) -> str:
    """A copy of the course's gradebook with every submission deleted."""
    shutil.copy2(course.root / "gradebook.db", path)
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM submitted_assignment")
    return f"sqlite:///{path}"


@pytest.mark.slow
def test_dashboard_without_data_says_so(course: GradedCourse, tmp_path: Path) -> None:
    from glutelab.grading import items

    missing = items.ItemDashboard(tmp_path)
    assert "No gradebook to analyse" in missing.message.value
    assert all(len(trace.x) == 0 for trace in missing.figure.data)
    assert missing.table.value == ""
    empty = items.ItemDashboard(tmp_path, _without_submissions(course, tmp_path / "e.db"))
    assert f"No graded submissions of {ANATOMY_ID} yet" in empty.message.value
    assert all(len(trace.x) == 0 for trace in empty.figure.data)
    # Once a gradebook appears where the course keeps it, Reload finds it and draws it
    # in the same figure (a page has one FigureWidget).
    figure = missing.figure
    shutil.copy2(course.root / "gradebook.db", tmp_path / "gradebook.db")
    missing.reload.click()
    assert missing.assignment.options == (ANATOMY_ID, SIGNS_ID)
    assert missing.figure is figure
    assert list(figure.data[0].x) == [*CHECKS, f"⚑ {WRITTEN}"]
    assert "glutelab-item-table" in missing.table.value


@pytest.mark.slow
def test_dashboard_finds_its_course_from_the_environment(
    course: GradedCourse, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from glutelab.grading import items

    monkeypatch.setenv("GLUTELAB_COURSE", str(course.root))
    view = items.dashboard()
    assert view.course == course.root.resolve()
    assert view.db_url.startswith(f"sqlite:///{course.root.resolve() / 'gradebook.db'}")
    assert view.assignment.value == ANATOMY_ID
    monkeypatch.setenv("GLUTELAB_COURSE", str(tmp_path))
    monkeypatch.setenv("GLUTELAB_DB_URL", course.db_url)
    assert items.dashboard().assignment.options == (ANATOMY_ID, SIGNS_ID)


# --------------------------------------------------------------------------- the notebook


def _run_notebook(folder: Path) -> dict[str, dict]:
    """Execute the dashboard notebook in ``folder``; return the widget models by id."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(DASHBOARD, as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    problems = [
        (o.output_type, o.get("name"), o.get("ename"))
        for cell in nb.cells
        for o in cell.get("outputs", [])
        if o.output_type == "error" or o.get("name") == "stderr"
    ]
    assert problems == []
    return nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]


def test_dashboard_notebook_is_committed_clean() -> None:
    import nbformat

    nb = nbformat.read(DASHBOARD, as_version=4)
    nbformat.validate(nb)
    assert "widgets" not in nb.metadata
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.source for c in code] == ["from glutelab.grading import items", "items.dashboard()"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)


@pytest.mark.slow
def test_dashboard_notebook_runs_in_its_course_folder(course: GradedCourse) -> None:
    # No environment variable: the kernel starts in the notebook's folder, the course root.
    models = _run_notebook(course.root)
    (root,) = [
        m["state"]
        for m in models.values()
        if "glutelab-item-analysis" in m["state"].get("_dom_classes", [])
    ]
    children = [models[ref.removeprefix("IPY_MODEL_")] for ref in root["children"]]
    # Controls, message, the one FigureWidget (an anywidget) and the table.
    assert [m["model_name"] for m in children] == [
        "HBoxModel",
        "HTMLModel",
        "AnyModel",
        "HTMLModel",
    ]
    message, table = children[1]["state"]["value"], children[3]["state"]["value"]
    assert (
        f"{ANATOMY_ID}: {len(CHECKS) + 1} graded cells, up to {len(LEARNERS)} learners" in message
    )
    assert table.count("<tr class=") == len(CHECKS) + 1
    # The figure's state as the page receives it already holds the items (plotly drops
    # changes made to a FigureWidget before a page shows it).
    bars = children[2]["state"]["_widget_data"][0]
    assert bars["x"] == [*CHECKS, f"⚑ {WRITTEN}"]
    worth = points(course.source)[CHECKS[0]]
    assert bars["y"][0] == pytest.approx(by_numpy(course, CHECKS[0])["mean"] / worth)


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_dashboard_renders_in_voila(course: GradedCourse, tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy2(DASHBOARD, served / DASHBOARD.name)
    with running_voila(served, env={"GLUTELAB_COURSE": str(course.root)}, cwd=served) as server:
        status, body = _fetch(urllib.parse.urljoin(server.url, "voila/render/" + DASHBOARD.name))
        log = server.log()
    assert status == 200, body[:2000]
    assert "Traceback" not in body
    assert "There was an error when executing cell" not in body
    outputs = [
        json.loads(html.unescape(m))
        for m in re.findall(
            r'<script type="application/vnd\.voila\.cell-output\+json">\s*(.*?)\s*</script>',
            body,
            re.S,
        )
    ]
    kinds = [o.get("output_type") for o in outputs]
    assert "error" not in kinds, outputs
    assert not [o for o in outputs if o.get("name") == "stderr"]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1, kinds
    assert "cdn.jsdelivr.net" not in body
    assert "Traceback" not in log, log[-3000:]
