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
 * The two aggregates a sweep merge uses are computed without materialising the replicate, with the same numbers to
 * the last bit as computing them on it: {@link Aggregate#MEAN} sums the draws as they come (in the order the
 * replicate's mean would add them); {@link Aggregate#IQM} sorts the pooled scores once and counts how often each
 * sorted slot is drawn — the replicate's sorted values are then the slots repeated by their counts, so the trimmed
 * mean adds the same values in the same order as sorting the replicate would, in {@code O(runs × tasks)} per
 * replicate instead of {@code O(n log n)}. The percentile interval selects the two order statistics each bound
 * needs ({@link #percentileInterval}) instead of sorting every replicate's statistic.
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
    double[] stats = new double[resamples];
    SplittableRandom rng = new SplittableRandom(seed);
    if (agg == Aggregate.IQM) {
      iqmReplicates(scores, stats, rng);
    } else if (agg == Aggregate.MEAN) {
      meanReplicates(scores, stats, rng);
    } else {
      double[][] buf = new double[runs][tasks];
      for (int b = 0; b < resamples; b++) {
        resampleInto(scores, buf, rng);
        stats[b] = agg != null ? agg.compute(buf, runs, tasks, scratch) : statistic.applyAsDouble(buf);
      }
    }
    return percentileInterval(estimate, stats, confidence);
  }

  /**
   * {@code stats[b]} = {@link Aggregate#MEAN} of replicate {@code b}, drawn as {@link #resampleInto} draws it: each
   * task's draws are summed in draw order, which is the order {@code MEAN} sums the replicate's column.
   */
  static void meanReplicates(double[][] scores, double[] stats, SplittableRandom rng) {
    int runs = scores.length;
    int tasks = scores[0].length;
    for (int b = 0; b < stats.length; b++) {
      double sum = 0;
      for (int t = 0; t < tasks; t++) {
        double taskSum = 0;
        for (int r = 0; r < runs; r++) {
          taskSum += scores[rng.nextInt(runs)][t];
        }
        sum += taskSum / runs;
      }
      stats[b] = sum / tasks;
    }
  }

  /**
   * {@code stats[b]} = {@link Aggregate#IQM} of replicate {@code b}, drawn as {@link #resampleInto} draws it, by
   * counting: the {@code n = runs × tasks} pooled scores are sorted once ({@link Arrays#sort(double[])}, whose total
   * order puts {@code -0.0} before {@code 0.0}); each score knows a slot of the sorted array holding its value; a
   * replicate counts the draws per slot, and its sorted values are the slots in order, each repeated by its count —
   * exactly what sorting the replicate gives, since values that sort as equal are the same double. The trimmed mean
   * then adds positions {@code cut .. n − cut − 1} of that sequence in order, as {@link Stats#trimmedMeanOfSorted}
   * does.
   */
  static void iqmReplicates(double[][] scores, double[] stats, SplittableRandom rng) {
    int runs = scores.length;
    int tasks = scores[0].length;
    int n = runs * tasks;
    double[] sorted = new double[n];
    for (int r = 0, k = 0; r < runs; r++) {
      for (int t = 0; t < tasks; t++) {
        sorted[k++] = scores[r][t];
      }
    }
    Arrays.sort(sorted);
    int[][] slot = new int[tasks][runs]; // slot[t][r]: a position of scores[r][t] in sorted
    for (int r = 0; r < runs; r++) {
      for (int t = 0; t < tasks; t++) {
        slot[t][r] = Arrays.binarySearch(sorted, scores[r][t]);
      }
    }
    int cut = (int) (0.25 * n);
    int end = n - cut;
    int[] counts = new int[n];
    for (int b = 0; b < stats.length; b++) {
      Arrays.fill(counts, 0);
      for (int t = 0; t < tasks; t++) {
        int[] st = slot[t];
        for (int r = 0; r < runs; r++) {
          counts[st[rng.nextInt(runs)]]++;
        }
      }
      double sum = 0;
      int pos = 0;
      for (int i = 0; i < n && pos < end; i++) {
        int c = counts[i];
        if (c == 0) {
          continue;
        }
        double v = sorted[i];
        int from = Math.max(pos, cut);
        int to = Math.min(pos + c, end);
        for (int j = from; j < to; j++) {
          sum += v;
        }
        pos += c;
      }
      stats[b] = sum / (end - cut);
    }
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

  /**
   * The percentile interval of {@code stats} around {@code estimate}: the {@code (1 − c)/2} and {@code (1 + c)/2}
   * quantiles ({@link Stats#quantileOfSorted}'s linear interpolation). {@code stats} is reordered in place: the
   * order statistics the quantiles need are selected ({@link Stats#select}), not the whole array sorted — the same
   * numbers as sorting, in linear time.
   */
  static Interval percentileInterval(double estimate, double[] stats, double confidence) {
    double alpha = (1 - confidence) / 2;
    double lower = Stats.quantileBySelection(stats, 0, alpha);
    // selecting the lower bound's order statistics left everything from there on at or above them
    int from = Math.max(0, Math.min(stats.length - 1, (int) Math.floor((stats.length - 1) * alpha)));
    double upper = Stats.quantileBySelection(stats, from, 1 - alpha);
    return new Interval(estimate, lower, upper);
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
