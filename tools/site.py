#!/usr/bin/env python3
"""Build the course website into build/site/ (``make site``): Sphinx + MyST-NB + sphinx-book-theme.

1. **Prepare** one page per lesson: the learner's notebook (``build_lessons.to_lesson``) with the
   worked answer from solutions/ right after each exercise, in a collapsed "Show solution" cell; the
   badges cell becomes launch buttons built by tools/course.py.
2. **Execute** each page in a fresh kernel started in lessons/, two at a time, the whole build inside
   tools/offline.py's network namespace (else its socket guard). A page whose cells after the first
   worked answer are not all untouched exercise attempts runs a second time without the answers
   (``learner_run_needed``). Executed copies are cached in build/site-cache/ under a hash of the notebook,
   utils/ and the requirements, so a rebuild with nothing changed runs no kernel.
3. **Make widgets static or live**: a widget output cannot run without a kernel. A pure-math panel
   (its update function draws no figure) becomes live: real controls replaying texts that its own
   update function computed here for every reachable setting. Any other widget becomes its saved view
   at its default values, with launch buttons. Every figure's alt text is its own description
   (utils/alt_text.py, the output's plain text); learner cells show the learner run's outputs.
4. **Render**: the landing page (README's pitch, the lesson table, where to run it) and the
   instructor guide go beside the lessons in build/site-src/, and Sphinx renders them with
   execution off (tools/website/conf.py). Files are rewritten only when their text changes, so
   Sphinx's own incremental build skips unchanged pages.

Usage::

    python tools/site.py            # build build/site/ (what `make site` runs)
    python tools/site.py --jobs 1   # one kernel at a time
    python tools/site.py --check    # build and check every page in a browser (tests/test_site.py)
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import copy
import hashlib
import html
import itertools
import json
import math
import multiprocessing
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_lessons  # noqa: E402  (the lessons/solutions logic: reused, never copied)
import course  # noqa: E402  (the one source of the repo URL)
import offline  # noqa: E402  (tools/offline.py: network namespace where possible, else the socket guard)

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SRC, OUT, CACHE = BUILD / "site-src", BUILD / "site", BUILD / "site-cache"
TIMINGS = CACHE / "seconds.json"  # each lesson's last run time: the longest start first
CONF_DIR = ROOT / "tools" / "website"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
SOLUTION_TAG = "course-solution"  # the cell holding a worked answer on the site
WORKED_TAG = "course-worked-output"  # a learner cell's output with the worked answers, folded after it
NOTEBOOKS = "notebooks"  # build/site/notebooks/: the learner notebooks, for "Download notebook"
CELL_TIMEOUT = 600  # seconds, as nbval in `make test`
ALT_LIMIT = 300  # characters of alt text
LESSON_MODULE = re.compile(r"lesson\d\d\.py")  # utils/lessons/lessonNN.py: one lesson's code


# ---------------------------------------------------------------------------
# 1. Prepare the pages
# ---------------------------------------------------------------------------

def launch_buttons(path: str) -> str:
    """HTML links that open ``path`` (e.g. lessons/03_x.ipynb) on Binder and Colab."""
    return (f'<span class="course-launch"><a class="course-launch-button" href="{course.binder_url(path)}">'
            f'Launch on Binder</a> <a class="course-launch-button" href="{course.colab_url(path)}">'
            f"Open in Colab</a></span>")


def source_links(name: str) -> str:
    """"Download the course" (the zip: a notebook needs utils/ beside it, so it comes first), "Download
    notebook" (a copy served by the site) and "View source on GitHub" for lesson ``name``."""
    return (f'<a class="course-source-link" href="{course.zip_url()}">Download the course</a> '
            "(each notebook runs beside the course's utils/ folder) · "
            f'<a class="course-source-link" href="../{NOTEBOOKS}/{name}" download>'
            "Download this notebook</a> · "
            f'<a class="course-source-link" href="{course.repo_url()}/blob/{course.BRANCH}/lessons/{name}">'
            "View source on GitHub</a>")


# "lesson 05", and each number of "lessons 03-05", "lessons 04, 05 and 06" (review r13: only 03 linked).
_LESSON_MENTION = re.compile(r"(?<![\w/`\[])([Ll]essons? )(\d\d?)\b"
                             r"((?:(?:\s*[-–]\s*|,\s*|\s+(?:and|or|to)\s+)\d\d\b)*)(?![^\[]*\]\()")
# A lesson's closing line, "Next: **04 · A CNN with Flatten**", and the guide named by its path.
_NEXT_LESSON = re.compile(r"(?<!\[)\*\*(\d\d) · ([^*\n]+)\*\*")
_GUIDE_PATH = "`instructors/README.md`"


def link_lessons(markdown: str, names: list[str], folder: str, here: str | None = None) -> str:
    """Every "lesson NN" and "**NN · Title**" in ``markdown`` (outside code, links and headings) links to
    that lesson's page, and the guide's path `instructors/README.md` links to the guide.

    ``folder`` is where the page lives ("lessons" or "instructors"); ``here`` is the page's own lesson.
    """
    pages = {name[:2]: name for name in names}
    prefix = "" if folder == "lessons" else "../lessons/"

    def linked(text: str, number: str) -> str:
        name = pages.get(f"{int(number):02d}")
        return text if name is None or name == here else f"[{text}]({prefix}{name})"

    def link(match: re.Match) -> str:
        rest = re.sub(r"\d\d", lambda m: linked(m.group(0), m.group(0)), match.group(3))
        return linked(match.group(1) + match.group(2), match.group(2)) + rest

    def link_title(match: re.Match) -> str:
        name = pages.get(match.group(1))
        return match.group(0) if name is None or name == here else f"[{match.group(0)}]({prefix}{name})"

    guide = "README.md" if folder == "instructors" else "../instructors/README.md"

    out = []
    fenced = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or line.lstrip().startswith(("#", "<")):
            out.append(line)
            continue
        parts = re.split(r"(`[^`]*`)", line)  # leave inline code alone, except the guide's path
        out.append("".join(f"[the instructor guide]({guide})"
                           if part == _GUIDE_PATH and folder != "instructors"
                           # a lesson's file name, e.g. in the guide's tables, links to its page (review r20)
                           else f"[{part}]({prefix}{part[1:-1]})"
                           if part.startswith("`") and part[1:-1] in names and part[1:-1] != here
                           and f"[{part}](" not in line
                           else part if part.startswith("`")
                           else _NEXT_LESSON.sub(link_title, _LESSON_MENTION.sub(link, part))
                           for part in parts))
    return "\n".join(out)


