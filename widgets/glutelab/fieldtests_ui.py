"""Lesson 02's self-assessment views: the symptom checklist and three guided field tests.

HTML builders turn model results from :mod:`glutelab.symptoms` and
:mod:`glutelab.fieldtests` into plain HTML (no plotly: the lesson page keeps its one
``FigureWidget`` for another view). The views are thin: they read controls, call the
model, show the result or a message, and save to the progress store.

Progress records
----------------
* ``lessons[<lesson>]["symptoms"]["checklist"]``: ``{"signs": [...], "red_flags": [...]}``.
* ``lessons[<lesson>]["field_tests"]["<test>/<side>"]`` with ``<test>`` one of
  ``single_leg_stance``, ``trendelenburg``, ``single_leg_squat`` and ``<side>`` ``left`` or
  ``right``: the test's inputs and its outcome. Only a valid result is ever written, so a
  bad entry never replaces a good one.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from . import fieldtests as F
from . import symptoms as S
from . import ui
from .progress import ProgressStore
from .quiz import notice_banner

__all__ = [
    "FIELD_TESTS_SECTION",
    "LESSON",
    "SAFETY_NOTE",
    "SYMPTOMS_SECTION",
    "FieldTests",
    "SingleLegSquatRating",
    "SingleLegStanceTest",
    "SymptomChecklist",
    "TrendelenburgTest",
    "assessment_html",
    "field_tests",
    "squat_html",
    "stance_html",
    "trendelenburg_html",
]

LESSON = "02-sleepy-glutes-signs-and-self-tests"
SYMPTOMS_SECTION = "symptoms"
FIELD_TESTS_SECTION = "field_tests"
CHECKLIST_KEY = "checklist"

SAFETY_NOTE = "Safety: stop if it hurts, and keep a fingertip on a wall if your balance is poor."

_GRADE_COLOURS = {
    "strong": "#2e7d32",
    "moderate": "#00796b",
    "weak": "#b26a00",
    "unproven": "#5f6368",
}
_DIRECTION_WORDS = {
    "supports": "the evidence supports it",
    "association only": "only links measured after the problem began, or at one time point",
    "against": "better-designed studies point the other way",
    "untested": "no study has tested it",
}
_SIDE_LABELS = {"left": "left leg", "right": "right leg"}


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


# -- HTML builders ---------------------------------------------------------------------------
def _grade_badge(grade: str) -> str:
    return (
        f"<span class='glutelab-grade glutelab-grade-{grade}' style='background:"
        f"{_GRADE_COLOURS[grade]};color:#fff;padding:0 6px;border-radius:3px'>{grade}</span>"
    )


def _sign_html(sign: S.Sign) -> str:
    sources = "; ".join(_esc(src.flagged) for src in sign.sources) or "none found"
    lessons = ", ".join(f"lesson {key} ({_esc(S.LESSONS[key])})" for key in sign.lessons)
    return (
        f"<div class='glutelab-sign' data-sign='{sign.id}' "
        "style='border:1px solid #dadce0;border-radius:4px;padding:6px 10px;margin:6px 0'>"
        f"<b>{_esc(sign.label)}</b>"
        f"<div><i>Coaches say:</i> {_esc(sign.claim)}</div>"
        f"<div><i>It may mean:</i> {_esc(sign.may_mean)}</div>"
        f"<div><i>It does not mean:</i> {_esc(sign.does_not_mean)}</div>"
        f"<div><i>Evidence for the claim:</i> {_grade_badge(sign.grade)} "
        f"({_esc(_DIRECTION_WORDS[sign.direction])}). "
        f"<span style='opacity:.75'>Sources: {sources}.</span></div>"
        f"<div><i>Study next:</i> {lessons}. {_esc(sign.lesson_why)}</div>"
        "</div>"
    )


def assessment_html(assessment: S.Assessment) -> str:
    """Return the checklist result as HTML: red-flag message first, then each sign.

    Parameters
    ----------
    assessment : glutelab.symptoms.Assessment
        From :func:`glutelab.symptoms.assess`.

    Returns
    -------
    str
        HTML with classes ``glutelab-redflag`` (only when a red flag is ticked),
        ``glutelab-summary``, ``glutelab-sign`` (one per sign) and ``glutelab-lessons``.
    """
    if assessment.empty:
        return ui.message_html(
            "info",
            assessment.summary + " Tick any signs that apply above and press the button again "
            "to see what each may and may not mean.",
        )
    parts = []
    if assessment.red_flags:
        items = "".join(
            f"<li><b>{_esc(f.label)}</b>: {_esc(f.why)}</li>" for f in assessment.red_flags
        )
        box = ui.message_html(
            "wrong" if assessment.urgent else "warning",
            f"<b style='font-size:110%'>{_esc(assessment.red_flag_message)}</b><ul>{items}</ul>",
            raw_html=True,
        )
        parts.append(f"<div class='glutelab-redflag' role='alert'>{box}</div>")
    parts.append(f"<p class='glutelab-summary'>{_esc(assessment.summary)}</p>")
    parts.extend(_sign_html(s) for s in assessment.explanations)
    if assessment.lessons:
        items = "".join(
            f"<li>Lesson {key}: {_esc(S.LESSONS[key])}</li>" for key in assessment.lessons
        )
        parts.append(
            "<div class='glutelab-lessons'><b>Suggested lessons, most relevant first:</b>"
            f"<ol>{items}</ol></div>"
        )
    grades = "; ".join(f"<b>{g}</b>: {_esc(text)}" for g, text in S.GRADES.items())
    parts.append(f"<p style='opacity:.75;font-size:90%'>Evidence grades. {grades}.</p>")
    return "<div class='glutelab-assessment'>" + "".join(parts) + "</div>"


_STANCE_KINDS = {
    "pain_positive": "warning",
    "short_hold": "partial",
    "clear_drop": "partial",
    "slight_drop": "info",
    "steady": "right",
}


def stance_html(result: F.StanceResult, side: str) -> str:
    """Return one side's single-leg stance result as a feedback box."""
    text = f"<b>{_esc(_SIDE_LABELS[side].capitalize())}: {_esc(result.headline)}</b> "
    return ui.message_html(_STANCE_KINDS[result.category], text + _esc(result.text), raw_html=True)


