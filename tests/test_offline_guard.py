"""Notebook runs are offline: in a network namespace where one can be made, else with the socket guard.

tools/offline.py wraps every notebook run. With a network namespace, a kernel and any process it
starts (Python or not, bypassing every Python-level patch) cannot reach the network; elsewhere the
socket guard (tests/offline/sitecustomize.py) blocks Python sockets and keeps loopback.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUARD = ROOT / "tests" / "offline"
OFFLINE = ROOT / "tools" / "offline.py"
sys.path.insert(0, str(ROOT / "tools"))
import offline  # noqa: E402  (tools/offline.py)

PROBE = """
import socket, urllib.request
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
socket.create_connection(server.getsockname(), timeout=2).close()   # loopback works
for target in ("http://93.184.215.14/", "https://example.com/"):
    try:
        urllib.request.urlopen(target, timeout=2)
    except OSError as exc:
        print("blocked:", "offline test" in str(exc) or "offline test" in str(getattr(exc, "reason", "")))
"""


def run(guard_on):
    env = dict(os.environ, PYTHONPATH=str(GUARD), COURSE_OFFLINE_GUARD="1" if guard_on else "0")
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                          timeout=60)


def test_the_guard_blocks_remote_hosts_and_allows_loopback():
    out = run(guard_on=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["blocked: True", "blocked: True"]


def test_without_the_flag_the_guard_changes_nothing():
    out = run(guard_on=False)
    assert "blocked: True" not in out.stdout


def test_a_notebook_kernel_started_like_make_test_does_is_offline(monkeypatch, tmp_path):
    """`make test` runs nbval with this environment; the kernel inherits it."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("PYTHONPATH", str(GUARD))
    monkeypatch.setenv("COURSE_OFFLINE_GUARD", "1")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import urllib.request\n"
        "try:\n"
        "    urllib.request.urlopen('https://example.com/', timeout=2)\n"
        "    print('ONLINE')\n"
        "except OSError as exc:\n"
        "    print('OFFLINE' if 'offline test' in str(exc) else f'OTHER {exc}')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    client = NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    assert nb.cells[0].outputs[0]["text"].strip() == "OFFLINE"


# --- the network namespace --------------------------------------------------------------------

# Run in a notebook kernel inside tools/offline.py: every way out is tried, from the kernel itself
# and from child processes, each with the raw socket module (which no Python-level guard patches)
# or without Python at all. Reports which attempts failed, and that the guard was not loaded.
ESCAPES = r"""
import _socket, json, os, shutil, subprocess, sys
RAW = ("import _socket; s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM); s.settimeout(3); "
       "s.connect(('93.184.215.14', 80))")
def attempt(fn):
    try:
        fn()
        return "connected"
    except OSError as exc:
        return f"failed: {exc}"
def tcp():
    s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
    s.settimeout(3)
    s.connect(("93.184.215.14", 80))
def udp():
    s = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM); s.sendto(b"x", ("8.8.8.8", 53))
def dns():
    _socket.getaddrinfo("pypi.org", 443)
def child(argv):
    out = subprocess.run(argv, capture_output=True, text=True, timeout=30, env={"PATH": os.environ["PATH"]})
    return "connected" if out.returncode == 0 else f"failed: {out.stderr.strip()[-200:]}"
result = {"mechanism": os.environ.get("COURSE_OFFLINE"), "guard": "COURSE_OFFLINE_GUARD" in os.environ,
          "kernel_tcp": attempt(tcp), "kernel_udp": attempt(udp), "kernel_dns": attempt(dns),
          "child_python": child([sys.executable, "-c", RAW]),
          "interfaces": sorted(l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:])}
if shutil.which("bash"):  # a child that is not Python at all: bash's /dev/tcp
    result["child_bash"] = child(["bash", "-c", "exec 3<>/dev/tcp/93.184.215.14/80"])
print(json.dumps(result))
"""
RUN_IN_KERNEL = r"""
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(sys.argv[1])])
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
NotebookClient(nb, timeout=120, kernel_name="python3").execute()
print(nb.cells[0].outputs[0]["text"])
"""


def netns_or_skip():
    prefix, why_not = offline.netns_prefix()
    if prefix is None:
        if os.environ.get("COURSE_OFFLINE_MECHANISM") == "netns":
            pytest.fail(f"COURSE_OFFLINE_MECHANISM=netns but no network namespace possible: {why_not}")
        pytest.skip(f"no network namespace here ({why_not}); notebook runs fall back to the socket guard")
    return prefix


def test_inside_the_network_namespace_neither_a_kernel_nor_its_child_processes_can_connect(tmp_path):
    netns_or_skip()
    out = subprocess.run(
        [sys.executable, str(OFFLINE), "--mechanism", "netns", "--",
         sys.executable, "-c", RUN_IN_KERNEL, ESCAPES],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    assert out.stdout.startswith("offline: network namespace"), out.stdout[:500]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # The kernel started (it talks to nbclient over loopback) with no patch loaded: the proof is the kernel's.
    assert result.pop("mechanism") == "netns" and result.pop("guard") is False
    assert result.pop("interfaces") == ["lo"]
    assert {name: outcome[:7] for name, outcome in result.items()} == dict.fromkeys(result, "failed:"), result


def test_notebook_runs_use_the_network_namespace_and_say_so_when_one_can_be_made():
    netns_or_skip()
    out = subprocess.run([sys.executable, str(OFFLINE), "--", sys.executable, "-c",
                          "import os; print(os.environ['COURSE_OFFLINE'])"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("offline: network namespace (unshare -")
    assert out.stdout.splitlines()[-1] == "netns"


def test_without_unshare_the_notebook_runs_fall_back_to_the_guard_and_say_so(tmp_path):
    # An empty PATH hides `unshare`; the command is given by its full path. (--mechanism auto: CI's
    # COURSE_OFFLINE_MECHANISM=netns would rightly turn this fallback into an error.)
    out = subprocess.run([sys.executable, str(OFFLINE), "--mechanism", "auto", "--",
                          sys.executable, "-c", PROBE],
                         capture_output=True, text=True, timeout=60, env=dict(os.environ, PATH=str(tmp_path)))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("offline: socket guard"), lines
    assert lines[1:3] == ["blocked: True", "blocked: True"]


def test_the_wrapper_passes_on_the_exit_status_of_its_command():
    for mechanism in ("auto", "guard"):
        out = subprocess.run([sys.executable, str(OFFLINE), "--mechanism", mechanism, "--",
                              sys.executable, "-c", "raise SystemExit(7)"], capture_output=True, timeout=60)
        assert out.returncode == 7, mechanism
