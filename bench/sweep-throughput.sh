#!/usr/bin/env bash
# Sweep throughput benchmark (not a test): runs conf/sweeps/bench-10k.yaml (10,000 runs) with
# `bin/qsweep run --master local[1]` and `local[2]`, each into a fresh output directory, with a 512 MiB heap for the
# driver JVM (in local mode it is also the executor), and reports for each: runs/s of the chunk phase, the split of
# the core time (chunk-phase wall time × cores) between the RL runs, the merges, writing the chunks and everything
# outside the tasks (Spark scheduling, start-up, idle cores), the JVM's CPU time in the chunk phase, the cores it got
# on average (CPU / wall: on a shared machine the other processes decide), the share of that CPU in the RL runs and in
# everything but runs and merges, the summary time, the total and the live driver heap; then the local[2]/local[1]
# speed-up; then the chunk phase's CPU per thread group (task threads, C1/C2 compiler, GC, Spark's threads, ...) and
# the speed-up that CPU allows on free cores (N × task CPU / JVM CPU: the wall-clock ratio a quiet machine should
# show). Figures and how to read them: bench/README.md, section "Sweep throughput".
#
#   bench/sweep-throughput.sh [SWEEP.yaml] [OUT_DIR]        (defaults: conf/sweeps/bench-10k.yaml, a temp dir)
#   BENCH_MASTERS="local[1] local[2] local[1] local[2]" bench/sweep-throughput.sh    # repeat masters: mean speed-up
#   BENCH_EPISODES=2000 bench/sweep-throughput.sh    # the same sweep with longer runs (fixed: episodes: N)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sweep="${1:-$root/conf/sweeps/bench-10k.yaml}"
out="${2:-$(mktemp -d -t qsweep-bench-XXXXXX)}"
mkdir -p "$out"
masters="${BENCH_MASTERS:-local[1] local[2]}"
if [ -n "${BENCH_EPISODES:-}" ]; then
  variant="$out/$(basename "$sweep" .yaml)-episodes-$BENCH_EPISODES.yaml"
  sed -E "s/^(  episodes:) [0-9]+$/\1 $BENCH_EPISODES/" "$sweep" >"$variant"
  grep -q "^  episodes: $BENCH_EPISODES$" "$variant" || { echo "no '  episodes: N' line in $sweep" >&2; exit 2; }
  sweep="$variant"
fi
echo "sweep: $sweep"
export QSWEEP_JAVA_OPTS="${QSWEEP_JAVA_OPTS:--Xmx512m}"

printf '%-9s %8s %7s %5s %6s %6s %8s %6s %5s %6s %8s %9s %7s %8s %s\n' master runs/s chunk_s "RL%" "merge%" \
  "write%" "outside%" cpu_s cores "cpuRL%" "cpuRest%" summary_s total_s heap_MiB "load (1/5/15 min)"

declare -A rates
threadlines=
bounds=
i=0
for m in $masters; do
  i=$((i + 1))
  dir="$out/run-$i-${m//[^a-z0-9]/_}"
  rm -rf "$dir"
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  log="$dir.log"
  "$root/bin/qsweep" run "$sweep" --master "$m" --output "$dir" --progress-seconds 0 --top 5 >"$log" 2>&1 \
    || { echo "run with $m failed; see $log" >&2; exit 1; }
  computed=$(grep -m1 '^qsweep: computed' "$log")
  core=$(grep -m1 '^qsweep: core time' "$log")
  tail=$(grep -m1 '^qsweep: summary' "$log")
  cpuline=$(grep -m1 '^qsweep: CPU of this JVM' "$log")
  read -r cpu cpurl cpurest < <(sed -E 's/.*chunk phase: ([0-9.]+) core-s; RL runs ([0-9.]+)%, merges [0-9.]+%, the rest [^)]*\) ([-0-9.]+)%.*/\1 \2 \3/' <<<"$cpuline")
  r=$(sed -E 's/.*: ([0-9.]+) runs\/s.*/\1/' <<<"$computed")
  chunk=$(sed -E 's/.* in ([0-9.]+) s:.*/\1/' <<<"$computed")
  read -r rl merge write outside < <(sed -E 's/.*RL runs ([0-9.]+)%, merges ([0-9.]+)%, writing and committing ([-0-9.]+)%, outside the tasks [^)]*\) ([-0-9.]+)%.*/\1 \2 \3 \4/' <<<"$core")
  summary=$(sed -E 's/^qsweep: summary ([0-9.]+) s.*/\1/' <<<"$tail")
  total=$(sed -E 's/.*total ([0-9.]+) s;.*/\1/' <<<"$tail")
  heap=$(sed -E 's/.*driver heap ([0-9]+) MiB used of ([0-9]+) MiB max.*/\1\/\2/' <<<"$tail")
  cores=$(awk -v c="$cpu" -v w="$chunk" 'BEGIN { printf "%.2f", c / w }')
  printf '%-9s %8s %7s %5s %6s %6s %8s %6s %5s %6s %8s %9s %7s %8s %s\n' "$m" "$r" "$chunk" "$rl" "$merge" "$write" \
    "$outside" "$cpu" "$cores" "$cpurl" "$cpurest" "$summary" "$total" "$heap" "$load"
  rates[$m]="${rates[$m]:-} $r"
  threads=$(grep -m1 '^qsweep: CPU by thread' "$log" || true)
  if [ -n "$threads" ]; then
    threadlines+="$m ${threads#qsweep: }"$'\n'
    # T = CPU of the task threads, O = everything else in the JVM (JIT, GC, Spark's threads): with N free cores
    # the chunk phase needs at least max(T/N, (T+O)/N) of wall time, local[1] about T (O runs on the other core)
    task=$(sed -nE 's/.*Executor task l ([0-9.]+).*/\1/p' <<<"$threads")
    if [ -n "$task" ]; then
      bounds+=$(awk -v m="$m" -v t="$task" -v c="$cpu" 'BEGIN { n = m; gsub(/[^0-9]/, "", n); if (n == "") n = 1;
        printf "%-9s task threads T %.1f core-s, other threads O %.1f core-s (%.1f%%)", m, t, c - t, 100 * (c - t) / c;
        if (n > 1) printf "; on %d free cores the speed-up over local[1] is at most %d T / (T + O) = %.2fx", n, n, n * t / c;
        printf "\n" }')$'\n'
    fi
  fi
done
printf '%s' "$threadlines"
printf '%s' "$bounds"
if [ -n "${rates[local[1]]:-}" ] && [ -n "${rates[local[2]]:-}" ]; then
  # with repeated masters: the ratio of the mean rates, and its range over every pairing of a local[1] run with a
  # local[2] run
  awk -v a="${rates[local[1]]}" -v b="${rates[local[2]]}" 'BEGIN {
    na = split(a, x, " "); nb = split(b, y, " "); sa = 0; sb = 0; lo = 1e9; hi = 0
    for (i = 1; i <= na; i++) sa += x[i]
    for (j = 1; j <= nb; j++) { sb += y[j]; for (i = 1; i <= na; i++) { q = y[j] / x[i]; if (q < lo) lo = q; if (q > hi) hi = q } }
    printf "speed-up local[2] / local[1]: %.2fx", (sb / nb) / (sa / na)
    if (na > 1 || nb > 1) printf " (mean of %d and %d runs; %.2f-%.2fx over every local[1] x local[2] pairing)", na, nb, lo, hi
    printf "\n" }'
fi
echo "logs and outputs: $out"
