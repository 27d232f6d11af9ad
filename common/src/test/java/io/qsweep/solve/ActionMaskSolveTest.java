package io.qsweep.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qsweep.env.EnvRegistry;
import io.qsweep.env.TransitionModel;
import io.qsweep.env.toytext.MaxBias;
import org.junit.jupiter.api.Test;

/** Dynamic programming with per-state action sets: maxima, policies and policy values over valid actions only. */
class ActionMaskSolveTest {

  /**
   * States 0 (start), 1, 2 (terminal, absorbing); three actions. State 0 allows all three: a0 → 1 (reward 0),
   * a1 → end (reward 1), a2 → 1 (reward −0.5). State 1 allows only a0 → end (reward −2) when {@code masked}; its twin
   * without the mask also has a1 → end (reward 10) and a2 → 0 (reward 0), so the invalid actions would change V*.
   * (The value of the only valid action of state 1 is negative: a solver that also maximised over the invalid pairs,
   * which have no outcomes and reward 0, would get 0 there.)
   */
  private static TransitionModel model(boolean masked) {
    TransitionModel.Builder b = TransitionModel.builder(3, 3)
        .outcome(0, 0, 1.0, 1, 0.0, false)
        .outcome(0, 1, 1.0, 2, 1.0, true)
        .outcome(0, 2, 1.0, 1, -0.5, false)
        .outcome(1, 0, 1.0, 2, -2.0, true)
        .initial(0, 1.0);
    for (int a = 0; a < 3; a++) {
      b.outcome(2, a, 1.0, 2, 0.0, true);
    }
    if (masked) {
      b.validActions(1, 1);
    } else {
      b.outcome(1, 1, 1.0, 2, 10.0, true).outcome(1, 2, 1.0, 0, 0.0, false);
    }
    return b.build();
  }

  @Test
  void valueIterationMaximisesOverValidActionsOnly() {
    TransitionModel masked = model(true);
    TransitionModel full = model(false);
    assertThat(masked.validActionCounts()).containsExactly(3, 1, 3);
    assertThat(full.validActionCounts()).isNull();
    for (int horizon : new int[] {0, 2, 5}) {
      for (double gamma : new double[] {1.0, 0.9}) {
        Solution s = ValueIteration.solve(masked, gamma, horizon);
        Solution t = ValueIteration.solve(full, gamma, horizon);
        // masked: V*(1) = −2, V*(0) = max(−2γ, 1, −0.5 − 2γ) = 1; the twin's invalid a1 would make V*(1) = 10
        assertThat(s.values()[1]).as("h=%d γ=%s", horizon, gamma).isCloseTo(-2.0, within(1e-9));
        assertThat(s.startValue()).isCloseTo(1.0, within(1e-9));
        assertThat(t.values()[1]).isCloseTo(10.0, within(1e-9));
        assertThat(t.startValue()).isCloseTo(10 * gamma, within(1e-9));
        assertThat(s.policy()).containsExactly(1, 0, 0);
        assertThat(s.q()[0]).isCloseTo(-2 * gamma, within(1e-9));
        assertThat(s.q()[3]).isCloseTo(-2.0, within(1e-9));
        assertThat(s.q()[4]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.q()[5]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(s.q()[2]).isCloseTo(-0.5 - 2 * gamma, within(1e-9));
      }
    }
    // horizon 1: only immediate rewards count, V*(0) = max(0, 1, −0.5) = 1
    assertThat(ValueIteration.solve(masked, 1.0, 1).startValue()).isEqualTo(1.0);
  }

  @Test
  void policyEvaluationRejectsInvalidActionsAndValuesValidOnes() {
    TransitionModel m = model(true);
    assertThat(PolicyEvaluation.evaluate(m, new int[] {0, 0, 0}, 1.0, 0).startValue()).isCloseTo(-2.0, within(1e-12));
    assertThat(PolicyEvaluation.evaluate(m, new int[] {1, 0, 2}, 1.0, 0).startValue()).isCloseTo(1.0, within(1e-12));
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(m, new int[] {0, 1, 0}, 1.0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy: action 1 of state 1 is outside [0, 0] (the actions valid in state 1)");
    double[] stochastic = {0.5, 0.5, 0, /* */ 0.9, 0.1, 0, /* */ 1, 0, 0};
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(m, stochastic, 1.0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probability 0.1 of (state 1, action 1) is on an action that is not valid there");
    stochastic[3] = 1;
    stochastic[4] = 0;
    assertThat(PolicyEvaluation.evaluate(m, stochastic, 1.0, 0).startValue()).isCloseTo(-0.5, within(1e-12));
  }

  @Test
  void optimalityGapOfAGreedyTableIgnoresInvalidEntries() {
    Optimality o = Optimality.of(model(true), 1.0, 0);
    assertThat(o.optimalStartValue()).isCloseTo(1.0, within(1e-12));
    // Q* itself (−∞ on invalid actions) has gap 0
    assertThat(o.gapOfGreedy(o.optimal().q()).gap()).isCloseTo(0.0, within(1e-12));
    // a learned table whose invalid entries kept a large initial value: still greedy among the valid ones
    double[] q = {1, 2, 1.5, /* */ -3, 100, 100, /* */ 0, 0, 0};
    assertThat(o.gapOfGreedy(q).gap()).isCloseTo(0.0, within(1e-12));
    double[] pi = Optimality.greedyDistribution(q, 3, 3, new int[] {3, 1, 3});
    assertThat(pi).containsExactly(0, 1, 0, /* */ 1, 0, 0, /* */ 1.0 / 3, 1.0 / 3, 1.0 / 3);
    // a table preferring a0 in state 0 (worth −2) is 3 below the optimum
    assertThat(o.gapOfGreedy(new double[] {2, 1, 1.5, -3, 100, 100, 0, 0, 0}).gap()).isCloseTo(3.0, within(1e-12));
    // without the mask the same table would pick the invalid entries (the mask is what makes the difference)
    assertThat(Optimality.greedyDistribution(q, 3, 3)[4]).isEqualTo(0.5);
    assertThatThrownBy(() -> Optimality.greedyDistribution(q, 3, 3, new int[] {3, 0, 3}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("validActions: 0 of state 1 is outside [1, 3]");
  }

  @Test
  void maxBiasIsSolvedWithTheBooksTwoActionsInA() {
    Optimality o = Optimality.of(EnvRegistry.make("max_bias"), 1.0);
    Solution s = o.optimal();
    assertThat(s.startValue()).isEqualTo(0.0);
    assertThat(s.policy()[MaxBias.A]).isEqualTo(MaxBias.RIGHT);
    assertThat(s.q()[MaxBias.LEFT]).isCloseTo(-0.1, within(1e-12));
    for (int a = MaxBias.ACTIONS_IN_A; a < 10; a++) {
      assertThat(s.q()[a]).isEqualTo(Double.NEGATIVE_INFINITY);
    }
    // the ε-greedy policy restricted to A's two actions: LEFT with probability 0.05, worth 0.05 · −0.1
    double[] pi = new double[30];
    pi[MaxBias.RIGHT] = 0.95;
    pi[MaxBias.LEFT] = 0.05;
    for (int a = 0; a < 10; a++) {
      pi[10 + a] = 0.1;
      pi[20 + a] = 0.1;
    }
    assertThat(o.gap(pi).policyStartValue()).isCloseTo(-0.005, within(1e-12));
  }
}
