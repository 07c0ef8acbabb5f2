"""Lesson 04's figure and view: the running stride, its glute activity and "hip before knee".

One ``FigureWidget`` holds everything (plotly 7's front end can bind several on one page to
the wrong model): a side-view stick runner (left, top), the "hip before knee" teaching model
(left, bottom), and hip angle, knee angle and glute activity against % of stride (right),
shaded by phase. The stick figure's animation frames are computed once, here in the
package (:func:`stride_frames`), so a slider step only assigns a few small arrays.

The builder and the view share the ``*_updates`` functions, so the first drawing and every
redraw agree. Numbers come from :mod:`glutelab.gait`; this module only draws and words them.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from functools import cache

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import gait as G
from . import ui

__all__ = [
    "DEFAULT_KNEE_DELAY",
    "MODEL_NOTE",
    "PUSH_TRACES",
    "STRIDE_TRACES",
    "TRACES",
    "StrideExplorer",
    "StrideFrames",
    "glute_words",
    "push_readout_html",
    "push_updates",
    "stance_side",
    "stride_figure",
    "stride_frames",
    "stride_readout_html",
    "stride_updates",
    "trace_index",
]

#: Trace names of :func:`stride_figure`, in trace order.
TRACES = (
    "ground",
    "trunk",
    "stance leg",
    "left leg",
    "right leg",
    "hip angle",
    "hip events",
    "toe-off in the teaching model",
    "hip cursor",
    "hip now",
    "knee angle",
    "knee events",
    "knee cursor",
    "knee now",
    "gluteus maximus (simulated force)",
    "gluteus medius (simulated force)",
    "glute cursor",
    "glutes now",
    "data runner's leg at toe-off",
    "leg at toe-off",
    "ankle to hip",
    "horizontal",
    "data runner's push",
    "push direction",
)
#: Traces the stride slider redraws, in the order of :func:`stride_updates`.
STRIDE_TRACES = (
    "stance leg",
    "left leg",
    "right leg",
    "hip cursor",
    "hip now",
    "knee cursor",
    "knee now",
    "glute cursor",
    "glutes now",
)
#: Traces the knee-delay slider redraws, in the order of :func:`push_updates`.
PUSH_TRACES = (
    "toe-off in the teaching model",
    "leg at toe-off",
    "ankle to hip",
    "push direction",
)

#: The delay of the runner in the data (Hamner subject: knee extends 10 % after the hip).
DEFAULT_KNEE_DELAY = (
    G.key_value("knee_stance_peak").percent - G.key_value("hip_extension_onset").percent
)

COLORS = {
    "right": "#c62828",
    "left": "#8d8d8d",
    "stance": "rgba(255,179,0,0.55)",
    "hip": "#c62828",
    "knee": "#1565c0",
    "gluteus maximus": "#7f0000",
    "gluteus medius": "#1e88e5",
    "push": "#e65100",
    "reference": "#9e9e9e",
}
PHASE_COLORS = ("#fde2e2", "#fff3cd", "#e2f0d9", "#e8eaf6")
PHASE_SHORT = ("contact", "mid-stance", "propulsion", "swing")

# Drawing assumptions for the runner (not in the model): an upright trunk from the hip to
# the shoulder and a head above it, metres.
TRUNK_TOP_M = 0.50
HEAD_M = 0.62
# Where the push-direction dial sits in the teaching-model panel, and its arrow length.
DIAL_ORIGIN = (0.30, -0.80)
DIAL_LENGTH_M = 0.42

_HIP_Y = (-40.0, 55.0)
_KNEE_Y = (-5.0, 115.0)
_GLUTE_Y = (0.0, 1.12)
_JOINTS = ("hip", "knee", "ankle", "toe")

MODEL_NOTE = (
    "<b>Hip before knee: a teaching model, not a simulation.</b> It asks one geometric "
    "question: if the knee started to straighten earlier or later than in the runner of the "
    "data, how far would the hip have extended by the time the foot leaves the ground, and "
    "which way would the leg push? Its assumptions: the hip follows the data runner's curve "
    "whatever the knee does; the knee always takes the same time to straighten as in the "
    "data (22.2 % of stride) and the foot leaves the ground when it has; the push at toe-off "
    "points along the line from ankle to hip. A real runner who changed this timing would "
    "also change speed, contact time and much else; the model ignores all of that, so it "
    "shows a geometric reason for the cue, not evidence that the cue works."
)


def trace_index(name: str) -> int:
    """Return the index in :func:`stride_figure`'s ``data`` of the trace called ``name``."""
    return TRACES.index(name)


# --------------------------------------------------------------------------------------
# Precomputed animation frames
# --------------------------------------------------------------------------------------


