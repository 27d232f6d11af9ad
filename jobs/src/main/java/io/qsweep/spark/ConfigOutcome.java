package io.qsweep.spark;

import io.qsweep.stats.Curves;
import io.qsweep.stats.Interval;
import io.qsweep.sweep.SweepConfig;
import java.util.List;

/**
 * One configuration of a sweep with all its replicas merged, as recorded in {@code configs/} (see
 * {@code jobs/OUTPUT.md} for the columns). Computed by {@link ConfigRunner} on an executor.
 *
 * @param config        the configuration
 * @param runs          its runs, by replica
 * @param scores        the runs' final scores, by replica
 * @param mean          mean final score
 * @param std           sample standard deviation of the final scores (NaN for one replica)
 * @param median        median final score
 * @param iqm           interquartile mean of the final scores
 * @param iqmCi         95% stratified-bootstrap interval of the IQM
 * @param meanCi        95% stratified-bootstrap interval of the mean
 * @param successRate   mean success rate of the runs' greedy evaluations, or {@code null} without a goal
 * @param gapMean       mean exact optimality gap over the runs whose gap is exact, or {@code null} if none is
 * @param gapExactRuns  how many runs have an exact gap
 * @param curveSteps    steps of the learning curve (the same for every replica)
 * @param curve         mean learning curve across replicas with its 95% bootstrap band
 * @param qtablePath    where the element-wise mean Q-table is, relative to the output directory
 * @param numStates     Q-table rows
 * @param numActions    Q-table columns
 * @param merged        the final score of the merged policy (greedy policy of the mean Q-table)
 * @param mergedGap     the merged policy's exact optimality gap
 * @param mergeSeconds  wall time of the merge (statistics, mean Q-table, its file, merged-policy evaluation)
 * @param runCpuSeconds   CPU time of the calling thread in the runs (0 where the JVM cannot measure it)
 * @param mergeCpuSeconds CPU time of the calling thread in the merge
 */
public record ConfigOutcome(SweepConfig config, List<RunOutcome> runs, double[] scores, double mean, double std,
    double median, double iqm, Interval iqmCi, Interval meanCi, Double successRate, Double gapMean, int gapExactRuns,
    int[] curveSteps, Curves.Band curve, String qtablePath, int numStates, int numActions, PolicyScore merged,
    GapOutcome mergedGap, double mergeSeconds, double runCpuSeconds, double mergeCpuSeconds) {

  /** Training steps over all replicas. */
  public long totalSteps() {
    long s = 0;
    for (RunOutcome r : runs) {
      s += r.totalSteps();
    }
    return s;
  }

  /** Wall time of all replicas' runs. */
  public double runSeconds() {
    double s = 0;
    for (RunOutcome r : runs) {
      s += r.wallSeconds();
    }
    return s;
  }
}
