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

DESKTOP, NARROW = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
SEARCH_TERM = "GlobalAveragePooling2D"

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
    launch: hrefs('.course-launch-row a'),
    prev: hrefs('.prev-next-area a.left-prev', document),
    next: hrefs('.prev-next-area a.right-next', document),
    solutions: [...article.querySelectorAll('.tag_course-solution')].map(s => {
      const d = s.querySelector('details');
      return {open: d ? d.open : null, summary: d ? d.querySelector('summary').innerText.trim() : null};
    }),
    text: article.innerText,
  };
}"""
_JS_OPEN_SOLUTIONS = """() => [...document.querySelectorAll('.tag_course-solution details')]
  .forEach(d => d.querySelector('summary').click())"""
_JS_FITS = "() => document.documentElement.scrollWidth <= window.innerWidth + 1"


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


def visit(browser, base: str, rel: str, shots: Path) -> dict:
    """One page at desktop and at phone width; solution blocks read closed, then opened."""
    report: dict = {"console_errors": [], "failed_requests": [], "external_requests": []}
    name = rel.removesuffix(".html").replace("/", "-")
    for viewport in (DESKTOP, NARROW):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        _watch(page, base, report)
        page.goto(base + rel, wait_until="load")
        if viewport is DESKTOP:
            report.update(page.evaluate(_JS_PAGE))
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            page.evaluate(_JS_OPEN_SOLUTIONS)
            page.wait_for_timeout(100)
            report["text_with_solutions"] = page.evaluate(
                "() => (document.querySelector('article.bd-article') || document.body).innerText")
        else:
            report["fits_narrow"] = page.evaluate(_JS_FITS)
            page.screenshot(path=str(shots / f"{name}-narrow.png"))
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
    results = page.evaluate("""() => [...document.querySelectorAll('#search-results li')].map(
        li => ({href: li.querySelector('a').href, text: li.innerText}))""")
    context.close()
    return {"results": results, **report}


def crawl(site: Path, shots: Path) -> dict:
    """Every HTML page of ``site`` visited in headless Chromium, plus one search."""
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
            finally:
                browser.close()
    finally:
        server.shutdown()
    return report


if __name__ == "__main__":
    json.dump(crawl(Path(sys.argv[1]), Path(sys.argv[2])), sys.stdout)
