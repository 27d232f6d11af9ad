package io.qsweep.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Stratified bootstrap confidence intervals, as recommended by Agarwal et al. (2021, "Deep RL at the Edge of the
 * Statistical Precipice") and implemented by rliable: with a {@code runs × tasks} score matrix, each bootstrap
 * replicate resamples the runs <em>within each task independently</em> (with replacement), so every replicate keeps
 * every task; the interval is the percentile interval of the statistic over the replicates (the {@code (1 − c)/2} and
 * {@code (1 + c)/2} quantiles, NumPy's linear interpolation, for confidence {@code c}).
 *
 * <p>Determinism: all draws come from {@code new SplittableRandom(seed)} in a fixed order (replicate, then task, then
 * run), so the same inputs and seed give the same interval on every machine.
 *
 * <p>Cost: {@code resamples × runs × tasks} draws plus one statistic per replicate; a replicate reuses one buffer.
 */
public final class Bootstrap {
  /** Default number of bootstrap replicates. */
  public static final int DEFAULT_RESAMPLES = 2000;
  /** Default confidence level. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private Bootstrap() {
  }

  /** 95% stratified bootstrap interval of {@code statistic} with {@link #DEFAULT_RESAMPLES} replicates. */
  public static Interval stratified(double[][] scores, ToDoubleFunction<double[][]> statistic, long seed) {
    return stratified(scores, statistic, DEFAULT_RESAMPLES, DEFAULT_CONFIDENCE, seed);
  }

  /**
   * Stratified bootstrap percentile interval of {@code statistic} (e.g. an {@link Aggregate}) over
   * {@code scores[run][task]}.
   */
  public static Interval stratified(double[][] scores, ToDoubleFunction<double[][]> statistic, int resamples,
      double confidence, long seed) {
    Stats.checkMatrix("scores", scores);
    checkArgs(resamples, confidence);
    if (statistic == null) {
      throw new IllegalArgumentException("statistic: must be given");
    }
    int runs = scores.length;
    int tasks = scores[0].length;
    Aggregate agg = statistic instanceof Aggregate ? (Aggregate) statistic : null;
    double[] scratch = new double[runs * tasks];
    double estimate = agg != null ? agg.compute(scores, runs, tasks, scratch) : statistic.applyAsDouble(scores);
    double[][] buf = new double[runs][tasks];
    double[] stats = new double[resamples];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int b = 0; b < resamples; b++) {
      resampleInto(scores, buf, rng);
      stats[b] = agg != null ? agg.compute(buf, runs, tasks, scratch) : statistic.applyAsDouble(buf);
    }
    return percentileInterval(estimate, stats, confidence);
  }

  /**
   * Rliable's probability of improvement of X over Y averaged over tasks ({@link #probabilityOfImprovement}) with a
   * percentile interval from a stratified bootstrap that resamples the runs of X and of Y independently within each
   * task (each replicate draws X's runs, then Y's). X and Y may have different numbers of runs but must have the same
   * tasks.
   */
  public static Interval probabilityOfImprovement(double[][] x, double[][] y, int resamples, double confidence,
      long seed) {
    checkPair(x, y);
    checkArgs(resamples, confidence);
    int tasks = x[0].length;
    double estimate = probabilityOfImprovement(x, y);
    double[][] bx = new double[x.length][tasks];
    double[][] by = new double[y.length][tasks];
    double[] cx = new double[x.length];
    double[] cy = new double[y.length];
    double[] stats = new double[resamples];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int b = 0; b < resamples; b++) {
      resampleInto(x, bx, rng);
      resampleInto(y, by, rng);
      stats[b] = poi(bx, by, cx, cy);
    }
    return percentileInterval(estimate, stats, confidence);
  }

  /**
   * {@code P(X > Y) + ½ P(X = Y)} per task ({@link Stats#probabilityOfImprovement} of the task's columns), averaged
   * over tasks: rliable's {@code probability_of_improvement}.
   */
  public static double probabilityOfImprovement(double[][] x, double[][] y) {
    checkPair(x, y);
    return poi(x, y, new double[x.length], new double[y.length]);
  }

  private static double poi(double[][] x, double[][] y, double[] cx, double[] cy) {
    int tasks = x[0].length;
    double sum = 0;
    for (int t = 0; t < tasks; t++) {
      for (int r = 0; r < x.length; r++) {
        cx[r] = x[r][t];
      }
      for (int r = 0; r < y.length; r++) {
        cy[r] = y[r][t];
      }
      sum += Stats.poi(cx, cx.length, cy, cy.length);
    }
    return sum / tasks;
  }

  /** Fills {@code buf} with runs drawn with replacement within each task (task-major draw order). */
  static void resampleInto(double[][] scores, double[][] buf, SplittableRandom rng) {
    int runs = scores.length;
    int tasks = scores[0].length;
    for (int t = 0; t < tasks; t++) {
      for (int r = 0; r < runs; r++) {
        buf[r][t] = scores[rng.nextInt(runs)][t];
      }
    }
  }

  /** The percentile interval of {@code stats} (sorted in place) around {@code estimate}. */
  static Interval percentileInterval(double estimate, double[] stats, double confidence) {
    Arrays.sort(stats);
    double alpha = (1 - confidence) / 2;
    return new Interval(estimate, Stats.quantileOfSorted(stats, stats.length, alpha),
        Stats.quantileOfSorted(stats, stats.length, 1 - alpha));
  }

  static void checkArgs(int resamples, double confidence) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples: " + resamples + " must be >= 1");
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence: " + confidence + " is outside (0, 1)");
    }
  }

  private static void checkPair(double[][] x, double[][] y) {
    Stats.checkMatrix("x", x);
    Stats.checkMatrix("y", y);
    if (x[0].length != y[0].length) {
      throw new IllegalArgumentException("y: has " + y[0].length + " tasks, x has " + x[0].length);
    }
  }
}
