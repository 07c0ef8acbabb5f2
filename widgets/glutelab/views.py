"""Widget views: sliders and toggles wired to ``FigureWidget``s. Display only, no biomechanics."""

from __future__ import annotations

import html

import ipywidgets as widgets
import plotly.graph_objects as go

from . import anatomy as A
from . import figures as F

__all__ = ["HipExplorer"]


class HipExplorer:
    """Lesson 01's explorer: a hip-flexion slider, one toggle per muscle, two linked figures.

    Attributes
    ----------
    slider : ipywidgets.FloatSlider
        Hip flexion in degrees (−20 to 90).
    toggles : dict of ipywidgets.ToggleButton
        One per muscle; hides or shows its compartments in both figures.
    figure : plotly.graph_objects.FigureWidget
        The pelvis-and-femur drawing (top) and the moment-arm chart (bottom), one widget.
    readout : ipywidgets.HTML
        What each compartment does at the current angle, in words.
    """

    def __init__(self, flexion_deg: float = 0.0) -> None:
        lo, hi = A.FLEXION_RANGE
        self.slider = widgets.FloatSlider(
            value=flexion_deg,
            min=lo,
            max=hi,
            step=1.0,
            description="Hip flexion (°)",
            continuous_update=True,
            readout_format=".0f",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="480px"),
        )
        self.toggles = {
            m: widgets.ToggleButton(
                value=True, description=m.capitalize(), tooltip=f"Show or hide the {m}"
            )
            for m in A.MUSCLES
        }
        self.figure = go.FigureWidget(F.explorer_figure(flexion_deg))
        self.readout = widgets.HTML()
        self.slider.observe(self._on_angle, names="value")
        for toggle in self.toggles.values():
            toggle.observe(self._on_toggle, names="value")
        self._write_readout(flexion_deg)
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.slider, *self.toggles.values()]),
                self.figure,
                self.readout,
            ]
        )
        self.widget.add_class("glutelab-hip-explorer")

    def _on_angle(self, change: dict) -> None:
        self.set_angle(change["new"])

    def set_angle(self, flexion_deg: float) -> None:
        """Move the femur and redraw lines, markers and readout for a new hip angle."""
        anatomy = F.anatomy_updates(flexion_deg)
        moments = F.moment_arm_updates(flexion_deg)
        first = F.ANATOMY_FIRST_MOVING
        traces = [
            *self.figure.data[first : first + len(anatomy)],
            *self.figure.data[-len(moments) :],
        ]
        with self.figure.batch_update():
            for trace, upd in zip(traces, [*anatomy, *moments], strict=True):
                trace.update(upd)
        self._write_readout(flexion_deg)

    def _on_toggle(self, _change: dict) -> None:
        shown = {m for m, t in self.toggles.items() if t.value}
        with self.figure.batch_update():
            for trace in self.figure.data:
                if trace.meta in A.MUSCLES:
                    trace.visible = trace.meta in shown

    def _write_readout(self, flexion_deg: float) -> None:
        rows = "".join(
            f"<tr><td style='color:{F.COLORS[k]}'>■</td><td>{html.escape(A.compartment(k).label)}</td>"
            f"<td>{html.escape(A.action_summary(k, flexion_deg))}</td></tr>"
            for k in A.COMPARTMENTS
        )
        self.readout.value = (
            f"<div class='glutelab-readout'><b>At {flexion_deg:.0f}° of hip flexion</b> "
            "(moment arms from the model; bigger = more leverage):"
            f"<table>{rows}</table></div>"
        )

    def _ipython_display_(self) -> None:
        from IPython.display import display  # noqa: PLC0415 - only needed in a kernel

        display(self.widget)
