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
    assert out.stdout.splitlines()[0].startswith("offline: network namespace (unshare --user")
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


# --- the socket guard against less well-behaved code -----------------------------------------

# Each way past a naive guard, tried in a guarded process: "blocked" when the guard refused it by name.
BYPASSES = r"""
import _socket, ctypes, ctypes.util, json, os, socket, subprocess, sys, urllib.request
REMOTE = ("192.0.2.1", 80)  # TEST-NET-1: never a real host
RAW_CHILD = ("import _socket; s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM); s.settimeout(1); "
             "s.connect(('192.0.2.1', 80))")
def attempt(fn):
    try:
        fn()
        return "allowed"
    except OSError as exc:
        return "blocked" if "offline test" in str(exc) else f"other: {exc}"
def raw_socket(kind):
    s = _socket.socket(_socket.AF_INET, kind); s.settimeout(1); return s
def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(1); return s
def child(env):
    out = subprocess.run([sys.executable, "-c", RAW_CHILD], env=env, capture_output=True, text=True,
                         timeout=60)
    return "blocked" if "offline test" in out.stderr else f"other: {out.returncode} {out.stderr[-200:]}"
def libc_connect():
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None)
    libc.connect
result = {
    "raw _socket connect": attempt(lambda: raw_socket(_socket.SOCK_STREAM).connect(REMOTE)),
    "raw _socket connect_ex": attempt(lambda: raw_socket(_socket.SOCK_STREAM).connect_ex(REMOTE)),
    "raw _socket sendto": attempt(lambda: raw_socket(_socket.SOCK_DGRAM).sendto(b"x", REMOTE)),
    "socket sendto": attempt(lambda: udp().sendto(b"x", REMOTE)),
    "socket sendto with flags": attempt(lambda: udp().sendto(b"x", 0, REMOTE)),
    "ctypes libc connect": attempt(libc_connect),
    "ctypes CDLL(None) getaddrinfo": attempt(lambda: ctypes.CDLL(None)["getaddrinfo"]),
    "gethostbyname": attempt(lambda: socket.gethostbyname("example.com")),
    "gethostbyname_ex": attempt(lambda: socket.gethostbyname_ex("example.com")),
    "raw _socket gethostbyname": attempt(lambda: _socket.gethostbyname("example.com")),
    "getaddrinfo": attempt(lambda: socket.getaddrinfo("example.com", 80)),
    "child with an explicit environment": child({"PATH": os.environ.get("PATH", ""),
                                                 "SYSTEMROOT": os.environ.get("SYSTEMROOT", "")}),
    "child with the inherited environment": child(None),
}
if hasattr(socket.socket, "sendmsg"):
    result["socket sendmsg"] = attempt(lambda: udp().sendmsg([b"x"], [], 0, REMOTE))
# A proxy on loopback (allowed) would forward to the internet: the guard points proxies at a closed port.
result["via the environment's proxy"] = attempt(
    lambda: urllib.request.urlopen("http://example.com/", timeout=3))
# Loopback stays open (kernels talk to their client there).
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
socket.create_connection(server.getsockname(), timeout=2).close()
udp().sendto(b"x", ("127.0.0.1", server.getsockname()[1]))
print(json.dumps(result))
"""


def run_bypasses(guard_on: bool):
    """Run BYPASSES with the guard on or off, with HTTP(S)_PROXY pointing at a listener on loopback."""
    import socket

    proxy = socket.socket()
    proxy.bind(("127.0.0.1", 0))
    proxy.listen(5)
    proxy.setblocking(False)
    address = f"http://127.0.0.1:{proxy.getsockname()[1]}"
    env = dict(os.environ, PYTHONPATH=str(GUARD), COURSE_OFFLINE_GUARD="1" if guard_on else "0",
               HTTP_PROXY=address, http_proxy=address, HTTPS_PROXY=address, https_proxy=address)
    env.pop("no_proxy", None)
    env.pop("NO_PROXY", None)
    try:
        out = subprocess.run([sys.executable, "-c", BYPASSES], env=env, capture_output=True, text=True,
                             timeout=180)
        try:
            proxy.accept()[0].close()
            reached_proxy = True
        except BlockingIOError:
            reached_proxy = False
    finally:
        proxy.close()
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1]), reached_proxy


