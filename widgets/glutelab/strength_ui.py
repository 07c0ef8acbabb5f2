"""Lesson 06's views: the activation chart (the page's one figure) and the programme builder.

* :class:`ActivationChart`: published glute activation (% MVIC) by exercise as horizontal
  bars, gluteus maximus and medius side by side, with standard deviations as error bars
  where the source gives them, the activation bands shaded behind, and unchecked or
  secondary values drawn differently from verified ones. Filters: equipment and muscle.
  Exercises with no plotted value are listed beside the chart with the reason, never drawn
  as 0.
* :class:`ProgrammeBuilder`: choices → :func:`glutelab.programme.build_programme` → an
  HTML table, the reasons, and a CSV download link (a ``data:`` URL, which works in Voila
  and in a plain browser). No figure: the page keeps to one ``FigureWidget``.

The chart's builder and the view share :func:`chart_updates`, so the first drawing and every
redraw agree.

Progress record: ``lessons[LESSON]["programme"]["latest"]`` holds
:meth:`glutelab.programme.Programme.summary` of the last plan built (``days_per_week``,
``equipment``, ``experience``, ``goal``, ``weeks``, ``deload_weeks``, ``sessions``,
``exercises``, ``title``) plus ``saved_at``. The builder restores it when it is created.
"""

from __future__ import annotations

import base64
import html
import re

import ipywidgets as widgets
import plotly.graph_objects as go

from . import exercises as X
from . import programme as P
from . import ui
from .progress import ProgressStore

__all__ = [
    "CSV_FILENAME",
    "EQUIPMENT_FILTERS",
    "LESSON",
    "MUSCLE_FILTERS",
    "PROGRAMME_KEY",
    "PROGRAMME_SECTION",
    "TRACES",
    "ActivationChart",
    "ProgrammeBuilder",
    "activation_figure",
    "category",
    "chart_rows",
    "chart_updates",
    "csv_link_html",
    "not_plotted",
    "programme_explanation_html",
    "programme_table_html",
    "side_html",
]

LESSON = "06-activation-and-strength"
PROGRAMME_SECTION = "programme"
PROGRAMME_KEY = "latest"
CSV_FILENAME = "glutelab-programme.csv"

#: Chart filters: value → label.
MUSCLE_FILTERS = {"both": "both", "GMax": "gluteus maximus", "GMed": "gluteus medius"}
EQUIPMENT_FILTERS = {
    "any": "any equipment",
    "none": "body weight only",
    "bands": "resistance bands",
    "dumbbells-kettlebell": "dumbbells, kettlebell or ankle weights",
    "gym": "gym: barbell or cable",
}
#: Trace names of :func:`activation_figure`, in order (one bar trace per muscle).
TRACES = X.MUSCLES

_COLOURS = {"GMax": "#6a1b9a", "GMed": "#00796b"}
_UNCHECKED_COLOUR = "#9e9e9e"
_PATTERN = {"verified": "", "secondary": ".", "unchecked": "x"}
_OPACITY = {"verified": 1.0, "secondary": 0.8, "unchecked": 0.6}
_BAND_FILL = ("#ffffff", "#f6f6f6", "#ededed", "#e2e2e2")
X_MAX = 135.0
_VERSION = {
    "none": "the body-weight version",
    "bands": "a band version",
    "dumbbells-kettlebell": "a version with dumbbells or ankle weights",
    "gym": "a barbell or cable version",
}
_ROW_PX = 44
_BASE_PX = 150


# --------------------------------------------------------------------------------------
# Chart data (pure)
# --------------------------------------------------------------------------------------
def _check_filters(muscle: str, kit: str) -> tuple[str | None, str | None]:
    if muscle not in MUSCLE_FILTERS:
        msg = f"Choose a muscle filter from {', '.join(MUSCLE_FILTERS)}; got {muscle!r}."
        raise ValueError(msg)
    if kit not in EQUIPMENT_FILTERS:
        msg = f"Choose an equipment filter from {', '.join(EQUIPMENT_FILTERS)}; got {kit!r}."
        raise ValueError(msg)
    return (None if muscle == "both" else muscle), (None if kit == "any" else kit)