def stance_side(percent: float) -> str | None:
    """Which foot is on the ground at a point of the right leg's stride.

    Parameters
    ----------
    percent : float
        % of the right leg's stride, 0 to 100.

    Returns
    -------
    str or None
        ``"right"`` or ``"left"``, or ``None`` during a flight phase (both feet off the
        ground). The left leg runs half a stride behind the right, as in
        :func:`glutelab.gait.stick_figure`.
    """
    toe_off = G.key_value("toe_off").percent
    p = float(percent) % 100.0
    if p < toe_off:
        return "right"
    if (p + 50.0) % 100.0 < toe_off:
        return "left"
    return None


def _leg_xy(leg: dict[str, tuple[float, float]]) -> tuple[list[float], list[float]]:
    return [leg[j][0] for j in _JOINTS], [leg[j][1] for j in _JOINTS]


@dataclass(frozen=True)
class StrideFrames:
    """Everything the stride slider draws, precomputed for a grid of % of stride.

    Attributes
    ----------
    percent : numpy.ndarray
        The grid, % of stride (0 to 100 inclusive).
    right, left : numpy.ndarray
        Shape ``(n, 4, 2)``: x and y of hip, knee, ankle and toe of each leg, metres, exactly
        as :func:`glutelab.gait.stick_figure` returns them.
    stance : tuple of (str or None)
        The foot on the ground at each point (see :func:`stance_side`).
    hip, knee : numpy.ndarray
        Hip and knee flexion, degrees.
    gmax, gmed : numpy.ndarray
        Normalised glute activity envelopes (simulated force, 0 to 1).
    ground_y : float
        Height of the ground line: the lowest point the stance foot reaches, metres.
    """

    percent: np.ndarray
    right: np.ndarray
    left: np.ndarray
    stance: tuple[str | None, ...]
    hip: np.ndarray
    knee: np.ndarray
    gmax: np.ndarray
    gmed: np.ndarray
    ground_y: float

    def index(self, percent: float) -> int | None:
        """Return the frame index of a percent on the grid, or ``None`` if it is off it."""
        i = int(np.searchsorted(self.percent, percent))
        for j in (i - 1, i):
            if 0 <= j < self.percent.size and abs(self.percent[j] - percent) < 1e-9:
                return j
        return None


@cache
def stride_frames(step: float = 1.0) -> StrideFrames:
    """Compute the stick-figure frames for the whole stride once (cached).

    Parameters
    ----------
    step : float
        Spacing of the frames, % of stride; 100 must be a whole number of steps (1, 2, 2.5,
        5, ...). The explorer uses 1.

    Returns
    -------
    StrideFrames
        Joint positions of both legs, stance side, joint angles and glute activity at every
        frame.

    Raises
    ------
    ValueError
        If the step is not a positive number that divides 100.
    """
    if isinstance(step, bool) or not isinstance(step, int | float) or not 0 < step <= 50:
        msg = "The frame step must be a number of % of stride between 0 and 50."
        raise ValueError(msg)
    count = 100.0 / step
    if abs(count - round(count)) > 1e-9:
        msg = f"The frame step must divide 100 % evenly; {step:g} % does not."
        raise ValueError(msg)
    percent = np.linspace(0.0, 100.0, round(count) + 1)
    right = np.empty((percent.size, 4, 2))
    left = np.empty((percent.size, 4, 2))
    for i, p in enumerate(percent):
        fig = G.stick_figure(float(p))
        right[i] = [fig["right"][j] for j in _JOINTS]
        left[i] = [fig["left"][j] for j in _JOINTS]
    stance = tuple(stance_side(float(p)) for p in percent)
    feet = [
        (right if side == "right" else left)[i, 2:, 1]
        for i, side in enumerate(stance)
        if side is not None
    ]
    return StrideFrames(
        percent=percent,
        right=right,
        left=left,
        stance=stance,
        hip=np.asarray(G.hip_flexion(percent)),
        knee=np.asarray(G.knee_flexion(percent)),
        gmax=np.asarray(G.glute_activity("gluteus maximus", percent)),
        gmed=np.asarray(G.glute_activity("gluteus medius", percent)),
        ground_y=float(np.min(feet)),
    )


# --------------------------------------------------------------------------------------
# Update builders (model output → trace data)
# --------------------------------------------------------------------------------------


def _state(percent: float) -> tuple[np.ndarray, np.ndarray, str | None, float, float, float, float]:
    """Legs, stance side, angles and glute activity at a percent (from the frames if possible)."""
    frames = stride_frames()
    i = frames.index(percent)
    if i is not None:
        return (
            frames.right[i],
            frames.left[i],
            frames.stance[i],
            float(frames.hip[i]),
            float(frames.knee[i]),
            float(frames.gmax[i]),
            float(frames.gmed[i]),
        )
    fig = G.stick_figure(percent)
    return (
        np.array([fig["right"][j] for j in _JOINTS]),
        np.array([fig["left"][j] for j in _JOINTS]),
        stance_side(percent),
        float(G.hip_flexion(percent)),
        float(G.knee_flexion(percent)),
        float(G.glute_activity("gluteus maximus", percent)),
        float(G.glute_activity("gluteus medius", percent)),
    )


