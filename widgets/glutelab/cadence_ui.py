"""Lesson 05's views: the cadence calculator (HTML only) and the step-rate explorer (one figure).

The page holds a single ``FigureWidget`` (plotly 7's front end can bind several on one page
to the wrong model), so the calculator is plain HTML and every plot lives in the
explorer's figure:

* left, the **overstride side view**: one leg at initial contact, drawn from the hip and
  knee angles the learner picks, with the foot's landing distance ahead of the hip from
  :func:`glutelab.cadence.landing_distance`, the line a ground force pointing at the hip
  would take, and where the foot and the previous footprint would be after a step-rate
  change (Lieberman et al. 2015's average rate, and speed = cadence × step length);
* top right, **Heiderscheit et al. 2011, Table 3**: hip and knee angles at the five tested
  step rates, with a cursor at the slider's value;
* bottom right, **Lenhart et al. 2014, Table 1**: modelled peak muscle forces at 90, 100 and
  110 % of the preferred step rate as grouped bars, with a cursor that slides across them.

The builder and the view share the ``*_updates`` functions, so the first drawing and every
redraw agree. Values between the tested step rates are linear interpolations and are
labelled so.

Progress record: ``lessons[<lesson>]["cadence_calculator"]["inputs"]`` holds the last
inputs that gave a result (``pace``, ``unit``, ``cadence``, ``percent``); a bad entry never
replaces a good one.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import cadence as C
from . import gait as G
from . import ui
from .progress import ProgressStore

__all__ = [
    "BASE_CADENCE_SPM",
    "BASE_SPEED_M_S",
    "CALCULATOR_SECTION",
    "CHANGE_RANGE_PCT",
    "COLUMN_KEYS",
    "HEIDERSCHEIT_ANGLES",
    "LENHART_BARS",
    "LESSON",
    "TRACES",
    "UNITS",
    "CadenceCalculator",
    "CalculatorColumn",
    "CalculatorResult",
    "ContactPose",
    "StepRateExplorer",
    "calculate",
    "calculator_html",
    "contact_pose",
    "cursor_updates",
    "explorer_readout_html",
    "format_speed",
    "heiderscheit_at",
    "lenhart_at",
    "parse_cadence",
    "parse_speed",
    "side_view_updates",
    "step_rate_figure",
    "trace_index",
]

LESSON = "05-cadence-step-length-and-form"
CALCULATOR_SECTION = "cadence_calculator"
CALCULATOR_KEY = "inputs"

#: Units the calculator's first box accepts.
UNITS = ("min/km", "min/mile", "m/s", "km/h")
_PER = {"min/km": "km", "min/mile": "mile"}
_KMH_PER_M_S = 3.6

#: The calculator's columns: key, label and cadence change in % (``None``: the slider's).
COLUMN_KEYS = ("now", "plus5", "plus10", "custom")
_FIXED_CHANGES = {"now": 0.0, "plus5": 5.0, "plus10": 10.0}

#: Step-rate changes the explorer's slider offers, % (the range Heiderscheit et al. tested).
CHANGE_RANGE_PCT = (-10, 10)
#: The explorer's runner: Lieberman et al. 2015 ran everyone at 3.0 m/s, and their mean
#: metabolically optimal rate was 84.8 strides/min (169.6 steps/min), rounded to 170 here.
BASE_SPEED_M_S = 3.0
BASE_CADENCE_SPM = 170.0
_DEFAULT_PACE = "5:30"
_DEFAULT_CADENCE = "165"
_DEFAULT_CUSTOM_PCT = 7.5
_HINT_BELOW_SPM = 120.0

#: Heiderscheit 2011 Table 3 angles drawn in the top-right panel: key → (label, colour).
HEIDERSCHEIT_ANGLES = {
    "peak knee flexion": ("peak knee flexion", "#1565c0"),
    "peak hip flexion": ("peak hip flexion", "#c62828"),
    "knee flexion at initial contact": ("knee flexion at contact", "#64b5f6"),
    "peak hip adduction": ("peak hip adduction", "#ef6c00"),
}
_HEIDERSCHEIT_MOMENTS = (
    "peak hip abduction moment",
    "peak hip internal-rotation moment",
    "peak knee extension moment",
)
#: Lenhart 2014 Table 1 bars, in order: key → short axis label.
LENHART_BARS = {
    "gluteus medius, stance": "GMed<br>stance",
    "gluteus minimus, stance": "GMin<br>stance",
    "gluteus maximus, stance": "GMax<br>stance",
    "gluteus maximus, late swing": "GMax<br>late swing",
    "gluteus medius, late swing": "GMed<br>late swing",
    "iliacus, early swing": "iliacus<br>early swing",
}
_LENHART_RATES = (90, 100, 110)
_BAR_COLOURS = {90: "#bdbdbd", 100: "#757575", 110: "#212121"}
_BAR_OFFSET = 0.27
_BAR_WIDTH = 0.25

#: Trace names of :func:`step_rate_figure`, in trace order.
TRACES = (
    "ground",
    "other leg",
    "trunk",
    "hip",
    "plumb line",
    "leg",
    "landing distance",
    "force line",
    "after the change",
    "previous footprint",
    "step length",
    *(f"Heiderscheit: {k}" for k in HEIDERSCHEIT_ANGLES),
    "Heiderscheit cursor line",
    "Heiderscheit cursor",
    *(f"Lenhart: {rate} %" for rate in _LENHART_RATES),
    "Lenhart cursor",
)
#: Traces redrawn by :func:`side_view_updates` and by :func:`cursor_updates`, in order.
SIDE_TRACES = TRACES[1:11]
CURSOR_TRACES = ("Heiderscheit cursor line", "Heiderscheit cursor", "Lenhart cursor")

_SIDE_X = (-1.3, 0.8)
_SIDE_Y = (-0.34, 1.5)
_TRUNK_M = 0.55
_HEAD_ABOVE_TRUNK_M = 0.12
_ANGLE_Y = (0.0, 58.0)
SOURCE_NOTE = (
    "Side view: a two-segment leg from the chosen angles (model); the foot after the change "
    "uses Lieberman et al. 2015's average rate.<br>Angles: Heiderscheit et al. 2011, Table 3 "
    "(45 runners). Forces: Lenhart, Thelen & Heiderscheit 2014, Table 1 (simulations of 30 "
    "runners). Between tested rates: interpolated."
)


def trace_index(name: str) -> int:
    """Return the index in :func:`step_rate_figure`'s ``data`` of the trace called ``name``."""
    return TRACES.index(name)


