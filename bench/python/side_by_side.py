"""bench/run's driver: runs every part of the side-by-side benchmark on this machine, one after the other, and writes
the table (stdout and build/bench/side-by-side[-quick].md). bench/run sets up the venv and builds the jars first.

Parts (see bench/README.md, "Side by side"):
  core      Q-learning env steps/s, one core: qsweep (JMH QLearningBench, wall clock; StepRateProbe, CPU time)
            versus the Python baseline (bench/python/qlearning_baseline.py), Taxi and FrozenLake 8x8.
  sweep     conf/sweeps/bench-taxi-1k.yaml end to end: `bin/qsweep run --master local[2]` versus the baseline with
            multiprocessing.Pool(2); then the agreement check of the two sides' results (exit status 1 if it fails).
  scaling   bench/sweep-throughput.sh: local[1] versus local[2]; driver heap at 10k versus 100k runs.
  tracking  MLflow logging throughput (bench/mlflow-logging.sh against a server started here) and the share of the
            tracking phase in the wall time of a sweep run with --tracking-uri.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.dataset as ds
import yaml
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]
PY = ROOT / ".venv" / "bin" / "python"
BASELINE = ROOT / "bench" / "python" / "qlearning_baseline.py"
METRICS = ("eval_mean_return", "eval_success_rate", "total_steps")
FAMILY_ALPHA = 1e-3  # agreement check: family-wise false-alarm probability (Bonferroni over all tests)

loads: list[float] = []


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load1():
    v = float(Path("/proc/loadavg").read_text().split()[0])
    loads.append(v)
    return v


def sh(cmd, log_file=None, env=None, check=True):
    """Runs cmd; returns (stdout+stderr text, wall seconds). The output is also kept in log_file."""
    log("$ " + " ".join(str(c) for c in cmd))
    t0 = time.perf_counter()
    p = subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    if log_file:
        Path(log_file).write_text(p.stdout)
    if check and p.returncode != 0:
        sys.stderr.write(p.stdout[-4000:])
        raise SystemExit(f"bench: command failed with status {p.returncode}: {' '.join(map(str, cmd))}")
    load1()
    return p.stdout, wall


def fmt(v, digits=3):
    """A number with about `digits` significant digits and k/M suffixes."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    a = abs(v)
    for div, suf in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            return f"{v / div:.{max(0, digits - 1 - int(math.log10(a / div)))}f}{suf}"
    if a == 0:
        return "0"
    return f"{v:.{max(0, digits - 1 - int(math.floor(math.log10(a))))}f}"


def ratio(a, b):
    return f"{a / b:,.0f}×" if a / b >= 100 else f"{a / b:.1f}×"


# ---------------------------------------------------------------------------------------------------------- core


def part_core(quick, work, rows):
    jar = ROOT / "bench" / "target" / "benchmarks.jar"
    jmh_json = work / "jmh.json"
    it = ["-wi", "1", "-w", "1", "-i", "2", "-r", "1"] if quick else ["-wi", "2", "-w", "2", "-i", "5", "-r", "2"]
    jmh_cmd = ["java", "-jar", jar, "QLearningBench", "-f", "1", *it, "-rf", "json", "-rff", jmh_json]
    out, _ = sh(jmh_cmd, work / "jmh.log")
    jmh = {}
    for b in json.loads(jmh_json.read_text()):
        m = b["secondaryMetrics"]["steps"]
        jmh[b["params"]["env"]] = (float(m["score"]), float(m["scoreError"]))  # error: "NaN" below 3 iterations
    rounds = 5 if quick else 15
    out, _ = sh(["java", "-cp", jar, "io.qsweep.bench.StepRateProbe", "q_learning", rounds], work / "probe.log")
    probe = {m.group(1): float(m.group(2)) * 1e6
             for m in re.finditer(r" (taxi|frozen_lake_8x8): median ([0-9.]+)M", out)}
    runs = 1 if quick else 3
    py = {}
    for env in ("taxi", "frozen_lake_8x8"):
        out, _ = sh([PY, BASELINE, "core", "--env", env, "--runs", runs, "--episodes", 2000], work / f"py-core-{env}.log")
        py[env] = json.loads(out.strip().splitlines()[-1])
    names = {"taxi": "Taxi", "frozen_lake_8x8": "FrozenLake 8x8"}
    for env in ("taxi", "frozen_lake_8x8"):
        score, err = jmh[env]
        rows.append(("core", f"{names[env]}: env steps/s, one core (wall)", fmt(score) + ("" if math.isnan(err) else f" ± {fmt(err, 2)}"),
                     fmt(py[env]["steps_per_s"]), ratio(score, py[env]["steps_per_s"])))
        rows.append(("core", f"{names[env]}: env steps per CPU-second", fmt(probe[env]),
                     fmt(py[env]["steps_per_cpu_s"]), ratio(probe[env], py[env]["steps_per_cpu_s"])))
    return {"jmh": jmh, "probe": probe, "python": py, "jmh_command": " ".join(map(str, jmh_cmd[1:]))}


