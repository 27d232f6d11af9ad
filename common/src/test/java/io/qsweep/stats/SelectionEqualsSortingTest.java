package io.qsweep.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The fast paths of {@link Bootstrap} and {@link Curves} — counting instead of sorting each IQM replicate, summing
 * mean replicates as drawn, selecting order statistics instead of sorting, drawing curves replicate by replicate —
 * give the same numbers, to the last bit, as the straightforward sort-based algorithms they replace (written out
 * here as the reference), on random inputs with many ties, signed zeros and infinities.
 */
class SelectionEqualsSortingTest {

  /** Scores with few distinct values (ties), signed zeros and, when asked, infinities. */
  static double[][] scores(SplittableRandom rng, int runs, int tasks, boolean infinities) {
    double[][] s = new double[runs][tasks];
    for (int r = 0; r < runs; r++) {
      for (int t = 0; t < tasks; t++) {
        s[r][t] = value(rng, infinities);
      }
    }
    return s;
  }

  static double value(SplittableRandom rng, boolean infinities) {
    switch (rng.nextInt(infinities ? 7 : 5)) {
      case 0:
        return rng.nextInt(5) / 4.0; // ties: success rates of 4 episodes
      case 1:
        return rng.nextBoolean() ? 0.0 : -0.0;
      case 2:
        return rng.nextDouble() * 100 - 50;
      case 3:
        return Math.scalb(rng.nextDouble(), rng.nextInt(80) - 40); // magnitudes far apart: rounding matters
      case 4:
        return -rng.nextInt(3) * 0.1;
      case 5:
        return Double.POSITIVE_INFINITY;
      default:
        return Double.NEGATIVE_INFINITY;
    }
  }

