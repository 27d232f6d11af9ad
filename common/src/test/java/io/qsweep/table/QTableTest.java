package io.qsweep.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QTableTest {

  @Test
  void storesRowMajorInTheBackingArray() {
    QTable t = new QTable(3, 4);
    t.set(2, 1, 7.5);
    assertThat(t.values()[2 * 4 + 1]).isEqualTo(7.5);
    t.values()[5] = -1;
    assertThat(t.get(1, 1)).isEqualTo(-1);
    assertThat(t.numStates()).isEqualTo(3);
    assertThat(t.numActions()).isEqualTo(4);
  }

  @Test
  void fillCopyAndOf() {
    QTable t = new QTable(2, 2);
    t.fill(3.0);
    assertThat(t.values()).containsOnly(3.0);
    QTable c = t.copy();
    c.set(0, 0, 1.0);
    assertThat(t.get(0, 0)).isEqualTo(3.0);
    assertThat(c).isNotEqualTo(t);
    assertThat(t.copy()).isEqualTo(t).hasSameHashCodeAs(t);
    double[] v = {1, 2, 3, 4};
    QTable o = QTable.of(2, 2, v);
    v[0] = 99;
    assertThat(o.get(0, 0)).isEqualTo(1);
    assertThatThrownBy(() -> QTable.of(2, 2, new double[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("values: length 3");
  }

  @Test
  void maxValueAndDeterministicGreedyPolicy() {
    QTable t = QTable.of(3, 3, new double[] {1, 5, 5, -2, -1, -3, 0, 0, 0});
    assertThat(t.maxValue(0)).isEqualTo(5);
    assertThat(t.maxValue(1)).isEqualTo(-1);
    assertThat(t.greedyPolicy()).containsExactly(1, 1, 0);
  }

  @Test
  void greedyPolicyDistributionSpreadsOverTies() {
    QTable t = QTable.of(2, 4, new double[] {1, 5, 5, 5, 2, 1, 0, 0});
    assertThat(t.greedyPolicyDistribution()).containsExactly(new double[] {0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1, 0, 0, 0},
        within(1e-15));
  }

  @Test
  void greedyActionDrawsNoRandomnessWithoutATie() {
    QTable t = QTable.of(1, 5, new double[] {1, 4, 2, 4.000001, 0});
    SplittableRandom used = new SplittableRandom(42);
    SplittableRandom fresh = new SplittableRandom(42);
    for (int i = 0; i < 100; i++) {
      assertThat(t.greedyAction(0, used)).isEqualTo(3);
    }
    assertThat(used.nextLong()).as("generator untouched").isEqualTo(fresh.nextLong());
  }

  @Test
  void greedyActionDrawsOnceWhenTied() {
    QTable t = QTable.of(1, 3, new double[] {4, 4, 1});
    SplittableRandom used = new SplittableRandom(42);
    SplittableRandom fresh = new SplittableRandom(42);
    t.greedyAction(0, used);
    fresh.nextInt(2);
    assertThat(used.nextLong()).as("exactly one nextInt(ties)").isEqualTo(fresh.nextLong());
  }

  @Test
  void tiesAreBrokenUniformly() {
    // three of five actions tied: each must come up about a third of the time, the others never
    QTable t = QTable.of(1, 5, new double[] {2, 7, -1, 7, 7});
    SplittableRandom rng = new SplittableRandom(2024);
    int n = 30_000;
    int[] counts = new int[5];
    for (int i = 0; i < n; i++) {
      counts[t.greedyAction(0, rng)]++;
    }
    assertThat(counts[0]).isZero();
    assertThat(counts[2]).isZero();
    double expected = n / 3.0;
    double chi2 = 0;
    for (int a : new int[] {1, 3, 4}) {
      chi2 += Math.pow(counts[a] - expected, 2) / expected;
    }
    assertThat(chi2).as("chi-square, 2 dof, p = 0.001 critical value 13.8").isLessThan(13.8);
  }

  @Test
  void staticArgmaxAndMaxReadARowInPlace() {
    double[] q = {9, 9, 0, 1, 3, 2};
    assertThat(QTable.argmax(q, 3, 3, new SplittableRandom(1))).isEqualTo(1);
    assertThat(QTable.max(q, 3, 3)).isEqualTo(3);
    assertThat(QTable.argmax(q, 2, 1, new SplittableRandom(1))).isZero();
  }

  @Test
  void meanIsElementWise() {
    QTable a = QTable.of(1, 3, new double[] {1, 2, 3});
    QTable b = QTable.of(1, 3, new double[] {3, 2, -3});
    assertThat(QTable.mean(List.of(a, b)).values()).containsExactly(2, 2, 0);
    assertThat(QTable.mean(List.of(a)).values()).containsExactly(1, 2, 3);
  }

  @Test
  void invalidArgumentsAreNamed() {
    assertThatThrownBy(() -> new QTable(0, 2)).hasMessage("numStates: 0 must be >= 1");
    assertThatThrownBy(() -> new QTable(2, -1)).hasMessage("numActions: -1 must be >= 1");
    QTable t = new QTable(2, 3);
    assertThatThrownBy(() -> t.get(2, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state: 2 is outside [0, 1]");
    assertThatThrownBy(() -> t.set(0, 3, 1)).hasMessage("action: 3 is outside [0, 2]");
    assertThatThrownBy(() -> QTable.mean(List.of())).hasMessageContaining("at least one table");
    assertThatThrownBy(() -> QTable.mean(List.of(t, new QTable(3, 2))))
        .hasMessage("tables: table 1 is 3x2, table 0 is 2x3");
  }
}