def chart_rows(muscle: str = "both", kit: str = "any") -> tuple[X.Activation, ...]:
    """Return the activations with a number that the chart shows for these filters.

    The equipment filter keeps values measured with that kind of equipment (``"none"``:
    body weight only; ``"gym"``: barbell and cable versions), not everything the kit allows.

    Raises
    ------
    ValueError
        For a filter value not in :data:`MUSCLE_FILTERS` or :data:`EQUIPMENT_FILTERS`.
    """
    m, k = _check_filters(muscle, kit)
    return tuple(a for a in X.activations(m) if k is None or a.equipment == k)


def _short_name(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)", "", name)


def category(row: X.Activation) -> str:
    """Return the y-axis label of a measured variant (two lines: exercise and study, variant)."""
    name = _short_name(X.exercise(row.exercise).name)
    return f"{name} · {row.short_source}<br>{row.variant}"


def chart_updates(muscle: str = "both", kit: str = "any") -> dict:
    """Compute everything the chart redraws for a pair of filters.

    Returns
    -------
    dict
        ``traces``: one update dict per muscle trace (in :data:`TRACES` order, an empty
        trace for a muscle filtered out); ``categories``: y labels, highest value first;
        ``height``: figure height in pixels; ``count``: number of bars.
    """
    rows = chart_rows(muscle, kit)
    best: dict[str, float] = {}
    for r in rows:
        best[category(r)] = max(best.get(category(r), 0.0), r.value or 0.0)
    categories = sorted(best, key=lambda c: -best[c])
    traces = []
    for m in TRACES:
        mine = [r for r in rows if r.muscle == m]
        traces.append(
            {
                "x": [r.value for r in mine],
                "y": [category(r) for r in mine],
                "error_x": {
                    "type": "data",
                    "array": [r.sd for r in mine],
                    "visible": True,
                    "color": "#424242",
                    "thickness": 1.2,
                    "width": 3,
                },
                "text": [
                    f"{r.value:g}" + ("" if r.status == "verified" else f" ({r.status})")
                    for r in mine
                ],
                # Verified bars (solid) carry their number inside, clear of the error bar;
                # patterned bars carry it outside, where it stays readable.
                "textposition": ["inside" if r.status == "verified" else "outside" for r in mine],
                "textfont": {
                    "size": 11,
                    "color": ["white" if r.status == "verified" else "#212121" for r in mine],
                },
                "customdata": [
                    [
                        r.status,
                        r.load + (f"; {r.measure} EMG" if r.measure else ""),
                        r.source,
                        "" if r.sd is None else f" ± {r.sd:g}",
                    ]
                    for r in mine
                ],
                "marker": {
                    "color": [
                        _UNCHECKED_COLOUR if r.status == "unchecked" else _COLOURS[m] for r in mine
                    ],
                    "opacity": [_OPACITY[r.status] for r in mine],
                    "pattern": {
                        "shape": [_PATTERN[r.status] for r in mine],
                        "fgcolor": "#212121",
                        "size": 6,
                        "solidity": 0.3,
                    },
                    "line": {"color": "#212121", "width": 0.6},
                },
            }
        )
    height = _BASE_PX + _ROW_PX * max(len(categories), 2)
    return {"traces": traces, "categories": categories, "height": height, "count": len(rows)}