_TRENDELENBURG_KINDS = {"negative": "right", "positive": "partial", "inconclusive": "info"}


def trendelenburg_html(result: F.TrendelenburgResult, side: str) -> str:
    """Return one side's Trendelenburg result as a feedback box."""
    text = (
        f"<b>{_esc(_SIDE_LABELS[side].capitalize())}: {result.outcome}</b> "
        f"(held {result.hold_s:.1f} s). {_esc(result.why)}"
    )
    return ui.message_html(_TRENDELENBURG_KINDS[result.outcome], text, raw_html=True)


_SQUAT_KINDS = {"good": "right", "fair": "partial", "poor": "wrong"}


def squat_html(result: F.SquatResult, side: str) -> str:
    """Return one side's single-leg squat rating with a line of feedback per criterion."""
    rows = "".join(
        f"<tr><td>{_esc(c.label)}</td><td><b>{rating}</b></td><td>{_esc(text)}</td></tr>"
        for c, rating, text in result.criteria
    )
    text = (
        f"<b>{_esc(_SIDE_LABELS[side].capitalize())}: {result.overall} overall.</b> "
        f"{_esc(result.text)}<table class='glutelab-squat-criteria'>{rows}</table>"
    )
    return ui.message_html(_SQUAT_KINDS[result.overall], text, raw_html=True)


def _note_html(text: str, css: str) -> widgets.HTML:
    return widgets.HTML(
        f"<div class='{css}' style='font-size:90%;opacity:.85;margin:4px 0'>{_esc(text)}</div>"
    )


