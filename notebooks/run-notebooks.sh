#!/usr/bin/env bash
# Executes every analysis notebook top to bottom against real sweeps (papermill, the project venv) and checks them:
# committed notebooks carry no outputs; every cell runs; every figure shows data. Executed copies go to
# build/notebooks/<source>/<notebook>.ipynb. Prints PASS/FAIL per check and ends with "N passed, M failed";
# exit status 1 when anything failed.
#
#   notebooks/run-notebooks.sh --tracking-uri http://127.0.0.1:5000 \
#       --experiment qsweep-quickstart --experiment qsweep-music-designs-small \
#       [--output-dir qsweep-out/quickstart ...] [--build build/notebooks]
#   notebooks/run-notebooks.sh --strip          # clear the committed notebooks' outputs
#
# Sources: an MLflow experiment holding a sweep logged by `bin/qsweep run --tracking-uri` (EXP, or EXP::SWEEP for a
# given sweep name / parent run id), or a sweep output directory. Needs the project venv (bin/setup).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${QSWEEP_PYTHON:-$root/.venv/bin/python}"
if [ ! -x "$python" ]; then
  echo "run-notebooks: $python not found; run bin/setup first" >&2
  exit 1
fi
cd "$root"
exec "$python" "$root/notebooks/run_notebooks.py" "$@"
