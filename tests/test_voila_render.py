"""Every lesson renders in Voila, served as the course serves it, without errors or code.

One Voila server (``glutelab serve``'s command line) runs for the session; each lesson is
fetched once with ``urllib`` and its HTML inspected: status, error and stderr outputs in
the embedded cell outputs, tracebacks, visible source code, and CDN links.
"""

from __future__ import annotations

import functools
import html
import json
import re
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
LESSON_FILES = sorted(LESSONS.glob("*.ipynb"))
RENDER_TIMEOUT = 120

OUTPUT_SCRIPT = re.compile(
    r'<script type="application/vnd\.voila\.cell-output\+json">\s*(.*?)\s*</script>', re.S
)
# Elements that only exist when a code cell's input is rendered.
SOURCE_CLASSES = {"jp-InputPrompt", "jp-InputArea", "jp-Cell-inputWrapper", "jp-Editor"}


def fetch(url: str) -> tuple[int, str]:
    """GET a URL; return status and body (error pages included)."""
    try:
        with urllib.request.urlopen(url, timeout=RENDER_TIMEOUT) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def render_url(base: str, name: str) -> str:
    return urllib.parse.urljoin(base, "voila/render/" + urllib.parse.quote(name))


@functools.cache
def rendered(base: str, name: str) -> tuple[int, str]:
    """Render each lesson once per server: several tests read the same page."""
    return fetch(render_url(base, name))


class PageParser(HTMLParser):
    """Collects visible text and the source-only elements found inside code cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, inside a code cell)
        self.skip = 0  # depth inside <script>/<style>
        self.text: list[str] = []
        self.code_cells: list[set[str]] = []
        self.source_elements: list[str] = []

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
        | {"param", "source", "track", "wbr"}
    )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if tag in ("script", "style"):
            self.skip += 1
        in_code = bool(self.stack and self.stack[-1][1])
        if "jp-CodeCell" in classes:
            self.code_cells.append(classes)
            in_code = True
        if in_code and classes & SOURCE_CLASSES:
            self.source_elements.append(f"<{tag} class={' '.join(sorted(classes))}>")
        if tag not in self.VOID:
            self.stack.append((tag, in_code))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        # Pop up to the matching tag; tolerates the odd unclosed element.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


def parse_page(body: str) -> PageParser:
    parser = PageParser()
    parser.feed(body)
    parser.close()
    return parser


def embedded_outputs(body: str) -> list[dict]:
    return [json.loads(html.unescape(m)) for m in OUTPUT_SCRIPT.findall(body)]


def output_problems(output: dict) -> list[str]:
    kind = output.get("output_type")
    if kind == "error":
        return [f"error output: {output.get('ename')}: {output.get('evalue')}"]
    if kind == "stream" and output.get("name") == "stderr":
        return [f"stderr: {''.join(output.get('text', ''))[:300]!r}"]
    data = output.get("data") or {}
    if "application/vnd.jupyter.stderr" in data:
        return [f"stderr output: {str(data['application/vnd.jupyter.stderr'])[:300]!r}"]
    return []


def distinctive_code_lines(notebook: Path) -> list[str]:
    """Code lines worth looking for in the page: not blank, not comments, not in the prose."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    prose = "\n".join(
        "".join(c["source"]) for c in nb["cells"] if c["cell_type"] in ("markdown", "raw")
    )
    lines = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for line in "".join(cell["source"]).splitlines():
            text = line.strip()
            if len(text) >= 8 and not text.startswith("#") and text not in prose:
                lines.append(text)
    return lines


def lesson_params() -> list:
    if not LESSON_FILES:
        return [pytest.param(None, marks=pytest.mark.skip(reason="no lessons/*.ipynb yet"))]
    return [pytest.param(p, id=p.stem) for p in LESSON_FILES]


@pytest.fixture(params=lesson_params())
def lesson(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_lessons_exist() -> None:
    assert (LESSONS / "01-the-gluteal-complex.ipynb").is_file()


def test_lesson_renders(voila_url: str, lesson: Path) -> None:
    status, body = rendered(voila_url, lesson.name)
    assert status == 200, f"{lesson.name}: HTTP {status}\n{body[:2000]}"
    assert "Traceback" not in body, f"{lesson.name}: a traceback in the page"
    # Voila streams the page: a server-side failure after the headers still yields 200.
    assert "There was an error when executing cell" not in body
    outputs = embedded_outputs(body)
    assert outputs, f"{lesson.name}: no embedded cell outputs found (template changed?)"
    problems = [p for out in outputs for p in output_problems(out)]
    assert not problems, f"{lesson.name}:\n" + "\n".join(problems)
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in body


def test_lesson_shows_no_source(voila_url: str, lesson: Path) -> None:
    status, body = rendered(voila_url, lesson.name)
    assert status == 200
    page = parse_page(body)
    assert page.code_cells, f"{lesson.name}: no code cells in the page (template changed?)"
    with_input = [c for c in page.code_cells if "jp-mod-noInput" not in c]
    assert not with_input, f"{lesson.name}: code cells rendered with their input"
    assert not page.source_elements, f"{lesson.name}: source shown: {page.source_elements[:5]}"
    visible = " ".join("".join(page.text).split())
    shown = [line for line in distinctive_code_lines(lesson) if " ".join(line.split()) in visible]
    assert not shown, f"{lesson.name}: code visible in the page: {shown[:5]}"


def test_lesson_loads_nothing_from_a_cdn(voila_url: str, lesson: Path) -> None:
    status, body = rendered(voila_url, lesson.name)
    assert status == 200
    assert "cdn.jsdelivr.net" not in body
    # Nothing else from the internet either: the workshop rooms are offline.
    external = re.findall(r'(?:src|href)="(https?://(?!127\.0\.0\.1|localhost)[^"]+)"', body)
    assert not external, f"{lesson.name}: loads from the internet: {external[:5]}"


def test_tree_page_lists_every_lesson(voila_url: str) -> None:
    status, body = fetch(voila_url)
    assert status == 200
    hrefs = {
        urllib.parse.unquote(urllib.parse.urlsplit(h).path)
        for h in re.findall(r'<a [^>]*href="([^"]+)"', body)
    }
    missing = [p.name for p in LESSON_FILES if f"/voila/render/{p.name}" not in hrefs]
    assert not missing, f"lessons not linked from the start page: {missing}"


def test_tree_page_loads_nothing_from_a_cdn(voila_url: str) -> None:
    status, body = fetch(voila_url)
    assert status == 200
    assert "cdn.jsdelivr.net" not in body