def _source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _fold(cell: dict, tag: str, what: str) -> None:
    """Fold a cell behind a "Show <what>" toggle (MyST-NB's hide-input / hide-cell tags)."""
    metadata = cell.setdefault("metadata", {})
    metadata["tags"] = [*metadata.get("tags", []), tag]
    metadata["mystnb"] = {"code_prompt_show": f"Show {what}", "code_prompt_hide": f"Hide {what}"}


def page_notebook(solution: dict, name: str) -> dict:
    """The lesson page before execution: learner cells, each exercise followed by its solution."""
    path = f"lessons/{name}"
    page = build_lessons.to_lesson(solution, path)
    names = [p.name for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))]
    for cell in page["cells"]:
        badges = build_lessons.BADGES_TAG in cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown" and not badges:
            cell["source"] = link_lessons(_source(cell), names, "lessons", here=name)
    answers = {c.get("id"): c for c in build_lessons.normalise(solution, path)["cells"]}
    cells = []
    for cell in page["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if build_lessons.BADGES_TAG in tags:
            cell["source"] = f'<p class="course-launch-row">{launch_buttons(path)} {source_links(name)}</p>'
        elif build_lessons.SETUP_TAG in tags:  # the same in every lesson: folded, its output shown
            _fold(cell, "hide-input", "the set-up code")
        cells.append(cell)
        answer = answers.get(cell.get("id"))
        if cell["cell_type"] == "code" and answer is not None and build_lessons.BEGIN in answer["source"]:
            code = [line for line in answer["source"].split("\n")
                    if line.strip() not in (build_lessons.BEGIN, build_lessons.END)]
            answer_cell = {"cell_type": "code", "id": f"{cell['id'][:50]}-solution", "execution_count": None,
                           "outputs": [], "source": "\n".join(code), "metadata": {"tags": [SOLUTION_TAG]}}
            _fold(answer_cell, "hide-cell", "solution")  # code and output behind one "Show solution"
            cells.append(answer_cell)
    page["cells"] = cells
    return page


# ---------------------------------------------------------------------------
# 2. Execute (cached)
# ---------------------------------------------------------------------------

def kernel_env() -> dict[str, str]:
    """The environment of every kernel: offline guard on, lenient checks, quiet TensorFlow."""
    env = dict(os.environ)
    offline = str(ROOT / "tests" / "offline")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (offline, env.get("PYTHONPATH")) if p)
    env.update(COURSE_OFFLINE_GUARD="1", COURSE_STRICT_CHECKS="0", TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("MPLBACKEND", None)  # the set-up cell's `%matplotlib inline` must win, as for a learner
    return env


def _code_cells(nb: dict) -> list[dict]:
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def inputs_key(nb: dict, number: str) -> str:
    """Hash of what lesson ``number``'s run depends on: its code cells, utils/, the requirements, Python.

    Markdown is left out (as jupyter-cache does), so a change to the prose re-renders without
    re-running; utils/ is in (unlike jupyter-cache), since the figures are drawn there, except the
    other lessons' modules (utils/lessons/lessonNN.py imports no other lesson, by design).
    """
    digest = hashlib.sha256(json.dumps([_source(c) for c in _code_cells(nb)]).encode())
    for path in sorted((ROOT / "utils").rglob("*")):
        other_lesson = LESSON_MODULE.fullmatch(path.name) and not path.name.startswith(f"lesson{number}")
        if path.is_file() and "__pycache__" not in path.parts and not other_lesson:
            digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    digest.update((ROOT / "requirements.txt").read_bytes() + sys.version.encode())
    return digest.hexdigest()[:20]


def execute(nb_text: str, name: str) -> tuple[str, float]:
    """Run a notebook in a fresh kernel in lessons/ (a process-pool worker): (executed, seconds)."""
    import nbclient
    import nbformat

    nb = nbformat.reads(nb_text, as_version=4)
    started = time.monotonic()
    client = nbclient.NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name="python3", store_widget_state=True, record_timing=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no start-up notices on the console
        resources={"metadata": {"path": str(ROOT / "lessons")}})
    try:
        client.execute(env=kernel_env())
    except nbclient.exceptions.CellExecutionError as exc:
        raise RuntimeError(f"{name}: a cell failed while building the site:\n{exc}") from None
    seconds = time.monotonic() - started
    print(f"  executed {name} in {seconds:.0f} s", flush=True)
    return nbformat.writes(nb), seconds


def with_outputs(nb: dict, executed: dict) -> dict:
    """``nb`` with the outputs (and widget state) of ``executed``, a run of the same code cells."""
    nb = copy.deepcopy(nb)
    for cell, ran in zip(_code_cells(nb), _code_cells(executed), strict=True):
        cell["outputs"], cell["execution_count"] = ran["outputs"], ran["execution_count"]
    if "widgets" in executed.get("metadata", {}):
        nb["metadata"]["widgets"] = executed["metadata"]["widgets"]
    return nb


def _is_solution(cell: dict) -> bool:
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def learner_page(page: dict) -> dict:
    """The page without its solution cells: exactly the code a learner's notebook runs."""
    return {**page, "cells": [cell for cell in page["cells"] if not _is_solution(cell)]}


def _output_text(cell: dict) -> str:
    """The text a code cell printed or displayed (streams, plain text, errors)."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
        parts.append(out.get("evalue", ""))
    return "\n".join(parts)


def _import_names(node: ast.Import | ast.ImportFrom) -> set[str]:
    """The names an import statement binds (``import a.b`` binds ``a``)."""
    return {(alias.asname or alias.name).split(".")[0] for alias in node.names}


def _changed_names(source: str, modules: set[str]) -> set[str] | None:
    """The names a cell binds or changes: assigned, defined or imported, or a variable (not one of the
    ``modules``) that it subscripts, sets an attribute of or calls a method on. None: not Python."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= _import_names(node)
        elif isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.value, ast.Name):
            if not isinstance(node.ctx, ast.Load) or node.value.id not in modules:
                names.add(node.value.id)  # x[i] = ..., x.a = ..., x.append(...): x may have changed
    return names


