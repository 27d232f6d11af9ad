"""mlflow_server.py: the per-checkout server is started once, reused while it answers, moved to a free port when the
preferred one is taken, and stopped with its whole process group. Uses the real ``mlflow server`` from .venv."""

import json
import shutil
import socket
import sqlite3
import tempfile
import unittest
from pathlib import Path

from qsweep_tools import mlflow_server, net
from qsweep_tools.procs import group_alive

VENV = Path(__file__).resolve().parents[4] / ".venv"


class MlflowServerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="qsweep-mlflow-server-test-"))
        self.store = self.tmp / "mlflow"
        self.messages = []

    def tearDown(self):
        mlflow_server.stop(self.store, log=lambda m: None)
        shutil.rmtree(self.tmp)

    def log(self, m):
        self.messages.append(m)

    def state(self):
        return json.loads((self.store / "server.json").read_text())

    def test_start_reuse_fallback_port_and_stop(self):
        port = net.free_port()
        url = mlflow_server.ensure(VENV, self.store, port, log=self.log)
        self.assertEqual(url, f"http://127.0.0.1:{port}")
        self.assertTrue(mlflow_server.healthy(url))
        self.assertTrue(mlflow_server.is_mlflow(url))
        self.assertEqual(mlflow_server.status(self.store), url)
        pid = self.state()["pid"]

        # A second start reuses the running server.
        self.assertEqual(mlflow_server.ensure(VENV, self.store, port, log=self.log), url)
        self.assertEqual(self.state()["pid"], pid)
        self.assertTrue(any("reusing" in m for m in self.messages), self.messages)

        self.assertTrue(mlflow_server.stop(self.store, log=self.log))
        self.assertFalse(group_alive(pid))
        self.assertIsNone(mlflow_server.status(self.store))
        self.assertFalse(net.port_open(port))
        self.assertTrue(net.port_free(port))  # TIME_WAIT connections of the stopped server do not count

        # The preferred port taken by another program: the server moves to a free port and says so.
        with socket.socket() as squatter:
            squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            squatter.bind(("127.0.0.1", port))
            squatter.listen()
            other = mlflow_server.ensure(VENV, self.store, port, log=self.log)
            self.assertNotEqual(other, url)
            self.assertTrue(mlflow_server.healthy(other))
            self.assertTrue(any(f"port {port} is taken by another program" in m for m in self.messages),
                            self.messages)
        # Its data survived the restart: the same sqlite store, in write-ahead-log mode.
        self.assertTrue((self.store / "mlflow.db").is_file())
        con = sqlite3.connect(self.store / "mlflow.db")
        try:
            self.assertEqual(con.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        finally:
            con.close()

    def test_the_server_runs_gunicorn_workers_on_a_wal_store(self):
        cmd = mlflow_server.command(VENV, 5999, self.store)
        self.assertEqual(cmd[cmd.index("--workers") + 1], str(mlflow_server.WORKERS))
        self.assertIn("--worker-class gthread", cmd[cmd.index("--gunicorn-opts") + 1])
        mlflow_server.prepare_store(self.store)
        mlflow_server.prepare_store(self.store)  # idempotent
        con = sqlite3.connect(self.store / "mlflow.db")
        try:
            self.assertEqual(con.execute("PRAGMA journal_mode").fetchone()[0], "wal")
        finally:
            con.close()

    def test_stop_without_a_server_says_so(self):
        self.assertFalse(mlflow_server.stop(self.store, log=self.log))
        self.assertEqual(self.messages, ["mlflow-server: no server recorded"])


if __name__ == "__main__":
    unittest.main()
