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
    "anatomy_figure",
    "anatomy_updates",
    "force_capacity_figure",
    "moment_arm_figure",
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


#: Index of the first moving trace in :func:`anatomy_figure` (after the pelvis and hip traces).
ANATOMY_FIRST_MOVING = 4


def anatomy_figure(flexion_deg: float = 0.0) -> go.Figure:
    """Pelvis and femur seen from the side and from behind, with each gluteal line of action.

    Parameters
    ----------
    flexion_deg : float
        Hip flexion in degrees (negative = extension).
    """
    fig = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(
            "Side view (from the right; front is to the right)",
            "Back view (right hip)",
        ),
        horizontal_spacing=0.08,
    )
    grey = "#9e9e9e"
    fig.add_trace(
        go.Scatter(
            x=_PELVIS_SIDE[:, 0],
            y=_PELVIS_SIDE[:, 1],
            mode="lines",
            fill="toself",
            fillcolor="rgba(158,158,158,0.15)",
            line={"color": grey},
            name="pelvis",
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=_PELVIS_BACK[:, 0],
            y=_PELVIS_BACK[:, 1],
            mode="lines",
            fill="toself",
            fillcolor="rgba(158,158,158,0.15)",
            line={"color": grey},
            name="pelvis",
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    hip = A.hip_centre()
    for col, (h, v) in ((1, (hip[0], hip[1])), (2, (hip[2], hip[1]))):
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
            row=1,
            col=col,
        )
    updates = anatomy_updates(flexion_deg)
    for col, upd in ((1, updates[0]), (2, updates[1])):
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
            row=1,
            col=col,
        )
    for i, key in enumerate(A.COMPARTMENTS):
        for j, col in enumerate((1, 2)):
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
                row=1,
                col=col,
            )
    fig.update_xaxes(title_text="anterior → (m)", row=1, col=1, range=[-0.24, 0.16])
    fig.update_yaxes(
        title_text="superior ↑ (m)",
        row=1,
        col=1,
        range=[-0.52, 0.12],
        scaleanchor="x",
        scaleratio=1,
    )
    fig.update_xaxes(title_text="lateral → (m)", row=1, col=2, range=[-0.06, 0.22])
    fig.update_yaxes(row=1, col=2, range=[-0.52, 0.12], scaleanchor="x2", scaleratio=1)
    fig.update_layout(
        height=560,
        margin={"l": 50, "r": 10, "t": 50, "b": 70},
        legend={"orientation": "v", "x": 1.02, "y": 1},
        hovermode="closest",
        annotations=[
            *fig.layout.annotations,
            {
                "text": SOURCE_NOTE,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.14,
                "showarrow": False,
                "font": {"size": 10, "color": "#555"},
                "xanchor": "left",
            },
        ],
    )
    return fig


_MA_PANELS = (
    ("extension", "Extension (+) / flexion (−)"),
    ("abduction", "Abduction (+) / adduction (−)"),
    ("internal_rotation", "Internal (+) / external (−) rotation"),
)


def moment_arm_updates(flexion_deg: float) -> list[dict]:
    """Return the data for the three 'current angle' marker traces of :func:`moment_arm_figure`."""
    mas = {k: A.moment_arms(k, flexion_deg) for k in A.COMPARTMENTS}
    out = []
    for quantity, _title in _MA_PANELS:
        ys = [mas[k][quantity] for k in A.COMPARTMENTS]
        out.append(
            {
                "x": [flexion_deg] * len(ys),
                "y": ys,
                "hovertext": [
                    f"{A.compartment(k).label}: {y:+.1f} cm at {flexion_deg:.0f}°"
                    for k, y in zip(A.COMPARTMENTS, ys, strict=True)
                ],
            }
        )
    return out


def moment_arm_shapes(flexion_deg: float) -> list[dict]:
    """Vertical 'you are here' lines, one per panel, at the current hip angle."""
    return [
        {
            "type": "line",
            "x0": flexion_deg,
            "x1": flexion_deg,
            "y0": 0,
            "y1": 1,
            "xref": f"x{'' if i == 1 else i}",
            "yref": f"y{'' if i == 1 else i} domain",
            "line": {"color": "#444", "dash": "dot", "width": 1},
        }
        for i in (1, 2, 3)
    ]


def moment_arm_figure(flexion_deg: float = 0.0) -> go.Figure:
    """Moment arms of the nine compartments against hip flexion, in three panels.

    Positive values mean the compartment produces the action named first in each panel's
    title. The markers and dotted line show the current hip angle.
    """
    curves = A.moment_arm_curves()
    angles = curves["angles"]["deg"]
    fig = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=[t for _q, t in _MA_PANELS],
        shared_xaxes=True,
        horizontal_spacing=0.07,
    )
    for col, (quantity, _title) in enumerate(_MA_PANELS, start=1):
        for key in A.COMPARTMENTS:
            fig.add_trace(
                go.Scatter(
                    x=angles,
                    y=curves[key][quantity],
                    mode="lines",
                    line={"color": COLORS[key], "width": 2},
                    name=A.compartment(key).label,
                    legendgroup=key,
                    showlegend=(col == 1),
                    meta=MUSCLE_OF[key],
                    hovertemplate=f"{A.compartment(key).label}<br>%{{x:.0f}}°: %{{y:+.1f}} cm<extra></extra>",
                ),
                row=1,
                col=col,
            )
        fig.add_hline(y=0, line={"color": "#bbb", "width": 1}, row=1, col=col)
        fig.update_xaxes(title_text="hip flexion (°)", row=1, col=col, range=[-22, 92])
    fig.update_yaxes(title_text="moment arm (cm)", row=1, col=1)
    for col, upd in enumerate(moment_arm_updates(flexion_deg), start=1):
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
            row=1,
            col=col,
        )
    fig.update_layout(
        height=420,
        shapes=[*list(fig.layout.shapes), *moment_arm_shapes(flexion_deg)],
        margin={"l": 50, "r": 10, "t": 50, "b": 60},
        hovermode="closest",
    )
    return fig


def force_capacity_figure() -> go.Figure:
    """Maximum isometric force of each compartment in the Rajagopal 2016 model, by muscle."""
    fig = go.Figure()
    for key in A.COMPARTMENTS:
        c = A.compartment(key)
        fig.add_trace(
            go.Bar(
                x=[c.muscle],
                y=[c.max_force_n],
                name=c.label,
                marker={"color": COLORS[key], "line": {"color": "white", "width": 1}},
                text=[c.region],
                textposition="inside",
                hovertemplate=f"{c.label}: %{{y:.0f}} N<extra></extra>",
            )
        )
    fig.update_layout(
        barmode="stack",
        height=360,
        yaxis_title="maximum isometric force (N)",
        title="Force capacity per compartment (Rajagopal et al. 2016 model)",
        margin={"l": 60, "r": 10, "t": 50, "b": 40},
    )
    return fig
