"""Offline guard, loaded by every Python process started with PYTHONPATH=tests/offline.

`make test` runs the notebooks this way: any attempt to reach a host other than
this machine raises OSError, so a notebook that downloads data or weights fails
in CI instead of silently needing the network. Loopback stays allowed because
Jupyter kernels talk to their client over 127.0.0.1.
"""

import ipaddress
import os
import socket

if os.environ.get("COURSE_OFFLINE_GUARD") == "1":
    _connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
    _getaddrinfo = socket.getaddrinfo

    def _is_local(host) -> bool:
        if host in ("localhost", "", None):
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False

    def _guard(address) -> None:
        if isinstance(address, tuple) and not _is_local(address[0]):
            raise OSError(f"network access is disabled in the course's offline test: {address[0]!r}")

    def connect(self, address):
        _guard(address)
        return _connect(self, address)

    def connect_ex(self, address):
        _guard(address)
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        _guard((host.decode() if isinstance(host, bytes) else host, 0))
        return _getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    socket.getaddrinfo = getaddrinfo