def _check_percent(percent: object) -> float:
    """Validate a point of the stride with the model's own messages."""
    G.phase_of(percent)  # raises ValueError with a learner-readable message
    return float(percent)  # type: ignore[arg-type]


def stride_updates(percent: float) -> list[dict]:
    """Return the data of the stride traces (:data:`STRIDE_TRACES`, in order) at a percent.

    Parameters
    ----------
    percent : float
        % of the right leg's stride, 0 to 100.

    Returns
    -------
    list of dict
        ``x``/``y`` (and hover text) for the stance highlight, both legs, the three cursors
        and the "now" markers.

    Raises
    ------
    ValueError
        If ``percent`` is not a number from 0 to 100.
    """
    p = _check_percent(percent)
    right, left, stance, hip, knee, gmax, gmed = _state(p)
    if stance == "right":
        highlight = (right[:, 0].tolist(), right[:, 1].tolist())
    elif stance == "left":
        highlight = (left[:, 0].tolist(), left[:, 1].tolist())
    else:
        highlight = ([], [])
    return [
        {"x": highlight[0], "y": highlight[1]},
        {"x": left[:, 0].tolist(), "y": left[:, 1].tolist()},
        {"x": right[:, 0].tolist(), "y": right[:, 1].tolist()},
        {"x": [p, p], "y": list(_HIP_Y)},
        {"x": [p], "y": [hip], "text": [f"{hip:+.1f}°"]},
        {"x": [p, p], "y": list(_KNEE_Y)},
        {"x": [p], "y": [knee], "text": [f"{knee:.1f}°"]},
        {"x": [p, p], "y": list(_GLUTE_Y)},
        {"x": [p, p], "y": [gmax, gmed]},
    ]


def _arrow(direction_deg: float) -> dict:
    x0, y0 = DIAL_ORIGIN
    rad = math.radians(direction_deg)
    return {
        "x": [x0, x0 + DIAL_LENGTH_M * math.cos(rad)],
        "y": [y0, y0 + DIAL_LENGTH_M * math.sin(rad)],
    }


def _toe_off_leg(result: G.PushOff) -> dict[str, tuple[float, float]]:
    # The same segment geometry as gait.stick_figure and gait.push_off use (thigh from the
    # hip angle, shank from hip minus knee, foot at a right angle); the tests check that this
    # leg's ankle-to-hip line points exactly along push_off's push direction.
    hip = float(G.hip_flexion(result.toe_off_pct))
    knee = G.key_value("knee_most_extended").value
    thigh = math.radians(hip)
    shank = math.radians(hip - knee)
    k = (G.THIGH_M * math.sin(thigh), -G.THIGH_M * math.cos(thigh))
    a = (k[0] + G.SHANK_M * math.sin(shank), k[1] - G.SHANK_M * math.cos(shank))
    t = (a[0] + G.FOOT_M * math.cos(shank), a[1] + G.FOOT_M * math.sin(shank))
    return {"hip": (0.0, 0.0), "knee": k, "ankle": a, "toe": t}


def push_updates(result: G.PushOff) -> list[dict]:
    """Return the data of the teaching-model traces (:data:`PUSH_TRACES`, in order).

    Parameters
    ----------
    result : glutelab.gait.PushOff
        From :func:`glutelab.gait.push_off`.

    Returns
    -------
    list of dict
        The toe-off marker on the hip curve, the leg at toe-off (drawn with the knee angle
        of the data runner's toe-off, as the model assumes), the ankle-to-hip line and the
        push-direction arrow.
    """
    hip = float(G.hip_flexion(result.toe_off_pct))
    leg = _toe_off_leg(result)
    xs, ys = _leg_xy(leg)
    arrow = _arrow(result.push_direction_deg)
    arrow["text"] = ["", f"{result.push_direction_deg:.0f}°"]
    return [
        {
            "x": [result.toe_off_pct],
            "y": [hip],
            "text": [f"toe-off {result.toe_off_pct:.1f} %"],
        },
        {"x": xs, "y": ys},
        {"x": [leg["ankle"][0], 0.0], "y": [leg["ankle"][1], 0.0]},
        arrow,
    ]


# --------------------------------------------------------------------------------------
# Figure
# --------------------------------------------------------------------------------------


