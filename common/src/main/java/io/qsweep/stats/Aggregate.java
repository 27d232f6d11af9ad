package io.qsweep.stats;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * Aggregate scores of a {@code runs × tasks} matrix ({@code scores[run][task]}, the layout of rliable) into one
 * number, with rliable's definitions (Agarwal et al. 2021):
 *
 * <ul>
 *   <li>{@link #MEAN} — the mean over tasks of each task's mean over runs;</li>
 *   <li>{@link #MEDIAN} — the median over tasks of each task's mean over runs (with one task: that task's mean);</li>
 *   <li>{@link #IQM} — the interquartile mean of all {@code runs × tasks} scores pooled together
 *       ({@code scipy.stats.trim_mean(scores, 0.25, axis=None)}).</li>
 * </ul>
 * In qsweep a "task" is usually one environment (or a single task per sweep) and a "run" one seed.
 */
public enum Aggregate implements ToDoubleFunction<double[][]> {
  MEAN {
    @Override
    double compute(double[][] s, int runs, int tasks, double[] scratch) {
      double sum = 0;
      for (int t = 0; t < tasks; t++) {
        sum += taskMean(s, runs, t);
      }
      return sum / tasks;
    }
  },
  MEDIAN {
    @Override
    double compute(double[][] s, int runs, int tasks, double[] scratch) {
      for (int t = 0; t < tasks; t++) {
        scratch[t] = taskMean(s, runs, t);
      }
      Arrays.sort(scratch, 0, tasks);
      return Stats.quantileOfSorted(scratch, tasks, 0.5);
    }
  },
  IQM {
    @Override
    double compute(double[][] s, int runs, int tasks, double[] scratch) {
      int n = 0;
      for (int r = 0; r < runs; r++) {
        for (int t = 0; t < tasks; t++) {
          scratch[n++] = s[r][t];
        }
      }
      Arrays.sort(scratch, 0, n);
      return Stats.trimmedMeanOfSorted(scratch, n, 0.25);
    }
  };

  /** Computes the aggregate of {@code scores[run][task]}. */
  @Override
  public double applyAsDouble(double[][] scores) {
    Stats.checkMatrix("scores", scores);
    return compute(scores, scores.length, scores[0].length, new double[scores.length * scores[0].length]);
  }

  /** Lower-case name, as used in configs and column names ({@code mean}, {@code median}, {@code iqm}). */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code mean}, {@code median} or {@code iqm} (any case). */
  public static Aggregate parse(String text) {
    for (Aggregate a : values()) {
      if (a.key().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException("aggregate: '" + text + "' is not one of mean, median, iqm");
  }

  /** The aggregate without validation; {@code scratch} holds at least {@code runs * tasks} values. */
  abstract double compute(double[][] scores, int runs, int tasks, double[] scratch);

  private static double taskMean(double[][] s, int runs, int t) {
    double sum = 0;
    for (int r = 0; r < runs; r++) {
      sum += s[r][t];
    }
    return sum / runs;
  }
}
