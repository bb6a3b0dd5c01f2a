#!/usr/bin/env python3
"""Build the course website into build/site/ (``make site``): Sphinx + MyST-NB + sphinx-book-theme.

1. **Prepare** one page per lesson: the learner's notebook (``build_lessons.to_lesson``) with the
   worked answer from solutions/ right after each exercise, in a collapsed "Show solution" cell; the
   badges cell becomes launch buttons built by tools/course.py.
2. **Execute** each page once, in a fresh kernel started in lessons/ with the offline socket guard
   (two at a time). Executed copies are cached in build/site-cache/ under a hash of the notebook,
   utils/ and the requirements, so a rebuild with nothing changed runs no kernel.
3. **Make widgets static**: a widget output (``application/vnd.jupyter.widget-view+json``) cannot run
   without a kernel, so it becomes the widget's own saved view at its default values (controls,
   text, figure) with a note that sliders need a kernel and the launch buttons. Every image output
   gets alt text from the sentence that introduces it.
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
import concurrent.futures
import copy
import hashlib
import html
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_lessons  # noqa: E402  (the lessons/solutions logic: reused, never copied)
import course  # noqa: E402  (the one source of the repo URL)

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
SRC, OUT, CACHE = BUILD / "site-src", BUILD / "site", BUILD / "site-cache"
TIMINGS = CACHE / "seconds.json"  # each lesson's last run time: the longest start first
CONF_DIR = ROOT / "tools" / "website"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")
SOLUTION_TAG = "course-solution"  # the cell holding a worked answer on the site
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
    answers = {c.get("id"): c for c in build_lessons.normalise(solution, path)["cells"]}
    cells = []
    for cell in page["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if build_lessons.BADGES_TAG in tags:
            cell["source"] = f'<p class="course-launch-row">{launch_buttons(path)}</p>'
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


def _plain_text(markup: str) -> str:
    """HTML reduced to one line of plain text (for alt attributes)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _markdown_text(markdown: str) -> str:
    """Markdown reduced to one line of plain text: links keep their text, no code or bold marks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return _plain_text(re.sub(r"`|\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)", "", text))


def static_widget(output: dict, state: dict, path: str, intro: str) -> dict:
    """A display_data output showing a widget's saved view, a kernel note and launch buttons."""
    parts: dict = {"controls": [], "html": [], "images": []}
    _widget_parts(output["data"][WIDGET_MIME]["model_id"], state, parts)
    if not parts["html"] and not parts["images"]:  # nothing saved: fall back to the text repr
        parts["html"].append(f"<pre>{html.escape(''.join(output['data'].get('text/plain', '')))}</pre>")
    controls = " · ".join(html.escape(str(c)) for c in parts["controls"])
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


def static_page(nb: dict, name: str) -> dict:
    """The executed page with widgets made static, alt text on every image, no widget state."""
    nb = copy.deepcopy(nb)
    state = nb.get("metadata", {}).pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    intro = ""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            intro = introducing_sentence(_source(cell)) or intro
            continue
        if cell["cell_type"] != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            if WIDGET_MIME in output.get("data", {}):
                output = static_widget(output, state, f"lessons/{name}", intro)
            outputs.append(output)
        cell["outputs"] = outputs
        if any(mime in o.get("data", {}) for o in outputs for mime in IMAGE_MIMES):
            options = cell.setdefault("metadata", {}).setdefault("mystnb", {}).setdefault("image", {})
            options.setdefault("alt", intro or f"Figure made by the code above ({name}).")
    return nb


# ---------------------------------------------------------------------------
# 4. Landing page, instructor guide, render
# ---------------------------------------------------------------------------

LANDING = """\
# {title}

{pitch}

## Lessons

Every page below is the lesson as it runs, with every figure and printed shape. The exercises appear as
you will see them, with a worked answer behind each **Show solution**. Read here, then launch a lesson
on Binder or Colab (the buttons on each page) or run it locally to move the sliders and try the exercises.

{table}

## Run it yourself

On your own machine (Python 3.10 to 3.13 and `make`): clone [the repository]({repo}), then
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
        toc="\n".join(f"lessons/{Path(name).stem}" for name in solutions))


def repo_links(markdown: str, folder: str) -> str:
    """Relative links to repository files that are not pages become links to GitHub."""
    def fix(match: re.Match) -> str:
        target = match.group(2)
        if re.match(r"^([a-z]+:|#|/)", target) or target.startswith(("lessons/", "../lessons/")):
            return match.group(0)
        path = os.path.normpath(os.path.join(folder, target.split("#")[0])).replace(os.sep, "/")
        if path.startswith("solutions/") and path.endswith(".ipynb"):  # the page has the solutions
            lesson = "lessons/" + path.removeprefix("solutions/")
            return f"{match.group(1)}({os.path.relpath(lesson, folder)})"
        return f"{match.group(1)}({course.repo_url()}/blob/{course.BRANCH}/{path})"
    return re.sub(r"(\[[^\]]*\])\(([^)\s]+)\)", fix, markdown)


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds it (keeps mtimes for Sphinx's incremental build)."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def prune(published: set[str]) -> None:
    """Delete what Sphinx leaves behind from earlier builds: old pages and figures nobody shows."""
    for page in OUT.rglob("*.html"):
        if "_static" not in page.parts and page.relative_to(OUT).as_posix() not in published:
            page.unlink()  # e.g. a removed lesson: it would stay published
    shown = {name for page in OUT.rglob("*.html") for name in re.findall(
        r"_images/([^\"'?#]+)", page.read_text(encoding="utf-8"))}
    for image in (OUT / "_images").glob("*"):
        if image.name not in shown:
            image.unlink()  # figures are named by their hash: each change leaves the old one


def build(jobs: int = 2) -> Path:
    """Prepare, execute (cached), make static, render; return the site folder."""
    started = time.monotonic()
    solutions = {p.name: json.loads(p.read_text(encoding="utf-8"))
                 for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))}
    pages = {name: page_notebook(nb, name) for name, nb in solutions.items()}
    executed = executed_pages(pages, jobs)
    wanted = {SRC / "index.md": landing_page(solutions),
              SRC / "instructors" / "README.md": repo_links(
                  (ROOT / "instructors" / "README.md").read_text(encoding="utf-8"), "instructors")}
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
    prune(published={p.relative_to(SRC).with_suffix(".html").as_posix() for p in wanted} | {"search.html"})
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
    try:
        build(max(1, args.jobs))
    except (RuntimeError, ValueError, subprocess.CalledProcessError) as exc:
        print(f"site: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
