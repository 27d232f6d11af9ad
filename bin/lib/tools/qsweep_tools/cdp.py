"""Headless Chromium driven through the Chrome DevTools Protocol, standard library only: a minimal WebSocket client
(RFC 6455: the client handshake, masked text frames out, possibly fragmented frames in, ping/pong, close) and a CDP
session on one page (navigate, evaluate JavaScript, wait for a condition, capture a screenshot).

Chromium runs as ``chromium --headless --no-sandbox --disable-gpu --disable-background-networking
--remote-debugging-port=0 --user-data-dir=DIR``; with port 0 it picks a free loopback port and writes it to
``DIR/DevToolsActivePort``.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import shutil
import socket
import time
import urllib.parse
from pathlib import Path

from . import net
from .procs import Processes

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def find_chromium() -> str | None:
    env = os.environ.get("QSWEEP_CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


class WebSocket:
    def __init__(self, url: str, timeout: float = 30):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
                          .encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("websocket: connection closed during the handshake")
            buf += chunk
        head, self._buf = buf.split(b"\r\n\r\n", 1)
        lines = head.decode(errors="replace").split("\r\n")
        if " 101 " not in lines[0] + " ":
            raise ConnectionError(f"websocket: handshake refused: {lines[0]}")
        headers = {k.strip().lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:] if ":" in ln)}
        expected = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
        if headers.get("sec-websocket-accept") != expected:
            raise ConnectionError("websocket: bad Sec-WebSocket-Accept")

    def _read(self, n: int) -> bytes:
        while len(self._buf) < n:
            chunk = self.sock.recv(max(65536, n - len(self._buf)))
            if not chunk:
                raise ConnectionError("websocket: connection closed")
            self._buf += chunk
        out, self._buf = self._buf[:n], self._buf[n:]
        return out

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head += bytes([0x80 | 127]) + n.to_bytes(8, "big")
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i & 3] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + masked)

    def send(self, text: str) -> None:
        self._send_frame(0x1, text.encode())

    def recv(self) -> str:
        parts: list[bytes] = []
        while True:
            b0, b1 = self._read(2)
            fin, opcode, n = b0 & 0x80, b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = int.from_bytes(self._read(2), "big")
            elif n == 127:
                n = int.from_bytes(self._read(8), "big")
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i & 3] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise ConnectionError("websocket: closed by the browser")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            parts.append(payload)
            if fin:
                return b"".join(parts).decode()

    def close(self) -> None:
        try:
            self._send_frame(0x8, b"")
        except OSError:
            pass
        self.sock.close()


class Page:
    """A CDP session on one page target."""

    def __init__(self, ws_url: str, timeout: float = 60):
        self.ws = WebSocket(ws_url, timeout)
        self.ids = itertools.count(1)
        self.timeout = timeout

    def call(self, method: str, **params):
        i = next(self.ids)
        self.ws.send(json.dumps({"id": i, "method": method, "params": params}))
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == i:
                if "error" in msg:
                    raise RuntimeError(f"CDP {method}: {msg['error']}")
                return msg.get("result", {})
        raise TimeoutError(f"CDP {method}: no answer")

    def evaluate(self, expression: str):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"JavaScript error: {r['exceptionDetails'].get('text')} in {expression[:80]}")
        return r.get("result", {}).get("value")

    def wait_js(self, what: str, expression: str, timeout: float, interval: float = 0.5):
        return net.wait_for(what, lambda: self.evaluate(expression), timeout, interval)

    def navigate(self, url: str) -> None:
        self.call("Page.navigate", url=url)

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        self.ws.close()


def start_browser(procs: Processes, chromium: str, profile: Path, width: int, height: int,
                  timeout: float = 60) -> Page:
    """Starts headless Chromium (process group "chromium") and returns a CDP session on its first page."""
    if profile.exists():
        shutil.rmtree(profile)
    profile.mkdir(parents=True)
    p = procs.start("chromium", [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                 "--disable-background-networking", "--no-first-run", "--no-default-browser-check",
                                 "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                                 f"--user-data-dir={profile}", f"--window-size={width},{height}", "about:blank"])
    active = profile / "DevToolsActivePort"
    port = net.wait_for("Chromium DevTools port", lambda: active.exists() and active.read_text().split()[0],
                        timeout, alive=p.alive, on_dead=p.log_tail)
    pages = net.wait_for("Chromium page target", lambda: [t for t in net.get_json(
        f"http://{net.LOOPBACK}:{port}/json/list") if t.get("type") == "page"], timeout)
    page = Page(pages[0]["webSocketDebuggerUrl"], timeout)
    page.call("Page.enable")
    page.call("Runtime.enable")
    page.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
    return page