def _line(name: str, xy: dict, color: str, **kw: object) -> go.Scatter:
    return go.Scatter(
        **xy,
        mode=kw.pop("mode", "lines"),
        line={"color": color, "width": kw.pop("width", 3), "dash": kw.pop("dash", "solid")},
        name=name,
        showlegend=kw.pop("showlegend", False),
        hoverinfo=kw.pop("hoverinfo", "skip"),
        **kw,
    )


def _shade_phases(fig: go.Figure) -> None:
    toe_off = G.key_value("toe_off").percent
    for row in (1, 2, 3):
        for phase, color in zip(G.PHASES, PHASE_COLORS, strict=True):
            fig.add_vrect(
                x0=phase.start,
                x1=phase.end,
                fillcolor=color,
                opacity=0.8,
                layer="below",
                line_width=0,
                row=row,
                col=2,
            )
        fig.add_vline(
            x=toe_off, line={"color": "#424242", "dash": "dash", "width": 1.5}, row=row, col=2
        )
    for phase, short in zip(G.PHASES, PHASE_SHORT, strict=True):
        fig.add_annotation(
            x=(phase.start + phase.end) / 2 if short != "contact" else phase.start,
            y=_HIP_Y[0],
            text=short,
            showarrow=False,
            yanchor="bottom",
            xanchor="center" if short != "contact" else "left",
            font={"size": 10, "color": "#555"},
            row=1,
            col=2,
        )
    fig.add_annotation(
        x=toe_off,
        y=_GLUTE_Y[1],
        text=f"toe-off {toe_off:g} %",
        showarrow=False,
        xanchor="left",
        yanchor="top",
        font={"size": 10},
        row=3,
        col=2,
    )


def _event_trace(joint: str, keys: tuple[str, ...]) -> dict:
    evs = {e.key: e for e in G.events()}
    xs = [evs[k].percent for k in keys]
    return {
        "x": xs,
        "y": [float(G.joint_angle(joint, x)) for x in xs],
        "hovertext": [f"{evs[k].label}: {evs[k].percent:g} % ({evs[k].status})" for k in keys],
    }