# -- symptom checklist -----------------------------------------------------------------------
class SymptomChecklist:
    """Tick the signs and red flags that apply; see what they may and may not mean.

    Parameters
    ----------
    lesson : str
        Lesson key under which the ticks are saved.
    store : ProgressStore, optional
        Defaults to the learner's own store.

    Attributes
    ----------
    sign_boxes, flag_boxes : dict of str to ipywidgets.Checkbox
        One checkbox per sign and per red flag, keyed by id.
    show_button : ipywidgets.Button
        "Show what this may mean": assesses, shows and saves.
    result : ipywidgets.HTML
        The assessment (red-flag message first) or a friendly message.
    message : ipywidgets.HTML
        Saving notes and errors.
    """

    def __init__(self, lesson: str = LESSON, store: ProgressStore | None = None) -> None:
        self.lesson = lesson
        self.store = store if store is not None else ProgressStore()
        self.sign_boxes = {
            s.id: widgets.Checkbox(
                value=False, description=s.label, indent=False, layout=widgets.Layout(width="auto")
            )
            for s in S.SIGNS
        }
        self.flag_boxes = {
            f.id: widgets.Checkbox(
                value=False, description=f.label, indent=False, layout=widgets.Layout(width="auto")
            )
            for f in S.RED_FLAGS
        }
        self.show_button = widgets.Button(
            description="Show what this may mean",
            button_style="primary",
            layout=widgets.Layout(width="260px"),
        )
        self.show_button.on_click(lambda _b: self.show_result())
        self.result = widgets.HTML()
        self.message = widgets.HTML()
        self.last: S.Assessment | None = None
        self.widget = widgets.VBox(
            [
                notice_banner(self.store),
                widgets.HTML("<b>Which of these do you notice? Tick all that apply.</b>"),
                *self.sign_boxes.values(),
                widgets.HTML(
                    "<b>Red flags: do you have any of these?</b> "
                    "<span style='opacity:.8'>Any one of them means seeing a doctor or "
                    "physiotherapist before self-testing or running.</span>"
                ),
                *self.flag_boxes.values(),
                self.show_button,
                self.message,
                self.result,
            ]
        )
        self.widget.add_class("glutelab-symptoms")
        self._restore()

    def selected(self) -> tuple[list[str], list[str]]:
        """Return the ticked sign ids and red-flag ids, in catalogue order."""
        return (
            [key for key, box in self.sign_boxes.items() if box.value],
            [key for key, box in self.flag_boxes.items() if box.value],
        )

    @ui.guarded(lambda self: self.message)
    def show_result(self, *, save: bool = True) -> S.Assessment:
        """Assess the ticks, show the result and (by default) save the ticks."""
        signs, flags = self.selected()
        assessment = S.assess(signs, flags)
        self.last = assessment
        self.result.value = assessment_html(assessment)
        if not save:
            self.message.value = ui.message_html("info", "Your saved answers are shown.")
            return assessment
        ok = self.store.record_item(
            self.lesson, SYMPTOMS_SECTION, CHECKLIST_KEY, {"signs": signs, "red_flags": flags}
        )
        if ok:
            self.message.value = ""
        else:
            note = self.store.notices[-1] if self.store.notices else "Not saved."
            self.message.value = ui.message_html("warning", note)
        return assessment

    def _restore(self) -> None:
        saved = self.store.items(self.lesson, SYMPTOMS_SECTION).get(CHECKLIST_KEY)
        if not isinstance(saved, dict):
            return
        signs = saved.get("signs")
        flags = saved.get("red_flags")
        if not isinstance(signs, list) or not isinstance(flags, list):
            return
        for key, box in self.sign_boxes.items():
            box.value = key in signs
        for key, box in self.flag_boxes.items():
            box.value = key in flags
        self.show_result(save=False)

    def _ipython_display_(self) -> None:
        ui.show(self.widget)


