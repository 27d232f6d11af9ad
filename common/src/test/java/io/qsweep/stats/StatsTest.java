package io.qsweep.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {
  // rliable's own test vectors (google-research/rliable tests/rliable/metrics_test.py), runs x tasks
  static final double[][] X = {{1, 2}, {2, 2}, {1, 1}, {2, 1}};
  static final double[][] Y = {{1, 1}, {2, 2}, {3, 3}};

  @Test
  void rliableAggregatesOfX() {
    // per-task means: (1+2+1+2)/4 = 1.5 and (2+2+1+1)/4 = 1.5, so mean and median 1.5;
    // IQM: 8 pooled scores sorted 1,1,1,1,2,2,2,2, drop int(0.25*8) = 2 from each end: mean(1,1,2,2) = 1.5
    assertThat(Aggregate.MEAN.applyAsDouble(X)).isEqualTo(1.5);
    assertThat(Aggregate.MEDIAN.applyAsDouble(X)).isEqualTo(1.5);
    assertThat(Aggregate.IQM.applyAsDouble(X)).isEqualTo(1.5);
  }

  @Test
  void rliableAggregatesOfY() {
    // per-task means 2 and 2; IQM: 1,1,2,2,3,3 drop int(1.5) = 1 from each end: mean(1,2,2,3) = 2
    assertThat(Aggregate.MEAN.applyAsDouble(Y)).isEqualTo(2.0);
    assertThat(Aggregate.MEDIAN.applyAsDouble(Y)).isEqualTo(2.0);
    assertThat(Aggregate.IQM.applyAsDouble(Y)).isEqualTo(2.0);
  }

  @Test
  void rliableProbabilityOfImprovement() {
    // Task 0: x = {1,2,1,2}, y = {1,2,3}: 12 pairs. Each x=1 ties y=1 (1/2) and loses to 2, 3 -> 1/2, twice: 1.
    // Each x=2 beats y=1 (1), ties y=2 (1/2), loses to 3 -> 3/2, twice: 3. Total 4/12 = 1/3.
    // Task 1: x = {2,2,1,1} is the same multiset, so 1/3 too; the average over tasks is 1/3 (rliable: 1/3).
    assertThat(Bootstrap.probabilityOfImprovement(X, Y)).isCloseTo(1.0 / 3, within(1e-15));
    assertThat(Stats.probabilityOfImprovement(new double[] {1, 2, 1, 2}, new double[] {1, 2, 3}))
        .isEqualTo(4.0 / 12);
    // Mann-Whitney with half ties is antisymmetric: P(X>Y) + P(Y>X) = 1
    assertThat(Bootstrap.probabilityOfImprovement(Y, X)).isCloseTo(2.0 / 3, within(1e-15));
    // identical samples: 1/2; complete domination: 1 and 0
    assertThat(Bootstrap.probabilityOfImprovement(X, X)).isEqualTo(0.5);
    assertThat(Stats.probabilityOfImprovement(new double[] {5, 6}, new double[] {1, 2, 3})).isEqualTo(1.0);
    assertThat(Stats.probabilityOfImprovement(new double[] {1, 2, 3}, new double[] {5, 6})).isEqualTo(0.0);
  }

  @Test
  void medianAggregateIsTheMedianOfTaskMeans() {
    double[][] s = {{0, 10, 4}, {2, 10, 6}}; // task means 1, 10, 5 -> median 5; pooled median would be 5 too
    assertThat(Aggregate.MEDIAN.applyAsDouble(s)).isEqualTo(5.0);
    double[][] t = {{0, 10, 4, 7}, {2, 10, 6, 9}}; // task means 1, 10, 5, 8 -> (5 + 8) / 2
    assertThat(Aggregate.MEDIAN.applyAsDouble(t)).isEqualTo(6.5);
    assertThat(Aggregate.MEAN.applyAsDouble(t)).isEqualTo(6.0);
  }

  @Test
  void quantilesFollowNumpyLinear() {
    // numpy.quantile([1,2,3,4], [0, .1, .25, .5, .9, 1]) = [1, 1.3, 1.75, 2.5, 3.7, 4]
    assertThat(Stats.quantiles(new double[] {4, 2, 1, 3}, 0, 0.1, 0.25, 0.5, 0.9, 1))
        .containsExactly(new double[] {1, 1.3, 1.75, 2.5, 3.7, 4}, within(1e-12));
    // numpy.quantile([7.5, -2, 3, 3, 10], [.025, .975, .33]) = [-1.5, 9.75, 3]
    assertThat(Stats.quantile(new double[] {7.5, -2, 3, 3, 10}, 0.025)).isCloseTo(-1.5, within(1e-12));
    assertThat(Stats.quantile(new double[] {7.5, -2, 3, 3, 10}, 0.975)).isCloseTo(9.75, within(1e-12));
    assertThat(Stats.quantile(new double[] {7.5, -2, 3, 3, 10}, 0.33)).isEqualTo(3.0);
    assertThat(Stats.median(new double[] {3, 1, 2})).isEqualTo(2.0);
    assertThat(Stats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    assertThat(Stats.median(new double[] {42})).isEqualTo(42.0);
  }

  @Test
  void meanStdAndTrimmedMeans() {
    double[] x = {2, 4, 4, 4, 5, 5, 7, 9};
    assertThat(Stats.mean(x)).isEqualTo(5.0);
    assertThat(Stats.std(x)).isCloseTo(Math.sqrt(32.0 / 7), within(1e-15)); // numpy std ddof=1: 2.1380899...
    assertThat(Stats.std(new double[] {3})).isNaN();
    // scipy.stats.trim_mean
    assertThat(Stats.iqm(new double[] {1, 2, 3, 4, 100})).isEqualTo(3.0); // drops int(1.25) = 1 each end
    assertThat(Stats.iqm(new double[] {5, 1, 9, 3, 7, 2, 8})).isEqualTo(5.0); // drops int(1.75) = 1 each end
    assertThat(Stats.iqm(new double[] {3, 1, 2})).isEqualTo(2.0); // int(0.75) = 0: the plain mean
    double[] r = new double[20];
    for (int i = 0; i < 20; i++) {
      r[19 - i] = i;
    }
    assertThat(Stats.iqm(r)).isEqualTo(9.5);
    assertThat(Stats.trimmedMean(r, 0.0)).isEqualTo(9.5);
    assertThat(Stats.trimmedMean(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 100}, 0.1)).isEqualTo(0.0);
    // inputs are not modified
    assertThat(r[0]).isEqualTo(19.0);
  }

  @Test
  void badInputsAreNamed() {
    assertThatThrownBy(() -> Stats.mean(new double[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("x: at least one value is required");
    assertThatThrownBy(() -> Stats.median(new double[] {1, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("x: value 1 is NaN");
    assertThatThrownBy(() -> Stats.quantile(new double[] {1}, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("q: 1.5 is outside [0, 1]");
    assertThatThrownBy(() -> Stats.trimmedMean(new double[] {1}, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("proportion: 0.5 is outside [0, 0.5)");
    assertThatThrownBy(() -> Aggregate.IQM.applyAsDouble(new double[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("scores: run 1 has 1 tasks, run 0 has 2");
    assertThatThrownBy(() -> Aggregate.MEAN.applyAsDouble(new double[0][]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("scores: at least one run is required");
    assertThatThrownBy(() -> Bootstrap.probabilityOfImprovement(X, new double[][] {{1}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("y: has 1 tasks, x has 2");
    assertThatThrownBy(() -> Aggregate.parse("mode"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aggregate: 'mode' is not one of mean, median, iqm");
    assertThat(Aggregate.parse(" IQM ")).isEqualTo(Aggregate.IQM);
  }
}
