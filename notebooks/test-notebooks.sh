#!/usr/bin/env bash
# The notebook test, end to end: starts a throwaway MLflow server (project venv, loopback, free port, temporary
# store), runs real sweeps logged to it with `bin/qsweep run SWEEP --output DIR --tracking-uri URI`, then executes
# every notebook against each sweep twice — from MLflow and from the sweep's output directory — with
# notebooks/run-notebooks.sh. Stops the server it started. Exit status 1 when a check failed.
#
#   notebooks/test-notebooks.sh [SWEEP.yaml ...]     default: conf/sweeps/quickstart.yaml conf/sweeps/music-designs-small.yaml
#
# Needs: the project venv (bin/setup) and a built jar (bin/qsweep builds it once). Writes under build/notebook-test/
# (sweep outputs, server store and log) and build/notebooks/ (executed notebooks, kept as CI artifacts).
# QSWEEP_NB_MASTER (default local[2]) is the Spark master of the sweeps.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mlflow=.venv/bin/mlflow
python=.venv/bin/python
[ -x "$mlflow" ] || { echo "test-notebooks: $mlflow not found; run bin/setup first" >&2; exit 1; }

sweeps=("$@")
[ ${#sweeps[@]} -gt 0 ] || sweeps=(conf/sweeps/quickstart.yaml conf/sweeps/music-designs-small.yaml)

work=build/notebook-test
rm -rf "$work" build/notebooks
mkdir -p "$work/mlflow"
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
uri="http://127.0.0.1:$port"

"$mlflow" server --host 127.0.0.1 --port "$port" --workers 1 \
  --backend-store-uri "sqlite:///$root/$work/mlflow/mlflow.db" \
  --artifacts-destination "$root/$work/mlflow/artifacts" > "$work/mlflow/server.log" 2>&1 &
server=$!
stop_server() {
  # the server and the uvicorn/gunicorn workers it forked (children of $server only)
  pkill -TERM -P "$server" 2>/dev/null || true
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap stop_server EXIT

for _ in $(seq 1 120); do
  if curl -fsS "$uri/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "test-notebooks: mlflow server exited:" >&2; tail -20 "$work/mlflow/server.log" >&2; exit 1
  fi
  sleep 0.5
done
curl -fsS "$uri/health" >/dev/null || { echo "test-notebooks: mlflow server not healthy at $uri" >&2; exit 1; }
echo "test-notebooks: MLflow server $uri (store $work/mlflow)"

args=(--tracking-uri "$uri")
for s in "${sweeps[@]}"; do
  { read -r name; read -r exp; } < <("$python" -c 'import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
print(d["name"]); print(d.get("experiment") or d["name"])' "$s")
  out="$work/out/$name"
  echo "test-notebooks: sweep $s -> $out, MLflow experiment $exp"
  if ! bin/qsweep run "$s" --output "$out" --master "${QSWEEP_NB_MASTER:-local[2]}" --progress-seconds 0 \
      --tracking-uri "$uri" > "$work/$name.log" 2>&1; then
    echo "test-notebooks: bin/qsweep run $s failed:" >&2; tail -30 "$work/$name.log" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
  args+=(--experiment "$exp" --output-dir "$out")
done

notebooks/run-notebooks.sh "${args[@]}" --build build/notebooks
