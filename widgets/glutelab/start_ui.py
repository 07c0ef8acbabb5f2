"""The start page's views: the lesson list with its links, and the progress dashboard.

HTML builders turn :mod:`glutelab.start`'s summary into plain HTML (tables and CSS bars, no
plotly: the page needs no ``FigureWidget`` at all). :class:`ProgressDashboard` is a thin
view over the learner's :class:`~glutelab.progress.ProgressStore`: it reads the store,
shows what is saved, re-reads it on *Refresh*, and resets it only after a confirmation,
backing the old file up first.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping
from datetime import datetime

import ipywidgets as widgets

from . import start as S
from . import ui
from .progress import ProgressStore

__all__ = [
    "ProgressDashboard",
    "chart_html",
    "dashboard",
    "field_tests_html",
    "lessons_table",
    "lessons_table_html",
    "notices_html",
    "progress_table_html",
    "saved_record_html",
    "symptoms_html",
]

_TABLE = "border-collapse:collapse;margin:4px 0 10px 0"
_CELL = "text-align:left;vertical-align:top;padding:4px 10px 4px 0;border-bottom:1px solid #e0e0e0"
_DIM = "opacity:.75;font-size:90%"
_SIDES = {"left": "Left leg", "right": "Right leg"}
_LINK = "color:#1a73e8;text-decoration:underline"
# An HTML widget inherits the widgets' one-line height (about 28 px): too loose for tables.
_BLOCK = "line-height:1.45"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "–"


def _th(*labels: str) -> str:
    return "<tr>" + "".join(f"<th style='{_CELL}'>{_esc(h)}</th>" for h in labels) + "</tr>"


# -- the lesson list -------------------------------------------------------------------------
def lessons_table_html(available: Mapping[str, bool] | None = None) -> str:
    """Return the course's lessons in order, with a goal and two links each, as HTML.

    Parameters
    ----------
    available : mapping of str to bool, optional
        Whether each lesson (by key) is installed; defaults to
        :func:`glutelab.start.lesson_available`. A lesson not yet installed is listed
        without links.

    Returns
    -------
    str
        A table with class ``glutelab-lessons-table``, a row per lesson (``data-lesson`` is
        its key) with links of class ``glutelab-voila-link`` and ``glutelab-lab-link``, and a
        note on where the JupyterLab links work.
    """
    rows = []
    for item in S.LESSONS:
        ready = available[item.key] if available is not None else S.lesson_available(item)
        minutes = f"about {item.minutes} min" if item.minutes else ""
        if ready:
            links = (
                f"<a class='glutelab-voila-link' href='{_esc(S.voila_href(item))}' "
                f"style='{_LINK}'>Open as an app</a><br>"
                f"<a class='glutelab-lab-link' href='{_esc(S.lab_href(item))}' "
                f"style='{_LINK}' target='_blank' rel='noopener'>Open in JupyterLab</a>"
            )
        else:
            links = "<span style='opacity:.75'>coming soon</span>"
        rows.append(
            f"<tr data-lesson='{_esc(item.key)}'>"
            f"<td style='{_CELL}'><b>{_esc(item.number)}</b></td>"
            f"<td style='{_CELL}'><b>{_esc(item.title)}</b><br>{_esc(item.goal)}"
            f"<div style='{_DIM}'>{_esc(minutes)}</div></td>"
            f"<td style='{_CELL};white-space:nowrap'>{links}</td></tr>"
        )
    note = (
        "<p style='opacity:.8;font-size:90%;max-width:52em'>“Open as an app” shows the lesson "
        "with its code hidden, like this page. “Open in JupyterLab” shows the same notebook "
        "with its code, ready to change and run; it works on Binder and when JupyterLab was "
        "started from the course folder, but not on a laptop server started with "
        "<code>glutelab serve</code>, which only serves the apps.</p>"
    )
    return (
        f"<div class='glutelab-lessons' style='{_BLOCK}'>"
        f"<table class='glutelab-lessons-table' style='{_TABLE}'>"
        + _th("#", "Lesson and goal", "Open")
        + "".join(rows)
        + f"</table>{note}</div>"
    )


def lessons_table() -> widgets.HTML:
    """Return the lesson list (:func:`lessons_table_html`) as an HTML widget."""
    widget = widgets.HTML(lessons_table_html())
    widget.add_class("glutelab-lesson-list")
    return widget


# -- progress --------------------------------------------------------------------------------
def notices_html(notices: list[str]) -> str:
    """Return the progress store's notices as warning boxes (empty string when none)."""
    seen: list[str] = []
    for notice in notices:
        if notice not in seen:
            seen.append(notice)
    boxes = "".join(ui.message_html("warning", n) for n in seen)
    return f"<div class='glutelab-store-notices'>{boxes}</div>" if boxes else ""