def stride_figure(
    percent: float = 0.0, knee_delay_percent: float = DEFAULT_KNEE_DELAY
) -> go.Figure:
    """Build lesson 04's figure: stick runner, teaching model, joint angles and glute activity.

    Parameters
    ----------
    percent : float
        Point of the right leg's stride to draw, 0 to 100.
    knee_delay_percent : float
        Knee delay of the "hip before knee" teaching model (see
        :func:`glutelab.gait.push_off`).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces in the order of :data:`TRACES`.

    Raises
    ------
    ValueError
        If either input is out of range.
    """
    frames = stride_frames()
    stride = stride_updates(percent)
    push = push_updates(G.push_off(knee_delay_percent))
    reference = push_updates(G.push_off(DEFAULT_KNEE_DELAY))
    fig = make_subplots(
        rows=3,
        cols=2,
        specs=[[{"rowspan": 2}, {}], [None, {}], [{}, {}]],
        column_widths=[0.40, 0.60],
        row_heights=[0.34, 0.33, 0.33],
        horizontal_spacing=0.08,
        vertical_spacing=0.09,
        subplot_titles=(
            "Side view (right leg red; the foot on the ground highlighted)",
            "Hip flexion (°; below 0 = extension)",
            "Knee flexion (°)",
            "Hip before knee: teaching model, not a simulation",
            f"Glutes: {G.GLUTE_ACTIVITY_KIND}; not EMG",
        ),
    )
    s = dict(zip(STRIDE_TRACES, stride, strict=True))
    p = dict(zip(PUSH_TRACES, push, strict=True))
    runner = (1, 1)
    fig.add_trace(
        _line("ground", {"x": [-0.9, 0.9], "y": [frames.ground_y] * 2}, "#6d4c41", width=2),
        *runner,
    )
    fig.add_trace(
        go.Scatter(
            x=[0.0, 0.0, 0.0],
            y=[0.0, TRUNK_TOP_M, HEAD_M],
            mode="lines+markers",
            line={"color": "#424242", "width": 5},
            marker={"size": [6, 0, 30], "color": "#424242"},
            name="trunk",
            showlegend=False,
            hoverinfo="skip",
        ),
        *runner,
    )
    fig.add_trace(_line("stance leg", s["stance leg"], COLORS["stance"], width=16), *runner)
    for side in ("left", "right"):
        fig.add_trace(
            _line(
                f"{side} leg",
                s[f"{side} leg"],
                COLORS[side],
                width=6,
                mode="lines+markers",
                marker={"size": 8, "color": COLORS[side]},
            ),
            *runner,
        )

    grid = frames.percent
    hip_row, knee_row, glute_row = (1, 2), (2, 2), (3, 2)
    fig.add_trace(
        _line(
            "hip angle",
            {"x": grid, "y": frames.hip},
            COLORS["hip"],
            hoverinfo=None,
            hovertemplate="hip %{y:+.1f}° at %{x:.0f} %<extra></extra>",
        ),
        *hip_row,
    )
    keys = ("hip_extension_onset", "hip_peak_extension", "hip_peak_flexion")
    fig.add_trace(
        go.Scatter(
            **_event_trace("hip", keys),
            mode="markers",
            marker={"size": 9, "color": "white", "line": {"color": COLORS["hip"], "width": 2}},
            hoverinfo="text",
            name="hip events",
            showlegend=False,
        ),
        *hip_row,
    )
    fig.add_trace(
        go.Scatter(
            **p["toe-off in the teaching model"],
            mode="markers+text",
            textposition="top right",
            marker={"symbol": "diamond", "size": 12, "color": COLORS["push"]},
            textfont={"color": COLORS["push"], "size": 11},
            name="toe-off in the teaching model",
            hoverinfo="text",
            showlegend=False,
        ),
        *hip_row,
    )
    fig.add_trace(_line("hip cursor", s["hip cursor"], "#212121", width=2), *hip_row)
    fig.add_trace(
        go.Scatter(
            **s["hip now"],
            mode="markers+text",
            textposition="top right",
            marker={"size": 11, "color": COLORS["hip"], "line": {"color": "black", "width": 1}},
            name="hip now",
            hoverinfo="skip",
            showlegend=False,
        ),
        *hip_row,
    )
    fig.add_trace(
        _line(
            "knee angle",
            {"x": grid, "y": frames.knee},
            COLORS["knee"],
            hoverinfo=None,
            hovertemplate="knee %{y:.1f}° at %{x:.0f} %<extra></extra>",
        ),
        *knee_row,
    )
    keys = ("knee_stance_peak", "knee_most_extended", "knee_swing_peak")
    fig.add_trace(
        go.Scatter(
            **_event_trace("knee", keys),
            mode="markers",
            marker={"size": 9, "color": "white", "line": {"color": COLORS["knee"], "width": 2}},
            hoverinfo="text",
            name="knee events",
            showlegend=False,
        ),
        *knee_row,
    )
    fig.add_trace(_line("knee cursor", s["knee cursor"], "#212121", width=2), *knee_row)
    fig.add_trace(
        go.Scatter(
            **s["knee now"],
            mode="markers+text",
            textposition="top right",
            marker={"size": 11, "color": COLORS["knee"], "line": {"color": "black", "width": 1}},
            name="knee now",
            hoverinfo="skip",
            showlegend=False,
        ),
        *knee_row,
    )
    for muscle, values in (("gluteus maximus", frames.gmax), ("gluteus medius", frames.gmed)):
        fig.add_trace(
            go.Scatter(
                x=grid,
                y=values,
                mode="lines",
                fill="tozeroy",
                line={"color": COLORS[muscle], "width": 1.5},
                fillcolor=_rgba(COLORS[muscle], 0.3),
                name=f"{muscle} (simulated force)",
                legendgroup="glutes",
                hovertemplate=f"{muscle}: %{{y:.2f}} of peak at %{{x:.0f}} %<extra></extra>",
            ),
            *glute_row,
        )
    fig.add_trace(_line("glute cursor", s["glute cursor"], "#212121", width=2), *glute_row)
    fig.add_trace(
        go.Scatter(
            **s["glutes now"],
            mode="markers",
            marker={
                "size": 11,
                "color": [COLORS["gluteus maximus"], COLORS["gluteus medius"]],
                "line": {"color": "black", "width": 1},
            },
            name="glutes now",
            hoverinfo="skip",
            showlegend=False,
        ),
        *glute_row,
    )

    model = (3, 1)
    ref = dict(zip(PUSH_TRACES, reference, strict=True))
    fig.add_trace(
        _line(
            "data runner's leg at toe-off",
            ref["leg at toe-off"],
            COLORS["reference"],
            width=4,
            dash="dot",
            mode="lines+markers",
            marker={"size": 6, "color": COLORS["reference"]},
        ),
        *model,
    )
    fig.add_trace(
        _line(
            "leg at toe-off",
            p["leg at toe-off"],
            COLORS["push"],
            width=5,
            mode="lines+markers",
            marker={"size": 8, "color": COLORS["push"]},
        ),
        *model,
    )
    fig.add_trace(
        _line("ankle to hip", p["ankle to hip"], COLORS["push"], width=1.5, dash="dash"), *model
    )
    x0, y0 = DIAL_ORIGIN
    fig.add_trace(
        _line(
            "horizontal",
            {"x": [x0 - 0.05, x0 + DIAL_LENGTH_M + 0.05], "y": [y0, y0]},
            "#6d4c41",
            width=2,
        ),
        *model,
    )
    fig.add_trace(
        _line(
            "data runner's push",
            _arrow(G.push_off(DEFAULT_KNEE_DELAY).push_direction_deg),
            COLORS["reference"],
            width=3,
            dash="dot",
        ),
        *model,
    )
    fig.add_trace(
        go.Scatter(
            **p["push direction"],
            mode="lines+markers+text",
            line={"color": COLORS["push"], "width": 4},
            marker={
                "symbol": ["circle", "arrow"],
                "angleref": "previous",
                "size": [6, 16],
                "color": COLORS["push"],
            },
            textposition="middle right",
            textfont={"color": COLORS["push"], "size": 12},
            name="push direction",
            hoverinfo="skip",
            showlegend=False,
        ),
        *model,
    )

    fig.update_xaxes(range=[-0.85, 0.85], visible=False, row=1, col=1)
    fig.update_yaxes(
        range=[frames.ground_y - 0.08, 0.75],
        scaleanchor="x",
        scaleratio=1,
        visible=False,
        row=1,
        col=1,
    )
    fig.update_xaxes(range=[-0.75, 0.8], visible=False, row=3, col=1)
    fig.update_yaxes(
        range=[-0.92, 0.08], scaleanchor="x4", scaleratio=1, visible=False, row=3, col=1
    )
    for row, yrange in ((1, _HIP_Y), (2, _KNEE_Y), (3, _GLUTE_Y)):
        fig.update_xaxes(range=[0, 100], row=row, col=2, matches="x2")
        fig.update_yaxes(range=list(yrange), row=row, col=2)
    fig.update_xaxes(title_text="% of stride (0 = right foot lands)", row=3, col=2)
    fig.update_yaxes(title_text="share of peak", row=3, col=2)
    fig.add_annotation(
        x=0.0,
        y=frames.ground_y - 0.04,
        text="drawing: hip held at one height, trunk upright, ankle at a right angle",
        showarrow=False,
        font={"size": 10, "color": "#555"},
        row=1,
        col=1,
    )
    fig.add_annotation(
        x=x0 + DIAL_LENGTH_M / 2,
        y=y0 - 0.06,
        text="push direction (grey: data runner)",
        showarrow=False,
        font={"size": 10, "color": "#555"},
        row=3,
        col=1,
    )
    _shade_phases(fig)
    fig.update_layout(
        height=780,
        margin={"l": 40, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "x": 0.45, "y": -0.07, "font": {"size": 11}},
        hovermode="closest",
        uirevision="stride",
    )
    return fig


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# --------------------------------------------------------------------------------------
# Readouts (HTML)
# --------------------------------------------------------------------------------------


