"""Executes the analysis notebooks top to bottom against real sweeps and checks them (see run-notebooks.sh).

Checks, each printed as ``PASS <what>`` or ``FAIL <what>: <reason>``, then ``N passed, M failed`` alone on a line:

* ``clean``: every committed notebook has no outputs and no execution counts (``--strip`` clears them in place);
* per notebook and data source: papermill executes it with the source's parameters into
  ``BUILD/<source>/<notebook>.ipynb``; it fails when a cell raises (each notebook asserts that every figure it
  draws shows data), or when a figure output is not a valid, non-blank PNG, or when a notebook draws none.

A source is an MLflow experiment (``--tracking-uri`` + ``--experiment EXP`` or ``EXP::SWEEP``) or a sweep output
directory (``--output-dir DIR``). ``reward-designs.ipynb`` runs only on music sweeps (melody, arrangement).
"""
from __future__ import annotations

import argparse
import base64
import io
import os
import re
import sys
import time
import traceback
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
NOTEBOOKS = ["compare-exploration.ipynb", "inspect-qtable.ipynb", "reward-designs.ipynb"]
MUSIC_ONLY = {"reward-designs.ipynb"}
MIN_PNG_BYTES = 2000


def dirty_cells(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    bad = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        if c.get("outputs"):
            bad.append(f"cell {i} has outputs")
        if c.get("execution_count") is not None:
            bad.append(f"cell {i} has execution_count {c.execution_count}")
        if "injected-parameters" in c.metadata.get("tags", []):
            bad.append(f"cell {i} holds papermill's injected parameters")
    if "papermill" in nb.metadata:
        bad.append("papermill metadata (an executed copy?)")
    return bad


def strip(path: Path) -> bool:
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
    for c in nb.cells:
        for k in ("execution", "papermill"):
            c.metadata.pop(k, None)
        if c.metadata.get("tags") == []:
            c.metadata.pop("tags")
        if c.cell_type == "code":
            c.outputs = []
            c.execution_count = None
    for k in ("papermill", "widgets"):
        nb.metadata.pop(k, None)
    nb.metadata["language_info"] = {"name": "python"}
    after = nbformat.writes(nb)
    if after != before:
        path.write_text(after)
    return after != before


def png_problem(data: str) -> str | None:
    """None when ``data`` (base64) is a PNG of a reasonable size whose pixels are not all one colour."""
    raw = base64.b64decode(data)
    if not raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return "an image/png output is not a PNG"
    if len(raw) < MIN_PNG_BYTES:
        return f"a figure is only {len(raw)} bytes"
    import matplotlib.image as mpimg
    import numpy as np
    px = mpimg.imread(io.BytesIO(raw), format="png")
    if np.ptp(px[..., :3]) == 0:
        return "a figure is blank (one colour)"
    return None


def check_outputs(path: Path) -> tuple[str | None, int]:
    nb = nbformat.read(path, as_version=4)
    figures = 0
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                return f"cell {i}: {o.get('ename')}: {o.get('evalue')}", figures
            png = o.get("data", {}).get("image/png")
            if png:
                figures += 1
                problem = png_problem(png)
                if problem:
                    return f"cell {i}: {problem}", figures
    if figures == 0:
        return "no figure was drawn", 0
    return None, figures


def sources(args) -> list[dict]:
    out = []
    for e in args.experiment or []:
        exp, _, sweep = e.partition("::")
        if not args.tracking_uri:
            raise SystemExit("run_notebooks: --experiment needs --tracking-uri")
        out.append({"label": "mlflow-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", exp + (f"-{sweep}" if sweep else "")),
                    "params": {"tracking_uri": args.tracking_uri, "experiment": exp, "sweep": sweep}})
    for d in args.output_dir or []:
        p = Path(d).resolve()
        out.append({"label": "dir-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", p.name), "params": {"output_dir": str(p)}})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tracking-uri", help="MLflow tracking URI of the --experiment sources")
    ap.add_argument("--experiment", action="append", metavar="EXP[::SWEEP]",
                    help="an MLflow experiment holding a sweep (latest sweep, or the named sweep / run id); repeatable")
    ap.add_argument("--output-dir", action="append", metavar="DIR", help="a sweep output directory; repeatable")
    ap.add_argument("--build", default="build/notebooks", help="where executed copies go (default: %(default)s)")
    ap.add_argument("--notebook", action="append", choices=NOTEBOOKS, help="run only these notebooks")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell (default: %(default)s)")
    ap.add_argument("--strip", action="store_true", help="clear the committed notebooks' outputs in place and exit")
    args = ap.parse_args(argv)

    committed = [HERE / n for n in NOTEBOOKS]
    if args.strip:
        for p in committed:
            print(f"{'stripped' if strip(p) else 'clean   '} {p.relative_to(HERE.parent)}")
        return 0

    passed = failed = 0

    def report(ok: bool, what: str, why: str = "") -> None:
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"PASS {what}", flush=True)
        else:
            failed += 1
            print(f"FAIL {what}: {why}", flush=True)

    problems = [f"{p.name}: {', '.join(dirty_cells(p))}" for p in committed if dirty_cells(p)]
    report(not problems, "committed notebooks have no outputs", "; ".join(problems)
           + " (run notebooks/run-notebooks.sh --strip)")

    srcs = sources(args)
    if not srcs:
        print("run_notebooks: no data source given (--tracking-uri with --experiment, or --output-dir)",
              file=sys.stderr)
        report(False, "data sources", "none given")
    import papermill as pm
    sys.path.insert(0, str(HERE))
    import qsweep_nb

    build = Path(args.build).resolve()
    env_path = os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    os.environ["PYTHONPATH"] = env_path          # the kernel imports qsweep_nb from notebooks/
    for src in srcs:
        try:
            sweep = qsweep_nb.load(**src["params"])
        except Exception as e:  # noqa: BLE001 - reported, not raised
            report(False, f"load {src['label']}", f"{type(e).__name__}: {e}")
            continue
        for name in args.notebook or NOTEBOOKS:
            if name in MUSIC_ONLY and not sweep.is_music:
                continue
            what = f"{name} [{src['label']}: {sweep.name} on {sweep.env}]"
            out_dir = build / src["label"]
            out_dir.mkdir(parents=True, exist_ok=True)
            out = out_dir / name
            t0 = time.time()
            try:
                pm.execute_notebook(str(HERE / name), str(out), parameters=src["params"], cwd=str(out_dir),
                                    kernel_name="python3", progress_bar=False, execution_timeout=args.timeout,
                                    log_output=False)
            except pm.PapermillExecutionError as e:
                report(False, what, f"cell {e.exec_count}: {e.ename}: {e.evalue}".strip()[:600]
                       + f" (executed copy: {out})")
                continue
            except Exception as e:  # noqa: BLE001 - kernel start-up, bad parameters, ...
                report(False, what, f"{type(e).__name__}: {e}"[:600] + "\n" + traceback.format_exc(limit=2))
                continue
            problem, figures = check_outputs(out)
            report(problem is None, what, problem or "")
            if problem is None:
                print(f"     {figures} figures, {time.time() - t0:.0f} s -> {out}", flush=True)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
