"""Drive a real JupyterLab in headless Chromium: used by tools/bench.py and tests/test_browser_widgets.py.

* :class:`JupyterServer` starts ``jupyter lab`` on a free loopback port with a random token and
  throw-away config/data/runtime/settings/workspace folders (autosave, news and the
  announcements pop-up are switched off), so neither the repo nor ``$HOME`` changes.
* :func:`launch_browser` starts the system's Chrome/Chromium (tools/browser.py finds it; no
  browser download) through Playwright.
* :class:`LessonPage` opens a notebook, runs all cells, and moves the first slider of a
  ``utils.panel.Panel`` (CSS classes ``course-widget`` / ``course-output`` / ``course-error``).

Nothing here imports Playwright at module import time, so ``import jupyter_browser`` is cheap.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PANEL, OUTPUT, ERROR = ".course-widget", ".course-output", ".course-error"
SLIDER_HANDLE = ".widget-slider .noUi-handle"
SLIDER_READOUT = ".widget-slider .widget-readout"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]

# JupyterLab user settings that keep the page quiet and the repo untouched.
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # Attach every cell to the DOM so panels below the fold can be found.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/lsp-extension/plugin.jupyterlab-settings": {"activate": "off"},
}
PAGE_CONFIG = {
    "disabledExtensions": {
        "@jupyterlab/apputils-extension:announcements": True,
        "@jupyterlab/extensionmanager-extension:plugin": True,
    },
    "buildAvailable": False,
    "buildCheck": False,
}


# Browser discovery (COURSE_CHROMIUM, then each platform's usual places) is its own module, tools/browser.py.
sys.path.insert(0, str(ROOT / "tools"))
from browser import find_chromium, install_hint  # noqa: E402,F401  (re-exported for the test and bench)


def lesson_module_name(notebook: Path) -> str:
    """``lessons/03_conv_and_pool_shape_math.ipynb`` -> ``lesson03`` (its utils.lessons module)."""
    return f"lesson{notebook.name[:2]}"


def widget_notebooks(folder: Path) -> list[Path]:
    """Notebooks in ``folder`` whose lesson module registers panels (``utils.lessons.lessonNN.PANELS``)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from utils import lessons

    names = set(lessons.lesson_names())
    found = []
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        name = lesson_module_name(path)
        if name in names and getattr(lessons.load(name), "PANELS", []):
            found.append(path)
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The server and its kernels form one group that stop() ends together: a new session (process
# group) on POSIX, a new process group on Windows (where start_new_session does nothing).
NEW_GROUP = ({"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if os.name == "nt"
             else {"start_new_session": True})


def terminate_tree(proc: subprocess.Popen, grace: float = 10, last: float = 5) -> None:
    """End ``proc`` and the processes it started, politely first, on any platform.

    POSIX: SIGTERM to the process group, then SIGKILL (where it exists) after ``grace`` seconds.
    Windows (no killpg, no SIGKILL): ``taskkill /T`` ends the tree, ``/F`` after ``grace``; the
    process itself is killed last through Popen.kill (TerminateProcess) if anything is left.
    """
    killpg = getattr(os, "killpg", None)
    hard = getattr(signal, "SIGKILL", signal.SIGTERM)
    for forceful, wait in ((False, grace), (True, last)):
        try:
            if killpg is not None:
                killpg(proc.pid, hard if forceful else signal.SIGTERM)
            else:
                taskkill = ["taskkill", "/T", "/PID", str(proc.pid), *(["/F"] if forceful else [])]
                try:
                    subprocess.run(taskkill, capture_output=True, timeout=wait)
                except (OSError, subprocess.SubprocessError):
                    proc.kill() if forceful else proc.terminate()
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue
    proc.kill()
    proc.wait(timeout=last)


class JupyterServer:
    """A JupyterLab server for one test session; use as a context manager (always stops)."""

    def __init__(self, root: Path = ROOT, python: str = sys.executable, startup_timeout: float = 90,
                 env: dict[str, str] | None = None):
        self.root, self.python, self.startup_timeout = Path(root), python, startup_timeout
        self.extra_env = dict(env or {})
        self.token = secrets.token_hex(24)
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.tmp: Path | None = None
        self.log_path: Path | None = None

    # -- lifecycle -------------------------------------------------------------
    def __enter__(self) -> JupyterServer:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def _write_config(self) -> dict[str, str]:
        assert self.tmp is not None
        dirs = {name: self.tmp / name for name in ("config", "data", "runtime", "ipython", "workspaces")}
        for folder in dirs.values():
            folder.mkdir(parents=True, exist_ok=True)
        settings = dirs["config"] / "lab" / "user-settings"
        for rel, value in USER_SETTINGS.items():
            target = settings / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(value), encoding="utf-8")
        labconfig = dirs["config"] / "labconfig"
        labconfig.mkdir(parents=True, exist_ok=True)
        (labconfig / "page_config.json").write_text(json.dumps(PAGE_CONFIG), encoding="utf-8")
        env = dict(os.environ)
        env.update(
            JUPYTER_CONFIG_DIR=str(dirs["config"]), JUPYTER_DATA_DIR=str(dirs["data"]),
            JUPYTER_RUNTIME_DIR=str(dirs["runtime"]), IPYTHONDIR=str(dirs["ipython"]),
            JUPYTER_PLATFORM_DIRS="1", PYTHONDONTWRITEBYTECODE="1",
            TF_CPP_MIN_LOG_LEVEL=os.environ.get("TF_CPP_MIN_LOG_LEVEL", "3"),
        )
        env.pop("JUPYTER_PATH", None)
        env.pop("MPLBACKEND", None)  # kernels get matplotlib's inline backend, as for a learner
        env.update(self.extra_env)
        self._settings_dir, self._workspaces_dir = settings, dirs["workspaces"]
        return env

    def start(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="course-jupyter-"))
        env = self._write_config()
        self.log_path = self.tmp / "server.log"
        for _attempt in range(3):
            self.port = free_port()
            cmd = [
                self.python, "-m", "jupyter", "lab", "--no-browser",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
                "--ServerApp.allow_root=True", "--ServerApp.terminals_enabled=False",
                "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                f"--LabServerApp.user_settings_dir={self._settings_dir}",
                f"--LabServerApp.workspaces_dir={self._workspaces_dir}",
                "--FileContentsManager.delete_to_trash=False",
                # Checkpoints (made when a notebook is opened) go to the temp folder, not the repo.
                f"--FileCheckpoints.root_dir={self.tmp / 'checkpoints'}",
            ]
            log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop())
            self._log = log
            self.proc = subprocess.Popen(
                cmd, cwd=self.tmp, env=env, stdout=log, stderr=subprocess.STDOUT, **NEW_GROUP)
            if self._wait_ready():
                return
            self.stop(keep_tmp=True)
        raise RuntimeError(f"JupyterLab did not start; log:\n{self.log()}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                return False
            try:
                self.api("GET", "/api/status", timeout=2)
                return True
            except (OSError, urllib.error.URLError):
                time.sleep(0.25)
        return False

    def stop(self, keep_tmp: bool = False) -> None:
        """Shut down kernels, then terminate (and if needed kill) the server's process group."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            try:
                self.shutdown_kernels()
            except Exception:  # noqa: BLE001  (best effort: the process group is killed below)
                pass
            terminate_tree(proc)
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None
        if not keep_tmp and self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def log(self) -> str:
        if self.log_path and self.log_path.exists():
            return self.log_path.read_text(errors="replace")[-5000:]
        return ""

    # -- REST ------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, method: str, path: str, timeout: float = 10) -> Any:
        req = urllib.request.Request(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (loopback only)
            body = resp.read()
        return json.loads(body) if body else None

    def kernels(self) -> list[dict]:
        return self.api("GET", "/api/kernels")

    def shutdown_kernels(self) -> None:
        """Delete every session and kernel (frees the notebook kernels' memory)."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=30)

    def lab_url(self, rel_path: str) -> str:
        return f"{self.url}/lab/tree/{rel_path}?reset&token={self.token}"


def launch_browser(playwright: Any, executable: str | None = None) -> Any:
    """Headless system Chromium through Playwright (no downloaded browser)."""
    executable = executable or find_chromium()
    if executable is None:
        raise RuntimeError(install_hint())
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


# JS run in the page --------------------------------------------------------------

_JS_STATE = """() => {
  const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  if (!nb) return null;
  const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent);
  const stderr = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
  const errors = nb.querySelectorAll(stderr);
  const tracebacks = [...errors].filter(e => /Traceback/.test(e.textContent)).length;
  return {prompts, tracebacks};
}"""

# Resolve a promise on the next text change of one panel's output; time it from the keydown.
_JS_ARM = """([index]) => {
  const panel = document.querySelectorAll('.course-widget')[index];
  const out = panel.querySelector('.course-output');
  const before = out.innerText;
  window.__course = {t0: null, t1: null, text: null};
  const onKey = () => { if (window.__course.t0 === null) window.__course.t0 = performance.now(); };
  document.addEventListener('keydown', onKey, {capture: true, once: true});
  const obs = new MutationObserver(() => {
    if (out.innerText !== before && window.__course.t1 === null) {
      window.__course.t1 = performance.now(); window.__course.text = out.innerText; obs.disconnect();
    }
  });
  obs.observe(out, {subtree: true, childList: true, characterData: true});
  return before;
}"""

# Evaluate Python in the notebook's kernel and return its stdout.
_JS_KERNEL_EXEC = """async ([code]) => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session.kernel;
  let out = '';
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  future.onIOPub = msg => {
    if (msg.header.msg_type === 'stream') out += msg.content.text;
    if (msg.header.msg_type === 'error') out += msg.content.ename + ': ' + msg.content.evalue;
  };
  await future.done;
  return out;
}"""

# Kernel-side: every live course panel with its first control's value, its shown text, and the
# text its update function returns for the current values (recomputed, not read back).
KERNEL_PANELS_SNIPPET = r'''
def __course_panels():
    import html as _h, json as _j, re as _re
    import ipywidgets as _w
    from utils import panel as _cp
    def _text(body):
        return " ".join(_h.unescape(_re.sub(r"<[^>]+>", " ", body)).split())
    found = []
    try:
        instances = _w.widgets.widget._instances  # ipywidgets 8
    except AttributeError:
        instances = _w.Widget.widgets  # ipywidgets 7
    for obj in list(instances.values()):
        if not (isinstance(obj, _w.VBox) and "course-widget" in obj._dom_classes
                and hasattr(obj, "controls")):
            continue
        first_name, first = next(iter(obj.controls.items()))
        fn = obj.update_function
        row = {"first": first_name, "value": first.value, "shown": _text(obj.text_output.value),
               "update": f"{fn.__module__}.{fn.__qualname__}"}
        values = {n: c.value for n, c in obj.controls.items()}
        try:
            row["expected"] = _text(_cp.render(obj.update_function(**values))[0])
        except ValueError as exc:
            row["expected"] = _text("Not possible: " + str(exc))
        found.append(row)
    print(_j.dumps(found))
__course_panels()
del __course_panels
'''


def normalise(text: str) -> str:
    """Collapse whitespace, drop the warning sign: compares browser innerText to kernel text."""
    return " ".join(text.replace("⚠️", " ").replace("\u26a0", " ").split())


class LessonPage:
    """One notebook opened in JupyterLab in its own browser context."""

    def __init__(self, server: JupyterServer, browser: Any, rel_path: str):
        self.server, self.rel_path = server, rel_path
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def close(self) -> None:
        try:
            self.context.close()
        finally:
            self.server.shutdown_kernels()

    def open(self, timeout: float = 90) -> None:
        self.page.goto(self.server.lab_url(self.rel_path), timeout=timeout * 1000)
        ms = timeout * 1000
        self.page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=ms)
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=ms)
        self.page.evaluate("() => { const s = window.jupyterapp.shell; s.collapseLeft && s.collapseLeft(); }")
        # Wait for the kernel to be ready before running anything.
        self.page.wait_for_function(
            """() => { const w = window.jupyterapp.shell.currentWidget;
                       return w && w.sessionContext && w.sessionContext.session &&
                              w.sessionContext.session.kernel &&
                              w.sessionContext.session.kernel.connectionStatus === 'connected' &&
                              w.sessionContext.session.kernel.status === 'idle'; }""",
            timeout=timeout * 1000,
        )

    def run_all(self, timeout: float = 180) -> dict:
        """Run all cells and wait until every code cell ran (or one failed) and the kernel is idle."""
        self.page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        deadline = time.monotonic() + timeout
        state: dict = {}
        while time.monotonic() < deadline:
            state = self.page.evaluate(_JS_STATE) or {}
            prompts = state.get("prompts", [])
            busy = any("*" in p for p in prompts)
            done = prompts and all(re.search(r"\[\d+\]", p) for p in prompts)
            kernel_idle = self.page.evaluate(
                "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status")
            if not busy and kernel_idle == "idle" and (done or state.get("tracebacks")):
                break
            time.sleep(0.5)
        else:
            raise TimeoutError(f"cells still running after {timeout:.0f} s: {state.get('prompts')}")
        # Widget views render asynchronously after their output arrives.
        self.page.wait_for_timeout(300)
        return state

    def errors(self) -> list[str]:
        """Tracebacks in outputs and widgets that failed to render."""
        texts = self.page.evaluate("""() => {
          const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
          const outs = [...nb.querySelectorAll('.jp-OutputArea-output')].map(o => o.innerText);
          return outs;
        }""")
        bad = []
        for text in texts:
            if "Traceback" in text or "Error displaying widget" in text or "Error rendering" in text:
                bad.append(text[:2000])
        return bad

    def panel_count(self, timeout: float = 30) -> int:
        self.page.wait_for_selector(f"{PANEL} {OUTPUT}", timeout=timeout * 1000)
        return self.page.locator(PANEL).count()

    def panel(self, index: int) -> Any:
        return self.page.locator(PANEL).nth(index)

    def output_text(self, index: int) -> str:
        return self.panel(index).locator(OUTPUT).first.inner_text()

    def readout(self, index: int) -> str:
        return self.panel(index).locator(SLIDER_READOUT).first.inner_text().strip()

    def has_error(self, index: int) -> bool:
        return self.panel(index).locator(ERROR).count() > 0

    def panel_has_slider(self, index: int) -> bool:
        return self.panel(index).locator(SLIDER_HANDLE).count() > 0

    def move_first_slider(self, index: int, key: str | None = None, timeout: float = 30) -> dict:
        """Press ``key`` on the panel's first slider handle; wait for the output text to change.

        ``key`` defaults to ArrowRight, or ArrowLeft when the slider already sits at its maximum.

        Returns ``before``, ``after`` (output texts), ``readout`` (slider value shown after the
        move) and ``latency_ms`` (keydown to output change, measured in the page).
        """
        panel = self.panel(index)
        handle = panel.locator(SLIDER_HANDLE).first
        handle.scroll_into_view_if_needed()
        if key is None:
            at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            key = "ArrowLeft" if at_max else "ArrowRight"
        before = self.page.evaluate(_JS_ARM, [index])
        handle.focus()
        self.page.keyboard.press(key)
        self.page.wait_for_function("() => window.__course && window.__course.t1 !== null",
                                    timeout=timeout * 1000)
        timing = self.page.evaluate("() => window.__course")
        return {
            "before": before, "after": timing["text"], "readout": self.readout(index),
            "latency_ms": (timing["t1"] - timing["t0"]) if timing["t0"] is not None else None,
        }

    def kernel_panels(self) -> list[dict]:
        """Ask the notebook's kernel for every course panel's state (see KERNEL_PANELS_SNIPPET)."""
        out = self.page.evaluate(_JS_KERNEL_EXEC, [KERNEL_PANELS_SNIPPET])
        lines = [line for line in out.strip().splitlines() if line.startswith("[")]
        if not lines:
            raise RuntimeError(f"kernel snippet failed: {out[-2000:]}")
        return json.loads(lines[-1])

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # JupyterLab scrolls inside the notebook panel, so a "full page" screenshot of the window
        # shows one screen: make the window tall enough to hold the whole notebook first.
        try:
            height = self.page.evaluate("""() => {
              const p = '.jp-NotebookPanel:not(.lm-mod-hidden) ';
              const nb = document.querySelector(p + '.jp-WindowedPanel-inner')
                      || document.querySelector(p + '.jp-Notebook');
              return nb ? nb.scrollHeight : 0; }""")
            if height:
                self.page.set_viewport_size({"width": 1400, "height": min(int(height) + 200, 16000)})
                self.page.evaluate("""() => document.querySelectorAll(
                  '.jp-NotebookPanel .jp-WindowedPanel-outer, .jp-NotebookPanel .jp-Notebook')
                  .forEach(e => { e.scrollTop = 0; })""")
                self.page.wait_for_timeout(500)
        except Exception:  # noqa: BLE001  (a screenshot of whatever is there is still useful)
            pass
        self.page.screenshot(path=str(path), full_page=True)
