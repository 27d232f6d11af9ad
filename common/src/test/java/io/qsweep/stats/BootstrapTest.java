package io.qsweep.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BootstrapTest {

  static double[][] normal(int runs, int tasks, double mean, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] s = new double[runs][tasks];
    for (int r = 0; r < runs; r++) {
      for (int t = 0; t < tasks; t++) {
        s[r][t] = mean + t + gaussian(rng);
      }
    }
    return s;
  }

  static double gaussian(SplittableRandom rng) { // Box-Muller, so the test does not depend on JDK internals
    return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  @Test
  void intervalContainsTheEstimateForEveryAggregate() {
    double[][] s = normal(10, 3, 0, 1);
    for (Aggregate a : Aggregate.values()) {
      Interval iv = Bootstrap.stratified(s, a, 42);
      assertThat(iv.estimate()).isEqualTo(a.applyAsDouble(s));
      assertThat(iv.contains(iv.estimate())).as(a.key()).isTrue();
      assertThat(iv.width()).as(a.key()).isGreaterThan(0);
    }
  }

  @Test
  void reproducibleWithTheSameSeedAndDifferentWithAnother() {
    double[][] s = normal(8, 2, 1, 2);
    Interval a = Bootstrap.stratified(s, Aggregate.IQM, 2000, 0.95, 7);
    Interval b = Bootstrap.stratified(s, Aggregate.IQM, 2000, 0.95, 7);
    Interval c = Bootstrap.stratified(s, Aggregate.IQM, 2000, 0.95, 8);
    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
    assertThat(c.estimate()).isEqualTo(a.estimate());
  }

  @Test
  void shrinksLikeOneOverRootN() {
    // N(0, 1) scores, one task: the 95% interval of the mean is about 2 * 1.96 / sqrt(n) wide
    Interval small = Bootstrap.stratified(normal(25, 1, 0, 3), Aggregate.MEAN, 2000, 0.95, 1);
    Interval large = Bootstrap.stratified(normal(400, 1, 0, 4), Aggregate.MEAN, 2000, 0.95, 1);
    assertThat(large.width()).isLessThan(small.width() / 2);
    assertThat(small.width()).isCloseTo(2 * 1.96 / 5, within(0.25 * 2 * 1.96 / 5));
    assertThat(large.width()).isCloseTo(2 * 1.96 / 20, within(0.15 * 2 * 1.96 / 20));
    // and a wider confidence gives a wider interval from the same replicates
    Interval wide = Bootstrap.stratified(normal(25, 1, 0, 3), Aggregate.MEAN, 2000, 0.99, 1);
    assertThat(wide.lower()).isLessThan(small.lower());
    assertThat(wide.upper()).isGreaterThan(small.upper());
  }

  @Test
  void resamplesWithinEachTask() {
    // Each task's runs are identical, tasks differ: a stratified replicate always contains every task once per run,
    // so the mean never moves. Pooled (unstratified) resampling would mix tasks and give a wide interval.
    double[][] s = {{0, 10}, {0, 10}, {0, 10}, {0, 10}};
    Interval iv = Bootstrap.stratified(s, Aggregate.MEAN, 500, 0.95, 5);
    assertThat(iv).isEqualTo(new Interval(5, 5, 5));
    Interval iqm = Bootstrap.stratified(s, Aggregate.IQM, 500, 0.95, 5);
    assertThat(iqm.width()).isZero();
  }

  @Test
  void acceptsACustomStatistic() {
    double[][] s = normal(12, 2, 0, 9);
    // rliable's optimality gap with threshold 1: 1 - mean(min(scores, 1))
    Interval gap = Bootstrap.stratified(s, m -> {
      double sum = 0;
      for (double[] run : m) {
        for (double v : run) {
          sum += Math.min(v, 1);
        }
      }
      return 1 - sum / (m.length * m[0].length);
    }, 1000, 0.95, 3);
    assertThat(gap.contains(gap.estimate())).isTrue();
    assertThat(gap.width()).isGreaterThan(0);
  }

  @Test
  void probabilityOfImprovementInterval() {
    double[][] x = normal(10, 2, 1.0, 11);
    double[][] y = normal(12, 2, 0.0, 12);
    Interval iv = Bootstrap.probabilityOfImprovement(x, y, 2000, 0.95, 1);
    assertThat(iv.estimate()).isEqualTo(Bootstrap.probabilityOfImprovement(x, y));
    assertThat(iv.estimate()).isBetween(0.6, 0.95); // shift of one standard deviation: P = Phi(1/sqrt 2) = 0.76
    assertThat(iv.contains(iv.estimate())).isTrue();
    assertThat(iv.lower()).isGreaterThanOrEqualTo(0).isLessThan(iv.upper());
    assertThat(iv.upper()).isLessThanOrEqualTo(1);
    assertThat(Bootstrap.probabilityOfImprovement(x, y, 2000, 0.95, 1)).isEqualTo(iv);
    // mirrored: P(Y > X) = 1 - P(X > Y) for the point estimate
    assertThat(Bootstrap.probabilityOfImprovement(y, x)).isCloseTo(1 - iv.estimate(), within(1e-12));
  }

  @Test
  void badArgumentsAreNamed() {
    double[][] s = {{1}};
    assertThatThrownBy(() -> Bootstrap.stratified(s, Aggregate.MEAN, 0, 0.95, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("resamples: 0 must be >= 1");
    assertThatThrownBy(() -> Bootstrap.stratified(s, Aggregate.MEAN, 10, 1.0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("confidence: 1.0 is outside (0, 1)");
    assertThatThrownBy(() -> Bootstrap.stratified(new double[][] {{Double.NaN}}, Aggregate.MEAN, 10, 0.9, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("scores: score of run 0, task 0 is NaN");
  }
}
