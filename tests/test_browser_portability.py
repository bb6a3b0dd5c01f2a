"""The tools' code paths work where POSIX-only APIs do not exist (Windows), simulated here.

GitHub's windows-latest and macos-latest runners run `tools/run_tests.py check` (.github/workflows/
portability.yml); these tests catch the obvious breakage on Linux first: they remove os.killpg,
signal.SIGKILL, signal.SIGALRM and os.setsid, then drive the code that used them.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import jupyter_browser  # noqa: E402  (tools/jupyter_browser.py)
import offline  # noqa: E402  (tools/offline.py)
import run_tests  # noqa: E402  (tools/run_tests.py)

# A parent that starts a child and both sleep: the "server and its kernel".
TREE = ("import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n")


@pytest.fixture
def without_posix_only_apis(monkeypatch):
    """What Windows lacks: os.killpg, os.setsid, signal.SIGKILL, signal.SIGALRM, and taskkill on PATH."""
    for module, name in ((os, "killpg"), (os, "setsid"), (signal, "SIGKILL"), (signal, "SIGALRM")):
        monkeypatch.delattr(module, name, raising=False)
    monkeypatch.setenv("PATH", "")  # no taskkill here: terminate_tree must fall back to Popen's own calls


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not Path(f"/proc/{pid}/stat").is_file() or Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def end(pid: int) -> None:
    """Clean up a grandchild that the simulated platform's fallback (no taskkill here) leaves behind."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass


def test_terminate_tree_ends_a_server_without_killpg_or_sigkill(without_posix_only_apis):
    proc = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    child = int(proc.stdout.readline())
    started = time.monotonic()
    try:
        jupyter_browser.terminate_tree(proc, grace=5, last=5)
        assert proc.poll() is not None and time.monotonic() - started < 10
    finally:
        end(child)


def test_terminate_tree_on_posix_ends_the_whole_group_including_children():
    if not hasattr(os, "killpg"):
        pytest.skip("POSIX only")
    proc = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True,
                            **jupyter_browser.NEW_GROUP)
    child = int(proc.stdout.readline())
    jupyter_browser.terminate_tree(proc, grace=5, last=5)
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert proc.poll() is not None and not alive(child)


def test_stop_works_without_posix_only_apis(without_posix_only_apis, tmp_path):
    server = jupyter_browser.JupyterServer.__new__(jupyter_browser.JupyterServer)
    server.proc = subprocess.Popen([sys.executable, "-c", TREE], stdout=subprocess.PIPE, text=True)
    child = int(server.proc.stdout.readline())
    server.tmp, server._log = tmp_path / "server", None
    server.tmp.mkdir()
    server.shutdown_kernels = lambda: None  # no REST API behind this stand-in
    proc = server.proc
    try:
        server.stop()
        assert proc.poll() is not None and not server.tmp
    finally:
        end(child)


@pytest.mark.all_backends
def test_the_offline_wrapper_and_the_test_plan_need_no_posix_only_api(without_posix_only_apis, monkeypatch):
    monkeypatch.setattr(offline.sys, "platform", "win32")
    prefix, why_not = offline.netns_prefix()
    assert prefix is None and "Linux-only" in why_not
    monkeypatch.setattr(run_tests.colab_env.sys, "platform", "win32")
    possible, why_not = run_tests.colab_env.content_possible()
    assert not possible and "Linux" in why_not
    for step in ("check", "unit", "notebooks"):
        assert run_tests.commands(step, sys.executable, build=False)
    monkeypatch.setenv("COURSE_ALLOW_SKIP", "colab")
    assert run_tests.run_step("colab", sys.executable, dict(os.environ), dry_run=True) == "NOT RUN (allowed)"


def test_the_guard_path_of_the_offline_wrapper_runs_a_command_without_namespaces(monkeypatch):
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "offline.py"), "--mechanism", "guard", "--",
                          sys.executable, "-c", "import os; print(os.environ['COURSE_OFFLINE'])"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.splitlines()[-1] == "guard", out.stderr
