"""The course website: `make site` builds it, and every page works in a real browser.

The module builds the site once with tools/site.py (each lesson executed once in an offline-guarded
kernel and cached in build/site-cache/, so a second run only renders), then tests/site_browser.py
opens every page in Debian's headless Chromium through Playwright, in its own process, serving
build/site/ on 127.0.0.1 and blocking any request that would leave the machine. Screenshots of every
page (desktop, whole page; and a phone's first screen) go to build/site-screenshots/.

The browser part is skipped (with the reason) only when Chromium is missing and ``CI`` is unset.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_lessons  # noqa: E402
import course  # noqa: E402
from browser import find_chromium, install_hint  # noqa: E402
from site_browser import SEARCH_TERM  # noqa: E402  (what the crawl types into the search box)

SITE, CACHE = ROOT / "build" / "site", ROOT / "build" / "site-cache"
SCREENSHOTS, REPORT = ROOT / "build" / "site-screenshots", ROOT / "build" / "site-report.json"
LESSONS = [p.stem for p in sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
BUILD_TIMEOUT, CRAWL_TIMEOUT = 900, 600  # seconds
MAX_SITE_MB = 20

# Every test here shares one build and one crawl: tools/run_tests.py's --dist loadfile keeps this file on one
# worker; under plain --dist load, a second worker waits for the first and reuses its report.
pytestmark = pytest.mark.site


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the site test must run)")
    pytest.skip(reason)


def _run(argv: list[str], timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))


@contextlib.contextmanager
def _one_at_a_time():
    """Hold build/.site.lock: a second pytest-xdist worker running these tests waits here."""
    (ROOT / "build").mkdir(exist_ok=True)
    with open(ROOT / "build" / ".site.lock", "w") as lock:
        try:
            import fcntl
        except ImportError:  # Windows: no flock; the xdist group keeps the tests on one worker
            yield
            return
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _signature(folder: Path) -> str:
    """A hash of every file's path and content: the same site gives the same signature."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def site() -> Path:
    """build/site/, built (or brought up to date) by the same command as `make site`."""
    with _one_at_a_time():
        result = _run([sys.executable, "tools/site.py"], BUILD_TIMEOUT)
    if result.returncode != 0:
        pytest.fail(f"tools/site.py failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return SITE


@pytest.fixture(scope="module")
def report(site: Path) -> dict:
    """What a reader meets on every page (see tests/site_browser.py); crawled once per site."""
    if find_chromium() is None:
        _unavailable(install_hint())
    try:
        import playwright  # noqa: F401
    except ImportError:
        _unavailable("playwright is not installed (pip install -r requirements-dev.txt)")
    with _one_at_a_time():
        # The crawler's own code is part of what the report depends on (a changed crawl must not be cached).
        crawler = (ROOT / "tests" / "site_browser.py").read_bytes()
        signature = _signature(site) + hashlib.sha256(crawler).hexdigest()
        if REPORT.exists() and json.loads(REPORT.read_text())["signature"] == signature:
            return json.loads(REPORT.read_text())["report"]  # another worker crawled this very site
        result = _run([sys.executable, "tests/site_browser.py", str(site), str(SCREENSHOTS)], CRAWL_TIMEOUT)
        if result.returncode != 0:
            pytest.fail(f"the browser crawl failed:\n{result.stderr[-5000:]}")
        crawled = json.loads(result.stdout)
        REPORT.write_text(json.dumps({"signature": signature, "report": crawled}))
    return crawled


def _page(report: dict, lesson: str) -> dict:
    return report["pages"][f"lessons/{lesson}.html"]


def _executed(lesson: str, run: str = "") -> dict:
    """An executed run of the lesson page (build/site-cache/): ``run=""`` with the worked answers,
    ``".learner"`` without them (what a learner's notebook prints)."""
    [path] = CACHE.glob(f"{lesson}{run}-*.ipynb")
    return json.loads(path.read_text(encoding="utf-8"))


def _learner_run(lesson: str) -> dict:
    """What the learner's notebook printed: the run without the answers, or, for a page the build ran
    once (site.learner_run_needed), that run's learner cells."""
    if list(CACHE.glob(f"{lesson}.learner-*.ipynb")):
        return _executed(lesson, ".learner")
    full = _executed(lesson)
    return {**full, "cells": [c for c in full["cells"]
                              if "course-solution" not in c.get("metadata", {}).get("tags", [])]}


def _rendered(lesson: str) -> dict:
    """The page as handed to Sphinx (build/site-src/): outputs merged, widgets static or live."""
    path = ROOT / "build" / "site-src" / "lessons" / f"{lesson}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


def _outputs(nb: dict) -> list[dict]:
    return [o for cell in nb["cells"] if cell["cell_type"] == "code" for o in cell.get("outputs", [])]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _text(output: dict) -> str:
    """The text an output prints (stream or plain text)."""
    text = output.get("text") or output.get("data", {}).get("text/plain", "")
    return "".join(text) if isinstance(text, list) else text


# --- pages, requests, images, links -------------------------------------------------------------

def test_site_has_a_landing_page_a_page_per_lesson_and_the_instructor_guide(report):
    expected = {"index.html", "instructors/README.html", "instructors/answers.html",
                *(f"lessons/{name}.html" for name in LESSONS)}
    assert expected <= set(report["pages"]), f"missing: {expected - set(report['pages'])}"
    landing = report["pages"]["index.html"]["text"]
    for needed in ("Audience", "Lessons", "Binder", "Colab", "make lab", "instructor guide"):
        assert needed in landing, f"the landing page does not mention {needed!r}"
    assert all(f"lessons/{name}.html" in " ".join(report["pages"]["index.html"]["links"]) for name in LESSONS)


def test_no_page_logs_a_console_error_or_fails_a_request(report):
    problems = {rel: page["console_errors"] + page["failed_requests"]
                for rel, page in report["pages"].items() if page["console_errors"] or page["failed_requests"]}
    assert problems == {}


def test_no_page_requests_anything_from_outside_this_machine(report):
    outside = {rel: p["external_requests"] for rel, p in report["pages"].items() if p["external_requests"]}
    assert outside == {}, "the site must work offline: no CDN fonts, scripts or widget bundles"


def test_every_image_loads_and_has_alt_text(report):
    for rel, page in report["pages"].items():
        for image in page["images"]:
            assert image["natural_width"] > 0, f"{rel}: image did not load: {image['src']}"
            alt = image["alt"] or ""
            if image["in_article"]:
                assert len(alt) >= 15 and not re.search(r"\.(png|svg|jpe?g)$", alt), (
                    f"{rel}: image without a real alt text: {alt!r} ({image['src']})")


def test_every_figure_has_its_own_description_drawn_from_the_figure(report):
    """Alt text says what the figure plots (utils.alt_text reads it from the figure), not the
    paragraph before it."""
    for lesson in LESSONS:
        for image in _page(report, lesson)["images"]:
            if image["in_output"] and not image["in_widget"]:
                assert re.match(r'^("[^"]+"\. )?A figure', image["alt"] or ""), (lesson, image["alt"])


def test_every_internal_link_and_anchor_resolves(report, site):
    base, checked, broken = report["base"], set(), []
    for rel, page in report["pages"].items():
        for href in page["links"]:
            if not href.startswith(base) or href in checked:
                continue
            checked.add(href)
            url = urllib.parse.urlsplit(href)
            target = site / urllib.parse.unquote(url.path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{rel} -> {href}")
            elif url.fragment and target.suffix == ".html":
                ids = re.findall(r'\bid="([^"]+)"', target.read_text(encoding="utf-8"))
                if urllib.parse.unquote(url.fragment) not in ids:
                    broken.append(f"{rel} -> {href} (no such anchor)")
    assert len(checked) > 50, f"only {len(checked)} internal links found: is the crawl reading the pages?"
    assert broken == []


# --- lessons ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_page_shows_every_figure_of_its_executed_notebook(report, lesson):
    outputs = _outputs(_rendered(lesson))
    figures = sum(1 for o in outputs if any(k.startswith("image/") for k in o.get("data", {})))
    page = _page(report, lesson)
    shown = [i for i in page["images"] if i["in_output"] and not i["in_widget"]]
    assert len(shown) == figures, f"{lesson}: {len(shown)} figures on the page, {figures} in the notebook"
    assert sum(1 for i in page["images"] if i["in_widget"]) == sum(w["images"] for w in page["widgets"])


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_widget_shows_a_live_or_static_view_and_launch_buttons(report, lesson):
    views = sum(1 for o in _outputs(_learner_run(lesson)) if WIDGET_MIME in o.get("data", {}))
    page = _page(report, lesson)
    shown = len(page["widgets"])
    assert shown == views, f"{lesson}: {views} widgets in the notebook, {shown} on the page"
    assert page["widget_scripts"] == 0 and "Loading widget" not in page["text"]
    path = f"lessons/{lesson}.ipynb"
    for widget in page["widgets"]:
        body = widget["text"].split("\n", 1)[-1].strip()
        assert body or widget["images"], f"{lesson}: an empty widget view"
        assert "need a running kernel" in widget["text"] or "Live on this page" in widget["text"]
        assert widget["launch"] == [course.binder_url(path), course.colab_url(path)]


@pytest.mark.parametrize("lesson", LESSONS)
def test_solutions_stay_hidden_until_their_block_is_opened(report, lesson):
    solution = json.loads((ROOT / "solutions" / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    begin, end = re.escape(build_lessons.BEGIN), re.escape(build_lessons.END)
    sources = ["".join(c["source"]) for c in solution["cells"] if c["cell_type"] == "code"]
    answers = [re.search(rf"{begin}\n(.*?)\n\s*{end}", s, re.S) for s in sources if build_lessons.BEGIN in s]
    page = _page(report, lesson)
    assert len(page["solutions"]) == len(answers), f"{lesson}: one 'Show solution' block per exercise"
    assert all(s == {"open": False, "summary": "Show solution"} for s in page["solutions"])
    closed, opened = _squash(page["text"]), _squash(page["text_with_solutions"])
    for answer in answers:
        code = _squash(answer.group(1))
        assert code not in closed, f"{lesson}: a solution is visible before its block is opened:\n{code}"
        assert code in opened, f"{lesson}: a solution does not show when its block is opened:\n{code}"


def test_lesson_pages_link_to_their_own_notebook_on_binder_and_colab(report):
    for lesson in LESSONS:
        path = f"lessons/{lesson}.ipynb"
        assert _page(report, lesson)["launch"] == [course.binder_url(path), course.colab_url(path)]


def test_lesson_pages_come_in_course_order_with_previous_and_next_links(report):
    base = report["base"]
    order = ["index.html", *(f"lessons/{name}.html" for name in LESSONS), "instructors/README.html",
             "instructors/answers.html"]
    for before, here, after in zip(order, order[1:], order[2:]):
        page = report["pages"][here]
        assert [urllib.parse.urljoin(base, p) for p in page["prev"]] == [base + before], here
        assert [urllib.parse.urljoin(base, n) for n in page["next"]] == [base + after], here


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_output_that_depends_on_a_worked_answer_shows_before_its_solution_is_opened(report, lesson):
    """Lines that only the run with the worked answers prints (a score, a shape, a later cell's result)
    may appear on the page only inside an opened "Show solution"."""
    full = _executed(lesson)
    learner = {line.strip() for o in _outputs(_learner_run(lesson)) for line in _text(o).splitlines()}
    answer_lines = {line.strip() for cell in full["cells"]
                    if "course-solution" in cell.get("metadata", {}).get("tags", [])
                    for o in cell.get("outputs", []) for line in _text(o).splitlines()}
    leaking = {line for line in answer_lines - learner if len(line) >= 6 and not line.startswith("<")}
    closed = _squash(_page(report, lesson)["text"])
    shown = sorted(line for line in leaking if _squash(line) in closed)
    assert shown == [], f"{lesson}: outputs of a worked answer show before 'Show solution': {shown[:5]}"


def test_lesson_pages_offer_the_notebook_for_download_and_its_source(report, site):
    for lesson in LESSONS:
        links = _page(report, lesson)["source_links"]
        download = [link for link in links if link["download"]]
        assert len(download) == 1 and download[0]["href"].endswith(f"notebooks/{lesson}.ipynb"), links
        assert ((site / "notebooks" / f"{lesson}.ipynb").read_bytes()
                == (ROOT / "lessons" / f"{lesson}.ipynb").read_bytes())
        assert any(link["href"] == f"{course.repo_url()}/blob/{course.BRANCH}/lessons/{lesson}.ipynb"
                   for link in links)
        # A notebook needs utils/ beside it: the course's zip comes first (review r19: a lone one failed).
        assert links[0]["href"] == course.zip_url(), links


def test_the_sidebar_keeps_the_course_title_in_view_when_the_current_link_fits(report):
    """Review r19: on lessons 03, 05, 08 and the guide the sidebar opened scrolled down, hiding the title."""
    bars = {page: seen["sidebar"] for page, seen in report["pages"].items() if seen.get("sidebar")}
    assert len(bars) >= len(LESSONS), sorted(bars)
    assert {page: bar for page, bar in bars.items() if bar["link_fits"] and bar["scroll"]} == {}


def test_the_guides_tables_become_labelled_cards_that_fit_a_phone(report):
    """Review r19: on a phone the guide's 5-column tables were squeezed, their first column scrolled away."""
    cards = report["pages"]["instructors/README.html"]["card_tables_narrow"]
    assert len(cards) >= 3, cards
    assert all(card["fits"] and card["labelled"] for card in cards), cards
    assert not any(card["empty_shown"] for card in cards), cards   # review r20: "how:" with nothing after it


def test_folds_are_named_by_their_visible_text_not_by_a_generic_label(site):
    """Review r19: screen readers announced every "Show solution" as "Toggle hidden content"."""
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts]
    summaries = [s for p in pages for s in re.findall(r"<summary[^>]*>", p.read_text(encoding="utf-8"))]
    assert summaries and all("aria-label" not in s for s in summaries), set(summaries)


def test_text_that_names_another_lesson_links_to_it(site):
    for lesson in LESSONS:
        page = (site / "lessons" / f"{lesson}.html").read_text(encoding="utf-8")
        named = {int(n) for n in re.findall(r"\b[Ll]essons? (\d\d?)\b", re.sub(r"<[^>]+>", " ", page))}
        linked = {int(n) for n in re.findall(r'href="(\d\d)_[^"]*\.html', page)}
        others = {int(name[:2]) for name in LESSONS} - {int(lesson[:2])}
        assert (named & others) <= linked, (
            f"{lesson}: lessons named but not linked: {sorted((named & others) - linked)}")


def test_the_instructor_answers_are_folded_on_a_page_of_their_own_that_search_leaves_out(report, site):
    answers = report["pages"]["instructors/answers.html"]
    assert answers["folded"] and all(not d["open"] for d in answers["folded"])
    assert len(answers["folded"]) == len(LESSONS) + 1  # one block per lesson, and the capstone's notes
    guide = report["pages"]["instructors/README.html"]["text"]
    assert "Exercise 1.1." not in guide and "instructors/answers.html" in " ".join(
        report["pages"]["instructors/README.html"]["links"])
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    names = ("instructors/answers", "instructors/README")
    answers_doc, guide_doc = (index["docnames"].index(d) for d in names)

    def docs(found: int | list) -> set:
        return {found} if isinstance(found, int) else set(found)

    indexed = [docs(found) for found in index["terms"].values()]
    assert not any(answers_doc in d for d in indexed), "the answers page is in the search index"
    assert sum(guide_doc in d for d in indexed) > 100, "the guide itself should stay searchable"


def test_the_landing_page_says_where_to_start(report):
    landing = report["pages"]["index.html"]
    assert any(link.endswith(f"lessons/{LESSONS[0]}.html") for link in landing["start_here"]), (
        landing["start_here"])


def test_outputs_never_show_the_folder_the_site_was_built_in(report):
    if ROOT.name == course.GITHUB_REPO.split("/")[1]:
        pytest.skip("this clone has the repository's own name")
    shown = [rel for rel, page in report["pages"].items()
             if f"{ROOT.name}/" in page["text"] or str(ROOT) in page["text"]]
    assert shown == []


# --- navigation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_menu_and_contents_buttons_open_what_they_say_at_both_widths(report, width):
    for rel, page in report["pages"].items():
        toggles = page["modes"][f"{width}-light"]["toggles"]
        assert "primary" in toggles, f"{rel}: no visible menu button at {width} width"
        assert all(t["changed"] for t in toggles.values()), (
            f"{rel} at {width} width: a button did nothing: {toggles}")
        if rel.startswith("lessons/") and width == "phone":  # on a desktop the contents stay in view
            assert "secondary" in toggles, f"{rel}: no visible contents button at {width} width"
            assert any("#" in link for link in toggles["secondary"]["links"]), (
                f"{rel}: contents lists no section")


def test_every_page_is_reachable_from_the_menu_on_a_phone(report):
    base = report["base"]
    menu = report["pages"]["index.html"]["modes"]["phone-light"]["toggles"]["primary"]["links"]
    reached = {urllib.parse.urlsplit(link)._replace(fragment="").geturl().removeprefix(base) or "index.html"
               for link in menu if link.startswith(base)}
    pages = {rel for rel in report["pages"] if rel != "search.html"}
    assert pages <= reached, f"not in the phone's menu: {sorted(pages - reached)}"


# --- readability --------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["desktop-light", "desktop-dark", "phone-light", "phone-dark"])
def test_no_text_or_control_is_below_wcag_aa_contrast(report, mode):
    low = {rel: page["modes"][mode]["low_contrast"][:3] for rel, page in report["pages"].items()
           if page["modes"][mode]["low_contrast"]}
    assert low == {}


@pytest.mark.parametrize("mode", ["desktop-light", "phone-light"])
def test_no_output_line_is_cut_off(report, mode):
    cut = {rel: page["modes"][mode]["cut_lines"][:3] for rel, page in report["pages"].items()
           if page["modes"][mode]["cut_lines"]}
    assert cut == {}


def test_figures_keep_three_quarters_of_their_size_on_a_phone(report):
    small = {rel: [f for f in page.get("figures_narrow", []) if f["shown"] < min(f["natural"], 390) * 0.74
                   and f["shown"] < 0.74 * f["natural"]]
             for rel, page in report["pages"].items()}
    assert {rel: f for rel, f in small.items() if f} == {}


def test_every_figure_opens_from_the_keyboard_and_a_sideways_one_says_so_on_a_phone(report):
    # Review r7 and r10: zoom was mouse-only, and a wide figure on a phone scrolled with no cue.
    figures = [(rel, f) for rel, page in report["pages"].items() for f in page.get("figures_narrow", [])]
    assert figures and all(f["keyboard"] for _, f in figures)
    sideways = [(rel, f) for rel, f in figures if f["scrolls"]]
    assert sideways, "no figure scrolls sideways on a phone: the hint is not tested"
    assert [(rel, f) for rel, f in sideways if not f["hint"]] == []


def test_first_visit_of_a_lesson_page_is_at_most_1_5_mb(report):
    heavy = {rel: page["modes"]["desktop-light"]["bytes"] for rel, page in report["pages"].items()
             if page["modes"]["desktop-light"]["bytes"] > 1_500_000}
    assert heavy == {}


# --- live panels --------------------------------------------------------------------------------

def _python_panels(lesson: str) -> list:
    """The lesson's panels built in this process, with their default text as the page shows it."""
    sys.path.insert(0, str(ROOT))
    from utils import lessons
    from utils import panel as panels

    name = f"lesson{lesson[:2]}"
    if name not in lessons.lesson_names():
        return []
    built = []
    for builder in lessons.load(name).PANELS:
        p = builder()
        built.append((p, _html_text(panels.render(p.update_function(**p.values()))[0])))
    return built


def _html_text(markup: str) -> str:
    import html as html_module

    return _squash(html_module.unescape(re.sub(r"<[^>]+>", " ", markup)))


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_code_cell_has_a_copy_button_that_copies_its_code_and_outputs_have_none(report, lesson):
    # Review r19: no copy button anywhere (sphinx-copybutton, scripts served by the site itself).
    copy = _page(report, lesson)["copy"]
    assert copy["cells"] > 0 and copy["cell_buttons"] == copy["cells"], copy
    assert copy["output_buttons"] == 0, copy
    assert copy["copied"].strip() == copy["code"].strip(), copy


def test_a_live_panel_keeps_its_last_output_greyed_for_a_setting_the_site_did_not_compute(report):
    # Review r19: lesson 08's planner went blank after three controls moved. The check itself sits in
    # the test below; this one makes sure some page really met such a setting.
    missing = [(lesson, shown) for lesson in LESSONS for shown in _page(report, lesson).get("live", [])
               if any(r["how"] == "missing" for r in shown["readings"])]
    assert any(lesson.startswith("08") for lesson, _ in missing), [lesson for lesson, _ in missing]


@pytest.mark.parametrize("lesson", LESSONS)
def test_live_panels_show_what_the_python_update_function_returns(report, lesson):
    from utils import panel as panels

    live = _page(report, lesson).get("live", [])
    python = _python_panels(lesson)
    try:
        for shown in live:
            match = [p for p, text in python if text == _squash(shown["text"])]
            assert match, f"{lesson}: a live panel matches no panel of PANELS: {shown['text'][:100]}"
            panel = match[0]
            names = list(panel.controls)
            for previous, reading in zip([None, *shown["readings"]], shown["readings"]):
                if reading["how"] == "missing":  # not computed: the last output stays, greyed, with a note
                    assert reading["text"] == previous["text"] and reading["stale"], (lesson, reading)
                    assert "not computed for the website" in reading["note"], (lesson, reading)
                    continue
                values = {}
                for name, index in zip(names, reading["state"]):
                    control = panel.controls[name]
                    if hasattr(control, "options"):
                        options = list(getattr(control, "_options_values", []))
                    else:
                        options = list(range(control.min, control.max + 1, control.step))
                    values[name] = options[index]
                try:
                    expected = panels.render(panel.update_function(**values))[0]
                except ValueError as exc:
                    expected = panels.error_html(exc)
                assert _squash(reading["text"]) == _html_text(expected), (lesson, reading["how"], values)
    finally:
        for panel, _ in python:
            panel.close()


def test_every_pure_math_panel_is_live_on_its_page(report):
    sys.path.insert(0, str(ROOT / "tools"))
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_site", ROOT / "tools" / "site.py")
    site_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site_tool)
    missing = []
    for lesson in LESSONS:
        live_texts = {_squash(p["text"]) for p in _page(report, lesson).get("live", [])}
        for text in site_tool.live_panels(lesson[:2]):
            if (_html_text(text) not in live_texts
                    and _html_text(text) in _squash(_page(report, lesson)["text"])):
                missing.append((lesson, _html_text(text)[:60]))
    assert missing == []


# --- accessibility and size ---------------------------------------------------------------------

def test_headings_start_at_one_h1_and_never_skip_a_level(report):
    for rel, page in report["pages"].items():
        levels = [level for level, _ in page["headings"]]
        assert levels.count(1) == 1 and levels[0] == 1, f"{rel}: headings {page['headings'][:3]}"
        skips = [(a, b) for a, b in zip(page["headings"], page["headings"][1:]) if b[0] > a[0] + 1]
        assert skips == [], f"{rel}: a heading skips a level: {skips}"


def test_every_page_fits_a_phone_screen_without_sideways_scrolling(report):
    assert [rel for rel, page in report["pages"].items() if not page["fits_narrow"]] == []
    # Site review: the landing page's lesson table scrolled sideways on a phone; it is a card per lesson
    assert report["pages"]["index.html"]["lesson_table_scrolls_narrow"] is False


def test_search_box_finds_every_page_that_mentions_global_average_pooling(report):
    search, base = report["search"], report["base"]
    assert search["console_errors"] == [] and search["external_requests"] == []
    hits = {urllib.parse.urlsplit(r["href"])._replace(query="", fragment="").geturl().removeprefix(base)
            for r in search["results"]}
    mention = {rel for rel, page in report["pages"].items()
               if SEARCH_TERM in page["text"] and rel != "search.html"}
    assert any(hit.startswith("lessons/") for hit in hits), f"no lesson found: {hits}"
    assert mention <= hits, f"pages that mention {SEARCH_TERM} but were not found: {mention - hits}"
    # Site review: the summaries ran the launch row's buttons into the lesson's first sentence
    assert not [r["text"] for r in search["results"] if "Launch on" in r["text"]]


def test_search_summaries_quote_the_lessons_text_not_buttons_contents_lists_or_the_set_up_cell(report):
    results = report["noisy_search"]["results"]
    assert len(results) >= 5, results
    # Review r10: "System Settings Light Dark", the print-only "Contents" list, and the set-up cell (its
    # repository URL contains "flatten") filled the summaries.
    noise = ("Launch on", "System Settings", "Contents", "--branch", "Show the set-up code", "course root:")
    assert not [(r["text"], word) for r in results for word in noise if word in r["text"]]


def test_search_summaries_never_quote_a_folded_worked_answer(report):
    """Review r14: searching an exercise's check showed its folded solution's code in the summary."""
    results = report["exercise_search"]["results"]
    assert results, "the exercise's check was not found"
    answers = {_squash(m.group(1)) for lesson in LESSONS for m in re.finditer(
        rf"{re.escape(build_lessons.BEGIN)}\n(.*?)\n\s*{re.escape(build_lessons.END)}",
        "".join("".join(c["source"]) for c in json.loads(
            (ROOT / "solutions" / f"{lesson}.ipynb").read_text(encoding="utf-8"))["cells"]), re.S)}
    starts = {answer[:20] for answer in answers if len(answer) >= 20}  # "side_h = (32 - 5) // 2"
    quoted = [(r["href"], start) for r in results for start in starts if start in _squash(r["text"])]
    assert "Show solution" not in " ".join(r["text"] for r in results) and not quoted, quoted


def test_screenshots_exist_for_every_page(report):
    for rel in report["pages"]:
        name = rel.removesuffix(".html").replace("/", "-")
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 1000
        assert (SCREENSHOTS / f"{name}-narrow.png").stat().st_size > 1000


def test_the_site_ships_no_stray_page_among_its_assets(site):
    """Review r15: the theme's webpack-macros.html templates were shipped; opened alone they log errors."""
    assert not list((site / "_static").glob("*.html"))


def test_site_is_smaller_than_20_mb(site):
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    assert size < MAX_SITE_MB, f"the site is {size:.1f} MB"


# --- publishing ---------------------------------------------------------------------------------

def test_pages_url_is_derived_from_the_repository_in_course_py():
    owner, name = course.GITHUB_REPO.split("/")
    assert course.pages_url() == f"https://{owner.lower()}.github.io/{name}/"


def test_readme_links_to_the_website():
    assert course.pages_url() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_workflow_publishes_the_site_to_github_pages_on_pushes_to_main():
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    for needed in (f"branches: [{course.BRANCH}]", "make site", "actions/upload-pages-artifact",
                   "path: build/site", "actions/deploy-pages", "pages: write", "id-token: write"):
        assert needed in workflow, f"site.yml lacks {needed!r}"
