"""Loading a qsweep sweep for the analysis notebooks, from MLflow or from a sweep output directory.

Both backends return the same :class:`Sweep`: one row per configuration in ``Sweep.configs`` with the
configuration's params as string columns (``algorithm``, ``alpha``, ``gamma``, ``epsilon``, ``exploration``,
``learning_rate``, ``initial_q``, ``episodes``, ``reward``, ``env.<param>``) and its merged statistics as float
columns named like the ``configs/`` Parquet columns and the MLflow child-run metrics (``score_iqm``,
``score_iqm_ci_low``, ``score_iqm_ci_high``, ``score_mean``, ``score_std``, ``success_rate``, ``gap_mean``,
``merged_score``, ``prob_improvement``, ``merged_term.<term>``, ...). Learning curves, per-replica scores, mean
Q-tables and compositions are fetched per configuration on demand.

    sweep = load(tracking_uri="http://127.0.0.1:5000", experiment="qsweep-quickstart")   # MLflow
    sweep = load(output_dir="qsweep-out/quickstart")                                     # Parquet + .npy

The MLflow layout (parent run per sweep, one child run per configuration) and the output-directory layout are the
ones ``bin/qsweep run`` writes; see the README and ``jobs/`` for the writers.
"""
from __future__ import annotations

import base64
import io
import json
import math
import os
import re
import shutil
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR", "false")

import numpy as np
import pandas as pd

# The canonical order of the sweep dimensions (conf/sweeps/README.md); env params come last.
PARAM_ORDER = ["algorithm", "alpha", "gamma", "epsilon", "exploration", "learning_rate", "initial_q", "episodes",
               "reward"]
# Scalar statistics of a configuration (the configs/ Parquet columns that the MLflow child runs carry as metrics).
METRICS = ["score_iqm", "score_iqm_ci_low", "score_iqm_ci_high", "score_mean", "score_mean_ci_low",
           "score_mean_ci_high", "score_std", "score_median", "success_rate", "optimal_value", "gap_mean",
           "merged_score", "merged_eval_mean_return", "merged_policy_value", "merged_gap", "prob_improvement",
           "prob_improvement_ci_low", "prob_improvement_ci_high"]
TERM_PREFIX = "merged_term."
MUSIC_ENVS = ("melody", "arrangement")
MISSING = "–"


# ----------------------------------------------------------------------------------------------------------- model