# --------------------------------------------------------------------------------------
# Calculator: parsing and arithmetic (pure)
# --------------------------------------------------------------------------------------
def _clean(text: object) -> str:
    return str(text if text is not None else "").strip().replace("−", "-")


def _float(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value


def parse_speed(text: object, unit: str) -> float:
    """Turn what the learner typed in the first box into a speed in m/s.

    Parameters
    ----------
    text : str
        A pace (``"5:30"``, or a number of minutes such as ``"5.5"``) for ``min/km`` and
        ``min/mile``; a number for ``m/s`` and ``km/h``.
    unit : {"min/km", "min/mile", "m/s", "km/h"}
        What the text means.

    Returns
    -------
    float
        Speed in m/s.

    Raises
    ------
    ValueError
        With a message in the learner's own unit: empty box, text that is not a number or
        pace, zero or negative values, or a speed no runner could hold.
    """
    if unit not in UNITS:
        msg = f"Choose a unit from the list ({', '.join(UNITS)}); got {unit!r}."
        raise ValueError(msg)
    raw = _clean(text)
    if unit in _PER:
        if not raw:
            msg = f"Type your pace in {unit} first, for example 5:30."
            raise ValueError(msg)
        minutes = _float(raw) if ":" not in raw else None
        return C.pace_to_speed(raw if minutes is None else minutes, _PER[unit])
    example = "3.0" if unit == "m/s" else "11"
    if not raw:
        msg = f"Type your speed in {unit} first, for example {example}."
        raise ValueError(msg)
    value = _float(raw)
    if value is None or not math.isfinite(value):
        msg = f"Speed must be a number in {unit} (for example {example}); got {raw!r}."
        raise ValueError(msg)
    if value <= 0:
        msg = f"Speed must be more than zero; got {value:g} {unit}."
        raise ValueError(msg)
    factor = 1.0 if unit == "m/s" else _KMH_PER_M_S
    lo, hi = (v * factor for v in C.SPEED_RANGE_M_S)
    if not lo <= value <= hi:
        msg = (
            f"A speed of {value:g} {unit} is outside what a runner can do: "
            f"use {lo:g} to {hi:g} {unit}."
        )
        raise ValueError(msg)
    return value / factor


_CADENCE_UNIT = re.compile(r"\s*(spm|steps\s*/\s*min|steps per minute|/\s*min)\s*$", re.I)


def parse_cadence(text: object) -> float:
    """Turn the typed cadence into steps per minute (both feet counted).

    A trailing ``spm`` or ``steps/min`` is allowed; everything else is checked by
    :func:`glutelab.cadence.metronome`.

    Raises
    ------
    ValueError
        For an empty box, text, zero, negative or absurd cadences.
    """
    raw = _CADENCE_UNIT.sub("", _clean(text))
    if not raw:
        msg = "Type your cadence in steps per minute first, for example 170."
        raise ValueError(msg)
    return C.metronome(raw).cadence_spm


def format_speed(speed_m_s: float, unit: str) -> str:
    """Write a speed in one of :data:`UNITS`, as the calculator's box would hold it."""
    if unit in _PER:
        return C.speed_to_pace(speed_m_s, _PER[unit])
    if unit == "km/h":
        return f"{speed_m_s * _KMH_PER_M_S:.1f}"
    return f"{speed_m_s:.2f}"


@dataclass(frozen=True)
class CalculatorColumn:
    """One column of the calculator's table: a cadence change at the same speed.

    ``change`` and ``metronome`` are ``None`` when the new cadence is impossible (the
    reason is in ``problem``); ``landing`` is ``None`` outside the cadences Lieberman et
    al. 2015 measured (150 to 190 steps/min).
    """

    key: str
    percent: float
    change: C.CadenceChange | None
    metronome: C.Metronome | None
    landing: C.LandingChange | None
    problem: str = ""


@dataclass(frozen=True)
class CalculatorResult:
    """Everything the calculator shows for one set of inputs."""

    speed_m_s: float
    cadence_spm: float
    step_m: float
    columns: tuple[CalculatorColumn, ...]
    step_at_180_m: float
    hint: str = ""

    def column(self, key: str) -> CalculatorColumn:
        """Return the column called ``key`` (one of :data:`COLUMN_KEYS`)."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)


def _column(key: str, speed: float, cadence: float, percent: float) -> CalculatorColumn:
    try:
        change = C.cadence_change(speed, cadence, percent)
    except ValueError as exc:
        return CalculatorColumn(key, percent, None, None, None, str(exc))
    metro = C.metronome(change.cadence_after_spm)
    try:
        landing = C.lieberman2015_effects(cadence, change.cadence_after_spm)
    except ValueError:
        landing = None
    return CalculatorColumn(key, percent, change, metro, landing)


def calculate(
    speed_text: object, unit: str, cadence_text: object, custom_pct: float = _DEFAULT_CUSTOM_PCT
) -> CalculatorResult:
    """Compute the calculator's table from the learner's inputs.

    Parameters
    ----------
    speed_text, unit
        Pace or speed and its unit, see :func:`parse_speed`.
    cadence_text
        Current cadence, see :func:`parse_cadence`.
    custom_pct : float
        The slider's cadence change, % (the fourth column).

    Returns
    -------
    CalculatorResult
        Step length now, and for +5 %, +10 % and the slider's change at the same speed,
        with metronome settings and Lieberman et al. 2015's landing-distance estimate.

    Raises
    ------
    ValueError
        When the inputs cannot describe running (see the parsers), or the step length they
        imply is not a running step.
    """
    speed = parse_speed(speed_text, unit)
    cadence = parse_cadence(cadence_text)
    step = C.step_length(speed, cadence)
    lo, hi = C.STEP_LENGTH_RANGE_M
    if not lo <= step <= hi:
        msg = (
            f"At {speed:.2f} m/s and {cadence:g} steps/min each step would be {step:.2f} m, "
            f"which is not a running step ({lo:g} to {hi:g} m). Check the pace and the cadence."
        )
        raise ValueError(msg)
    changes = {**_FIXED_CHANGES, "custom": float(custom_pct)}
    columns = tuple(_column(k, speed, cadence, changes[k]) for k in COLUMN_KEYS)
    hint = ""
    if cadence < _HINT_BELOW_SPM:
        hint = (
            f"{cadence:g} steps/min is very slow for running. If you counted one foot only, "
            f"double it: {cadence:g} per leg is {2 * cadence:g} steps/min."
        )
    return CalculatorResult(speed, cadence, step, columns, speed * 60.0 / 180.0, hint)


# --------------------------------------------------------------------------------------
# Calculator: HTML
# --------------------------------------------------------------------------------------
def _signed(value: float, digits: int = 1) -> str:
    """Format with a sign, and never as "-0.0"."""
    text = f"{value:+.{digits}f}"
    return text.replace("-", "+") if float(text) == 0 else text


def _num(value: float, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text[:-2] if digits == 1 and text.endswith(".0") else text


def _column_heading(col: CalculatorColumn) -> str:
    if col.key == "now":
        return "now"
    label = f"{col.percent:+g} %"
    return (
        f"{label}<br><span style='font-weight:normal'>(your choice)</span>"
        if (col.key == "custom")
        else label
    )


def _cells(result: CalculatorResult, row: str) -> str:
    out = []
    for col in result.columns:
        css = f"glutelab-{row}-{col.key}"
        ch, metro = col.change, col.metronome
        if ch is None or metro is None:
            text = "—"
        elif row == "cadence":
            text = _num(ch.cadence_after_spm)
        elif row == "step":
            text = f"{ch.step_after_m:.2f} m"
        elif row == "step-change":
            text = (
                "—"
                if col.percent == 0
                else f"{100 * ch.step_change_m:+.1f} cm ({ch.step_change_pct:+.1f} %)"
            )
        elif row == "beat-step":
            text = f"{_num(metro.every_step_bpm)} bpm"
        elif row == "beat-leg":
            text = f"{_num(metro.per_leg_bpm)} bpm"
        elif col.percent == 0:
            text = "—"
        elif col.landing is None:
            text = "outside tested range"
        else:
            text = f"{col.landing.landing_distance_change_pct:+.1f} %"
        out.append(f"<td class='{css}' style='text-align:right;padding:2px 10px'>{text}</td>")
    return "".join(out)


_ROWS = (
    ("cadence", "Cadence (steps/min)"),
    ("step", "Step length"),
    ("step-change", "Change in step length"),
    ("beat-step", "Metronome, a beat on every step"),
    ("beat-leg", "Metronome, a beat per leg (one foot)"),
    ("landing", "Change in how far ahead of the hip the foot lands*"),
)


def calculator_html(result: CalculatorResult) -> str:
    """Return the calculator's result: speed in four units, the table and the notes."""
    v = result.speed_m_s
    speed_line = (
        f"<div class='glutelab-speed'><b>Speed</b> {v:.2f} m/s · {v * _KMH_PER_M_S:.1f} km/h · "
        f"{C.speed_to_pace(v, 'km')} per km · {C.speed_to_pace(v, 'mile')} per mile</div>"
    )
    head = "".join(
        f"<th style='text-align:right;padding:2px 10px'>{_column_heading(c)}</th>"
        for c in result.columns
    )
    rows = "".join(
        f"<tr><td style='padding:2px 10px 2px 0'>{html.escape(label)}</td>"
        f"{_cells(result, key)}</tr>"
        for key, label in _ROWS
    )
    names = {"now": "now", "plus5": "+5 %", "plus10": "+10 %", "custom": "your choice"}
    problems = "".join(
        f"<li>{names[c.key]}: {html.escape(c.problem)}</li>" for c in result.columns if c.problem
    )
    per5 = C.reference_value("lieberman_landing_per_5").value or 0.0
    tested = C.reference_value("lieberman_tested_range")
    lo, hi = 2 * (tested.low or 0.0), 2 * (tested.high or 0.0)
    diff = 100 * (result.step_at_180_m - result.step_m)
    notes = (
        f"<div style='margin-top:4px'>At this speed, <b>180 steps/min</b> would mean steps of "
        f"<span class='glutelab-step-180'>{result.step_at_180_m:.2f} m</span> "
        f"({_signed(diff)} cm compared with yours). Whether that is a good idea depends on your "
        "speed, your legs and your reasons; see the lesson.</div>"
        "<div style='font-size:90%;opacity:.8'>* Lieberman et al. (2015): each 10 steps/min "
        f"more (5 strides/min) moved the foot's landing point {abs(per5):g} % closer to the hip "
        f"in 14 runners at 3.0 m/s. Applied here only between {lo:g} and {hi:g} steps/min, the "
        "range they tested; it is their average, not a prediction for you. Metronome values "
        "are rounded to 0.1 bpm.</div>"
    )
    extra = f"<ul style='margin:2px 0'>{problems}</ul>" if problems else ""
    return (
        f"<div class='glutelab-cadence-result'>{speed_line}"
        f"<table><tr><th></th>{head}</tr>{rows}</table>{extra}{notes}</div>"
    )


# --------------------------------------------------------------------------------------
# Calculator: view
# --------------------------------------------------------------------------------------
class CadenceCalculator:
    """Pace or speed plus cadence → step length, the step after a cadence change, metronome.

    Attributes
    ----------
    speed : ipywidgets.Text
        Pace or speed as typed (``"5:30"``, ``"3.1"``); fires on Enter or leaving the box.
    unit : ipywidgets.Dropdown
        One of :data:`UNITS`; changing it rewrites the box in the new unit.
    cadence : ipywidgets.Text
        Steps per minute, both feet counted.
    custom : ipywidgets.FloatSlider
        The fourth column's cadence change, −10 to +10 %.
    button : ipywidgets.Button
        *Calculate*, for learners who do not press Enter.
    message : ipywidgets.HTML
        Empty, a hint, or why the inputs cannot be used (the last good result stays).
    result : ipywidgets.HTML
        The table from :func:`calculator_html`.
    last : CalculatorResult or None
        The result on show.
    widget : ipywidgets.VBox
        Everything, with the CSS class ``glutelab-cadence-calculator``.
    """

    def __init__(self, store: ProgressStore | None = None, lesson: str = LESSON) -> None:
        self.store = store if store is not None else ProgressStore()
        self.lesson = lesson
        self.last: CalculatorResult | None = None
        style = {"description_width": "initial"}
        self.speed = widgets.Text(
            value=_DEFAULT_PACE,
            description="Pace or speed",
            placeholder="e.g. 5:30",
            continuous_update=False,
            style=style,
            layout=widgets.Layout(width="240px"),
        )
        self.unit = widgets.Dropdown(
            options=list(UNITS), value=UNITS[0], layout=widgets.Layout(width="110px")
        )
        self.cadence = widgets.Text(
            value=_DEFAULT_CADENCE,
            description="Cadence (steps/min)",
            placeholder="e.g. 170",
            continuous_update=False,
            style=style,
            layout=widgets.Layout(width="240px"),
        )
        self.custom = widgets.FloatSlider(
            value=_DEFAULT_CUSTOM_PCT,
            min=-10.0,
            max=10.0,
            step=0.5,
            description="Your cadence change (%)",
            continuous_update=False,
            readout_format="+.1f",
            style=style,
            layout=widgets.Layout(width="420px"),
        )
        self.button = widgets.Button(description="Calculate", button_style="primary")
        self.message = widgets.HTML()
        self.result = widgets.HTML()
        self._restore()
        self.speed.observe(self._on_input, names="value")
        self.cadence.observe(self._on_input, names="value")
        self.custom.observe(self._on_input, names="value")
        self.unit.observe(self._on_unit, names="value")
        self.button.on_click(self._on_click)
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.speed, self.unit, self.cadence, self.button]),
                self.custom,
                self.message,
                self.result,
            ]
        )
        self.widget.add_class("glutelab-cadence-calculator")

    # -- state -------------------------------------------------------------------------
    def _restore(self) -> None:
        saved = self.store.items(self.lesson, CALCULATOR_SECTION).get(CALCULATOR_KEY)
        unreadable = False
        if saved is not None:
            try:
                unit = str(saved["unit"])
                percent = float(saved["percent"])
                calculate(saved["pace"], unit, saved["cadence"], percent)
            except (KeyError, TypeError, ValueError):
                unreadable = True
            else:
                self.unit.value = unit
                self.speed.value = str(saved["pace"])
                self.cadence.value = str(saved["cadence"])
                self.custom.value = min(max(percent, self.custom.min), self.custom.max)
        self.calculate(save=False)
        if unreadable:
            self.message.value = ui.message_html(
                "warning",
                "Your saved calculator inputs could not be read; the defaults are shown. They "
                "are replaced when you calculate again.",
            )

    # -- events ------------------------------------------------------------------------
    @ui.guarded(lambda self: self.message)
    def _on_input(self, _change: dict) -> None:
        self.calculate()

    @ui.guarded(lambda self: self.message)
    def _on_click(self, _button: widgets.Button) -> None:
        self.calculate()

    @ui.guarded(lambda self: self.message)
    def _on_unit(self, change: dict) -> None:
        if self.last is not None:
            self.speed.unobserve(self._on_input, names="value")
            try:
                self.speed.value = format_speed(self.last.speed_m_s, change["new"])
            finally:
                self.speed.observe(self._on_input, names="value")
        self.calculate()

    # -- work --------------------------------------------------------------------------
    def calculate(self, *, save: bool = True) -> bool:
        """Read the controls, show the result or a message; save good inputs.

        Returns
        -------
        bool
            Whether the inputs gave a result (otherwise the previous one stays on show).
        """
        try:
            result = calculate(
                self.speed.value, self.unit.value, self.cadence.value, self.custom.value
            )
        except ValueError as exc:
            kept = " The last good result is still shown below." if self.last else ""
            self.message.value = ui.message_html("invalid", f"Cannot calculate: {exc}{kept}")
            return False
        self.last = result
        self.result.value = calculator_html(result)
        note = ""
        if save and not self.store.record_item(
            self.lesson,
            CALCULATOR_SECTION,
            CALCULATOR_KEY,
            {
                "pace": self.speed.value,
                "unit": self.unit.value,
                "cadence": self.cadence.value,
                "percent": float(self.custom.value),
            },
        ):
            note = self.store.notices[-1] if self.store.notices else "Not saved."
        if result.hint:
            self.message.value = ui.message_html("warning", result.hint, note=note)
        elif note:
            self.message.value = ui.message_html("warning", note)
        else:
            self.message.value = ""
        return True

    def set_inputs(
        self, speed_text: str, unit: str, cadence_text: str, custom_pct: float | None = None
    ) -> bool:
        """Fill every control at once and calculate once (for lessons and tests).

        Returns
        -------
        bool
            As :meth:`calculate`.
        """
        controls = (self.speed, self.cadence, self.custom)
        for control in controls:
            control.unobserve(self._on_input, names="value")
        self.unit.unobserve(self._on_unit, names="value")
        try:
            if unit in UNITS:
                self.unit.value = unit
            self.speed.value = speed_text
            self.cadence.value = cadence_text
            if custom_pct is not None:
                self.custom.value = custom_pct
        finally:
            for control in controls:
                control.observe(self._on_input, names="value")
            self.unit.observe(self._on_unit, names="value")
        if unit not in UNITS:
            self.message.value = ui.message_html(
                "invalid", f"Choose a unit from the list ({', '.join(UNITS)})."
            )
            return False
        return self.calculate()

    def _ipython_display_(self) -> None:
        ui.show(self.widget)