def _imported(nb: dict) -> set[str]:
    """Names the page's cells bind by ``import`` (modules: calling their functions changes no variable)."""
    names = set()
    for cell in _code_cells(nb):
        try:
            tree = ast.parse(_source(cell).replace("%matplotlib", "# %matplotlib"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names |= _import_names(node)
    return names


def _later_attempts(page: dict) -> list[dict] | None:
    """The learner cells after the page's first worked answer, if each is an exercise's attempt (the cell
    right before its worked answer); None if any other learner cell comes after it."""
    code = _code_cells(page)
    first = next((i for i, cell in enumerate(code) if _is_solution(cell)), len(code))
    later = [i for i in range(first, len(code)) if not _is_solution(code[i])]
    if any(i + 1 == len(code) or not _is_solution(code[i + 1]) for i in later):
        return None
    return [code[i] for i in later]


def _answer_readers(page: dict) -> list[dict] | None:
    """The learner cells that read a name an earlier worked answer bound or changed (they may print
    what the answer caused); None when an answer is not plain Python (then any cell may)."""
    modules, changed, readers = _imported(page), set(), []
    for cell in _code_cells(page):
        if _is_solution(cell):
            names = _changed_names(_source(cell), modules)
            if names is None:
                return None
            changed |= names
        elif changed & set(re.findall(r"\b[A-Za-z_]\w*\b", _source(cell))):
            readers.append(cell)
    return readers


def learner_run_needed(page: dict) -> bool:
    """Whether a page needs a second run without its worked answers (for ``merged_page``).

    The page's own run is the learner's notebook up to the first worked answer. After it, a learner
    cell may print what an answer caused, unless it is an exercise's attempt that reads no name an
    earlier answer bound or changed: then it runs as in the learner's notebook, and it prints
    "not attempted" (``_quiet_attempts`` checks that after the run). So only a page with some other
    cell after its first answer, or an attempt reading an answer's name, runs twice.
    """
    return _later_attempts(page) is None or _answer_readers(page) != []


def _quiet_attempts(full: dict) -> bool:
    """After a single run: every attempt after the first worked answer printed "not attempted", so
    ``merged_page`` leaves it off the page as it would after a learner's run."""
    attempts = _later_attempts(full)
    return attempts is not None and all("not attempted" in _output_text(cell) for cell in attempts)


def _shown(cell: dict) -> str:
    """What a code cell's outputs show (not their execution counts or metadata)."""
    return json.dumps([{k: v for k, v in out.items() if k not in ("execution_count", "metadata")}
                       for out in cell.get("outputs", [])], sort_keys=True)


def _with_answers_output(cell: dict) -> dict:
    """A copy of a learner cell that shows only its output from the run with the worked answers, folded
    behind "Show the output with the worked answers" (review r13: lesson 08 compared no designs)."""
    folded = {**copy.deepcopy(cell), "id": f"{cell['id'][:40]}-with-answers",
              "metadata": {"tags": [WORKED_TAG, "remove-input"]}}
    _fold(folded, "hide-output", "the output with the worked answers")
    return folded


def merged_page(full: dict, learner: dict) -> dict:
    """Each cell's outputs from the run a reader would see them in.

    A learner's cell shows what it prints in the learner's notebook, where every exercise still reads
    ``...``: so no output that depends on a worked answer (a score, a shape, a later cell's result)
    appears before its "Show solution". Only the solution cells keep the outputs of the run that
    includes the worked answers. A learner cell that reads an answer's name and printed something else
    with the answers (lesson 08's comparison of the designs) is followed by that output, folded.
    ``learner`` is ``full`` itself for a page that needs no learner run.
    """
    page = copy.deepcopy(full)
    ran = {cell.get("id"): cell for cell in _code_cells(learner)}
    readers = {cell.get("id") for cell in _answer_readers(page) or []}
    cells, worked = page["cells"], []
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code" or _is_solution(cell):
            continue
        if cell.get("id") in readers and _shown(cell) != _shown(ran[cell.get("id")]):
            worked.append((cell, _with_answers_output(cell)))  # e.g. lesson 08's comparison, with designs
        cell["outputs"] = ran[cell.get("id")]["outputs"]
        cell["execution_count"] = ran[cell.get("id")]["execution_count"]
        # An exercise's empty attempt prints "not attempted": noise to a reader who cannot run it, right
        # above the "Show solution" that answers it (review r11).
        if i + 1 < len(cells) and _is_solution(cells[i + 1]) and "not attempted" in _output_text(cell):
            cell["outputs"] = []
    for cell, folded in worked:  # right after the learner's output, behind its own fold
        cells.insert(cells.index(cell) + 1, folded)
    state = page.setdefault("metadata", {}).setdefault("widgets", {}).setdefault(WIDGET_STATE, {})
    state.setdefault("state", {}).update(
        learner.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}))
    return page


def executed_pages(pages: dict[str, dict], jobs: int) -> dict[str, dict]:
    """Every page executed: from build/site-cache/ when its inputs are unchanged, else run now."""
    CACHE.mkdir(parents=True, exist_ok=True)
    results, todo = {}, {}
    for name, nb in pages.items():
        cached = CACHE / f"{Path(name).stem}-{inputs_key(nb, name[:2])}.ipynb"
        if cached.exists():
            results[name] = with_outputs(nb, json.loads(cached.read_text(encoding="utf-8")))
        else:
            todo[name] = cached
    if todo:
        print(f"executing {len(todo)} notebook(s), {jobs} at a time", flush=True)
        # Longest first, so the last one to finish is a short one: the last run's time, else code size.
        seconds = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
        order = sorted(todo, key=lambda n: -seconds.get(n, len(json.dumps(_code_cells(pages[n]))) / 100))
        # Fresh worker processes ("spawn"): each starts its own kernels, nothing shared but the files.
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            futures = {pool.submit(execute, build_lessons.dumps(pages[n]), n): n for n in order}
            for future in concurrent.futures.as_completed(futures):
                name = futures[future]
                text, seconds[name] = future.result()
                TIMINGS.write_text(json.dumps(seconds, indent=1))
                for old in CACHE.glob(f"{Path(name).stem}-*.ipynb"):
                    old.unlink()
                todo[name].write_text(text, encoding="utf-8")
                results[name] = with_outputs(pages[name], json.loads(text))
    return {name: results[name] for name in pages}


# ---------------------------------------------------------------------------
# 3. Static widgets and alt text
# ---------------------------------------------------------------------------

# A panel cell with this tag shows, at its default values, what the code cells just above it printed and
# drew (lessons show the default view first, then the panel): on the site it gets a note, not a copy.
DEFAULT_ABOVE_TAG = "course-default-above"
ABOVE_CELLS = 3  # how many code cells above such a panel may hold that output