def _level(value: float) -> str:
    if value >= 0.8:
        return "near its peak"
    if value >= 0.4:
        return "high"
    if value >= 0.15:
        return "moderate"
    if value >= G.QUIET_LEVEL:
        return "low"
    return "quiet"


def _feature(key: str) -> G.GluteFeature:
    return next(f for f in G.glute_features() if f.key == key)


def glute_words(percent: float) -> str:
    """Say in plain words what the glutes are doing at a point of the stride.

    The windows come from the model's own features: contact to the hip's turn (5 %),
    mid-stance to peak knee flexion (15 %), propulsion to toe-off (37.2 %), the gluteus
    maximus quiet spell that ends at 75 % and late swing after it.

    Parameters
    ----------
    percent : float
        % of stride, 0 to 100.

    Returns
    -------
    str
        One or two sentences (plain text), with the simulated levels of both muscles.

    Raises
    ------
    ValueError
        If ``percent`` is not a number from 0 to 100.
    """
    p = _check_percent(percent)
    gmax = float(G.glute_activity("gluteus maximus", p))
    gmed = float(G.glute_activity("gluteus medius", p))
    onset = G.key_value("hip_extension_onset").percent
    knee = G.key_value("knee_stance_peak").percent
    toe_off = G.key_value("toe_off").percent
    late = _feature("gmax_quiet").pct_high
    if p < onset or p == 100.0:
        role = (
            "The foot has just landed: gluteus maximus is working hardest now, steadying the "
            "trunk and stopping the hip from flexing further; gluteus medius is rising to hold "
            "the pelvis level on one leg."
        )
    elif p < knee:
        role = (
            "Mid-stance: gluteus medius peaks, holding the pelvis level while the body rides "
            "over one leg; gluteus maximus is past its peak but still helps the thigh extend."
        )
    elif p < toe_off:
        role = (
            "Propulsion: both glutes are fading fast while the hip and knee extend. The push "
            "towards toe-off comes mostly from other muscles: at distance-running speeds, "
            "mainly the calf muscles (Dorn et al. 2012)."
        )
    elif p < late:
        role = (
            "Swing: both glutes are close to quiet. The hip flexors swing the thigh forward; "
            "the hip keeps extending a little after toe-off, to its peak at "
            f"{G.key_value('hip_peak_extension').percent:g} %, before it starts to flex."
        )
    else:
        role = (
            "Late swing: gluteus maximus switches on again to slow the swinging leg before "
            "it lands (Lieberman et al. 2006), so it is already working when the foot touches "
            "down."
        )
    return (
        f"{role} Simulated force now: gluteus maximus {_level(gmax)} ({gmax:.2f} of its peak), "
        f"gluteus medius {_level(gmed)} ({gmed:.2f})."
    )