# --------------------------------------------------------------------------------------
# Explorer: model pieces (pure)
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ContactPose:
    """One leg at initial contact, with the ankle on the ground (y = 0) and x forward.

    Points are (x, y) in metres; the hip is at x = 0.
    """

    hip_deg: float
    knee_deg: float
    hip: tuple[float, float]
    knee: tuple[float, float]
    ankle: tuple[float, float]
    toe: tuple[float, float]
    landing_m: float
    shank_deg: float

    @property
    def hip_height_m(self) -> float:
        """Height of the hip above the ankle, metres."""
        return self.hip[1]

    @property
    def force_tilt_deg(self) -> float:
        """Tilt from vertical of a line from the ankle to the hip, degrees (back = positive)."""
        return math.degrees(math.atan2(self.landing_m, self.hip_height_m))


def contact_pose(hip_deg: float, knee_deg: float) -> ContactPose:
    """Place the leg at initial contact with its ankle on the ground.

    The landing distance is :func:`glutelab.cadence.landing_distance` (segments from
    :mod:`glutelab.gait`, pelvis upright); the foot is drawn at a right angle to the shank.

    Raises
    ------
    ValueError
        For angles outside what :func:`~glutelab.cadence.landing_distance` accepts.
    """
    landing = C.landing_distance(hip_deg, knee_deg)
    shank_deg = C.shank_angle(hip_deg, knee_deg)
    thigh = math.radians(float(hip_deg))
    shank = math.radians(shank_deg)
    height = G.THIGH_M * math.cos(thigh) + G.SHANK_M * math.cos(shank)
    knee = (G.THIGH_M * math.sin(thigh), height - G.THIGH_M * math.cos(thigh))
    ankle = (landing, 0.0)
    toe = (landing + G.FOOT_M * math.cos(shank), G.FOOT_M * math.sin(shank))
    return ContactPose(
        float(hip_deg), float(knee_deg), (0.0, height), knee, ankle, toe, landing, shank_deg
    )