  /** The bootstrap as it was: materialise each replicate, compute the statistic, sort, interpolate. */
  static Interval referenceStratified(double[][] scores, ToDoubleFunction<double[][]> statistic, int resamples,
      double confidence, long seed) {
    int runs = scores.length;
    int tasks = scores[0].length;
    double[][] buf = new double[runs][tasks];
    double[] stats = new double[resamples];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int b = 0; b < resamples; b++) {
      for (int t = 0; t < tasks; t++) {
        for (int r = 0; r < runs; r++) {
          buf[r][t] = scores[rng.nextInt(runs)][t];
        }
      }
      stats[b] = referenceAggregate(statistic, buf);
    }
    return referenceInterval(statistic.applyAsDouble(scores), stats, confidence);
  }

  /** MEAN and IQM computed directly from their definitions on a sorted copy (what {@link Aggregate} did). */
  static double referenceAggregate(ToDoubleFunction<double[][]> statistic, double[][] s) {
    if (statistic == Aggregate.IQM) {
      double[] pooled = Arrays.stream(s).flatMapToDouble(Arrays::stream).toArray();
      Arrays.sort(pooled);
      int cut = (int) (0.25 * pooled.length);
      double sum = 0;
      for (int i = cut; i < pooled.length - cut; i++) {
        sum += pooled[i];
      }
      return sum / (pooled.length - 2 * cut);
    }
    if (statistic == Aggregate.MEAN) {
      double sum = 0;
      for (int t = 0; t < s[0].length; t++) {
        double ts = 0;
        for (double[] run : s) {
          ts += run[t];
        }
        sum += ts / s.length;
      }
      return sum / s[0].length;
    }
    return statistic.applyAsDouble(s);
  }

  static Interval referenceInterval(double estimate, double[] stats, double confidence) {
    double[] sorted = stats.clone();
    Arrays.sort(sorted);
    double alpha = (1 - confidence) / 2;
    return new Interval(estimate, Stats.quantileOfSorted(sorted, sorted.length, alpha),
        Stats.quantileOfSorted(sorted, sorted.length, 1 - alpha));
  }

  /** The mean band as it was: all draws first, then point by point sum the drawn curves, sort, interpolate. */
  static Curves.Band referenceMeanBand(double[][] curves, int resamples, double confidence, long seed) {
    int n = curves.length;
    int points = curves[0].length;
    int[] draws = new int[resamples * n];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < draws.length; i++) {
      draws[i] = rng.nextInt(n);
    }
    double[] mean = Curves.mean(curves);
    double[] lower = new double[points];
    double[] upper = new double[points];
    double[] reps = new double[resamples];
    for (int p = 0; p < points; p++) {
      for (int b = 0, i = 0; b < resamples; b++) {
        double sum = 0;
        for (int j = 0; j < n; j++, i++) {
          sum += curves[draws[i]][p];
        }
        reps[b] = sum / n;
      }
      Interval iv = referenceInterval(mean[p], reps, confidence);
      lower[p] = iv.lower();
      upper[p] = iv.upper();
    }
    return new Curves.Band(mean, lower, upper);
  }

  static void assertSameBits(Interval actual, Interval expected, String what) {
    assertThat(Double.doubleToRawLongBits(actual.estimate())).as(what + " estimate")
        .isEqualTo(Double.doubleToRawLongBits(expected.estimate()));
    assertThat(Double.doubleToRawLongBits(actual.lower())).as(what + " lower " + actual + " vs " + expected)
        .isEqualTo(Double.doubleToRawLongBits(expected.lower()));
    assertThat(Double.doubleToRawLongBits(actual.upper())).as(what + " upper " + actual + " vs " + expected)
        .isEqualTo(Double.doubleToRawLongBits(expected.upper()));
  }

  static long[] bits(double[] x) {
    return Arrays.stream(x).mapToLong(Double::doubleToRawLongBits).toArray();
  }

  @Test
  void stratifiedBootstrapEqualsTheSortBasedOneBitForBit() {
    SplittableRandom rng = new SplittableRandom(20261123);
    double[] confidences = {0.95, 0.9, 0.5, 0.99, 0.3};
    for (int trial = 0; trial < 150; trial++) {
      int runs = 1 + rng.nextInt(trial < 20 ? 4 : 120);
      int tasks = 1 + (rng.nextInt(4) == 0 ? rng.nextInt(5) : 0);
      double[][] s = scores(rng, runs, tasks, trial % 5 == 4);
      int resamples = 1 + rng.nextInt(trial < 50 ? 40 : 600);
      double confidence = confidences[trial % confidences.length];
      long seed = rng.nextLong();
      for (Aggregate a : Aggregate.values()) {
        String what = "trial " + trial + " " + a.key() + " runs " + runs + " tasks " + tasks + " resamples "
            + resamples;
        assertSameBits(Bootstrap.stratified(s, a, resamples, confidence, seed),
            referenceStratified(s, a, resamples, confidence, seed), what);
      }
    }
  }

  @Test
  void meanBandEqualsTheSortBasedOneBitForBit() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 100; trial++) {
      int seeds = 1 + rng.nextInt(trial < 10 ? 3 : 60);
      int points = 1 + rng.nextInt(50);
      double[][] curves = scores(rng, seeds, points, false);
      int resamples = 1 + rng.nextInt(500);
      double confidence = trial % 2 == 0 ? 0.95 : 0.8;
      long seed = rng.nextLong();
      Curves.Band actual = Curves.meanBand(curves, resamples, confidence, seed);
      Curves.Band expected = referenceMeanBand(curves, resamples, confidence, seed);
      assertThat(bits(actual.mean())).as("trial %d mean", trial).isEqualTo(bits(expected.mean()));
      assertThat(bits(actual.lower())).as("trial %d lower", trial).isEqualTo(bits(expected.lower()));
      assertThat(bits(actual.upper())).as("trial %d upper", trial).isEqualTo(bits(expected.upper()));
    }
  }

  @Test
  void quantileBySelectionEqualsSortingThenInterpolating() {
    SplittableRandom rng = new SplittableRandom(3);
    double[] qs = {0, 0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975, 1, 1e-9, 1 - 1e-9};
    for (int trial = 0; trial < 1000; trial++) {
      int n = 1 + rng.nextInt(trial < 200 ? 6 : 2500);
      double[] x = new double[n];
      int distinct = 1 + rng.nextInt(trial % 3 == 0 ? 3 : 1000);
      for (int i = 0; i < n; i++) {
        x[i] = trial % 7 == 0 ? value(rng, true) : (rng.nextInt(distinct) - distinct / 2) * 0.5;
      }
      if (trial % 11 == 0) {
        Arrays.sort(x); // sorted and reversed inputs: the classic quickselect worst cases
      } else if (trial % 11 == 1) {
        Arrays.sort(x);
        for (int i = 0; i < n / 2; i++) {
          double t = x[i];
          x[i] = x[n - 1 - i];
          x[n - 1 - i] = t;
        }
      }
      double[] sorted = x.clone();
      Arrays.sort(sorted);
      double q = qs[trial % qs.length];
      double[] work = x.clone();
      double actual = Stats.quantileBySelection(work, 0, q);
      assertThat(Double.doubleToRawLongBits(actual)).as("trial %d n %d q %s", trial, n, q)
          .isEqualTo(Double.doubleToRawLongBits(Stats.quantileOfSorted(sorted, n, q)));
      double[] sortedWork = work.clone();
      Arrays.sort(sortedWork);
      assertThat(bits(sortedWork)).as("selection only reorders").isEqualTo(bits(sorted));
    }
  }

  @Test
  void selectPlacesTheOrderStatisticWithSmallerBeforeAndLargerAfter() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + rng.nextInt(400);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = value(rng, true);
      }
      double[] sorted = x.clone();
      Arrays.sort(sorted);
      int k = rng.nextInt(n);
      Stats.select(x, 0, n, k);
      assertThat(Double.doubleToRawLongBits(x[k])).isEqualTo(Double.doubleToRawLongBits(sorted[k]));
      for (int i = 0; i < n; i++) {
        assertThat(Double.compare(x[i], x[k]) * Integer.signum(i - k)).as("trial %d i %d k %d", trial, i, k)
            .isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void selectRejectsAnIndexOutsideTheRange() {
    assertThatThrownBy(() -> Stats.select(new double[3], 0, 3, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k: 3 is outside [0, 3)");
  }

  @Test
  void percentileIntervalNeedsNoSortedInput() {
    double[] stats = {5, 1, 4, 2, 3, 9, 0, 8, 7, 6};
    Interval iv = Bootstrap.percentileInterval(4.5, stats, 0.8);
    // NumPy: np.percentile(range(10), [10, 90]) = [0.9, 8.1]
    assertThat(iv.lower()).isEqualTo(0.9, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(iv.upper()).isEqualTo(8.1, org.assertj.core.api.Assertions.within(1e-12));
  }
}
