"""Reads a sweep's output directory (the layout of ``jobs/OUTPUT.md``) with pyarrow and checks it.

* ``check_complete``: the counts (runs, configurations, chunks, Q-tables) match ``sweep.json`` and every run of every
  configuration is there exactly once.
* ``check_merged``: each configuration row's merged statistics agree with its run rows (scores in replica order, mean,
  median, the interquartile mean, the success rate, total steps).
* ``compare``: two outputs of the same sweep hold identical per-run rows, configuration rows, ranked summary and
  Q-table files, ignoring only the wall-time columns (``SweepRows.TIMING_COLUMNS``). Floats are compared bit for bit.
* ``complete_chunks``: which chunks are committed (both ``_SUCCESS`` markers), for watching a sweep in progress.

Every check returns a list of problems (empty = pass) rather than raising, so the caller can report all of them.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any, Iterable

# Wall-time measurements: everything else in the output is a function of the sweep alone.
TIMING_COLUMNS = frozenset({"train_seconds", "eval_seconds", "wall_seconds", "run_seconds", "merge_seconds"})
MAX_PROBLEMS = 10


def _dataset(path: Path):
    import pyarrow.dataset as ds

    # pyarrow skips names starting with "_" or "." (Spark's _SUCCESS, _temporary, .crc files).
    return ds.dataset(str(path), format="parquet", partitioning="hive")


def read_rows(path: Path) -> list[dict]:
    """All rows of a Parquet directory (with its ``chunk=N`` partition column) as dicts."""
    if not path.exists():
        return []
    return _dataset(path).to_table().to_pylist()


def manifest(out: Path) -> dict:
    return json.loads((out / "sweep.json").read_text())


def chunk_dir(chunk: int) -> str:
    return f"chunk={chunk:05d}"


def complete_chunks(out: Path) -> list[int]:
    """Chunks whose ``runs/`` and ``configs/`` directories both hold ``_SUCCESS``."""
    try:
        n = manifest(out)["chunks"]
    except (OSError, ValueError, KeyError):
        return []
    return [c for c in range(n)
            if (out / "runs" / chunk_dir(c) / "_SUCCESS").exists()
            and (out / "configs" / chunk_dir(c) / "_SUCCESS").exists()]


# -- canonical values ------------------------------------------------------------------------------------------------

def canon(v: Any) -> Any:
    """A comparable form: floats by their bits (so NaN == NaN and 0.0 != -0.0), maps (lists of pairs) sorted."""
    if isinstance(v, float):
        return ("f", struct.pack(">d", v).hex())
    if isinstance(v, dict):
        return tuple(sorted((k, canon(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple)):
        items = [canon(x) for x in v]
        if items and all(isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], str) for x in v):
            return ("map",) + tuple(sorted(items, key=repr))  # a Parquet map read as [(key, value), ...]
        return tuple(items)
    return v


def _show(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 80 else s[:77] + "..."


def _index(rows: Iterable[dict], key_cols: tuple[str, ...], label: str, problems: list[str]) -> dict:
    out = {}
    for r in rows:
        k = tuple(r.get(c) for c in key_cols)
        if k in out:
            problems.append(f"{label}: duplicate row for {dict(zip(key_cols, k))}")
        out[k] = r
    return out


def compare_rows(a: list[dict], b: list[dict], key_cols: tuple[str, ...], label: str,
                 ignore: frozenset = TIMING_COLUMNS) -> list[str]:
    """Rows of ``a`` and ``b`` matched by ``key_cols`` must have equal values in every column not in ``ignore``."""
    problems: list[str] = []
    ia = _index(a, key_cols, label + " (first)", problems)
    ib = _index(b, key_cols, label + " (second)", problems)
    if set(ia) != set(ib):
        only_a = sorted(set(ia) - set(ib), key=repr)[:3]
        only_b = sorted(set(ib) - set(ia), key=repr)[:3]
        problems.append(f"{label}: different rows ({len(ia)} vs {len(ib)}); only in first: {only_a}, "
                        f"only in second: {only_b}")
    for k in sorted(set(ia) & set(ib), key=repr):
        ra, rb = ia[k], ib[k]
        cols = sorted((set(ra) | set(rb)) - ignore)
        for c in cols:
            if c not in ra or c not in rb:
                problems.append(f"{label} {dict(zip(key_cols, k))}: column {c} missing in "
                                f"{'first' if c not in ra else 'second'}")
            elif canon(ra[c]) != canon(rb[c]):
                problems.append(f"{label} {dict(zip(key_cols, k))}: {c} {_show(ra[c])} != {_show(rb[c])}")
        if len(problems) >= MAX_PROBLEMS:
            problems.append(f"{label}: (stopped after {MAX_PROBLEMS} differences)")
            break
    return problems


# -- checks ------------------------------------------------------------------------------------------------------------

def check_complete(out: Path) -> list[str]:
    """Counts against ``sweep.json``: runs, configurations (each with replicas 0..R-1), chunks, Q-tables, summary."""
    problems: list[str] = []
    try:
        m = manifest(out)
    except (OSError, ValueError) as e:
        return [f"{out}/sweep.json: unreadable ({e})"]
    runs = read_rows(out / "runs")
    configs = read_rows(out / "configs")
    if len(runs) != m["runs"]:
        problems.append(f"runs: {len(runs)} rows, sweep.json says {m['runs']}")
    if len(configs) != m["configs"]:
        problems.append(f"configs: {len(configs)} rows, sweep.json says {m['configs']}")
    done = complete_chunks(out)
    if len(done) != m["chunks"]:
        problems.append(f"chunks: {len(done)} of {m['chunks']} committed")
    by_config: dict[str, list[int]] = {}
    for r in runs:
        by_config.setdefault(r["config_key"], []).append(r["replica"])
    keys = {c["config_key"] for c in configs}
    if set(by_config) != keys:
        problems.append(f"runs cover {len(by_config)} configurations, configs has {len(keys)}")
    for k, reps in sorted(by_config.items()):
        if sorted(reps) != list(range(m["replicas"])):
            problems.append(f"config {k}: replicas {sorted(reps)}, expected 0..{m['replicas'] - 1} once each")
    for k in sorted(keys):
        if not (out / "qtables" / f"{k}.npy").is_file():
            problems.append(f"qtables/{k}.npy missing")
    summary = read_rows(out / "summary" / "configs.parquet")
    if len(summary) != m["configs"]:
        problems.append(f"summary/configs.parquet: {len(summary)} rows, expected {m['configs']}")
    if not (out / "summary" / "summary.json").is_file():
        problems.append("summary/summary.json missing")
    return problems[:MAX_PROBLEMS]


def _iqm(xs: list[float]) -> float:
    """Interquartile mean as qsweep (and SciPy's ``trim_mean(x, 0.25)``) defines it: the mean after dropping
    ``int(n / 4)`` values from each end."""
    s = sorted(xs)
    cut = int(0.25 * len(s))
    kept = s[cut:len(s) - cut]
    return sum(kept) / len(kept)


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _close(a: float | None, b: float | None, tol: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def check_merged(out: Path) -> list[str]:
    """Each configuration's merged statistics equal what its runs give."""
    problems: list[str] = []
    runs: dict[str, list[dict]] = {}
    for r in read_rows(out / "runs"):
        runs.setdefault(r["config_key"], []).append(r)
    for c in read_rows(out / "configs"):
        k = c["config_key"]
        rs = sorted(runs.get(k, []), key=lambda r: r["replica"])
        scores = [r["final_score"] for r in rs]
        label = f"config {k}"
        if c["replicas"] != len(rs):
            problems.append(f"{label}: replicas {c['replicas']} but {len(rs)} run rows")
            continue
        if canon(list(c["scores"])) != canon(scores):
            problems.append(f"{label}: scores {_show(c['scores'])} != runs' final scores {_show(scores)}")
        checks = [("score_mean", sum(scores) / len(scores)), ("score_median", _median(scores)),
                  ("score_iqm", _iqm(scores))]
        succ = [r["eval_success_rate"] for r in rs]
        if all(s is not None for s in succ):
            checks.append(("success_rate", sum(succ) / len(succ)))
        for col, expected in checks:
            if not _close(c[col], expected):
                problems.append(f"{label}: {col} {c[col]!r}, runs give {expected!r}")
        if c["total_steps"] != sum(r["total_steps"] for r in rs):
            problems.append(f"{label}: total_steps {c['total_steps']} != sum over runs "
                            f"{sum(r['total_steps'] for r in rs)}")
        if not c["score_iqm_ci_low"] <= c["score_iqm"] <= c["score_iqm_ci_high"]:
            problems.append(f"{label}: IQM {c['score_iqm']} outside its CI [{c['score_iqm_ci_low']}, "
                            f"{c['score_iqm_ci_high']}]")
    return problems[:MAX_PROBLEMS]


def compare(a: Path, b: Path) -> list[str]:
    """Everything deterministic in two outputs of the same sweep is identical."""
    problems: list[str] = []
    ma, mb = manifest(a), manifest(b)
    for f in ("sweep_id", "runs", "configs", "chunks", "chunk_configs", "replicas"):
        if ma.get(f) != mb.get(f):
            problems.append(f"sweep.json {f}: {ma.get(f)!r} != {mb.get(f)!r}")
    problems += compare_rows(read_rows(a / "runs"), read_rows(b / "runs"), ("config_key", "replica"), "runs")
    problems += compare_rows(read_rows(a / "configs"), read_rows(b / "configs"), ("config_key",), "configs")
    problems += compare_rows(read_rows(a / "summary" / "configs.parquet"), read_rows(b / "summary" / "configs.parquet"),
                             ("config_key",), "summary")
    qa = sorted(p.name for p in (a / "qtables").glob("*.npy"))
    qb = sorted(p.name for p in (b / "qtables").glob("*.npy"))
    if qa != qb:
        problems.append(f"qtables: {len(qa)} files vs {len(qb)}")
    for name in sorted(set(qa) & set(qb)):
        if (a / "qtables" / name).read_bytes() != (b / "qtables" / name).read_bytes():
            problems.append(f"qtables/{name}: contents differ")
    return problems[:MAX_PROBLEMS]
