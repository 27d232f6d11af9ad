package io.qsweep.stats;

import java.util.Arrays;

/**
 * Summary statistics of a sample of scores (one per seed), with the definitions of NumPy/SciPy so that numbers agree
 * with the Python ecosystem (rliable, pandas):
 *
 * <ul>
 *   <li>{@link #mean} — arithmetic mean; {@link #std} — sample standard deviation ({@code ddof = 1}; NaN for one
 *       value, like {@code numpy.std(x, ddof=1)});</li>
 *   <li>{@link #quantile} — NumPy's default ("linear", Hyndman &amp; Fan type 7): the order statistic at
 *       {@code h = (n − 1) q}, interpolated linearly; {@link #median} is {@code quantile(x, 0.5)};</li>
 *   <li>{@link #trimmedMean} — SciPy's {@code trim_mean(x, proportion)}: sort, drop {@code int(proportion · n)}
 *       values from each end, average the rest; {@link #iqm}, the interquartile mean of Agarwal et al. (2021, "Deep
 *       RL at the Edge of the Statistical Precipice"), is {@code trimmedMean(x, 0.25)}, as in rliable.</li>
 * </ul>
 *
 * <p>Inputs are never modified. Every method rejects an empty or null sample and NaN values with an
 * {@link IllegalArgumentException} naming the argument and the index.
 */
public final class Stats {
  private Stats() {
  }