def _change_words(change_pct: float) -> str:
    return "preferred step rate" if change_pct == 0 else f"step rate {change_pct:+g} %"


def _lieberman_landing_pct(change_pct: float) -> float:
    after = BASE_CADENCE_SPM * (1.0 + change_pct / 100.0)
    return C.lieberman2015_effects(BASE_CADENCE_SPM, after).landing_distance_change_pct


def _check_change(change_pct: object) -> float:
    if isinstance(change_pct, bool) or not isinstance(change_pct, int | float):
        msg = f"The step-rate change must be a number of %; got {change_pct!r}."
        raise ValueError(msg)
    value = float(change_pct)
    lo, hi = CHANGE_RANGE_PCT
    if not (math.isfinite(value) and lo <= value <= hi):
        msg = f"The studies tested step-rate changes of {lo} to +{hi} %; got {value:g} %."
        raise ValueError(msg)
    return value


def heiderscheit_at(change_pct: float) -> dict[str, tuple[float, bool]]:
    """Heiderscheit 2011 Table 3 at a step-rate change: value and whether it was measured.

    Values between the five tested changes (−10, −5, 0, +5, +10 %) are linear
    interpolations (``measured`` is then ``False``).
    """
    p = _check_change(change_pct)
    out = {}
    for key, table in C.heiderscheit2011_table3().items():
        xs = sorted(table)
        out[key] = (float(np.interp(p, xs, [table[x] for x in xs])), p in table)
    return out


