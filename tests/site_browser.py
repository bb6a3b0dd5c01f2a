"""Open every page of the built website in headless Chromium and report what a reader meets.

Used by tests/test_site.py, which runs it in its own process (``python tests/site_browser.py SITE
SHOTS``): Playwright's sync API allows one instance per process, and the widget test already holds
one in pytest's. It serves SITE on 127.0.0.1, blocks (and records) every request that leaves this
machine, and prints one JSON report: per page the console errors, failed requests, images, links,
headings, static widgets, solution blocks (text before and after opening them), launch buttons and
whether the page fits a phone's width; and the results of the search box. Screenshots go to SHOTS:
``<page>.png`` (whole page, desktop) and ``<page>-narrow.png`` (first screen at a phone's width).
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from jupyter_browser import launch_browser  # noqa: E402  (the widget test's Chromium set-up)

DESKTOP, NARROW = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
MODES = ("light", "dark")
LIVE_SAMPLES = 6  # states read back from each live panel (besides its defaults)
SEARCH_TERM = "GlobalAveragePooling2D"
# A word that also sits in the course's repository URL, in every page's folded set-up cell (review r10).
NOISY_TERM = "flatten"
# An exercise's check: found in the learner's cell, while the worked answer right after it is folded.
EXERCISE_TERM = "check_conv_shape"

# Everything the tests need from one page, read from the DOM as the reader's browser built it.
_JS_PAGE = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const hrefs = (sel, root = article) => [...root.querySelectorAll(sel)].map(a => a.href);
  return {
    title: document.title,
    images: [...document.querySelectorAll('img')].map(i => ({
      src: i.getAttribute('src').slice(0, 120), natural_width: i.naturalWidth, alt: i.getAttribute('alt'),
      in_article: article.contains(i), in_widget: !!i.closest('.course-widget-static'),
      in_output: !!i.closest('.cell_output')})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    headings: [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(
      h => [Number(h.tagName[1]), h.textContent.trim()]),
    widgets: [...article.querySelectorAll('.course-widget-static')].map(w => ({
      text: w.innerText, images: w.querySelectorAll('img').length,
      launch: [...w.querySelectorAll('a.course-launch-button')].map(a => a.href)})),
    widget_scripts: document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"], .jupyter-widgets').length,
    launch: hrefs('.course-launch-row a.course-launch-button'),
    source_links: [...article.querySelectorAll('.course-launch-row a.course-source-link')].map(
      a => ({href: a.href, text: a.innerText.trim(), download: a.hasAttribute('download')})),
    prev: hrefs('.prev-next-area a.left-prev', document),
    next: hrefs('.prev-next-area a.right-next', document),
    solutions: [...article.querySelectorAll('.tag_course-solution')].map(s => {
      const d = s.querySelector('details');
      return {open: d ? d.open : null, summary: d ? d.querySelector('summary').innerText.trim() : null};
    }),
    folded: [...article.querySelectorAll('details.course-answers')].map(d => ({open: d.open})),
    start_here: hrefs('a.course-start-here'),
    sidebar: (() => {
      const bar = document.querySelector('div.bd-sidebar');
      const link = [...document.querySelectorAll('.bd-docs-nav .active')].pop();
      if (!bar || !link) return null;
      const bottom = link.getBoundingClientRect().bottom - bar.getBoundingClientRect().top + bar.scrollTop;
      return {scroll: bar.scrollTop, link_fits: bottom <= bar.clientHeight};
    })(),
    text: article.innerText,
  };
}"""
_JS_OPEN_SOLUTIONS = """() => [...document.querySelectorAll('.tag_course-solution details')]
  .forEach(d => d.querySelector('summary').click())"""
_JS_FITS = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"

