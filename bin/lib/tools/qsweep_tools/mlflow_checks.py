"""What a sweep left in MLflow, read through the tracking server's REST API (``/api/2.0/mlflow``), independent of the
Java tracking adapter.

qsweep logs one parent run per sweep (tags ``qsweep.sweep_id``, ``qsweep.role=sweep``) and one child run per
configuration (``qsweep.role=config``, ``qsweep.config_key``, ``mlflow.parentRunId`` = the parent's id), optionally
with replica runs nested under those (``qsweep.role=replica``). ``check_sweep`` verifies exactly that shape with no
duplicates — one parent, one child per expected configuration key, every run FINISHED (qsweep's completion marker:
the status is set by the last request of a run's logging) — and
``config_metrics`` returns each configuration's metrics for comparing two sweeps' logs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import net

SWEEP_ID = "qsweep.sweep_id"
CONFIG_KEY = "qsweep.config_key"
ROLE = "qsweep.role"
PARENT = "mlflow.parentRunId"
RUN_NAME = "mlflow.runName"


@dataclass
class Run:
    run_id: str
    name: str
    status: str
    lifecycle: str
    tags: dict[str, str]
    params: dict[str, str]
    metrics: dict[str, float]

    @property
    def role(self) -> str | None:
        return self.tags.get(ROLE)


class MlflowRest:
    def __init__(self, url: str):
        self.url = url.rstrip("/")

    def _post(self, endpoint: str, body: dict) -> dict:
        return net.post_json(f"{self.url}/api/2.0/mlflow/{endpoint}", body)

    def experiment_id(self, name: str) -> str | None:
        try:
            r = net.get_json(f"{self.url}/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                             + urlquote(name))
        except Exception:
            return None
        return r["experiment"]["experiment_id"]

    def runs(self, experiment_id: str, filter_string: str = "") -> list[Run]:
        """Every run of the experiment (active and deleted) matching ``filter_string``, all pages."""
        out: list[Run] = []
        token = None
        while True:
            body = {"experiment_ids": [experiment_id], "filter": filter_string, "max_results": 1000,
                    "run_view_type": "ALL"}
            if token:
                body["page_token"] = token
            r = self._post("runs/search", body)
            for run in r.get("runs", []):
                info, data = run["info"], run.get("data", {})
                tags = {t["key"]: t["value"] for t in data.get("tags", [])}
                out.append(Run(info["run_id"], tags.get(RUN_NAME, info.get("run_name", "")), info["status"],
                               info.get("lifecycle_stage", "active"), tags,
                               {p["key"]: p["value"] for p in data.get("params", [])},
                               {m["key"]: m["value"] for m in data.get("metrics", [])}))
            token = r.get("next_page_token")
            if not token:
                return out


def urlquote(s: str) -> str:
    import urllib.parse

    return urllib.parse.quote(s, safe="")


def check_sweep(client: MlflowRest, experiment: str, sweep_id: str, config_keys: set[str]) -> tuple[list[str], dict]:
    """The experiment holds exactly one parent run of the sweep and exactly one child run per configuration key
    (no more, no fewer, no duplicates), all FINISHED, active and tagged logged, the children nested under the parent.

    Returns (problems, facts) where facts has the experiment id, the parent run and the child runs by key.
    """
    problems: list[str] = []
    exp_id = client.experiment_id(experiment)
    if exp_id is None:
        return [f"experiment '{experiment}' does not exist"], {}
    runs = client.runs(exp_id, f"tags.`{SWEEP_ID}` = '{sweep_id}'")
    roles = Counter(r.role for r in runs)
    parents = [r for r in runs if r.role == "sweep"]
    children = [r for r in runs if r.role == "config"]
    others = [r for r in runs if r.role not in ("sweep", "config", "replica")]
    if len(parents) != 1:
        problems.append(f"{len(parents)} parent runs (qsweep.role=sweep) for sweep {sweep_id}, expected 1")
    if others:
        problems.append(f"{len(others)} runs of the sweep without a known qsweep.role: "
                        f"{[r.run_id for r in others[:3]]}")
    per_key = Counter(r.tags.get(CONFIG_KEY) for r in children)
    dups = {k: n for k, n in per_key.items() if n > 1}
    if dups:
        problems.append(f"duplicate configuration runs: {dups}")
    missing = sorted(config_keys - set(per_key))
    extra = sorted(set(per_key) - config_keys)
    if missing:
        problems.append(f"{len(missing)} configurations without a run: {missing[:5]}")
    if extra:
        problems.append(f"{len(extra)} configuration runs for keys not in the sweep: {extra[:5]}")
    parent = parents[0] if len(parents) == 1 else None
    for r in runs:
        if r.role not in ("sweep", "config"):
            continue
        what = f"{r.role} run {r.run_id} ({r.name})"
        if r.status != "FINISHED":
            problems.append(f"{what}: status {r.status}")
        if r.lifecycle != "active":
            problems.append(f"{what}: lifecycle {r.lifecycle}")
        if r.role == "config" and parent is not None and r.tags.get(PARENT) != parent.run_id:
            problems.append(f"{what}: {PARENT}={r.tags.get(PARENT)!r}, not the parent {parent.run_id}")
    facts = {"experiment_id": exp_id, "parent": parent, "children": {r.tags.get(CONFIG_KEY): r for r in children},
             "roles": dict(roles), "total": len(runs)}
    return problems[:10], facts


def compare_metrics(a: dict[str, Run], b: dict[str, Run], ignore_suffixes=("_seconds", "_per_second")) -> list[str]:
    """Two sweeps' configuration runs (by key) carry the same metrics, ignoring wall-time ones."""
    problems = []
    for k in sorted(set(a) & set(b)):
        ma = {m: v for m, v in a[k].metrics.items() if not m.endswith(ignore_suffixes)}
        mb = {m: v for m, v in b[k].metrics.items() if not m.endswith(ignore_suffixes)}
        if set(ma) != set(mb):
            problems.append(f"config {k}: metric names differ: {sorted(set(ma) ^ set(mb))}")
        for m in sorted(set(ma) & set(mb)):
            if ma[m] != mb[m]:
                problems.append(f"config {k}: metric {m} {ma[m]!r} != {mb[m]!r}")
        if a[k].params != b[k].params:
            problems.append(f"config {k}: params differ")
    if not (set(a) & set(b)):
        problems.append("no configuration in common")
    return problems[:10]