@dataclass
class Sweep:
    """One sweep: identity, per-configuration table and accessors for the heavier per-configuration data."""

    name: str
    sweep_id: str
    env: str
    source: str                      # human-readable: where the data came from
    configs: pd.DataFrame            # index: config_key
    env_params: dict = field(default_factory=dict)
    replicas: int = 0
    _backend: object = None

    # -- dimensions
    @property
    def param_columns(self) -> list[str]:
        """Every param column in canonical order (swept or not)."""
        cols = [c for c in PARAM_ORDER if c in self.configs.columns]
        cols += sorted(c for c in self.configs.columns if c.startswith("env."))
        return cols

    @property
    def varying(self) -> list[str]:
        """The swept dimensions: params with more than one value, in canonical order. ``epsilon`` and
        ``exploration`` describe the same choice (``epsilon: 0.1`` is ``exploration: epsilon:0.1``): only one of
        them is kept — ``epsilon`` when every configuration is ε-greedy, else ``exploration``."""
        out = [c for c in self.param_columns if self.configs[c].nunique() > 1]
        if "epsilon" in out and "exploration" in out:
            eps, expl = self.configs["epsilon"], self.configs["exploration"]
            out.remove("exploration" if _determines(eps, expl) else "epsilon")
        return out

    @property
    def is_music(self) -> bool:
        return self.env in MUSIC_ENVS

    @property
    def terms(self) -> list[str]:
        """The evaluation-score terms (music environments): the environment's own order for the known ones
        (MELODY_TERMS; the arrangement's decisions, then their pairs), the others after them by name."""
        found = [c[len(TERM_PREFIX):] for c in self.configs.columns if c.startswith(TERM_PREFIX)]
        known = MELODY_TERMS + ARRANGEMENT_DECISIONS + [
            f"{a}{sep}{b}" for i, a in enumerate(ARRANGEMENT_DECISIONS) for b in ARRANGEMENT_DECISIONS[i + 1:]
            for sep in "+/"]
        rank = {t: i for i, t in enumerate(known)}
        return sorted(found, key=lambda t: (rank.get(t, len(rank)), t))

    def values(self, dim: str) -> list[str]:
        """The distinct values of a dimension, numerically sorted when they are all numbers."""
        return sort_values(self.configs[dim].astype(str).unique())

    def ranked(self) -> pd.DataFrame:
        """Configurations best first: IQM of the final score, descending; ties by configuration index (or key)."""
        c = self.configs.drop(columns=["rank"], errors="ignore")  # MLflow also logs the sweep's rank
        c["_tie"] = c["config_index"] if "config_index" in c.columns else range(len(c))
        c = c.sort_values(["score_iqm", "_tie"], ascending=[False, True], kind="mergesort").drop(columns="_tie")
        c.insert(0, "rank", np.arange(1, len(c) + 1))
        return c

    def label(self, key: str, dims: list[str] | None = None) -> str:
        """A short label of a configuration from its swept dimensions, e.g. ``gamma=0.99, epsilon=0.2``."""
        dims = self.varying if dims is None else dims
        row = self.configs.loc[key]
        return ", ".join(f"{d}={row[d]}" for d in dims) or key

    # -- per-configuration data (fetched on demand)
    def curve(self, key: str) -> pd.DataFrame:
        """The mean learning curve over replicas: columns ``step`` (training episode), ``mean``, ``ci_low``,
        ``ci_high`` (95% bootstrap band of the mean)."""
        return self._backend.curve(key)

    def replica_scores(self, key: str) -> np.ndarray:
        """The final score of every replica (seed) of a configuration."""
        return self._backend.replica_scores(key)

    def qtable(self, key: str) -> np.ndarray:
        """The mean Q-table over replicas, shape [states, actions]."""
        q = self._backend.qtable(key)
        if q.ndim != 2:
            raise ValueError(f"config {key}: a Q-table is 2-D, found shape {q.shape}")
        return q

    def midi(self, key: str, dest_dir: str | os.PathLike) -> Path | None:
        """Copies the configuration's composition (MIDI) to ``dest_dir``; None when the source has none."""
        return self._backend.midi(key, Path(dest_dir))

    def composition_text(self, key: str) -> str | None:
        """The composition as the CLI prints it (music environments, MLflow only); None when absent."""
        return self._backend.composition_text(key)

    def importance(self) -> pd.DataFrame | None:
        """The sweep's hyperparameter importance (random forest of score_mean on the swept dimensions):
        columns parameter, kind, distinct_values, importance — empty, with the reason in ``attrs["note"]``, when
        the sweep fitted none; None when the source has no importance file."""
        return self._backend.importance()


def _determines(a: pd.Series, b: pd.Series) -> bool:
    """Whether each value of ``a`` goes with a single value of ``b``."""
    return bool((pd.DataFrame({"a": a.values, "b": b.values}).groupby("a")["b"].nunique() <= 1).all())


def sort_values(vals) -> list[str]:
    vals = [str(v) for v in vals]
    try:
        return sorted(vals, key=lambda v: float("-inf") if v == MISSING else float(v))
    except ValueError:
        return sorted(vals)


def load(tracking_uri: str = "", experiment: str = "", sweep: str = "", output_dir: str = "") -> Sweep:
    """Loads a sweep from MLflow when ``tracking_uri`` is given, else from ``output_dir``. With neither, MLflow's
    own environment variables are used: ``MLFLOW_TRACKING_URI`` and ``MLFLOW_EXPERIMENT_NAME``."""
    if not tracking_uri and not output_dir:
        tracking_uri = os.environ.get("MLFLOW_TRACKING_URI", "")
        experiment = experiment or os.environ.get("MLFLOW_EXPERIMENT_NAME", "")
    if tracking_uri:
        if not experiment:
            raise ValueError("experiment: required with a tracking URI (the sweep's MLflow experiment name)")
        return from_mlflow(tracking_uri, experiment, sweep)
    if output_dir:
        return from_output_dir(output_dir)
    raise ValueError("give a tracking URI and an experiment (MLflow) or an output directory "
                     "(bin/qsweep run SWEEP.yaml --output DIR)")


# ---------------------------------------------------------------------------------------------- output directory

