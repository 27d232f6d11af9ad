package io.qsweep.spark;

import io.qsweep.stats.Curves;

/**
 * A run's online learning curve as stored by a sweep: the mean training return over consecutive windows of
 * {@code every} episodes, each point placed at the window's end ({@code step} = episodes completed: {@code every},
 * {@code 2·every}, ...; a last, shorter window ends at the final episode), then downsampled to at most
 * {@code maxPoints} points with {@link Curves#downsampleIndices} (first and last kept; with {@code maxPoints = 1}
 * only the last). Every replica of a configuration has the same episodes, so all its curves have the same steps and
 * can be averaged point by point.
 *
 * @param steps  episodes completed at each point, increasing
 * @param values mean training return of the window ending at each point
 */
public record LearningCurve(int[] steps, double[] values) {

  /** The curve of {@code returns} (one undiscounted return per training episode). */
  public static LearningCurve of(double[] returns, int every, int maxPoints) {
    if (returns == null || returns.length == 0) {
      throw new IllegalArgumentException("returns: at least one episode is required");
    }
    if (every < 1) {
      throw new IllegalArgumentException("every: " + every + " must be >= 1");
    }
    if (maxPoints < 1) {
      throw new IllegalArgumentException("maxPoints: " + maxPoints + " must be >= 1");
    }
    int n = returns.length;
    int windows = (n + every - 1) / every;
    int[] steps = new int[windows];
    double[] values = new double[windows];
    for (int w = 0; w < windows; w++) {
      int from = w * every;
      int to = Math.min(n, from + every);
      double sum = 0;
      for (int e = from; e < to; e++) {
        sum += returns[e];
      }
      steps[w] = to;
      values[w] = sum / (to - from);
    }
    int[] idx = maxPoints == 1 ? new int[] {windows - 1} : Curves.downsampleIndices(windows, maxPoints);
    if (idx.length == windows) {
      return new LearningCurve(steps, values);
    }
    int[] s = new int[idx.length];
    double[] v = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      s[i] = steps[idx[i]];
      v[i] = values[idx[i]];
    }
    return new LearningCurve(s, v);
  }

  public int length() {
    return steps.length;
  }
}
