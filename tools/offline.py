#!/usr/bin/env python3
"""Run a command offline: in a network namespace with no route out where possible, else guarded.

The notebook tests run through this wrapper, so "the course runs offline" is checked by the
operating system wherever it can be:

* ``netns`` (Linux, where ``unshare`` may create namespaces): the command runs in a new network
  namespace whose only interface is the loopback, brought up here because Jupyter kernels talk to
  their client over 127.0.0.1. Every process inside (kernel, child processes, any language, UDP,
  DNS) has no route out. The namespace is owned by a new USER namespace, also for root, together
  with a new PID and mount namespace (``unshare --user --map-root-user --net --pid --fork
  --mount-proc``): a process inside, even "root" there, holds no capability over the machine's
  network namespace, so it cannot ``setns`` back into it through ``/proc/<pid>/ns/net`` (and the
  outer processes are not even visible in its ``/proc``). Plain ``unshare -n`` as root would be
  escapable that way. Where user namespaces are disabled, root falls back to ``--net --pid --fork
  --mount-proc`` without one (the banner says so: weaker, a root process could unmount /proc).
* ``guard`` (everywhere else: macOS, Windows, containers that forbid namespaces): the socket
  guard in tests/offline/sitecustomize.py, loaded through PYTHONPATH by every Python process the
  command starts. It catches well-behaved Python code only: a fallback, not a proof.

Other tools run their work offline with :func:`argv` (the command line that runs a command offline)
or :func:`rerun_offline` (re-run the current script offline unless it already is), e.g. the website
build, whose kernels must be as offline as the notebook tests'.

The command sees ``COURSE_OFFLINE=netns`` or ``COURSE_OFFLINE=guard``; one line on stdout says
which mechanism ran and why. ``COURSE_OFFLINE_MECHANISM`` (auto, netns, guard) sets the default
of ``--mechanism``: .ci/run sets ``netns`` where namespaces work, so a fallback there is an error.

Usage::

    python tools/offline.py -- pytest --nbval-lax lessons
    python tools/offline.py --mechanism netns -- python -c "..."   # fail if no namespace possible
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUARD_DIR = ROOT / "tests" / "offline"
MECHANISM_VAR = "COURSE_OFFLINE"


# New network, PID and mount namespaces (a fresh /proc that shows only the processes inside).
SEALED = ["--net", "--pid", "--fork", "--mount-proc"]
# ... owned by a new user namespace: nothing inside has a capability over the outer namespaces.
USERNS = ["--user", "--map-root-user"]


def netns_prefix() -> tuple[list[str] | None, str]:
    """The ``unshare`` command line that creates the sealed namespaces here, or None and why not."""
    if not sys.platform.startswith("linux"):
        return None, f"network namespaces are Linux-only (this is {sys.platform})"
    unshare = shutil.which("unshare")
    if unshare is None:
        return None, "`unshare` (util-linux) is not installed"
    # A user namespace first, for root too (see the module docstring); root alone may do without.
    attempts = [[unshare, *USERNS, *SEALED]]
    if os.geteuid() == 0:
        attempts.append([unshare, *SEALED])
    reason = ""
    for prefix in attempts:
        probe = subprocess.run([*prefix, "true"], capture_output=True, text=True, timeout=30)
        if probe.returncode == 0:
            return prefix, ""
        reason = probe.stderr.strip() or f"exit status {probe.returncode}"
    return None, f"`unshare {' '.join(attempts[0][1:])}` is not allowed here ({reason})"


def bring_up_loopback() -> None:
    """Set the loopback interface up (what `ip link set lo up` does), without needing iproute2."""
    import fcntl
    import socket
    import struct

    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        # struct ifreq: 16-byte interface name, then a union whose first member is the short flags.
        request = struct.pack("16sh22x", b"lo", 0)
        flags = struct.unpack("16sh22x", fcntl.ioctl(sock, siocgifflags, request))[1]
        fcntl.ioctl(sock, siocsifflags, struct.pack("16sh22x", b"lo", flags | iff_up))


def guard_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` plus the socket guard: PYTHONPATH first entry tests/offline, COURSE_OFFLINE_GUARD=1."""
    env = dict(env)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD_DIR), env.get("PYTHONPATH")]))
    env["COURSE_OFFLINE_GUARD"] = "1"
    env[MECHANISM_VAR] = "guard"
    return env