def from_output_dir(path: str | os.PathLike) -> Sweep:
    """Reads a sweep output directory: ``sweep.json``, the complete chunks of ``configs/`` (those holding Spark's
    ``_SUCCESS``), ``summary/`` and ``qtables/``."""
    root = Path(path)
    if not (root / "sweep.json").is_file():
        raise FileNotFoundError(f"{root}: not a qsweep output directory (no sweep.json)")
    manifest = json.loads((root / "sweep.json").read_text())
    chunks = sorted(p for p in (root / "configs").glob("chunk=*") if (p / "_SUCCESS").exists())
    if not chunks:
        raise ValueError(f"{root}: no complete chunk under configs/ yet")
    raw = pd.concat([pd.read_parquet(p) for p in chunks], ignore_index=True)
    rows = []
    for r in raw.to_dict("records"):
        row = {"config_key": r["config_key"], "config_index": int(r["config_index"]), "env": r["env"],
               "replicas": int(r["replicas"])}
        row.update({k: str(v) for k, v in dict(r["params"]).items() if k != "env"})
        for m in METRICS:
            if m in r:
                row[m] = _float(r[m])
        for t, v in dict(r.get("merged_score_terms") or {}).items():
            row[TERM_PREFIX + t] = float(v)
        rows.append(row)
    configs = _fill_params(pd.DataFrame(rows).set_index("config_key", drop=False).sort_values("config_index"))
    summary = root / "summary" / "configs.parquet"
    if (summary / "_SUCCESS").exists():
        s = pd.read_parquet(summary).set_index("config_key")
        configs["prob_improvement"] = s["poi_best"].reindex(configs.index).astype(float)
        for side in ("low", "high"):  # optional: bootstrap bounds when the summary carries them
            if f"poi_best_ci_{side}" in s.columns:
                configs[f"prob_improvement_ci_{side}"] = s[f"poi_best_ci_{side}"].reindex(configs.index).astype(float)
    raw = raw.set_index("config_key")
    env_params = {k[4:]: v for k, v in configs.iloc[0].items() if k.startswith("env.")}
    return Sweep(name=manifest["name"], sweep_id=manifest["sweep_id"], env=manifest["env"],
                 source=f"output directory {root}", configs=configs, env_params=env_params,
                 replicas=int(manifest["replicas"]), _backend=_DirBackend(root, raw))


def _fill_params(configs: pd.DataFrame) -> pd.DataFrame:
    """A param that some configurations lack (``epsilon`` of a softmax configuration) reads as a dash there."""
    for c in PARAM_ORDER + [c for c in configs.columns if c.startswith("env.")]:
        if c in configs.columns:
            configs[c] = configs[c].fillna(MISSING).astype(str)
    return configs


def read_importance(path: Path) -> pd.DataFrame:
    """``summary/importance.csv``; its ``#`` comment lines (why no forest was fitted) go to ``attrs["note"]``."""
    text = Path(path).read_text()
    df = pd.read_csv(io.StringIO(text), comment="#")
    df.attrs["note"] = " ".join(l.lstrip("# ").strip() for l in text.splitlines() if l.startswith("#"))
    return df


def _float(v) -> float:
    return float("nan") if v is None else float(v)


class _DirBackend:
    def __init__(self, root: Path, raw: pd.DataFrame):
        self.root, self.raw = root, raw

    def curve(self, key):
        r = self.raw.loc[key]
        return pd.DataFrame({"step": np.asarray(r["curve_step"], dtype=int),
                             "mean": np.asarray(r["curve_mean"], dtype=float),
                             "ci_low": np.asarray(r["curve_ci_low"], dtype=float),
                             "ci_high": np.asarray(r["curve_ci_high"], dtype=float)})

    def replica_scores(self, key):
        return np.asarray(self.raw.loc[key, "scores"], dtype=float)

    def qtable(self, key):
        return np.load(self.root / self.raw.loc[key, "qtable_path"])

    def midi(self, key, dest_dir):
        return None      # compositions are rendered by the MLflow logger only

    def composition_text(self, key):
        return None

    def importance(self):
        p = self.root / "summary" / "importance.csv"
        return read_importance(p) if p.is_file() else None


# ---------------------------------------------------------------------------------------------------------- MLflow