def _widget_parts(model_id: str, state: dict, parts: dict) -> None:
    """Collect what a saved widget shows: control values, HTML/text, and PNG figures."""
    model = state.get(model_id.removeprefix("IPY_MODEL_"))
    if model is None:
        return
    name, values = model.get("model_name", ""), model.get("state", {})
    layout = state.get(str(values.get("layout", "")).removeprefix("IPY_MODEL_"), {})
    if layout.get("state", {}).get("display") == "none":
        return  # hidden (e.g. a panel's figure slot when there is no figure)
    if "children" in values:
        for child in values["children"]:
            _widget_parts(child, state, parts)
    elif name in ("HTMLModel", "HTMLMathModel"):
        parts["html"].append(values.get("value", ""))
    elif name == "LabelModel":
        parts["html"].append(f"<p>{html.escape(str(values.get('value', '')))}</p>")
    elif name == "ImageModel":
        buffer = next((b for b in model.get("buffers", []) if b.get("path") == ["value"]), None)
        if buffer and buffer.get("data"):
            parts["images"].append((values.get("format", "png"), buffer["data"], values.get("width", "")))
    elif name == "OutputModel":
        for output in values.get("outputs", []):
            data = output.get("data", {})
            if output.get("output_type") == "stream" or "text/plain" in data and len(data) == 1:
                text = output.get("text") or data.get("text/plain", "")
                parts["html"].append(f"<pre>{html.escape(''.join(text))}</pre>")
            elif "image/png" in data:
                parts["images"].append(("png", "".join(data["image/png"]).replace("\n", ""), ""))
            elif "text/html" in data:
                parts["html"].append("".join(data["text/html"]))
    elif values.get("description") and ("value" in values or "index" in values):
        labels = values.get("_options_labels")
        value = labels[values["index"]] if labels and values.get("index") is not None else values.get("value")
        parts["controls"].append(f"{values['description']} = {value}")


# ---------------------------------------------------------------------------
# Live panels: pure-math panels work on the page without a kernel
# ---------------------------------------------------------------------------

LIVE_FULL_GRID = 5_000  # a panel with at most this many states has every state computed
LIVE_MAX_AWAY = 2  # else: every state with at most this many controls away from their defaults,
LIVE_ALL_OPTIONS = 6  # and every mix of start/lowest/highest values (all options of a short list)


def _choices(control: Any) -> tuple[list, list[str]]:
    """A control's reachable values and their labels (an IntSlider's steps, a Dropdown's options)."""
    if hasattr(control, "options"):
        labels = list(getattr(control, "_options_labels", [str(v) for v in control.options]))
        values = list(getattr(control, "_options_values", control.options))
        return values, [str(label) for label in labels]
    values = list(range(control.min, control.max + 1, control.step))
    return values, [str(v) for v in values]


def _states(sizes: list[int], defaults: list[int]) -> list[tuple[int, ...]]:
    """Index tuples to compute: the whole grid when small, else those near the defaults."""
    total = math.prod(sizes)
    if total <= LIVE_FULL_GRID:
        return list(itertools.product(*(range(n) for n in sizes)))
    states = set()
    for away in itertools.combinations(range(len(sizes)), min(LIVE_MAX_AWAY, len(sizes))):
        ranges = [range(sizes[i]) if i in away else [defaults[i]] for i in range(len(sizes))]
        states.update(itertools.product(*ranges))
    # ... and every mix of each control at its start, its lowest or its highest value ("set block 2
    # and 3 to 0"), with every option of a short list (a dropdown).
    corners = [range(n) if n <= LIVE_ALL_OPTIONS else sorted({0, d, n - 1}) for n, d in zip(sizes, defaults)]
    if math.prod(len(c) for c in corners) <= LIVE_FULL_GRID:
        states.update(itertools.product(*corners))
    return sorted(states)


def live_spec(panel: Any) -> dict | None:
    """What the page needs to replay ``panel`` without a kernel, or None when it draws a figure.

    Every state is computed here, at build time, by the panel's own update function and rendered by
    the same ``utils.panel.render`` the kernel uses, so the page shows exactly what a kernel would.
    The texts are stored once each, as lists of shared lines (a panel's states share most lines).
    """
    import matplotlib.pyplot as plt

    from utils import panel as panels

    names = list(panel.controls)
    choices = [_choices(panel.controls[n]) for n in names]
    defaults = [values.index(panel.controls[n].value) for n, (values, _) in zip(names, choices)]
    lines: dict[str, int] = {}
    texts: dict[tuple[int, ...], int] = {}
    table: dict[str, int] = {}
    for state in _states([len(values) for values, _ in choices], defaults):
        try:
            body, figure = panels.render(panel.update_function(
                **{n: choices[i][0][k] for i, (n, k) in enumerate(zip(names, state))}))
        except ValueError as exc:  # shown as the panel shows an impossible setting
            body, figure = panels.error_html(exc), None
        if figure is not None:
            plt.close(figure)
            return None
        key = tuple(lines.setdefault(line, len(lines)) for line in body.split("\n"))
        table[",".join(map(str, state))] = texts.setdefault(key, len(texts))
    return {"controls": [{"name": n, "description": panel.controls[n].description, "labels": labels,
                          "slider": not hasattr(panel.controls[n], "options"), "default": d}
                         for n, (_, labels), d in zip(names, choices, defaults)],
            "lines": list(lines), "texts": [list(t) for t in texts], "states": table,
            "complete": len(table) == math.prod(len(v) for v, _ in choices)}


def live_panels(number: str) -> dict[str, dict]:
    """Lesson ``number``'s live panels, keyed by the HTML their text shows at the default values."""
    sys.path.insert(0, str(ROOT))
    from utils import lessons
    from utils import panel as panels

    name = f"lesson{number}"
    if name not in lessons.lesson_names():
        return {}
    found = {}
    for builder in getattr(lessons.load(name), "PANELS", []):
        if getattr(builder, "needs_kernel", False):  # its point is the kernel's answer (lesson 00)
            continue
        built = builder()
        try:
            spec = live_spec(built)
            if spec is not None:
                found[panels.render(built.update_function(**built.values()))[0]] = spec
        finally:
            built.close()
    return found


