#!/usr/bin/env python3
"""Benchmark every notebook and widget against the course budgets (``make bench``; not a test).

Measured in ONE run, so ratios are fair on any machine:

1. the floor: a bare kernel that starts, runs ``import keras`` and shuts down (median of 3);
2. every notebook of lessons/ and solutions/ (or the ones given as arguments) in a fresh kernel
   with nbclient: wall time, ratio to the floor, peak kernel memory (``ru_maxrss`` read by an
   extra last cell); solutions/ run with ``COURSE_STRICT_CHECKS=1``;
3. every registered panel (``utils.lessons.lessonNN.PANELS``), timed in a fresh kernel:
   the full refresh (set the first slider -> update function -> text + figure shown) and the bare
   update function, over successive slider values (median and 95th percentile);
4. the slider-to-text latency in a real JupyterLab in headless Chromium (keydown -> changed
   ``.course-output`` text), for every widget panel of every widget lesson in lessons/.

Budgets (README "How fast is it?"): notebook <= 3x the bare kernel (typical <= 2x),
all notebooks <= 2x (n * bare), slider update median <= 20 ms for pure math or <= 150 ms with a
Keras model build or a figure, peak kernel memory <= 1 GB. Rows over budget are marked ``OVER``.

Writes build/bench.json and build/bench.md (the Markdown table the README can include).

Usage::

    python tools/bench.py                      # everything
    python tools/bench.py lessons/03_*.ipynb   # some notebooks (widgets and browser still measured)
    python tools/bench.py --no-browser --reps 20
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"

# Budgets (README "How fast is it?").
NOTEBOOK_MAX_RATIO = 3.0  # one notebook <= 3x the bare kernel
NOTEBOOK_TYPICAL_RATIO = 2.0  # a typical lesson <= 2x
TOTAL_MAX_RATIO = 2.0  # all notebooks <= 2x (n * bare)
MEMORY_MAX_MB = 1024.0  # peak kernel memory <= 1 GB
SLIDER_MATH_MS = 20.0  # pure shape math
SLIDER_HEAVY_MS = 150.0  # with a Keras model build (or a figure, or when unsure)

BARE_SOURCE = "import keras"
MEMORY_SOURCE = (
    "import resource as _r, sys as _s\n"
    "_u = _r.getrusage(_r.RUSAGE_SELF)\n"
    "print('COURSE_BENCH_MAXRSS_KB', _u.ru_maxrss // (1024 if _s.platform == 'darwin' else 1))\n"
    # CPU seconds of the kernel process: unlike wall time, barely changed by other load on the machine.
    "print('COURSE_BENCH_CPU_S', round(_u.ru_utime + _u.ru_stime, 2))"
)
BACKENDS = ("tensorflow", "jax", "torch")


# ---------------------------------------------------------------------------
# Pure helpers (unit-tested in tests/test_bench.py)
# ---------------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation, like ``numpy.percentile``.

    >>> percentile([1, 2, 3, 4], 50)
    2.5
    """
    if not values:
        raise ValueError("values must not be empty.")
    if not 0 <= q <= 100:
        raise ValueError(f"q must lie between 0 and 100, got q={q}.")
    ordered = sorted(float(v) for v in values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def notebook_flags(seconds: float, bare_seconds: float, peak_mb: float | None) -> list[str]:
    """Budget marks for one notebook: ``OVER ...`` breaks a budget, ``warn ...`` exceeds the typical one.

    >>> notebook_flags(20, 10, 700)
    []
    >>> notebook_flags(25, 10, 1100)
    ['warn: > 2x bare (typical)', 'OVER: peak memory > 1024 MB']
    """
    if bare_seconds <= 0:
        raise ValueError(f"bare_seconds must be > 0, got bare_seconds={bare_seconds}.")
    flags = []
    ratio = seconds / bare_seconds
    if ratio > NOTEBOOK_MAX_RATIO:
        flags.append(f"OVER: > {NOTEBOOK_MAX_RATIO:g}x bare")
    elif ratio > NOTEBOOK_TYPICAL_RATIO:
        flags.append(f"warn: > {NOTEBOOK_TYPICAL_RATIO:g}x bare (typical)")
    if peak_mb is not None and peak_mb > MEMORY_MAX_MB:
        flags.append(f"OVER: peak memory > {MEMORY_MAX_MB:g} MB")
    return flags


def total_flags(total_seconds: float, count: int, bare_seconds: float) -> list[str]:
    """Budget mark for all notebooks together: <= 2x (count * bare)."""
    if count <= 0:
        return []
    limit = TOTAL_MAX_RATIO * count * bare_seconds
    return [f"OVER: > {TOTAL_MAX_RATIO:g}x (n * bare) = {limit:.0f} s"] if total_seconds > limit else []


def slider_budget_ms(kind: str) -> float:
    """Median budget of one slider update: 20 ms for pure math, 150 ms otherwise (keras/figure/unknown)."""
    return SLIDER_MATH_MS if kind == "math" else SLIDER_HEAVY_MS


def slider_flags(median_ms: float, kind: str) -> list[str]:
    budget = slider_budget_ms(kind)
    return [f"OVER: median > {budget:g} ms"] if median_ms > budget else []


def bounce(start: int, low: int, high: int, step: int, count: int) -> list[int]:
    """``count`` successive slider values from ``start``, one step at a time, turning at the ends.

    >>> bounce(4, 1, 5, 1, 4)
    [5, 4, 3, 2]
    """
    if step <= 0 or high < low:
        raise ValueError(f"need step > 0 and high >= low, got step={step}, low={low}, high={high}.")
    if high - low < step:
        return []
    values, value, direction = [], start, 1
    for _ in range(count):
        if not low <= value + direction * step <= high:
            direction = -direction
        value += direction * step
        values.append(value)
    return values


def over_budget(row: dict) -> bool:
    return any(flag.startswith("OVER") for flag in row.get("flags", []))


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub Markdown table; numbers right-aligned.

    >>> print(markdown_table(["a", "b"], [["x", 1]]))
    | a | b |
    |---|--:|
    | x | 1 |
    """
    rows = [list(row) for row in rows]
    numeric = [bool(rows) and all(r[i] is None or isinstance(r[i], (int, float)) for r in rows)
               for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("--:" if num else "---" for num in numeric) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value).replace("|", "\\|")


def report_markdown(result: dict) -> str:
    """All tables of a bench result (as written to build/bench.md)."""
    bare = result["bare_kernel"]
    parts = [
        "## Benchmark",
        "",
        f"Measured {result['date']} on {result['machine']} by `make bench` (tools/bench.py). "
        f"Bare kernel (start, `import keras`, shut down): **{bare['median_s']:.1f} s** "
        f"(median of {len(bare['runs_s'])}), peak {bare.get('peak_mb') or 0:.0f} MB. "
        "Budgets: notebook <= 3x bare (typical <= 2x), all notebooks <= 2x (n x bare), "
        "peak kernel memory <= 1 GB, slider update median <= 20 ms (pure math) / "
        "<= 150 ms (Keras model or figure). `OVER` marks a broken budget.",
        "",
    ]
    if result.get("bare_kernels") and len(result.get("backends", [])) > 1:
        parts += ["### The three backends side by side (fresh kernel per notebook)", "",
                  "Wall seconds (kernel start to shut-down), the kernel's CPU seconds (what other load on "
                  "the machine changes least) and its peak memory (MB), per backend; the last row gives "
                  "the sums and the largest peak.", "",
                  backend_table(result.get("backend_rows", []), result["bare_kernels"], result["backends"]),
                  ""]
    if result.get("notebooks"):
        parts += ["### Notebooks on TensorFlow against the budgets (fresh kernel, nbclient)", "",
                  markdown_table(
            ["notebook", "time (s)", "x bare", "peak MB", "status", "budget"],
            [[r["notebook"], r.get("seconds"), r.get("ratio"), r.get("peak_mb"), r["status"],
              "; ".join(r["flags"]) or "ok"] for r in result["notebooks"]])]
        total = result["total"]
        parts += ["", f"All {total['count']} notebooks: {total['seconds']:.0f} s = "
                  f"{total['ratio_to_n_bare']:.2f}x (n x bare); "
                  f"{'; '.join(total['flags']) or 'ok'}.", ""]
    if result.get("sliders"):
        parts += ["### Slider updates (in a kernel, first slider of each panel)", "",
                  "refresh = set the slider -> update function -> text and figure shown (the panel "
                  "renders the figure to a PNG once); update = the plain update function alone. The budget "
                  "applies to the refresh median.", "", markdown_table(
            ["widget", "first slider", "kind", "n", "refresh median ms", "refresh p95 ms",
             "update median ms", "budget ms", "budget"],
            [[r["builder"], r.get("control"), r.get("kind"), r.get("n"), r.get("refresh_median_ms"),
              r.get("refresh_p95_ms"), r.get("update_median_ms"), r.get("budget_ms"),
              r.get("skipped") or "; ".join(r.get("flags", [])) or "ok"] for r in result["sliders"]])]
        parts.append("")
    if result.get("browser"):
        parts += ["### Slider to text in the browser (JupyterLab 4, headless Chromium)", "",
                  "ArrowRight/Left on the first slider's handle -> the panel's text changes (a figure "
                  "may still follow); measured in the page, no budget of its own.", "", markdown_table(
            ["notebook", "panel", "first slider", "moves", "median ms", "max ms", "note"],
            [[r["notebook"], r.get("panel"), r.get("control"), r.get("moves"), r.get("median_ms"),
              r.get("max_ms"), r.get("error") or ""] for r in result["browser"]])]
        parts.append("")
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# Kernel runs
# ---------------------------------------------------------------------------

def _env(strict: bool, backend: str = "tensorflow") -> dict[str, str]:
    env = {"COURSE_STRICT_CHECKS": "1" if strict else "0", "KERAS_BACKEND": backend,
           "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL", "3")}
    return env


def run_cells(sources: list[str], cwd: Path, strict: bool = False, timeout: int = 900,
              notebook: Path | None = None, backend: str = "tensorflow") -> tuple[float, str]:
    """Execute a notebook (or bare cells) in a fresh kernel; return (wall seconds, stdout text).

    The wall time covers kernel start, every cell, and kernel shut-down, like a learner's run.
    A final cell prints the kernel's peak memory (``COURSE_BENCH_MAXRSS_KB``).
    """
    import nbformat
    from nbclient import NotebookClient

    if notebook is not None:
        nb = nbformat.read(notebook, as_version=4)
    else:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells += [nbformat.v4.new_code_cell(src) for src in sources]
    saved = {key: os.environ.get(key) for key in _env(strict, backend)}
    os.environ.update(_env(strict, backend))
    os.environ.pop("MPLBACKEND", None)
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(cwd)}},
                                extra_arguments=["--IPKernelApp.log_level=ERROR"])
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    stdout = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                stdout.append(output.get("text", ""))
    return seconds, "".join(stdout)


def peak_mb(stdout: str) -> float | None:
    """Parse the ``COURSE_BENCH_MAXRSS_KB`` line printed by MEMORY_SOURCE."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("COURSE_BENCH_MAXRSS_KB"):
            return int(line.split()[1]) / 1024
    return None


def cpu_seconds(stdout: str) -> float | None:
    """Parse the ``COURSE_BENCH_CPU_S`` line printed by MEMORY_SOURCE (the kernel's CPU time)."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("COURSE_BENCH_CPU_S"):
            return float(line.split()[1])
    return None


def backend_table(rows: list[dict], bare: dict[str, dict], backends: Sequence[str]) -> str:
    """One row per notebook, the backends side by side: wall s, CPU s and peak MB of each."""
    headers = ["notebook"]
    for b in backends:
        headers += [f"{b} s", f"{b} CPU s", f"{b} MB"]
    by_notebook: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_notebook.setdefault(row["notebook"], {})[row.get("backend", "tensorflow")] = row
    lines = [["bare kernel (`import keras`)", *[v for b in backends for v in (
        bare[b].get("median_s"), bare[b].get("cpu_s"), bare[b].get("peak_mb"))]]]
    for name, per in by_notebook.items():
        cells = [name]
        for b in backends:
            r = per.get(b, {})
            cells += ([r.get("seconds"), r.get("cpu_s"), r.get("peak_mb")] if r.get("status") != "FAILED"
                      else ["FAILED", "", ""])
        lines.append(cells)
    totals = ["all notebooks"]
    for b in backends:
        done = [per[b] for per in by_notebook.values() if per.get(b, {}).get("seconds") is not None]
        totals += [round(sum(r["seconds"] for r in done), 1),
                   round(sum(r.get("cpu_s") or 0 for r in done), 1),
                   max((r.get("peak_mb") or 0 for r in done), default=None)]
    lines.append(totals)
    return markdown_table(headers, lines)


def bench_bare(reps: int, backend: str = "tensorflow") -> dict:
    runs, mems, cpus = [], [], []
    for i in range(reps):
        seconds, out = run_cells([BARE_SOURCE, MEMORY_SOURCE], cwd=ROOT, backend=backend)
        runs.append(seconds)
        mems.append(peak_mb(out))
        cpus.append(cpu_seconds(out))
        print(f"  bare kernel ({backend}) run {i + 1}/{reps}: {seconds:.1f} s", flush=True)
    known = [c for c in cpus if c is not None]
    return {"runs_s": runs, "median_s": round(median(runs), 2),
            "peak_mb": max(m for m in mems if m is not None),
            "cpu_s": round(median(known), 2) if known else None}


def bench_notebook(path: Path, bare_s: float, backend: str = "tensorflow") -> dict:
    strict = path.parent.name == "solutions"
    row: dict[str, Any] = {"notebook": path.relative_to(ROOT).as_posix(), "strict": strict,
                           "backend": backend}
    try:
        seconds, out = run_cells([MEMORY_SOURCE], cwd=path.parent, strict=strict, notebook=path,
                                 backend=backend)
    except Exception as exc:  # noqa: BLE001  (a failing notebook is a row, not a crash)
        row.update(status="FAILED", error=f"{type(exc).__name__}: {str(exc)[-800:]}",
                   seconds=None, ratio=None, peak_mb=None, flags=["OVER: notebook failed"])
        return row
    memory = peak_mb(out)
    row.update(status="ok", seconds=round(seconds, 2), ratio=round(seconds / bare_s, 2),
               peak_mb=int(round(memory)) if memory is not None else None, cpu_s=cpu_seconds(out),
               flags=notebook_flags(seconds, bare_s, memory))
    return row


# Runs in a fresh kernel: times the first slider of every registered panel (utils.lessons.*.PANELS).
SLIDER_SNIPPET = r'''
import json, sys, time
sys.path.insert(0, __ROOT__)
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from utils import lessons

__BOUNCE__

rows = []
for lesson, builder in lessons.all_panels():
    row = {"builder": f"{lesson}.{builder.__name__}"}
    try:
        box = builder()
        first_name, first = next(iter(box.controls.items()))
        if not hasattr(first, "max"):
            row["skipped"] = "first control is not a slider"
            rows.append(row)
            continue
        update = box.update_function  # the plain function the panel calls
        row["control"] = first.description or first_name
        values = bounce(first.value, first.min, first.max, first.step or 1, __REPS__)
        refresh_ms, update_ms, figure = [], [], False
        for value in values:
            start = time.perf_counter()
            first.value = value  # the panel observes the slider: this runs the full refresh
            refresh_ms.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            try:
                result = update(**box.values())
            except ValueError:
                result = None
            update_ms.append((time.perf_counter() - start) * 1000)
            for part in (result if isinstance(result, tuple) else (result,)):
                if isinstance(part, Figure):
                    figure = True
                    plt.close(part)
        # A panel that draws a figure gets the 150 ms budget; text-only panels are pure maths (20 ms).
        row.update(refresh_ms=refresh_ms, update_ms=update_ms, kind="figure" if figure else "math")
        box.close()
    except Exception as exc:
        row["skipped"] = "error: " + type(exc).__name__ + ": " + str(exc)[:300]
    rows.append(row)
print("COURSE_BENCH_SLIDERS " + json.dumps(rows))
'''


def bench_sliders(reps: int) -> list[dict]:
    import inspect

    source = "%matplotlib inline\n" + (
        SLIDER_SNIPPET.replace("__ROOT__", repr(str(ROOT))).replace("__REPS__", str(int(reps)))
        .replace("__BOUNCE__", inspect.getsource(bounce)))
    _, out = run_cells([source], cwd=ROOT)
    line = next(ln for ln in out.splitlines() if ln.startswith("COURSE_BENCH_SLIDERS "))
    rows = json.loads(line.split(" ", 1)[1])
    for row in rows:
        if row.get("skipped") or not row.get("refresh_ms"):
            row.setdefault("skipped", "slider has a single value")
            continue
        refresh, update = row.pop("refresh_ms"), row.pop("update_ms")
        row.update(
            n=len(refresh), refresh_median_ms=round(median(refresh), 2),
            refresh_p95_ms=round(percentile(refresh, 95), 2),
            update_median_ms=round(median(update), 2) if update else None,
            update_p95_ms=round(percentile(update, 95), 2) if update else None,
            budget_ms=slider_budget_ms(row["kind"]),
        )
        row["flags"] = slider_flags(row["refresh_median_ms"], row["kind"])
    return rows


def bench_browser(notebooks: list[Path], moves: int, run_timeout: float) -> list[dict]:
    import jupyter_browser as jb  # tools/ is on sys.path: this script's own folder

    if jb.find_chromium() is None:
        print("  chromium not found: browser latency skipped", flush=True)
        return []
    from playwright.sync_api import sync_playwright

    rows: list[dict] = []
    with jb.JupyterServer(ROOT, env={"COURSE_STRICT_CHECKS": "0"}) as server, sync_playwright() as pw:
        browser = jb.launch_browser(pw)
        try:
            for path in notebooks:
                rel = path.relative_to(ROOT).as_posix()
                page = jb.LessonPage(server, browser, rel)
                try:
                    page.open()
                    page.run_all(timeout=run_timeout)
                    for index in range(page.panel_count()):
                        control = page.panel(index).locator(".widget-slider .widget-label").first
                        row = {"notebook": rel, "panel": index}
                        if not page.panel_has_slider(index):
                            rows.append({**row, "error": "no slider"})
                            continue
                        row["control"] = control.inner_text().strip() if control.count() else None
                        latencies = []
                        for _ in range(moves):
                            move = page.move_first_slider(index)
                            if move["latency_ms"] is not None:
                                latencies.append(move["latency_ms"])
                        row.update(moves=len(latencies), median_ms=round(median(latencies), 1),
                                   max_ms=round(max(latencies), 1), latencies_ms=latencies)
                        rows.append(row)
                        print(f"  {rel} panel {index}: median {row['median_ms']} ms", flush=True)
                except Exception as exc:  # noqa: BLE001  (report and go on with the next notebook)
                    rows.append({"notebook": rel, "error": f"{type(exc).__name__}: {str(exc)[:300]}"})
                finally:
                    page.close()
        finally:
            browser.close()
    return rows


# ---------------------------------------------------------------------------

README_BEGIN, README_END = "<!-- bench:begin -->", "<!-- bench:end -->"


def with_bench_table(readme: str, markdown: str) -> str:
    """``readme`` with the text between its bench markers replaced by ``markdown``."""
    if README_BEGIN not in readme or README_END not in readme:
        raise ValueError(f"README.md needs the markers {README_BEGIN} and {README_END}")
    body = markdown.strip()
    if body.startswith("## "):  # the README section has its own heading
        body = body.split("\n", 1)[1].strip() if "\n" in body else ""
    head, rest = readme.split(README_BEGIN, 1)
    return f"{head}{README_BEGIN}\n{body}\n{README_END}{rest.split(README_END, 1)[1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: lessons/ and solutions/")
    parser.add_argument("--bare-reps", type=int, default=3)
    parser.add_argument("--reps", type=int, default=20, help="slider values per widget")
    parser.add_argument("--moves", type=int, default=5, help="slider moves per panel in the browser")
    parser.add_argument("--backends", default=",".join(BACKENDS),
                        help="comma-separated Keras backends to compare (default: all three); the budgets "
                             "apply to TensorFlow")
    parser.add_argument("--no-notebooks", action="store_true")
    parser.add_argument("--no-sliders", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any row is over budget")
    parser.add_argument("--out", type=Path, default=BUILD)
    parser.add_argument("--readme", action="store_true",
                        help="also put the table into README.md (between its bench markers)")
    args = parser.parse_args(argv)
    import logging

    logging.getLogger("tornado.general").setLevel(logging.ERROR)  # "closed stream" noise at kernel exit

    import jupyter_browser as jb  # tools/ is on sys.path: this script's own folder

    notebooks = [p.resolve() for p in args.notebooks] or sorted(
        [*(ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"), *(ROOT / "solutions").glob("[0-9][0-9]_*.ipynb")],
        key=lambda p: (p.name, p.parent.name))
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
                   f"Python {platform.python_version()}",
    }
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = sorted(set(backends) - set(BACKENDS))
    if unknown:
        parser.error(f"--backends: unknown {', '.join(unknown)}; choose from {', '.join(BACKENDS)}")
    backends = [b for b in BACKENDS if b in backends]  # the budgets' backend first
    result["backends"] = backends
    started = time.perf_counter()
    result["bare_kernels"] = {}
    for backend in backends:
        print(f"Bare kernel on {backend} (start, {BARE_SOURCE!r}, shut down) x {args.bare_reps}", flush=True)
        result["bare_kernels"][backend] = bench_bare(args.bare_reps, backend)
        one = result["bare_kernels"][backend]
        print(f"  median {one['median_s']:.1f} s, CPU {one['cpu_s']} s, peak {one['peak_mb']:.0f} MB",
              flush=True)
    result["bare_kernel"] = bare = result["bare_kernels"][backends[0]]
    bare_s = bare["median_s"]

    if not args.no_notebooks:
        all_rows = []
        # Backends interleaved per notebook, so slow drift in the machine's load touches all alike.
        for path in notebooks:
            for backend in backends:
                row = bench_notebook(path, result["bare_kernels"][backend]["median_s"], backend)
                all_rows.append(row)
                print(f"  {row['notebook']} on {backend}: {row['seconds']} s ({row['ratio']}x), "
                      f"CPU {row.get('cpu_s')} s, {row['peak_mb']} MB {row['status']} "
                      f"{'; '.join(row['flags'])}", flush=True)
        result["backend_rows"] = all_rows
        rows = [r for r in all_rows if r["backend"] == backends[0]]
        result["notebooks"] = rows
        done = [r for r in rows if r["seconds"] is not None]
        total_s = sum(r["seconds"] for r in done)
        result["total"] = {
            "count": len(rows), "seconds": round(total_s, 1),
            "ratio_to_n_bare": round(total_s / (len(rows) * bare_s), 2) if rows else 0.0,
            "flags": total_flags(total_s, len(rows), bare_s) + (
                ["OVER: a notebook failed"] if len(done) < len(rows) else []),
        }
    if not args.no_sliders:
        print(f"Slider updates ({args.reps} values each, in a kernel)", flush=True)
        result["sliders"] = bench_sliders(args.reps)
    if not args.no_browser:
        lessons = [p for p in notebooks if p.parent.name == "lessons"] or sorted(
            (ROOT / "lessons").glob("[0-9][0-9]_*.ipynb"))
        widget_lessons = [p for p in jb.widget_notebooks(ROOT / "lessons") if p in lessons]
        print(f"Browser latency ({len(widget_lessons)} widget lessons, {args.moves} moves per panel)",
              flush=True)
        result["browser"] = bench_browser(widget_lessons, args.moves, run_timeout=300)
    result["bench_seconds"] = round(time.perf_counter() - started, 1)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    markdown = report_markdown(result)
    (args.out / "bench.md").write_text(markdown + "\n", encoding="utf-8")
    print()
    print(markdown)
    print(f"(bench took {result['bench_seconds']:.0f} s; wrote {args.out / 'bench.json'} and bench.md)")
    if args.readme:
        readme = ROOT / "README.md"
        readme.write_text(with_bench_table(readme.read_text(encoding="utf-8"), markdown), encoding="utf-8")
        print("updated the benchmark table in README.md")

    rows = [*result.get("notebooks", []), *result.get("sliders", [])]
    failed = any(r.get("status") == "FAILED" for r in [*rows, *result.get("backend_rows", [])]) or any(
        "error" in r for r in result.get("browser", []))
    over = any(over_budget(r) for r in rows) or over_budget(result.get("total", {}))
    return 1 if failed or (args.strict and over) else 0


if __name__ == "__main__":
    sys.exit(main())
