"""A Spark standalone cluster on 127.0.0.1: one master and N one-core workers started with the pyspark distribution's
``spark-class``, each in its own process group (``procs.Processes``), observed through the master's JSON API
(``http://127.0.0.1:<webui>/json/``), the workers' JSON API and the driver's REST API (``/api/v1``).

Everything binds 127.0.0.1 (``SPARK_LOCAL_IP``) on free ports; the master's REST submission server (port 6066) is off
(``spark.master.rest.enabled false`` in the generated ``spark-defaults.conf``). The Spark configuration directory
(``SPARK_CONF_DIR``) is generated under the run directory from ``conf/spark/``: ``spark-defaults-e2e.conf`` (plus the
event-log directory, an absolute path) and ``log4j2-e2e.properties``; every Spark JVM (master, workers, executors, the
spark-submit driver) reads it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import net
from .procs import Processes


def spark_home(venv: Path) -> Path:
    """The pyspark distribution's SPARK_HOME inside the venv (``bin/spark-class``, ``bin/spark-submit``, ``jars/``)."""
    found = sorted((venv / "lib").glob("python3*/site-packages/pyspark"))
    for p in found:
        if (p / "bin" / "spark-submit").exists():
            return p
    raise FileNotFoundError(f"no pyspark distribution with bin/spark-submit under {venv}/lib (run bin/setup)")


@dataclass
class Worker:
    name: str
    work_dir: Path


class StandaloneCluster:
    def __init__(self, procs: Processes, venv: Path, conf_src: Path, run_dir: Path):
        self.procs = procs
        self.home = spark_home(venv)
        self.conf_src = conf_src
        self.run_dir = run_dir
        self.conf_dir = run_dir / "spark-conf"
        self.event_dir = run_dir / "spark-events"
        self.local_dir = run_dir / "spark-local"
        self.master_port = 0
        self.webui_port = 0
        self.workers: dict[str, Worker] = {}

    # -- configuration ---------------------------------------------------------------------------------------------
    def write_conf(self) -> None:
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        self.event_dir.mkdir(parents=True, exist_ok=True)
        self.local_dir.mkdir(parents=True, exist_ok=True)
        defaults = (self.conf_src / "spark-defaults-e2e.conf").read_text()
        defaults += (f"\n# Added by the e2e driver (absolute paths of this run)\n"
                     f"spark.eventLog.dir file:{self.event_dir}\n"
                     f"spark.local.dir {self.local_dir}\n")
        (self.conf_dir / "spark-defaults.conf").write_text(defaults)
        shutil.copyfile(self.conf_src / "log4j2-e2e.properties", self.conf_dir / "log4j2.properties")

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SPARK_", "PYSPARK_"))}
        env.update({
            "SPARK_HOME": str(self.home),
            "SPARK_CONF_DIR": str(self.conf_dir),
            "SPARK_LOCAL_IP": net.LOOPBACK,
            "SPARK_LOCAL_DIRS": str(self.local_dir),
            "SPARK_LOG_DIR": str(self.run_dir / "logs"),
            "SPARK_NO_DAEMONIZE": "1",
        })
        return env

    @property
    def master_url(self) -> str:
        return f"spark://{net.LOOPBACK}:{self.master_port}"

    @property
    def master_ui(self) -> str:
        return f"http://{net.LOOPBACK}:{self.webui_port}"

    # -- processes -------------------------------------------------------------------------------------------------
    def start_master(self, timeout: float = 120) -> None:
        self.master_port = net.free_port()
        self.webui_port = net.free_port()
        p = self.procs.start("spark-master", [
            str(self.home / "bin" / "spark-class"), "org.apache.spark.deploy.master.Master",
            "--host", net.LOOPBACK, "--port", str(self.master_port), "--webui-port", str(self.webui_port)],
            env=self.env(), cwd=self.run_dir)
        net.wait_for("Spark master", lambda: self.state().get("status") == "ALIVE", timeout,
                     alive=p.alive, on_dead=p.log_tail)

    def start_worker(self, name: str) -> Worker:
        work = self.run_dir / name
        work.mkdir(parents=True, exist_ok=True)
        self.procs.start(name, [
            str(self.home / "bin" / "spark-class"), "org.apache.spark.deploy.worker.Worker",
            "--host", net.LOOPBACK, "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "1g",
            "--work-dir", str(work), self.master_url], env=self.env(), cwd=self.run_dir)
        w = Worker(name, work)
        self.workers[name] = w
        return w

    def wait_workers(self, n: int, timeout: float = 120) -> dict:
        """Waits until exactly ``n`` workers are ALIVE; returns the master state."""
        def probe():
            s = self.state()
            return s if s.get("aliveworkers") == n else None
        return net.wait_for(f"{n} alive Spark workers", probe, timeout)

    # -- observation -----------------------------------------------------------------------------------------------
    def state(self) -> dict:
        """The master's JSON state: workers, aliveworkers, activeapps, completedapps, status."""
        return net.get_json(self.master_ui + "/json/", timeout=5)

    def worker_running(self, app_id: str, executor_id: str) -> str | None:
        """The name of our worker that runs executor ``executor_id`` of ``app_id``: a worker creates
        ``<work-dir>/<app id>/<executor id>/`` for each executor it launches."""
        for name, w in self.workers.items():
            if (w.work_dir / app_id / str(executor_id)).is_dir():
                return name
        return None