def from_mlflow(tracking_uri: str, experiment: str, sweep: str = "") -> Sweep:
    """Reads a sweep from an MLflow tracking server: the parent run (``qsweep.role=sweep``) given by run id, sweep
    name or sweep id (``sweep``; empty = the latest sweep of the experiment) and its child runs
    (``qsweep.role=config``) with ``mlflow.search_runs``."""
    import warnings
    warnings.filterwarnings("ignore", message="IProgress not found")   # tqdm in a kernel without ipywidgets
    import mlflow
    from mlflow.tracking import MlflowClient

    mlflow.set_tracking_uri(tracking_uri)
    client = MlflowClient(tracking_uri)
    exp = client.get_experiment_by_name(experiment)
    if exp is None:
        names = [e.name for e in client.search_experiments()]
        raise ValueError(f"experiment: '{experiment}' not found at {tracking_uri}; experiments there: {names}")
    parent = _find_parent(client, exp.experiment_id, sweep)
    pid = parent.info.run_id
    sweep_id = parent.data.tags.get("qsweep.sweep_id", "")
    runs = mlflow.search_runs(
        experiment_ids=[exp.experiment_id],
        filter_string=f"tags.`mlflow.parentRunId` = '{pid}' AND tags.`qsweep.role` = 'config'",
        output_format="pandas", max_results=100_000)
    if runs.empty:
        raise ValueError(f"sweep run {pid} ({parent.info.run_name}) in '{experiment}' has no configuration runs")
    rows = []
    for r in runs.to_dict("records"):
        row = {"run_id": r["run_id"]}
        for k, v in r.items():
            if k.startswith("params.") and isinstance(v, str):
                row[k[len("params."):]] = str(v)
            elif k.startswith("metrics.") and v is not None and not (isinstance(v, float) and math.isnan(v)):
                row[k[len("metrics."):]] = float(v)
        row["config_key"] = row.get("config_key") or r.get("tags.qsweep.config_key")
        rows.append(row)
    configs = pd.DataFrame(rows)
    if configs["config_key"].duplicated().any():
        dup = configs.loc[configs["config_key"].duplicated(), "config_key"].tolist()
        raise ValueError(f"sweep run {pid}: configuration runs logged twice: {dup}")
    configs = _fill_params(configs.set_index("config_key", drop=False))
    for m in METRICS + [c for c in configs.columns if c.startswith(TERM_PREFIX)]:
        if m in configs.columns:
            configs[m] = configs[m].astype(float)
    if "replicas" in configs.columns:
        configs["replicas"] = configs["replicas"].astype(int)
    missing = [m for m in ("score_iqm", "score_iqm_ci_low", "score_iqm_ci_high") if m not in configs.columns]
    if missing:
        raise ValueError(f"sweep run {pid}: configuration runs lack the metrics {missing}")
    p = parent.data.params
    env = p.get("env") or configs["env"].iloc[0]
    env_params = {k[4:]: v for k, v in configs.iloc[0].items() if isinstance(k, str) and k.startswith("env.")}
    replicas = int(p.get("replicas") or configs["replicas"].max())
    return Sweep(name=p.get("sweep") or parent.info.run_name, sweep_id=sweep_id, env=env,
                 source=f"MLflow {tracking_uri}, experiment '{experiment}', sweep run {pid}", configs=configs,
                 env_params=env_params, replicas=replicas, _backend=_MlflowBackend(client, pid, configs))


def _find_parent(client, experiment_id: str, sweep: str):
    if re.fullmatch(r"[0-9a-f]{32}", sweep or ""):
        run = client.get_run(sweep)
        if run.data.tags.get("qsweep.role") != "sweep":
            raise ValueError(f"sweep: run {sweep} is not a sweep's parent run (tag qsweep.role != sweep)")
        return run
    base = "tags.`qsweep.role` = 'sweep'"
    filters = [base] if not sweep else [f"{base} AND attributes.run_name = '{sweep}'",
                                        f"{base} AND tags.`qsweep.sweep_id` = '{sweep}'"]
    for f in filters:
        found = client.search_runs([experiment_id], filter_string=f, order_by=["attributes.start_time DESC"],
                                   max_results=1)
        if found:
            return found[0]
    raise ValueError(f"sweep: no sweep run {'named ' + repr(sweep) + ' ' if sweep else ''}in experiment "
                     f"{experiment_id} (runs tagged qsweep.role=sweep)")


