"""Shared pieces for widget views: message boxes and a guard that turns errors into messages.

Every view in the course shows feedback the same way (a coloured box with a role of
``status``) and never lets a callback's traceback reach the page: Voila hides tracebacks
from the page but still sends them over the websocket, and a learner should see what to do,
not a stack.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as widgets

__all__ = ["STYLES", "float_slider", "guarded", "message_html", "show"]

_log = logging.getLogger(__name__)

#: Inline styles for each kind of message (inline so Voila needs no extra CSS).
STYLES = {
    "right": "border-left:4px solid #2e7d32;background:#edf7ee",
    "partial": "border-left:4px solid #b26a00;background:#fff4e0",
    "wrong": "border-left:4px solid #b3261e;background:#fdecea",
    "invalid": "border-left:4px solid #5f6368;background:#f1f3f4",
    "info": "border-left:4px solid #1a73e8;background:#e8f0fe",
    "warning": "border-left:4px solid #b26a00;background:#fff4e0",
}


def message_html(kind: str, text: str, *, note: str = "", raw_html: bool = False) -> str:
    """Return a feedback box as HTML.

    Parameters
    ----------
    kind : str
        One of :data:`STYLES` (``right``, ``partial``, ``wrong``, ``invalid``, ``info``,
        ``warning``); it also becomes the CSS class ``glutelab-<kind>``.
    text : str
        The message. Escaped unless ``raw_html`` is true (for text the course wrote itself).
    note : str
        A smaller, dimmed line under the message (e.g. where the answer was saved).
    raw_html : bool
        Insert ``text`` as HTML instead of escaping it.
    """
    body = text if raw_html else html.escape(text)
    extra = f"<div style='opacity:.7;font-size:90%'>{html.escape(note)}</div>" if note else ""
    return (
        f"<div class='glutelab-feedback glutelab-{kind}' role='status' "
        f"style='{STYLES[kind]};padding:6px 10px;margin:4px 0'>{body}{extra}</div>"
    )


def float_slider(
    description: str,
    value: float,
    lo: float,
    hi: float,
    *,
    step: float,
    fmt: str,
    label_width: str = "initial",
    width: str = "400px",
) -> widgets.FloatSlider:
    """Return the course's standard slider: live updates, labelled, fixed width.

    ``value`` should sit on ``step``: the browser snaps it to the step and sends the snapped
    value back, which would quietly move a figure away from its stated starting point.
    """
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        continuous_update=True,
        readout_format=fmt,
        style={"description_width": label_width},
        layout=widgets.Layout(width=width),
    )


def show(widget: Any) -> None:
    """Display a widget from inside a kernel (imported lazily: not needed in tests)."""
    from IPython.display import display  # noqa: PLC0415 - only needed in a kernel

    display(widget)


F = TypeVar("F", bound=Callable[..., Any])


def guarded(target: Callable[[Any], widgets.HTML]) -> Callable[[F], F]:
    """Decorate a view method so an unexpected error becomes a message, not a traceback.

    ``target(self)`` returns the HTML widget that receives the message. The error is logged
    for the developer; the learner sees a short apology and what to try.
    """

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return func(self, *args, **kwargs)
            except Exception as exc:  # a view must never raise into the page
                _log.exception("glutelab view callback failed")
                target(self).value = message_html(
                    "invalid",
                    f"Something went wrong drawing this ({type(exc).__name__}). Try another "
                    "value; if it keeps happening, reload the page. Your saved answers are safe.",
                )
                return None

        return wrapper  # type: ignore[return-value]

    return decorate