def activation_figure(muscle: str = "both", kit: str = "any") -> go.Figure:
    """Build the activation chart: bars per muscle, band shading, the caveat on the chart."""
    upd = chart_updates(muscle, kit)
    fig = go.Figure()
    for m, trace in zip(TRACES, upd["traces"], strict=True):
        fig.add_trace(
            go.Bar(
                name=X.MUSCLE_NAMES[m],
                orientation="h",
                offsetgroup=m,
                insidetextanchor="start",
                cliponaxis=False,
                hovertemplate="%{y}<br><b>%{x:.1f}%{customdata[3]} % MVIC</b> ("
                + X.MUSCLE_NAMES[m]
                + ")<br>status: %{customdata[0]}<br>%{customdata[1]}"
                "<br>%{customdata[2]}<extra></extra>",
                **trace,
            )
        )
    for band, fill in zip(X.BANDS, _BAND_FILL, strict=True):
        hi = min(band.high, X_MAX)
        fig.add_shape(
            type="rect",
            xref="x",
            yref="paper",
            x0=band.low,
            x1=hi,
            y0=0,
            y1=1,
            fillcolor=fill,
            line={"width": 0},
            layer="below",
        )
        fig.add_annotation(
            x=(band.low + hi) / 2,
            y=1.0,
            xref="x",
            yref="paper",
            yanchor="bottom",
            text=band.name + ("" if band.checked else "*"),
            showarrow=False,
            font={"size": 11, "color": "#616161"},
        )
    fig.update_layout(
        height=upd["height"],
        width=700,
        barmode="group",
        bargap=0.25,
        margin={"l": 10, "r": 20, "t": 70, "b": 150},
        title={
            "text": "Glute activation by exercise (% of a maximal voluntary contraction)",
            "font": {"size": 14},
            "x": 0.0,
            "xanchor": "left",
        },
        legend={
            "orientation": "h",
            "x": 0.0,
            "y": 0.0,
            "yref": "container",
            "yanchor": "bottom",
        },
        plot_bgcolor="white",
        xaxis={
            "range": [0, X_MAX],
            "title": {"text": "% MVIC (mean ± SD where published)"},
            "gridcolor": "#e0e0e0",
        },
        yaxis={
            "categoryorder": "array",
            "categoryarray": upd["categories"],
            "autorange": "reversed",
            "automargin": True,
            "tickfont": {"size": 11},
        },
    )
    fig.add_annotation(
        x=0,
        y=0,
        yshift=-58,
        xref="paper",
        yref="paper",
        yanchor="top",
        xanchor="left",
        align="left",
        showarrow=False,
        font={"size": 10, "color": "#424242"},
        text="Solid: verified · dotted: secondary source only · grey, crossed: unchecked figure."
        "<br>Values from different studies are not directly comparable<br>(different maximal "
        "tests, loads and averaging). *Band edges as commonly summarised, not checked.",
    )
    return fig


def not_plotted(muscle: str = "both", kit: str = "any") -> list[tuple[X.Exercise, str]]:
    """List the library's exercises (done with ``kit``) that have no bar, with the reason.

    Returns
    -------
    list of (Exercise, str)
        The reason is "no published value", the band a review gave, or that values exist
        only for a version needing other equipment (or only for the other muscle).
    """
    m, k = _check_filters(muscle, kit)
    shown = {r.exercise for r in chart_rows(muscle, kit)}
    out = []
    for ex in X.library():
        if ex.key in shown or (k is not None and k not in ex.equipment):
            continue
        bands = [
            a
            for a in ex.activations
            if a.value is None and (m is None or a.muscle == m) and (k is None or a.equipment == k)
        ]
        numbers = ex.values(m)
        if bands:
            reason = "; ".join(
                f"{a.muscle} {a.band} (>60 %) in {a.short_source}, {a.variant}" for a in bands
            )
        elif numbers:
            kits = sorted({_VERSION[a.equipment] for a in numbers})
            reason = f"values published only for {' and '.join(kits)}"
        elif ex.values():
            other = sorted({a.muscle for a in ex.values()})
            reason = f"values published only for {', '.join(other)}"
        else:
            reason = X.NO_VALUE
        out.append((ex, reason))
    return out


def side_html(muscle: str = "both", kit: str = "any") -> str:
    """Return the panel beside the chart: what is not plotted and why, and the caveats."""
    items = "".join(
        f"<li><b>{html.escape(ex.name)}</b>: <span class='glutelab-why'>{html.escape(why)}</span>"
        "</li>"
        for ex, why in not_plotted(muscle, kit)
    )
    n = len(chart_rows(muscle, kit))
    count = (
        f"<div class='glutelab-bar-count'>{n} bar{'s' if n != 1 else ''} shown.</div>"
        if n
        else "<div class='glutelab-bar-count'>No measured value matches these filters.</div>"
    )
    return (
        "<div class='glutelab-activation-side' style='font-size:90%;max-width:300px'>"
        f"{count}<div style='margin-top:6px'><b>Not plotted</b> (never drawn as 0):</div>"
        f"<ul style='margin:2px 0 6px 18px;padding:0'>{items or '<li>none</li>'}</ul>"
        f"<div style='opacity:.8'>{html.escape(X.BAND_NOTE)} {html.escape(X.COMPARABILITY_NOTE)}"
        "</div></div>"
    )