def _plain_text(markup: str) -> str:
    """HTML reduced to one line of plain text (for alt attributes)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _markdown_text(markdown: str) -> str:
    """Markdown reduced to one line of plain text: links keep their text, no code or bold marks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return _plain_text(re.sub(r"`|\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text))


def live_widget(spec: dict, path: str, default_html: str) -> str:
    """HTML of a panel that works without a kernel: real controls and the precomputed texts."""
    controls = []
    for index, control in enumerate(spec["controls"]):
        label = html.escape(control["description"])
        if control["slider"]:
            value = html.escape(control["labels"][control["default"]])
            widget = (f'<input type="range" min="0" max="{len(control["labels"]) - 1}" step="1" '
                      f'value="{control["default"]}" data-index="{index}" aria-valuetext="{value}"> '
                      f'<span class="course-live-value">{value}</span>')
        else:
            options = "".join(f'<option value="{i}"{" selected" if i == control["default"] else ""}>'
                              f"{html.escape(text)}</option>" for i, text in enumerate(control["labels"]))
            widget = f'<select data-index="{index}">{options}</select>'
        controls.append(f'<label class="course-live-control"><span>{label}</span> {widget}</label>')
    # One short line (review r19 found 45 words here): what works without a kernel, and where to go for more.
    coverage = ("every setting computed in advance. To change the code" if spec["complete"] else
                f"up to {LIVE_MAX_AWAY} controls moved at a time, computed in advance. For more, or to "
                "change the code")
    data = json.dumps(spec, separators=(",", ":")).replace("</", "<\\/")
    return "\n".join([
        '<div class="course-widget-static course-live">',
        f'<p class="course-widget-note">Live on this page, no kernel needed: {coverage}: '
        f"{launch_buttons(path)}</p>",
        f'<div class="course-live-controls">{"".join(controls)}</div>',
        f'<div class="course-widget-text course-live-output" aria-live="polite">{default_html}</div>',
        f'<script type="application/json" class="course-live-spec">{data}</script>',
        "</div>"])


def static_widget(output: dict, state: dict, path: str, intro: str, live: dict | None = None,
                  above: str | None = None) -> dict:
    """A display_data output showing a widget's saved view, a kernel note and launch buttons.

    A pure-math panel whose saved text matches one of ``live`` (see :func:`live_panels`) becomes a
    live panel instead. ``above`` is the text printed by the cells just above a panel tagged
    :data:`DEFAULT_ABOVE_TAG`: its view at the default values is that output, so the page says so
    instead of showing the same figure twice (checked: the panel's text must be in ``above``).
    """
    parts: dict = {"controls": [], "html": [], "images": []}
    _widget_parts(output["data"][WIDGET_MIME]["model_id"], state, parts)
    spec = (live or {}).get("".join(parts["html"]))
    if spec is not None and not parts["images"]:
        return {"output_type": "display_data", "metadata": {},
                "data": {"text/html": live_widget(spec, path, "".join(parts["html"])),
                         "text/plain": _plain_text(" ".join(parts["html"]))}}
    if not parts["html"] and not parts["images"]:  # nothing saved: fall back to the text repr
        parts["html"].append(f"<pre>{html.escape(''.join(output['data'].get('text/plain', '')))}</pre>")
    controls = " · ".join(html.escape(str(c)) for c in parts["controls"])
    if above is not None:
        shown = _plain_text(" ".join(parts["html"]))
        if not shown or shown not in " ".join(above.split()):
            raise ValueError(f"{path}: a panel tagged {DEFAULT_ABOVE_TAG} shows text that no output just "
                             f"above it printed ({shown[:120]!r}): its default view is not the one above; "
                             "remove the tag or show the panel's default view above it")
        note = ('<p class="course-widget-note">Static view: the controls need a running kernel. At its '
                f"default values ({controls}) this panel shows the output above. {launch_buttons(path)}</p>")
        return {"output_type": "display_data", "metadata": {},
                "data": {"text/html": f'<div class="course-widget-static">\n{note}\n</div>',
                         "text/plain": _plain_text(note)}}
    described = f"the widget at its default values ({_plain_text(controls)})" if controls else "the widget"
    shown = _plain_text(" ".join(parts["html"]))  # the panel's own text says what its figure shows
    alt = f"Figure of {described}. " + (shown[:ALT_LIMIT].rsplit(" ", 1)[0] + " …" if len(shown) > ALT_LIMIT
                                        else shown or intro)
    body = [
        '<div class="course-widget-static">',
        '<p class="course-widget-note">Static view at the default values: the sliders need a running '
        f"kernel. {launch_buttons(path)}</p>",
        f'<p class="course-widget-controls">{controls}</p>' if controls else "",
        *(f'<div class="course-widget-text">{part}</div>' for part in parts["html"]),
        *(f'<img class="course-widget-figure" src="data:image/{"svg+xml" if fmt == "svg" else fmt};base64,'
          f'{data}" alt="{html.escape(alt)}"{f" width={width!r}" if width else ""}>'
          for fmt, data, width in parts["images"]),
        "</div>",
    ]
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/html": "\n".join(b for b in body if b),
                     "text/plain": _plain_text(" ".join(parts["html"]))}}


def _shorten(text: str, limit: int = ALT_LIMIT) -> str:
    """Whole sentences from the end of ``text`` up to ``limit`` characters (at least one)."""
    sentences = re.split(r"(?<=[.:!?])\s+", text.strip())
    kept: list[str] = []
    for sentence in reversed(sentences):
        if kept and len(" ".join([sentence, *kept])) > limit:
            break
        kept.insert(0, sentence)
    short = " ".join(kept)
    return short if len(short) <= limit else short[: limit - 1].rstrip() + "…"


def introducing_sentence(markdown: str) -> str:
    """The last paragraph of a markdown cell as plain text (headings and folded hints skipped)."""
    inner = re.compile(r"<details>(?:(?!<details>).)*?</details>", re.S)  # innermost first: hints nest
    while inner.search(markdown):
        markdown = inner.sub(" ", markdown)
    texts = [_markdown_text(p) for p in re.split(r"\n\s*\n", markdown) if not p.lstrip().startswith("#")]
    texts = [t for t in texts if t]
    return _shorten(texts[-1]) if texts else ""


def _is_table(text: str) -> bool:
    """Printed text laid out in aligned columns (it must scroll sideways, never wrap, on a phone)."""
    lines = [line for line in text.splitlines() if line.strip()]
    aligned = [line for line in lines if re.search(r"\S {2,}\S", line.strip())]
    return len(aligned) >= 3 and len(aligned) >= len(lines) / 2 and max(map(len, lines)) > 50