def lenhart_at(change_pct: float) -> dict[str, tuple[float, bool]]:
    """Lenhart 2014 Table 1 peak forces (N/kg) at 100 + ``change_pct`` % of the preferred rate.

    Values between 90, 100 and 110 % are linear interpolations (``measured`` ``False``).
    """
    rate = 100.0 + _check_change(change_pct)
    out = {}
    for key, table in C.lenhart2014_forces().items():
        xs = sorted(table)
        out[key] = (float(np.interp(rate, xs, [table[x] for x in xs])), rate in table)
    return out


# --------------------------------------------------------------------------------------
# Explorer: update builders (model output → trace data)
# --------------------------------------------------------------------------------------
def side_view_updates(hip_deg: float, knee_deg: float, change_pct: float) -> list[dict]:
    """Return the data of :data:`SIDE_TRACES` (in order) for one pose and step-rate change.

    The runner holds :data:`BASE_SPEED_M_S` at :data:`BASE_CADENCE_SPM` before the change.
    After it, the foot lands closer to (or further from) the hip by Lieberman et al.
    2015's average rate, and the previous footprint sits one new step length behind it.
    """
    p = _check_change(change_pct)
    pose = contact_pose(hip_deg, knee_deg)
    h = pose.hip_height_m
    d = pose.landing_m
    other = G.stick_figure(0.0)["left"]
    other_pts = [other[k] for k in ("hip", "knee", "ankle", "toe")]
    cadence_after = BASE_CADENCE_SPM * (1.0 + p / 100.0)
    step = C.step_length(BASE_SPEED_M_S, cadence_after)
    d_after = d * (1.0 + _lieberman_landing_pct(p) / 100.0)
    previous = d_after - step
    head_y = h + _TRUNK_M + _HEAD_ABOVE_TRUNK_M
    where = "ahead of" if d >= 0 else "behind"
    return [
        {"x": [x for x, _ in other_pts], "y": [y + h for _, y in other_pts]},
        {"x": [0.0, 0.0, 0.0], "y": [h, h + _TRUNK_M, head_y]},
        {
            "x": [0.0],
            "y": [h],
            "hovertext": [f"Hip, {h:.2f} m above the ground (stands in for the centre of mass)"],
        },
        {"x": [0.0, 0.0], "y": [h, 0.0]},
        {
            "x": [pose.hip[0], pose.knee[0], pose.ankle[0], pose.toe[0]],
            "y": [pose.hip[1], pose.knee[1], pose.ankle[1], pose.toe[1]],
            "hovertext": [
                f"Hip flexed {pose.hip_deg:.1f}°",
                f"Knee flexed {pose.knee_deg:.1f}°",
                f"Ankle lands {abs(d):.2f} m {where} the hip; shank {pose.shank_deg:+.1f}° "
                "from vertical",
                "Toe (foot drawn at a right angle to the shank)",
            ],
        },
        {
            "x": [0.0, d / 2.0, d],
            "y": [-0.06, -0.06, -0.06],
            "text": ["", f"{abs(d):.2f} m {where} the hip", ""],
        },
        {
            "x": [d, 0.0],
            "y": [0.0, h],
            "hovertext": [
                f"A ground force aimed at the hip would tilt {pose.force_tilt_deg:.1f}° back from "
                "vertical: the further ahead the foot lands, the larger its backward (braking) "
                "part (direction as Lieberman et al. 2015 measured; size: model assumption)",
                "",
            ],
        },
        {
            "x": [d_after],
            "y": [0.0],
            "hovertext": [
                f"After a {p:+g} % step-rate change the foot would land {d_after:.2f} m ahead of "
                "the hip at Lieberman et al. 2015's average rate (their runners, not a prediction)"
            ],
        },
        {
            "x": [previous],
            "y": [0.0],
            "hovertext": [
                f"Previous footprint (other foot), one step of {step:.2f} m behind the new landing"
            ],
        },
        {
            "x": [previous, (previous + d_after) / 2.0, d_after],
            "y": [-0.16, -0.16, -0.16],
            "text": [
                "",
                f"{_change_words(p)}: step {step:.2f} m at {cadence_after:.0f} steps/min "
                f"({BASE_SPEED_M_S:g} m/s); foot lands {d_after:.2f} m ahead (✕)",
                "",
            ],
        },
    ]


