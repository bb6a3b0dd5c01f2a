"""Offline guard, loaded by every Python process started with PYTHONPATH=tests/offline.

tools/offline.py uses it where no network namespace can be made (macOS, Windows, locked-down
containers): any attempt to reach a host other than this machine raises OSError, so a notebook
that downloads data or weights fails in CI instead of silently needing the network. Loopback stays
allowed because Jupyter kernels talk to their client over 127.0.0.1.

It closes what a Python-level guard can: ``socket`` and the raw ``_socket`` module (connect,
connect_ex, sendto, sendmsg), every name lookup (getaddrinfo, gethostbyname[_ex], gethostbyaddr,
getnameinfo), libc's socket calls reached through ``ctypes``, proxies from the environment (a
proxy on loopback would forward to the internet), and child processes (they inherit the guard even
when started with an explicit environment). It cannot stop a C extension or a non-Python program
that opens its own sockets: it catches well-behaved code only. The network namespace is the proof.
"""

import os

if os.environ.get("COURSE_OFFLINE_GUARD") == "1":
    import _socket
    import ipaddress
    import socket

    MESSAGE = "network access is disabled in the course's offline test: {!r}"
    # Proxy variables point at a closed loopback port: well-behaved clients (urllib, requests, pip,
    # curl, git) in this process and its children fail at once instead of using a real proxy.
    DEAD_PROXY = "http://127.0.0.1:9"
    PROXY_VARS = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")
    # libc functions a ctypes caller could use to reach the network behind the socket module's back.
    LIBC_NETWORK = frozenset({"connect", "sendto", "sendmsg", "sendmmsg", "getaddrinfo", "gethostbyname",
                              "gethostbyname2", "gethostbyname_r", "gethostbyaddr", "res_query",
                              "res_search", "res_nquery", "res_nsearch"})
    GUARD_VARS = {"COURSE_OFFLINE_GUARD": "1", "PYTHONPATH": os.path.dirname(os.path.abspath(__file__))}

    def _is_local(host) -> bool:
        if isinstance(host, bytes):
            host = host.decode(errors="replace")
        if host in ("localhost", "", None):
            return True
        if not isinstance(host, str):
            return False
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False

    def _guard(address) -> None:
        # AF_UNIX paths (str/bytes) stay local; (host, port, ...) tuples must name this machine.
        if isinstance(address, tuple) and not _is_local(address[0]):
            raise OSError(MESSAGE.format(address[0]))
        if isinstance(address, tuple) and tuple(address[:2]) == ("127.0.0.1", 9):
            raise OSError(MESSAGE.format("through a proxy"))  # DEAD_PROXY: say why, not "refused"

    _raw = _socket.socket
    _raw_connect, _raw_connect_ex, _raw_sendto, _raw_sendmsg = (
        _raw.connect, _raw.connect_ex, _raw.sendto, _raw.sendmsg)

    def connect(self, address):
        _guard(address)
        return _raw_connect(self, address)

    def connect_ex(self, address):
        _guard(address)
        return _raw_connect_ex(self, address)

    def sendto(self, data, *args):
        _guard(args[-1] if args else None)  # sendto(data, address) or sendto(data, flags, address)
        return _raw_sendto(self, data, *args)

    def sendmsg(self, buffers, *args):
        _guard(args[2] if len(args) > 2 else None)  # sendmsg(buffers, ancdata, flags, address)
        return _raw_sendmsg(self, buffers, *args)

    class GuardedSocket(_raw):
        """What ``_socket.socket`` becomes: the raw type with the guarded methods."""

        connect, connect_ex, sendto, sendmsg = connect, connect_ex, sendto, sendmsg

    _socket.socket = _socket.SocketType = GuardedSocket
    # socket.socket was built on the original raw type before this ran: patch its methods too.
    for _name, _method in {"connect": connect, "connect_ex": connect_ex, "sendto": sendto,
                           "sendmsg": sendmsg}.items():
        setattr(socket.socket, _name, _method)

    def _lookup(original, host_position=0):
        def lookup(*args, **kwargs):
            host = args[host_position] if len(args) > host_position else kwargs.get("host")
            if isinstance(host, tuple):  # getnameinfo((host, port), flags)
                host = host[0]
            _guard((host, 0))
            return original(*args, **kwargs)
        return lookup

    for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo"):
        _guarded = _lookup(getattr(_socket, _name))
        setattr(_socket, _name, _guarded)
        setattr(socket, _name, _guarded)
    # socket.getaddrinfo is a Python wrapper around _socket.getaddrinfo: guarded through the latter too.

    for _var in PROXY_VARS:
        os.environ[_var] = os.environ[_var.upper()] = DEAD_PROXY
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = "localhost,127.0.0.1,::1"

    import ctypes

    _getitem = ctypes.CDLL.__getitem__

    def _ctypes_getitem(self, name_or_ordinal):
        if isinstance(name_or_ordinal, str) and name_or_ordinal in LIBC_NETWORK:
            raise OSError(MESSAGE.format(f"ctypes {name_or_ordinal}()"))
        return _getitem(self, name_or_ordinal)

    ctypes.CDLL.__getitem__ = _ctypes_getitem

    # Child processes: whatever environment a caller passes, the guard goes with it.
    import subprocess

    def _with_guard(env):
        if env is None:
            return None  # inherits os.environ, which has the guard
        env = dict(env)
        paths = [p for p in str(env.get("PYTHONPATH", "")).split(os.pathsep) if p]
        env.update(COURSE_OFFLINE_GUARD="1",
                   PYTHONPATH=os.pathsep.join([GUARD_VARS["PYTHONPATH"], *paths]))
        for var in PROXY_VARS:
            env[var] = env[var.upper()] = DEAD_PROXY
        return env

    _popen_init = subprocess.Popen.__init__

    def _popen(self, args, *rest, **kwargs):
        if len(rest) >= 10:  # env given positionally (11th parameter of Popen)
            rest = (*rest[:9], _with_guard(rest[9]), *rest[10:])
        else:
            kwargs["env"] = _with_guard(kwargs.get("env"))
        return _popen_init(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = _popen

    def _guarded_spawn(original):
        def spawn(path, argv, env, *rest, **kwargs):
            return original(path, argv, _with_guard(env), *rest, **kwargs)
        return spawn

    for _name in ("execve", "posix_spawn", "posix_spawnp"):
        if hasattr(os, _name):
            setattr(os, _name, _guarded_spawn(getattr(os, _name)))