class ActivationChart:
    """The activation chart with its two filters.

    Attributes
    ----------
    muscle : ipywidgets.ToggleButtons
        ``"both"``, ``"GMax"`` or ``"GMed"``.
    equipment : ipywidgets.Dropdown
        ``"any"`` or a key of :data:`glutelab.exercises.EQUIPMENT`: keeps values measured
        with that kind of equipment.
    figure : plotly.graph_objects.FigureWidget
        The chart (the page's only figure).
    side : ipywidgets.HTML
        What is not plotted and why.
    message : ipywidgets.HTML
        Empty, or a message if a redraw failed.
    widget : ipywidgets.VBox
        Everything, with the CSS class ``glutelab-activation-chart``.
    """

    def __init__(self, muscle: str = "both", equipment: str = "any") -> None:
        _check_filters(muscle, equipment)
        self.muscle = widgets.ToggleButtons(
            options=[(label, key) for key, label in MUSCLE_FILTERS.items()],
            value=muscle,
            description="Muscle",
            style={"button_width": "130px"},
        )
        self.equipment = widgets.Dropdown(
            options=[(label, key) for key, label in EQUIPMENT_FILTERS.items()],
            value=equipment,
            description="Equipment",
            layout=widgets.Layout(width="330px"),
        )
        self.figure = go.FigureWidget(activation_figure(muscle, equipment))
        self.side = widgets.HTML(side_html(muscle, equipment))
        self.message = widgets.HTML()
        self.muscle.observe(self._on_filter, names="value")
        self.equipment.observe(self._on_filter, names="value")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.muscle, self.equipment]),
                self.message,
                widgets.HBox([self.figure, self.side]),
            ]
        )
        self.widget.add_class("glutelab-activation-chart")

    @ui.guarded(lambda self: self.message)
    def _on_filter(self, _change: dict) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Redraw bars, categories, height and the side panel for the current filters."""
        upd = chart_updates(self.muscle.value, self.equipment.value)
        with self.figure.batch_update():
            for trace, new in zip(self.figure.data, upd["traces"], strict=True):
                trace.update(new)
            self.figure.layout.yaxis.categoryarray = upd["categories"]
            self.figure.layout.height = upd["height"]
        self.side.value = side_html(self.muscle.value, self.equipment.value)
        self.message.value = ""

    def _ipython_display_(self) -> None:
        ui.show(self.widget)


# --------------------------------------------------------------------------------------
# Programme builder: HTML (pure)
# --------------------------------------------------------------------------------------
_CELL = "padding:3px 8px;vertical-align:top;border-bottom:1px solid #eee"


def programme_table_html(programme: P.Programme) -> str:
    """Return the plan as an HTML table, one block of rows per week, deloads shaded."""
    head = "".join(
        f"<th style='text-align:left;{_CELL}'>{h}</th>"
        for h in ("Day", "Exercise", "How", "Dose", "Load and effort")
    )
    body = []
    for week in range(1, programme.weeks + 1):
        deload = week in programme.deload_weeks
        label = f"Week {week}" + (" · deload" if deload else "")
        shade = "#fff4e0" if deload else "#eef3fb"
        body.append(
            f"<tr class='glutelab-plan-week' data-week='{week}'>"
            f"<th colspan='5' style='text-align:left;background:{shade};{_CELL}'>{label}</th>"
            "</tr>"
        )
        for row in programme.week(week):
            body.append(
                f"<tr class='glutelab-plan-row'><td style='{_CELL}'>{row.day}</td>"
                f"<td style='{_CELL}'><b>{html.escape(row.exercise)}</b>"
                f"<div style='font-size:85%;opacity:.75'>{html.escape(row.targets)}</div></td>"
                f"<td style='{_CELL}'>{html.escape(row.how)}</td>"
                f"<td style='{_CELL};white-space:nowrap'>{html.escape(row.dose)}</td>"
                f"<td style='{_CELL}'>{html.escape(row.load)}</td></tr>"
            )
    return (
        f"<div class='glutelab-plan' data-weeks='{programme.weeks}' "
        "style='max-height:520px;overflow:auto;border:1px solid #ddd'>"
        f"<table style='border-collapse:collapse;font-size:90%'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def programme_explanation_html(programme: P.Programme) -> str:
    """Return the plan's title, reasons, per-exercise notes and progression rules."""
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in programme.reasons)
    rules = {}
    for row in programme.rows:
        rules.setdefault(row.exercise, row.progression)
    choices = "".join(
        f"<li><b>{html.escape(name)}</b> ({html.escape(rules.get(name, ''))}): "
        f"{html.escape(why)}</li>"
        for name, why in programme.choices
    )
    return (
        "<div class='glutelab-plan-explanation'>"
        f"<div><b>Your plan:</b> {html.escape(programme.title)}.</div>"
        f"<details open><summary><b>Why it looks like this</b></summary><ul>{reasons}</ul>"
        "</details>"
        "<details><summary><b>Each exercise: progression, seed and evidence</b></summary>"
        f"<ul>{choices}</ul></details></div>"
    )


