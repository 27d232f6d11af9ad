"""procs.py: process groups are stopped whole (children included), SIGKILL reaches the group, stale groups from a
killed run are reaped only when they are ours."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from qsweep_tools.procs import Interrupted, Processes, group_alive


def _children_of(pgid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "-g", str(pgid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


class ProcessesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="qsweep-procs-test-"))
        self.marker = str(self.tmp)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def _sleeper(self, procs: Processes, name: str):
        # A parent that forks a child which ignores SIGTERM: only a group-wide SIGKILL ends both.
        script = f"trap '' TERM; sleep 300 & wait  # {self.marker}"
        return procs.start(name, ["bash", "-c", script])

    def test_stop_all_ends_whole_groups_even_when_sigterm_is_ignored(self):
        with Processes(self.tmp / "logs", self.tmp / "pids.json", self.marker, grace=1) as procs:
            p = self._sleeper(procs, "a")
            time.sleep(0.3)
            self.assertGreaterEqual(len(_children_of(p.pid)), 2)
            self.assertIn("a", json.loads((self.tmp / "pids.json").read_text())["groups"])
        self.assertFalse(group_alive(p.pid))
        self.assertFalse((self.tmp / "pids.json").exists())

    def test_kill_sends_sigkill_to_the_group_and_returns_the_exit_code(self):
        with Processes(self.tmp / "logs", self.tmp / "pids.json", self.marker, grace=1) as procs:
            p = self._sleeper(procs, "a")
            time.sleep(0.3)
            self.assertEqual(procs.kill("a", signal.SIGKILL), -signal.SIGKILL)
            self.assertFalse(group_alive(p.pid))
            self.assertEqual(procs.alive_groups(), [])

    def test_stop_all_runs_on_an_exception(self):
        procs = Processes(self.tmp / "logs", self.tmp / "pids.json", self.marker, grace=1)
        with self.assertRaises(RuntimeError):
            with procs:
                p = self._sleeper(procs, "a")
                raise RuntimeError("boom")
        self.assertFalse(group_alive(p.pid))

    def test_sigterm_stops_everything_and_is_not_swallowed_by_error_handlers(self):
        swallowed = False
        with self.assertRaises(Interrupted):
            with Processes(self.tmp / "logs", self.tmp / "pids.json", self.marker, grace=1) as procs:
                p = self._sleeper(procs, "a")
                try:
                    os.kill(os.getpid(), signal.SIGTERM)
                    time.sleep(5)
                except Exception:
                    swallowed = True
        self.assertFalse(swallowed)
        self.assertFalse(group_alive(p.pid))
        self.assertIs(signal.getsignal(signal.SIGTERM), signal.SIG_DFL)

    def test_output_goes_to_the_log_file(self):
        with Processes(self.tmp / "logs", self.tmp / "pids.json", self.marker, grace=1) as procs:
            p = procs.start("echo", ["bash", "-c", "echo hello-from-child; echo oops >&2"])
            p.popen.wait(10)
        text = (self.tmp / "logs" / "echo.log").read_text()
        self.assertIn("hello-from-child", text)
        self.assertIn("oops", text)

    def test_reap_stale_kills_recorded_groups_that_are_ours_only(self):
        ours, foreign = self._orphan(self.marker), self._orphan("someone-else")
        try:
            (self.tmp / "pids.json").write_text(json.dumps({"marker": self.marker,
                                                            "groups": {"ours": ours, "foreign": foreign}}))
            procs = Processes(self.tmp / "logs", self.tmp / "pids.json", self.marker, grace=1)
            killed = procs.reap_stale()
            self.assertEqual(killed, [f"ours (pid {ours})"])
            self.assertFalse(group_alive(ours))
            self.assertTrue(group_alive(foreign))
            self.assertFalse((self.tmp / "pids.json").exists())
        finally:
            for pgid in (ours, foreign):
                if group_alive(pgid):
                    os.killpg(pgid, signal.SIGKILL)

    @staticmethod
    def _orphan(tag: str) -> int:
        """A process group leader that is not our child (as after the run that started it was killed)."""
        out = subprocess.run(["bash", "-c", f"setsid bash -c 'sleep 300; true # {tag}' >/dev/null 2>&1 & echo $!"],
                             capture_output=True, text=True, check=True).stdout
        pid = int(out.strip())
        deadline = time.monotonic() + 5
        while tag not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
            if time.monotonic() > deadline:
                raise AssertionError("the orphan did not start")
            time.sleep(0.05)
        return pid


if __name__ == "__main__":
    unittest.main()
