package io.qsweep.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActionSelectorTest {

  private static double[] probabilities(ActionSelector sel, double[] q, int off, int state, int numActions) {
    double[] p = new double[numActions];
    sel.probabilities(q, off, state, p);
    return p;
  }

  private static double[] frequencies(ActionSelector sel, double[] q, int off, int state, int numActions, int n,
      long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] f = new double[numActions];
    for (int i = 0; i < n; i++) {
      f[sel.select(q, off, state, rng)] += 1.0 / n;
    }
    return f;
  }

  @Test
  void epsilonGreedyGivesTheGreedyActionOneMinusEpsilonPlusEpsilonOverA() {
    ActionSelector sel = ActionSelector.create(ExplorationSpec.epsilonGreedy(0.2), 2, 4);
    double[] q = {0, 0, 0, 0, 1, 3, 2, 0}; // state 1's row starts at 4
    double[] p = probabilities(sel, q, 4, 1, 4);
    assertThat(p).containsExactly(new double[] {0.05, 0.85, 0.05, 0.05}, within(1e-15));
    assertThat(frequencies(sel, q, 4, 1, 4, 200_000, 7)).containsExactly(p, within(0.004));
  }

  @Test
  void epsilonGreedySplitsTheGreedyMassOverTies() {
    ActionSelector sel = ActionSelector.create(ExplorationSpec.epsilonGreedy(0.2), 1, 4);
    double[] q = {3, 3, 0, 0};
    double[] p = probabilities(sel, q, 0, 0, 4);
    assertThat(p).containsExactly(new double[] {0.45, 0.45, 0.05, 0.05}, within(1e-15));
    assertThat(frequencies(sel, q, 0, 0, 4, 200_000, 8)).containsExactly(p, within(0.004));
  }

  @Test
  void greedyWithoutTiesUsesNoRandomness() {
    ActionSelector sel = ActionSelector.create(ExplorationSpec.epsilonGreedy(0.0), 1, 3);
    SplittableRandom used = new SplittableRandom(5);
    SplittableRandom fresh = new SplittableRandom(5);
    for (int i = 0; i < 10; i++) {
      assertThat(sel.select(new double[] {0, 2, 1}, 0, 0, used)).isEqualTo(1);
    }
    assertThat(used.nextLong()).isEqualTo(fresh.nextLong());
  }

  @Test
  void epsilonFollowsItsScheduleByEpisode() {
    ActionSelector linear = ActionSelector.create(
        new ExplorationSpec.EpsilonGreedy(Schedule.linear(1.0, 0.1, 100)), 1, 2);
    double[][] expected = {{0, 1.0}, {50, 0.55}, {100, 0.1}, {1000, 0.1}};
    for (double[] ev : expected) {
      linear.beginEpisode((int) ev[0]);
      assertThat(linear.parameter()).isCloseTo(ev[1], within(1e-12));
      double eps = ev[1];
      assertThat(probabilities(linear, new double[] {1, 0}, 0, 0, 2))
          .containsExactly(new double[] {1 - eps / 2, eps / 2}, within(1e-12));
    }
    ActionSelector exp = ActionSelector.create(
        new ExplorationSpec.EpsilonGreedy(Schedule.exponential(1.0, 0.05, 0.9)), 1, 2);
    exp.beginEpisode(10);
    assertThat(exp.parameter()).isCloseTo(Math.pow(0.9, 10), within(1e-12));
    exp.beginEpisode(100);
    assertThat(exp.parameter()).isEqualTo(0.05);
  }

  @Test
  void softmaxProbabilitiesAreBoltzmann() {
    ActionSelector sel = ActionSelector.create(new ExplorationSpec.Softmax(Schedule.constant(0.5)), 1, 3);
    double[] q = {1, 2, 3};
    double z = Math.exp(2) + Math.exp(4) + Math.exp(6);
    double[] expected = {Math.exp(2) / z, Math.exp(4) / z, Math.exp(6) / z};
    assertThat(probabilities(sel, q, 0, 0, 3)).containsExactly(expected, within(1e-12));
    assertThat(frequencies(sel, q, 0, 0, 3, 200_000, 9)).containsExactly(expected, within(0.004));
  }

  @Test
  void softmaxIsStableForLargeValuesAndTinyTemperatures() {
    ActionSelector sel = ActionSelector.create(new ExplorationSpec.Softmax(Schedule.constant(0.01)), 1, 3);
    double[] p = probabilities(sel, new double[] {1000, 1001, 999.99}, 0, 0, 3);
    assertThat(p).doesNotContain(Double.NaN);
    assertThat(p[1]).isCloseTo(1.0, within(1e-12));
    // tied maxima share the mass even as the temperature vanishes
    double[] tied = probabilities(sel, new double[] {-5e8, 7e8, 7e8}, 0, 0, 3);
    assertThat(tied).containsExactly(new double[] {0, 0.5, 0.5}, within(1e-15));
  }

  @Test
  void softmaxTemperatureFollowsItsSchedule() {
    ActionSelector sel = ActionSelector.create(new ExplorationSpec.Softmax(Schedule.linear(10, 1, 9)), 1, 2);
    sel.beginEpisode(9);
    assertThat(sel.parameter()).isEqualTo(1.0);
    double[] p = probabilities(sel, new double[] {1, 0}, 0, 0, 2);
    assertThat(p[0]).isCloseTo(Math.E / (Math.E + 1), within(1e-12));
    sel.beginEpisode(0);
    p = probabilities(sel, new double[] {1, 0}, 0, 0, 2);
    assertThat(p[0]).isCloseTo(Math.exp(0.1) / (Math.exp(0.1) + 1), within(1e-12));
  }

  @Test
  void ucbTriesEveryActionFirstThenFollowsTheBonus() {
    UcbSelector sel = (UcbSelector) ActionSelector.create(new ExplorationSpec.Ucb(1.0), 3, 4);
    double[] q = new double[12];
    q[2 * 4 + 1] = 0.5; // state 2: Q = [0, 0.5, 0, 0]
    SplittableRandom rng = new SplittableRandom(3);
    assertThat(probabilities(sel, q, 8, 2, 4)).containsExactly(0.25, 0.25, 0.25, 0.25);
    Set<Integer> first = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      double[] p = probabilities(sel, q, 8, 2, 4);
      int a = sel.select(q, 8, 2, rng);
      assertThat(p[a]).as("uniform over untried").isEqualTo(1.0 / (4 - i));
      first.add(a);
    }
    assertThat(first).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(sel.stateVisits(2)).isEqualTo(4);
    assertThat(sel.stateVisits(0)).isZero();

    // all tried once: equal bonuses, so Q decides
    assertThat(sel.select(q, 8, 2, rng)).isEqualTo(1);
    // N(s) = 5: action 1 scores 0.5 + sqrt(ln 5 / 2) = 1.397 > sqrt(ln 5) = 1.269
    assertThat(sel.select(q, 8, 2, rng)).isEqualTo(1);
    // N(s) = 6: action 1 scores 0.5 + sqrt(ln 6 / 3) = 1.273 < sqrt(ln 6) = 1.339: the three others tie
    assertThat(probabilities(sel, q, 8, 2, 4)).containsExactly(new double[] {1 / 3.0, 0, 1 / 3.0, 1 / 3.0},
        within(1e-15));
    assertThat(sel.visits(2, 1)).isEqualTo(3);
    assertThat(sel.select(q, 8, 2, rng)).isIn(0, 2, 3);
  }

  @Test
  void ucbWithZeroBonusIsGreedyAfterTheTries() {
    ActionSelector sel = ActionSelector.create(new ExplorationSpec.Ucb(0.0), 1, 3);
    double[] q = {0, 2, 1};
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < 3; i++) {
      sel.select(q, 0, 0, rng);
    }
    for (int i = 0; i < 20; i++) {
      assertThat(sel.select(q, 0, 0, rng)).isEqualTo(1);
    }
  }

  @Test
  void probabilitiesSumToOneForEverySelector() {
    ExplorationSpec[] specs = {ExplorationSpec.parse("epsilon:0.3"), ExplorationSpec.parse("softmax:0.7"),
        ExplorationSpec.parse("ucb:2")};
    double[] q = {0.3, -1, 0.3, 2, 5};
    for (ExplorationSpec spec : specs) {
      ActionSelector sel = ActionSelector.create(spec, 1, 5);
      SplittableRandom rng = new SplittableRandom(1);
      for (int i = 0; i < 8; i++) {
        double sum = 0;
        for (double p : probabilities(sel, q, 0, 0, 5)) {
          assertThat(p).isBetween(0.0, 1.0);
          sum += p;
        }
        assertThat(sum).as(spec.toString()).isCloseTo(1.0, within(1e-12));
        sel.select(q, 0, 0, rng);
      }
    }
  }

  @Test
  void createValidatesItsArguments() {
    assertThatThrownBy(() -> ActionSelector.create(null, 1, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exploration: must be given");
    assertThatThrownBy(() -> ActionSelector.create(ExplorationSpec.epsilonGreedy(0.1), 0, 2))
        .hasMessage("numStates: 0 must be >= 1");
    assertThatThrownBy(() -> ActionSelector.create(ExplorationSpec.epsilonGreedy(0.1), 2, 0))
        .hasMessage("numActions: 0 must be >= 1");
  }
}