def csv_link_html(programme: P.Programme) -> str:
    """Return a download link holding the plan's CSV as a base64 ``data:`` URL."""
    data = base64.b64encode(P.to_csv(programme).encode("utf-8")).decode("ascii")
    return (
        f"<a class='glutelab-programme-csv' download='{CSV_FILENAME}' "
        f"href='data:text/csv;charset=utf-8;base64,{data}' "
        "style='font-weight:bold'>⬇ Download the plan as CSV</a> "
        "<span style='opacity:.7'>(opens in any spreadsheet)</span>"
    )


# --------------------------------------------------------------------------------------
# Programme builder: view
# --------------------------------------------------------------------------------------
class ProgrammeBuilder:
    """Days per week, equipment, experience, goal and length → a plan, its reasons, a CSV.

    Attributes
    ----------
    days, equipment, experience, goal, weeks : ipywidgets
        The choices (days 1-7: 5-7 are refused with a message).
    button : ipywidgets.Button
        *Build my plan*.
    message : ipywidgets.HTML
        Refusals, warnings and the save status.
    explanation, table, download : ipywidgets.HTML
        The reasons, the plan and the CSV link (empty until a plan is built).
    programme : glutelab.programme.Programme or None
        The plan on show.
    widget : ipywidgets.VBox
        Everything, with the CSS class ``glutelab-programme-builder``.
    """

    def __init__(self, store: ProgressStore | None = None, lesson: str = LESSON) -> None:
        self.store = store if store is not None else ProgressStore()
        self.lesson = lesson
        self.programme: P.Programme | None = None
        style = {"description_width": "130px", "button_width": "44px"}
        self.days = widgets.ToggleButtons(
            options=list(range(1, 8)), value=3, description="Days per week", style=style
        )
        self.equipment = widgets.Dropdown(
            options=[(label, key) for key, label in X.EQUIPMENT.items()],
            value="none",
            description="Equipment",
            style={"description_width": "130px"},
            layout=widgets.Layout(width="420px"),
        )
        self.experience = widgets.ToggleButtons(
            options=[(label, key) for key, label in P.EXPERIENCE.items()],
            value="new",
            description="Experience",
            style={"description_width": "130px", "button_width": "210px"},
        )
        self.goal = widgets.Dropdown(
            options=[(label, key) for key, label in P.GOALS.items()],
            value="resilience",
            description="Goal",
            style={"description_width": "130px"},
            layout=widgets.Layout(width="420px"),
        )
        self.weeks = widgets.ToggleButtons(
            options=list(range(P.WEEKS_RANGE[0], P.WEEKS_RANGE[1] + 1)),
            value=8,
            description="Weeks",
            style=style,
        )
        self.button = widgets.Button(description="Build my plan", button_style="primary")
        self.message = widgets.HTML()
        self.explanation = widgets.HTML()
        self.table = widgets.HTML()
        self.download = widgets.HTML()
        self._restore()
        for control in self._controls:
            control.observe(self._on_change, names="value")
        self.button.on_click(self._on_click)
        hint = widgets.HTML(
            "<div style='font-size:90%;opacity:.8'>The seeds suggest 2-3 strength days a week; "
            "the builder plans 1 to 4.</div>"
        )
        self.widget = widgets.VBox(
            [
                self.days,
                hint,
                self.equipment,
                self.experience,
                self.goal,
                self.weeks,
                self.button,
                self.message,
                self.download,
                self.table,
                self.explanation,
            ]
        )
        self.widget.add_class("glutelab-programme-builder")

    @property
    def _controls(self) -> tuple[widgets.Widget, ...]:
        return (self.days, self.equipment, self.experience, self.goal, self.weeks)

    # -- state -------------------------------------------------------------------------
    def _restore(self) -> None:
        saved = self.store.items(self.lesson, PROGRAMME_SECTION).get(PROGRAMME_KEY)
        if saved is None:
            return
        try:
            days, kit, level, aim, weeks = P.check_inputs(
                saved.get("days_per_week"),
                saved.get("equipment"),
                saved.get("experience"),
                saved.get("goal"),
                saved.get("weeks"),
            )
        except (P.ProgrammeError, AttributeError):
            self.message.value = ui.message_html(
                "warning",
                "Your saved plan could not be read; build a new one and it will replace it.",
            )
            return
        self.days.value, self.equipment.value, self.experience.value = days, kit, level
        self.goal.value, self.weeks.value = aim, weeks
        when = str(saved.get("saved_at", ""))[:10]
        self.build_with(days, kit, level, aim, weeks, save=False)
        if self.programme is not None:
            note = f"Your saved plan{f' (built {when})' if when else ''}, rebuilt from its choices."
            self.message.value = ui.message_html("info", note)

    # -- events ------------------------------------------------------------------------
    @ui.guarded(lambda self: self.message)
    def _on_click(self, _button: widgets.Button) -> None:
        self.build()

    @ui.guarded(lambda self: self.message)
    def _on_change(self, _change: dict) -> None:
        if self.programme is not None:
            self.message.value = ui.message_html(
                "info", "Choices changed: press “Build my plan” to plan for them."
            )

    # -- work --------------------------------------------------------------------------
    def build(self) -> P.Programme | None:
        """Build a plan from the controls (what the button does)."""
        return self.build_with(
            self.days.value,
            self.equipment.value,
            self.experience.value,
            self.goal.value,
            self.weeks.value,
        )

    def build_with(
        self,
        days_per_week: object,
        equipment: object,
        experience: object,
        goal: object,
        weeks: object = 8,
        *,
        save: bool = True,
    ) -> P.Programme | None:
        """Build and show a plan for any inputs; refuse bad ones with a message.

        Returns
        -------
        Programme or None
            The plan, or ``None`` when the inputs were refused (the plan area is cleared,
            so no download can disagree with the choices on screen).
        """
        try:
            programme = P.build_programme(days_per_week, equipment, experience, goal, weeks)
        except P.ProgrammeError as exc:
            self.programme = None
            self.table.value = self.explanation.value = self.download.value = ""
            self.message.value = ui.message_html("invalid", f"No plan: {exc}")
            return None
        self.programme = programme
        self.table.value = programme_table_html(programme)
        self.explanation.value = programme_explanation_html(programme)
        self.download.value = csv_link_html(programme)
        note = ""
        if save:
            if self.store.record_item(
                self.lesson, PROGRAMME_SECTION, PROGRAMME_KEY, programme.summary()
            ):
                note = "Saved to your progress."
            else:
                note = self.store.notices[-1] if self.store.notices else "Not saved."
        if programme.warnings:
            self.message.value = ui.message_html("warning", " ".join(programme.warnings), note=note)
        else:
            self.message.value = ui.message_html(
                "right", f"Plan ready: {programme.title}.", note=note
            )
        return programme

    def _ipython_display_(self) -> None:
        ui.show(self.widget)