def cursor_updates(change_pct: float) -> list[dict]:
    """Return the data of :data:`CURSOR_TRACES` (in order) for a step-rate change."""
    p = _check_change(change_pct)
    angles = heiderscheit_at(p)
    forces = lenhart_at(p)
    rate = 100.0 + p
    status = "measured" if p in (-10, -5, 0, 5, 10) else "interpolated"
    f_status = "modelled" if rate in _LENHART_RATES else "interpolated"
    keys = list(HEIDERSCHEIT_ANGLES)
    bar_keys = list(LENHART_BARS)
    return [
        {"x": [p, p], "y": list(_ANGLE_Y)},
        {
            "x": [p] * len(keys),
            "y": [angles[k][0] for k in keys],
            "text": [f"{angles[k][0]:.1f}°" for k in keys],
            "hovertext": [
                f"{HEIDERSCHEIT_ANGLES[k][0]} at {p:+g} % step rate: {angles[k][0]:.1f}° ({status})"
                for k in keys
            ],
        },
        {
            "x": [i + _BAR_OFFSET * p / 10.0 for i in range(len(bar_keys))],
            "y": [forces[k][0] for k in bar_keys],
            "hovertext": [
                f"{k} at {rate:g} % of preferred step rate: {forces[k][0]:.2f} N/kg ({f_status})"
                for k in bar_keys
            ],
        },
    ]