def scrub_paths(text: str) -> str:
    """Outputs name the course folder as a learner's clone would, never this machine's folder."""
    return text.replace(str(ROOT), course.GITHUB_REPO.split("/")[1]).replace(
        f"course root: {ROOT.name}/", f"course root: {course.GITHUB_REPO.split('/')[1]}/")


def _joined_streams(outputs: list[dict]) -> list[dict]:
    """Consecutive chunks of one stream as one output: how a kernel flushed a print is not part of it
    (review r16: a table printed in 3 chunks became a table box between two plain boxes, out of order)."""
    joined: list[dict] = []
    for output in outputs:
        last = joined[-1] if joined else None
        if (output.get("output_type") == "stream" and last is not None
                and last.get("output_type") == "stream" and last.get("name") == output.get("name")):
            text = _source({"source": last["text"]}) + _source({"source": output["text"]})
            joined[-1] = {**last, "text": text}
        else:
            joined.append(output)
    return joined


def static_page(nb: dict, name: str) -> dict:
    """The executed page with widgets made static, alt text on every image, no widget state."""
    nb = json.loads(scrub_paths(json.dumps(copy.deepcopy(nb))))
    state = nb.get("metadata", {}).pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    intro, live = "", live_panels(name[:2])
    printed: list[str] = []  # what the last code cells printed (for a panel tagged DEFAULT_ABOVE_TAG)
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            intro = introducing_sentence(_source(cell)) or intro
            continue
        if cell["cell_type"] != "code":
            continue
        tagged = DEFAULT_ABOVE_TAG in cell["metadata"].get("tags", [])
        above = " ".join(printed[-ABOVE_CELLS:]) if tagged else None
        printed.append(" ".join(_source({"source": o["text"]}) for o in cell.get("outputs", [])
                                if o.get("output_type") == "stream"))
        outputs = []
        for output in _joined_streams(cell.get("outputs", [])):
            if output.get("output_type") == "stream" and not _source({"source": output["text"]}).strip():
                continue  # a lone newline would be an empty grey box (review r16)
            if WIDGET_MIME in output.get("data", {}):
                output = static_widget(output, state, f"lessons/{name}", intro, live, above)
            elif output.get("output_type") == "stream" and _is_table(_source({"source": output["text"]})):
                table = html.escape(_source({"source": output["text"]}))
                output = {"output_type": "display_data", "metadata": {}, "data": {
                    "text/html": f'<pre class="course-table">{table}</pre>', "text/plain": output["text"]}}
            outputs.append(output)
        cell["outputs"] = outputs
        figures = [o for o in outputs if any(mime in o.get("data", {}) for mime in IMAGE_MIMES)]
        if figures:
            # Each figure describes itself (utils.alt_text: what is plotted, what to notice).
            described = [_source({"source": o["data"].get("text/plain", "")}) for o in figures]
            described = [d.strip() for d in described if d.strip() and not d.startswith("<Figure")]
            options = cell.setdefault("metadata", {}).setdefault("mystnb", {}).setdefault("image", {})
            options.setdefault("alt", " ".join(dict.fromkeys(described)) or intro
                               or f"Figure made by the code above ({name}).")
    return nb


# ---------------------------------------------------------------------------
# 4. Landing page, instructor guide, render
# ---------------------------------------------------------------------------

LANDING = """\
# {title}

{pitch}

<a class="course-start-here" href="lessons/{first}.html">Start here: {first_title} →</a>

## Lessons

Every page below is the lesson as it runs, with every figure and printed shape. The exercises appear as
you will see them, with a worked answer behind each **Show solution**. Read here, then launch a lesson
on Binder or Colab (the buttons on each page) or run it locally to move the sliders and try the exercises.

<div class="course-lessons">

{table}

</div>

## Run it yourself

On your own machine (Python 3.11 to 3.13 and `make`): clone [the repository]({repo}), then
`make lab` creates a virtual environment, installs the requirements and opens JupyterLab at lesson 00.
The [README]({repo}#readme) shows the steps without `make` (e.g. on Windows).

{where}

## For instructors

The [instructor guide](instructors/README.md) plans a 3-hour workshop: timings, learning objectives,
room set-up, the misconceptions to watch for, answers and discussion prompts for every exercise, and
what to cut when short of time.

```{{toctree}}
:hidden:
:caption: Lessons

{toc}
```

```{{toctree}}
:hidden:
:caption: For instructors

instructors/README
instructors/answers
```
"""


def readme_section(readme: str, heading: str | None) -> str:
    """The body of README's ``## heading`` section, or the text before the first ``##`` (None)."""
    parts = re.split(r"^## ", readme, flags=re.M)
    if heading is None:
        return re.sub(r"^# .*\n", "", parts[0]).strip()
    for part in parts[1:]:
        title, _, body = part.partition("\n")
        if title.strip() == heading:
            return body.strip()
    raise ValueError(f"README.md has no '## {heading}' section (the site's landing page uses it)")


def landing_page(solutions: dict[str, dict]) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = ["| # | lesson | time | what you will do | launch |", "|---|---|---|---|---|"]
    # README's rows, with the lesson's title as the link to its page instead of "open".
    rows += [re.sub(r"^\| (\d+) \| ([^|]+?) \|(.*)\[open\]\(([^)]+)\) · ", r"| \1 | [\2](\4) |\3",
                    build_lessons.lesson_row(nb, name)) for name, nb in solutions.items()]
    return LANDING.format(
        title=course.TITLE, table="\n".join(rows),
        pitch="\n\n".join(paragraph for paragraph in readme_section(readme, None).split("\n\n")
                          if course.pages_url() not in paragraph),  # the site needs no link to itself
        repo=course.repo_url(), where=readme_section(readme, "Where to run it"),
        toc="\n".join(f"lessons/{Path(name).stem}" for name in solutions),
        first=Path(next(iter(solutions))).stem, first_title=f"lesson {next(iter(solutions))[:2]}")