# ---------------------------------------------------------------------------------------------------------- sweep


def sweep_file(quick, work):
    src = ROOT / "conf" / "sweeps" / "bench-taxi-1k.yaml"
    if not quick:
        return src
    text = re.sub(r"(?m)^replicas: 50$", "replicas: 3", src.read_text())
    text = re.sub(r"(?m)^name: bench-taxi-1k$", "name: bench-taxi-quick", text)
    assert "replicas: 3\n" in text and "bench-taxi-quick" in text, "bench-taxi-1k.yaml changed its layout"
    dst = work / "bench-taxi-quick.yaml"
    dst.write_text(text)
    return dst


def baseline_configs(sweep_yaml, python_gamma=None):
    """The sweep's configurations for the baseline, in the sweep's expansion order (alpha, gamma, epsilon)."""
    s = yaml.safe_load(Path(sweep_yaml).read_text())
    grid = s["grid"]
    assert set(grid) == {"alpha", "gamma", "epsilon"} and s["env"]["name"] == "taxi", "baseline knows Taxi α/γ/ε"
    configs = []
    for a, g, e in itertools.product(grid["alpha"], grid["gamma"], grid["epsilon"]):
        configs.append({"alpha": a, "gamma": g if python_gamma is None else python_gamma, "epsilon": e,
                        "label_gamma": g})
    return {"env": "taxi", "episodes": s["fixed"]["episodes"], "eval_episodes": s["evaluation"]["episodes"],
            "replicas": s["replicas"], "seed": s["seed"], "configs": configs}


def tracked_run(sweep, out_dir, url, log_file):
    """`bin/qsweep run SWEEP --master local[2]`, with --tracking-uri URL when url is given. Returns the output, the
    seconds from the process start to the results on disk (the "qsweep: results in" line) and, with tracking, the
    seconds of the tracking phase (from that line to the "MLflow:" line) and of the whole process."""
    shutil.rmtree(out_dir, ignore_errors=True)
    cmd = [ROOT / "bin" / "qsweep", "run", sweep, "--master", "local[2]", "--output", out_dir,
           "--progress-seconds", "0", "--top", "3"]
    if url:
        cmd += ["--tracking-uri", url, "--experiment", "bench-" + Path(sweep).stem]
    times = timed_lines(cmd, log_file)
    t_results = next(t for t, l in times if l.startswith("qsweep: results in"))
    out = "\n".join(l for _, l in times)
    if not url:
        return out, t_results, None
    t_mlflow, line = next((t, l) for t, l in times if l.startswith("MLflow: "))
    return out, t_results, {"sweep": Path(sweep).name, "configs": int(re.search(r"MLflow: (\d+) configuration", line)
                            .group(1)), "compute_s": t_results, "tracking_s": t_mlflow - t_results,
                            "total_s": times[-1][0]}


