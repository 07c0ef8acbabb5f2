"""Lesson 03's figure and view: the tripod foot and the eversion → hip rotation chain.

One ``FigureWidget`` holds everything (plotly 7's front end can bind several on one page to
the wrong model): the foot from above with its load points (left), the rotation chain over
stance (top right) and the gluteal lengthening bars (bottom right). The builder and the view
share the ``*_updates`` functions, so the first drawing and every redraw agree.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import foot as M
from . import ui

__all__ = [
    "TRACES",
    "FootChainExplorer",
    "chain_readout_html",
    "chain_updates",
    "foot_chain_figure",
    "trace_index",
    "tripod_readout_html",
    "tripod_updates",
]

#: Trace names of :func:`foot_chain_figure`, in trace order.
TRACES = (
    "foot outline",
    "tripod",
    "loads",
    "centre of pressure",
    "rearfoot eversion",
    "tibial internal rotation",
    "hip internal rotation",
    "events",
    "reaches the hip",
    "glute lengthening",
)
#: Traces the tripod controls redraw, and those the chain controls redraw.
TRIPOD_TRACES = ("tripod", "loads", "centre of pressure")
CHAIN_TRACES = (
    "rearfoot eversion",
    "tibial internal rotation",
    "hip internal rotation",
    "events",
    "reaches the hip",
    "glute lengthening",
)

COLORS = {
    "rearfoot eversion": "#6a1b9a",
    "tibial internal rotation": "#80cbc4",
    "hip internal rotation": "#c62828",
    "glmax1": "#7f0000",
    "glmax2": "#c62828",
    "glmax3": "#ef6c6c",
    "glmed3": "#7fb9f0",
}
DEFAULT_HEEL_PCT = 34.0
DEFAULT_MEDIAL_PCT = 50.0
_ORDER = ("heel", "mt1", "mt5", "toes")
_SHORT = {"heel": "heel", "mt1": "1st MT head", "mt5": "5th MT head", "toes": "toes"}
_CHAIN_Y = (-12.0, 26.0)
SOURCE_NOTE = (
    "Foot: teaching model, not pressure-plate data. Chain: Bramah et al. 2018 (inversion at "
    "contact, peak eversion), Fischer et al. 2018 (coupling, in vitro), hip assumed to follow "
    "the tibia. Muscle paths: Rajagopal et al. 2016 model."
)


def trace_index(name: str) -> int:
    """Return the index in :func:`foot_chain_figure`'s ``data`` of the trace called ``name``."""
    return TRACES.index(name)


# --------------------------------------------------------------------------------------
# Update builders (model output → trace data)
# --------------------------------------------------------------------------------------
def tripod_updates(load: M.TripodLoad) -> list[dict]:
    """Return the data of the tripod traces (:data:`TRIPOD_TRACES`, in order) for a load state.

    Marker area and colour follow each point's load; the centre of pressure is a cross.
    """
    pts = load.points
    tri = [pts["heel"], pts["mt1"], pts["mt5"], pts["heel"]]
    loads = [load.loads[k] for k in _ORDER]
    return [
        {"x": [p[0] for p in tri], "y": [p[1] for p in tri]},
        {
            "x": [pts[k][0] for k in _ORDER],
            "y": [pts[k][1] for k in _ORDER],
            "text": [f"{v:.0f}%" for v in loads],
            "hovertext": [
                f"{M.LABELS[k]}: {v:.1f}% of the load on this foot"
                for k, v in zip(_ORDER, loads, strict=True)
            ],
            "marker": {
                "size": [10.0 + 0.6 * v for v in loads],
                "color": loads,
            },
        },
        {
            "x": [load.cop[0]],
            "y": [load.cop[1]],
            "hovertext": [
                f"Centre of pressure: {load.cop[0]:+.1f} cm sideways "
                f"(+ = little-toe side), {load.cop[1]:.1f} cm from the heel"
            ],
        },
    ]


def _length_text(item: M.Lengthening) -> str:
    return f"{item.delta_mm:+.1f} mm ({item.percent_optimal:+.1f}%)"


