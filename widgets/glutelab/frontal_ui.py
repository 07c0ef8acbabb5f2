"""Lesson 02's pelvic-drop figure and its view: a stick runner from behind plus Bramah's groups.

:func:`frontal_figure` draws one ``go.Figure`` (the page's only ``FigureWidget``). Top left:
the runner from behind at mid-stance on the right leg (:func:`glutelab.frontal.pose`); top
right: a close-up of the pelvis and stance knee, where a few degrees and centimetres are
visible; bottom: a 0-12° axis with the healthy and injured groups' mean ± 1 SD of peak
contralateral pelvic drop (Bramah et al. 2018). :func:`frontal_updates` returns the data of
the moving traces, which come last in the figure in the order of :data:`MOVING_TRACES`; the
builder draws the first state with it, so the figure and the view can never disagree.
:class:`PelvicDropExplorer` wires a slider to the figure and writes a plain-language readout.
"""

from __future__ import annotations

import copy
import html
import math

import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import frontal as M
from . import ui

__all__ = [
    "COLORS",
    "MOVING_TRACES",
    "PelvicDropExplorer",
    "frontal_figure",
    "frontal_updates",
    "pelvis_colour",
    "readout_html",
]

COLORS = {
    "stance": "#1565c0",
    "swing": "#9e9e9e",
    "trunk": "#616161",
    "pelvis": "#424242",
    "pelvis_high": "#c62828",
    "knee_shift": "#6a1b9a",
    "reference": "#757575",
    "healthy": "#2e7d32",
    "injured": "#b26a00",
    "ground": "#8d6e63",
}

# Subplot cells: (row, col).
_RUNNER = (1, 1)
_CLOSE = (1, 2)
_BANDS = (2, 1)

# Moving traces: (trace name, cell, which part of the pose it draws).
_MOVING = (
    ("trunk and head", _RUNNER, "trunk"),
    ("swing leg", _RUNNER, "swing"),
    ("stance leg (right)", _RUNNER, "stance"),
    ("pelvis", _RUNNER, "pelvis"),
    ("swing leg, close-up", _CLOSE, "swing"),
    ("stance leg (right), close-up", _CLOSE, "stance"),
    ("level pelvis line", _CLOSE, "level"),
    ("pelvis, close-up", _CLOSE, "pelvis"),
    ("drop angle", _CLOSE, "arc"),
    ("drop label", _CLOSE, "label"),
    ("knee shift", _CLOSE, "knee_shift"),
    ("drop cursor", _BANDS, "cursor"),
    ("this drop", _BANDS, "marker"),
)
#: Names of the moving traces, in the order of :func:`frontal_updates` (the figure's last
#: ``len(MOVING_TRACES)`` traces).
MOVING_TRACES = tuple(name for name, _cell, _part in _MOVING)

_RUNNER_RANGE = {"x": (-0.45, 0.45), "y": (-0.05, 1.72)}
_CLOSE_RANGE = {"x": (-0.2, 0.22), "y": (0.3, 0.95)}
_BAND_Y = {"healthy": 1.0, "injured": 0.0}
_BAND_Y_RANGE = (-0.6, 1.75)
_ARC_RADIUS_M = 0.11
_HEAD_POINTS = 40
_ARC_POINTS = 16

SOURCE_NOTE = (
    f"Runner: teaching model, not a measurement (thigh {M.THIGH_M:.2f} m, shank "
    f"{M.SHANK_M:.2f} m, {M.HIP_WIDTH_M:.2f} m between the hip centres; hip adduction from "
    "the line through Bramah's two group means).<br>"
    "Bands: mean ± 1 SD of peak contralateral pelvic drop between foot contact and toe-off, "
    f"{M.CPD_HEALTHY.citation}, Am J Sports Med 46(12):3023, Table 4 "
    f"({M.CPD_HEALTHY.status_label})."
)


def pelvis_colour(drop_deg: float) -> str:
    """Return the pelvis line's colour: red above the healthy mean + 1 SD (5.6°), else grey."""
    return COLORS["pelvis_high"] if drop_deg > M.CPD_HEALTHY.band[1] else COLORS["pelvis"]


def _xy(*points: tuple[float, float] | None) -> dict:
    """Split points into x and y lists; ``None`` breaks the line."""
    xs = [None if p is None else p[0] for p in points]
    ys = [None if p is None else p[1] for p in points]
    return {"x": xs, "y": ys}


