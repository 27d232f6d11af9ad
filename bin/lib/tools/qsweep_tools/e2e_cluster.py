"""The cluster end-to-end test (``bin/e2e-cluster``): qsweep on a real Spark standalone cluster on 127.0.0.1, with
MLflow tracking, worker and driver failures.

Phases (each timed; every check prints ``PASS name`` or ``FAIL name: reason``; the last line is
``N passed, N failed``; the exit status is 1 if anything failed):

1. **services** — an MLflow server (sqlite store) and a Spark standalone master with two one-core workers
   (``spark-class ...Master`` / ``...Worker``), all on free loopback ports.
2. **undisturbed** — ``spark-submit --master spark://127.0.0.1:PORT --class io.qsweep.cli.Main <jar> run e2e.yaml``:
   the run count and merged metrics on disk, both executors used, every listening socket on 127.0.0.1, one MLflow
   parent run with one nested child per configuration; then the MLflow UI in headless Chromium (screenshot
   ``build/e2e/mlflow-ui.png``).
3. **worker loss** — the same sweep again; once a chunk is committed and an executor is busy, that executor's
   worker is killed with SIGKILL (its whole process group: the worker JVM and the executor it launched — a lost
   node). The sweep must finish on the remaining worker with results identical to the undisturbed ones, the lost
   tasks re-run (event log), and no duplicate MLflow runs. The worker is then restarted.
4. **driver kill** — the same sweep again; once a chunk is committed the driver (the spark-submit JVM, client mode)
   is killed with SIGKILL. The master must release the application; the resubmission must resume (committed chunks
   untouched), finish identically, and leave exactly one parent and one child per configuration in MLflow.

Each phase logs to its own MLflow experiment (the sweep file is copied with another ``experiment:``; the sweep id
does not depend on it) and writes to its own output directory, so the phases can be compared with each other.
Everything started is stopped at the end, on failure and on SIGINT/SIGTERM (``procs.Processes``); logs stay under
``build/e2e/run/logs/``.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

from . import cdp, mlflow_checks, mlflow_server, mlflow_ui, net, results, sockets
from .procs import Interrupted, Proc, Processes
from .standalone import StandaloneCluster

ROOT = Path(__file__).resolve().parents[4]
# The worker is killed while one of its tasks is at most this old (launched this many seconds before).
FRESH_TASK_SECONDS = 1.5


def spark_time(s: str) -> float:
    """Epoch seconds of a Spark REST API time such as ``2026-11-23T02:03:57.567GMT`` (0 if unparseable)."""
    import calendar

    try:
        return calendar.timegm(time.strptime(s[:19], "%Y-%m-%dT%H:%M:%S")) + float("0" + s[19:23])
    except ValueError:
        return 0.0


class Report:
    """PASS/FAIL lines, phase timings, and the final count."""

    def __init__(self, log_file: Path):
        self.passed = 0
        self.failed = 0
        self.timings: list[tuple[str, float]] = []
        self.log_file = log_file
        log_file.parent.mkdir(parents=True, exist_ok=True)
        log_file.write_text("")

    def _print(self, line: str) -> None:
        print(line, flush=True)
        with open(self.log_file, "a") as f:
            f.write(line + "\n")

    def info(self, msg: str) -> None:
        self._print(f"e2e: {msg}")

    def check(self, name: str, problems, detail: str = "") -> bool:
        """``problems``: a list of strings (empty = pass), a bool, or a string (the failure reason)."""
        if isinstance(problems, bool):
            problems = [] if problems else ["check failed"]
        elif isinstance(problems, str):
            problems = [problems]
        if problems:
            self.failed += 1
            self._print(f"FAIL {name}: " + "; ".join(str(p) for p in problems))
            return False
        self.passed += 1
        self._print(f"PASS {name}" + (f" ({detail})" if detail else ""))
        return True

    def fail(self, name: str, reason: str) -> None:
        self.check(name, [reason])

    def timed(self, phase: str):
        report = self

        class _T:
            def __enter__(self):
                self.t = time.monotonic()
                report.info(f"--- {phase}")
                return self

            def __exit__(self, *exc):
                dt = time.monotonic() - self.t
                report.timings.append((phase, dt))
                report.info(f"--- {phase}: {dt:.1f} s")
                return False

        return _T()


class E2E:
    def __init__(self, args):
        self.args = args
        self.build = ROOT / "build" / "e2e"
        self.run_dir = self.build / "run"
        self.venv = ROOT / ".venv"
        self.report = Report(self.build / "results.txt")
        self.procs = Processes(self.run_dir / "logs", self.build / "pids.json", str(self.run_dir))
        self.cluster: StandaloneCluster | None = None
        self.mlflow_url = ""
        self.jar = Path(args.jar).resolve() if args.jar else self._jar()
        self.spec = ROOT / args.sweep
        self.sweep_id = ""
        self.config_keys: set[str] = set()
        self.mlflow = None
        self.undisturbed_runs: dict = {}

    # -- set-up ----------------------------------------------------------------------------------------------------
    @staticmethod
    def _jar() -> Path:
        pom = (ROOT / "jobs" / "pom.xml").read_text()
        version = re.search(r"<version>(.*?)</version>", pom).group(1)
        return ROOT / "jobs" / "target" / f"qsweep-jobs-{version}-all.jar"

    def phase_yaml(self, phase: str) -> Path:
        """The sweep file with ``experiment: qsweep-e2e-<phase>`` (same sweep id)."""
        text = self.spec.read_text()
        exp = f"{self.base_experiment()}-{phase}"
        if re.search(r"(?m)^experiment:", text):
            text = re.sub(r"(?m)^experiment:.*$", f"experiment: {exp}", text)
        else:
            text += f"\nexperiment: {exp}\n"
        p = self.run_dir / "sweeps" / f"{phase}.yaml"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
        return p

    def chunk_runs(self) -> int:
        """``--chunk-runs``: as given, else the sweep's replicas (one configuration per chunk)."""
        if self.args.chunk_runs:
            return self.args.chunk_runs
        return int(re.search(r"(?m)^replicas:\s*(\d+)", self.spec.read_text()).group(1))

    def base_experiment(self) -> str:
        m = re.search(r"(?m)^experiment:\s*(\S+)", self.spec.read_text())
        if m:
            return m.group(1)
        return re.search(r"(?m)^name:\s*(\S+)", self.spec.read_text()).group(1)

    def experiment(self, phase: str) -> str:
        return f"{self.base_experiment()}-{phase}"

    # -- submissions -----------------------------------------------------------------------------------------------
    def submit(self, name: str, yaml: Path, out: Path) -> tuple[Proc, str]:
        """Starts ``spark-submit`` (client mode) of the sweep; returns the process and its driver UI URL."""
        ui_port = net.free_port()
        cmd = [str(self.cluster.home / "bin" / "spark-submit"),
               "--master", self.cluster.master_url, "--deploy-mode", "client",
               "--class", "io.qsweep.cli.Main",
               "--conf", f"spark.ui.port={ui_port}",
               str(self.jar), "run", str(yaml), "--output", f"file://{out}",
               "--chunk-runs", str(self.chunk_runs()), "--tracking-uri", self.mlflow_url]
        # The driver logs only where it is told to: no MLflow settings inherited from the caller's environment.
        env = {k: v for k, v in self.cluster.env().items() if not k.startswith("MLFLOW_")}
        self.report.info(f"{name}: {' '.join(cmd)}")
        return self.procs.start(name, cmd, env=env, cwd=self.run_dir), f"http://{net.LOOPBACK}:{ui_port}"

    def app_id(self, ui: str, proc: Proc, timeout: float = 180) -> str:
        apps = net.wait_for("the driver's REST API", lambda: net.get_json(f"{ui}/api/v1/applications", 3),
                            timeout, alive=proc.alive, on_dead=proc.log_tail)
        return apps[0]["id"]

    def wait_exit(self, proc: Proc, timeout: float) -> int | None:
        try:
            return proc.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def busy_executors(self, ui: str, app: str) -> list[dict]:
        try:
            ex = net.get_json(f"{ui}/api/v1/applications/{app}/executors", 3)
        except Exception:
            return []
        return [e for e in ex if e["id"] != "driver" and e.get("isActive") and e.get("activeTasks", 0) > 0]

    def running_tasks(self, ui: str, app: str) -> list[dict]:
        """Running tasks of the application's active stages (driver REST API), the most recently launched first."""
        tasks = []
        try:
            for st in net.get_json(f"{ui}/api/v1/applications/{app}/stages?status=active", 3):
                tasks += net.get_json(f"{ui}/api/v1/applications/{app}/stages/{st['stageId']}/{st['attemptId']}"
                                      f"/taskList?status=running&length=1000", 3)
        except Exception:
            return []
        tasks = [t for t in tasks if t.get("status") == "RUNNING"]
        return sorted(tasks, key=lambda t: t.get("launchTime", ""), reverse=True)

    def event_log(self, app: str) -> list[dict]:
        for name in (app, app + ".inprogress"):
            p = self.cluster.event_dir / name
            if p.is_file():
                events = []
                for line in p.read_text(errors="replace").splitlines():
                    try:
                        events.append(json.loads(line))
                    except ValueError:
                        pass  # a line cut off by a killed driver
                return events
        return []

    @staticmethod
    def summarize_events(events: list[dict]) -> dict:
        added = [e for e in events if e.get("Event") == "SparkListenerExecutorAdded"]
        removed = [e for e in events if e.get("Event") == "SparkListenerExecutorRemoved"]
        ends = [e for e in events if e.get("Event") == "SparkListenerTaskEnd"]
        lost = [e for e in ends if e.get("Task End Reason", {}).get("Reason") == "ExecutorLostFailure"]
        other_fail = [e for e in ends if e.get("Task End Reason", {}).get("Reason") not in ("Success",
                                                                                           "ExecutorLostFailure")]
        ok = [e for e in ends if e.get("Task End Reason", {}).get("Reason") == "Success"]
        return {"executors_added": len({e["Executor ID"] for e in added}),
                "executors_removed": [(e["Executor ID"], e.get("Removed Reason", "")) for e in removed],
                "tasks_ok": len(ok), "tasks_lost": len(lost), "tasks_failed_other": len(other_fail),
                "lost_tasks": [(e["Stage ID"], e["Task Info"]["Index"]) for e in lost],
                "ok_tasks": {(e["Stage ID"], e["Task Info"]["Index"]) for e in ok},
                "app_end": any(e.get("Event") == "SparkListenerApplicationEnd" for e in events)}

    def chunk_files(self, out: Path, chunks: list[int]) -> dict:
        """What committed chunks look like on disk (file names and modification times), to prove they are kept."""
        snap = {}
        for c in chunks:
            for part in ("runs", "configs"):
                d = out / part / results.chunk_dir(c)
                snap[f"{part}/{d.name}"] = sorted((f.name, f.stat().st_mtime_ns) for f in d.iterdir())
        return snap

    def sweep_facts(self, out: Path) -> None:
        if not self.sweep_id:
            self.sweep_id = results.manifest(out)["sweep_id"]
            self.config_keys = {r["config_key"] for r in results.read_rows(out / "configs")}

    def check_mlflow(self, phase: str, label: str):
        problems, facts = mlflow_checks.check_sweep(self.mlflow, self.experiment(phase), self.sweep_id,
                                                    self.config_keys)
        detail = ""
        if facts:
            detail = (f"experiment {self.experiment(phase)}: {facts['total']} runs = "
                      f"{facts['roles'].get('sweep', 0)} parent + {facts['roles'].get('config', 0)} configurations"
                      + (f" + {facts['roles']['replica']} replicas" if facts['roles'].get('replica') else ""))
        self.report.check(f"{label}: MLflow has one parent run and one nested run per configuration, no duplicates",
                          problems, detail)
        return facts

    def tail(self, proc: Proc, n: int = 25) -> str:
        return "\n    " + "\n    ".join(proc.log_tail(n).splitlines())

    # -- phases ----------------------------------------------------------------------------------------------------
    def services(self) -> bool:
        r = self.report
        with r.timed("services: MLflow server, Spark master, 2 workers"):
            store = self.run_dir / "mlflow"
            store.mkdir(parents=True)
            mlflow_server.prepare_store(store)
            port = net.free_port()
            self.mlflow_url = f"http://{net.LOOPBACK}:{port}"
            p = self.procs.start("mlflow", mlflow_server.command(self.venv, port, store),
                                 env=mlflow_server.server_env(), cwd=self.run_dir)
            self.cluster = StandaloneCluster(self.procs, self.venv, ROOT / "conf" / "spark", self.run_dir)
            self.cluster.write_conf()
            t0 = time.monotonic()
            try:
                self.cluster.start_master()
                for i in (1, 2):
                    self.cluster.start_worker(f"worker-{i}")
                mlflow_server.wait_healthy(self.mlflow_url, 180, alive=p.alive, on_dead=p.log_tail)
                r.check("MLflow server answers /health", True, f"{self.mlflow_url}, sqlite store")
                self.mlflow = mlflow_checks.MlflowRest(self.mlflow_url)
                state = self.cluster.wait_workers(2, 180)
            except Exception as e:
                r.fail("services start", str(e))
                return False
            cores = [w["cores"] for w in state["workers"] if w["state"] == "ALIVE"]
            r.check("Spark master with 2 alive one-core workers", cores == [1, 1],
                    f"{self.cluster.master_url}, UI {self.cluster.master_ui}, {time.monotonic() - t0:.0f} s")
            return cores == [1, 1]

    def undisturbed(self) -> bool:
        r = self.report
        label = "undisturbed"
        out = self.run_dir / "out" / "undisturbed"
        with r.timed("undisturbed submission"):
            proc, ui = self.submit("submit-undisturbed", self.phase_yaml("undisturbed"), out)
            app = None
            listening = None
            try:
                app = self.app_id(ui, proc)
                # While the application runs: every socket of every process we started listens on loopback.
                net.wait_for("busy executors", lambda: self.busy_executors(ui, app) or not proc.alive(), 300)
                listening = sockets.listening({p.pid for p in self.procs.procs.values() if p.alive()})
            except Exception as e:
                r.fail(f"{label}: application started", str(e))
            code = self.wait_exit(proc, self.args.submit_timeout)
            if not r.check(f"{label}: spark-submit exits 0", code == 0 or f"exit {code}" + self.tail(proc)):
                return False
            if listening is not None:
                bad = [s for s in listening if not sockets.is_loopback(s[1])]
                r.check(f"{label}: every listening socket is on 127.0.0.1", [f"{a}:{p} (pid {pid})"
                                                                              for pid, a, p in bad],
                        f"{len(listening)} sockets of master, workers, executors, driver, MLflow")
                master = self.procs.procs["spark-master"].pid
                ports = sorted(p for pid, a, p in listening if pid in sockets.group_pids({master}))
                expected = sorted([self.cluster.master_port, self.cluster.webui_port])
                r.check(f"{label}: the master listens on its RPC and web UI ports only (no REST server)",
                        ports == expected or f"master ports {ports}, expected {expected}")
            self.sweep_facts(out)
            m = results.manifest(out)
            r.check(f"{label}: run count", results.check_complete(out),
                    f"{m['runs']} runs = {m['configs']} configurations x {m['replicas']} replicas in "
                    f"{m['chunks']} chunks, {len(self.config_keys)} Q-tables, summary")
            r.check(f"{label}: merged metrics agree with the runs", results.check_merged(out))
            if app:
                ev = self.summarize_events(self.event_log(app))
                r.check(f"{label}: both workers ran executors", ev["executors_added"] == 2
                        or f"{ev['executors_added']} executors", f"{ev['tasks_ok']} tasks")
            facts = self.check_mlflow("undisturbed", label)
            self.undisturbed_runs = facts.get("children", {}) if facts else {}
        if facts and facts.get("parent") is not None:
            self.ui_check(facts)
        return True

    def ui_check(self, facts: dict) -> None:
        r = self.report
        with r.timed("MLflow UI in headless Chromium"):
            chromium = cdp.find_chromium()
            if not chromium:
                r.fail("MLflow UI lists the parent and nested child runs", "chromium not found (run bin/setup-e2e)")
                return
            shot = self.build / "mlflow-ui.png"
            children = {run.run_id: run.name for run in facts["children"].values()}
            try:
                problems = mlflow_ui.check(self.procs, chromium, self.mlflow_url, facts["experiment_id"],
                                           facts["parent"].run_id, facts["parent"].name, children,
                                           facts["total"], shot,
                                           self.build / "mlflow-ui.txt", self.run_dir / "chromium-profile")
            except Exception as e:
                problems = [f"{type(e).__name__}: {e}"]
            r.check("MLflow UI lists the parent and nested child runs", problems,
                    f"parent '{facts['parent'].name}' expanded to {len(children)} children; screenshot {shot}")

    def worker_loss(self) -> None:
        r = self.report
        label = "worker loss"
        out = self.run_dir / "out" / "worker-loss"
        ref = self.run_dir / "out" / "undisturbed"
        with r.timed("worker loss: SIGKILL a worker mid-sweep"):
            proc, ui = self.submit("submit-worker-loss", self.phase_yaml("worker-loss"), out)
            try:
                app = self.app_id(ui, proc)
            except Exception as e:
                r.fail(f"{label}: application started", str(e) + self.tail(proc))
                return
            total = None
            victim = None

            def trigger():
                nonlocal total
                if not proc.alive():
                    raise net.Timeout("the sweep ended before a worker could be killed mid-sweep")
                done = results.complete_chunks(out)
                total = results.manifest(out)["chunks"] if (out / "sweep.json").exists() else None
                if not done or total is None or len(done) >= total:
                    return None
                # A task that started moments ago (a chunk's training runs take seconds): the kill lands inside
                # it, not at its very end.
                for task in self.running_tasks(ui, app):
                    age = time.time() - spark_time(task.get("launchTime", ""))
                    w = self.cluster.worker_running(app, task["executorId"])
                    if w and age <= FRESH_TASK_SECONDS:
                        task["age"] = age
                        return (w, task, done)
                return None

            try:
                victim, task, done = net.wait_for("a committed chunk and a running task", trigger,
                                                  self.args.submit_timeout, interval=0.1)
            except Exception as e:
                r.fail(f"{label}: worker killed mid-sweep", str(e) + self.tail(proc))
            if victim:
                killed_at = time.monotonic()
                self.procs.kill(victim, signal.SIGKILL)
                r.check(f"{label}: worker killed mid-sweep", True,
                        f"SIGKILL to {victim}: worker JVM + executor {task['executorId']} running task "
                        f"{task['taskId']} (launched {task['age']:.1f} s before), after {len(done)} of {total} "
                        f"chunks")
                try:
                    net.wait_for("the master to drop the worker",
                                 lambda: self.cluster.state().get("aliveworkers") == 1, 120)
                    r.check(f"{label}: master removes the dead worker", True,
                            f"1 alive worker {time.monotonic() - killed_at:.1f} s after the kill")
                except Exception as e:
                    r.fail(f"{label}: master removes the dead worker", str(e))
            code = self.wait_exit(proc, self.args.submit_timeout)
            if not r.check(f"{label}: the sweep completes on the remaining worker",
                           code == 0 or f"spark-submit exit {code}" + self.tail(proc)):
                return
            if victim:
                ev = self.summarize_events(self.event_log(app))
                rerun = [t for t in ev["lost_tasks"] if t in ev["ok_tasks"]]
                problems = []
                if not ev["executors_removed"]:
                    problems.append("no executor removed in the event log")
                if ev["tasks_lost"] == 0:
                    problems.append("no task was lost with the executor")
                if len(rerun) != ev["tasks_lost"]:
                    problems.append(f"{ev['tasks_lost'] - len(rerun)} lost tasks never succeeded later")
                if ev["tasks_failed_other"]:
                    problems.append(f"{ev['tasks_failed_other']} tasks failed for other reasons")
                r.check(f"{label}: tasks lost with the worker were re-run", problems,
                        f"executor(s) removed: {ev['executors_removed']}; {ev['tasks_lost']} task(s) lost and "
                        f"re-run")
            self.check_like_undisturbed(r, label, "worker-loss", "per-run results", ref, out)
        if victim:
            with r.timed("worker loss: restart the worker"):
                try:
                    self.procs.stop(victim)
                    self.cluster.start_worker(victim)
                    self.cluster.wait_workers(2, 180)
                    r.check("cluster back to 2 workers", True)
                except Exception as e:
                    r.fail("cluster back to 2 workers", str(e))

    def driver_kill(self) -> None:
        r = self.report
        label = "driver kill"
        out = self.run_dir / "out" / "driver-kill"
        ref = self.run_dir / "out" / "undisturbed"
        yaml = self.phase_yaml("driver-kill")
        with r.timed("driver kill: SIGKILL the driver mid-sweep"):
            proc, ui = self.submit("submit-driver-kill", yaml, out)
            try:
                app = self.app_id(ui, proc)
            except Exception as e:
                r.fail(f"{label}: application started", str(e) + self.tail(proc))
                return

            def trigger():
                if not proc.alive():
                    raise net.Timeout("the sweep ended before the driver could be killed mid-sweep")
                done = results.complete_chunks(out)
                total = results.manifest(out)["chunks"] if (out / "sweep.json").exists() else None
                return (done, total) if done and total and len(done) < total else None

            try:
                done, total = net.wait_for("a committed chunk", trigger, self.args.submit_timeout, interval=0.2)
            except Exception as e:
                r.fail(f"{label}: driver killed mid-sweep", str(e) + self.tail(proc))
                return
            code = self.procs.kill("submit-driver-kill", signal.SIGKILL)
            kept = self.chunk_files(out, done)
            after = results.complete_chunks(out)
            r.check(f"{label}: driver killed mid-sweep", code == -signal.SIGKILL or f"exit {code}",
                    f"SIGKILL to the spark-submit JVM after {len(done)} of {total} chunks")
            r.check(f"{label}: the output is incomplete", len(after) < total and not
                    (out / "summary" / "summary.json").exists() or f"{len(after)} of {total} chunks, summary "
                    "present", f"{len(after)} of {total} chunks committed, no summary")
            try:
                st = net.wait_for("the master to end the application", lambda: (
                    lambda s: s if not s["activeapps"] and s["coresused"] == 0 else None)(self.cluster.state()), 120)
                ended = [a for a in st["completedapps"] if a["id"] == app]
                r.check(f"{label}: master ends the application and frees the cores", bool(ended)
                        or f"{app} not among the completed applications",
                        f"{app} {ended[0]['state'] if ended else ''}")
            except Exception as e:
                r.fail(f"{label}: master ends the application and frees the cores", str(e))
        with r.timed("driver kill: resubmit and resume"):
            proc, ui = self.submit("submit-resume", yaml, out)
            code = self.wait_exit(proc, self.args.submit_timeout)
            if not r.check(f"{label}: resubmission exits 0", code == 0 or f"exit {code}" + self.tail(proc)):
                return
            log = proc.log.read_text(errors="replace")
            m = re.search(r"(\d+) of (\d+) chunks already complete", log)
            now = self.chunk_files(out, done)
            problems = [f"{k} changed" for k in kept if kept[k] != now.get(k)]
            r.check(f"{label}: resubmission resumed, committed chunks untouched", problems,
                    f"{len(done)} chunks kept" + (f"; driver: '{m.group(0)}'" if m else ""))
            self.check_like_undisturbed(r, label, "driver-kill", "results", ref, out)

    def check_like_undisturbed(self, r, label, scenario, what, ref, out):
        """After a fault: every run is there, the results on disk equal the undisturbed submission's (``what`` names
        them in the check), and so do the metrics the scenario logged to MLflow."""
        r.check(f"{label}: run count", results.check_complete(out))
        r.check(f"{label}: {what} identical to the undisturbed submission", results.compare(ref, out),
                "runs, configurations, summary, Q-tables; wall times ignored")
        facts = self.check_mlflow(scenario, label)
        if facts and self.undisturbed_runs:
            r.check(f"{label}: MLflow metrics identical to the undisturbed submission",
                    mlflow_checks.compare_metrics(self.undisturbed_runs, facts["children"]))

    # -- main ------------------------------------------------------------------------------------------------------
    def run(self) -> int:
        r = self.report
        start = time.monotonic()
        stale = self.procs.reap_stale()
        if stale:
            r.info(f"stopped processes left by an earlier run: {', '.join(stale)}")
        if self.run_dir.exists():
            shutil.rmtree(self.run_dir)
        self.run_dir.mkdir(parents=True)
        for old in ("mlflow-ui.png", "mlflow-ui.txt"):
            (self.build / old).unlink(missing_ok=True)
        if not self.jar.is_file():
            r.fail("qsweep jar", f"{self.jar} missing (run mvn package, or bin/test)")
            return self.finish(start)
        interrupted = None
        with self.procs:
            try:
                if self.services():
                    ok = self.undisturbed()
                    if ok:
                        self.worker_loss()
                        self.driver_kill()
                    else:
                        r.fail("worker loss", "not run: the undisturbed submission failed")
                        r.fail("driver kill", "not run: the undisturbed submission failed")
                else:
                    r.fail("submissions", "not run: the services did not start")
            except Interrupted as e:
                interrupted = str(e)
                r.fail("e2e", f"interrupted: {e}")
            except Exception as e:
                r.fail("e2e", f"{type(e).__name__}: {e}\n{traceback.format_exc()}")
            finally:
                n = len(self.procs.procs)
                left = self.procs.stop_all()
                ports = [p for p in [self.cluster.master_port, self.cluster.webui_port] if p] if self.cluster else []
                still_open = [p for p in ports if net.port_open(p)]
                r.check("everything started is stopped", [f"still running: {left}"] if left else
                        ([f"ports still open: {still_open}"] if still_open else []),
                        f"{n} process groups")
        if interrupted:
            r.info("interrupted")
        return self.finish(start)

    def finish(self, start: float) -> int:
        r = self.report
        for phase, dt in r.timings:
            r.info(f"time {dt:6.1f} s  {phase}")
        r.info(f"time {time.monotonic() - start:6.1f} s  total; logs in {self.run_dir / 'logs'}")
        r._print(f"{r.passed} passed, {r.failed} failed")
        return 1 if r.failed else 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="bin/e2e-cluster", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sweep", default="conf/sweeps/e2e.yaml", help="sweep file, relative to the project root")
    ap.add_argument("--chunk-runs", type=int, default=0,
                    help="runs per chunk (--chunk-runs of qsweep run); default: the sweep's replicas, i.e. one "
                         "configuration per chunk, so that there is a 'mid-sweep' to kill things in")
    ap.add_argument("--jar", help="the shaded jar to submit (default: jobs/target/qsweep-jobs-VERSION-all.jar)")
    ap.add_argument("--submit-timeout", type=float, default=600, help="seconds allowed per submission")
    args = ap.parse_args(argv)
    return E2E(args).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
