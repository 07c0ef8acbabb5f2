"""Lesson 01 in Voila against a plain-Voila baseline: page load, slider latency, kernel memory.

Run with ``.venv/bin/python benchmarks/voila_lesson.py`` (about two minutes). Two servers
are measured one after the other in headless Chromium (Debian's, never a downloaded one):

* **lesson**: ``lessons/01-the-gluteal-complex.ipynb`` served by the course's own command
  line (:func:`glutelab.cli.voila_command`, as ``glutelab serve`` runs it);
* **baseline**: a generated notebook with one ``FloatSlider`` and one ``go.FigureWidget``
  (one trace, its y updated by the slider), served by plain ``voila`` with default settings.

For each: the time from requesting the page to "visible and interactive" (the first plot of
the interactive figure visible and its slider present) over fresh browser contexts, first
the cold load (just-started server) then warm ones; the slider → figure-updated latency,
measured in the page from the key press to plotly's ``plotly_afterplot`` with changed data;
and the resident memory (RSS) of the server's kernel processes after a page has loaded.
Every process started here is stopped at the end, also on Ctrl+C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from glutelab.cli import voila_command
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
# The tests' server helper: the same start-up, readiness wait and process-group teardown.
from voila_server import CHROMIUM, CHROMIUM_ARGS, running_voila  # noqa: E402

LESSON = ROOT / "lessons" / "01-the-gluteal-complex.ipynb"
TIMEOUT_MS = 120_000
TARGET_LOAD_RATIO = 0.5
TARGET_LATENCY_MS = 50.0
TARGET_KERNEL_MB = 110.0

BASELINE_CODE = """\
import ipywidgets as widgets
import numpy as np
import plotly.graph_objects as go

x = np.linspace(0, 2 * np.pi, 200)
slider = widgets.FloatSlider(value=1.0, min=0.5, max=5.0, step=0.1, description="frequency")
fig = go.FigureWidget(go.Scatter(x=x, y=np.sin(x)))


def update(change):
    fig.data[0].y = np.sin(change["new"] * x)


