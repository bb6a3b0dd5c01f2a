"""The socket guard used for notebook runs really blocks the network and keeps loopback."""

import os
import subprocess
import sys
from pathlib import Path

GUARD = Path(__file__).resolve().parent / "offline"
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