# Text and controls whose colour contrast is below WCAG AA (4.5:1; 3:1 for large text), and output
# lines that do not fit their box without a scroll bar (cut off, or spilling out of the column).
_JS_READABILITY = """() => {
  const article = document.querySelector('article.bd-article') || document.body;
  const rgba = (c) => { const m = c.match(/[\\d.]+/g) || [0, 0, 0, 0];
    return m.map(Number).concat([1]).slice(0, 4); };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, under) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]); };
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    if (!layers.length || layers[layers.length - 1][3] < 1) {
      colour = rgba(getComputedStyle(document.body).backgroundColor);
    }
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  }
  const low = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim()) continue;
    seen.add(el);
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height) continue;
    if (el.closest('svg, .sr-only, .visually-hidden, script, style, noscript')) continue;
    const style = getComputedStyle(el);
    const bg = background(el);
    const fg = over(rgba(style.color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) low.push({text: node.textContent.trim().slice(0, 60),
      ratio: Math.round(ratio * 100) / 100, needed, color: style.color, tag: el.tagName,
      classes: el.className.toString().slice(0, 80)});
  }
  const cut = [];
  for (const pre of article.querySelectorAll('.cell_output pre, .cell_input pre, .course-widget-text pre')) {
    if (!pre.checkVisibility()) continue;
    const overflowing = pre.scrollWidth > pre.clientWidth + 1;
    const wraps = pre.closest('.output.stream, .output.text_plain, .output.traceback') !== null;
    const scrolls = ['auto', 'scroll'].includes(getComputedStyle(pre).overflowX);
    if (overflowing && (wraps || !scrolls)) {
      cut.push(pre.innerText.split('\\n').find(l => l.length > 60) || pre.innerText.slice(0, 80));
    }
  }
  return {low_contrast: low, cut_lines: cut};
}"""

# Click the visible menu / contents button; report what opened.
_JS_TOGGLES = """() => [...document.querySelectorAll('.primary-toggle, .secondary-toggle')]
  .filter(b => b.checkVisibility())
  .map(b => b.classList.contains('primary-toggle') ? 'primary' : 'secondary')"""
_JS_OPENED = """(kind) => {
  const modal = document.getElementById(`pst-${kind}-sidebar-modal`);
  const sidebar = document.getElementById(`pst-${kind}-sidebar`);
  const dialog = !!(modal && modal.open);
  const links = [...(dialog ? modal : sidebar).querySelectorAll('a[href]')].map(a => a.href);
  return {dialog, hidden: sidebar ? sidebar.classList.contains('pst-sidebar-hidden') : null,
          visible: dialog || (sidebar ? sidebar.checkVisibility() : false), links};
}"""

# Every live panel of the page: its controls and default text.
_JS_LIVE = """() => [...document.querySelectorAll('.course-live')].map(root => {
  const spec = JSON.parse(root.querySelector('script.course-live-spec').textContent);
  return {controls: spec.controls, keys: Object.keys(spec.states), complete: spec.complete,
          text: root.querySelector('.course-live-output').innerText};
})"""


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    """A quiet static file server for ``folder`` on a free loopback port (stop with shutdown())."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D102  (one line per request would drown the report)
            pass

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # a closed page drops its downloads: fine
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _watch(page, base: str, report: dict) -> None:
    """Record console errors, failed or external requests and HTTP errors of ``page``."""
    def route(r):
        if r.request.url.startswith((base, "data:")):
            r.continue_()
        else:
            report["external_requests"].append(r.request.url)
            r.abort()
    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and report["console_errors"].append(m.text))
    page.on("pageerror", lambda e: report["console_errors"].append(str(e)))
    page.on("response", lambda r: r.status >= 400 and report["failed_requests"].append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda r: r.url.startswith(base) and report["failed_requests"].append(
        f"{r.failure} {r.url}"))


def _new_page(browser, base: str, viewport: dict, mode: str, report: dict):
    """A page in a fresh context at ``viewport`` in the theme's ``mode`` (light/dark), watched."""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); "
                            f"localStorage.setItem('theme', '{mode}');")
    page = context.new_page()
    _watch(page, base, report)
    return context, page


def toggles(page) -> dict:
    """Click each visible sidebar button (menu, contents); what opened and which links it offers."""
    found = {}
    for kind in page.evaluate(_JS_TOGGLES):
        before = page.evaluate(_JS_OPENED, kind)
        page.locator(f".{kind}-toggle:visible").first.click()
        page.wait_for_timeout(150)
        after = page.evaluate(_JS_OPENED, kind)
        found[kind] = {"changed": after["dialog"] != before["dialog"] or after["hidden"] != before["hidden"],
                       "links": after["links"] if after["dialog"] else before["links"]}
        if after["dialog"]:
            page.keyboard.press("Escape")
            page.wait_for_timeout(100)
        elif after["hidden"] != before["hidden"]:
            page.locator(f".{kind}-toggle:visible").first.click()  # put the sidebar back
    return found