# --------------------------------------------------------------------------------------
# Explorer: figure
# --------------------------------------------------------------------------------------
def step_rate_figure(
    hip_deg: float | None = None, knee_deg: float | None = None, change_pct: float = 0.0
) -> go.Figure:
    """Build lesson 05's figure: overstride side view, Heiderscheit angles, Lenhart forces.

    Parameters
    ----------
    hip_deg, knee_deg : float, optional
        Hip and knee flexion at initial contact; default the Hamner 2010 runner's
        (:func:`glutelab.gait.hip_flexion` and :func:`~glutelab.gait.knee_flexion` at 0 %).
    change_pct : float
        Step-rate change, % (−10 to +10).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces in the order of :data:`TRACES`.
    """
    hip = float(G.hip_flexion(0.0)) if hip_deg is None else hip_deg
    knee = float(G.knee_flexion(0.0)) if knee_deg is None else knee_deg
    side = side_view_updates(hip, knee, change_pct)
    cursors = cursor_updates(change_pct)
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[{}, {}], [{"colspan": 2}, None]],
        column_widths=[0.5, 0.5],
        row_heights=[0.6, 0.4],
        horizontal_spacing=0.08,
        vertical_spacing=0.14,
        subplot_titles=(
            "Foot contact, side view (model)",
            "Hip and knee angles vs step rate (Heiderscheit 2011)",
            "Peak muscle forces, N/kg (Lenhart 2014, simulated)",
        ),
    )
    grey = "#9e9e9e"
    fig.add_trace(
        go.Scatter(
            x=[-5.0, 5.0],
            y=[0.0, 0.0],
            mode="lines",
            line={"color": "#6d4c41", "width": 2},
            name=TRACES[0],
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )
    styles = [
        {"mode": "lines", "line": {"color": "#cfcfcf", "width": 6}, "hoverinfo": "skip"},
        {
            "mode": "lines+markers",
            "line": {"color": "#9e9e9e", "width": 8},
            "marker": {"size": [0, 0, 22], "color": "#bdbdbd"},
            "hoverinfo": "skip",
        },
        {
            "mode": "markers+text",
            "text": ["hip ≈ centre of mass"],
            "textposition": "middle left",
            "textfont": {"size": 11, "color": "#c62828"},
            "marker": {"size": 14, "color": "#c62828", "line": {"color": "black", "width": 1}},
            "hoverinfo": "text",
        },
        {"mode": "lines", "line": {"color": grey, "dash": "dot", "width": 1}, "hoverinfo": "skip"},
        {
            "mode": "lines+markers",
            "line": {"color": "#37474f", "width": 7},
            "marker": {"size": 9, "color": "#37474f"},
            "hoverinfo": "text",
        },
        {
            "mode": "lines+text",
            "line": {"color": "#c62828", "width": 2},
            "textposition": "bottom center",
            "textfont": {"color": "#c62828"},
            "hoverinfo": "skip",
        },
        {
            "mode": "lines+markers",
            "line": {"color": "#1565c0", "width": 2, "dash": "dash"},
            "marker": {"size": [0, 12], "symbol": "arrow", "angleref": "previous"},
            "hoverinfo": "text",
        },
        {
            "mode": "markers",
            "marker": {"size": 13, "symbol": "x", "color": "#2e7d32"},
            "hoverinfo": "text",
        },
        {
            "mode": "markers",
            "marker": {"size": 12, "symbol": "line-ns", "line": {"width": 3, "color": "#5d4037"}},
            "hoverinfo": "text",
        },
        {
            "mode": "lines+text",
            "line": {"color": "#2e7d32", "width": 1},
            "textposition": "bottom center",
            "textfont": {"color": "#2e7d32"},
            "hoverinfo": "skip",
        },
    ]
    for name, upd, style in zip(SIDE_TRACES, side, styles, strict=True):
        fig.add_trace(go.Scatter(**upd, **style, name=name), row=1, col=1)

    table = C.heiderscheit2011_table3()
    xs = [-10, -5, 0, 5, 10]
    for key, (label, colour) in HEIDERSCHEIT_ANGLES.items():
        ys = [table[key][x] for x in xs]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers+text",
                text=[label, "", "", "", ""],
                textposition="top right",
                textfont={"color": colour, "size": 11},
                line={"color": colour, "width": 2},
                marker={"size": 7, "color": colour},
                name=f"Heiderscheit: {key}",
                hovertemplate=f"{label}: %{{y:.1f}}° at %{{x:+d}} % step rate (measured)"
                "<extra></extra>",
            ),
            row=1,
            col=2,
        )
    fig.add_trace(
        go.Scatter(
            **cursors[0],
            mode="lines",
            line={"color": "#212121", "width": 1, "dash": "dash"},
            name=TRACES[trace_index("Heiderscheit cursor line")],
            hoverinfo="skip",
        ),
        row=1,
        col=2,
    )
    fig.add_trace(
        go.Scatter(
            **cursors[1],
            mode="markers+text",
            textposition="middle left",
            textfont={"size": 10},
            marker={
                "size": 11,
                "symbol": "circle-open",
                "color": "#212121",
                "line": {"width": 2},
            },
            name="Heiderscheit cursor",
            hoverinfo="text",
        ),
        row=1,
        col=2,
    )
    forces = C.lenhart2014_forces()
    bar_keys = list(LENHART_BARS)
    for rate, offset in zip(_LENHART_RATES, (-_BAR_OFFSET, 0.0, _BAR_OFFSET), strict=True):
        fig.add_trace(
            go.Bar(
                x=[i + offset for i in range(len(bar_keys))],
                y=[forces[k][rate] for k in bar_keys],
                width=_BAR_WIDTH,
                marker={"color": _BAR_COLOURS[rate]},
                name=f"Lenhart: {rate} %",
                hovertext=[
                    f"{k} at {rate} % step rate: {forces[k][rate]:.2f} N/kg" for k in bar_keys
                ],
                hoverinfo="text",
            ),
            row=2,
            col=1,
        )
    fig.add_trace(
        go.Scatter(
            **cursors[2],
            mode="markers",
            marker={"size": 12, "symbol": "diamond", "color": "#ffb300", "line": {"width": 1}},
            name="Lenhart cursor",
            hoverinfo="text",
        ),
        row=2,
        col=1,
    )
    fig.update_xaxes(range=list(_SIDE_X), title_text="metres (running direction →)", row=1, col=1)
    fig.update_yaxes(range=list(_SIDE_Y), scaleanchor="x", scaleratio=1, row=1, col=1)
    fig.update_xaxes(
        range=[-11, 12], title_text="step-rate change, % (speed held)", row=1, col=2, dtick=5
    )
    fig.update_yaxes(range=list(_ANGLE_Y), title_text="degrees", row=1, col=2)
    fig.update_xaxes(
        tickvals=list(range(len(bar_keys))),
        ticktext=list(LENHART_BARS.values()),
        range=[-0.6, len(bar_keys) - 0.4],
        row=2,
        col=1,
    )
    fig.update_yaxes(range=[0, 38], title_text="N/kg", row=2, col=1)
    fig.update_layout(
        height=780,
        margin={"l": 50, "r": 20, "t": 50, "b": 95},
        showlegend=False,
        hovermode="closest",
        barmode="overlay",
        annotations=[
            *fig.layout.annotations,
            {
                "text": "bars: 90 % (light), 100 %, 110 % (dark) of preferred step rate; "
                "◆ = slider",
                "xref": "x3 domain",
                "yref": "y3 domain",
                "x": 0.99,
                "y": 0.99,
                "showarrow": False,
                "font": {"size": 10, "color": "#555"},
                "xanchor": "right",
                "yanchor": "top",
            },
            {
                "text": SOURCE_NOTE,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.1,
                "showarrow": False,
                "font": {"size": 10, "color": "#555"},
                "xanchor": "left",
                "align": "left",
            },
        ],
    )
    return fig


# --------------------------------------------------------------------------------------
# Explorer: readout
# --------------------------------------------------------------------------------------
def _pct(now: float, base: float) -> str:
    return f"{_signed(100.0 * (now - base) / base, 0)} %"


