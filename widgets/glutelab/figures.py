"""Figure builders: model output in, ``plotly.graph_objects.Figure`` out.

Each interactive figure comes with an ``*_updates(angle)`` function that returns the new
data for its moving traces, in trace order. The builder uses it to draw the first state and
the widget view uses it to redraw, so the two can never disagree.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import anatomy as A

__all__ = [
    "COLORS",
    "anatomy_updates",
    "explorer_figure",
    "force_capacity_html",
    "moment_arm_updates",
]

COLORS = {
    "glmax1": "#7f0000",
    "glmax2": "#c62828",
    "glmax3": "#ef6c6c",
    "glmed1": "#0d47a1",
    "glmed2": "#1e88e5",
    "glmed3": "#7fb9f0",
    "glmin1": "#1b5e20",
    "glmin2": "#43a047",
    "glmin3": "#8fd18f",
}
MUSCLE_OF = {k: A.compartment(k).muscle for k in A.COMPARTMENTS}
SOURCE_NOTE = (
    "Muscle paths: Rajagopal et al. 2016 OpenSim model (straight segments, gluteus maximus "
    "wrap omitted). Bones: schematic outline through the model's markers."
)

# Schematic right hemipelvis outlines (pelvis frame, metres). The ASIS, PSIS and hip-centre
# positions are the model's; the other vertices only sketch the bone so the muscle lines
# have something to hang on.
_PELVIS_SIDE = np.array(
    [
        [0.0095, 0.0181],  # ASIS (model marker)
        [-0.060, 0.066],  # iliac crest
        [-0.155, 0.035],  # PSIS (model marker)
        [-0.165, -0.040],  # sacrum
        [-0.150, -0.105],  # coccyx
        [-0.095, -0.140],  # ischial tuberosity
        [-0.035, -0.125],
        [0.000, -0.100],  # pubis
        [0.004, -0.030],  # anterior inferior iliac spine
        [0.0095, 0.0181],
    ]
)
_PELVIS_BACK = np.array(
    [
        [0.000, 0.040],  # sacrum, midline
        [0.045, 0.035],  # PSIS (model marker)
        [0.120, 0.066],  # iliac crest
        [0.1285, 0.018],  # ASIS (model marker)
        [0.105, -0.050],  # above the acetabulum
        [0.095, -0.110],
        [0.060, -0.145],  # ischial tuberosity
        [0.020, -0.120],  # pubic arch
        [0.000, -0.110],  # coccyx / symphysis, midline
        [0.000, 0.040],
    ]
)
# Femur polyline in the femur frame: head (hip centre), greater trochanter, upper shaft,
# knee centre (model joint), then across the condyles (model markers).
_FEMUR = np.array(
    [
        [0.0, 0.0, 0.0],
        [-0.020, 0.002, 0.060],
        [-0.010, -0.070, 0.035],
        [-0.0081, -0.408, -0.0028],
        [0.0, -0.404, 0.050],
        [0.0, -0.404, -0.050],
        [-0.0081, -0.408, -0.0028],
    ]
)


def _hover(key: str, flexion_deg: float) -> str:
    c = A.compartment(key)
    return f"<b>{c.label}</b> · {key}<br>At {flexion_deg:.0f}° hip flexion it {A.action_summary(key, flexion_deg)}"


def anatomy_updates(flexion_deg: float) -> list[dict]:
    """Return the data for the anatomy figure's moving traces at a hip-flexion angle, in trace order.

    Order: femur (side, back), then each compartment's side and back lines.
    """
    femur = A.to_pelvis(_FEMUR, flexion_deg)
    out = [
        {"x": femur[:, 0], "y": femur[:, 1]},
        {"x": femur[:, 2], "y": femur[:, 1]},
    ]
    for key in A.COMPARTMENTS:
        pts = A.path_points(key, flexion_deg)
        text = _hover(key, flexion_deg)
        out.append({"x": pts[:, 0], "y": pts[:, 1], "hovertext": [text] * len(pts)})
        out.append({"x": pts[:, 2], "y": pts[:, 1], "hovertext": [text] * len(pts)})
    return out


#: Index of the first moving trace of :func:`explorer_figure` (after pelvis and hip traces);
#: the anatomy's moving traces run from here for ``len(anatomy_updates(angle))`` traces.
ANATOMY_FIRST_MOVING = 4
_BONE_RANGE_Y = [-0.52, 0.12]


def _axis_id(fig: go.Figure, row: int, col: int) -> str:
    """Return the short x-axis id (``"x"``, ``"x2"`` …) of one subplot cell."""
    return fig.get_subplot(row, col).xaxis.plotly_name.replace("axis", "")


def _add_anatomy(
    fig: go.Figure, flexion_deg: float, side: tuple[int, int], back: tuple[int, int]
) -> None:
    """Draw pelvis, femur and the nine lines of action into two cells of ``fig``."""
    cells = (side, back)
    for (row, col), outline in zip(cells, (_PELVIS_SIDE, _PELVIS_BACK), strict=True):
        fig.add_trace(
            go.Scatter(
                x=outline[:, 0],
                y=outline[:, 1],
                mode="lines",
                fill="toself",
                fillcolor="rgba(158,158,158,0.15)",
                line={"color": "#9e9e9e"},
                name="pelvis",
                hoverinfo="skip",
                showlegend=False,
            ),
            row=row,
            col=col,
        )
    hip = A.hip_centre()
    for (row, col), (h, v) in zip(cells, ((hip[0], hip[1]), (hip[2], hip[1])), strict=True):
        fig.add_trace(
            go.Scatter(
                x=[h],
                y=[v],
                mode="markers",
                marker={"size": 10, "color": "black", "symbol": "circle-open"},
                name="hip centre",
                hovertext=["hip joint centre (axis of every moment arm)"],
                hoverinfo="text",
                showlegend=False,
            ),
            row=row,
            col=col,
        )
    updates = anatomy_updates(flexion_deg)
    for (row, col), upd in zip(cells, updates[:2], strict=True):
        fig.add_trace(
            go.Scatter(
                **upd,
                mode="lines+markers",
                line={"color": "#5d4037", "width": 6},
                marker={"size": 5},
                name="femur",
                hoverinfo="skip",
                showlegend=False,
            ),
            row=row,
            col=col,
        )
    for i, key in enumerate(A.COMPARTMENTS):
        for j, (row, col) in enumerate(cells):
            fig.add_trace(
                go.Scatter(
                    **updates[2 + 2 * i + j],
                    mode="lines+markers",
                    line={"color": COLORS[key], "width": 3},
                    marker={"size": 4},
                    name=A.compartment(key).label,
                    legendgroup=key,
                    showlegend=(j == 0),
                    hoverinfo="text",
                    meta=MUSCLE_OF[key],
                ),
                row=row,
                col=col,
            )
    fig.update_xaxes(title_text="anterior → (m)", row=side[0], col=side[1], range=[-0.24, 0.16])
    fig.update_xaxes(title_text="lateral → (m)", row=back[0], col=back[1], range=[-0.06, 0.22])
    for (row, col), title in ((side, "superior ↑ (m)"), (back, None)):
        fig.update_yaxes(
            title_text=title,
            row=row,
            col=col,
            range=_BONE_RANGE_Y,
            scaleanchor=_axis_id(fig, row, col),
            scaleratio=1,
        )


_MA_PANELS = (
    ("extension", "Extension (+) / flexion (−)"),
    ("abduction", "Abduction (+) / adduction (−)"),
    ("internal_rotation", "Internal (+) / external (−) rotation"),
)


def _panel_ranges() -> list[tuple[float, float]]:
    """Return fixed y ranges for the three moment-arm panels (all curves, 0.8 cm margin)."""
    curves = A.moment_arm_curves()
    out = []
    for quantity, _title in _MA_PANELS:
        values = np.concatenate([curves[k][quantity] for k in A.COMPARTMENTS])
        out.append((float(values.min()) - 0.8, float(values.max()) + 0.8))
    return out


def moment_arm_updates(flexion_deg: float) -> list[dict]:
    """Return the data of the moment-arm traces of :func:`explorer_figure`, in trace order.

    Order: the three panels' "current angle" markers, then their three dotted cursor lines.
    (The cursor is a trace, not a layout shape: plotly's widget front end does not reliably
    redraw shape edits sent together with trace edits.)
    """
    mas = {k: A.moment_arms(k, flexion_deg) for k in A.COMPARTMENTS}
    markers, cursors = [], []
    for (quantity, _title), (lo, hi) in zip(_MA_PANELS, _panel_ranges(), strict=True):
        ys = [mas[k][quantity] for k in A.COMPARTMENTS]
        markers.append(
            {
                "x": [flexion_deg] * len(ys),
                "y": ys,
                "hovertext": [
                    f"{A.compartment(k).label}: {y:+.1f} cm at {flexion_deg:.0f}°"
                    for k, y in zip(A.COMPARTMENTS, ys, strict=True)
                ],
            }
        )
        cursors.append({"x": [flexion_deg, flexion_deg], "y": [lo, hi]})
    return markers + cursors


def _add_moment_arms(fig: go.Figure, flexion_deg: float, cells: list[tuple[int, int]]) -> None:
    """Draw the three moment-arm panels (curves, markers, cursor lines) into ``cells``."""
    curves = A.moment_arm_curves()
    angles = curves["angles"]["deg"]
    for (row, col), (quantity, _title), y_range in zip(
        cells, _MA_PANELS, _panel_ranges(), strict=True
    ):
        for key in A.COMPARTMENTS:
            fig.add_trace(
                go.Scatter(
                    x=angles,
                    y=curves[key][quantity],
                    mode="lines",
                    line={"color": COLORS[key], "width": 2},
                    name=A.compartment(key).label,
                    legendgroup=key,
                    showlegend=False,  # the anatomy panels carry the legend
                    meta=MUSCLE_OF[key],
                    hovertemplate=f"{A.compartment(key).label}<br>%{{x:.0f}}°: %{{y:+.1f}} cm<extra></extra>",
                ),
                row=row,
                col=col,
            )
        fig.add_hline(y=0, line={"color": "#bbb", "width": 1}, row=row, col=col)
        fig.update_xaxes(title_text="hip flexion (°)", row=row, col=col, range=[-22, 92])
        fig.update_yaxes(row=row, col=col, range=list(y_range))
    fig.update_yaxes(title_text="moment arm (cm)", row=cells[0][0], col=cells[0][1])
    updates = moment_arm_updates(flexion_deg)
    n = len(_MA_PANELS)
    for (row, col), upd in zip(cells, updates[:n], strict=True):
        fig.add_trace(
            go.Scatter(
                **upd,
                mode="markers",
                marker={
                    "size": 8,
                    "color": [COLORS[k] for k in A.COMPARTMENTS],
                    "line": {"color": "black", "width": 1},
                },
                hoverinfo="text",
                showlegend=False,
                name="current angle",
            ),
            row=row,
            col=col,
        )
    for (row, col), upd in zip(cells, updates[n:], strict=True):
        fig.add_trace(
            go.Scatter(
                **upd,
                mode="lines",
                line={"color": "#444", "dash": "dot", "width": 1},
                hoverinfo="skip",
                showlegend=False,
                name="current angle line",
            ),
            row=row,
            col=col,
        )


def explorer_figure(flexion_deg: float = 0.0) -> go.Figure:
    """Build lesson 01's explorer as one figure: the hip (top) and the moment arms (bottom).

    Top: pelvis and femur from the side and from behind with every line of action. Bottom:
    the moment arms of the nine compartments against hip flexion, in three panels.

    One figure rather than two on purpose: plotly 7's widget front end keeps its model in a
    module-level variable, so with several ``FigureWidget``s on a page a view can bind to
    the wrong model and stop updating (seen in headless Chromium, about one load in three).

    Parameters
    ----------
    flexion_deg : float
        Hip flexion in degrees (negative = extension).
    """
    fig = make_subplots(
        rows=2,
        cols=6,
        specs=[
            [{"colspan": 3}, None, None, {"colspan": 3}, None, None],
            [{"colspan": 2}, None, {"colspan": 2}, None, {"colspan": 2}, None],
        ],
        subplot_titles=(
            "Side view (from the right; front is to the right)",
            "Back view (right hip)",
            *(t for _q, t in _MA_PANELS),
        ),
        row_heights=[0.6, 0.4],
        vertical_spacing=0.1,
        horizontal_spacing=0.06,
    )
    _add_anatomy(fig, flexion_deg, side=(1, 1), back=(1, 4))
    _add_moment_arms(fig, flexion_deg, cells=[(2, 1), (2, 3), (2, 5)])
    fig.update_layout(
        height=980,
        margin={"l": 50, "r": 10, "t": 50, "b": 90},
        legend={"orientation": "v", "x": 1.02, "y": 1},
        hovermode="closest",
        annotations=[
            *fig.layout.annotations,
            {
                "text": SOURCE_NOTE,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.09,
                "showarrow": False,
                "font": {"size": 10, "color": "#555"},
                "xanchor": "left",
            },
        ],
    )
    return fig


def force_capacity_html() -> str:
    """Maximum isometric force of each compartment (Rajagopal et al. 2016) as an HTML bar chart.

    Plain HTML rather than a second plotly widget: see :func:`explorer_figure` for why a
    lesson page keeps to one ``FigureWidget``.
    """
    top = max(A.compartment(k).max_force_n for k in A.COMPARTMENTS)
    rows = []
    for muscle in A.MUSCLES:
        keys = [k for k in A.COMPARTMENTS if MUSCLE_OF[k] == muscle]
        total = sum(A.compartment(k).max_force_n for k in keys)
        rows.append(
            f"<tr><th colspan='3' style='text-align:left;padding-top:6px'>{muscle.capitalize()}"
            f" <span style='font-weight:normal'>(total {total:,.0f} N)</span></th></tr>"
        )
        for k in keys:
            c = A.compartment(k)
            width = 100.0 * c.max_force_n / top
            rows.append(
                f"<tr><td style='padding-right:8px'>{c.region}</td>"
                f"<td style='width:360px'><div role='img' aria-label='{c.label}: {c.max_force_n:.0f} N' "
                f"title='{c.label}: {c.max_force_n:.0f} N' style='background:{COLORS[k]};"
                f"width:{width:.1f}%;height:14px'></div></td>"
                f"<td style='text-align:right'>{c.max_force_n:,.0f} N</td></tr>"
            )
    return (
        "<div class='glutelab-force-chart'><b>Maximum isometric force per compartment "
        "(Rajagopal et al. 2016 model)</b><table>" + "".join(rows) + "</table></div>"
    )