def repo_links(markdown: str, folder: str, pages: tuple[str, ...] = ()) -> str:
    """Relative links to repository files that are not pages become links to GitHub; ``pages`` names
    targets that only the site has (the guide's answers page)."""
    def fix(match: re.Match) -> str:
        target = match.group(2)
        if (re.match(r"^([a-z]+:|#|/)", target) or target.startswith(("lessons/", "../lessons/"))
                or target.split("#")[0] in pages):
            return match.group(0)
        path = os.path.normpath(os.path.join(folder, target.split("#")[0])).replace(os.sep, "/")
        if path.startswith("solutions/") and path.endswith(".ipynb"):  # the page has the solutions
            lesson = "lessons/" + path.removeprefix("solutions/")
            return f"{match.group(1)}({os.path.relpath(lesson, folder)})"
        return f"{match.group(1)}({course.repo_url()}/blob/{course.BRANCH}/{path})"
    return re.sub(r"(\[[^\]]*\])\(([^)\s]+)\)", fix, markdown)


ANSWERS_HEADING = "## Answers and discussion prompts"
NOTES_HEADING = "## Capstone notes and pitfalls"
ANSWERS_PAGE = """---
nosearch: true
---
# Answers and discussion prompts

{intro}

Each lesson's answers are folded: open only the lesson you are teaching. This page is left out of the
site's search, so that a learner searching a lesson's topic does not land on its answers.

{sections}
"""