class _MlflowBackend:
    CURVE_KEYS = {"mean": ("curve_mean", "curve"), "ci_low": ("curve_ci_low",), "ci_high": ("curve_ci_high",)}

    def __init__(self, client, parent_id: str, configs: pd.DataFrame):
        self.client, self.parent_id, self.configs = client, parent_id, configs
        self._cache = Path(tempfile.mkdtemp(prefix="qsweep-nb-"))
        self._listing: dict[str, list[str]] = {}

    def _run(self, key):
        return self.configs.loc[key, "run_id"]

    def _files(self, run_id, path=None):
        out = []
        for f in self.client.list_artifacts(run_id, path):
            out.extend(self._files(run_id, f.path) if f.is_dir else [f.path])
        return out

    def _artifact(self, run_id, *names, suffix=None):
        """Downloads the first artifact whose path or file name is one of ``names`` (or ends with ``suffix``)."""
        if run_id not in self._listing:
            self._listing[run_id] = self._files(run_id)
        files = self._listing[run_id]
        hit = next((f for n in names for f in files if f == n), None)
        hit = hit or next((f for n in names for f in files if f.rsplit("/", 1)[-1] == n.rsplit("/", 1)[-1]), None)
        if hit is None and suffix:
            hit = next((f for f in files if f.endswith(suffix)), None)
        if hit is None:
            return None
        dest = self._cache / run_id
        dest.mkdir(parents=True, exist_ok=True)
        return Path(self.client.download_artifacts(run_id, hit, str(dest)))

    def curve(self, key):
        rid = self._run(key)
        cols = {}
        for col, names in self.CURVE_KEYS.items():
            for n in names:
                hist = self.client.get_metric_history(rid, n)
                if hist:
                    cols[col] = pd.Series({m.step: m.value for m in hist})
                    break
            else:
                raise ValueError(f"config {key}: run {rid} has no metric history {names[0]}")
        df = pd.DataFrame(cols).sort_index()
        return df.rename_axis("step").reset_index()

    def replica_scores(self, key):
        p = self._artifact(self._run(key), "replicas.csv")
        if p is None:
            raise ValueError(f"config {key}: run {self._run(key)} has no replicas.csv artifact")
        df = pd.read_csv(p)
        col = next((c for c in ("final_score", "score") if c in df.columns), None)
        if col is None:
            raise ValueError(f"{p.name}: no final_score column; columns: {list(df.columns)}")
        return df[col].to_numpy(dtype=float)

    def qtable(self, key):
        p = self._artifact(self._run(key), "qtable/mean_q.npy", "qtable/q_mean.npy", suffix=".npy")
        if p is None:
            raise ValueError(f"config {key}: run {self._run(key)} has no Q-table (.npy) artifact")
        return np.load(p)

    def midi(self, key, dest_dir):
        p = self._artifact(self._run(key), "composition.mid", suffix=".mid")
        if p is None:
            return None
        dest_dir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(p, dest_dir / f"{key}.mid"))

    def composition_text(self, key):
        p = self._artifact(self._run(key), "composition.txt")
        return p.read_text() if p else None

    def importance(self):
        p = self._artifact(self.parent_id, "summary/importance.csv")
        return read_importance(p) if p else None


# ----------------------------------------------------------------------------------------------------- statistics

def prob_improvement(x, y) -> float:
    """P(X > Y) for one draw of each (ties count one half): the probability of improvement of X over Y."""
    x, y = np.asarray(x, float)[:, None], np.asarray(y, float)[None, :]
    return float(np.mean(x > y) + 0.5 * np.mean(x == y))


def prob_improvement_ci(x, y, resamples: int = 2000, confidence: float = 0.95, seed: int = 0):
    """Percentile bootstrap interval of :func:`prob_improvement`, resampling the replicas of each side
    independently (stratified), with a seeded generator."""
    rng = np.random.default_rng(seed)
    x, y = np.asarray(x, float), np.asarray(y, float)
    xs = x[rng.integers(0, len(x), (resamples, len(x)))]
    ys = y[rng.integers(0, len(y), (resamples, len(y)))]
    gt = (xs[:, :, None] > ys[:, None, :]).mean(axis=(1, 2))
    eq = (xs[:, :, None] == ys[:, None, :]).mean(axis=(1, 2))
    stats = gt + 0.5 * eq
    a = (1 - confidence) / 2
    return float(np.quantile(stats, a)), float(np.quantile(stats, 1 - a))


def iqm(x) -> float:
    """Interquartile mean, as the sweep computes it (scipy's ``trim_mean(x, 0.25)``, as in rliable): sort, drop
    ``int(0.25 n)`` values from each end, average the rest."""
    x = np.sort(np.asarray(x, float))
    k = int(0.25 * len(x))
    return float(x[k:len(x) - k].mean())