def _circle(centre: tuple[float, float], radius: float) -> list[tuple[float, float]]:
    angles = np.linspace(0.0, 2.0 * math.pi, _HEAD_POINTS)
    return [(centre[0] + radius * math.cos(a), centre[1] + radius * math.sin(a)) for a in angles]


def _parts(drop_deg: float) -> dict[str, dict]:
    """Return the update of every moving part of the figure, keyed by part."""
    p = M.pose(drop_deg)
    d = p.drop_deg
    hip_x, hip_y = p.stance_hip
    colour = pelvis_colour(d)
    knee_x, knee_y = p.stance_knee
    arc_angles = np.linspace(math.pi, math.pi + math.radians(d), _ARC_POINTS)
    return {
        "trunk": _xy(
            p.pelvis_mid,
            p.neck,
            None,
            p.shoulders[0],
            p.shoulders[1],
            None,
            p.shoulders[0],
            p.hands[0],
            None,
            p.shoulders[1],
            p.hands[1],
            None,
            *_circle(p.head_centre, p.head_radius),
        ),
        "swing": _xy(p.swing_hip, p.swing_knee, p.swing_foot),
        "stance": {
            **_xy(p.stance_foot, p.stance_knee, p.stance_hip),
            "hovertext": [
                "Right foot: stays where it landed",
                f"Right knee: {p.knee_medial_shift_cm:.1f} cm nearer the midline than with "
                "a level pelvis",
                f"Right hip: adduction {p.hip_adduction_deg:.1f}° = {d:.1f}° from the pelvis "
                f"dropping + {p.femur_tilt_deg:.1f}° from the thigh angling in",
            ],
        },
        "pelvis": {
            **_xy(p.stance_hip, p.swing_hip),
            "hovertext": [
                f"Pelvis: the left (swing) side sits {d:.1f}° lower than the right",
                f"Left hip: {100 * (hip_y - p.swing_hip[1]):.1f} cm lower than the right hip",
            ],
            "line": {"color": colour},
            "marker": {"color": colour},
        },
        "level": _xy(p.stance_hip, (hip_x - p.hip_width_m - 0.03, hip_y)),
        "arc": {
            "x": [hip_x, *(hip_x + _ARC_RADIUS_M * math.cos(a) for a in arc_angles), hip_x],
            "y": [hip_y, *(hip_y + _ARC_RADIUS_M * math.sin(a) for a in arc_angles), hip_y],
        },
        "label": {
            "x": [hip_x - p.hip_width_m / 2.0],
            "y": [hip_y + 0.015],
            "text": [f"drop {d:.1f}°"],
            "textfont": {"color": colour},
        },
        "knee_shift": {
            "x": [p.level_knee_x, knee_x],
            "y": [knee_y, knee_y],
            "hovertext": [f"Knee shift towards the midline: {p.knee_medial_shift_cm:.1f} cm"] * 2,
        },
        "cursor": {"x": [d, d], "y": list(_BAND_Y_RANGE)},
        "marker": {
            "x": [d, d],
            "y": [_BAND_Y["healthy"], _BAND_Y["injured"]],
            "hovertext": [f"This setting: {d:.1f}° of pelvic drop"] * 2,
            "marker": {"color": colour},
        },
    }


def frontal_updates(drop_deg: float) -> list[dict]:
    """Return the data of the figure's moving traces at one pelvic drop, in trace order.

    Order as :data:`MOVING_TRACES`: the runner (trunk and head, swing leg, stance leg,
    pelvis), the close-up (swing leg, stance leg, level-pelvis line, pelvis, drop-angle arc,
    its label, the knee-shift segment), then the band chart's cursor line and the markers at
    the current drop on both bands.

    Parameters
    ----------
    drop_deg : float
        Contralateral pelvic drop in degrees (0-12).

    Raises
    ------
    ValueError
        If ``drop_deg`` is not a number from 0 to 12.
    """
    parts = _parts(drop_deg)
    return [copy.deepcopy(parts[part]) for _name, _cell, part in _MOVING]


