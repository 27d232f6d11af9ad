"""A local MLflow tracking server from the project venv: sqlite store, local artifact store served through the
server's artifact proxy, bound to 127.0.0.1 only.

Two uses:

* ``bin/e2e-cluster`` starts a throw-away server on a free port (``command``, ``server_env``, ``wait_healthy``).
* ``bin/mlflow-server`` (and so ``bin/quickstart``) keeps one long-lived server per checkout under ``build/mlflow/``
  (``ensure``, ``status``, ``stop``): started once, on port 5000 when free (else any free port), detached, and reused
  by later calls as long as it answers. ``build/mlflow/server.json`` records its pid and URL.

How it is launched (measured in bench/README.md, "MLflow logging throughput"; each choice is an ``mlflow server``
option or a property of the sqlite file, MLflow itself is not patched):

* gunicorn (``--gunicorn-opts``) serving MLflow's Flask app directly, instead of the default uvicorn serving the
  FastAPI app that mounts the same Flask app through a WSGI bridge and a stack of ASGI middlewares: the tracking and
  artifact-proxy requests qsweep sends cost about 30 % less server CPU. What only the FastAPI app serves (the OTLP
  trace ingest, the AI gateway, the job API, the assistant, MCP) is not needed for sweeps; the UI, the REST API and
  the artifact proxy are Flask routes. ``gthread`` workers with 2 threads each overlap one request's sqlite commit
  (an fsync) with another's CPU work; HTTP keep-alive is held 60 s so a client pausing between requests (a sync
  streaming configurations out of Spark) finds its connection still open. No gunicorn control socket (it would be
  created under the user's home directory and shared by every gunicorn server of that user).
* 2 worker processes (``--workers``): a request is CPU-bound Python, so one process uses at most one core.
* The sqlite store in write-ahead-log mode (``prepare_store``; the journal mode is kept in the database file): a
  commit is one append and one fsync of the log instead of a rollback journal written, synced and deleted, and
  readers do not wait for the writer of another worker process.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from . import net

DEFAULT_PORT = 5000
WORKERS = 2
GUNICORN_OPTS = "--worker-class gthread --threads 2 --keep-alive 60 --timeout 120 --no-control-socket"
# Servers started by ensure() in this interpreter: they outlive it by design (own session); keeping the Popen objects
# lets stop() reap them when this interpreter is their parent.
_started: dict[int, subprocess.Popen] = {}


def command(venv: Path, port: int, store: Path, workers: int = WORKERS) -> list[str]:
    """``mlflow server`` on 127.0.0.1:``port`` with ``store/mlflow.db`` and ``store/artifacts`` (call
    ``prepare_store`` first)."""
    return [str(venv / "bin" / "mlflow"), "server", "--host", net.LOOPBACK, "--port", str(port),
            "--backend-store-uri", f"sqlite:///{store / 'mlflow.db'}",
            "--artifacts-destination", str(store / "artifacts"),
            "--workers", str(workers), "--gunicorn-opts", GUNICORN_OPTS]


def prepare_store(store: Path) -> None:
    """Creates ``store`` and puts ``store/mlflow.db`` (new or existing) in write-ahead-log mode. Call it while no
    server uses the store; MLflow creates its tables in a new, empty database as usual."""
    store.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(store / "mlflow.db")
    try:
        mode = con.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    finally:
        con.close()
    if mode != "wal":
        raise RuntimeError(f"{store / 'mlflow.db'}: journal_mode is {mode!r}, wanted 'wal'")


def server_env() -> dict[str, str]:
    """The environment for the server: no inherited MLFLOW_* settings; no job-execution runner (MLflow 3 otherwise
    starts huey consumer processes that a tracking server for sweeps does not need)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLFLOW_")}
    env["MLFLOW_SERVER_ENABLE_JOB_EXECUTION"] = "false"
    return env


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/health", timeout=3) as r:
            return r.status == 200 and r.read().decode().strip() == "OK"
    except Exception:
        return False


def is_mlflow(url: str) -> bool:
    """Whether ``url`` is an MLflow tracking server (answers the experiments search API)."""
    try:
        net.post_json(url.rstrip("/") + "/api/2.0/mlflow/experiments/search", {"max_results": 1}, timeout=5)
        return True
    except Exception:
        return False


def wait_healthy(url: str, timeout: float, alive=None, on_dead=None) -> None:
    net.wait_for(f"MLflow server {url}", lambda: healthy(url), timeout, interval=0.5, alive=alive, on_dead=on_dead)


