"""Item analysis of one assignment: how each graded cell did across the class.

For every graded cell (an *item*) of an assignment, over the learners who handed it in:

``mean``
    Mean points earned.
``share_full``
    Share of learners with full marks on the item.
``discrimination``
    The corrected item–total correlation: Pearson's r between the item's score and the
    rest of the learner's total (the total minus this item), across learners. A good item
    is passed more often by learners who do well on the rest (r well above 0); an item
    with r near 0 or below measures something else, or is broken. Undefined, and reported
    as NaN (an empty CSV cell) with a ``note``, when fewer than :data:`MIN_LEARNERS`
    learners were graded on it or when the item or the rest of the total does not vary.

An answer still waiting for manual grading is left out of its item (it has no score yet)
and counts as nothing in the rest of that learner's total; the item's note says how many
were left out. Late penalties are ignored here.

Items are flagged (:func:`flags`) when discrimination is below :data:`LOW_DISCRIMINATION`,
or when more than :data:`TOO_EASY` or fewer than :data:`TOO_HARD` of the learners got full
marks. The thresholds are rules of thumb for a class-sized sample, not significance tests:
with 20 learners an r of 0.2 is well within chance.

The layers follow the rest of the course: :func:`compute_item_stats` is pure (numbers in,
:class:`ItemStats` out); :func:`item_analysis` reads the gradebook; :func:`item_figure`,
:func:`item_updates` and :func:`item_table_html` draw; :class:`ItemDashboard` is the thin
view the instructor dashboard notebook (``assessments/item-analysis.ipynb``) shows.
"""

from __future__ import annotations

import csv
import html
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

from .. import ui
from .course import GradingError, load_config, resolve_db_url
from .export import format_number, grade_score, read_gradebook

__all__ = [
    "CSV_COLUMNS",
    "LOW_DISCRIMINATION",
    "MIN_LEARNERS",
    "TOO_EASY",
    "TOO_HARD",
    "TRACES",
    "Item",
    "ItemDashboard",
    "ItemStats",
    "assignment_names",
    "compute_item_stats",
    "dashboard",
    "default_course",
    "default_db_url",
    "flags",
    "item_analysis",
    "item_figure",
    "item_table_html",
    "item_updates",
    "pearson",
    "write_item_csv",
]

#: Discrimination below this flags an item.
LOW_DISCRIMINATION = 0.2
#: A share of full marks above this flags an item as too easy to tell learners apart.
TOO_EASY = 0.95
#: A share of full marks below this flags an item as very hard (or broken).
TOO_HARD = 0.2
#: Fewest graded learners for which a correlation is reported.
MIN_LEARNERS = 3

#: Columns of the item CSV.
CSV_COLUMNS = (
    "assignment",
    "notebook",
    "grade_id",
    "max_score",
    "n",
    "mean",
    "mean_share",
    "share_full",
    "discrimination",
    "flags",
    "note",
)

_FULL_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Item:
    """One graded cell of an assignment.

    Attributes
    ----------
    assignment, notebook, grade_id : str
        Where the cell is.
    max_score : float
        Its points.
    """

    assignment: str
    notebook: str
    grade_id: str
    max_score: float


@dataclass(frozen=True)
class ItemStats:
    """How one graded cell did across the learners who handed it in.

    Attributes
    ----------
    assignment, notebook, grade_id : str
        Where the cell is.
    max_score : float
        Its points.
    n : int
        Learners with a score on it (answers awaiting manual grading left out).
    mean : float
        Mean points (NaN when ``n`` is 0).
    share_full : float
        Share of the ``n`` learners with full marks (NaN when ``n`` is 0).
    discrimination : float
        Corrected item–total correlation, or NaN when undefined (see ``note``).
    note : str
        Why a value is missing, and how many answers were left out; "" when nothing to say.
    """

    assignment: str
    notebook: str
    grade_id: str
    max_score: float
    n: int
    mean: float
    share_full: float
    discrimination: float
    note: str = ""

    @property
    def mean_share(self) -> float:
        """Mean score as a share of the item's points (NaN if undefined)."""
        if self.max_score <= 0 or math.isnan(self.mean):
            return math.nan
        return self.mean / self.max_score