def explorer_readout_html(hip_deg: float, knee_deg: float, change_pct: float) -> str:
    """Return the explorer's numbers in words: landing, braking line, studies at the cursor."""
    p = _check_change(change_pct)
    pose = contact_pose(hip_deg, knee_deg)
    cadence_after = BASE_CADENCE_SPM * (1.0 + p / 100.0)
    effect = C.lieberman2015_effects(BASE_CADENCE_SPM, cadence_after)
    step_before = C.step_length(BASE_SPEED_M_S, BASE_CADENCE_SPM)
    step_after = C.step_length(BASE_SPEED_M_S, cadence_after)
    angles = heiderscheit_at(p)
    base_angles = heiderscheit_at(0)
    forces = lenhart_at(p)
    base_forces = lenhart_at(0)
    measured = "measured" if p in (-10, -5, 0, 5, 10) else "interpolated"
    where = "ahead of" if pose.landing_m >= 0 else "behind"
    landing = (
        f"<b>Landing</b> (model): the ankle touches down <b>{abs(pose.landing_m):.2f} m</b> "
        f"{where} the hip with the shank {pose.shank_deg:+.1f}° from vertical. A ground force "
        f"aimed at the hip would tilt {pose.force_tilt_deg:.1f}° back from vertical, so part of "
        "it pushes backwards and brakes; the further ahead the foot, the bigger that part. "
        "(Lieberman et al. 2015 measured more braking with the foot further ahead of the hip; "
        "a force aimed exactly at the hip is this drawing's assumption.)"
    )
    closer = "closer to" if effect.landing_distance_change_pct < 0 else "further from"
    larger = "larger" if effect.hip_flexor_moment_change_pct > 0 else "smaller"
    if p == 0:
        change = (
            f"<b>Preferred step rate</b>: {BASE_CADENCE_SPM:.0f} steps/min at "
            f"{BASE_SPEED_M_S:g} m/s, steps of {step_before:.2f} m. Move the step-rate slider "
            "to change it at the same speed."
        )
    else:
        change = (
            f"<b>Step rate {p:+g} %</b> at {BASE_SPEED_M_S:g} m/s: {BASE_CADENCE_SPM:.0f} → "
            f"{cadence_after:.1f} steps/min, step {step_before:.2f} → {step_after:.2f} m. At "
            "Lieberman et al. 2015's average rates the foot would land "
            f"{abs(effect.landing_distance_change_pct):.1f} % {closer} the hip and the peak hip "
            f"flexor moment in swing would be {abs(effect.hip_flexor_moment_change_pct):.1f} % "
            f"{larger}."
        )
    angle_rows = "".join(
        f"<tr><td>{html.escape(HEIDERSCHEIT_ANGLES[k][0])}</td>"
        f"<td style='text-align:right'>{angles[k][0]:.1f}°</td>"
        f"<td style='text-align:right'>{_signed(angles[k][0] - base_angles[k][0])}°</td></tr>"
        for k in HEIDERSCHEIT_ANGLES
    ) + "".join(
        f"<tr><td>{html.escape(k)}</td><td style='text-align:right'>{angles[k][0]:.2f} N·m/kg"
        f"</td><td style='text-align:right'>{_signed(angles[k][0] - base_angles[k][0], 2)}</td></tr>"
        for k in _HEIDERSCHEIT_MOMENTS
    )
    force_rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td style='text-align:right'>{forces[k][0]:.2f}</td>"
        f"<td style='text-align:right'>{_pct(forces[k][0], base_forces[k][0])}</td></tr>"
        for k in LENHART_BARS
    )
    rate = 100.0 + p
    f_status = "modelled" if rate in _LENHART_RATES else "interpolated"
    return (
        "<div class='glutelab-readout glutelab-step-rate-readout'>"
        f"<div>{landing}</div><div style='margin-top:4px'>{change}</div>"
        "<div style='display:flex;gap:24px;flex-wrap:wrap;margin-top:6px'>"
        f"<div><b>Heiderscheit et al. 2011</b> at {p:+g} % ({measured})<table>"
        "<tr><th></th><th>value</th><th>vs preferred</th></tr>"
        f"{angle_rows}</table></div>"
        f"<div><b>Lenhart et al. 2014</b> at {rate:g} % of preferred ({f_status}), N/kg<table>"
        "<tr><th></th><th>peak</th><th>vs preferred</th></tr>"
        f"{force_rows}</table></div></div></div>"
    )


# --------------------------------------------------------------------------------------
# Explorer: view
# --------------------------------------------------------------------------------------
def _slider(
    description: str, value: float, lo: float, hi: float, *, step: float, fmt: str
) -> widgets.FloatSlider:
    return ui.float_slider(description, value, lo, hi, step=step, fmt=fmt, width="400px")


class StepRateExplorer:
    """Lesson 05's explorer: a step-rate slider and contact-angle sliders driving one figure.

    Attributes
    ----------
    change : ipywidgets.IntSlider
        Step-rate change at the same speed, −10 to +10 %.
    hip, knee : ipywidgets.FloatSlider
        Hip and knee flexion at initial contact, degrees.
    figure : plotly.graph_objects.FigureWidget
        The page's only figure (traces named as in :data:`TRACES`).
    readout : ipywidgets.HTML
        The numbers in words.
    message : ipywidgets.HTML
        Empty, or why a requested state could not be drawn.
    widget : ipywidgets.VBox
        Everything, with the CSS class ``glutelab-step-rate-explorer``.
    """

    def __init__(
        self,
        hip_deg: float | None = None,
        knee_deg: float | None = None,
        change_pct: int = 0,
    ) -> None:
        hip = round(float(G.hip_flexion(0.0)), 1) if hip_deg is None else hip_deg
        knee = round(float(G.knee_flexion(0.0)), 1) if knee_deg is None else knee_deg
        self.figure = go.FigureWidget(step_rate_figure(hip, knee, change_pct))
        lo, hi = CHANGE_RANGE_PCT
        self.change = widgets.IntSlider(
            value=change_pct,
            min=lo,
            max=hi,
            step=1,
            description="Step-rate change (%)",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="400px"),
        )
        # Steps of 0.1°: the browser snaps a slider's value to its step and sends it back, so
        # a coarser step would quietly move the cited starting angles (29.5°, 19.7°).
        self.hip = _slider("Hip flexion at contact (°)", hip, 10, 45, step=0.1, fmt=".1f")
        self.knee = _slider("Knee flexion at contact (°)", knee, 0, 45, step=0.1, fmt=".1f")
        self.readout = widgets.HTML()
        self.message = widgets.HTML()
        for control in (self.change, self.hip, self.knee):
            control.observe(self._on_change, names="value")
        self.set_state(hip, knee, change_pct)
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.change, widgets.VBox([self.hip, self.knee])]),
                self.message,
                self.figure,
                self.readout,
            ]
        )
        self.widget.add_class("glutelab-step-rate-explorer")

    @ui.guarded(lambda self: self.message)
    def _on_change(self, _change: dict) -> None:
        self.set_state(self.hip.value, self.knee.value, self.change.value)

    def set_state(self, hip_deg: float, knee_deg: float, change_pct: float) -> bool:
        """Redraw for new angles and step-rate change; keep the old drawing if invalid.

        Returns
        -------
        bool
            Whether the inputs were valid and the figure was redrawn.
        """
        try:
            side = side_view_updates(hip_deg, knee_deg, change_pct)
            cursors = cursor_updates(change_pct)
            readout = explorer_readout_html(hip_deg, knee_deg, change_pct)
        except ValueError as exc:
            self.message.value = ui.message_html("invalid", f"Cannot draw that: {exc}")
            return False
        with self.figure.batch_update():
            for name, upd in zip(SIDE_TRACES, side, strict=True):
                self.figure.data[trace_index(name)].update(upd)
            for name, upd in zip(CURSOR_TRACES, cursors, strict=True):
                self.figure.data[trace_index(name)].update(upd)
        self.readout.value = readout
        self.message.value = ""
        return True

    def _ipython_display_(self) -> None:
        ui.show(self.widget)