slider.observe(update, names="value")
widgets.VBox([slider, fig])
"""


@dataclass
class Target:
    """What to measure on one server."""

    name: str
    path: str  # URL path of the page, from the server root
    plot: str  # CSS selector of the plot that must be visible and that the slider updates
    handle: str  # CSS selector of the slider's handle
    trace: int  # index of a trace whose data the slider changes
    axis: str  # "x" or "y"


@dataclass
class Result:
    """Measurements of one server."""

    loads_s: list[float] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)
    kernel_mb: float = float("nan")
    kernels_alive: int = 0
    missed: int = 0  # slider moves after which the figure did not change within 10 s

    @property
    def cold_s(self) -> float:
        return self.loads_s[0] if self.loads_s else float("nan")

    @property
    def warm_s(self) -> float:
        return statistics.median(self.loads_s[1:]) if len(self.loads_s) > 1 else float("nan")

    @property
    def latency_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")


def write_baseline(folder: Path) -> Path:
    import nbformat  # noqa: PLC0415 - only needed here, and slow to import

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(BASELINE_CODE)]
    path = folder / "baseline.ipynb"
    nbformat.write(nb, path)
    return path


def kernels(server_proc: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in server_proc.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if any("ipykernel" in part for part in child.cmdline()):
                found.append(child)
    return found


# In-page probe: the time from a keydown on the slider to the first moment the watched
# trace's data differs from before the key press, checked when plotly reports a redraw
# (plotly_afterplot) and, as a fallback, on every animation frame.
PROBE_JS = """
([plotSel, trace, axis]) => {
  const gd = document.querySelector(plotSel);
  const snap = () => JSON.stringify(Array.from(gd.data[trace][axis]));
  window.__glLat = [];
  let t0 = null, before = null;
  const check = () => {
    if (t0 !== null && snap() !== before) {
      window.__glLat.push(performance.now() - t0);
      t0 = null;
    }
  };
  const poll = () => { check(); if (t0 !== null) requestAnimationFrame(poll); };
  document.addEventListener('keydown', () => {
    t0 = performance.now(); before = snap(); requestAnimationFrame(poll);
  }, true);
  gd.on('plotly_afterplot', check);
  return true;
}
"""


def measure(
    target: Target, base_url: str, server_proc: psutil.Process, loads: int, moves: int
) -> Result:
    result = Result()
    url = base_url + target.path
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for i in range(loads):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.set_default_timeout(TIMEOUT_MS)
                start = time.perf_counter()
                page.goto(url, wait_until="commit")
                page.locator(target.plot).first.wait_for(state="visible")
                page.locator(target.handle).first.wait_for(state="attached")
                result.loads_s.append(time.perf_counter() - start)
                print(
                    f"  {target.name}: load {i + 1}/{loads}: {result.loads_s[-1]:.2f} s", flush=True
                )
                if i < loads - 1:
                    context.close()
                    continue
                # The last page stays open: kernel memory, then slider latency.
                page.wait_for_load_state("load")
                time.sleep(1.0)
                current = max(kernels(server_proc), key=lambda p: p.create_time(), default=None)
                if current is not None:
                    result.kernel_mb = current.memory_info().rss / 2**20
                result.kernels_alive = len(kernels(server_proc))
                page.wait_for_function(
                    "([s, t]) => { const el = document.querySelector(s);"
                    " return el && el.data && el.data.length > t && typeof el.on === 'function'; }",
                    arg=[target.plot, target.trace],
                )
                page.evaluate(PROBE_JS, [target.plot, target.trace, target.axis])
                handle = page.locator(target.handle).first
                handle.focus()
                for _ in range(moves):
                    seen = page.evaluate("() => window.__glLat.length")
                    handle.press("ArrowRight")
                    try:
                        page.wait_for_function(
                            f"() => window.__glLat.length > {seen}", timeout=10_000
                        )
                    except PlaywrightTimeoutError:
                        result.missed += 1
                        page.evaluate("() => window.__glLat.push(NaN)")  # keep the count in step
                    page.wait_for_timeout(150)
                result.latencies_ms = [
                    v for v in page.evaluate("() => window.__glLat") if not math.isnan(v)
                ]
                context.close()
        finally:
            browser.close()
    return result


def fmt(value: float, unit: str) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:.2f} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--loads", type=int, default=4, help="page loads per server (1 cold + warm)"
    )
    parser.add_argument("--moves", type=int, default=10, help="slider moves for the latency")
    args = parser.parse_args()
    if not LESSON.is_file():
        print(f"missing {LESSON}", file=sys.stderr)
        return 2

    # SIGTERM/SIGHUP unwind like Ctrl+C, so the servers' finally blocks run.
    def _raise(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(signum)

    signal.signal(signal.SIGTERM, _raise)
    signal.signal(signal.SIGHUP, _raise)

    lesson_target = Target(
        "lesson 01",
        f"voila/render/{LESSON.name}",
        ".glutelab-hip-explorer .js-plotly-plot",
        ".glutelab-hip-explorer .noUi-handle",
        4,
        "x",
    )
    baseline_target = Target(
        "baseline", "voila/render/baseline.ipynb", ".js-plotly-plot", ".noUi-handle", 0, "y"
    )
    results: dict[str, Result] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="glutelab-bench-") as tmp:
        tmp_path = Path(tmp)
        env = {
            **os.environ,
            "GLUTELAB_PROGRESS_FILE": str(tmp_path / "progress.json"),  # never the real one
            "PYTHONUNBUFFERED": "1",
        }

        print(f"lesson server: {' '.join(voila_command(LESSON.parent, 0, False)[2:])}", flush=True)
        with running_voila(LESSON.parent, env=env) as srv:
            results["lesson"] = measure(
                lesson_target, srv.url, psutil.Process(srv.process.pid), args.loads, args.moves
            )

        base_dir = tmp_path / "baseline"
        base_dir.mkdir()
        write_baseline(base_dir)
        argv = [
            sys.executable,
            "-m",
            "voila",
            str(base_dir),
            "--port={port}",
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            "--Voila.port_retries=0",
        ]
        print(f"baseline server: {' '.join(argv[2:])}", flush=True)
        with running_voila(command=argv, cwd=base_dir, env=env) as srv:
            results["baseline"] = measure(
                baseline_target, srv.url, psutil.Process(srv.process.pid), args.loads, args.moves
            )

    les, base = results["lesson"], results["baseline"]

    def ratio(a: float, b: float) -> str:
        return f"{a / b:.2f}×" if b and not (math.isnan(a) or math.isnan(b)) else "n/a"

    warm_n = max(0, args.loads - 1)
    rows = [
        (
            "load → interactive, cold",
            fmt(les.cold_s, "s"),
            fmt(base.cold_s, "s"),
            ratio(les.cold_s, base.cold_s),
        ),
        (
            f"load → interactive, warm (median of {warm_n})",
            fmt(les.warm_s, "s"),
            fmt(base.warm_s, "s"),
            ratio(les.warm_s, base.warm_s),
        ),
        (
            f"slider → figure updated (median of {args.moves})",
            fmt(les.latency_ms, "ms"),
            fmt(base.latency_ms, "ms"),
            ratio(les.latency_ms, base.latency_ms),
        ),
        (
            "kernel RSS after load (one visitor)",
            fmt(les.kernel_mb, "MB"),
            fmt(base.kernel_mb, "MB"),
            ratio(les.kernel_mb, base.kernel_mb),
        ),
    ]
    head = ("measure", "lesson 01 (glutelab serve)", "plain Voila baseline", "ratio")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print()
    print(line.format(*head))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))
    print()
    print(
        "all loads (s): lesson "
        + ", ".join(f"{v:.2f}" for v in les.loads_s)
        + "; baseline "
        + ", ".join(f"{v:.2f}" for v in base.loads_s)
    )
    print(
        "slider latencies (ms): lesson "
        + ", ".join(f"{v:.0f}" for v in les.latencies_ms)
        + "; baseline "
        + ", ".join(f"{v:.0f}" for v in base.latencies_ms)
    )
    if les.missed or base.missed:
        print(
            f"slider moves with no figure update within 10 s: lesson {les.missed}, "
            f"baseline {base.missed}"
        )
    print(
        f"kernels alive after {args.loads} loads (closed tabs leak theirs until culled): "
        f"lesson {les.kernels_alive}, baseline {base.kernels_alive}"
    )
    print()
    print("targets:")
    load_ratio = les.cold_s / base.cold_s if base.cold_s else float("nan")
    print(
        f"  lesson cold load ≤ {TARGET_LOAD_RATIO}× plain Voila cold: "
        f"{load_ratio:.2f}× → {verdict(load_ratio <= TARGET_LOAD_RATIO)}"
    )
    print(
        f"  slider latency ≤ {TARGET_LATENCY_MS:.0f} ms: {fmt(les.latency_ms, 'ms')} → "
        f"{verdict(les.latency_ms <= TARGET_LATENCY_MS)}"
    )
    print(
        f"  kernel ≤ {TARGET_KERNEL_MB:.0f} MB RSS: {fmt(les.kernel_mb, 'MB')} → "
        f"{verdict(les.kernel_mb <= TARGET_KERNEL_MB)}"
    )
    print(f"(benchmark took {time.perf_counter() - started:.0f} s)")
    print(json.dumps({k: vars(v) for k, v in results.items()}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
