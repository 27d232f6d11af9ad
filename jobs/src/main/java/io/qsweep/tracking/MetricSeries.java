package io.qsweep.tracking;

import java.util.Arrays;

/**
 * A metric history: one MLflow metric {@code key} with one point per step. For the learning curve the steps are
 * episode indices (possibly downsampled) and the values the mean return over seeds; confidence bands are separate
 * series ({@link #CURVE_CI_LOW}, {@link #CURVE_CI_HIGH}) with the same steps, so the MLflow UI plots all three over
 * episodes. Steps are unique and strictly increasing (idempotent re-logging identifies a point by its step).
 *
 * @param key    the MLflow metric key (MLflow naming rules, see {@link Names#key})
 * @param steps  the steps, strictly increasing, >= 0; copied
 * @param values the value at each step (NaN/infinite allowed); same length as {@code steps}; copied
 */
public record MetricSeries(String key, long[] steps, double[] values) {

  /** Conventional key of the mean learning curve (return per episode, mean over seeds). */
  public static final String CURVE = "curve_mean";
  /** Conventional key of the curve's lower confidence bound. */
  public static final String CURVE_CI_LOW = "curve_ci_low";
  /** Conventional key of the curve's upper confidence bound. */
  public static final String CURVE_CI_HIGH = "curve_ci_high";

  public MetricSeries {
    Names.key("series key", key);
    if (steps == null || values == null) {
      throw new IllegalArgumentException("series '" + key + "': steps and values must be given");
    }
    if (steps.length != values.length) {
      throw new IllegalArgumentException("series '" + key + "': " + steps.length + " steps but " + values.length
          + " values");
    }
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] < 0 || (i > 0 && steps[i] <= steps[i - 1])) {
        throw new IllegalArgumentException("series '" + key + "': steps must be >= 0 and strictly increasing, but "
            + "steps[" + i + "] = " + steps[i] + (i > 0 ? " follows " + steps[i - 1] : ""));
      }
    }
    steps = steps.clone();
    values = values.clone();
  }

  /** A series from double-valued steps (e.g. a downsampled curve's episode axis); each step must be an integer. */
  public static MetricSeries of(String key, double[] steps, double[] values) {
    if (steps == null) {
      throw new IllegalArgumentException("series '" + key + "': steps must be given");
    }
    long[] s = new long[steps.length];
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] != Math.rint(steps[i]) || Double.isInfinite(steps[i])) {
        throw new IllegalArgumentException("series '" + key + "': steps[" + i + "] = " + steps[i]
            + " is not an integer episode index");
      }
      s[i] = (long) steps[i];
    }
    return new MetricSeries(key, s, values);
  }

  /** A series with steps 0, 1, ..., n-1. */
  public static MetricSeries ofValues(String key, double[] values) {
    long[] s = new long[values.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = i;
    }
    return new MetricSeries(key, s, values);
  }

  /** A copy of the steps. */
  @Override
  public long[] steps() {
    return steps.clone();
  }

  /** A copy of the values. */
  @Override
  public double[] values() {
    return values.clone();
  }

  /** The number of points. */
  public int size() {
    return steps.length;
  }

  long stepAt(int i) {
    return steps[i];
  }

  double valueAt(int i) {
    return values[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricSeries m && key.equals(m.key) && Arrays.equals(steps, m.steps)
        && Arrays.equals(values, m.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * key.hashCode() + Arrays.hashCode(steps)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "MetricSeries[" + key + ", " + steps.length + " points]";
  }
}
