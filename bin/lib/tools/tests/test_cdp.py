"""cdp.py's WebSocket client and CDP call matching, against a small in-process WebSocket server."""

import base64
import hashlib
import json
import socket
import threading
import unittest

from qsweep_tools import cdp


def _read_exact(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    return buf


def _read_frame(conn):
    b0, b1 = _read_exact(conn, 2)
    n = b1 & 0x7F
    if n == 126:
        n = int.from_bytes(_read_exact(conn, 2), "big")
    elif n == 127:
        n = int.from_bytes(_read_exact(conn, 8), "big")
    masked = bool(b1 & 0x80)
    mask = _read_exact(conn, 4) if masked else b""
    data = _read_exact(conn, n)
    if masked:
        data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
    return b0 & 0x0F, masked, data


def _frame(opcode, payload, fin=True):
    n = len(payload)
    head = bytes([(0x80 if fin else 0) | opcode])
    if n < 126:
        head += bytes([n])
    elif n < 1 << 16:
        head += bytes([126]) + n.to_bytes(2, "big")
    else:
        head += bytes([127]) + n.to_bytes(8, "big")
    return head + payload


class Server(threading.Thread):
    """Accepts one client, completes the handshake, then runs ``script(conn)``."""

    def __init__(self, script, accept_key=None):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.script = script
        self.accept_key = accept_key
        self.error = None
        self.seen = []

    def run(self):
        try:
            conn, _ = self.sock.accept()
            with conn:
                req = b""
                while b"\r\n\r\n" not in req:
                    req += conn.recv(4096)
                headers = dict(line.split(": ", 1) for line in req.decode().split("\r\n")[1:] if ": " in line)
                key = headers["Sec-WebSocket-Key"]
                accept = self.accept_key or base64.b64encode(hashlib.sha1(
                    (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
                conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                              f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
                self.script(conn, self)
        except Exception as e:  # reported by the test
            self.error = e


class WebSocketTest(unittest.TestCase):
    def test_fragmented_large_and_ping_frames(self):
        big = "x" * 70000

        def script(conn, srv):
            op, masked, data = _read_frame(conn)
            srv.seen.append((op, masked, data.decode()))
            conn.sendall(_frame(0x1, b"hel", fin=False) + _frame(0x0, b"lo"))  # fragmented text
            conn.sendall(_frame(0x9, b"are-you-there"))                     # ping, then a large message
            conn.sendall(_frame(0x1, big.encode()))
            op, masked, data = _read_frame(conn)                              # the pong
            srv.seen.append((op, masked, data.decode()))

        srv = Server(script)
        srv.start()
        ws = cdp.WebSocket(f"ws://127.0.0.1:{srv.port}/devtools/page/X")
        ws.send("first message")
        self.assertEqual(ws.recv(), "hello")
        self.assertEqual(ws.recv(), big)
        srv.join(10)
        ws.close()
        self.assertIsNone(srv.error)
        self.assertEqual(srv.seen, [(0x1, True, "first message"), (0xA, True, "are-you-there")])

    def test_a_wrong_accept_key_is_refused(self):
        srv = Server(lambda conn, s: None, accept_key="bm90LXRoZS1yaWdodC1rZXk=")
        srv.start()
        with self.assertRaisesRegex(ConnectionError, "Sec-WebSocket-Accept"):
            cdp.WebSocket(f"ws://127.0.0.1:{srv.port}/x")
        srv.join(10)


class PageTest(unittest.TestCase):
    def test_call_skips_events_and_returns_its_own_answer(self):
        def script(conn, srv):
            for _ in range(2):
                _, _, data = _read_frame(conn)
                msg = json.loads(data)
                srv.seen.append(msg)
                conn.sendall(_frame(0x1, json.dumps({"method": "Page.frameNavigated", "params": {}}).encode()))
                if msg["method"] == "Runtime.evaluate":
                    answer = {"id": msg["id"], "result": {"result": {"type": "number", "value": 42}}}
                else:
                    answer = {"id": msg["id"], "error": {"code": -32000, "message": "no such method"}}
                conn.sendall(_frame(0x1, json.dumps(answer).encode()))

        srv = Server(script)
        srv.start()
        page = cdp.Page(f"ws://127.0.0.1:{srv.port}/devtools/page/X", timeout=10)
        self.assertEqual(page.evaluate("6 * 7"), 42)
        with self.assertRaisesRegex(RuntimeError, "no such method"):
            page.call("Nope.nothing")
        srv.join(10)
        page.close()
        self.assertIsNone(srv.error)
        self.assertEqual([m["id"] for m in srv.seen], [1, 2])
        self.assertEqual(srv.seen[0]["params"], {"expression": "6 * 7", "returnByValue": True, "awaitPromise": True})


if __name__ == "__main__":
    unittest.main()