def chain_updates(chain: M.ChainResult, lengths: list[M.Lengthening]) -> list[dict]:
    """Return the data of the chain traces (:data:`CHAIN_TRACES`, in order).

    Parameters
    ----------
    chain : ChainResult
        From :func:`glutelab.foot.stance_chain`.
    lengths : list of Lengthening
        From :func:`glutelab.foot.glute_lengthening` at the chain's mid-stance rotation.
    """
    t = chain.stance_pct
    tp = chain.peak_pct
    hip_peak = chain.hip_ir_at_peak_deg
    hip_to = float(chain.hip_ir_deg[-1])
    return [
        {"x": t, "y": chain.eversion_deg},
        {"x": t, "y": chain.tibial_ir_deg},
        {"x": t, "y": chain.hip_ir_deg},
        {
            "x": [0.0, tp, 100.0],
            "y": [0.0, hip_peak, hip_to],
            "hovertext": [
                "Initial contact: the foot lands inverted; rotation counted from here",
                f"Mid-stance (peak eversion at {tp:.0f}% of stance; timing not verified): "
                f"hip internally rotated {hip_peak:.1f}°",
                f"Toe-off: foot re-supinated, hip turned back out by "
                f"{chain.hip_er_to_toe_off_deg:.1f}°",
            ],
        },
        {
            "x": [tp, tp],
            "y": [0.0, hip_peak],
            "text": ["", f"{hip_peak:.1f}° reaches the hip"],
        },
        {
            "x": [item.percent_optimal for item in lengths],
            "y": [item.label for item in lengths],
            "text": [_length_text(item) for item in lengths],
            "hovertext": [
                f"{item.label}: {_length_text(item)} of its {item.optimal_fibre_mm:.0f} mm "
                "optimal fibre length"
                for item in lengths
            ],
        },
    ]


def _bar_range() -> list[float]:
    """Return a fixed x range for the lengthening bars: the largest rotation the sliders allow."""
    worst = M.stance_chain(M.PEAK_EVERSION_RANGE[1], M.COUPLING_RANGE[1])
    top = max(i.percent_optimal for i in M.glute_lengthening(worst.hip_ir_at_peak_deg))
    return [0.0, round(top * 1.35 + 0.5, 1)]


