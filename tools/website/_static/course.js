/* Course website behaviour, served from the site itself (no CDN). */

/* Navigation: the theme binds its sidebar dialogs to the FIRST .primary-toggle / .secondary-toggle
   in the page, a header button that sphinx-book-theme hides; the visible buttons (the article
   header's menu and "contents") were bound to nothing. Forward their clicks to the bound ones. */
document.addEventListener("click", (event) => {
  const button = event.target.closest(".primary-toggle, .secondary-toggle");
  if (!button) return;
  const kind = button.classList.contains("primary-toggle") ? ".primary-toggle" : ".secondary-toggle";
  const bound = document.querySelector(kind);
  if (bound && bound !== button) {
    event.preventDefault();
    event.stopPropagation();
    bound.click();
  }
}, true);

/* Figures: on a narrow screen a wide figure keeps at least 3/4 of its pixel size in a sideways
   scroll box (its text stays legible); a tap opens any figure at full size. */
const MIN_SCALE = 0.75;
function fitFigure(img) {
  const box = img.parentElement;
  if (!img.naturalWidth || !box) return;
  const wanted = Math.ceil(img.naturalWidth * MIN_SCALE);
  const room = box.clientWidth;
  if (room && wanted > room) {
    if (!box.classList.contains("course-figure-box")) {
      const wrap = document.createElement("div");
      wrap.className = "course-figure-box";
      img.replaceWith(wrap);
      wrap.appendChild(img);
      const hint = document.createElement("p");  // a phone shows no scroll bar until one scrolls
      hint.className = "course-figure-hint";
      hint.textContent = "Wider than the screen: swipe sideways, or tap the figure to open it at full size.";
      wrap.after(hint);
    }
    img.style.width = `${wanted}px`;
  }
}
function zoom(img) {
  const dialog = document.createElement("dialog");
  dialog.className = "course-zoom";
  const big = document.createElement("img");
  big.src = img.src;
  big.alt = img.alt;
  dialog.appendChild(big);
  dialog.addEventListener("click", () => dialog.close());
  // Escape closes it too (Chromium may skip a modal's own cancel when no click happened since it opened).
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      dialog.close();
    }
  });
  dialog.addEventListener("close", () => {
    dialog.remove();
    img.focus();  // back where the reader was
  });
  document.body.appendChild(dialog);
  dialog.showModal();
}
function figures() {
  return document.querySelectorAll(".bd-article .cell_output img, .bd-article img.course-widget-figure");
}
window.addEventListener("load", () => {
  figures().forEach((img) => {
    fitFigure(img);
    img.addEventListener("click", () => zoom(img));
    // Keyboard readers too: Tab reaches each figure, Enter or Space opens it (Escape closes the dialog).
    img.tabIndex = 0;
    img.setAttribute("role", "button");
    img.setAttribute("aria-haspopup", "dialog");
    img.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        zoom(img);
      }
    });
  });
});

/* Live panels: the lesson's pure-math panels, replayed from texts that tools/site.py computed with
   the panel's own update function for every reachable setting (or a documented sample of them). */
function livePanel(root) {
  const spec = JSON.parse(root.querySelector("script.course-live-spec").textContent);
  const inputs = Array.from(root.querySelectorAll("[data-index]"));
  const output = root.querySelector(".course-live-output");
  // A setting the site did not compute keeps the last output, greyed, under a note that says so: a blank
  // panel after a few moves (review r19) told the reader less than the nearest computed answer.
  const missing = document.createElement("p");
  missing.className = "course-live-missing";
  missing.hidden = true;
  missing.textContent = "This combination was not computed for the website. Below, greyed: the output of the " +
    "last computed setting. Launch the notebook (buttons above) to try this one, or move a control back.";
  output.before(missing);
  function show() {
    const key = inputs.map((input) => input.value).join(",");
    inputs.forEach((input) => {
      const label = spec.controls[Number(input.dataset.index)].labels[Number(input.value)];
      if (input.type === "range") {
        input.setAttribute("aria-valuetext", label);
        input.nextElementSibling.textContent = label;
      }
    });
    const text = spec.states[key];
    missing.hidden = text !== undefined;
    output.classList.toggle("course-live-stale", text === undefined);
    if (text !== undefined) output.innerHTML = spec.texts[text].map((line) => spec.lines[line]).join("\n");
  }
  inputs.forEach((input) => input.addEventListener("input", show));
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".course-live").forEach(livePanel);
});

/* Search: each result's summary is the page's text around the first match, and a lesson's text starts
   with its launch row ("Launch on Binder Launch on Colab ..."), which ran into the first sentence.
   Leave the row, and what is not the lesson's text, out of the text that summaries are cut from. */
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined" || !Search.htmlToText || Search.courseSkipsLaunchRow) return;
  const original = Search.htmlToText;
  Search.htmlToText = (html, anchor) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    // Also the header's buttons ("Light Dark System Settings"), the contents lists (sidebar, print) and the folded
    // set-up cell, whose repository URL (flatten-and-global-pooling) matched "flatten" or "global pooling";
    // and the folded worked answers and their outputs, which a summary would show unfolded (review r14).
    doc.querySelectorAll(".course-launch-row, .course-launch, .bd-header-article, .theme-switch-button, " +
                         ".bd-sidebar-secondary, .onlyprint, .tag_hide-input, .tag_course-solution, " +
                         ".tag_course-worked-output, details")  // hints and self-test answers too (r16)
      .forEach((el) => el.remove());
    return original(doc.documentElement.outerHTML, anchor);
  };
  Search.courseSkipsLaunchRow = true;
});

/* Sidebar: on a first visit the theme scrolls it so that the current page's link sits a quarter of the
   way down, as soon as that link is below mid-screen; on a 900 px screen that hides the course's title
   although every link fits. Scroll back to the top whenever the current link fits the first screen. */
window.addEventListener("load", () => {
  const sidebar = document.querySelector("div.bd-sidebar");
  const link = [...document.querySelectorAll(".bd-docs-nav .active")].pop();
  if (!sidebar || !link || !sidebar.scrollTop) return;
  const bottom = link.getBoundingClientRect().bottom - sidebar.getBoundingClientRect().top + sidebar.scrollTop;
  if (bottom <= sidebar.clientHeight) sidebar.scrollTop = 0;
});

/* Tables of three or more columns (the guide's plan and misconceptions, the lessons' comparisons): on a
   phone each row becomes a card whose cells carry their column's name (course.css), instead of a table
   squeezed into the screen with its first column scrolled away. The landing page has its own cards. */
document.querySelectorAll(".bd-article table").forEach((table) => {
  if (table.closest(".course-lessons")) return;
  const names = [...table.querySelectorAll("thead th")].map((th) => th.innerText.trim());
  if (names.length < 3) return;
  table.classList.add("course-cards");
  table.querySelectorAll("tbody tr").forEach((row) => {
    [...row.children].forEach((cell, i) => {
      if (!cell.innerText.trim()) cell.classList.add("course-card-empty");  // no "how:" with nothing after it (r20)
      else if (names[i]) cell.dataset.label = names[i];
    });
  });
});
