package io.qsweep.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Greedy actions, policies and maxima of a rectangular table restricted to each state's valid actions. */
class QTableActionMaskTest {

  private static QTable table() {
    // state 0: 2 of 4 valid (invalid entries hold a large initial value); state 1: all 4; state 2: 1 valid
    return QTable.of(3, 4, new double[] {-1, -2, 9, 9, /* */ 0, 3, 3, 1, /* */ -5, 9, 9, 9});
  }

  private static final int[] VALID = {2, 4, 1};

  @Test
  void greedyChoicesStayWithinTheValidActions() {
    QTable q = table();
    assertThat(q.greedyPolicy(VALID)).containsExactly(0, 1, 0);
    assertThat(q.greedyPolicy()).containsExactly(2, 1, 1); // every action valid: the large entries win
    assertThat(q.maxValue(0, VALID)).isEqualTo(-1.0);
    assertThat(q.maxValue(2, VALID)).isEqualTo(-5.0);
    assertThat(q.maxValue(0)).isEqualTo(9.0);
    assertThat(q.greedyPolicyDistribution(VALID)).containsExactly(1, 0, 0, 0, /* */ 0, 0.5, 0.5, 0, /* */ 1, 0, 0, 0);
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      assertThat(q.greedyAction(0, VALID, rng)).isZero();
      assertThat(q.greedyAction(1, VALID, rng)).isIn(1, 2);
      assertThat(q.greedyAction(2, VALID, rng)).isZero();
    }
  }

  @Test
  void malformedActionSetsAreRejected() {
    QTable q = table();
    assertThatThrownBy(() -> q.greedyPolicy(new int[] {1, 1})).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validActions: length 2 does not match numStates 3");
    assertThatThrownBy(() -> q.greedyPolicy(new int[] {1, 5, 1})).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validActions: 5 of state 1 is outside [1, 4]");
    assertThatThrownBy(() -> q.maxValue(0, new int[] {0, 1, 1})).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validActions: 0 of state 0 is outside [1, 4]");
  }
}