def part_sweep(quick, work, rows, python_gamma, url):
    sweep = sweep_file(quick, work)
    out_dir = work / "taxi-sweep"
    out, q_wall, tracking = tracked_run(sweep, out_dir, url, work / "qsweep-taxi.log")
    m = re.search(r"qsweep: computed ([0-9,]+) runs in ([0-9.]+) s", out)
    q_runs = int(m.group(1).replace(",", ""))
    spec = baseline_configs(sweep, python_gamma)
    cfg_file = work / "baseline-configs.json"
    cfg_file.write_text(json.dumps(spec))
    csv = work / "baseline-runs.csv"
    out, p_wall = sh([PY, BASELINE, "sweep", "--configs", cfg_file, "--out", csv, "--processes", 2],
                     work / "baseline-sweep.log")
    p = json.loads(out.strip().splitlines()[-1])
    assert p["runs"] == q_runs, f"baseline ran {p['runs']} runs, qsweep {q_runs}"
    n = q_runs
    rows.append(("sweep", f"{sweep.name} ({n:,} Taxi runs): wall time, process start to results on disk",
                 f"{q_wall:.1f} s", f"{p_wall:.1f} s", ratio(p_wall, q_wall)))
    rows.append(("sweep", "runs/s (end to end; 2 cores: local[2] / Pool(2))", fmt(n / q_wall), fmt(n / p_wall),
                 ratio(p_wall, q_wall)))
    rows.append(("sweep", "runs/s of the compute phase only (qsweep: Spark job; Python: Pool.map)",
                 fmt(float(m.group(2)) and n / float(m.group(2))), fmt(p["runs_per_s"]),
                 ratio(n / float(m.group(2)), p["runs_per_s"])))
    ok, agree = agreement(out_dir, csv, spec, work)
    for metric, r in agree["pooled"].items():
        rows.append(("agreement", f"{metric}: mean over all runs (diff ± SE; p)", fmt(r["qsweep"]),
                     fmt(r["python"]), f"{r['diff']:+.3g} ± {r['se']:.2g}; p = {r['p']:.2g}"))
    rows.append(("agreement", f"verdict ({agree['tests']} Welch tests, Bonferroni, family α = {FAMILY_ALPHA})",
                 "", "", "AGREE" if ok else "DISAGREE"))
    return ok, {"sweep": str(sweep), "qsweep_wall": q_wall, "python_wall": p_wall, "runs": n,
                "python_gamma": python_gamma, "agreement": agree, "tracking": tracking}


def welch(x, y):
    """Difference of means y − x, its standard error and the two-sided Welch t-test p-value."""
    n1, n2 = len(x), len(y)
    v1, v2 = np.var(x, ddof=1) / n1, np.var(y, ddof=1) / n2
    diff = float(np.mean(y) - np.mean(x))
    se = math.sqrt(v1 + v2)
    if se == 0:
        return diff, 0.0, 1.0 if diff == 0 else 0.0
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    return diff, se, float(2 * stats.t.sf(abs(diff) / se, df))


def agreement(out_dir, csv, spec, work):
    """Per configuration and pooled, for each metric, qsweep's runs versus the baseline's: Welch t-tests with a
    Bonferroni correction over all of them. Fails if any test rejects equality of means at family level α."""
    q = ds.dataset(out_dir / "runs", format="parquet", partitioning="hive").to_table().to_pandas()
    params = q["params"].map(dict)
    for k in ("alpha", "gamma", "epsilon"):
        q[k] = params.map(lambda d: float(d[k]))
    p = pd.read_csv(csv)
    p["gamma"] = p["config"].map(lambda k: spec["configs"][k]["label_gamma"])  # the sweep's γ (see --python-gamma)
    keys = ["alpha", "gamma", "epsilon"]
    per_config = []
    tests = []
    for key, qg in q.groupby(keys):
        pg = p[(p.alpha == key[0]) & (p.gamma == key[1]) & (p.epsilon == key[2])]
        assert len(pg) == len(qg), f"config {key}: {len(qg)} qsweep runs, {len(pg)} baseline runs"
        row = dict(zip(keys, key), n=len(qg))
        for metric in METRICS:
            diff, se, pv = welch(qg[metric].to_numpy(float), pg[metric].to_numpy(float))
            row[metric] = (float(qg[metric].mean()), float(pg[metric].mean()), diff, se, pv)
            tests.append(pv)
        per_config.append(row)
    pooled = {}
    for metric in METRICS:
        d = np.array([r[metric][2] for r in per_config])
        se = math.sqrt(sum(r[metric][3] ** 2 for r in per_config)) / len(per_config)
        diff = float(d.mean())
        pv = (1.0 if diff == 0 else 0.0) if se == 0 else float(2 * stats.norm.sf(abs(diff) / se))
        pooled[metric] = {"qsweep": float(q[metric].mean()), "python": float(p[metric].mean()), "diff": diff,
                          "se": se, "p": pv}
        tests.append(pv)
    threshold = FAMILY_ALPHA / len(tests)
    failed = [pv for pv in tests if pv < threshold]
    lines = ["| α | γ | ε | runs | " + " | ".join(f"{m} qsweep | python | p" for m in METRICS) + " |",
             "|" + "---|" * (4 + 3 * len(METRICS))]
    for r in per_config:
        cells = [f"{r['alpha']:g}", f"{r['gamma']:g}", f"{r['epsilon']:g}", str(r["n"])]
        for metric in METRICS:
            mq, mp, _, _, pv = r[metric]
            cells += [fmt(mq), fmt(mp), f"{pv:.2g}" + (" **✗**" if pv < threshold else "")]
        lines.append("| " + " | ".join(cells) + " |")
    (work / "agreement.md").write_text("\n".join(lines) + "\n")
    return not failed, {"pooled": pooled, "tests": len(tests), "threshold": threshold, "failed": len(failed),
                        "min_p": min(tests), "per_config_md": "\n".join(lines)}