  public static double mean(double[] x) {
    check("x", x);
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  /** Sample standard deviation ({@code n − 1} in the denominator); NaN when {@code x} has one value. */
  public static double std(double[] x) {
    double m = mean(x);
    if (x.length < 2) {
      return Double.NaN;
    }
    double ss = 0;
    for (double v : x) {
      double d = v - m;
      ss += d * d;
    }
    return Math.sqrt(ss / (x.length - 1));
  }

  public static double median(double[] x) {
    return quantile(x, 0.5);
  }

  /** The {@code q}-quantile, {@code q} in [0, 1], by linear interpolation between order statistics (NumPy default). */
  public static double quantile(double[] x, double q) {
    check("x", x);
    checkQuantile(q);
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    return quantileOfSorted(sorted, sorted.length, q);
  }

  /** Several quantiles of {@code x} with one sort. */
  public static double[] quantiles(double[] x, double... qs) {
    check("x", x);
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    double[] out = new double[qs.length];
    for (int i = 0; i < qs.length; i++) {
      checkQuantile(qs[i]);
      out[i] = quantileOfSorted(sorted, sorted.length, qs[i]);
    }
    return out;
  }

  /** SciPy's {@code trim_mean}: the mean after dropping {@code int(proportion · n)} values from each end. */
  public static double trimmedMean(double[] x, double proportion) {
    check("x", x);
    if (!(proportion >= 0 && proportion < 0.5)) {
      throw new IllegalArgumentException("proportion: " + proportion + " is outside [0, 0.5)");
    }
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    return trimmedMeanOfSorted(sorted, sorted.length, proportion);
  }

  /** Interquartile mean: {@code trimmedMean(x, 0.25)}, the mean of the middle half. */
  public static double iqm(double[] x) {
    return trimmedMean(x, 0.25);
  }

  /**
   * The probability that a score drawn from {@code x} beats one drawn from {@code y}, ties counting one half:
   * {@code P(X > Y) + ½ P(X = Y)} over all {@code |x| · |y|} pairs (the Mann–Whitney U statistic divided by
   * {@code |x| · |y|}).
   */
  public static double probabilityOfImprovement(double[] x, double[] y) {
    check("x", x);
    check("y", y);
    return poi(x, x.length, y, y.length);
  }

  // ---- package-private kernels on sorted / partially filled arrays (no allocation) ----

  static double quantileOfSorted(double[] sorted, int n, double q) {
    double h = (n - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo >= n - 1) {
      return sorted[n - 1];
    }
    double frac = h - lo;
    double a = sorted[lo];
    double b = sorted[lo + 1];
    return frac == 0 ? a : a + (b - a) * frac;
  }

  /**
   * The {@code q}-quantile of {@code a} — the same number as {@link #quantileOfSorted} gives on {@code a} sorted with
   * {@link Arrays#sort(double[])} — found by selecting the one or two order statistics it needs ({@link #select})
   * instead of sorting: linear time. {@code a} is reordered; its first {@code from} values must already be its
   * {@code from} smallest (0 when nothing is known), and the selected order statistic must not be among them.
   */
  static double quantileBySelection(double[] a, int from, double q) {
    int n = a.length;
    double h = (n - 1) * q;
    int lo = (int) Math.floor(h);
    if (lo >= n - 1) {
      select(a, from, n, n - 1);
      return a[n - 1];
    }
    select(a, from, n, lo);
    double frac = h - lo;
    double x = a[lo];
    if (frac == 0) {
      return x;
    }
    double y = a[lo + 1];
    for (int i = lo + 2; i < n; i++) { // the next order statistic: the least of what lies above a[lo]
      if (Double.compare(a[i], y) < 0) {
        y = a[i];
      }
    }
    return x + (y - x) * frac;
  }

  /**
   * Reorders {@code a[lo .. hi)} so that {@code a[k]} holds the value sorting would put there, everything before it
   * (from {@code lo}) sorts at or below it and everything after it at or above it — in the total order of
   * {@link Double#compare} and {@link Arrays#sort(double[])} ({@code -0.0} before {@code 0.0}, NaN last). Quickselect
   * with a median-of-three pivot and three-way partitioning (runs of equal values cost one pass); after
   * {@code 2·log2(n)} rounds without finishing it sorts what is left, so the worst case stays {@code O(n log n)}.
   */
  static void select(double[] a, int lo, int hi, int k) {
    if (k < lo || k >= hi) {
      throw new IllegalArgumentException("k: " + k + " is outside [" + lo + ", " + hi + ")");
    }
    int budget = 2 * (32 - Integer.numberOfLeadingZeros(hi - lo));
    while (hi - lo > 1) {
      if (budget-- == 0) {
        Arrays.sort(a, lo, hi);
        return;
      }
      double p = medianOf3(a[lo], a[(lo + hi - 1) >>> 1], a[hi - 1]);
      int lt = lo;
      int i = lo;
      int gt = hi - 1;
      while (i <= gt) { // [lo, lt) < p, [lt, i) == p, (gt, hi) > p
        int c = Double.compare(a[i], p);
        if (c < 0) {
          swap(a, lt++, i++);
        } else if (c > 0) {
          swap(a, i, gt--);
        } else {
          i++;
        }
      }
      if (k < lt) {
        hi = lt;
      } else if (k > gt) {
        lo = gt + 1;
      } else {
        return;
      }
    }
  }

  private static double medianOf3(double x, double y, double z) {
    if (Double.compare(x, y) > 0) {
      double t = x;
      x = y;
      y = t;
    }
    // x <= y
    if (Double.compare(y, z) <= 0) {
      return y;
    }
    return Double.compare(x, z) >= 0 ? x : z;
  }

  private static void swap(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  static double trimmedMeanOfSorted(double[] sorted, int n, double proportion) {
    int cut = (int) (proportion * n);
    double sum = 0;
    for (int i = cut; i < n - cut; i++) {
      sum += sorted[i];
    }
    return sum / (n - 2 * cut);
  }

  static double poi(double[] x, int nx, double[] y, int ny) {
    double wins = 0;
    for (int i = 0; i < nx; i++) {
      double xi = x[i];
      for (int j = 0; j < ny; j++) {
        double yj = y[j];
        if (xi > yj) {
          wins += 1;
        } else if (xi == yj) {
          wins += 0.5;
        }
      }
    }
    return wins / ((double) nx * ny);
  }

  static void check(String name, double[] x) {
    if (x == null || x.length == 0) {
      throw new IllegalArgumentException(name + ": at least one value is required");
    }
    for (int i = 0; i < x.length; i++) {
      if (Double.isNaN(x[i])) {
        throw new IllegalArgumentException(name + ": value " + i + " is NaN");
      }
    }
  }

  static void checkQuantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("q: " + q + " is outside [0, 1]");
    }
  }

  /** Checks a runs × tasks matrix: at least one run and one task, rectangular, no NaN. */
  static void checkMatrix(String name, double[][] m) {
    if (m == null || m.length == 0) {
      throw new IllegalArgumentException(name + ": at least one run is required");
    }
    if (m[0] == null || m[0].length == 0) {
      throw new IllegalArgumentException(name + ": at least one task is required");
    }
    int tasks = m[0].length;
    for (int r = 0; r < m.length; r++) {
      if (m[r] == null || m[r].length != tasks) {
        throw new IllegalArgumentException(name + ": run " + r + " has " + (m[r] == null ? 0 : m[r].length)
            + " tasks, run 0 has " + tasks);
      }
      for (int t = 0; t < tasks; t++) {
        if (Double.isNaN(m[r][t])) {
          throw new IllegalArgumentException(name + ": score of run " + r + ", task " + t + " is NaN");
        }
      }
    }
  }
}