def test_the_guard_closes_what_python_can_raw_sockets_sendto_ctypes_lookups_proxies_and_children():
    result, reached_proxy = run_bypasses(guard_on=True)
    assert result == dict.fromkeys(result, "blocked"), result
    assert not reached_proxy, "a request went to the environment's (loopback) proxy"


def test_without_the_guard_the_same_bypasses_get_through_so_the_test_can_fail():
    result, reached_proxy = run_bypasses(guard_on=False)
    assert reached_proxy  # urllib used the loopback proxy
    for name in ("ctypes libc connect", "ctypes CDLL(None) getaddrinfo",
                 "child with the inherited environment"):
        assert result[name] != "blocked", name


# --- the namespace against a root process that tries to leave it ------------------------------

# setns(2) into every network namespace the process can name (/proc/1, its parent, the test
# process's own pid as seen outside), after trying to uncover the outer /proc, then connect to a
# listener that exists only in the outer namespace's loopback.
SETNS_ESCAPE = r"""
import ctypes, json, os, socket, sys
port, outer_pid, outer_mounts = int(sys.argv[1]), sys.argv[2], sys.argv[3]
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET, MNT_DETACH = 0x40000000, 2
result = {"euid": os.geteuid()}
# Only in a private mount namespace: unmounting the machine's own /proc would break every process on it.
if os.readlink("/proc/self/ns/mnt") != outer_mounts and libc.umount2(b"/proc", MNT_DETACH) == 0:
    result["umount /proc"] = "done"
for label, pid in (("pid 1", "1"), ("parent", str(os.getppid())), ("outer test process", outer_pid)):
    path = f"/proc/{pid}/ns/net"
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        result[label] = f"cannot open {path}: {exc.strerror}"
        continue
    ok = libc.setns(fd, CLONE_NEWNET) == 0
    result[label] = "setns done" if ok else f"setns refused: {os.strerror(ctypes.get_errno())}"
    os.close(fd)
try:
    socket.create_connection(("127.0.0.1", port), timeout=3).close()
    result["connect"] = "reached the outer listener"
except OSError as exc:
    result["connect"] = f"failed: {exc}"
print(json.dumps(result))
"""


def attempt_setns_escape(prefix: list[str]):
    """Run SETNS_ESCAPE under ``prefix``; (its report, whether the outer listener got a connection)."""
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    try:
        out = subprocess.run([*prefix, sys.executable, "-c", SETNS_ESCAPE, str(server.getsockname()[1]),
                              str(os.getpid()), os.readlink("/proc/self/ns/mnt")],
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
        try:
            server.accept()[0].close()
            reached = True
        except BlockingIOError:
            reached = False
    finally:
        server.close()
    return json.loads(out.stdout.strip().splitlines()[-1]), reached


def test_a_root_process_inside_cannot_setns_back_into_the_outer_network_namespace():
    netns_or_skip()
    result, reached = attempt_setns_escape([sys.executable, str(OFFLINE), "--mechanism", "netns", "--"])
    assert result["euid"] == 0  # root inside (mapped, or real root in CI): the strongest attacker
    assert not reached and result["connect"].startswith("failed"), result


def test_plain_unshare_n_as_root_is_escapable_which_is_why_the_wrapper_does_not_use_it():
    """The control: the same probe under the old `unshare -n` reaches the outer listener as root."""
    if os.geteuid() != 0 or not sys.platform.startswith("linux"):
        pytest.skip("only root can make a network namespace without a user namespace")
    unshare = offline.shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode:
        pytest.skip("`unshare -n` is not possible here")
    result, reached = attempt_setns_escape([unshare, "-n"])
    assert reached and result["parent"] == "setns done", result


def test_the_wrapper_offers_other_tools_its_command_line_and_a_rerun(monkeypatch):
    assert offline.argv(["x", "y"], "guard", python="py")[-6:] == [
        str(OFFLINE), "--mechanism", "guard", "--", "x", "y"]
    monkeypatch.setenv("COURSE_OFFLINE", "netns")
    assert offline.rerun_offline(["never-run.py"]) is None  # already offline: the caller goes on
    monkeypatch.delenv("COURSE_OFFLINE")
    ran = []
    monkeypatch.setattr(offline, "run", lambda command, mechanism: ran.append((command, mechanism)) or 4)
    assert offline.rerun_offline(["tool.py", "--flag"], "guard") == 4
    assert ran == [([sys.executable, "tool.py", "--flag"], "guard")]