def episodes_to_fraction(curve: pd.DataFrame, fraction: float = 0.9) -> float:
    """Learning speed without units: the first training episode at which the mean curve, smoothed by a centred
    moving average over 5% of its points (so that one lucky window does not count), has covered ``fraction`` of its
    rise from the first point to its final level (the mean of the last 10% of points). NaN when the curve does not
    rise."""
    y, s = curve["mean"].to_numpy(float), curve["step"].to_numpy(float)
    tail = max(1, len(y) // 10)
    start, final = y[0], y[-tail:].mean()
    rise = final - start
    if not rise > 0:
        return float("nan")
    smooth = pd.Series(y).rolling(max(1, len(y) // 20), center=True, min_periods=1).mean().to_numpy()
    reached = np.nonzero(smooth - start >= fraction * rise)[0]
    return float(s[reached[0]]) if len(reached) else float(s[-1])


# ------------------------------------------------------------------------------------------------------- figures

def check_figure(fig) -> None:
    """Fails unless every axes of ``fig`` shows data: lines with a finite point, collections with offsets or
    paths, images, or bar patches; and unless there is at least one axes."""
    axes = [a for a in fig.axes if a.get_visible()]
    assert axes, f"figure '{_title(fig)}' has no axes"
    for ax in axes:
        ok = any(np.isfinite(np.asarray(l.get_ydata(), float)).any() for l in ax.lines if len(l.get_ydata()))
        ok = ok or any(_collection_has_data(c) for c in ax.collections)
        ok = ok or any(im.get_array() is not None and np.size(im.get_array()) > 0 for im in ax.images)
        ok = ok or any(p.get_height() != 0 or p.get_width() != 0 for p in ax.patches
                       if hasattr(p, "get_height"))
        assert ok, f"figure '{_title(fig)}': axes '{ax.get_title() or ax.get_ylabel()}' shows no data"


def _collection_has_data(c) -> bool:
    offs = c.get_offsets()
    if offs is not None and len(offs) and np.isfinite(np.asarray(offs, float)).any():
        return True
    arr = c.get_array() if hasattr(c, "get_array") else None
    if arr is not None and np.size(arr) and np.isfinite(np.asarray(arr, float)).any():
        return True
    return any(len(p.vertices) for p in c.get_paths())


def _title(fig) -> str:
    st = fig._suptitle.get_text() if fig._suptitle is not None else ""
    return st or next((a.get_title() for a in fig.axes if a.get_title()), "untitled")


def finish(fig) -> None:
    """Checks that ``fig`` shows data (:func:`check_figure`), displays it and closes it."""
    import matplotlib.pyplot as plt
    from IPython.display import display
    check_figure(fig)
    display(fig)
    plt.close(fig)


def fmt(x, digits: int = 3) -> str:
    """A number for prose: 3 significant digits, no trailing zeros, '–' for NaN."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if abs(x) >= 10 ** digits:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


# ---------------------------------------------------------------------------------------------- grid worlds

FROZEN_LAKE_MAPS = {  # Gymnasium 1.x built-in maps, as in io.qsweep.env.toytext.FrozenLake
    "4x4": ["SFFF", "FHFH", "FFFH", "HFFG"],
    "8x8": ["SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"],
}
# (d_row, d_col) of each action
MOVES = {
    "frozen_lake": [(0, -1), (1, 0), (0, 1), (-1, 0)],          # LEFT, DOWN, RIGHT, UP
    "cliff_walking": [(-1, 0), (0, 1), (1, 0), (0, -1)],        # UP, RIGHT, DOWN, LEFT
    "taxi": [(1, 0), (-1, 0), (0, 1), (0, -1)],                 # SOUTH, NORTH, EAST, WEST (+ PICKUP, DROPOFF)
}
TAXI_MAP = ["+---------+", "|R: | : :G|", "| : | : : |", "| : : : : |", "| | : | : |", "|Y| : |B: |", "+---------+"]
TAXI_LOCATIONS = [(0, 0), (0, 4), (4, 0), (4, 3)]              # R, G, Y, B
TAXI_NAMES = "RGYB"


def grid_layout(env: str, env_params: dict) -> list[str]:
    """The cell letters of a grid world: FrozenLake's map (S, F, H, G), CliffWalking's 4x12 grid (S start,
    C cliff, G goal, . floor) or Taxi's 5x5 grid (R, G, Y, B pick-up locations, . floor)."""
    if env == "frozen_lake":
        m = str(env_params.get("map", "4x4"))
        return FROZEN_LAKE_MAPS.get(m) or m.split("/")
    if env == "cliff_walking":
        return ["." * 12, "." * 12, "." * 12, "S" + "C" * 10 + "G"]
    if env == "taxi":
        g = [["."] * 5 for _ in range(5)]
        for (r, c), n in zip(TAXI_LOCATIONS, TAXI_NAMES):
            g[r][c] = n
        return ["".join(row) for row in g]
    raise ValueError(f"env '{env}' is not a grid world; grid worlds: frozen_lake, cliff_walking, taxi")


def taxi_walls() -> list[tuple[int, int]]:
    """The (row, col) cells of Taxi with a wall on their east side (from the map in io.qsweep.env.toytext.Taxi)."""
    return [(r, c) for r in range(5) for c in range(4) if TAXI_MAP[r + 1][2 + 2 * c] == "|"]


def taxi_state(row: int, col: int, passenger: int, destination: int) -> int:
    """Taxi's state index: ((row * 5 + col) * 5 + passenger) * 4 + destination (passenger 4 = in the taxi)."""
    return ((row * 5 + col) * 5 + passenger) * 4 + destination


# --------------------------------------------------------------------------------------------------------- music

NOTE_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
MELODY_TERMS = ["in_key", "start_tonic", "end_tonic", "chord_tone", "preferred_intervals", "awkward_intervals",
                "leap_resolution", "repetition", "unique_extremes"]          # io.qsweep.reward.MelodyRules.TERMS
ARRANGEMENT_DECISIONS = ["progression", "melody", "drums", "harmony", "background"]
ARRANGEMENT_OPTIONS = [  # io.qsweep.env.music.Arrangement.OPTIONS
    ["I-V-vi-IV", "vi-IV-I-V", "I-vi-IV-V", "ii-V-I-vi", "I-IV-V-IV", "I-iii-IV-V"],
    ["arpeggio", "stepwise", "riff", "long_tones"],
    ["straight", "syncopated"],
    ["none", "thirds", "sixths"],
    ["none", "pad", "bass", "arpeggiated", "stabs"],
]
MELODY_PITCHES, MELODY_HOLD, MELODY_REST, MELODY_MOTIONS, MELODY_LEAP = 24, 24, 25, 5, 5


def note_name(midi: int) -> str:
    return f"{NOTE_NAMES[midi % 12]}{midi // 12 - 1}"


def melody_low(env_params: dict) -> int:
    """MIDI pitch of action 0: env param ``low``, else the key's tonic in octave 4."""
    if "low" in env_params:
        return int(env_params["low"])
    key = str(env_params.get("key", "C"))
    pc = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}[key[0].upper()]
    pc += {"#": 1, "b": -1}.get(key[1:], 0)
    return 60 + pc % 12


def melody_rollout(q: np.ndarray, env_params: dict) -> pd.DataFrame:
    """The greedy melody of a mean Q-table (ties to the lowest action, as io.qsweep.env.music.Composer): one row
    per step with the state, the chosen action, its token (note name, '-' hold, 'r' rest), the MIDI pitch sounding
    after it (NaN in silence) and the Q values of every action in that state. Follows the state encoding of
    io.qsweep.env.music.Melody: (t, sounding pitch, motion class)."""
    length = int(env_params.get("length", 32))
    low = melody_low(env_params)
    per_step = 1 + MELODY_PITCHES * MELODY_MOTIONS
    expected = 2 + per_step * (length - 1)
    if q.shape != (expected, MELODY_PITCHES + 2):
        raise ValueError(f"Q-table shape {q.shape} is not a melody of length {length} {(expected, 26)}")
    sounding, motion, rows = None, 0, []
    for t in range(length):
        s = 0 if t == 0 else 1 + (t - 1) * per_step + (0 if sounding is None else
                                                        1 + (sounding - low) * MELODY_MOTIONS + motion)
        a = int(np.argmax(q[s]))
        if a < MELODY_PITCHES:
            p = low + a
            if sounding is None:
                motion = 0
            else:
                d = p - sounding
                motion = (4 if motion in (3, 4) else 3) if d == 0 else (1 if d >= MELODY_LEAP else
                                                                        2 if d <= -MELODY_LEAP else 0)
            sounding, token = p, note_name(p)
        elif a == MELODY_HOLD:
            token = "-"
        else:
            sounding, motion, token = None, 0, "r"
        rows.append({"t": t, "state": s, "action": a, "token": token,
                     "pitch": float("nan") if sounding is None else sounding, "q": q[s].copy()})
    return pd.DataFrame(rows)


def melody_action_labels(env_params: dict) -> list[str]:
    low = melody_low(env_params)
    return [note_name(low + a) for a in range(MELODY_PITCHES)] + ["hold", "rest"]


def arrangement_rollout(q: np.ndarray) -> pd.DataFrame:
    """The greedy arrangement of a mean Q-table: one row per decision with the state, the chosen option and the
    Q value of every option (an option's value is the best over the actions that pick it: action a picks option
    a mod n). Follows the state encoding of io.qsweep.env.music.Arrangement (mixed-radix prefixes)."""
    counts = [len(o) for o in ARRANGEMENT_OPTIONS]
    if q.shape != (224, 6):
        raise ValueError(f"Q-table shape {q.shape} is not the arrangement's (224, 6)")
    offset, prefixes, p, rows = 0, 1, 0, []
    for k, n in enumerate(counts):
        s = offset + p
        a = int(np.argmax(q[s]))
        opt = a % n
        qo = np.array([q[s, [b for b in range(6) if b % n == o]].max() for o in range(n)])
        rows.append({"decision": ARRANGEMENT_DECISIONS[k], "state": s, "action": a,
                     "option": ARRANGEMENT_OPTIONS[k][opt], "q": qo})
        offset += prefixes
        prefixes *= n
        p = p * n + opt
    return pd.DataFrame(rows)


def midi_notes(path: str | os.PathLike) -> pd.DataFrame:
    """The notes of a MIDI file: track, channel, pitch, start and end in seconds (tempo changes applied)."""
    import mido
    mid = mido.MidiFile(str(path))
    tempo_map, out = [], []
    for tr in mid.tracks:            # tempo events (any track) as (tick, tempo)
        tick = 0
        for msg in tr:
            tick += msg.time
            if msg.type == "set_tempo":
                tempo_map.append((tick, msg.tempo))
    tempo_map = sorted(tempo_map) or [(0, 500_000)]

    def seconds(tick):
        sec, last_tick, tempo = 0.0, 0, 500_000
        for t, tp in tempo_map:
            if t >= tick:
                break
            sec += mido.tick2second(t - last_tick, mid.ticks_per_beat, tempo)
            last_tick, tempo = t, tp
        return sec + mido.tick2second(tick - last_tick, mid.ticks_per_beat, tempo)

    for i, tr in enumerate(mid.tracks):
        tick, on = 0, {}
        name = next((m.name for m in tr if m.type == "track_name"), f"track {i}")
        for msg in tr:
            tick += msg.time
            if msg.type == "note_on" and msg.velocity > 0:
                on[(msg.channel, msg.note)] = tick
            elif msg.type in ("note_off", "note_on") and (msg.channel, msg.note) in on:
                start = on.pop((msg.channel, msg.note))
                out.append({"track": name, "channel": msg.channel, "pitch": msg.note,
                            "start": seconds(start), "end": seconds(tick)})
    return pd.DataFrame(out, columns=["track", "channel", "pitch", "start", "end"])


def synthesize(notes: pd.DataFrame, rate: int = 11025) -> np.ndarray:
    """A plain additive-synthesis rendering of ``notes`` (sine partials with a decay; channel 9 = drums as short
    noise bursts), normalised to [-1, 1]. For listening in the notebook, not for fidelity."""
    if notes.empty:
        raise ValueError("no notes to synthesize")
    n = int((notes["end"].max() + 0.5) * rate)
    y = np.zeros(n)
    rng = np.random.default_rng(0)
    for r in notes.itertuples():
        i0, i1 = int(r.start * rate), int(max(r.end, r.start + 0.05) * rate)
        t = np.arange(i1 - i0) / rate
        if r.channel == 9:
            k = min(len(t), int(0.08 * rate))
            y[i0:i0 + k] += 0.3 * rng.standard_normal(k) * np.exp(-t[:k] * 40)
            continue
        f = 440.0 * 2 ** ((r.pitch - 69) / 12)
        tone = np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t)
        env = np.exp(-t * 2.5) * np.minimum(1, (len(t) - np.arange(len(t))) / (0.01 * rate))
        y[i0:i1] += 0.25 * tone * env
    return y / max(1e-9, np.abs(y).max())


def wav_bytes(y: np.ndarray, rate: int = 11025) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(y, -1, 1) * 32767).astype("<i2").tobytes())
    return buf.getvalue()


def download_link(path: Path, text: str) -> str:
    """HTML: a link to the file (relative to the notebook) and an embedded copy (data URI) that survives moving
    the executed notebook."""
    data = base64.b64encode(Path(path).read_bytes()).decode()
    return (f'<a href="{Path(path).name}">{text}</a> (file next to this notebook) · '
            f'<a download="{Path(path).name}" href="data:audio/midi;base64,{data}">embedded copy</a>')
