"""Loopback ports and small JSON-over-HTTP helpers (standard library only)."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from typing import Any, Callable, TypeVar

LOOPBACK = "127.0.0.1"
T = TypeVar("T")


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def port_free(port: int) -> bool:
    """Whether a server could listen on ``port`` on 127.0.0.1 (with SO_REUSEADDR, as servers bind: connections of a
    stopped server still in TIME_WAIT do not make the port busy)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((LOOPBACK, port))
        except OSError:
            return False
        return True


def port_open(port: int, host: str = LOOPBACK) -> bool:
    """Whether something accepts connections on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        return s.connect_ex((host, port)) == 0


def get_json(url: str, timeout: float = 10) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read().decode())


def post_json(url: str, body: Any, timeout: float = 30) -> Any:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read().decode())
    except urllib.error.HTTPError as e:
        raise RuntimeError(f"POST {url}: HTTP {e.code}: {e.read().decode(errors='replace')[:500]}") from e


class Timeout(Exception):
    pass


def wait_for(what: str, probe: Callable[[], T | None], timeout: float, interval: float = 0.5,
             alive: Callable[[], bool] | None = None, on_dead: Callable[[], str] | None = None) -> T:
    """Calls ``probe`` until it returns something truthy (exceptions count as not yet) and returns that.

    ``alive``: checked between probes; when it turns false the wait fails at once with ``on_dead()`` as the reason
    (e.g. the server process exited) instead of running into the timeout.
    """
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            v = probe()
            if v:
                return v
        except Exception as e:  # the service is not up yet
            last_error = e
        if alive is not None and not alive():
            raise Timeout(f"{what}: the process exited" + (f": {on_dead()}" if on_dead else ""))
        if time.monotonic() > deadline:
            raise Timeout(f"{what}: not after {timeout:.0f} s" + (f" (last error: {last_error})" if last_error else ""))
        time.sleep(interval)