def live_panels(page) -> list[dict]:
    """Each live panel moved through a few settings; the text the page shows for each."""
    panels = page.evaluate(_JS_LIVE)
    roots = page.locator(".course-live")
    for index, panel in enumerate(panels):
        root = roots.nth(index)
        root.scroll_into_view_if_needed()
        defaults = [c["default"] for c in panel["controls"]]
        panel["readings"] = [{"state": defaults, "text": panel["text"], "how": "default"}]
        # One keyboard step on each slider (as a reader would move it), back to the defaults after.
        for position, control in enumerate(panel["controls"]):
            field = root.locator(f"[data-index='{position}']")
            state = list(defaults)
            if control["slider"] and defaults[position] + 1 < len(control["labels"]):
                field.focus()
                field.press("ArrowRight")
                state[position] += 1
            elif not control["slider"] and len(control["labels"]) > 1:
                state[position] = (defaults[position] + 1) % len(control["labels"])
                field.select_option(str(state[position]))
            else:
                continue
            panel["readings"].append({"state": state, "how": "keyboard",
                                      "text": root.locator(".course-live-output").inner_text()})
            field.evaluate("(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }",
                           defaults[position])
        # A few more states straight from the table, spread over it.
        keys = panel.pop("keys")
        for key in keys[:: max(1, len(keys) // LIVE_SAMPLES)][:LIVE_SAMPLES]:
            state = [int(v) for v in key.split(",")]
            for position, value in enumerate(state):
                root.locator(f"[data-index='{position}']").evaluate(
                    "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }", value)
            panel["readings"].append({"state": state, "how": "set",
                                      "text": root.locator(".course-live-output").inner_text()})
        # A setting the site did not compute (each control one step from its default, as a reader moving
        # them in turn would set it), if there is one: the page keeps the last output, greyed, under a note.
        state = [d + 1 if d + 1 < len(c["labels"]) else max(d - 1, 0)
                 for d, c in zip(defaults, panel["controls"])]
        if ",".join(map(str, state)) not in keys:
            for position, value in enumerate(state):  # one input event at the end: no state in between
                root.locator(f"[data-index='{position}']").evaluate(
                    "(el, v) => { el.value = String(v); }", value)
            root.locator(f"[data-index='{len(state) - 1}']").evaluate(
                "el => el.dispatchEvent(new Event('input'))")
            output = root.locator(".course-live-output")
            panel["readings"].append({
                "state": state, "how": "missing", "text": output.inner_text(),
                "note": root.locator(".course-live-missing").inner_text() if root.locator(
                    ".course-live-missing").is_visible() else "",
                "stale": output.evaluate("el => el.classList.contains('course-live-stale')")})
    return panels


def copy_buttons(page) -> dict:
    """Copy buttons on code cells and on outputs; what the first cell's button puts on the clipboard."""
    found = page.evaluate("""() => ({
      cells: document.querySelectorAll('.bd-article .cell_input div.highlight pre').length,
      cell_buttons: document.querySelectorAll('.bd-article .cell_input button.copybtn').length,
      output_buttons: document.querySelectorAll('.bd-article .cell_output button.copybtn').length})""")
    first = page.locator(".bd-article .cell_input:visible").first
    if found["cell_buttons"] and first.count():
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        first.hover()
        first.locator("button.copybtn").click()
        page.wait_for_timeout(100)
        found["copied"] = page.evaluate("() => navigator.clipboard.readText()")
        found["code"] = first.locator("div.highlight pre").inner_text()
    return found


def visit(browser, base: str, rel: str, shots: Path) -> dict:
    """One page at desktop and phone width, light and dark: what a reader meets and can do."""
    report: dict = {"console_errors": [], "failed_requests": [], "external_requests": [], "modes": {}}
    name = rel.removesuffix(".html").replace("/", "-")
    for viewport in (DESKTOP, NARROW):
        width = "desktop" if viewport is DESKTOP else "phone"
        for mode in MODES:
            context, page = _new_page(browser, base, viewport, mode, report)
            responses: list = []
            page.on("response", lambda r, responses=responses: responses.append(r))
            page.goto(base + rel, wait_until="load")
            page.wait_for_timeout(50)
            seen = report["modes"].setdefault(f"{width}-{mode}", {})
            loaded = sum(len(r.body()) for r in responses if r.ok and r.url.startswith(base))
            seen.update(page.evaluate(_JS_READABILITY), bytes=loaded)
            if mode == "light":
                seen["toggles"] = toggles(page)
            if viewport is DESKTOP and mode == "light":
                report.update(page.evaluate(_JS_PAGE))
                page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
                report["live"] = live_panels(page)
                report["copy"] = copy_buttons(page)
                page.evaluate(_JS_OPEN_SOLUTIONS)
                page.wait_for_timeout(100)
                report["text_with_solutions"] = page.evaluate(
                    "() => (document.querySelector('article.bd-article') || document.body).innerText")
            elif viewport is NARROW and mode == "light":
                report["fits_narrow"] = page.evaluate(_JS_FITS)
                report["card_tables_narrow"] = page.evaluate("""() => [...document.querySelectorAll(
                  '.bd-article table.course-cards')].map(t => ({
                    fits: t.scrollWidth <= t.clientWidth + 1,
                    labelled: [...t.querySelectorAll('tbody td')].every(
                      td => td.dataset.label || td.classList.contains('course-card-empty')),
                    empty_shown: [...t.querySelectorAll('tbody td')].some(
                      td => !td.innerText.trim() && getComputedStyle(td).display !== 'none')}))""")
                report["lesson_table_scrolls_narrow"] = page.evaluate("""() => {
                  const tables = [...document.querySelectorAll('.course-lessons table')];
                  return tables.length ? tables.some(t => t.scrollWidth > t.clientWidth + 1) : null; }""")
                report["figures_narrow"] = page.evaluate("""() => [...document.querySelectorAll(
                  '.bd-article .cell_output img, .bd-article img.course-widget-figure')]
                  .filter(i => i.naturalWidth)
                  .map(i => ({shown: i.getBoundingClientRect().width, natural: i.naturalWidth,
                              keyboard: i.tabIndex === 0 && i.getAttribute('role') === 'button',
                              scrolls: i.parentElement.scrollWidth > i.parentElement.clientWidth + 1,
                              hint: !!i.parentElement.nextElementSibling?.classList
                                    .contains('course-figure-hint')}))""")
                page.screenshot(path=str(shots / f"{name}-narrow.png"))
            elif mode == "dark":
                page.screenshot(path=str(shots / f"{name}-{width}-dark.png"))
            context.close()
    return report


def search(browser, base: str, term: str) -> dict:
    """Type ``term`` into the search box of the landing page; return the results' links and text."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    report: dict = {"console_errors": [], "failed_requests": [], "external_requests": []}
    _watch(page, base, report)
    page.goto(base + "index.html", wait_until="load")
    page.locator(".search-button-field").first.click()
    field = page.locator("input[name='q']:visible").first
    field.fill(term)
    field.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    page.wait_for_selector("#search-results li a", timeout=15000)
    # Each result's summary is fetched in turn; the status line says when the last one is in.
    page.wait_for_function("() => /finished/i.test(document.querySelector('#search-results').innerText)",
                           timeout=30000)
    results = page.evaluate("""() => [...document.querySelectorAll('#search-results li')].map(
        li => ({href: li.querySelector('a').href, text: li.innerText}))""")
    context.close()
    return {"results": results, **report}


def crawl(site: Path, shots: Path) -> dict:
    """Every HTML page of ``site`` visited in headless Chromium, plus three searches."""
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts)
    try:
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            try:
                report = {"base": base, "pages": {rel: visit(browser, base, rel, shots) for rel in pages}}
                report["search"] = search(browser, base, SEARCH_TERM)
                report["noisy_search"] = search(browser, base, NOISY_TERM)
                report["exercise_search"] = search(browser, base, EXERCISE_TERM)
            finally:
                browser.close()
    finally:
        server.shutdown()
    return report


if __name__ == "__main__":
    json.dump(crawl(Path(sys.argv[1]), Path(sys.argv[2])), sys.stdout)