_STYLES: dict[str, dict] = {
    "trunk": {"mode": "lines", "line": {"color": COLORS["trunk"], "width": 5}, "hoverinfo": "skip"},
    "swing": {
        "mode": "lines+markers",
        "line": {"color": COLORS["swing"], "width": 6},
        "marker": {"size": 7, "color": COLORS["swing"]},
        "hovertext": ["Left hip", "Left knee (leg swinging through)", "Left foot, off the ground"],
        "hoverinfo": "text",
    },
    "stance": {
        "mode": "lines+markers",
        "line": {"color": COLORS["stance"], "width": 7},
        "marker": {"size": 9, "color": COLORS["stance"]},
        "hoverinfo": "text",
    },
    "pelvis": {
        "mode": "lines+markers",
        "line": {"width": 6},
        "marker": {"size": 11},
        "hoverinfo": "text",
    },
    "level": {
        "mode": "lines",
        "line": {"color": COLORS["reference"], "dash": "dot", "width": 1.5},
        "hovertext": ["Level line through the right hip"] * 2,
        "hoverinfo": "text",
    },
    "arc": {
        "mode": "lines",
        "line": {"color": COLORS["reference"], "width": 1.5},
        "fill": "toself",
        "fillcolor": "rgba(198,40,40,0.25)",
        "hovertext": ["Pelvic drop angle, measured from the level line"] * (_ARC_POINTS + 2),
        "hoverinfo": "text",
    },
    "label": {"mode": "text", "textposition": "top center", "hoverinfo": "skip"},
    "knee_shift": {
        "mode": "lines+markers",
        "line": {"color": COLORS["knee_shift"], "width": 3},
        "marker": {"size": 6, "color": COLORS["knee_shift"]},
        "hoverinfo": "text",
    },
    "cursor": {
        "mode": "lines",
        "line": {"color": "#212121", "dash": "dot", "width": 1.5},
        "hoverinfo": "skip",
    },
    "marker": {
        "mode": "markers",
        "marker": {"symbol": "diamond", "size": 14, "line": {"color": "white", "width": 1}},
        "hoverinfo": "text",
        "cliponaxis": False,
    },
}


def _line(fig: go.Figure, cell: tuple[int, int], name: str, x: list, y: list, **style) -> None:
    fig.add_trace(
        go.Scatter(x=x, y=y, name=name, showlegend=False, **style), row=cell[0], col=cell[1]
    )


def _add_static(fig: go.Figure) -> None:
    """Ground, the close-up frame, the level-pelvis knee line and the two published bands."""
    level = M.pose(0.0)
    _line(
        fig,
        _RUNNER,
        "ground",
        [-0.45, 0.45],
        [0.0, 0.0],
        mode="lines",
        line={"color": COLORS["ground"], "width": 3},
        hoverinfo="skip",
    )
    (x0, x1), (y0, y1) = _CLOSE_RANGE["x"], _CLOSE_RANGE["y"]
    _line(
        fig,
        _RUNNER,
        "close-up frame",
        [x0, x1, x1, x0, x0],
        [y0, y0, y1, y1, y0],
        mode="lines",
        line={"color": "#bdbdbd", "dash": "dot", "width": 1},
        hoverinfo="skip",
    )
    _line(
        fig,
        _CLOSE,
        "knee with a level pelvis",
        [level.level_knee_x] * 2,
        [y0, level.stance_hip[1]],
        mode="lines",
        line={"color": COLORS["reference"], "dash": "dash", "width": 1.5},
        hovertext=["Where the right knee sits when the pelvis is level"] * 2,
        hoverinfo="text",
    )
    for group, kv in (("healthy", M.CPD_HEALTHY), ("injured", M.CPD_INJURED)):
        lo, hi = kv.band
        y = _BAND_Y[group]
        words = "Healthy runners" if group == "healthy" else "Injured runners"
        hover = (
            f"{words} (n = {kv.n}): average peak drop {kv.value:.1f}°, spread (SD) "
            f"{kv.sd:.1f}°; about two in three runners between {lo:.1f}° and {hi:.1f}° "
            f"if the spread is roughly normal. {kv.cited}"
        )
        _line(
            fig,
            _BANDS,
            f"{group} band",
            [lo, hi],
            [y, y],
            mode="lines",
            line={"color": COLORS[group], "width": 16},
            opacity=0.45,
            hovertext=[hover] * 2,
            hoverinfo="text",
            meta={"group": group, "citation": kv.citation, "status": kv.status},
        )
        _line(
            fig,
            _BANDS,
            f"{group} mean",
            [kv.value],
            [y],
            mode="markers+text",
            marker={
                "symbol": "line-ns",
                "size": 24,
                "line": {"width": 3, "color": COLORS[group]},
            },
            text=[f"{words}, mean ± 1 SD: {kv.value:.1f} ± {kv.sd:.1f}° ({kv.cited})"],
            textposition="top center",
            textfont={"color": COLORS[group], "size": 11},
            hovertext=[hover],
            hoverinfo="text",
            cliponaxis=False,
        )