def flags(stat: ItemStats) -> tuple[str, ...]:
    """Return why an item deserves a second look (empty when it does not).

    Items with fewer than :data:`MIN_LEARNERS` graded learners are never flagged: one or
    two scores say nothing about an item.

    Parameters
    ----------
    stat : ItemStats
        One item's statistics.

    Returns
    -------
    tuple of str
        Any of ``"low discrimination"`` (r < :data:`LOW_DISCRIMINATION`), ``"too easy"``
        (share of full marks > :data:`TOO_EASY`) and ``"too hard"`` (share of full marks
        < :data:`TOO_HARD`). NaN values raise no flag.
    """
    found: list[str] = []
    if stat.n < MIN_LEARNERS:
        return ()
    if not math.isnan(stat.discrimination) and stat.discrimination < LOW_DISCRIMINATION:
        found.append("low discrimination")
    if not math.isnan(stat.share_full):
        if stat.share_full > TOO_EASY:
            found.append("too easy")
        elif stat.share_full < TOO_HARD:
            found.append("too hard")
    return tuple(found)


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Return Pearson's correlation coefficient of two equally long samples.

    Parameters
    ----------
    x, y : sequence of float
        Paired values.

    Returns
    -------
    float
        r in [-1, 1]; NaN if either sample has no spread or fewer than two values.
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    if a.shape != b.shape:
        msg = f"samples of different lengths: {a.size} and {b.size}"
        raise ValueError(msg)
    if a.size < 2:
        return math.nan
    da = a - a.mean()
    db = b - b.mean()
    denominator = math.sqrt(float(np.dot(da, da)) * float(np.dot(db, db)))
    if denominator == 0:
        return math.nan
    return max(-1.0, min(1.0, float(np.dot(da, db)) / denominator))


def compute_item_stats(
    items: Sequence[Item],
    scores: Mapping[str, Mapping[tuple[str, str], float | None]],
) -> list[ItemStats]:
    """Compute the statistics of every item from the learners' scores.

    Parameters
    ----------
    items : sequence of Item
        The assignment's graded cells, in the order to report them.
    scores : mapping
        ``scores[learner][(notebook, grade_id)]``: points, or None for an answer awaiting
        manual grading. Only learners who handed the assignment in belong here; a missing
        key counts like None.

    Returns
    -------
    list of ItemStats
        One per item, in the order of ``items``.
    """
    keys = [(item.notebook, item.grade_id) for item in items]
    totals = {
        learner: sum(v for k in keys if (v := marks.get(k)) is not None)
        for learner, marks in scores.items()
    }
    results = []
    for item, key in zip(items, keys, strict=True):
        graded = [
            (marks[key], learner) for learner, marks in scores.items() if marks.get(key) is not None
        ]
        left_out = len(scores) - len(graded)
        x = [float(score) for score, _ in graded]
        rest = [totals[learner] - score for score, learner in graded]
        notes = []
        n = len(x)
        if n == 0:
            mean = share_full = r = math.nan
            notes.append("no graded submissions")
        else:
            mean = float(np.mean(x))
            share_full = sum(v >= item.max_score - _FULL_TOLERANCE for v in x) / n
            r = math.nan
            if n < MIN_LEARNERS:
                notes.append(f"discrimination needs at least {MIN_LEARNERS} graded learners")
            elif max(x) == min(x):
                notes.append("discrimination undefined: every learner scored the same")
            elif max(rest) == min(rest):
                notes.append("discrimination undefined: the rest of the total does not vary")
            else:
                r = pearson(x, rest)
        if left_out:
            notes.append(f"{left_out} awaiting manual grading, left out")
        results.append(
            ItemStats(
                assignment=item.assignment,
                notebook=item.notebook,
                grade_id=item.grade_id,
                max_score=float(item.max_score),
                n=n,
                mean=mean,
                share_full=share_full,
                discrimination=r,
                note="; ".join(notes),
            )
        )
    return results