def _angle_words(joint: str, angle: float, percent: float) -> str:
    moving = float(G.angular_velocity(joint, percent))
    if abs(moving) < 20.0:
        motion = "turning round"
    elif moving < 0:
        motion = "extending"
    else:
        motion = "flexing"
    if joint == "hip":
        pose = f"{angle:.1f}° flexed" if angle >= 0 else f"{-angle:.1f}° extended"
    else:
        pose = f"{angle:.1f}° bent"
    return f"{pose}, {motion}"


def stride_readout_html(percent: float) -> str:
    """Return the stride readout: phase, which foot is down, joint angles and the glutes.

    Parameters
    ----------
    percent : float
        % of the right leg's stride, 0 to 100.

    Returns
    -------
    str
        HTML (class ``glutelab-readout glutelab-stride-readout``).

    Raises
    ------
    ValueError
        If ``percent`` is not a number from 0 to 100.
    """
    p = _check_percent(percent)
    _right, _left, stance, hip, knee, _gmax, _gmed = _state(p)
    phase = G.phase_of(p)
    reason = next(ph.reason for ph in G.PHASES if ph.name == phase)
    if stance == "right":
        feet = "right foot on the ground"
    elif stance == "left":
        feet = "left foot on the ground; the right leg swings"
    else:
        feet = "flight: both feet off the ground"
    return (
        "<div class='glutelab-readout glutelab-stride-readout'>"
        f"<b>{p:.0f} % of the stride · {html.escape(phase)}</b> ({feet})<br>"
        f"<span style='opacity:.8'>{html.escape(reason)}</span><br>"
        f"Right hip: <b>{html.escape(_angle_words('hip', hip, p))}</b> · "
        f"right knee: <b>{html.escape(_angle_words('knee', knee, p))}</b><br>"
        f"<b>Glutes now:</b> {html.escape(glute_words(p))}</div>"
    )


def push_readout_html(result: G.PushOff) -> str:
    """Return the teaching model's numbers for one knee delay, compared with the data runner.

    Parameters
    ----------
    result : glutelab.gait.PushOff
        From :func:`glutelab.gait.push_off`.

    Returns
    -------
    str
        HTML (class ``glutelab-readout glutelab-push-readout``).
    """
    ref = G.push_off(DEFAULT_KNEE_DELAY)
    hip_to = float(G.hip_flexion(result.toe_off_pct))
    return (
        "<div class='glutelab-readout glutelab-push-readout'>"
        f"<b>Knee starts to straighten {result.knee_delay_pct:g} % of stride after the hip</b> "
        f"(data runner: {DEFAULT_KNEE_DELAY:g} %). In the teaching model the foot leaves the "
        f"ground at <b>{result.toe_off_pct:.1f} %</b> (data runner {ref.toe_off_pct:.1f} %). "
        f"By then the hip has extended <b>{result.hip_extension_by_toe_off_deg:.1f}°</b> from "
        f"its early-stance peak, to {_angle_words('hip', hip_to, result.toe_off_pct).split(',')[0]} "
        f"(data runner {ref.hip_extension_by_toe_off_deg:.1f}°), "
        f"{result.hip_extension_before_knee_deg:.1f}° of it before the knee began to straighten. "
        f"The push points <b>{result.push_direction_deg:.0f}° above the horizontal</b> "
        f"(data runner {ref.push_direction_deg:.0f}°; 90° = straight up, smaller = more "
        "forward).</div>"
    )


# --------------------------------------------------------------------------------------
# View
# --------------------------------------------------------------------------------------