# -- the long-lived per-checkout server ------------------------------------------------------------------------------

def _state_file(store: Path) -> Path:
    return store / "server.json"


def _read_state(store: Path) -> dict | None:
    try:
        return json.loads(_state_file(store).read_text())
    except (OSError, ValueError):
        return None


def _pid_is_ours(pid: int, store: Path) -> bool:
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return "mlflow" in cmd and str(store) in cmd


def status(store: Path) -> str | None:
    """The URL of this checkout's running server, or None."""
    st = _read_state(store)
    if st and _pid_is_ours(st["pid"], store) and healthy(st["url"]):
        return st["url"]
    return None


def ensure(venv: Path, store: Path, port: int = DEFAULT_PORT, timeout: float = 120,
           log=lambda m: print(m, file=sys.stderr), workers: int = WORKERS) -> str:
    """Reuses this checkout's server if it answers, else starts one (``port`` if free, else a free port)."""
    url = status(store)
    if url:
        log(f"mlflow-server: reusing the server at {url} (pid {_read_state(store)['pid']})")
        return url
    stop(store, log=lambda m: None)  # a recorded server that no longer answers
    prepare_store(store)
    if not net.port_free(port):
        other = f"http://{net.LOOPBACK}:{port}"
        chosen = net.free_port()
        what = "another MLflow server" if is_mlflow(other) else "another program"
        log(f"mlflow-server: port {port} is taken by {what}; using port {chosen} instead")
        port = chosen
    url = f"http://{net.LOOPBACK}:{port}"
    logfile = store / "server.log"
    with open(logfile, "ab") as out:
        p = subprocess.Popen(command(venv, port, store, workers), stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, env=server_env(), start_new_session=True)
    _started[p.pid] = p
    _state_file(store).write_text(json.dumps({"pid": p.pid, "url": url, "port": port}) + "\n")
    log(f"mlflow-server: starting MLflow at {url} (store {store}, log {logfile})")

    def tail() -> str:
        return "\n".join(logfile.read_text(errors="replace").splitlines()[-20:])

    try:
        wait_healthy(url, timeout, alive=lambda: p.poll() is None, on_dead=tail)
    except net.Timeout:
        stop(store, log=lambda m: None)
        raise
    return url


def stop(store: Path, log=lambda m: print(m, file=sys.stderr)) -> bool:
    """Stops this checkout's server (its whole process group); returns whether one was running."""
    st = _read_state(store)
    if not st:
        log("mlflow-server: no server recorded")
        return False
    pid = st["pid"]
    running = _pid_is_ours(pid, store)
    if running:
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 15
        while _pid_is_ours(pid, store) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _pid_is_ours(pid, store):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if pid in _started:  # our own child: reap it
            _started.pop(pid).wait(timeout=10)
        log(f"mlflow-server: stopped the server at {st['url']} (pid {pid})")
    else:
        log("mlflow-server: the recorded server is not running")
    try:
        _state_file(store).unlink()
    except FileNotFoundError:
        pass
    return running


def main(argv: list[str]) -> int:
    import argparse

    root = Path(__file__).resolve().parents[4]
    ap = argparse.ArgumentParser(prog="bin/mlflow-server", description=(
        "This checkout's local MLflow server (sqlite + local artifacts under build/mlflow/, 127.0.0.1 only)."))
    ap.add_argument("action", choices=["start", "status", "stop"], help=(
        "start: reuse the running server or start one (port 5000, else a free port) and print its URL; "
        "status: print the URL if running (exit 1 if not); stop: stop it"))
    ap.add_argument("--port", type=int, default=DEFAULT_PORT, help="preferred port for start (default 5000)")
    ap.add_argument("--workers", type=int, default=WORKERS, help=(
        f"server worker processes for start (default {WORKERS}); each uses at most one core, so logging throughput "
        "grows with them up to the number of free cores (bench/README.md); a running server is reused as it is"))
    a = ap.parse_args(argv)
    store = root / "build" / "mlflow"
    venv = root / ".venv"
    if a.action == "start":
        if a.workers < 1:
            ap.error(f"--workers: {a.workers} must be >= 1")
        print(ensure(venv, store, a.port, workers=a.workers))
        return 0
    if a.action == "status":
        url = status(store)
        if url:
            print(url)
            return 0
        print("mlflow-server: not running", file=sys.stderr)
        return 1
    stop(store)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