# --------------------------------------------------------------------------------------
# Figure
# --------------------------------------------------------------------------------------
def foot_chain_figure(
    heel_pct: float = DEFAULT_HEEL_PCT,
    medial_pct: float = DEFAULT_MEDIAL_PCT,
    toe_grip: bool = False,
    *,
    peak_eversion_deg: float | None = None,
    coupling: float | None = None,
    peak_pct: float | None = None,
) -> go.Figure:
    """Build lesson 03's figure: tripod foot, rotation chain and glute lengthening.

    Parameters
    ----------
    heel_pct, medial_pct, toe_grip
        Tripod inputs, see :func:`glutelab.foot.tripod_loads`.
    peak_eversion_deg, coupling, peak_pct
        Chain inputs, see :func:`glutelab.foot.stance_chain` (defaults from the cited
        values).

    Returns
    -------
    plotly.graph_objects.Figure
        Traces in the order of :data:`TRACES`.
    """
    load = M.tripod_loads(heel_pct, medial_pct, toe_grip)
    chain = M.stance_chain(peak_eversion_deg, coupling, peak_pct=peak_pct)
    lengths = M.glute_lengthening(chain.hip_ir_at_peak_deg)
    fig = make_subplots(
        rows=2,
        cols=2,
        specs=[[{"rowspan": 2}, {}], [None, {}]],
        column_widths=[0.34, 0.66],
        row_heights=[0.62, 0.38],
        horizontal_spacing=0.1,
        vertical_spacing=0.16,
        subplot_titles=(
            "Right foot from above (teaching model)",
            "Rotation chain over stance (peak timing: not verified)",
            "Posterior glutes lengthened by that hip rotation (% of optimal fibre length)",
        ),
    )
    outline = M.FOOT_OUTLINE
    fig.add_trace(
        go.Scatter(
            x=outline[:, 0],
            y=outline[:, 1],
            mode="lines",
            fill="toself",
            fillcolor="rgba(215,204,200,0.45)",
            line={"color": "#8d6e63"},
            name=TRACES[0],
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    tri, points, cop = tripod_updates(load)
    fig.add_trace(
        go.Scatter(
            **tri,
            mode="lines",
            line={"color": "#5d4037", "dash": "dot", "width": 2},
            name=TRACES[1],
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    marker = points.pop("marker")
    fig.add_trace(
        go.Scatter(
            **points,
            mode="markers+text",
            textposition="middle right",
            marker={
                **marker,
                "sizemode": "diameter",
                "colorscale": "YlOrRd",
                "cmin": 0.0,
                "cmax": 70.0,
                "line": {"color": "#3e2723", "width": 1},
                "opacity": 0.85,
            },
            hoverinfo="text",
            name=TRACES[2],
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            **cop,
            mode="markers",
            marker={"symbol": "x-thin", "size": 16, "line": {"width": 3, "color": "#1a237e"}},
            hoverinfo="text",
            name=TRACES[3],
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    curves = chain_updates(chain, lengths)
    styles = {
        "rearfoot eversion": {"width": 3},
        "tibial internal rotation": {"width": 7},  # wide underneath: the hip line sits on it
        "hip internal rotation": {"width": 2.5, "dash": "dash"},
    }
    for name, upd in zip(TRACES[4:7], curves[:3], strict=True):
        fig.add_trace(
            go.Scatter(
                **upd,
                mode="lines",
                line={"color": COLORS[name], **styles[name]},
                name=name,
                hovertemplate=f"{name}: %{{y:+.1f}}° at %{{x:.0f}}% of stance<extra></extra>",
            ),
            row=1,
            col=2,
        )
    fig.add_trace(
        go.Scatter(
            **curves[3],
            mode="markers",
            marker={"size": 10, "color": "#c62828", "line": {"color": "black", "width": 1}},
            hoverinfo="text",
            name=TRACES[7],
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    fig.add_trace(
        go.Scatter(
            **curves[4],
            mode="lines+text",
            textposition="top center",
            line={"color": "#212121", "width": 2, "dash": "dash"},
            hoverinfo="skip",
            name=TRACES[8],
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    keys = [i.key for i in lengths]
    fig.add_trace(
        go.Bar(
            **curves[5],
            orientation="h",
            marker={"color": [COLORS[k] for k in keys]},
            textposition="outside",
            cliponaxis=False,
            hoverinfo="text",
            name=TRACES[9],
            showlegend=False,
        ),
        row=2,
        col=2,
    )
    fig.add_hline(y=0, line={"color": "#bbb", "width": 1}, row=1, col=2)
    fig.update_xaxes(
        range=[-8.5, 8.5], title_text="← big-toe side · little-toe side → (cm)", row=1, col=1
    )
    fig.update_yaxes(range=[-1.5, 27.0], scaleanchor="x", scaleratio=1, row=1, col=1)
    fig.update_xaxes(range=[-2, 108], title_text="% of stance (contact → toe-off)", row=1, col=2)
    fig.update_yaxes(range=list(_CHAIN_Y), title_text="degrees", row=1, col=2)
    fig.update_xaxes(range=_bar_range(), title_text="% of optimal fibre length", row=2, col=2)
    fig.update_yaxes(autorange="reversed", row=2, col=2)
    fig.update_layout(
        height=720,
        margin={"l": 50, "r": 20, "t": 50, "b": 90},
        legend={"orientation": "h", "x": 0.38, "y": 1.1},
        hovermode="closest",
        bargap=0.35,
        annotations=[
            *fig.layout.annotations,
            {
                "text": SOURCE_NOTE,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.13,
                "showarrow": False,
                "font": {"size": 10, "color": "#555"},
                "xanchor": "left",
            },
        ],
    )
    return fig


# --------------------------------------------------------------------------------------
# Readouts (HTML)
# --------------------------------------------------------------------------------------
def tripod_readout_html(load: M.TripodLoad) -> str:
    """Return the tripod loads and what they mean as a short HTML block."""
    cells = "".join(
        f"<td style='padding:0 10px'>{html.escape(_SHORT[k])}: <b>{load.loads[k]:.0f}%</b></td>"
        for k in _ORDER
    )
    grip = (
        f"Toe grip is on: {M.TOE_GRIP_SHIFT:.0%} of the metatarsal-head load has moved to the "
        "toes (a stated assumption), so the ball of the foot carries less."
        if load.toe_grip
        else "Toes relaxed: the ball of the foot and the heel share the load."
    )
    return (
        "<div class='glutelab-readout'><b>Tripod loads</b> (share of the load on this foot, "
        f"teaching model)<table><tr>{cells}</tr></table>{html.escape(grip)}</div>"
    )


def chain_readout_html(chain: M.ChainResult, lengths: list[M.Lengthening]) -> str:
    """Return the chain's numbers and the glute lengthening as an HTML block."""
    bramah_hip = M.key_values()["peak_hip_ir_controls"]
    rows = "".join(
        f"<tr><td style='color:{COLORS[i.key]}'>■</td><td>{html.escape(i.label)}</td>"
        f"<td style='text-align:right'>{i.delta_mm:+.1f} mm</td>"
        f"<td style='text-align:right'>{i.percent_optimal:+.1f}% of {i.optimal_fibre_mm:.0f} mm</td>"
        f"<td style='text-align:right;opacity:.75'>−{M.stance_flexion_change_mm(i.key):.0f} mm"
        "</td></tr>"
        for i in lengths
    )
    head = (
        "<tr><th></th><th style='text-align:left'>compartment</th>"
        "<th>rotation lengthens it by</th><th>share of its optimal fibre length</th>"
        "<th style='opacity:.75'>yardstick: hip extension, contact → toe-off</th></tr>"
    )
    return (
        "<div class='glutelab-readout'><b>Rotation chain</b> (model): the rearfoot everts "
        f"<b>{chain.eversion_excursion_deg:.1f}°</b> from contact to its peak; × coupling "
        f"{chain.coupling:.2f} = <b>{chain.hip_ir_at_peak_deg:.1f}°</b> of tibial and, if the "
        "knee adds nothing, hip internal rotation at mid-stance; then "
        f"{chain.hip_er_to_toe_off_deg:.1f}° back out by toe-off. For comparison, healthy "
        f"runners measured by Bramah et al. (2018) peaked at {bramah_hip.value:.1f}° of hip "
        "internal rotation, with a standard deviation of 6.8°."
        f"<br><b>Glutes at mid-stance</b> (hip flexed "
        f"{M.key_value('midstance_hip_flexion'):.0f}°; Rajagopal et al. 2016 paths):"
        f"<table>{head}{rows}</table></div>"
    )


# --------------------------------------------------------------------------------------
# View
# --------------------------------------------------------------------------------------
def _slider(
    description: str, value: float, lo: float, hi: float, *, step: float, fmt: str
) -> widgets.FloatSlider:
    return ui.float_slider(
        description, value, lo, hi, step=step, fmt=fmt, label_width="255px", width="540px"
    )


def _grip_label(on: bool) -> str:
    return "Toe grip: on" if on else "Toe grip: off"


class FootChainExplorer:
    """Lesson 03's explorer: tripod controls, chain controls, one figure and readouts.

    Attributes
    ----------
    heel, medial : ipywidgets.FloatSlider
        Heel share (heel ↔ forefoot) and medial share (lateral ↔ medial), percent.
    toe_grip : ipywidgets.ToggleButton
        Toes gripping or relaxed.
    peak_eversion, coupling, peak_timing : ipywidgets.FloatSlider
        Peak rearfoot eversion (°), eversion → tibial rotation coupling, and the time of
        peak eversion in % of stance (an unverified assumption, so it is adjustable).
    figure : plotly.graph_objects.FigureWidget
        The single figure (traces named as in :data:`TRACES`).
    readout : ipywidgets.HTML
        Loads, chain numbers and glute lengthening in words.
    message : ipywidgets.HTML
        Empty, or a message when an input cannot be used.
    widget : ipywidgets.VBox
        Everything, with the CSS class ``glutelab-foot-chain``.
    """

    def __init__(
        self,
        heel_pct: float = DEFAULT_HEEL_PCT,
        medial_pct: float = DEFAULT_MEDIAL_PCT,
        toe_grip: bool = False,
        peak_eversion_deg: float | None = None,
        coupling: float | None = None,
    ) -> None:
        peak = (
            M.key_value("peak_eversion_controls")
            if peak_eversion_deg is None
            else peak_eversion_deg
        )
        k = M.key_value("eversion_to_tibial_rotation") if coupling is None else coupling
        timing = M.key_value("peak_eversion_timing")
        self.figure = go.FigureWidget(
            foot_chain_figure(
                heel_pct, medial_pct, toe_grip, peak_eversion_deg=peak, coupling=k, peak_pct=timing
            )
        )
        self.heel = _slider("Heel share (%) · heel ↔ forefoot", heel_pct, 0, 100, step=1, fmt=".0f")
        self.medial = _slider(
            "Medial share (%) · lateral ↔ medial", medial_pct, 0, 100, step=1, fmt=".0f"
        )
        self.toe_grip = widgets.ToggleButton(
            value=bool(toe_grip),
            description=_grip_label(bool(toe_grip)),
            icon="",
            tooltip="Grip the ground with the toes (on) or let them rest (off)",
        )
        self.peak_eversion = _slider(
            "Peak rearfoot eversion (°)", peak, *M.PEAK_EVERSION_RANGE, step=0.1, fmt=".1f"
        )
        self.coupling = _slider(
            "Coupling (tibia ° per eversion °)", k, *M.COUPLING_RANGE, step=0.01, fmt=".2f"
        )
        self.peak_timing = _slider(
            "Peak timing, % stance (not verified)",
            timing,
            *M.PEAK_TIMING_RANGE,
            step=1,
            fmt=".0f",
        )
        self.readout = widgets.HTML()
        self.message = widgets.HTML()
        self._tripod_html = ""
        self._chain_html = ""
        for control in (self.heel, self.medial, self.toe_grip):
            control.observe(self._on_tripod, names="value")
        for control in (self.peak_eversion, self.coupling, self.peak_timing):
            control.observe(self._on_chain, names="value")
        self.set_tripod(heel_pct, medial_pct, toe_grip)
        self.set_chain(peak, k, timing)
        foot_box = widgets.VBox(
            [widgets.HTML("<b>Foot</b>"), self.heel, self.medial, self.toe_grip]
        )
        chain_box = widgets.VBox(
            [
                widgets.HTML("<b>Rotation chain</b>"),
                self.peak_eversion,
                self.coupling,
                self.peak_timing,
            ]
        )
        self.widget = widgets.VBox(
            [widgets.HBox([foot_box, chain_box]), self.message, self.figure, self.readout]
        )
        self.widget.add_class("glutelab-foot-chain")

    # -- events ------------------------------------------------------------------------
    @ui.guarded(lambda self: self.message)
    def _on_tripod(self, _change: dict) -> None:
        self.toe_grip.description = _grip_label(self.toe_grip.value)
        self.set_tripod(self.heel.value, self.medial.value, self.toe_grip.value)

    @ui.guarded(lambda self: self.message)
    def _on_chain(self, _change: dict) -> None:
        self.set_chain(self.peak_eversion.value, self.coupling.value, self.peak_timing.value)

    # -- drawing -----------------------------------------------------------------------
    def _traces(self, names: tuple[str, ...]) -> list:
        return [self.figure.data[trace_index(n)] for n in names]

    def set_tripod(self, heel_pct: float, medial_pct: float, toe_grip: bool) -> bool:
        """Redraw the foot for new loads; show a message and keep the old drawing if invalid.

        Returns
        -------
        bool
            Whether the inputs were valid and the figure was redrawn.
        """
        try:
            load = M.tripod_loads(heel_pct, medial_pct, toe_grip)
        except ValueError as exc:
            self.message.value = ui.message_html("invalid", f"Cannot draw that foot: {exc}.")
            return False
        updates = tripod_updates(load)
        with self.figure.batch_update():
            for trace, upd in zip(self._traces(TRIPOD_TRACES), updates, strict=True):
                trace.update(upd)
        self._tripod_html = tripod_readout_html(load)
        self._write()
        return True

    def set_chain(self, peak_eversion_deg: float, coupling: float, peak_pct: float) -> bool:
        """Redraw the chain and the glute bars; show a message and keep them if invalid.

        Returns
        -------
        bool
            Whether the inputs were valid and the figure was redrawn.
        """
        try:
            chain = M.stance_chain(peak_eversion_deg, coupling, peak_pct=peak_pct)
            lengths = M.glute_lengthening(chain.hip_ir_at_peak_deg)
        except ValueError as exc:
            self.message.value = ui.message_html("invalid", f"Cannot draw that chain: {exc}.")
            return False
        updates = chain_updates(chain, lengths)
        with self.figure.batch_update():
            for trace, upd in zip(self._traces(CHAIN_TRACES), updates, strict=True):
                trace.update(upd)
        self._chain_html = chain_readout_html(chain, lengths)
        self._write()
        return True

    def _write(self) -> None:
        self.message.value = ""
        self.readout.value = self._tripod_html + self._chain_html

    def _ipython_display_(self) -> None:
        ui.show(self.widget)