# -------------------------------------------------------------------------------------------------------- scaling


def throughput_rows(out):
    """The data rows of bench/sweep-throughput.sh's table, as dicts keyed by its header."""
    lines = out.splitlines()
    head = next(i for i, l in enumerate(lines) if l.startswith("master "))
    cols = lines[head].split()[:14]
    rows = []
    for line in lines[head + 1:]:  # data rows: "local[N] <runs/s> ..."; later lines (CPU by thread, bounds) are not
        f = line.split()
        if len(f) >= 14 and f[0].startswith("local[") and re.fullmatch(r"[0-9.]+", f[1]):
            rows.append(dict(zip(cols, f[:14])))
    return rows


def part_scaling(quick, work, rows):
    small = ROOT / "conf/sweeps/bench-10k.yaml"
    n_small = "10k"
    if quick:  # 2,000 runs: the same 100 configurations with 20 replicas; no 100k run
        small = work / "bench-2k.yaml"
        text = re.sub(r"(?m)^replicas: 100$", "replicas: 20", (ROOT / "conf/sweeps/bench-10k.yaml").read_text())
        assert "replicas: 20\n" in text, "bench-10k.yaml changed its layout"
        small.write_text(text.replace("name: bench-10k", "name: bench-2k"))
        n_small = "2k"
    details = {}
    if not quick:
        # The headline scaling figure: the same 10,000 runs with 2,000 training episodes each (what Gymnasium's
        # FrozenLake tutorial trains), so the runs, not the JVM's fixed costs, dominate; see "Sweep throughput".
        # Three runs of each master, alternating: one pair's ratio varies by ±2-3 % from run to run (JIT timing, which
        # chunk ends last), so the figure is the ratio of the mean rates, with the range over every pairing of a
        # local[1] run with a local[2] run beside it.
        env = dict(os.environ, BENCH_MASTERS="local[1] local[2] local[1] local[2] local[1] local[2]",
                   BENCH_EPISODES="2000")
        out, _ = sh([ROOT / "bench" / "sweep-throughput.sh", small, work / "tp-2000"], work / "throughput-2000.log",
                    env=env)
        runs = throughput_rows(out)
        one = [float(r["runs/s"]) for r in runs if r["master"] == "local[1]"]
        two = [float(r["runs/s"]) for r in runs if r["master"] == "local[2]"]
        w1, w2 = sum(one) / len(one), sum(two) / len(two)
        pairs = [b / a for a in one for b in two]
        def cores(master):
            c = sorted(float(r["cores"]) for r in runs if r["master"] == master)
            return f"{c[0]:.2f}" if c[0] == c[-1] else f"{c[0]:.2f}–{c[-1]:.2f}"
        rows.append(("scaling", "bench-10k.yaml with 2,000 episodes per run (10k FrozenLake runs): runs/s of the "
                     f"chunk phase, local[1] → local[2] (mean of {len(one)} alternating runs each)",
                     f"{fmt(w1)} → {fmt(w2)}", "",
                     f"{w2 / w1:.2f}× ({min(pairs):.2f}–{max(pairs):.2f}× over every local[1] × local[2] pairing; the JVM got "
                     f"{cores('local[1]')} → {cores('local[2]')} cores)"))
        details["10k-2000-episodes"] = runs
    env = dict(os.environ, BENCH_MASTERS="local[1] local[2]")
    out, _ = sh([ROOT / "bench" / "sweep-throughput.sh", small, work / "tp-small"], work / "throughput-small.log",
                env=env)
    by = {r["master"]: r for r in throughput_rows(out)}
    r1, r2 = float(by["local[1]"]["runs/s"]), float(by["local[2]"]["runs/s"])
    rows.append(("scaling", f"{small.name} ({n_small} FrozenLake runs of 200 episodes: fixed costs, not scaling): "
                 "runs/s of the chunk phase, local[1] → local[2]", f"{fmt(r1)} → {fmt(r2)}", "",
                 f"{r2 / r1:.2f}× (the JVM got {by['local[1]']['cores']} → {by['local[2]']['cores']} cores)"))
    details[n_small] = list(by.values())
    if quick:
        rows.append(("scaling", f"driver live heap after the sweep (used/max MiB), {n_small} runs, local[1] / "
                     "local[2] (10k → 100k: full mode)", f"{by['local[1]']['heap_MiB']} / {by['local[2]']['heap_MiB']}",
                     "", ""))
        return details
    env = dict(os.environ, BENCH_MASTERS="local[2]")
    out, _ = sh([ROOT / "bench" / "sweep-throughput.sh", ROOT / "conf/sweeps/bench-100k.yaml", work / "tp-100k"],
                work / "throughput-100k.log", env=env)
    rb = throughput_rows(out)[0]
    rows.append(("scaling", "driver live heap after the sweep (used/max MiB), 10k → 100k runs (local[2])",
                 f"{by['local[2]']['heap_MiB']} → {rb['heap_MiB']}", "", f"{fmt(float(rb['runs/s']))} runs/s at 100k"))
    details["100k"] = rb
    return details


