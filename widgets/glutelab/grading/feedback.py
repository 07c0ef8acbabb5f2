"""Per-learner feedback pages that say which checks passed without showing the hidden tests.

``nbgrader generate_feedback`` renders the autograded notebook as it ran, so every test
cell shows its hidden tests in full, and a failing hidden assert shows its own source line
in the traceback. This module writes the same kind of page, at the same place
(``<course>/feedback/<student>/<assignment>/<notebook>.html``, next to copies of
``timestamp.txt`` and ``submission_secret.txt`` so ``nbgrader release_feedback`` still
works), with the hidden tests taken out:

1. **What is secret.** Every line between ``### BEGIN HIDDEN TESTS`` and
   ``### END HIDDEN TESTS`` in the source notebook, in the gradebook's stored copy of
   each locked cell and in the autograded notebook, unless the same line is also in the
   text learners were given (a ``try:`` in a visible test is not a secret). Lines with
   fewer than three letters or digits (``)``, ``]``) carry nothing and are left alone.
   :class:`HiddenText` keeps these lines and every run of :data:`GRAM` characters
   (whitespace collapsed) of the hidden code that does not occur in the given text.
2. **Test cells.** Each hidden region becomes one comment line, e.g.
   ``# 4 hidden checks (not shown): one of them failed``. Whether the hidden part passed,
   failed or never ran (because a visible check above it failed) comes from the cell's
   score in the gradebook and the line the traceback points at.
3. **Outputs.** Tracebacks are redacted line by line (a run of a hidden assert's context
   lines becomes ``[3 hidden test lines]``), an error name or message that quotes hidden
   code is replaced, and any other output (printed text, HTML, a returned value) that contains a hidden line
   or a :data:`GRAM`-character run of hidden code, also after undoing ``repr``/JSON/HTML
   escapes, is dropped and replaced by a note. A learner who prints ``In`` (the kernel's
   input history, which holds the hidden tests) sees that note, not the tests.
4. **The learner's own cells** are shown as handed in: a line the learner wrote is not
   a secret from that learner, even if a hidden test happens to contain the same line.

Limits: an output that encodes hidden code (base64, reversed, split into short pieces)
is not recognised, and images are not inspected. The page is self-contained: no scripts,
no MathJax (LaTeX in markdown stays as source), JupyterLab's stylesheet inlined, and HTML
in markdown and outputs sanitised.
"""

from __future__ import annotations

import ast
import copy
import html
import re
import shutil
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .course import GradingError
from .export import format_number, grade_score, read_gradebook

__all__ = [
    "GRAM",
    "HIDDEN_BEGIN",
    "HIDDEN_END",
    "REMOVED_OUTPUT",
    "CheckResult",
    "HiddenText",
    "count_checks",
    "feedback_html",
    "generate_feedback",
    "hidden_regions",
    "redact_notebook",
]

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"
SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"