def _add_moving(fig: go.Figure, drop_deg: float) -> None:
    for (name, cell, part), update in zip(_MOVING, frontal_updates(drop_deg), strict=True):
        trace = go.Scatter(name=name, showlegend=False, **copy.deepcopy(_STYLES[part]))
        trace.update(update)
        fig.add_trace(trace, row=cell[0], col=cell[1])


def _axis_id(fig: go.Figure, cell: tuple[int, int]) -> str:
    """Return the short x-axis id (``"x"``, ``"x2"`` …) of one subplot cell."""
    return fig.get_subplot(*cell).xaxis.plotly_name.replace("axis", "")


def _annotate(fig: go.Figure) -> None:
    level = M.pose(0.0)
    hip_x = level.stance_hip[0]
    labels = [
        (_RUNNER, "stance leg (right)", hip_x + 0.03, 0.30, "left", COLORS["stance"], 11),
        (
            _RUNNER,
            "swing side (left)",
            level.swing_hip[0] - 0.05,
            0.45,
            "right",
            COLORS["swing"],
            11,
        ),
        (
            _RUNNER,
            "viewed from behind:<br>the runner's right<br>is on your right",
            0.44,
            1.62,
            "right",
            "#555",
            10,
        ),
        (_CLOSE, "stance leg (right)", hip_x + 0.005, 0.55, "left", COLORS["stance"], 11),
        (
            _CLOSE,
            "swing side (left)",
            level.swing_hip[0] - 0.02,
            0.65,
            "right",
            COLORS["swing"],
            11,
        ),
        (
            _CLOSE,
            "dashed: knee with<br>a level pelvis",
            level.level_knee_x + 0.01,
            0.34,
            "left",
            COLORS["reference"],
            10,
        ),
        (
            _CLOSE,
            "purple: the knee's<br>shift towards<br>the midline",
            level.stance_knee[0] - 0.035,
            0.43,
            "right",
            COLORS["knee_shift"],
            10,
        ),
    ]
    for cell, text, x, y, anchor, colour, size in labels:
        fig.add_annotation(
            text=text,
            x=x,
            y=y,
            xanchor=anchor,
            showarrow=False,
            font={"color": colour, "size": size},
            row=cell[0],
            col=cell[1],
        )
    fig.add_annotation(
        text=SOURCE_NOTE,
        xref="paper",
        yref="paper",
        x=0,
        y=-0.12,
        showarrow=False,
        xanchor="left",
        align="left",
        font={"size": 10, "color": "#555"},
    )