# ------------------------------------------------------------------------------------------------------- tracking


class MlflowServer:
    """A throw-away MLflow server from the venv (sqlite store under the work dir) on a free 127.0.0.1 port, started
    and stopped as bin/e2e-cluster does (qsweep_tools.mlflow_server)."""

    def __init__(self, work):
        sys.path.insert(0, str(ROOT / "bin" / "lib" / "tools"))
        from qsweep_tools import mlflow_server, net
        self.ms = mlflow_server
        self.store = work / "mlflow"
        shutil.rmtree(self.store, ignore_errors=True)
        self.store.mkdir(parents=True)
        mlflow_server.prepare_store(self.store)  # WAL mode, as bin/mlflow-server starts it
        port = net.free_port()
        self.url = f"http://{net.LOOPBACK}:{port}"
        self.command = mlflow_server.command(ROOT / ".venv", port, self.store)

    def __enter__(self):
        with open(self.store / "server.log", "wb") as server_log:
            self.proc = subprocess.Popen(self.command, stdout=server_log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=self.ms.server_env(), start_new_session=True)
        try:
            self.ms.wait_healthy(self.url, 120, alive=lambda: self.proc.poll() is None)
        except BaseException:
            self.__exit__()
            raise
        log(f"MLflow server pid {self.proc.pid} at {self.url}")
        return self

    def __exit__(self, *exc):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass
        log(f"MLflow server pid {self.proc.pid} stopped")


def ms_workers():
    sys.path.insert(0, str(ROOT / "bin" / "lib" / "tools"))
    from qsweep_tools import mlflow_server
    return mlflow_server.WORKERS


def part_tracking(quick, work, rows, url, sweep_tracking):
    configs = 30 if quick else 200
    out, _ = sh([ROOT / "bench" / "mlflow-logging.sh", "--uri", url, "--configs", configs, "--parallelism", 4],
                work / "mlflow-logging.log")
    m = re.search(r"(\d+) child runs \(([^:]+):.* in ([0-9.]+) s: ([0-9.]+) child runs/s", out)
    rows.append(("tracking", f"MLflow logging: child runs/s (MlflowLoggingBench, {m.group(1)} runs, {m.group(2)}, "
                 f"parallelism 4; server as bin/mlflow-server starts it: gunicorn x{ms_workers()}, sqlite WAL)",
                 m.group(4), "", ""))
    tr = sweep_tracking
    if tr is None:  # the sweep part did not run: a tracked sweep of its own (the quick Taxi variant)
        _, _, tr = tracked_run(sweep_file(True, work), work / "tracked-sweep", url, work / "tracked-sweep.log")
    rows.append(("tracking", f"sweep with --tracking-uri ({tr['sweep']}, {tr['configs']} configuration runs): "
                 "compute phase → tracking phase", f"{tr['compute_s']:.1f} s → {tr['tracking_s']:.1f} s", "",
                 f"tracking {tr['tracking_s'] / tr['total_s']:.0%} of {tr['total_s']:.1f} s"))
    return {"logging": m.group(0), "sweep": tr}