def _answered_cell(p: S.LessonProgress) -> str:
    if p.total is None:
        return f"{p.answered} answered"
    return f"{p.answered} / {p.total}"


def _score_cell(p: S.LessonProgress) -> str:
    if p.score_pct is None:
        return "–"
    return f"{p.score_pct:.0f} %"


def _row_notes(p: S.LessonProgress) -> str:
    notes = []
    if p.note:
        notes.append(f"{p.note} Its number of questions is unknown.")
    if p.unreadable:
        n = len(p.unreadable)
        notes.append(
            f"{n} saved {'record' if n == 1 else 'records'} could not be read "
            f"({', '.join(p.unreadable[:5])}); left in your file as it was."
        )
    if p.retired:
        notes.append(
            f"{p.retired} saved {'answer is' if p.retired == 1 else 'answers are'} to questions "
            "this lesson no longer asks; kept, not counted."
        )
    return "".join(f"<div style='{_DIM}'>{_esc(n)}</div>" for n in notes)


def progress_table_html(summary: S.ProgressSummary) -> str:
    """Return the per-lesson self-check table as HTML.

    Parameters
    ----------
    summary : glutelab.start.ProgressSummary
        From :func:`glutelab.start.summarise`.

    Returns
    -------
    str
        A table with class ``glutelab-progress-table``; each row has ``data-lesson`` (the
        lesson key) and cells of class ``glutelab-answered``, ``glutelab-score`` and
        ``glutelab-last-saved``. The score counts unanswered questions as 0 and gives part
        marks for partly right multiple-choice answers.
    """
    rows = []
    for p in summary.lessons:
        rows.append(
            f"<tr data-lesson='{_esc(p.lesson.key)}'>"
            f"<td style='{_CELL}'><b>{_esc(p.lesson.number)}</b> {_esc(p.lesson.title)}"
            f"{_row_notes(p)}</td>"
            f"<td class='glutelab-answered' style='{_CELL}'>{_esc(_answered_cell(p))}</td>"
            f"<td class='glutelab-score' style='{_CELL}'>{_esc(_score_cell(p))}</td>"
            f"<td class='glutelab-last-saved' style='{_CELL}'>{_esc(_when(p.last_saved))}</td>"
            "</tr>"
        )
    return (
        f"<table class='glutelab-progress-table' style='{_TABLE}'>"
        + _th("Lesson", "Self-check answered", "Score", "Last saved")
        + "".join(rows)
        + "</table>"
    )


def _bar(pct: float | None, colour: str, label: str) -> str:
    width = 0.0 if pct is None else max(0.0, min(100.0, pct))
    return (
        f"<div role='img' aria-label='{_esc(label)}' title='{_esc(label)}' "
        "style='background:#eef1f5;height:10px;margin:2px 0;width:100%'>"
        f"<div style='background:{colour};width:{width:.1f}%;height:10px'></div></div>"
    )


def chart_html(summary: S.ProgressSummary) -> str:
    """Return a bar chart of each lesson's answered share and score, in plain HTML.

    Parameters
    ----------
    summary : glutelab.start.ProgressSummary
        From :func:`glutelab.start.summarise`.

    Returns
    -------
    str
        ``glutelab-progress-chart``: per lesson, a blue bar for the share of questions
        answered and a green one for the score, both out of the lesson's questions.
    """
    rows = []
    for p in summary.lessons:
        name = f"Lesson {p.lesson.number}"
        if p.total is None:
            bars = f"<span style='{_DIM}'>number of questions unknown</span>"
            figure = f"{p.answered} answered"
        else:
            bars = _bar(
                p.answered_pct, "#1a73e8", f"{name}: {p.answered} of {p.total} answered"
            ) + _bar(p.score_pct, "#2e7d32", f"{name}: score {p.score_pct:.0f} %")
            figure = f"{p.answered}/{p.total} · {p.score_pct:.0f} %"
        rows.append(
            f"<tr data-lesson='{_esc(p.lesson.key)}'><td style='padding-right:8px'>"
            f"{_esc(p.lesson.number)}</td><td style='width:320px'>{bars}</td>"
            f"<td style='padding-left:8px;white-space:nowrap'>{_esc(figure)}</td></tr>"
        )
    legend = (
        "<span style='display:inline-block;width:10px;height:10px;background:#1a73e8'></span> "
        "answered &nbsp; <span style='display:inline-block;width:10px;height:10px;"
        "background:#2e7d32'></span> score (out of all the lesson's questions)"
    )
    return (
        "<div class='glutelab-progress-chart'><b>Self-checks by lesson</b>"
        f"<div style='{_DIM}'>{legend}</div><table>{''.join(rows)}</table></div>"
    )