def frontal_figure(drop_deg: float = M.CPD_HEALTHY.value) -> go.Figure:
    """Build lesson 02's pelvic-drop figure: the runner from behind and the group bands.

    Top left: a stick runner seen from behind at mid-stance on the right leg, standing on
    the ground. Top right: a close-up of the pelvis and stance knee with a level line, the
    drop angle, a dashed line where the knee sits with a level pelvis and the knee's shift
    towards the midline. The pelvis line turns red above the healthy mean + 1 SD (5.6°).
    Bottom: the healthy and injured groups' mean ± 1 SD of peak pelvic drop on a 0-12° axis
    (Bramah et al. 2018, verified) with a marker at the current drop. Both drawings keep
    equal scales on x and y, so angles and distances are true to the model.

    Parameters
    ----------
    drop_deg : float
        Contralateral pelvic drop in degrees (0-12; default 3.7, the healthy mean).

    Raises
    ------
    ValueError
        If ``drop_deg`` is not a number from 0 to 12.
    """
    M.check_drop(drop_deg)
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[{}, {}], [{"colspan": 2}, None]],
        column_widths=[0.42, 0.58],
        row_heights=[0.7, 0.3],
        vertical_spacing=0.12,
        horizontal_spacing=0.04,
        subplot_titles=(
            "Runner from behind, mid-stance on the right leg",
            "Close-up: pelvis and right knee",
            "Where this drop sits among Bramah et al.'s runners (peak drop, mean ± 1 SD)",
        ),
    )
    _add_static(fig)
    _add_moving(fig, drop_deg)
    _annotate(fig)
    hidden = {"showgrid": False, "zeroline": False, "showticklabels": False}
    for cell, ranges in ((_RUNNER, _RUNNER_RANGE), (_CLOSE, _CLOSE_RANGE)):
        fig.update_xaxes(
            row=cell[0], col=cell[1], range=list(ranges["x"]), constrain="domain", **hidden
        )
        fig.update_yaxes(
            row=cell[0],
            col=cell[1],
            range=list(ranges["y"]),
            scaleanchor=_axis_id(fig, cell),
            scaleratio=1,
            **hidden,
        )
    fig.update_xaxes(
        row=_BANDS[0],
        col=_BANDS[1],
        range=[0, M.DROP_RANGE[1]],
        dtick=1,
        title_text="peak contralateral pelvic drop (°)",
    )
    fig.update_yaxes(
        row=_BANDS[0],
        col=_BANDS[1],
        range=list(_BAND_Y_RANGE),
        tickvals=[_BAND_Y["healthy"], _BAND_Y["injured"]],
        ticktext=[f"healthy (n = {M.CPD_HEALTHY.n})", f"injured (n = {M.CPD_INJURED.n})"],
        showgrid=False,
        zeroline=False,
    )
    fig.update_layout(
        height=860,
        margin={"l": 100, "r": 20, "t": 50, "b": 120},
        hovermode="closest",
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig


def _group_sentence(cmp: M.GroupComparison) -> str:
    h_lo, h_hi = M.CPD_HEALTHY.band
    i_lo, i_hi = M.CPD_INJURED.band
    healthy = f"{h_lo:.1f}–{h_hi:.1f}°"
    injured = f"{i_lo:.1f}–{i_hi:.1f}°"
    if cmp.in_overlap:
        return (
            f"In the overlap of the healthy ({healthy}) and injured ({injured}) groups' "
            "typical ranges: a value here does not tell the two groups apart."
        )
    if cmp.in_healthy_band:
        return f"Inside the healthy runners' typical range ({healthy})."
    if cmp.in_injured_band:
        return (
            f"Inside the injured group's typical range ({injured}) and above the healthy "
            f"runners' range ({healthy})."
        )
    if cmp.below_healthy_band:
        return f"Below the healthy runners' typical range ({healthy}): less drop than most of them."
    return (
        f"Above the injured group's typical range ({injured}): more drop than most of "
        "Bramah's injured runners."
    )


def _odds_sentence(drop_deg: float) -> str:
    lo, hi = M.CPD_HEALTHY.band[0], M.CPD_INJURED.band[1]
    ref = M.CPD_HEALTHY.value
    kv = M.CPD_ODDS_RATIO
    if not lo <= drop_deg <= hi:
        return (
            f"Odds: not shown. This drop lies outside {lo:.1f}–{hi:.1f}°, the span from the "
            "healthy group's typical range to the injured group's; carrying the odds ratio of "
            f"{kv.value:.2f} per degree that far would claim a precision the study does not have."
        )
    odds = M.odds_relative_to(drop_deg, ref)
    c_lo, c_hi = M.odds_interval(drop_deg, ref)
    return (
        f"Odds of being in Bramah's injured group: ×{odds:.2f} compared with a drop of "
        f"{ref:.1f}° (95% CI ×{c_lo:.2f} to ×{c_hi:.2f}; odds ratio {kv.value:.2f} per degree, "
        f"{kv.cited})."
    )


def readout_html(drop_deg: float) -> str:
    """Return the plain-language readout for one drop as HTML.

    It gives the drop, the model's hip adduction split into its two parts, the knee's shift,
    where the drop sits relative to Bramah's two groups and the odds ratio with its caveat.

    Parameters
    ----------
    drop_deg : float
        Contralateral pelvic drop in degrees (0-12).

    Raises
    ------
    ValueError
        If ``drop_deg`` is not a number from 0 to 12.
    """
    p = M.pose(drop_deg)
    d = p.drop_deg
    cmp = M.compare_to_groups(d)
    extrapolated = ""
    if cmp.below_healthy_band or cmp.above_injured_band:
        extrapolated = (
            " <i>(outside the two groups' typical ranges, so the line is extrapolated)</i>"
        )
    items = [
        f"<b>Pelvic drop {d:.1f}°</b>: the left (swing) side of the pelvis sits {d:.1f}° "
        "lower than the right.",
        f"<b>Hip adduction {p.hip_adduction_deg:.1f}°</b> in the model: {d:.1f}° from the "
        f"pelvis dropping over the thigh + {p.femur_tilt_deg:.1f}° from the thigh angling "
        f"in{extrapolated}.",
        f"<b>Knee</b>: {p.knee_medial_shift_cm:.1f} cm nearer the midline than with a level "
        "pelvis.",
        f"<b>Compared with Bramah's runners</b>: {_group_sentence(cmp)}",
        _odds_sentence(d),
    ]
    caveat = (
        "A retrospective study of 108 runners: it shows an association with being injured, "
        "not that the drop causes injury, and it is not anyone's personal risk (the healthy "
        "runners also ran about three times the weekly mileage, 60.5 vs 21.2 miles). The "
        "runner is a teaching model; the adduction line joins two group averages and says "
        "nothing about one person. If running hurts, see a physiotherapist or doctor."
    )
    body = "".join(f"<li>{item}</li>" for item in items)
    return (
        f"<div class='glutelab-readout'><ul style='margin:4px 0'>{body}</ul>"
        f"<div style='opacity:.75;font-size:90%'>{html.escape(caveat)}</div></div>"
    )


class PelvicDropExplorer:
    """Lesson 02's pelvic-drop explorer: one slider, one figure, a readout.

    Attributes
    ----------
    slider : ipywidgets.FloatSlider
        Contralateral pelvic drop in degrees (0-12, step 0.5).
    figure : plotly.graph_objects.FigureWidget
        The runner from behind and the group bands (the page's only plotly widget).
    readout : ipywidgets.HTML
        The drop, hip adduction, knee shift, group comparison and odds ratio in words.
    message : ipywidgets.HTML
        Feedback on invalid input (empty when all is well).
    widget : ipywidgets.VBox
        The root widget, with CSS class ``glutelab-pelvic-drop``.

    Parameters
    ----------
    drop_deg : float
        Starting drop in degrees (default 3.7, the healthy group's mean). An invalid value
        starts the view at 3.7° and shows a message instead of raising.
    """

    def __init__(self, drop_deg: float = M.CPD_HEALTHY.value) -> None:
        self.message = widgets.HTML()
        try:
            start = M.check_drop(drop_deg)
        except ValueError as exc:
            start = M.CPD_HEALTHY.value
            self.message.value = ui.message_html(
                "invalid", f"{exc} Starting at {start:.1f}° instead."
            )
        lo, hi = M.DROP_RANGE
        self.slider = widgets.FloatSlider(
            value=start,
            min=lo,
            max=hi,
            step=0.5,
            description="Pelvic drop (°)",
            continuous_update=True,
            readout_format=".1f",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="480px"),
        )
        self.figure = go.FigureWidget(frontal_figure(start))
        self.readout = widgets.HTML(readout_html(start))
        self.slider.observe(self._on_drop, names="value")
        self.widget = widgets.VBox([self.slider, self.message, self.figure, self.readout])
        self.widget.add_class("glutelab-pelvic-drop")

    @property
    def moving_traces(self) -> tuple:
        """The figure's moving traces, in the order of :data:`MOVING_TRACES`."""
        return tuple(self.figure.data[-len(MOVING_TRACES) :])

    @ui.guarded(lambda self: self.message)
    def _on_drop(self, change: dict) -> None:
        self._draw(change["new"])

    def _draw(self, drop_deg: float) -> None:
        updates = frontal_updates(drop_deg)
        with self.figure.batch_update():
            for trace, upd in zip(self.moving_traces, updates, strict=True):
                trace.update(upd)
        self.readout.value = readout_html(drop_deg)

    @ui.guarded(lambda self: self.message)
    def set_drop(self, value: object) -> bool | None:
        """Move to a new drop; on bad input show a message and leave the figure as it was.

        Parameters
        ----------
        value : object
            Degrees of pelvic drop, a number or text such as ``"6.5"`` (0-12).

        Returns
        -------
        bool or None
            True if the drop was accepted, False if it was rejected (a message says why),
            None if drawing failed unexpectedly (a message says so too).
        """
        try:
            drop = M.check_drop(value)
        except ValueError as exc:
            self.message.value = ui.message_html("invalid", str(exc))
            return False
        self.message.value = ""
        if self.slider.value == drop:
            self._draw(drop)
        else:
            self.slider.value = drop  # the observer redraws
        return True

    def _ipython_display_(self) -> None:
        ui.show(self.widget)
