"""Child processes that are always cleaned up: each in its own process group, logged to a file, stopped on exit.

Every process is started with ``start_new_session=True``, so it leads a new process group that also holds everything
it forks (a Spark worker's executors, the MLflow server's uvicorn worker, Chromium's renderers). Stopping a process
signals its whole group: SIGTERM, then SIGKILL after a grace period. ``Processes`` stops everything it started when
its ``with`` block ends, on normal exit, on an exception, on SIGINT/SIGTERM/SIGHUP (turned into ``Interrupted``), and
records the group ids in a pid file so that a later run can reap groups left over by a run that was itself killed with
SIGKILL (a group is only reaped if its leader's command line still contains the run's marker directory, so a pid
reused by an unrelated process is never touched).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence


class Interrupted(BaseException):
    """Raised in the main thread when the script receives SIGINT, SIGTERM or SIGHUP. A BaseException, like
    KeyboardInterrupt, so that handlers of ordinary errors (and polling loops) do not swallow it."""


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen
    log: Path
    started: float = field(default_factory=time.monotonic)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def group_alive(pgid: int) -> bool:
    """Whether any process of group ``pgid`` still exists (zombies of our own children count until reaped)."""
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Processes:
    """Starts processes in their own groups and guarantees they are stopped.

    ``marker`` is a directory unique to this tool (e.g. ``build/e2e``); every command started must mention it in its
    command line or environment-independent arguments so that stale groups can be recognised by ``reap_stale``.
    """

    def __init__(self, logs: Path, pid_file: Path, marker: str, grace: float = 15):
        self.grace = grace
        self.logs = logs
        self.pid_file = pid_file
        self.marker = marker
        self.procs: dict[str, Proc] = {}
        self._old_handlers: dict[int, object] = {}

    # -- lifecycle -------------------------------------------------------------------------------------------------
    def __enter__(self) -> "Processes":
        self.logs.mkdir(parents=True, exist_ok=True)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            self._old_handlers[sig] = signal.signal(sig, self._on_signal)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.stop_all()
        finally:
            for sig, h in self._old_handlers.items():
                signal.signal(sig, h)

    def _on_signal(self, signum, frame):  # noqa: ARG002 - signal handler signature
        raise Interrupted(f"received {signal.Signals(signum).name}")

    # -- starting and stopping -------------------------------------------------------------------------------------
    def start(self, name: str, cmd: Sequence[str], env: Mapping[str, str] | None = None,
              cwd: Path | None = None) -> Proc:
        if name in self.procs and self.procs[name].alive():
            raise RuntimeError(f"{name} is already running (pid {self.procs[name].pid})")
        log = self.logs / f"{name}.log"
        with open(log, "ab") as out:
            out.write(f"=== {time.strftime('%H:%M:%S')} starting: {' '.join(cmd)}\n".encode())
            out.flush()
            popen = subprocess.Popen(list(cmd), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     env=dict(env) if env is not None else None, cwd=cwd, start_new_session=True)
        proc = Proc(name, popen, log)
        self.procs[name] = proc
        self._write_pid_file()
        return proc

    def kill(self, name: str, sig: int = signal.SIGKILL, wait: float = 30) -> int | None:
        """Sends ``sig`` to the whole group of ``name`` and waits for its leader; returns the leader's exit code."""
        proc = self.procs[name]
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.popen.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            return None
        self._wait_group_gone(proc.pid, wait)
        return proc.popen.returncode

    def stop(self, name: str, grace: float | None = None) -> None:
        """SIGTERM to the group, then SIGKILL to whatever is left after ``grace`` seconds (default: the
        constructor's)."""
        grace = self.grace if grace is None else grace
        proc = self.procs.get(name)
        if proc is None:
            return
        if group_alive(proc.pid):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
            if not self._wait_group_gone(proc.pid, 2):
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self._wait_group_gone(proc.pid, 10)
        if proc.popen.poll() is None:
            try:
                proc.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self._write_pid_file()

    def stop_all(self) -> list[str]:
        """Stops every process started (newest first); returns the names of groups that could not be ended.
        SIGINT/SIGTERM/SIGHUP are ignored meanwhile, so that a second Ctrl-C cannot cut the clean-up short."""
        previous = {}
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            try:
                previous[sig] = signal.signal(sig, signal.SIG_IGN)
            except ValueError:  # not the main thread
                pass
        try:
            for name in reversed(list(self.procs)):
                try:
                    self.stop(name)
                except Exception:  # keep stopping the others
                    pass
        finally:
            for sig, h in previous.items():
                signal.signal(sig, h)
        left = [n for n, p in self.procs.items() if group_alive(p.pid)]
        if not left:
            try:
                self.pid_file.unlink()
            except FileNotFoundError:
                pass
        return left

    def alive_groups(self) -> list[str]:
        return [n for n, p in self.procs.items() if group_alive(p.pid)]

    @staticmethod
    def _wait_group_gone(pgid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while group_alive(pgid):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    # -- stale groups from a run that was killed -------------------------------------------------------------------
    def _write_pid_file(self) -> None:
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        live = {n: p.pid for n, p in self.procs.items() if p.popen.poll() is None}
        self.pid_file.write_text(json.dumps({"marker": self.marker, "groups": live}) + "\n")

    def reap_stale(self) -> list[str]:
        """Kills process groups recorded by an earlier run that did not clean up; returns what it killed."""
        try:
            data = json.loads(self.pid_file.read_text())
        except (OSError, ValueError):
            return []
        killed = []
        for name, pgid in data.get("groups", {}).items():
            if group_alive(pgid) and self.marker in _cmdline(pgid):
                try:
                    os.killpg(pgid, signal.SIGKILL)
                    killed.append(f"{name} (pid {pgid})")
                except ProcessLookupError:
                    pass
                self._wait_group_gone(pgid, 10)
        try:
            self.pid_file.unlink()
        except FileNotFoundError:
            pass
        return killed
