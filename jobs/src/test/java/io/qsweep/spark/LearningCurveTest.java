package io.qsweep.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LearningCurveTest {

  @Test
  void averagesWindowsAndPlacesEachPointAtTheWindowEnd() {
    LearningCurve c = LearningCurve.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 10);
    assertThat(c.steps()).containsExactly(2, 4, 6);
    assertThat(c.values()).containsExactly(1.5, 3.5, 5.5);
  }

  @Test
  void aShorterLastWindowEndsAtTheFinalEpisode() {
    LearningCurve c = LearningCurve.of(new double[] {0, 0, 0, 1, 1, 1, 7}, 3, 10);
    assertThat(c.steps()).containsExactly(3, 6, 7);
    assertThat(c.values()).containsExactly(0.0, 1.0, 7.0);
  }

  @Test
  void downsamplesEvenlyKeepingTheFirstAndLastPoints() {
    double[] returns = new double[100];
    for (int e = 0; e < returns.length; e++) {
      returns[e] = e;
    }
    LearningCurve c = LearningCurve.of(returns, 10, 4); // 10 windows -> indices 0, 3, 6, 9
    assertThat(c.steps()).containsExactly(10, 40, 70, 100);
    assertThat(c.values()).containsExactly(4.5, 34.5, 64.5, 94.5);
    assertThat(LearningCurve.of(returns, 10, 1).steps()).containsExactly(100);
    assertThat(LearningCurve.of(returns, 1, 200).length()).isEqualTo(100);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> LearningCurve.of(new double[0], 1, 1)).hasMessageContaining("returns");
    assertThatThrownBy(() -> LearningCurve.of(new double[1], 0, 1)).hasMessageContaining("every: 0");
    assertThatThrownBy(() -> LearningCurve.of(new double[1], 1, 0)).hasMessageContaining("maxPoints: 0");
  }
}