# -- field tests: shared parts ---------------------------------------------------------------
class _SidedTest:
    """A test done on each leg, saved per side, with the current side's result on show."""

    test_key = ""
    title = ""
    css_class = ""
    instructions = ""
    reliability = ""

    def __init__(self, lesson: str, store: ProgressStore | None) -> None:
        self.lesson = lesson
        self.store = store if store is not None else ProgressStore()
        self.side = widgets.ToggleButtons(
            options=[("Left leg", "left"), ("Right leg", "right")],
            value="left",
            description="Standing on:",
            style={"description_width": "initial"},
        )
        self.save_button = widgets.Button(description="Save", button_style="primary")
        self.save_button.on_click(lambda _b: self.save())
        self.message = widgets.HTML()
        self.result = widgets.HTML()
        self.comparison = widgets.HTML()
        self.results: dict[str, Any] = {}
        self.side.observe(self._on_side, names="value")

    # subclasses provide these
    def _inputs(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def _result_from_inputs(self) -> Any:
        raise NotImplementedError

    def _result_from_record(self, record: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _fill_inputs(self, result: Any) -> None:
        raise NotImplementedError

    def _result_html(self, result: Any, side: str) -> str:
        raise NotImplementedError

    def _compare(self, left: Any, right: Any) -> str:
        raise NotImplementedError

    # shared behaviour
    def _build(self) -> None:
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<h4>{_esc(self.title)}</h4>"),
                widgets.HTML(f"<div style='margin-bottom:4px'>{_esc(self.instructions)}</div>"),
                _note_html(SAFETY_NOTE, "glutelab-safety"),
                self.side,
                *self._inputs(),
                self.save_button,
                self.message,
                self.result,
                self.comparison,
                _note_html(self.reliability, "glutelab-reliability"),
            ]
        )
        self.widget.add_class(self.css_class)
        self._restore()

    def key(self, side: str) -> str:
        """Return the progress-store key of one side, e.g. ``"single_leg_stance/left"``."""
        return f"{self.test_key}/{side}"

    def _restore(self) -> None:
        saved = self.store.items(self.lesson, FIELD_TESTS_SECTION)
        unreadable = []
        for side in F.SIDES:
            record = saved.get(self.key(side))
            if record is None:
                continue
            try:
                self.results[side] = self._result_from_record(record)
            except (ValueError, KeyError, TypeError, AttributeError):
                unreadable.append(_SIDE_LABELS[side])
        if unreadable:
            self.message.value = ui.message_html(
                "warning",
                f"A saved result for the {' and '.join(unreadable)} could not be read; it was "
                "left in your progress file. Save a new one to replace it.",
            )
        self._show_side(self.side.value, fill=True)

    def _show_side(self, side: str, *, fill: bool) -> None:
        result = self.results.get(side)
        if fill:
            self._fill_inputs(result)
        if result is None:
            self.result.value = ui.message_html(
                "info", f"No result saved for the {_SIDE_LABELS[side]} yet."
            )
        else:
            self.result.value = self._result_html(result, side)
        if all(s in self.results for s in F.SIDES):
            text = self._compare(self.results["left"], self.results["right"])
            self.comparison.value = (
                f"<div class='glutelab-comparison'><b>Left against right.</b> {_esc(text)}</div>"
            )
        else:
            missing = [_SIDE_LABELS[s] for s in F.SIDES if s not in self.results]
            self.comparison.value = (
                "<div class='glutelab-comparison' style='opacity:.75'>Save both sides to "
                f"compare them (still to do: {', '.join(missing)}).</div>"
            )

    def _on_side(self, change: dict) -> None:
        self._side_changed(change["new"])

    @ui.guarded(lambda self: self.message)
    def _side_changed(self, side: str) -> None:
        self.message.value = ""
        self._show_side(side, fill=True)

    @ui.guarded(lambda self: self.message)
    def save(self) -> Any:
        """Score the entries for the current side and save them; never raises.

        Returns
        -------
        result or None
            The model's result, or ``None`` when the entries were invalid (a message says
            why and nothing is written, so an earlier good result stays saved).
        """
        side = self.side.value
        try:
            result = self._result_from_inputs()
        except ValueError as exc:
            self.message.value = ui.message_html(
                "invalid", f"{exc} Nothing was saved; any earlier result is kept."
            )
            return None
        self.results[side] = result
        if self.store.record_item(
            self.lesson, FIELD_TESTS_SECTION, self.key(side), result.as_record()
        ):
            self.message.value = ui.message_html("info", f"Saved for the {_SIDE_LABELS[side]}.")
        else:
            note = self.store.notices[-1] if self.store.notices else "Not saved."
            self.message.value = ui.message_html("warning", note)
        self._show_side(side, fill=False)
        return result

    def _ipython_display_(self) -> None:
        ui.show(self.widget)