def timed_lines(cmd, log_file):
    """Runs cmd, timestamping each output line (seconds since start); fails if cmd fails."""
    log("$ " + " ".join(map(str, cmd)))
    t0 = time.perf_counter()
    p = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    times = []
    for line in p.stdout:
        times.append((time.perf_counter() - t0, line.rstrip("\n")))
    rc = p.wait()
    times.append((time.perf_counter() - t0, ""))
    Path(log_file).write_text("".join(f"{t:8.2f} {l}\n" for t, l in times))
    load1()
    if rc != 0:
        raise SystemExit(f"bench: command failed with status {rc}: {' '.join(map(str, cmd))} (see {log_file})")
    return times


# ----------------------------------------------------------------------------------------------------------- main


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), "?")
    mem = int(next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")))
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    return {"cpu": cpu, "nproc": os.cpu_count(), "nproc_cmd": subprocess.run(["nproc"], capture_output=True,
            text=True).stdout.strip(), "mem_gib": mem / 2 ** 20, "java": java, "python": sys.version.split()[0]}


def main(argv):
    ap = argparse.ArgumentParser(description="side-by-side benchmark driver (use bench/run)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--parts", default="core,sweep,scaling,tracking")
    ap.add_argument("--python-gamma", type=float, default=None,
                    help="self-test of the agreement check: the baseline trains with this γ instead of the sweep's")
    ap.add_argument("--command", default="bench/run")
    a = ap.parse_args(argv)
    parts = a.parts.split(",")
    unknown = set(parts) - {"core", "sweep", "scaling", "tracking"}
    if unknown:
        raise SystemExit(f"--parts: {sorted(unknown)} not among core, sweep, scaling, tracking")
    mode = "quick" if a.quick else "full"
    work = ROOT / "build" / "bench" / mode
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    started = dt.datetime.now(dt.timezone.utc)
    t0 = time.perf_counter()
    load_start = Path("/proc/loadavg").read_text().split()[:3]
    load1()
    rows, details, ok = [], {}, True
    server = MlflowServer(work) if "tracking" in parts else contextlib.nullcontext()
    with server:
        url = server.url if "tracking" in parts else None
        for part in parts:
            log(f"part {part} ({mode})")
            if part == "core":
                details["core"] = part_core(a.quick, work, rows)
            elif part == "sweep":
                ok, details["sweep"] = part_sweep(a.quick, work, rows, a.python_gamma, url)
            elif part == "scaling":
                details["scaling"] = part_scaling(a.quick, work, rows)
            else:
                details["tracking"] = part_tracking(a.quick, work, rows, url,
                                                    details.get("sweep", {}).get("tracking"))
    elapsed = time.perf_counter() - t0
    mach = machine()
    md = [f"Side by side ({mode} mode), {started:%Y-%m-%d %H:%M} UTC, {elapsed / 60:.1f} min: `{a.command}`",
          "",
          f"Machine: {mach['cpu']}, `nproc` = {mach['nproc_cmd']}, {mach['mem_gib']:.0f} GiB RAM; {mach['java']}; "
          f"Python {mach['python']}. Load average (1 min) at start {' / '.join(load_start)} (1/5/15 min), "
          f"sampled between steps: {min(loads):.1f}–{max(loads):.1f}.",
          "",
          "| part | measure | qsweep | Python baseline | ratio / result |",
          "|---|---|---:|---:|---|"]
    md += [f"| {p} | {m} | {q} | {b} | {r} |" for p, m, q, b, r in rows]
    if "sweep" in details:
        ag = details["sweep"]["agreement"]
        md += ["", f"Agreement per configuration (Welch t-test p-values; a test fails below "
               f"{ag['threshold']:.2g} = {FAMILY_ALPHA} / {ag['tests']} tests; {ag['failed']} failed"
               + (f"; the baseline trained with γ = {a.python_gamma} instead of the sweep's γ" if a.python_gamma
                  is not None else "") + "):", "", ag["per_config_md"]]
    text = "\n".join(md) + "\n"
    out = ROOT / "build" / "bench" / f"side-by-side{'-quick' if a.quick else ''}.md"
    out.write_text(text)
    (work / "details.json").write_text(json.dumps(details, indent=1, default=str))
    print(text)
    print(f"bench: table written to {out.relative_to(ROOT)}; logs in {work.relative_to(ROOT)}")
    if not ok:
        print("bench: AGREEMENT CHECK FAILED: the Python baseline and qsweep disagree beyond statistical noise",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
