package io.qsweep.stats;

import java.util.SplittableRandom;

/**
 * Learning curves across seeds: the mean curve with a pointwise bootstrap confidence band, and deterministic
 * downsampling for plotting and logging.
 *
 * <p>Curves are given as {@code curves[seed][point]}, all of the same length (e.g. the return of every episode, or of
 * every evaluation).
 */
public final class Curves {
  private Curves() {
  }

  /**
   * A mean curve with a pointwise confidence band. The arrays are handed over without copying; treat them as
   * read-only.
   */
  public record Band(double[] mean, double[] lower, double[] upper) {

    public int length() {
      return mean.length;
    }

    /** The band at the given point indices (e.g. from {@link Curves#downsampleIndices}). */
    public Band select(int[] indices) {
      return new Band(pick(mean, indices), pick(lower, indices), pick(upper, indices));
    }
  }

  /** The pointwise mean over seeds. */
  public static double[] mean(double[][] curves) {
    int points = check(curves);
    double[] m = new double[points];
    for (double[] c : curves) {
      for (int p = 0; p < points; p++) {
        m[p] += c[p];
      }
    }
    for (int p = 0; p < points; p++) {
      m[p] /= curves.length;
    }
    return m;
  }

  /** The mean curve with a 95% band from {@link Bootstrap#DEFAULT_RESAMPLES} replicates. */
  public static Band meanBand(double[][] curves, long seed) {
    return meanBand(curves, Bootstrap.DEFAULT_RESAMPLES, Bootstrap.DEFAULT_CONFIDENCE, seed);
  }

  /**
   * The mean curve with a pointwise percentile-bootstrap band: each replicate resamples whole curves (seeds) with
   * replacement and averages them, so a replicate is itself a plausible mean curve; the band at point {@code p} is the
   * {@code (1 − c)/2} and {@code (1 + c)/2} quantiles of the replicates' values at {@code p}. One seed gives a band of
   * zero width. Draws come from {@code new SplittableRandom(seed)} ({@code resamples × seeds} of them, replicate by
   * replicate).
   */
  public static Band meanBand(double[][] curves, int resamples, double confidence, long seed) {
    int points = check(curves);
    Bootstrap.checkArgs(resamples, confidence);
    int n = curves.length;
    SplittableRandom rng = new SplittableRandom(seed);
    // Replicate by replicate, draw by draw (the draw order), every point at once: sums[p] adds the drawn curves'
    // values at p in draw order — the same additions, in the same order, as summing point by point — while reading
    // each drawn curve contiguously.
    double[][] reps = new double[points][resamples];
    double[] sums = new double[points];
    for (int b = 0; b < resamples; b++) {
      java.util.Arrays.fill(sums, 0);
      for (int j = 0; j < n; j++) {
        double[] c = curves[rng.nextInt(n)];
        for (int p = 0; p < points; p++) {
          sums[p] += c[p];
        }
      }
      for (int p = 0; p < points; p++) {
        reps[p][b] = sums[p] / n;
      }
    }
    double[] mean = mean(curves);
    double[] lower = new double[points];
    double[] upper = new double[points];
    for (int p = 0; p < points; p++) {
      Interval iv = Bootstrap.percentileInterval(mean[p], reps[p], confidence);
      lower[p] = iv.lower();
      upper[p] = iv.upper();
    }
    return new Band(mean, lower, upper);
  }

  /**
   * At most {@code maxPoints} indices into a curve of {@code length} points, evenly spread, always including the
   * first and the last: index {@code k} is {@code round(k · (length − 1) / (maxPoints − 1))} in exact integer
   * arithmetic. A curve that is already short enough keeps every point.
   */
  public static int[] downsampleIndices(int length, int maxPoints) {
    if (length < 0) {
      throw new IllegalArgumentException("length: " + length + " must be >= 0");
    }
    if (maxPoints < 2) {
      throw new IllegalArgumentException("maxPoints: " + maxPoints + " must be >= 2 (first and last are kept)");
    }
    int m = Math.min(length, maxPoints);
    int[] idx = new int[m];
    if (m == length) {
      for (int i = 0; i < m; i++) {
        idx[i] = i;
      }
      return idx;
    }
    long span = length - 1L;
    long steps = m - 1L;
    for (int k = 0; k < m; k++) {
      idx[k] = (int) ((2 * k * span + steps) / (2 * steps)); // round(k * span / steps), halves up
    }
    return idx;
  }

  /** {@code curve} at {@link #downsampleIndices(int, int)}. */
  public static double[] downsample(double[] curve, int maxPoints) {
    if (curve == null) {
      throw new IllegalArgumentException("curve: must be given");
    }
    return pick(curve, downsampleIndices(curve.length, maxPoints));
  }

  private static double[] pick(double[] values, int[] indices) {
    double[] out = new double[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = values[indices[i]];
    }
    return out;
  }

  private static int check(double[][] curves) {
    if (curves == null || curves.length == 0) {
      throw new IllegalArgumentException("curves: at least one curve is required");
    }
    if (curves[0] == null) {
      throw new IllegalArgumentException("curves: curve 0 is null");
    }
    int points = curves[0].length;
    for (int i = 0; i < curves.length; i++) {
      if (curves[i] == null || curves[i].length != points) {
        throw new IllegalArgumentException("curves: curve " + i + " has " + (curves[i] == null ? 0
            : curves[i].length) + " points, curve 0 has " + points);
      }
      for (int p = 0; p < points; p++) {
        if (Double.isNaN(curves[i][p])) {
          throw new IllegalArgumentException("curves: point " + p + " of curve " + i + " is NaN");
        }
      }
    }
    return points;
  }
}