def _missing_assignment(gb: Any, assignment: str) -> GradingError:
    known = ", ".join(a.name for a in gb.assignments) or "none yet"
    return GradingError(f"no assignment {assignment!r} in the gradebook (assignments: {known})")


def item_analysis(course: Path, db_url: str, assignment: str) -> list[ItemStats]:
    """Read one assignment's scores from the gradebook and analyse every graded cell.

    Parameters
    ----------
    course : pathlib.Path
        The nbgrader course root (the gradebook holds everything needed; the argument
        keeps the grading commands' calls alike).
    db_url : str
        SQLAlchemy URL of the gradebook.
    assignment : str
        Assignment name.

    Returns
    -------
    list of ItemStats
        One per graded cell, notebook by notebook in the gradebook's order. With no
        submissions every item has ``n == 0`` and NaN statistics.

    Raises
    ------
    GradingError
        If the gradebook cannot be read or does not know the assignment.
    """
    from nbgrader.api import MissingEntry  # noqa: PLC0415 - slow import, grading job only

    del course  # everything needed is in the gradebook
    with read_gradebook(db_url) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            raise _missing_assignment(gb, assignment) from None
        items = [
            Item(assignment, nb.name, cell.name, float(cell.max_score))
            for nb in found.notebooks
            for cell in (*nb.grade_cells, *nb.task_cells)
        ]
        scores: dict[str, dict[tuple[str, str], float | None]] = {}
        for submission in found.submissions:
            marks = scores.setdefault(submission.student.id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    marks[(notebook.name, grade.name)] = grade_score(grade)
    return compute_item_stats(items, scores)


def assignment_names(db_url: str) -> list[str]:
    """Return the assignments in the gradebook, in its order (due date, then name).

    Parameters
    ----------
    db_url : str
        SQLAlchemy URL of the gradebook.

    Returns
    -------
    list of str
    """
    with read_gradebook(db_url) as gb:
        return [a.name for a in gb.assignments]


def _csv_number(value: float) -> str:
    return "" if value is None or math.isnan(value) else format_number(value)


def write_item_csv(stats: Sequence[ItemStats], out: Path) -> Path:
    """Write item statistics as CSV (columns :data:`CSV_COLUMNS`).

    Parameters
    ----------
    stats : sequence of ItemStats
        What :func:`item_analysis` returned.
    out : pathlib.Path
        The file to write (its folder is created).

    Returns
    -------
    pathlib.Path
        ``out``. Undefined values are empty cells; ``flags`` joins :func:`flags` with "; ".
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for s in stats:
            writer.writerow(
                [
                    s.assignment,
                    s.notebook,
                    s.grade_id,
                    format_number(s.max_score),
                    s.n,
                    _csv_number(s.mean),
                    _csv_number(s.mean_share),
                    _csv_number(s.share_full),
                    _csv_number(s.discrimination),
                    "; ".join(flags(s)),
                    s.note,
                ]
            )
    tmp.replace(out)
    return out


# --------------------------------------------------------------------------- figure

#: Colours: the course's info blue, a muted grey and the warning red of ``ui.STYLES``.
_BLUE = "#1a73e8"
_GREY = "#9aa0a6"
_RED = "#b3261e"
_AMBER = "#b26a00"
#: Trace order of :func:`item_figure`; :func:`item_updates` returns updates in this order.
TRACES = ("mean_share", "share_full", "discrimination", "threshold")


def _label(stat: ItemStats) -> str:
    name = stat.grade_id if stat.notebook == stat.assignment else f"{stat.notebook}/{stat.grade_id}"
    return f"⚑ {name}" if flags(stat) else name


def _none_if_nan(value: float) -> float | None:
    return None if math.isnan(value) else value


def item_updates(stats: Sequence[ItemStats]) -> list[dict]:
    """Return the data of every trace of :func:`item_figure` for a set of items.

    Parameters
    ----------
    stats : sequence of ItemStats
        One assignment's items.

    Returns
    -------
    list of dict
        Trace updates in :data:`TRACES` order: bars of mean score (share of the points)
        and of the share with full marks, discrimination markers, and the dashed
        discrimination threshold. Flagged items are drawn in red or amber and their labels
        start with ⚑; undefined values are gaps (None).
    """
    x = [_label(s) for s in stats]
    flagged = [flags(s) for s in stats]
    hover = [
        f"{html.escape(s.grade_id)}<br>max {format_number(s.max_score)} pts, n = {s.n}"
        f"<br>{html.escape('; '.join(f) or 'no flags')}"
        + (f"<br>{html.escape(s.note)}" if s.note else "")
        for s, f in zip(stats, flagged, strict=True)
    ]
    return [
        {
            "x": x,
            "y": [_none_if_nan(s.mean_share) for s in stats],
            "marker": {"color": [_AMBER if f else _BLUE for f in flagged]},
            "hovertext": hover,
        },
        {
            "x": x,
            "y": [_none_if_nan(s.share_full) for s in stats],
            "marker": {
                "color": [_RED if {"too easy", "too hard"} & set(f) else _GREY for f in flagged]
            },
            "hovertext": hover,
        },
        {
            "x": x,
            "y": [_none_if_nan(s.discrimination) for s in stats],
            "marker": {
                "color": [_RED if "low discrimination" in f else "#202124" for f in flagged]
            },
            "hovertext": hover,
        },
        {"x": x, "y": [LOW_DISCRIMINATION] * len(x)},
    ]


def item_figure(stats: Sequence[ItemStats], title: str = "") -> go.Figure:
    """Build the item chart: two bars and a discrimination marker per item.

    Parameters
    ----------
    stats : sequence of ItemStats
        One assignment's items (may be empty).
    title : str
        Chart title.

    Returns
    -------
    plotly.graph_objects.Figure
        One y axis from -1 to 1: bars are shares (0 to 1), markers are correlations.
    """
    mean, full, disc, line = item_updates(stats)
    fig = go.Figure(
        [
            go.Bar(name="mean score (share of points)", hoverinfo="text+y", **mean),
            go.Bar(name="share with full marks", hoverinfo="text+y", **full),
            go.Scatter(
                name="discrimination (item–rest r)",
                mode="markers",
                marker_symbol="diamond",
                marker_size=12,
                hoverinfo="text+y",
                **disc,
            ),
            go.Scatter(
                name=f"discrimination threshold ({LOW_DISCRIMINATION:g})",
                mode="lines",
                line={"color": _RED, "dash": "dash", "width": 1},
                hoverinfo="skip",
                **line,
            ),
        ]
    )
    fig.update_layout(
        title=title or None,
        barmode="group",
        yaxis={"range": [-1.05, 1.05], "zeroline": True, "title": "share  ·  r"},
        xaxis={"title": "graded cell (⚑ flagged)", "type": "category"},
        legend={"orientation": "h", "y": -0.35},
        margin={"t": 50, "b": 40, "l": 60, "r": 20},
        height=460,
        template="plotly_white",
    )
    return fig


def item_table_html(stats: Sequence[ItemStats]) -> str:
    """Return the items as an HTML table (flagged rows marked), for the dashboard.

    Parameters
    ----------
    stats : sequence of ItemStats
        One assignment's items.

    Returns
    -------
    str
        A ``<table class="glutelab-item-table">``; undefined values show as "–".
    """

    def cell(value: float, percent: bool = False) -> str:
        if value is None or math.isnan(value):
            return "–"
        return f"{100 * value:.0f} %" if percent else f"{value:.2f}"

    rows = []
    for s in stats:
        found = flags(s)
        style = " style='background:#fff4e0'" if found else ""
        rows.append(
            f"<tr class='{'flagged' if found else 'ok'}'{style}>"
            f"<td><code>{html.escape(s.grade_id)}</code></td>"
            f"<td>{format_number(s.max_score)}</td><td>{s.n}</td>"
            f"<td>{cell(s.mean)}</td><td>{cell(s.mean_share, percent=True)}</td>"
            f"<td>{cell(s.share_full, percent=True)}</td><td>{cell(s.discrimination)}</td>"
            f"<td>{html.escape('; '.join(found))}</td><td>{html.escape(s.note)}</td></tr>"
        )
    head = "".join(
        f"<th style='text-align:left;padding:2px 8px'>{h}</th>"
        for h in (
            "Item",
            "Points",
            "n",
            "Mean",
            "Mean %",
            "Full marks",
            "Discrimination",
            "Flags",
            "Note",
        )
    )
    return (
        "<table class='glutelab-item-table' style='border-collapse:collapse'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


# --------------------------------------------------------------------------- view


def default_course() -> Path:
    """Return the course the dashboard reads: ``$GLUTELAB_COURSE``, else the current folder.

    Returns
    -------
    pathlib.Path
        In Jupyter and Voila the current folder is the notebook's own, so the dashboard
        in ``assessments/`` finds its course without configuration.
    """
    return Path(os.environ.get("GLUTELAB_COURSE") or Path.cwd()).expanduser().resolve()


def default_db_url(course: Path) -> str:
    """Return the gradebook URL: ``$GLUTELAB_DB_URL``, else the course's nbgrader config.

    Parameters
    ----------
    course : pathlib.Path
        Course root.

    Returns
    -------
    str
        ``$GLUTELAB_DB_URL`` if set, else ``CourseDirectory.db_url`` from the course's
        configuration, else ``sqlite:///<course>/gradebook.db``.
    """
    return resolve_db_url(course, load_config(course), os.environ.get("GLUTELAB_DB_URL"))


class ItemDashboard:
    """The instructor's item-analysis view: pick an assignment, see its items.

    Parameters
    ----------
    course : path-like, optional
        Course root; :func:`default_course` when None.
    db_url : str, optional
        Gradebook URL; :func:`default_db_url` when None.

    Attributes
    ----------
    assignment : ipywidgets.Dropdown
        The assignments in the gradebook.
    reload : ipywidgets.Button
        Reads the gradebook again (after more grading).
    figure : plotly.graph_objects.FigureWidget
        The item chart (:func:`item_figure`); empty while there is nothing to show.
    table : ipywidgets.HTML
        The item table (:func:`item_table_html`).
    message : ipywidgets.HTML
        What is shown, or why nothing is.
    stats : list of ItemStats
        The items on display.
    widget : ipywidgets.VBox
        Everything, with the CSS class ``glutelab-item-analysis``.
    """

    def __init__(
        self, course: str | os.PathLike[str] | None = None, db_url: str | None = None
    ) -> None:
        self.message = widgets.HTML()
        self.assignment = widgets.Dropdown(
            description="Assignment", options=[], style={"description_width": "initial"}
        )
        self.reload = widgets.Button(description="Reload", tooltip="Read the gradebook again")
        self.table = widgets.HTML()
        self.stats: list[ItemStats] = []
        self.course: Path | None = None
        self.db_url: str | None = db_url
        self._connect(course)
        if self.assignment.value:
            self.stats = self._analyse(self.assignment.value)
        # plotly's FigureWidget hands the page only the state it was built with: a change
        # made before the page shows it never arrives. So it starts with the data.
        self.figure = go.FigureWidget(item_figure(self.stats, self._title(self.assignment.value)))
        self.controls = widgets.HBox([self.assignment, self.reload])
        self.widget = widgets.VBox([self.controls, self.message, self.figure, self.table])
        self.widget.add_class("glutelab-item-analysis")
        self.assignment.observe(self._on_assignment, names="value")
        self.reload.on_click(self._on_reload)

    @ui.guarded(lambda self: self.message)
    def _connect(self, course: str | os.PathLike[str] | None) -> None:
        try:
            self.course = Path(course).resolve() if course is not None else default_course()
            if self.db_url is None:
                self.db_url = default_db_url(self.course)
            names = assignment_names(self.db_url)
        except GradingError as exc:
            self._say("warning", f"No gradebook to analyse: {exc}.")
            return
        if not names:
            self._say(
                "info",
                "The gradebook has no assignments yet. Run generate_assignment and "
                "autograde, then press Reload.",
            )
            return
        self.assignment.options = names
        self.assignment.value = self._first_graded(names)

    def _first_graded(self, names: list[str]) -> str:
        with read_gradebook(self.db_url) as gb:
            for name in names:
                if gb.find_assignment(name).submissions:
                    return name
        return names[0]

    def _say(self, kind: str, text: str) -> None:
        self.message.value = ui.message_html(kind, text)
        self.table.value = ""

    def _title(self, assignment: str | None) -> str:
        return f"{assignment}: items" if self.stats and assignment else ""

    def _analyse(self, assignment: str) -> list[ItemStats]:
        """Read one assignment; write the message and table; return what to draw."""
        try:
            stats = item_analysis(self.course, self.db_url, assignment)
        except GradingError as exc:
            self._say("warning", f"Cannot analyse {assignment}: {exc}.")
            return []
        if not any(s.n for s in stats):
            self._say(
                "info",
                f"No graded submissions of {assignment} yet: autograde it, then press Reload.",
            )
            return []
        learners = max(s.n for s in stats)
        flagged = sum(bool(flags(s)) for s in stats)
        self.message.value = ui.message_html(
            "warning" if flagged else "info",
            f"{assignment}: {len(stats)} graded cells, up to {learners} "
            f"learner{'s' if learners != 1 else ''}; "
            f"{flagged} flagged (⚑: discrimination < {LOW_DISCRIMINATION:g}, or full marks "
            f"for more than {TOO_EASY:.0%} or fewer than {TOO_HARD:.0%} of learners).",
        )
        self.table.value = item_table_html(stats)
        return stats

    def _on_assignment(self, change: dict) -> None:
        if change["new"]:
            self.show(change["new"])

    @ui.guarded(lambda self: self.message)
    def _on_reload(self, _button: widgets.Button) -> None:
        if self.assignment.value:
            self.show(self.assignment.value)
        else:
            self._connect(self.course)

    @ui.guarded(lambda self: self.message)
    def show(self, assignment: str) -> None:
        """Analyse one assignment and redraw the chart and table.

        With nothing to draw (no graded submission, an unreadable gradebook) the chart
        is emptied and the message says why.

        Parameters
        ----------
        assignment : str
            Assignment name (one of the dropdown's options).
        """
        self.stats = self._analyse(assignment)
        with self.figure.batch_update():
            for trace, update in zip(self.figure.data, item_updates(self.stats), strict=True):
                trace.update(update)
            self.figure.layout.title.text = self._title(assignment)

    def _ipython_display_(self) -> None:
        ui.show(self.widget)


def dashboard(
    course: str | os.PathLike[str] | None = None, db_url: str | None = None
) -> ItemDashboard:
    """Return the item-analysis dashboard (what the dashboard notebook shows).

    Parameters
    ----------
    course : path-like, optional
        Course root; ``$GLUTELAB_COURSE`` or the current folder by default.
    db_url : str, optional
        Gradebook URL; ``$GLUTELAB_DB_URL`` or the course's configuration by default.

    Returns
    -------
    ItemDashboard
    """
    return ItemDashboard(course, db_url)