def field_tests_html(summary: S.ProgressSummary) -> str:
    """Return lesson 02's saved field tests, left and right side by side, as HTML.

    Returns
    -------
    str
        ``glutelab-field-tests`` with a table (cells ``data-test`` and ``data-side``), a
        message to see a physiotherapist when a saved test hurt, or a line saying nothing
        is saved yet.
    """
    if summary.field_tests_unreadable:
        return (
            "<div class='glutelab-field-tests'>"
            + ui.message_html(
                "warning",
                "Your saved field tests could not be read; they were left in your progress "
                "file as they were.",
            )
            + "</div>"
        )
    results = summary.field_tests
    if all(r.status == "missing" for r in results):
        return (
            "<div class='glutelab-field-tests' style='opacity:.8'>No field tests saved yet "
            "(lesson 02 has three, for each leg).</div>"
        )
    rows = []
    for test, label in S.FIELD_TESTS:
        cells = []
        for side in ("left", "right"):
            r = next(x for x in results if x.test == test and x.side == side)
            if r.status == "saved":
                body = _esc(r.text) + f"<div style='{_DIM}'>{_esc(_when(r.saved_at))}</div>"
            elif r.status == "unreadable":
                body = "<i>could not read</i> (left in your file)"
            else:
                body = "<span style='opacity:.6'>not done</span>"
            cells.append(f"<td data-test='{test}' data-side='{side}' style='{_CELL}'>{body}</td>")
        rows.append(f"<tr><td style='{_CELL}'><b>{_esc(label)}</b></td>{''.join(cells)}</tr>")
    hurt = [r for r in results if r.attention]
    warning = ""
    if hurt:
        warning = ui.message_html(
            "warning",
            "A saved test hurt. Pain changes what these tests can tell you: leave them until a "
            "physiotherapist or doctor has looked at it.",
        )
    return (
        "<div class='glutelab-field-tests'>"
        f"<table style='{_TABLE}'>"
        + _th("Test", _SIDES["left"], _SIDES["right"])
        # the header row above is built once; the rows follow
        + "".join(rows)
        + f"</table>{warning}</div>"
    )


def symptoms_html(symptoms: S.SymptomsSummary | None) -> str:
    """Return lesson 02's saved symptom checklist in one line, red flags first, as HTML."""
    if symptoms is None:
        return ""
    if symptoms.status != "saved":
        return (
            "<div class='glutelab-symptoms-summary'>"
            + ui.message_html(
                "warning",
                "Your saved symptom checklist could not be read; it was left in your progress file.",
            )
            + "</div>"
        )
    parts = []
    if symptoms.red_flag_message:
        parts.append(
            ui.message_html("wrong" if symptoms.urgent else "warning", symptoms.red_flag_message)
        )
    signs = f"{symptoms.signs} {'sign' if symptoms.signs == 1 else 'signs'}"
    flags = f"{symptoms.red_flags} red {'flag' if symptoms.red_flags == 1 else 'flags'}"
    line = f"Symptom checklist (lesson 02), saved {_when(symptoms.saved_at)}: {signs} and {flags} ticked."
    if symptoms.first_lesson:
        line += f" It suggested starting with lesson {symptoms.first_lesson}."
    parts.append(f"<div>{_esc(line)}</div>")
    return f"<div class='glutelab-symptoms-summary'>{''.join(parts)}</div>"


def saved_record_html(record: S.SavedRecord | None, title: str, css: str, empty: str) -> str:
    """Return a saved record (calculator inputs, a programme) as a titled HTML table.

    Parameters
    ----------
    record : glutelab.start.SavedRecord or None
        The record, or ``None`` when nothing is saved.
    title : str
        Heading text.
    css : str
        CSS class of the wrapping ``div``.
    empty : str
        Line shown when nothing is saved.

    Returns
    -------
    str
        HTML; every value from the file is escaped.
    """
    head = f"<h4 style='margin:12px 0 4px 0'>{_esc(title)}</h4>"
    if record is None:
        return f"<div class='{css}'>{head}<div style='opacity:.8'>{_esc(empty)}</div></div>"
    if record.status != "saved":
        return (
            f"<div class='{css}'>{head}"
            + ui.message_html(
                "warning", "It could not be read; it was left in your progress file as it was."
            )
            + "</div>"
        )
    rows = []
    for row in record.rows:
        if row.table is not None:
            header, body = row.table
            inner = (
                f"<table style='{_TABLE}'>"
                + _th(*header)
                + "".join(
                    "<tr>" + "".join(f"<td style='{_CELL}'>{_esc(c)}</td>" for c in r) + "</tr>"
                    for r in body
                )
                + "</table>"
            )
        else:
            inner = _esc(row.text)
        rows.append(
            f"<tr><th style='{_CELL}'>{_esc(row.label)}</th><td style='{_CELL}'>{inner}</td></tr>"
        )
    saved = f"<div style='{_DIM}'>Saved {_esc(_when(record.saved_at))}</div>"
    return f"<div class='{css}'>{head}{saved}<table style='{_TABLE}'>{''.join(rows)}</table></div>"