class _TimedTest(_SidedTest):
    """A sided test with a Start/Stop timer that fills a typed time field."""

    time_label = "Hold time (s):"

    def __init__(
        self, lesson: str, store: ProgressStore | None, clock: Callable[[], float]
    ) -> None:
        super().__init__(lesson, store)
        self.clock = clock
        self._started_at: float | None = None
        # no icons: the course's offline Voila template drops the icon font
        self.start_button = widgets.Button(description="Start")
        self.stop_button = widgets.Button(description="Stop")
        self.start_button.on_click(lambda _b: self.start())
        self.stop_button.on_click(lambda _b: self.stop())
        self.time = widgets.Text(
            value="",
            placeholder="seconds, e.g. 31.5",
            description=self.time_label,
            style={"description_width": "initial"},
        )

    def _timer_row(self) -> widgets.HBox:
        return widgets.HBox([self.start_button, self.stop_button, self.time])

    @property
    def running(self) -> bool:
        """True while the timer runs."""
        return self._started_at is not None

    @ui.guarded(lambda self: self.message)
    def start(self) -> None:
        """Start timing (again, if it was running)."""
        self._started_at = self.clock()
        self.message.value = ui.message_html(
            "info",
            f"Timing the {_SIDE_LABELS[self.side.value]}… press Stop when the hold ends.",
        )

    @ui.guarded(lambda self: self.message)
    def stop(self) -> float | None:
        """Stop timing and put the elapsed seconds into the time field.

        Returns
        -------
        float or None
            The elapsed time, or ``None`` (with a message) when the timer was not running.
        """
        if self._started_at is None:
            self.message.value = ui.message_html(
                "invalid",
                "The timer is not running: press Start first, then Stop when the hold ends. "
                "You can also type the time.",
            )
            return None
        elapsed = self.clock() - self._started_at
        self._started_at = None
        self.time.value = f"{elapsed:.1f}"
        try:
            F.check_seconds(elapsed, "The timed hold")
        except ValueError as exc:
            self.message.value = ui.message_html("invalid", str(exc))
        else:
            self.message.value = ui.message_html(
                "info", f"Stopped at {elapsed:.1f} s. {self._after_stop}"
            )
        return elapsed

    _after_stop = "Answer the questions below, then press Save."

    @ui.guarded(lambda self: self.message)
    def _side_changed(self, side: str) -> None:
        was_running = self.running
        self._started_at = None
        super()._side_changed(side)
        if was_running:
            self.message.value = ui.message_html(
                "info", "The timer was reset because you switched legs. Press Start again."
            )


