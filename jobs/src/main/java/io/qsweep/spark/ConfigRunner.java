package io.qsweep.spark;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Trainer;
import io.qsweep.learn.TrainResult;
import io.qsweep.solve.Optimality;
import io.qsweep.stats.Aggregate;
import io.qsweep.stats.Bootstrap;
import io.qsweep.stats.Curves;
import io.qsweep.stats.Interval;
import io.qsweep.stats.Stats;
import io.qsweep.sweep.Seeds;
import io.qsweep.sweep.SweepConfig;
import io.qsweep.table.QTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one configuration — every replica back to back — and merges the replicas, all in the calling thread (a Spark
 * task on an executor). Pure Java apart from the {@link QTableSink}: it can be called, and tested, without Spark.
 *
 * <p><b>A run</b> (replica {@code r}): seed {@code Seeds.runSeed(sweepSeed, key, r)}; {@link Trainer#train} on a
 * fresh episode stream of the configuration's environment (one environment instance serves all replicas: a run
 * re-seeds it); the final score is {@link PolicyScore#of} the learned table with
 * {@code Seeds.derive(runSeed, "eval")}; the exact gap of its greedy policy ({@link GapOutcome}) against
 * {@code V*} solved once per JVM ({@link OptimalityCache}); the {@link LearningCurve} of its training returns.
 *
 * <p><b>The merge</b>: mean, std, median and IQM of the final scores ({@link Stats}); 95% stratified-bootstrap
 * intervals of the IQM and of the mean ({@link Bootstrap#stratified} over the {@code replicas × 1} score matrix, seeds
 * {@code Seeds.derive(sweepSeed, "ci/iqm/" + key)} and {@code "ci/mean/" + key}); the mean learning curve with a 95%
 * band ({@link Curves#meanBand}, seed {@code "ci/curve/" + key}); the element-wise mean Q-table (summed in replica
 * order then divided, exactly {@link QTable#mean}, without holding every replica's table), handed to the sink; and
 * the merged policy — the greedy policy of the mean Q-table — scored like a run with seed
 * {@code Seeds.derive(sweepSeed, "merged-eval/" + key)}, with its exact gap.
 *
 * <p>Every number is a function of the configuration, the sweep seed and the settings: the same whichever executor,
 * partitioning or attempt computes it. Wall times are measurements and are not.
 */
public final class ConfigRunner {

  /** Stores a configuration's mean Q-table; returns where, relative to the sweep's output directory. */
  @FunctionalInterface
  public interface QTableSink {
    String write(String configKey, QTable meanQ) throws IOException;
  }

  private ConfigRunner() {
  }

  /**
   * Runs and merges {@code config}.
   *
   * @param onRunDone called after each run (progress)
   */
  public static ConfigOutcome run(SweepConfig config, SweepSettings settings, QTableSink sink,
      Runnable onRunDone) {
    AgentConfig agent = config.agent();
    EnvParams params = config.envParams();
    Env env = EnvRegistry.make(config.envName(), params);
    Optimality optimality = OptimalityCache.get(config.envName(), params, agent.gamma(), env).optimality();
    int curveEvery = settings.evaluation().curveEveryFor(agent.episodes());
    int replicas = settings.replicas();
    int numStates = env.numStates();
    int numActions = env.numActions();

    long cpu0 = threadCpu();
    List<RunOutcome> runs = new ArrayList<>(replicas);
    double[] qSum = new double[numStates * numActions];
    for (int r = 0; r < replicas; r++) {
      runs.add(runReplica(env, agent, config.key(), r, optimality, settings, curveEvery, qSum));
      onRunDone.run();
    }

    long m0 = System.nanoTime();
    long cpu1 = threadCpu();
    Merged merged = merge(env, config.key(), runs, qSum, numStates, numActions, optimality, settings, sink);
    double mergeSeconds = seconds(System.nanoTime() - m0);
    long cpu2 = threadCpu();

    double[] scores = merged.scores;
    return new ConfigOutcome(config, List.copyOf(runs), scores, Stats.mean(scores), Stats.std(scores),
        Stats.median(scores), Stats.iqm(scores), merged.iqmCi, merged.meanCi, merged.successRate, merged.gapMean,
        merged.gapRuns, runs.get(0).curve().steps(), merged.band, merged.path, numStates, numActions,
        merged.policy, merged.policyGap, mergeSeconds, seconds(cpu1 - cpu0), seconds(cpu2 - cpu1));
  }

  /*
   * Why run() is cut into runReplica() and merge(), with the element-wise loops in helpers of their own: HotSpot
   * compiles a method with C2 once its loops have run often enough, inlining what it calls. When run() held every
   * loop (adding each replica's Q-table into the sum, gathering scores and curves), the Q-table loop alone made it
   * hot after a few configurations and C2 compiled the whole pipeline inlined into one method (training,
   * evaluation, exact gap, bootstraps): measured with JFR on 2,000 runs of the benchmark grid (bench/README.md,
   * "Sweep throughput"), 4.4 s of C2 compile time in the chunk phase, a third of all the JIT work there, which
   * competes with the tasks for the cores. Now run() and merge() loop once per replica and do not get hot enough for
   * C2 in sweeps of this size; the kernels they call are compiled as small units.
   */

  /** Replica {@code r}: trains, scores, gaps and curves one run and adds its Q-table into {@code qSum}. */
  private static RunOutcome runReplica(Env env, AgentConfig agent, String key, int r, Optimality optimality,
      SweepSettings settings, int curveEvery, double[] qSum) {
    long seed = Seeds.runSeed(settings.sweepSeed(), key, r);
    long t0 = System.nanoTime();
    TrainResult train = Trainer.train(env, agent, seed, null);
    long t1 = System.nanoTime();
    PolicyScore score = PolicyScore.of(env, train.q(), settings.evalEpisodes(), Seeds.derive(seed, "eval"));
    long t2 = System.nanoTime();
    GapOutcome gap = GapOutcome.of(optimality, train.q().values());
    LearningCurve curve = LearningCurve.of(train.episodeReturns(), curveEvery, settings.curvePoints());
    long t3 = System.nanoTime();
    addInto(qSum, train.q().values());
    return new RunOutcome(r, seed, score.score(), score.eval(), score.terms(), gap, train.episodes(),
        train.totalSteps(), curve, seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t0));
  }

  /** What {@link #merge} computes. */
  private record Merged(double[] scores, Interval iqmCi, Interval meanCi, Double successRate, Double gapMean,
      int gapRuns, Curves.Band band, String path, PolicyScore policy, GapOutcome policyGap) {
  }

  /** Merges the replicas (see the class javadoc); {@code qSum} becomes the mean Q-table. */
  private static Merged merge(Env env, String key, List<RunOutcome> runs, double[] qSum, int numStates,
      int numActions, Optimality optimality, SweepSettings settings, QTableSink sink) {
    int replicas = runs.size();
    long sweepSeed = settings.sweepSeed();
    double[] scores = new double[replicas];
    double[][] matrix = new double[replicas][1];
    double successSum = 0;
    int successRuns = 0;
    double gapSum = 0;
    int gapRuns = 0;
    double[][] curves = new double[replicas][];
    for (int r = 0; r < replicas; r++) {
      RunOutcome run = runs.get(r);
      scores[r] = run.score();
      matrix[r][0] = run.score();
      if (!Double.isNaN(run.eval().successRate())) {
        successSum += run.eval().successRate();
        successRuns++;
      }
      if (run.gap().exact()) {
        gapSum += run.gap().gap();
        gapRuns++;
      }
      curves[r] = run.curve().values();
    }
    int resamples = settings.resamples();
    double confidence = Bootstrap.DEFAULT_CONFIDENCE;
    Interval iqmCi = Bootstrap.stratified(matrix, Aggregate.IQM, resamples, confidence,
        Seeds.derive(sweepSeed, "ci/iqm/" + key));
    Interval meanCi = Bootstrap.stratified(matrix, Aggregate.MEAN, resamples, confidence,
        Seeds.derive(sweepSeed, "ci/mean/" + key));
    Curves.Band band = Curves.meanBand(curves, resamples, confidence, Seeds.derive(sweepSeed, "ci/curve/" + key));

    divide(qSum, replicas);
    QTable meanQ = QTable.of(numStates, numActions, qSum);
    String path;
    try {
      path = sink.write(key, meanQ);
    } catch (IOException e) {
      throw new UncheckedIOException("configuration " + key + ": cannot write its mean Q-table", e);
    }
    PolicyScore policy = PolicyScore.of(env, meanQ, settings.evalEpisodes(),
        Seeds.derive(sweepSeed, "merged-eval/" + key));
    GapOutcome policyGap = GapOutcome.of(optimality, meanQ.values());
    return new Merged(scores, iqmCi, meanCi, successRuns > 0 ? successSum / successRuns : null,
        gapRuns > 0 ? gapSum / gapRuns : null, gapRuns, band, path, policy, policyGap);
  }

  /** {@code sum[k] += q[k]}: the replicas are summed in replica order, as {@link QTable#mean} does. */
  private static void addInto(double[] sum, double[] q) {
    for (int k = 0; k < sum.length; k++) {
      sum[k] += q[k];
    }
  }

  /** {@code sum[k] /= n}. */
  private static void divide(double[] sum, int n) {
    for (int k = 0; k < sum.length; k++) {
      sum[k] /= n;
    }
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** This thread's CPU time in nanoseconds, or 0 when the JVM does not measure it. */
  private static long threadCpu() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