#: Length of the runs of hidden code looked for in outputs (whitespace collapsed).
GRAM = 24
#: What replaces an output that contained hidden code.
REMOVED_OUTPUT = "[Output removed from this feedback: it contained hidden test code.]"
#: What replaces a run of traceback lines that showed hidden code ("[3 hidden test lines]").
HIDDEN_LINE = "hidden test line"
HIDDEN_LINES = "hidden test lines"
#: Files nbgrader's ``release_feedback`` expects next to the feedback pages.
SIDE_FILES = ("timestamp.txt", "submission_secret.txt")

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_TRACEBACK_PREFIX = re.compile(r"^\s*(?:-*>\s*)?\d+\s")
_FRAME = re.compile(r"Cell In\s*\[(\d+)\],\s*line (\d+)|In \[(\d+)\], in <cell line: (\d+)>")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[nrt'\"\\])")
_TAG = re.compile(r"<[^>]*>")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\n", "t": "\t", "'": "'", '"': '"', "\\": "\\"}


# --------------------------------------------------------------------------- hidden text


def hidden_regions(source: str) -> list[tuple[int, int]]:
    """Return the hidden-test regions of a cell as (begin, end) 0-based line indices.

    Parameters
    ----------
    source : str
        A cell's source.

    Returns
    -------
    list of (int, int)
        Index of each ``### BEGIN HIDDEN TESTS`` line and of its ``### END HIDDEN TESTS``
        line; a region left open runs to the last line (index ``len(lines)``).
    """
    return _regions(source.splitlines(), HIDDEN_BEGIN, HIDDEN_END)


def _regions(lines: list[str], begin: str, end: str) -> list[tuple[int, int]]:
    regions = []
    start = None
    for index, line in enumerate(lines):
        if start is None and begin in line:
            start = index
        elif start is not None and end in line:
            regions.append((start, index))
            start = None
    if start is not None:
        regions.append((start, len(lines)))
    return regions


def _split(source: str) -> tuple[list[str], list[str]]:
    """Return (hidden blocks, given text blocks) of one cell; marker lines go to neither."""
    lines = source.splitlines()
    hidden_spans = _regions(lines, HIDDEN_BEGIN, HIDDEN_END)
    inside = set()
    for begin, end in (*hidden_spans, *_regions(lines, SOLUTION_BEGIN, SOLUTION_END)):
        inside.update(range(begin, end + 1))
    hidden = ["\n".join(lines[begin + 1 : end]) for begin, end in hidden_spans]
    given = "\n".join(line for i, line in enumerate(lines) if i not in inside)
    return hidden, [given]


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _grams(text: str) -> set[str]:
    flat = _collapse(text)
    return {flat[i : i + GRAM] for i in range(len(flat) - GRAM + 1)}


def _unescape_one(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] in "uUx":
        try:
            return chr(int(code[1:], 16))
        except ValueError:  # beyond the Unicode range
            return match.group(0)
    return _SIMPLE_ESCAPES[code]


def _plain(text: str) -> str:
    """Text as a reader would see it: no colour codes, HTML or string escapes."""
    text = html.unescape(_ANSI.sub("", text))
    for _ in range(2):  # repr of a repr doubles every backslash
        text = _ESCAPE.sub(_unescape_one, text)
    return text


def _loose(line: str) -> str:
    """Strip the quotes, brackets and commas a repr or JSON puts around a line."""
    return line.strip().strip("'\"[](),").strip()


def _meaningful(line: str) -> bool:
    return sum(ch.isalnum() for ch in line) >= 3


class HiddenText:
    """The hidden-test code of one notebook, and checks for text that reveals it.

    Parameters
    ----------
    hidden : iterable of str
        Blocks of hidden-test code.
    given : iterable of str
        Text the learners were given (visible tests, prompts, setup code): lines and
        character runs found there are not secret.

    Attributes
    ----------
    lines : frozenset of str
        Secret lines, stripped.
    grams : frozenset of str
        Secret runs of :data:`GRAM` characters, whitespace collapsed.
    """

    def __init__(self, hidden: Iterable[str], given: Iterable[str]) -> None:
        hidden = list(hidden)
        given = list(given)
        given_lines = {line.strip() for block in given for line in block.splitlines()}
        self.lines = frozenset(
            stripped
            for block in hidden
            for line in block.splitlines()
            if (stripped := line.strip())
            and stripped not in given_lines
            and _meaningful(stripped)
            and HIDDEN_BEGIN not in stripped
            and HIDDEN_END not in stripped
        )
        given_grams: set[str] = set()
        for block in given:
            given_grams |= _grams(block)
        secret: set[str] = set()
        for block in hidden:
            secret |= _grams(block)
        self.grams = frozenset(secret - given_grams)
        self._loose = frozenset(_loose(line) for line in self.lines) - {""}

    @classmethod
    def from_sources(cls, sources: Iterable[str], also_hidden: Iterable[str] = ()) -> HiddenText:
        """Build from the sources of an instructor's cells (markers included).

        Parameters
        ----------
        sources : iterable of str
            The instructor's cell sources with ``### BEGIN/END HIDDEN TESTS`` and solution
            markers; text outside both kinds of region counts as given to learners.
        also_hidden : iterable of str
            More cell sources whose hidden regions are secret too (the autograded cells,
            which ran with exactly that code); nothing in them counts as given.

        Returns
        -------
        HiddenText
        """
        hidden: list[str] = []
        given: list[str] = []
        for source in sources:
            cell_hidden, cell_given = _split(source)
            hidden.extend(cell_hidden)
            given.extend(cell_given)
        for source in also_hidden:
            hidden.extend(_split(source)[0])
        return cls(hidden, given)

    def __bool__(self) -> bool:
        return bool(self.lines or self.grams)

    def _has_gram(self, flat: str) -> bool:
        return any(flat[i : i + GRAM] in self.grams for i in range(len(flat) - GRAM + 1))

    def line_leaks(self, line: str) -> bool:
        """Return whether one line of text shows hidden code.

        Parameters
        ----------
        line : str
            A line of output or source; colour codes and a traceback's line number
            (``----> 22``) are ignored.

        Returns
        -------
        bool
            True if, stripped, it is a secret line or it holds a secret character run.
        """
        plain = _ANSI.sub("", line).strip()
        if plain in self.lines or _TRACEBACK_PREFIX.sub("", plain).strip() in self.lines:
            return True
        if _loose(plain) in self._loose:  # a line printed inside a list's repr or JSON
            return True
        return self._has_gram(_collapse(plain))

    def text_leaks(self, text: str) -> bool:
        """Return whether a piece of output shows hidden code, escaped or not.

        Parameters
        ----------
        text : str
            Output text: printed text, a repr, JSON or HTML.

        Returns
        -------
        bool
            True if any line of it, after undoing colour codes, HTML tags and entities
            and string escapes, is a secret line, or it holds a secret character run.
        """
        if not self:
            return False
        # Read as plain text, and again with everything that looks like an HTML tag removed.
        for variant in (text, _TAG.sub(" ", text)):
            plain = _plain(variant)
            if any(self.line_leaks(line) for line in plain.splitlines()):
                return True
            if self._has_gram(_collapse(plain)):
                return True
        return False

    def redact_lines(self, text: str) -> str:
        """Return ``text`` with every line that shows hidden code replaced.

        Parameters
        ----------
        text : str
            Multi-line text, e.g. one frame of a traceback with its context lines.

        Returns
        -------
        str
            Each run of leaking lines (hidden-test marker lines included) becomes one
            line ``[N hidden test lines]``, indented like the first of them.
        """
        out: list[str] = []
        run = 0
        indent = ""
        for line in [*text.split("\n"), None]:
            plain = None if line is None else _ANSI.sub("", line)
            if plain is not None and (
                HIDDEN_BEGIN in plain or HIDDEN_END in plain or self.line_leaks(_plain(line))
            ):
                if not run:
                    indent = plain[: len(plain) - len(plain.lstrip())]
                run += 1
                continue
            if run:
                out.append(f"{indent}[{run} {HIDDEN_LINE if run == 1 else HIDDEN_LINES}]")
                run = 0
            if line is not None:
                out.append(line)
        return "\n".join(out)


def count_checks(hidden_code: str) -> int:
    """Return how many checks a block of hidden-test code holds.

    Parameters
    ----------
    hidden_code : str
        The lines between the hidden-test markers.

    Returns
    -------
    int
        ``assert`` statements plus ``raise AssertionError`` statements (one per statement,
        however often a loop runs it); if the block does not parse on its own, the lines
        that start with ``assert``.
    """
    try:
        tree = ast.parse(textwrap.dedent(hidden_code))
    except SyntaxError:
        return sum(line.strip().startswith("assert") for line in hidden_code.splitlines())
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            count += 1
        elif isinstance(node, ast.Raise) and node.exc is not None:
            target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            count += isinstance(target, ast.Name) and target.id == "AssertionError"
    return count


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class CheckResult:
    """How one graded cell of a submission did, as the learner's summary shows it.

    Attributes
    ----------
    grade_id : str
        nbgrader's grade id of the cell.
    kind : str
        ``"check"`` (an autograded test cell) or ``"answer"`` (an answer graded by hand,
        e.g. a written answer).
    score : float or None
        Points earned; None while the answer waits for manual grading.
    max_score : float
        Points possible.
    status : str
        For a check ``"passed"``, ``"partly passed"`` or ``"failed"``; for an answer
        ``"awaiting manual grading"``, ``"graded"`` or ``"not answered"``.
    comment : str
        The grader's comment, if any.
    manual : bool
        Whether a grader set the score by hand.
    """

    grade_id: str
    kind: str
    score: float | None
    max_score: float
    status: str
    comment: str = ""
    manual: bool = False


def _check_status(score: float, max_score: float) -> str:
    if score >= max_score - 1e-9:
        return "passed"
    return "partly passed" if score > 0 else "failed"


def _result(grade: Any, is_answer: bool, comment: str) -> CheckResult:
    score = grade_score(grade)
    max_score = float(grade.max_score)
    if is_answer:
        if score is None:
            status = "awaiting manual grading"
        elif grade.manual_score is None and not grade.needs_manual_grade:
            status = "not answered" if score == 0 else "graded"
        else:
            status = "graded"
        kind = "answer"
    else:
        status = _check_status(score or 0.0, max_score)
        kind = "check"
    return CheckResult(
        grade_id=grade.name,
        kind=kind,
        score=score,
        max_score=max_score,
        status=status,
        comment=comment or "",
        manual=grade.manual_score is not None,
    )


# --------------------------------------------------------------------------- redaction


def _meta(cell: Any) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _failing_line(cell: Any) -> int | None:
    """1-based line of the cell where its error happened, from the traceback."""
    for output in cell.get("outputs", []):
        if output.get("output_type") != "error":
            continue
        text = _ANSI.sub("", "\n".join(output.get("traceback", [])))
        frames = [(int(a or c), int(b or d)) for a, b, c, d in _FRAME.findall(text) if (a or c)]
        if not frames:
            return None
        mine = [line for number, line in frames if number == cell.get("execution_count")]
        return mine[0] if mine else frames[0][1]
    return None


def _describe(count: int) -> str:
    if count == 1:
        return "1 hidden check"
    return f"{count} hidden checks" if count else "Hidden checks"


def _region_status(result: CheckResult, region: tuple[int, int], failed: int | None) -> str:
    """Say what the learner may know about one hidden region: passed, failed or not run."""
    if result.status == "passed":
        return "all passed"
    begin, end = region
    if failed is not None:
        line = failed - 1
        if begin < line < end:
            return "one of them failed"
        if line < begin:
            return "not run, because a check above them failed"
        return "all passed"
    return "not confirmed, because the cell did not finish cleanly"


def _hidden_summary(cell: Any, result: CheckResult) -> str:
    """Return the summary's "hidden checks" entry for one test cell ("" if it has none)."""
    lines = cell.source.splitlines()
    regions = hidden_regions(cell.source)
    if not regions:
        return ""
    count = sum(count_checks("\n".join(lines[b + 1 : e])) for b, e in regions)
    failed = _failing_line(cell)
    statuses = [_region_status(result, region, failed) for region in regions]
    status = next((s for s in statuses if s != "all passed"), statuses[0])
    return f"{_describe(count)}: {status}"


def _redact_test_source(source: str, result: CheckResult | None, failed: int | None) -> str:
    """Replace each hidden region by one comment line saying how its checks did."""
    lines = source.splitlines()
    out: list[str] = []
    position = 0
    for begin, end in hidden_regions(source):
        out.extend(lines[position:begin])
        marker = lines[begin]
        indent = marker[: len(marker) - len(marker.lstrip())]
        if result is None:
            text = "Hidden code (not shown)"
        else:
            count = count_checks("\n".join(lines[begin + 1 : end]))
            status = _region_status(result, (begin, end), failed)
            text = f"{_describe(count)} (not shown): {status}"
        out.append(f"{indent}# {text}")
        position = end + 1
    out.extend(lines[position:])
    return "\n".join(out)


def _redact_output(output: Any, hidden: HiddenText) -> Any:
    kind = output.get("output_type")
    if kind == "error":
        output = copy.deepcopy(output)
        output["traceback"] = [hidden.redact_lines(part) for part in output.get("traceback", [])]
        if hidden.text_leaks(output.get("evalue", "")):
            output["evalue"] = REMOVED_OUTPUT
        if hidden.text_leaks(output.get("ename", "")):
            output["ename"] = "Exception"
        return output
    texts: list[str] = []
    if kind == "stream":
        texts.append(str(output.get("text", "")))
    for value in (output.get("data") or {}).values():
        texts.append(value if isinstance(value, str) else repr(value))
    if any(hidden.text_leaks(text) for text in texts):
        return _note_output(REMOVED_OUTPUT)
    return output


def _note_output(text: str) -> Any:
    import nbformat  # noqa: PLC0415 - grading job only

    return nbformat.v4.new_output("stream", name="stdout", text=text + "\n")


def _label_cell(result: CheckResult) -> Any:
    """Return a markdown cell with the result, to go above the graded cell it is about."""
    import nbformat  # noqa: PLC0415

    what = "Check" if result.kind == "check" else "Your answer"
    by_hand = " (score set by your instructor)" if result.manual and result.kind == "check" else ""
    comment = f"<br><i>Comment:</i> {html.escape(result.comment)}" if result.comment else ""
    text = (
        f"<div class='glutelab-feedback-label glutelab-{_kind(result)}'>"
        f"<b>{what} <code>{html.escape(result.grade_id)}</code></b>: "
        f"{_points(result.score)} / {_points(result.max_score)} points, "
        f"{html.escape(result.status)}{by_hand}{comment}</div>"
    )
    return nbformat.v4.new_markdown_cell(text)


def redact_notebook(nb: Any, hidden: HiddenText, results: dict[str, CheckResult]) -> Any:
    """Return a copy of an autograded notebook that is safe to show its learner.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The autograded notebook (as ``nbgrader autograde`` wrote it).
    hidden : HiddenText
        The notebook's hidden-test code.
    results : dict of str to CheckResult
        Results by grade id; a labelled box with the result goes above each graded cell.

    Returns
    -------
    nbformat.NotebookNode
        Hidden regions replaced by a status line, leaking outputs and lines replaced,
        widget state dropped.
    """
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    cells = []
    for cell in nb.cells:
        cell.metadata.pop("widgets", None)
        grade_id = _meta(cell).get("grade_id")
        result = results.get(grade_id) if grade_id else None
        if cell.cell_type == "code":
            failed = _failing_line(cell)
            check = result if result is not None and result.kind == "check" else None
            cell.source = _redact_test_source(cell.source, check, failed)
            cell.outputs = [_redact_output(o, hidden) for o in cell.outputs]
        elif hidden_regions(cell.source):
            cell.source = _redact_test_source(cell.source, None, None)
        if result is not None:
            cells.append(_label_cell(result))
        cells.append(cell)
    nb.cells = cells
    return nb


# --------------------------------------------------------------------------- HTML

#: The page's own styles (the result colours of :data:`glutelab.ui.STYLES`).
_CSS = """
.glutelab-feedback-summary { margin: 1em 2em; font-family: var(--jp-ui-font-family, sans-serif); }
.glutelab-feedback-summary table { border-collapse: collapse; margin: 0.5em 0; }
.glutelab-feedback-summary th, .glutelab-feedback-summary td {
  border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; }
.glutelab-feedback-summary td.points { text-align: right; white-space: nowrap; }
.glutelab-feedback-label { padding: 4px 10px; margin: 6px 0; }
.glutelab-right { border-left: 4px solid #2e7d32; background: #edf7ee; }
.glutelab-partial { border-left: 4px solid #b26a00; background: #fff4e0; }
.glutelab-wrong { border-left: 4px solid #b3261e; background: #fdecea; }
.glutelab-info { border-left: 4px solid #1a73e8; background: #e8f0fe; }
"""

#: HTML allowed in markdown cells and in HTML outputs (anything else is stripped).
_SAFE_TAGS = frozenset(
    (
        *("a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd"),
        *("del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2"),
        *("h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s"),
        *("samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody"),
        *("td", "tfoot", "th", "thead", "tr", "u", "ul", "var"),
    )
)
_SAFE_ATTRIBUTES = {
    "*": ["class", "id", "title"],
    "a": ["href", "title", "name"],
    "img": ["src", "alt", "width", "height"],
    "td": ["align", "colspan", "rowspan"],
    "th": ["align", "colspan", "rowspan"],
}

_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block body_header -%}
{{ super() }}
{{ resources.glutelab_summary }}
{%- endblock body_header -%}
"""


def _kind(result: CheckResult) -> str:
    if result.status in ("passed", "graded") and result.score == result.max_score:
        return "right"
    if result.status == "awaiting manual grading":
        return "info"
    if result.score:
        return "partial"
    return "wrong"


def _clean_html(fragment: Any) -> str:
    """Sanitise HTML from the notebook: no scripts, event handlers or inline styles."""
    import bleach  # noqa: PLC0415 - comes with nbconvert

    text = fragment.decode() if isinstance(fragment, bytes) else str(fragment)
    return bleach.clean(
        text,
        tags=_SAFE_TAGS,
        attributes=_SAFE_ATTRIBUTES,
        protocols={"http", "https", "mailto"},
        strip=True,
        strip_comments=True,
    )


def _points(value: float | None) -> str:
    return "–" if value is None else format_number(value)


def _summary_html(
    title: str,
    results: list[CheckResult],
    hidden_status: dict[str, str],
    late_penalty: float,
) -> str:
    earned = sum(r.score or 0.0 for r in results) - late_penalty
    possible = sum(r.max_score for r in results)
    waiting = [r for r in results if r.score is None]
    rows = []
    for r in results:
        what = "check" if r.kind == "check" else "answer graded by hand"
        rows.append(
            f"<tr data-grade-id='{html.escape(r.grade_id, quote=True)}'>"
            f"<td><code>{html.escape(r.grade_id)}</code><br><small>{what}</small></td>"
            f"<td class='points'>{_points(r.score)} / {_points(r.max_score)}</td>"
            f"<td class='result glutelab-{_kind(r)}'>{html.escape(r.status)}</td>"
            f"<td>{html.escape(hidden_status.get(r.grade_id, ''))}</td>"
            f"<td>{html.escape(r.comment)}</td></tr>"
        )
    notes = []
    if late_penalty:
        notes.append(f"A late-submission penalty of {format_number(late_penalty)} points applies.")
    if waiting:
        points = format_number(sum(r.max_score for r in waiting))
        notes.append(
            f"{len(waiting)} answer(s) worth {points} points still wait for your instructor; "
            "the total counts them as 0 until then."
        )
    notes.append(
        "Hidden checks run when your work is graded; their code is not shown here, only "
        "whether they passed."
    )
    note_html = "".join(f"<p>{html.escape(n)}</p>" for n in notes)
    return (
        f"<style>{_CSS}</style>"
        "<section class='glutelab-feedback-summary'>"
        f"<h1>Feedback: {html.escape(title)}</h1>"
        f"<p class='total'><b>Score: {format_number(max(earned, 0.0))} / "
        f"{format_number(possible)}</b></p>"
        "<table>"
        "<thead><tr><th>Item</th><th>Points</th><th>Result</th><th>Hidden checks</th>"
        "<th>Comment</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{note_html}</section>"
    )


def feedback_html(
    nb: Any,
    results: list[CheckResult],
    hidden: HiddenText,
    title: str,
    late_penalty: float = 0.0,
) -> str:
    """Render one learner's feedback page for one autograded notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The autograded notebook.
    results : list of CheckResult
        Every graded cell's result, in notebook order.
    hidden : HiddenText
        The notebook's hidden-test code.
    title : str
        Page title, e.g. ``"01-anatomy (ada)"``.
    late_penalty : float
        Points taken off for a late submission.

    Returns
    -------
    str
        A self-contained HTML document: summary table on top, then the redacted notebook.
    """
    from jinja2 import DictLoader  # noqa: PLC0415 - grading job only
    from nbconvert import HTMLExporter  # noqa: PLC0415

    by_id = {r.grade_id: r for r in results}
    safe = redact_notebook(nb, hidden, by_id)
    hidden_status = {}
    for cell in nb.cells:
        result = by_id.get(_meta(cell).get("grade_id"))
        if result is not None and result.kind == "check" and cell.cell_type == "code":
            hidden_status[result.grade_id] = _hidden_summary(cell, result)
    exporter = HTMLExporter(
        template_name="lab",
        template_file="glutelab_feedback.html.j2",
        extra_loaders=[DictLoader({"glutelab_feedback.html.j2": _TEMPLATE})],
        sanitize_html=True,
        filters={"clean_html": _clean_html},
    )
    safe.metadata["title"] = f"Feedback: {title}"
    body, _ = exporter.from_notebook_node(
        safe,
        resources={"glutelab_summary": _summary_html(title, results, hidden_status, late_penalty)},
    )
    return body


# --------------------------------------------------------------------------- the job


def _instructor_sources(course: Path, assignment: str, notebook: str, gb: Any) -> list[str]:
    import nbformat  # noqa: PLC0415

    sources = []
    path = course / "source" / assignment / f"{notebook}.ipynb"
    if path.is_file():
        sources.extend(c.source for c in nbformat.read(path, as_version=4).cells)
    sources.extend(c.source for c in gb.find_notebook(notebook, assignment).source_cells)
    return sources


def _students(course: Path, assignment: str, student: str | None) -> list[str]:
    base = course / "autograded"
    if student is not None:
        if not (base / student / assignment).is_dir():
            msg = f"no autograded {assignment} for {student} in {base}: autograde it first"
            raise GradingError(msg)
        return [student]
    found = sorted(p.parent.name for p in base.glob(f"*/{assignment}") if p.is_dir())
    if not found:
        msg = f"no autograded submissions of {assignment} in {base}: run autograde first"
        raise GradingError(msg)
    return found


def generate_feedback(
    course: Path, assignment: str, db_url: str, student: str | None = None
) -> list[Path]:
    """Write feedback pages without hidden-test code for one assignment.

    Parameters
    ----------
    course : pathlib.Path
        The nbgrader course root (holds ``autograded/`` and ``source/``).
    assignment : str
        Assignment name, e.g. ``"01-anatomy"``.
    db_url : str
        SQLAlchemy URL of the gradebook.
    student : str, optional
        Only this learner; by default every learner with an autograded submission.

    Returns
    -------
    list of pathlib.Path
        The pages written, ``<course>/feedback/<student>/<assignment>/<notebook>.html``.

    Raises
    ------
    GradingError
        If there is no autograded submission to work from, or the assignment or an
        autograded learner's submission is not in the gradebook.
    """
    import nbformat  # noqa: PLC0415
    from nbgrader.api import MissingEntry  # noqa: PLC0415

    course = Path(course)
    students = _students(course, assignment, student)
    written: list[Path] = []
    with read_gradebook(db_url) as gb:
        try:
            notebooks = [n.name for n in gb.find_assignment(assignment).notebooks]
        except MissingEntry as exc:
            msg = f"{assignment} is not in the gradebook: run `glutelab grade release` first"
            raise GradingError(msg) from exc
        instructor = {n: _instructor_sources(course, assignment, n, gb) for n in notebooks}
        for sid in students:
            folder = course / "autograded" / sid / assignment
            target = course / "feedback" / sid / assignment
            for name in notebooks:
                path = folder / f"{name}.ipynb"
                if not path.is_file():
                    continue
                try:
                    submitted = gb.find_submission_notebook(name, assignment, sid)
                except MissingEntry as exc:
                    msg = f"{sid}'s autograded {assignment} is not in the gradebook: autograde it again"
                    raise GradingError(msg) from exc
                nb = nbformat.read(path, as_version=4)
                answers = {_meta(c)["grade_id"] for c in nb.cells if _meta(c).get("solution")}
                comments = {c.name: c.comment for c in submitted.comments}
                order = {_meta(c).get("grade_id"): i for i, c in enumerate(nb.cells)}
                grades = sorted(submitted.grades, key=lambda g: order.get(g.name, len(order)))
                results = [_result(g, g.name in answers, comments.get(g.name, "")) for g in grades]
                page = feedback_html(
                    nb,
                    results,
                    HiddenText.from_sources(
                        instructor[name], also_hidden=[c.source for c in nb.cells]
                    ),
                    title=f"{assignment} / {name} ({sid})",
                    late_penalty=float(submitted.late_submission_penalty or 0.0),
                )
                target.mkdir(parents=True, exist_ok=True)
                out = target / f"{name}.html"
                tmp = out.with_name(f".{out.name}.tmp")
                tmp.write_text(page, encoding="utf-8")
                tmp.replace(out)
                written.append(out)
            for side in SIDE_FILES:
                if (folder / side).is_file() and target.is_dir():
                    shutil.copy2(folder / side, target / side)
    return written