# -- the three tests -------------------------------------------------------------------------
class SingleLegStanceTest(_TimedTest):
    """The 30-s single-leg stance: timer, hip-drop rating, lateral hip pain, saved per side.

    Parameters
    ----------
    lesson : str
        Lesson key under which results are saved.
    store : ProgressStore, optional
        Defaults to the learner's own store.
    clock : callable, optional
        Returns seconds; ``time.monotonic`` by default (tests pass a fake).

    Attributes
    ----------
    side : ipywidgets.ToggleButtons
        ``"left"`` or ``"right"``: the standing leg.
    start_button, stop_button : ipywidgets.Button
        The timer; Stop writes the elapsed time into ``time``.
    time : ipywidgets.Text
        Hold time in seconds (typed or from the timer).
    hip_drop : ipywidgets.ToggleButtons
        ``"none"``, ``"slight"`` or ``"clear"`` (starts unset).
    pain : ipywidgets.IntSlider
        Pain on the outside of the standing hip, 0–10.
    save_button : ipywidgets.Button
        Scores and saves the current side.
    result, comparison, message : ipywidgets.HTML
        This side's result, left against right (once both are saved), and notes or errors.
    """

    test_key = "single_leg_stance"
    title = "Single-leg stance, 30 seconds"
    css_class = "glutelab-stance-test"
    instructions = (
        "Stand barefoot beside a wall, facing a mirror if you have one. Bend one knee to "
        "lift that foot, hands on hips, and press Start. Hold still; press Stop when the "
        "lifted foot touches down or you grab the wall (you may stop once you pass 30 s). "
        "Watch the lifted side of your pelvis: does it sink? Rate any pain on the outside of "
        "the standing hip."
    )
    reliability = F.STANCE_RELIABILITY
    _after_stop = "Rate the hip drop and any pain, then press Save."

    def __init__(
        self,
        lesson: str = LESSON,
        store: ProgressStore | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(lesson, store, clock)
        self.hip_drop = widgets.ToggleButtons(
            options=[("None", "none"), ("Slight", "slight"), ("Clear", "clear")],
            value=None,
            description="Pelvis drop on the lifted side:",
            style={"description_width": "initial"},
        )
        self.pain = widgets.IntSlider(
            value=0,
            min=0,
            max=10,
            description="Outer-hip pain (0–10):",
            tooltip="Pain on the outside of the standing hip during the hold",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        self._build()

    def _inputs(self) -> list[widgets.Widget]:
        return [self._timer_row(), self.hip_drop, self.pain]

    def _result_from_inputs(self) -> F.StanceResult:
        hold = F.parse_seconds(self.time.value)
        return F.single_leg_stance(hold, self.hip_drop.value, self.pain.value)

    def _result_from_record(self, record: dict[str, Any]) -> F.StanceResult:
        return F.single_leg_stance(record["hold_s"], record["hip_drop"], record["pain_0_10"])

    def _fill_inputs(self, result: F.StanceResult | None) -> None:
        if result is None:
            self.time.value, self.hip_drop.value, self.pain.value = "", None, 0
        else:
            self.time.value = f"{result.hold_s:g}"
            self.hip_drop.value = result.hip_drop
            self.pain.value = round(result.pain_0_10)

    def _result_html(self, result: F.StanceResult, side: str) -> str:
        return stance_html(result, side)

    def _compare(self, left: F.StanceResult, right: F.StanceResult) -> str:
        return F.compare_sides(left, right).text


class TrendelenburgTest(_TimedTest):
    """The Trendelenburg test (Hardcastle & Nade 1985), timed and saved per side.

    Parameters
    ----------
    lesson : str
        Lesson key under which results are saved.
    store : ProgressStore, optional
        Defaults to the learner's own store.
    clock : callable, optional
        Returns seconds; ``time.monotonic`` by default.

    Attributes
    ----------
    side, start_button, stop_button, time, save_button, result, comparison, message
        As in :class:`SingleLegStanceTest` (``time`` is the time until the pelvis dropped).
    pelvis : ipywidgets.ToggleButtons
        ``True`` (stayed level or rose) or ``False`` (dropped); starts unset.
    pain, trick_movement, lost_balance : ipywidgets.Checkbox
        Things that spoil the test.
    """

    test_key = "trendelenburg"
    title = "Trendelenburg test"
    css_class = "glutelab-trendelenburg"
    time_label = "Time until the pelvis dropped (s):"
    instructions = (
        "Face a mirror or a partner. Stand on the test leg, lift the other foot, and raise "
        "the pelvis on the lifted side as high as you can without leaning your trunk over "
        "the standing leg; keep your head and upper back above the standing foot. Press "
        "Start as you lift and Stop when the pelvis drops, or after 30 s if it does not. "
        "Then answer the questions and save."
    )
    reliability = F.TRENDELENBURG_RELIABILITY

    def __init__(
        self,
        lesson: str = LESSON,
        store: ProgressStore | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(lesson, store, clock)
        self.pelvis = widgets.ToggleButtons(
            options=[("Level or raised", True), ("Dropped", False)],
            value=None,
            description="Pelvis on the lifted side:",
            style={"description_width": "initial"},
        )
        self.pain = widgets.Checkbox(value=False, description="It hurt", indent=False)
        self.trick_movement = widgets.Checkbox(
            value=False,
            description="I leaned over the standing leg or hitched the hip to keep it up",
            indent=False,
            layout=widgets.Layout(width="auto"),
        )
        self.lost_balance = widgets.Checkbox(
            value=False, description="I lost my balance", indent=False
        )
        self._build()

    def _inputs(self) -> list[widgets.Widget]:
        return [
            self._timer_row(),
            self.pelvis,
            widgets.HBox([self.pain, self.lost_balance]),
            self.trick_movement,
        ]

    def _result_from_inputs(self) -> F.TrendelenburgResult:
        held = F.parse_seconds(self.time.value, "The time until the pelvis dropped")
        if self.pelvis.value is None:
            msg = "Choose what the pelvis on the lifted side did: level or raised, or dropped."
            raise ValueError(msg)
        return F.trendelenburg(
            held,
            self.pelvis.value,
            self.pain.value,
            self.trick_movement.value,
            self.lost_balance.value,
        )

    def _result_from_record(self, record: dict[str, Any]) -> F.TrendelenburgResult:
        return F.trendelenburg(
            record["hold_s"],
            record["pelvis_level_or_raised"],
            record["pain"],
            record["trick_movement"],
            record["lost_balance"],
        )

    def _fill_inputs(self, result: F.TrendelenburgResult | None) -> None:
        if result is None:
            self.time.value, self.pelvis.value = "", None
            self.pain.value = self.trick_movement.value = self.lost_balance.value = False
        else:
            self.time.value = f"{result.hold_s:g}"
            self.pelvis.value = result.pelvis_level_or_raised
            self.pain.value = result.pain
            self.trick_movement.value = result.trick_movement
            self.lost_balance.value = result.lost_balance

    def _result_html(self, result: F.TrendelenburgResult, side: str) -> str:
        return trendelenburg_html(result, side)

    def _compare(self, left: F.TrendelenburgResult, right: F.TrendelenburgResult) -> str:
        return F.compare_sides(left, right).text


class SingleLegSquatRating(_SidedTest):
    """Rate five single-leg squats per side on the five criteria, saved per side.

    Parameters
    ----------
    lesson : str
        Lesson key under which results are saved.
    store : ProgressStore, optional
        Defaults to the learner's own store.

    Attributes
    ----------
    side, save_button, result, comparison, message
        As in :class:`SingleLegStanceTest`.
    ratings : dict of str to ipywidgets.ToggleButtons
        One per criterion key (``overall``, ``trunk``, ``pelvis``, ``hip``, ``knee``), each
        ``"good"``, ``"fair"`` or ``"poor"``; all start unset.
    """

    test_key = "single_leg_squat"
    title = "Single-leg squat, rated"
    css_class = "glutelab-squat-rating"
    instructions = (
        "Film yourself from the front at hip height, or ask a partner to watch. Stand on the "
        "test leg, arms crossed or hands on hips, and do 5 slow single-leg squats to a depth "
        "you can control. Then rate each criterion from what you saw across the 5."
    )
    reliability = F.SQUAT_RELIABILITY

    def __init__(self, lesson: str = LESSON, store: ProgressStore | None = None) -> None:
        super().__init__(lesson, store)
        self.ratings = {
            c.key: widgets.ToggleButtons(
                options=[("Good", "good"), ("Fair", "fair"), ("Poor", "poor")],
                value=None,
                description=f"{c.label}:",
                tooltips=[c.watch] * 3,
                style={"description_width": "150px"},
            )
            for c in F.SQUAT_CRITERIA
        }
        self._build()

    def _inputs(self) -> list[widgets.Widget]:
        rows: list[widgets.Widget] = []
        for c in F.SQUAT_CRITERIA:
            rows.append(self.ratings[c.key])
            rows.append(
                widgets.HTML(
                    f"<div style='margin:-4px 0 6px 158px;font-size:90%;opacity:.8'>"
                    f"{_esc(c.watch)}</div>"
                )
            )
        return rows

    def _result_from_inputs(self) -> F.SquatResult:
        return F.single_leg_squat({k: box.value for k, box in self.ratings.items()})

    def _result_from_record(self, record: dict[str, Any]) -> F.SquatResult:
        return F.single_leg_squat(record["ratings"])

    def _fill_inputs(self, result: F.SquatResult | None) -> None:
        for key, box in self.ratings.items():
            box.value = None if result is None else result.ratings[key]

    def _result_html(self, result: F.SquatResult, side: str) -> str:
        return squat_html(result, side)

    def _compare(self, left: F.SquatResult, right: F.SquatResult) -> str:
        return F.compare_squats(left, right)


class FieldTests:
    """The three field tests stacked in one box, sharing one progress store.

    Attributes
    ----------
    stance : SingleLegStanceTest
    trendelenburg : TrendelenburgTest
    squat : SingleLegSquatRating
    widget : ipywidgets.VBox
        All three, with CSS class ``glutelab-field-tests``.
    """

    def __init__(
        self,
        lesson: str = LESSON,
        store: ProgressStore | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store if store is not None else ProgressStore()
        self.stance = SingleLegStanceTest(lesson, self.store, clock)
        self.trendelenburg = TrendelenburgTest(lesson, self.store, clock)
        self.squat = SingleLegSquatRating(lesson, self.store)
        self.widget = widgets.VBox(
            [
                notice_banner(self.store),
                self.stance.widget,
                self.trendelenburg.widget,
                self.squat.widget,
            ]
        )
        self.widget.add_class("glutelab-field-tests")

    def _ipython_display_(self) -> None:
        ui.show(self.widget)


def field_tests(
    lesson: str = LESSON,
    store: ProgressStore | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> FieldTests:
    """Return the three field tests in one view (a plain ``VBox``, no tabs).

    Parameters
    ----------
    lesson : str
        Lesson key under which results are saved.
    store : ProgressStore, optional
        Defaults to the learner's own store; the three tests share it.
    clock : callable, optional
        Timer clock for the two timed tests.

    Returns
    -------
    FieldTests
        ``.widget`` is the box to display; ``.stance``, ``.trendelenburg`` and ``.squat``
        are the individual views.
    """
    return FieldTests(lesson, store, clock)