def _block(content: str) -> str:
    return f"<div style='{_BLOCK}'>{content}</div>" if content else ""


def _others_html(summary: S.ProgressSummary) -> str:
    lines = list(summary.problems)
    if summary.other_keys:
        names = ", ".join(summary.other_keys[:10])
        lines.append(
            f"Your file also holds records under other names ({names}), perhaps from an "
            "older version of the course. They are kept but not shown."
        )
    return "".join(f"<div style='{_DIM}'>{_esc(n)}</div>" for n in lines)


class ProgressDashboard:
    """The learner's saved progress, read from the progress store, with refresh and reset.

    Parameters
    ----------
    store : ProgressStore, optional
        Defaults to the learner's own store (``$GLUTELAB_PROGRESS_FILE`` or
        ``~/.glutelab/progress.json``).
    sets : mapping of str to glutelab.start.QuestionSet, optional
        Question ids per lesson; loaded once from the lesson modules when not given.

    Attributes
    ----------
    summary : glutelab.start.ProgressSummary
        What is shown, as last read.
    """

    def __init__(
        self,
        store: ProgressStore | None = None,
        sets: Mapping[str, S.QuestionSet] | None = None,
    ) -> None:
        self.store = store if store is not None else ProgressStore()
        self.sets = dict(sets) if sets is not None else S.question_sets()
        self.notices = widgets.HTML()
        self.message = widgets.HTML()
        self.where = widgets.HTML()
        self.overview = widgets.HTML()
        self.table = widgets.HTML()
        self.chart = widgets.HTML()
        self.field_tests = widgets.HTML()
        self.extras = widgets.HTML()
        self.refresh_button = widgets.Button(
            description="Refresh", tooltip="Read your progress file again"
        )
        self.reset_button = widgets.Button(
            description="Reset my progress…",
            tooltip="Start afresh (your current file is kept as a backup)",
            layout=widgets.Layout(width="auto"),
        )
        self.confirm_button = widgets.Button(description="Yes, reset", button_style="danger")
        self.cancel_button = widgets.Button(description="Cancel")
        self.refresh_button.on_click(self._on_refresh)
        self.reset_button.on_click(self._on_reset)
        self.confirm_button.on_click(self._on_confirm)
        self.cancel_button.on_click(self._on_cancel)
        self.refresh_button.add_class("glutelab-refresh")
        self.reset_button.add_class("glutelab-reset")
        self.confirm_button.add_class("glutelab-reset-confirm")
        self.cancel_button.add_class("glutelab-reset-cancel")
        self.confirm_text = widgets.HTML()
        self.confirm_box = widgets.VBox(
            [self.confirm_text, widgets.HBox([self.confirm_button, self.cancel_button])],
            layout=widgets.Layout(display="none"),
        )
        self.confirm_box.add_class("glutelab-reset-question")
        self.widget = widgets.VBox(
            [
                self.notices,
                self.where,
                widgets.HBox([self.refresh_button, self.reset_button]),
                self.confirm_box,
                self.message,
                self.overview,
                self.table,
                self.chart,
                widgets.HTML("<h4>Field tests (lesson 02)</h4>"),
                self.field_tests,
                self.extras,
            ]
        )
        self.widget.add_class("glutelab-progress-dashboard")
        # re-read: a store passed in may have been opened before another lesson saved
        self.summary = S.summarise(self.store.reload(), self.sets)
        self.render()

    # -- state -------------------------------------------------------------------------
    @property
    def confirming(self) -> bool:
        """Whether the reset confirmation is on show."""
        return self.confirm_box.layout.display != "none"

    def render(self) -> None:
        """Show the current summary and the store's notices."""
        summary = self.summary
        self.notices.value = _block(notices_html(self.store.notices))
        where = "kept in memory for this session only" if self.store.memory_only else "saved in"
        self.where.value = (
            f"<div style='{_DIM}'>Your progress is {where} "
            f"<code>{_esc(self.store.path)}</code>.</div>"
        )
        known = [p for p in summary.lessons if p.total is not None]
        asked = sum(p.total or 0 for p in known)
        done = sum(p.answered for p in known)
        if summary.empty:
            text = (
                "Nothing saved yet. Answer a self-check question in any lesson and it shows "
                "up here (press Refresh if this page was already open)."
            )
        else:
            text = (
                f"You have answered {done} of the {asked} self-check questions in "
                f"{len(known)} lessons."
            )
            unknown = [p for p in summary.lessons if p.total is None]
            if unknown:
                numbers = ", ".join(p.lesson.number for p in unknown)
                text += f" Not counted: lesson {numbers} (number of questions unknown)."
        self.overview.value = f"<p class='glutelab-progress-overview'>{_esc(text)}</p>"
        self.table.value = _block(progress_table_html(summary))
        self.chart.value = _block(chart_html(summary))
        self.field_tests.value = _block(field_tests_html(summary))
        self.extras.value = _block(
            symptoms_html(summary.symptoms)
            + saved_record_html(
                summary.calculator,
                "Cadence calculator (lesson 05)",
                "glutelab-saved-calculator",
                "No calculator inputs saved yet.",
            )
            + saved_record_html(
                summary.programme,
                "Your programme (lesson 06)",
                "glutelab-saved-programme",
                "No programme saved yet: lesson 06 lets you plan one and save it here.",
            )
            + _others_html(summary)
        )

    def refresh(self) -> S.ProgressSummary:
        """Re-read the progress file (another lesson may have saved) and show it.

        Returns
        -------
        glutelab.start.ProgressSummary
            The new summary.
        """
        self.summary = S.summarise(self.store.reload(), self.sets)
        self.render()
        return self.summary

    def ask_reset(self) -> None:
        """Show the confirmation; nothing is changed until :meth:`confirm_reset`."""
        self.message.value = ""
        self.confirm_text.value = ui.message_html(
            "warning",
            "Reset all your saved progress? Every lesson's self-check answers, field tests, "
            "checklist, calculator inputs and programme will be cleared. Your current file is "
            "kept as a backup next to it (nothing is deleted), so you can undo this by "
            "renaming it back.",
        )
        self.confirm_box.layout.display = "flex"
        self.reset_button.disabled = True

    def cancel_reset(self) -> None:
        """Hide the confirmation without changing anything."""
        self.confirm_box.layout.display = "none"
        self.reset_button.disabled = False
        self.message.value = ui.message_html("info", "Nothing was reset.")

    def confirm_reset(self) -> bool:
        """Reset the store (old file backed up first) after the learner confirmed.

        Returns
        -------
        bool
            Whether the progress was reset. Without a confirmation on show it does nothing
            and returns ``False``.
        """
        if not self.confirming:
            return False
        self.confirm_box.layout.display = "none"
        self.reset_button.disabled = False
        try:
            backup = self.store.reset()
        except OSError as exc:
            self.message.value = ui.message_html(
                "warning", f"Your progress could not be reset ({exc}). Nothing was changed."
            )
            return False
        if backup is not None:
            text = (
                f"Your progress was reset. The old file was kept as {backup}; to undo, close "
                f"the lessons and rename it back to {self.store.path.name}. Lessons already "
                "open in other tabs still show their answers until you reload them."
            )
        elif self.store.memory_only:
            text = (
                "This session's progress was cleared. Your progress file could not be used "
                f"this session, so it was left untouched at {self.store.path}."
            )
        else:
            text = "There was no saved progress to reset."
        self.summary = S.summarise(self.store.data, self.sets)
        self.render()
        self.message.value = ui.message_html("info", text)
        return True

    # -- events ------------------------------------------------------------------------
    @ui.guarded(lambda self: self.message)
    def _on_refresh(self, _button: widgets.Button) -> None:
        self.refresh()
        self.message.value = ui.message_html(
            "info", f"Read your progress file again at {time.strftime('%H:%M:%S')}."
        )

    @ui.guarded(lambda self: self.message)
    def _on_reset(self, _button: widgets.Button) -> None:
        self.ask_reset()

    @ui.guarded(lambda self: self.message)
    def _on_confirm(self, _button: widgets.Button) -> None:
        self.confirm_reset()

    @ui.guarded(lambda self: self.message)
    def _on_cancel(self, _button: widgets.Button) -> None:
        self.cancel_reset()

    def _ipython_display_(self) -> None:
        ui.show(self.widget)


def dashboard(store: ProgressStore | None = None) -> ProgressDashboard:
    """Return the progress dashboard for the learner's own store (or the one given)."""
    return ProgressDashboard(store)
