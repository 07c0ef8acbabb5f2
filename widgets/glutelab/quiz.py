"""Widget views for self-checks: display only; scoring lives in :mod:`glutelab.selfcheck`."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from .progress import ProgressStore
from .selfcheck import (
    InvalidAnswer,
    MultipleChoice,
    Numeric,
    Question,
    Result,
    SingleChoice,
    score,
)
from .ui import STYLES, message_html

__all__ = ["QuestionView", "SelfCheck", "notice_banner"]


def _box(kind: str, text: str, *, saved_note: str = "") -> str:
    return message_html(kind, text, note=saved_note)


def notice_banner(store: ProgressStore) -> widgets.HTML:
    """Return an HTML widget showing the store's notices (empty when there are none)."""
    text = "<br>".join(html.escape(n) for n in store.notices)
    value = (
        f"<div class='glutelab-notice' style='{STYLES['warning']};padding:6px 10px'>{text}</div>"
        if text
        else ""
    )
    return widgets.HTML(value)


class QuestionView:
    """One question: its input widget, a check button where needed, and a feedback area.

    Single-choice questions answer as soon as an option is chosen; multiple-choice and
    numeric ones answer on *Check* (or Enter), because a half-ticked list or a half-typed
    number is not an answer yet.
    """

    def __init__(self, question: Question, lesson: str, store: ProgressStore) -> None:
        self.question = question
        self.lesson = lesson
        self.store = store
        self.feedback = widgets.HTML()
        self.last_result: Result | None = None
        prompt = widgets.HTML(f"<b>{html.escape(question.prompt)}</b>")
        self.check = widgets.Button(description="Check", button_style="primary")
        self.check.on_click(lambda _btn: self.submit())

        if isinstance(question, SingleChoice):
            self.input = widgets.RadioButtons(
                options=[(o.label, i) for i, o in enumerate(question.options)],
                value=None,
                layout=widgets.Layout(width="auto"),
            )
            self.input.observe(self._on_choice, names="value")
            controls: list[widgets.Widget] = [self.input]
        elif isinstance(question, MultipleChoice):
            self.boxes = [
                widgets.Checkbox(value=False, description=o.label, indent=False)
                for o in question.options
            ]
            self.input = widgets.VBox(self.boxes)
            controls = [self.input, self.check]
        else:
            self.input = widgets.Text(placeholder=question.placeholder, continuous_update=False)
            self.input.observe(self._on_text, names="value")
            unit = widgets.HTML(html.escape(question.unit))
            controls = [widgets.HBox([self.input, unit, self.check])]

        self.widget = widgets.VBox(
            [prompt, *controls, self.feedback],
            layout=widgets.Layout(margin="0 0 14px 0"),
        )
        self.widget.add_class("glutelab-question")
        self._restore()

    # -- events ------------------------------------------------------------------------
    def _on_choice(self, change: dict) -> None:
        if change["new"] is not None:
            self.submit()

    def _on_text(self, change: dict) -> None:
        if str(change["new"]).strip():
            self.submit()

    def response(self) -> object:
        """Return the current response in the form :func:`~glutelab.selfcheck.score` takes."""
        if isinstance(self.question, SingleChoice):
            return self.input.value
        if isinstance(self.question, MultipleChoice):
            return [i for i, b in enumerate(self.boxes) if b.value]
        return self.input.value

    def submit(self, *, save: bool = True) -> Result | None:
        """Score the current response, show feedback and save it; never raises."""
        try:
            result = score(self.question, self.response())
        except InvalidAnswer as exc:
            self.feedback.value = _box("invalid", str(exc))
            return None
        self.last_result = result
        kind = "right" if result.correct else ("partial" if result.score > 0 else "wrong")
        note = ""
        if save:
            stored = self._stored_response()
            if not self.store.record_answer(
                self.lesson, self.question.id, stored, result.as_dict()
            ):
                note = self.store.notices[-1] if self.store.notices else "Not saved."
        else:
            note = "Your saved answer."
        self.feedback.value = _box(kind, result.feedback, saved_note=note)
        return result

    def _stored_response(self) -> object:
        response = self.response()
        if isinstance(self.question, Numeric):
            return str(response)
        return response

    def _restore(self) -> None:
        saved = self.store.answer(self.lesson, self.question.id)
        if not saved:
            return
        value = saved.get("response")
        try:
            if isinstance(self.question, SingleChoice) and isinstance(value, int):
                self.input.unobserve(self._on_choice, names="value")
                self.input.value = value
                self.input.observe(self._on_choice, names="value")
            elif isinstance(self.question, MultipleChoice) and isinstance(value, list):
                for i, box in enumerate(self.boxes):
                    box.value = i in value
            elif isinstance(self.question, Numeric) and value is not None:
                self.input.unobserve(self._on_text, names="value")
                self.input.value = str(value)
                self.input.observe(self._on_text, names="value")
            else:
                return
        except Exception:
            return
        self.submit(save=False)


class SelfCheck:
    """A titled list of questions for one lesson, saved to the learner's progress store.

    Parameters
    ----------
    questions : sequence of questions
        From :mod:`glutelab.selfcheck`.
    lesson : str
        Lesson key under which answers are saved.
    store : ProgressStore, optional
        Defaults to the learner's own store.
    title : str
        Heading shown above the questions.
    """

    def __init__(
        self,
        questions: Sequence[Question],
        lesson: str,
        store: ProgressStore | None = None,
        title: str = "Check yourself",
    ) -> None:
        self.store = store if store is not None else ProgressStore()
        self.views = [QuestionView(q, lesson, self.store) for q in questions]
        ids = [q.id for q in questions]
        if len(set(ids)) != len(ids):
            msg = "question ids must be unique within a self-check"
            raise ValueError(msg)
        header = widgets.HTML(f"<h3>{html.escape(title)}</h3>")
        self.widget = widgets.VBox(
            [header, notice_banner(self.store), *(v.widget for v in self.views)]
        )
        self.widget.add_class("glutelab-selfcheck")

    def view(self, question_id: str) -> QuestionView:
        """Return the view of one question by id."""
        for v in self.views:
            if v.question.id == question_id:
                return v
        raise KeyError(question_id)

    def _ipython_display_(self) -> None:
        from IPython.display import display  # noqa: PLC0415 - only needed in a kernel

        display(self.widget)
