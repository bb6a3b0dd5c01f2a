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