def _inside(command: list[str]) -> int:
    """Second stage, already inside the new namespace: loopback up, check, then run the command."""
    bring_up_loopback()
    # Refuse to run "offline" in a namespace that can still route out (asks the kernel, sends nothing).
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: needs a route, sends nothing
        except OSError:
            pass
        else:
            print("offline: the new network namespace still has a route out", file=sys.stderr)
            return 3
    os.environ[MECHANISM_VAR] = "netns"
    os.environ.pop("COURSE_OFFLINE_GUARD", None)  # the kernel is the proof here, not a patch
    sys.stdout.flush()
    # This process is PID 1 of the new PID namespace: it stays, so that orphans are reaped and the
    # signals a PID 1 would ignore (SIGTERM, SIGINT without a handler) reach the command.
    child = subprocess.Popen(command)
    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        signal.signal(getattr(signal, name), lambda signum, _frame: child.send_signal(signum))
    while True:
        try:
            return child.wait()
        except InterruptedError:  # pragma: no cover (PEP 475 retries; kept for clarity)
            continue


def argv(command: list[str], mechanism: str = "auto", python: str | None = None) -> list[str]:
    """The command line that runs ``command`` offline with this tool (for other tools' subprocesses)."""
    return [python or sys.executable, str(Path(__file__).resolve()), "--mechanism", mechanism, "--", *command]


def rerun_offline(script_argv: list[str] | None = None, mechanism: str | None = None) -> int | None:
    """Re-run the current script offline, unless it already runs offline (then return None).

    For a tool whose whole run must be offline (tools/site.py: every kernel it starts)::

        code = offline.rerun_offline()
        if code is not None:
            return code        # the offline run has finished; this was the outer process
    """
    if os.environ.get(MECHANISM_VAR) in ("netns", "guard"):
        return None
    chosen = mechanism or os.environ.get("COURSE_OFFLINE_MECHANISM") or "auto"
    script = [sys.executable, *(sys.argv if script_argv is None else script_argv)]
    return run(script, chosen)


def run(command: list[str], mechanism: str = "auto") -> int:
    """Run ``command`` offline with ``mechanism`` (auto, netns or guard); return its exit status."""
    prefix, why_not = netns_prefix() if mechanism in ("auto", "netns") else (None, "guard requested")
    if prefix is not None:
        sealed = "--user" in prefix
        print(f"offline: network namespace (unshare {' '.join(prefix[1:])}, loopback only): "
              + ("no process can reach the network" if sealed else
                 "no user namespace possible, so a root process could still escape"), flush=True)
        inner = [sys.executable, str(Path(__file__).resolve()), "--inside", "--", *command]
        return subprocess.run([*prefix, *inner]).returncode
    if mechanism == "netns":
        print(f"offline: no network namespace possible: {why_not}", file=sys.stderr)
        return 2
    print(f"offline: socket guard (tests/offline/sitecustomize.py, Python sockets only; "
          f"no network namespace: {why_not})", flush=True)
    return subprocess.run(command, env=guard_env(dict(os.environ))).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    # CI sets COURSE_OFFLINE_MECHANISM=netns where namespaces work, so a silent fallback fails there.
    parser.add_argument("--mechanism", choices=("auto", "netns", "guard"),
                        default=os.environ.get("COURSE_OFFLINE_MECHANISM") or "auto")
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given (put it after --)")
    if args.inside:
        return _inside(command)
    return run(command, args.mechanism)


if __name__ == "__main__":
    sys.exit(main())