def guide_pages(guide: str, names: list[str], titles: dict[str, str] | None = None) -> tuple[str, str]:
    """The instructor guide as two pages: the guide, and its answers folded by lesson (not searched).

    ``titles``: each notebook's title (e.g. "Flatten"), shown in its "Show the answers for" line."""
    titles = titles or {}
    notes_start = guide.find(NOTES_HEADING + "\n")
    notes = ""
    if notes_start >= 0:  # the capstone's notes describe passing designs: they go with the answers
        notes_end = guide.find("\n## ", notes_start + len(NOTES_HEADING))
        notes = guide[notes_start + len(NOTES_HEADING) + 1:notes_end]
        guide = (guide[:notes_start] + NOTES_HEADING + "\n\nThe capstone's notes describe designs that pass: "
                 "they are folded on [the answers page](answers.md).\n" + guide[notes_end:])
    before, found, rest = guide.partition(ANSWERS_HEADING + "\n")
    if not found:
        raise ValueError(f"instructors/README.md has no '{ANSWERS_HEADING}' section (the site folds it)")
    answers, _, after = rest.partition("\n## ")
    after = "## " + after if after else ""
    intro, *sections = re.split(r"^### ", answers, flags=re.M)
    if notes:
        sections.append("Capstone notes and pitfalls\n" + notes)
    from markdown_it import MarkdownIt  # MyST's own Markdown parser

    parser = MarkdownIt("commonmark").enable("table")
    folded = []
    for section in sections:
        title, _, body = section.partition("\n")
        body = repo_links(link_lessons(body, names, "instructors"), "instructors")
        html_body = re.sub(r'href="(\.\./lessons/[^"#]+)\.ipynb', r'href="\1.html', parser.render(body))
        notebook = title.strip().strip("`")
        summary = html.escape(f"lesson {notebook[:2]}: {titles.get(notebook, notebook)}"
                              if notebook[:2].isdigit() else f"the {notebook[0].lower()}{notebook[1:]}")
        folded.append(f'<details class="course-answers">\n<summary>Show the answers for {summary}'
                      f"</summary>\n\n{html_body}\n</details>\n")
    guide_page = (before + ANSWERS_HEADING + "\n\nThe answers to every exercise, with the typical wrong "
                  "answers and a prompt for the room, are on [a page of their own](answers.md), folded by "
                  "lesson.\n\n" + after)
    answers_page = ANSWERS_PAGE.format(intro=repo_links(intro.strip(), "instructors"),
                                       sections="\n".join(folded))
    # Review r11: "answers.md" is a page of the site, not a file of the repository.
    guide_page = repo_links(link_lessons(guide_page, names, "instructors"), "instructors",
                            pages=("answers.md",))
    return guide_page, answers_page


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds it (keeps mtimes for Sphinx's incremental build)."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def prune(published: set[str], notebooks: set[str]) -> None:
    """Delete what Sphinx leaves behind from earlier builds: old pages, notebooks and unused figures."""
    for notebook in (OUT / NOTEBOOKS).glob("*.ipynb"):
        if notebook.name not in notebooks:
            notebook.unlink()
    for page in OUT.rglob("*.html"):
        if "_static" not in page.parts and page.relative_to(OUT).as_posix() not in published:
            page.unlink()  # e.g. a removed lesson: it would stay published
    shown = {name for page in OUT.rglob("*.html") for name in re.findall(
        r"_images/([^\"'?#]+)", page.read_text(encoding="utf-8"))}
    for image in (OUT / "_images").glob("*"):
        if image.name not in shown:
            image.unlink()  # figures are named by their hash: each change leaves the old one


# Font Awesome: the theme loads all 2,000+ icons (1.56 MB of JavaScript) to draw about ten.
FONTAWESOME = "_static/scripts/fontawesome.js"
ICONS_JS = "_static/course-icons.js"
_PACK = {"fa-brands": "fab", "fab": "fab", "fa-regular": "far", "far": "far", "fa-solid": "fas", "fas": "fas"}
_ICON = re.compile(r'[,{]"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[([^\]]*)\],(?:"[^"]*"|\d+),"([^"]+)"\]')


def icon_paths(fontawesome: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """Every icon of the theme's fontawesome.js: (pack, name or alias) -> (width, height, SVG path).

    The bundle defines the brands, regular and solid packs in this order, each followed by its
    registration call ``("fab", ...)``, ``("far", ...)``, ``("fas", ...)``.
    """
    ends = sorted((m.start(), m.group(1)) for m in re.finditer(r'\w\("(fab|far|fas)",\w', fontawesome))
    icons: dict[tuple[str, str], tuple[int, int, str]] = {}
    for match in _ICON.finditer(fontawesome):
        pack = next((p for end, p in ends if match.start() < end), None)
        if pack is None:
            continue
        names = [match.group(1), *re.findall(r'"([a-z0-9-]+)"', match.group(4))]
        for name in names:
            icons.setdefault((pack, name), (int(match.group(2)), int(match.group(3)), match.group(5)))
    return icons


def icons_script(pages: list[str], fontawesome: str) -> str:
    """A small script that draws only the icons ``pages`` use, as Font Awesome's own SVGs."""
    icons = icon_paths(fontawesome)
    used = {}
    for page in pages:
        for classes in re.findall(r'class="([^"]*\bfa-[^"]*)"', page):
            words = classes.split()
            pack = next((_PACK[w] for w in words if w in _PACK), "fas")
            for word in words:
                name = word.removeprefix("fa-")
                if word.startswith("fa-") and (pack, name) in icons:
                    used[f"{pack} {name}"] = icons[(pack, name)]
    table = json.dumps(used, separators=(",", ":"), sort_keys=True)
    return f"""/* The Font Awesome icons this site uses (generated by tools/site.py from the theme bundle) */
(() => {{
  const ICONS = {table};
  const PACK = {json.dumps(_PACK, separators=(",", ":"))};
  function draw(root) {{
    root.querySelectorAll("i[class*='fa-'], span[class*='fa-']").forEach((el) => {{
      const words = Array.from(el.classList);
      const pack = PACK[words.find((w) => w in PACK)] || "fas";
      const name = words.find((w) => w.startsWith("fa-") && ICONS[pack + " " + w.slice(3)]);
      if (!name) return;
      const [w, h, d] = ICONS[pack + " " + name.slice(3)];
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("viewBox", `0 0 ${{w}} ${{h}}`);
      svg.setAttribute("aria-hidden", "true");
      for (const attr of el.attributes) if (attr.name !== "class") svg.setAttribute(attr.name, attr.value);
      svg.setAttribute("class", ["svg-inline--fa", ...words].join(" "));
      const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
      path.setAttribute("fill", "currentColor");
      path.setAttribute("d", d);
      svg.appendChild(path);
      el.replaceWith(svg);
    }});
  }}
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => draw(document));
  else draw(document);
}})();
"""


def trim_icons(out: Path) -> None:
    """Serve ``ICONS_JS`` (only the icons in use) instead of the theme's full fontawesome.js."""
    bundle = out / FONTAWESOME
    pages = {page: page.read_text(encoding="utf-8") for page in out.rglob("*.html")
             if "_static" not in page.parts}
    if bundle.exists():  # a rebuild keeps the script it wrote last time when the bundle is gone
        (out / ICONS_JS).write_text(icons_script(list(pages.values()), bundle.read_text(encoding="utf-8")),
                                    encoding="utf-8")
        for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
            (out / "_static" / "scripts" / name).unlink(missing_ok=True)
    for page, text in pages.items():
        new = re.sub(r'_static/scripts/fontawesome\.js(\?digest=\w+)?', ICONS_JS, text)
        if new != text:
            page.write_text(new, encoding="utf-8")


# MyST-NB labels every fold "Toggle hidden content", which screen readers announce instead of the summary's
# own words ("Show solution", "Show the set-up code"): without the label, the visible text is the name.
_FOLD_LABEL = '<summary aria-label="Toggle hidden content">'


def name_folds(out: Path) -> None:
    """Let each fold's visible summary text be its accessible name."""
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if _FOLD_LABEL in text:
            page.write_text(text.replace(_FOLD_LABEL, "<summary>"), encoding="utf-8")


def build(jobs: int = 2) -> Path:
    """Prepare, execute (cached), make static, render; return the site folder."""
    started = time.monotonic()
    solutions = {p.name: json.loads(p.read_text(encoding="utf-8"))
                 for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))}
    pages = {name: page_notebook(nb, name) for name, nb in solutions.items()}
    learner = {name: f"{Path(name).stem}.learner.ipynb" for name in pages}
    twice = [name for name, page in pages.items() if learner_run_needed(page)]
    ran = executed_pages({**pages, **{learner[n]: learner_page(pages[n]) for n in twice}}, jobs)
    late = [name for name in pages if name not in twice and not _quiet_attempts(ran[name])]
    if late:  # an attempt printed more than "not attempted": the learner's run decides what it shows
        print(f"{len(late)} page(s) need their learner run after all: {', '.join(late)}", flush=True)
        ran.update(executed_pages({learner[n]: learner_page(pages[n]) for n in late}, jobs))
    for name in pages:  # a page that now runs once keeps no learner run from an older build
        if learner[name] not in ran:
            for old in CACHE.glob(f"{Path(learner[name]).stem}-*.ipynb"):
                old.unlink()
    executed = {name: merged_page(ran[name], ran.get(learner[name], ran[name])) for name in pages}
    titles = {name: re.sub(r"^#\s*\d+\s*·\s*", "", _source(nb["cells"][0]).split("\n")[0]).strip()
              for name, nb in solutions.items()}
    guide, answers = guide_pages((ROOT / "instructors" / "README.md").read_text(encoding="utf-8"),
                                 list(solutions), titles)
    wanted = {SRC / "index.md": landing_page(solutions), SRC / "instructors" / "README.md": guide,
              SRC / "instructors" / "answers.md": answers}
    for name, nb in executed.items():
        wanted[SRC / "lessons" / name] = build_lessons.dumps(static_page(nb, name))
    for old in (p for p in SRC.rglob("*") if p.is_file() and p not in wanted):
        old.unlink()  # a deleted lesson leaves no page behind
    changed = sum(write_if_changed(path, text) for path, text in wanted.items())
    print(f"{changed} of {len(wanted)} source page(s) changed; rendering with Sphinx", flush=True)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "tests" / "offline"), COURSE_OFFLINE_GUARD="1")
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-c", str(CONF_DIR),
         "-d", str(BUILD / "site-doctrees"), str(SRC), str(OUT)],
        check=True, env=env)
    trim_icons(OUT)
    name_folds(OUT)
    for stray in (OUT / "_static").glob("*.html"):  # the theme's webpack templates, linked from nowhere
        stray.unlink()
    for name in solutions:  # "Download notebook": the learner's notebook, as in lessons/
        write_if_changed(OUT / NOTEBOOKS / name, (ROOT / "lessons" / name).read_text(encoding="utf-8"))
    prune(published={p.relative_to(SRC).with_suffix(".html").as_posix() for p in wanted} | {"search.html"},
          notebooks=set(solutions))
    size = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file()) / 1e6
    print(f"site: {OUT.relative_to(ROOT)}/ ({size:.1f} MB) in {time.monotonic() - started:.0f} s")
    return OUT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="notebooks executed at the same time (default: 2)")
    parser.add_argument("--check", action="store_true",
                        help="build, then check every page in headless Chromium (tests/test_site.py)")
    args = parser.parse_args(argv)
    if args.check:  # the test builds the site itself, with this script
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                               "tests/test_site.py"], cwd=ROOT).returncode
    code = offline.rerun_offline()  # the whole build, every kernel included, runs offline
    if code is not None:
        return code
    try:
        build(max(1, args.jobs))
    except (RuntimeError, ValueError, subprocess.CalledProcessError) as exc:
        print(f"site: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
