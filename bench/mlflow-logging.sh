#!/usr/bin/env bash
# MLflow logging throughput (see bench/README.md, "MLflow logging throughput"): child runs per second logged by
# io.qsweep.tracking.MlflowSweepLogger into a local MLflow server (sqlite store) started from the project venv.
# Usage: bench/mlflow-logging.sh [--configs N] [--parallelism P] [--workers W] [--http gunicorn|uvicorn]
#                               [--shape sweep|issue] [--uri http://HOST:PORT] [--stub]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -x .venv/bin/mlflow ] || bin/setup
cp_file=jobs/target/test-classpath.txt
mvn -B -q -ntp -pl jobs -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/test-classpath.txt >&2
exec java -Dqsweep.root="$root" -cp "jobs/target/test-classes:jobs/target/classes:$(cat "$cp_file")" \
  io.qsweep.tracking.bench.MlflowLoggingBench "$@"