class StrideExplorer:
    """Lesson 04's explorer: a stride slider with a play button, a knee-delay slider, one figure.

    Parameters
    ----------
    percent : int
        Starting point of the stride, % (0 to 100; rounded to a whole percent).
    knee_delay_percent : float
        Starting knee delay of the teaching model, % of stride (see ``KNEE_DELAY_RANGE``).

    Attributes
    ----------
    slider : ipywidgets.IntSlider
        "Stride (%)", 0 to 100.
    play : ipywidgets.Play
        Steps the slider through the stride in the browser (``jslink``-ed to it).
    knee_delay : ipywidgets.FloatSlider
        "Knee extension delay (% stride)" of the teaching model.
    figure : plotly.graph_objects.FigureWidget
        The single figure (traces named as in :data:`TRACES`).
    readout : ipywidgets.HTML
        Phase, feet, joint angles and glute activity now, then the teaching model's numbers.
    message : ipywidgets.HTML
        Empty, or a message when an input cannot be used.
    widget : ipywidgets.VBox
        Everything, with the CSS class ``glutelab-stride``.
    """

    def __init__(self, percent: int = 0, knee_delay_percent: float = DEFAULT_KNEE_DELAY) -> None:
        self.message = widgets.HTML()
        start, problems = 0, []
        try:
            start = round(_check_percent(percent))
        except ValueError as exc:
            problems.append(f"Cannot start there: {exc}")
        lo, hi = G.KNEE_DELAY_RANGE
        delay = DEFAULT_KNEE_DELAY
        try:
            delay = G.push_off(knee_delay_percent).knee_delay_pct
        except ValueError as exc:
            problems.append(f"Cannot use that knee delay: {exc}")
        self.figure = go.FigureWidget(stride_figure(start, delay))
        self.slider = widgets.IntSlider(
            value=start,
            min=0,
            max=100,
            step=1,
            description="Stride (%)",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        self.play = widgets.Play(
            value=start,
            min=0,
            max=100,
            step=2,
            interval=80,
            repeat=True,
            description="Play the stride",
        )
        self._link = widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.knee_delay = widgets.FloatSlider(
            value=delay,
            min=lo,
            max=hi,
            step=0.5,
            description="Knee extension delay (% stride)",
            continuous_update=True,
            readout_format=".1f",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        self.readout = widgets.HTML()
        self._stride_html = stride_readout_html(start)
        self._push_html = push_readout_html(G.push_off(delay))
        self._write()
        if problems:
            self.message.value = ui.message_html("invalid", " ".join(problems))
        self.slider.observe(self._on_percent, names="value")
        self.knee_delay.observe(self._on_delay, names="value")
        note = widgets.HTML(
            f"<div class='glutelab-model-note' style='font-size:90%'>{MODEL_NOTE}</div>"
        )
        stride_box = widgets.HBox([self.play, self.slider])
        self.widget = widgets.VBox(
            [stride_box, self.knee_delay, note, self.message, self.figure, self.readout]
        )
        self.widget.add_class("glutelab-stride")

    # -- events ------------------------------------------------------------------------
    @ui.guarded(lambda self: self.message)
    def _on_percent(self, change: dict) -> None:
        self.set_percent(change["new"])

    @ui.guarded(lambda self: self.message)
    def _on_delay(self, change: dict) -> None:
        self.set_knee_delay(change["new"])

    # -- drawing -----------------------------------------------------------------------
    def _traces(self, names: tuple[str, ...]) -> list:
        return [self.figure.data[trace_index(n)] for n in names]

    def set_percent(self, percent: float) -> bool:
        """Move the runner, the cursors and the readout to a point of the stride.

        Parameters
        ----------
        percent : float
            % of the right leg's stride, 0 to 100.

        Returns
        -------
        bool
            Whether the value was valid and the figure redrawn (if not, a message is shown
            and the drawing is kept).
        """
        try:
            updates = stride_updates(percent)
        except ValueError as exc:
            self.message.value = ui.message_html("invalid", f"Cannot show that moment: {exc}")
            return False
        with self.figure.batch_update():
            for trace, upd in zip(self._traces(STRIDE_TRACES), updates, strict=True):
                trace.update(upd)
        self._stride_html = stride_readout_html(float(percent))
        self.message.value = ""
        self._write()
        return True

    def set_knee_delay(self, knee_delay_percent: float) -> bool:
        """Redraw the teaching model for a new knee delay.

        Parameters
        ----------
        knee_delay_percent : float
            How long after the hip the knee starts to extend, % of stride.

        Returns
        -------
        bool
            Whether the value was valid and the figure redrawn.
        """
        try:
            result = G.push_off(knee_delay_percent)
        except ValueError as exc:
            self.message.value = ui.message_html("invalid", f"Cannot use that delay: {exc}")
            return False
        with self.figure.batch_update():
            for trace, upd in zip(self._traces(PUSH_TRACES), push_updates(result), strict=True):
                trace.update(upd)
        self._push_html = push_readout_html(result)
        self.message.value = ""
        self._write()
        return True

    def _write(self) -> None:
        self.readout.value = self._stride_html + self._push_html

    def _ipython_display_(self) -> None:
        ui.show(self.widget)
