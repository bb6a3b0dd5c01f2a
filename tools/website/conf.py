"""Sphinx configuration of the course website (used by tools/site.py; see `make site`).

The pages are already executed by tools/site.py, so MyST-NB only renders them. Everything is
served from the site itself: no fonts, scripts or widget bundles from a CDN, so the site works offline.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import course  # noqa: E402  (tools/course.py: the one source of the repo URL and title)

project = course.TITLE
extensions = ["myst_nb", "sphinx_copybutton"]

# Notebooks arrive executed; widgets arrive as static views, so no widget JavaScript (from a CDN).
nb_execution_mode = "off"
nb_ipywidgets_js = {}
nb_merge_streams = True
myst_heading_anchors = 3
# A copy button on code a reader would paste (cells and commands), none on a cell's printed output; the
# button's scripts ship with the extension (no CDN). Lines of a pasted session lose their ">>> " / "$ ".
copybutton_selector = "div:not(.output) > div.highlight pre"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

html_theme = "sphinx_book_theme"
html_title = course.TITLE.split(": ", 1)[-1]  # the sidebar's short title: "Flatten, shape math and ..."
html_baseurl = course.pages_url()
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_js_files = [("course.js", {"defer": "defer"})]
html_favicon = "_static/favicon.svg"
html_copy_source = False  # the executed notebooks would double the site's size
html_show_sourcelink = False
html_use_index = False  # no index entries: an empty "Index" page would only confuse
html_last_updated_fmt = None
# The theme reads the mode from the reader's last choice, else the system's (empty logs a console error).
html_context = {"default_mode": "auto"}
html_theme_options = {
    "repository_url": course.repo_url(),
    "repository_branch": course.BRANCH,
    "use_repository_button": True,
    "use_download_button": False,  # the sources are not copied (see html_copy_source)
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "footer_content_items": ["extra-footer.html"],
    "extra_footer": (f'<p>Source and issues: <a href="{course.repo_url()}">{course.GITHUB_REPO}</a>'
                     " on GitHub.</p>"),
}
