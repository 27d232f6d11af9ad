package io.qsweep.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qsweep.env.TransitionModel;
import io.qsweep.testing.TestMdps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PolicyEvaluationTest {

  @Test
  void discountedMatchesLinearSolveForStochasticPolicies() {
    SplittableRandom rng = new SplittableRandom(7);
    for (long seed = 1; seed <= 5; seed++) {
      TransitionModel m = TestMdps.random(30, 4, 0.1, seed);
      double[] pi = randomPolicy(30, 4, rng);
      for (double gamma : new double[] {0.0, 0.5, 0.95}) {
        double[] ref = Reference.linearSolve(m, pi, gamma);
        PolicyValue v = PolicyEvaluation.evaluate(m, pi, gamma, 0);
        for (int s = 0; s < 30; s++) {
          assertThat(v.values()[s]).isCloseTo(ref[s], within(1e-9));
        }
        double start = 0;
        for (int s = 0; s < 30; s++) {
          start += m.initialProb(s) * ref[s];
        }
        assertThat(v.startValue()).isCloseTo(start, within(1e-9));
      }
    }
  }

  @Test
  void deterministicAndOneHotStochasticAgree() {
    TransitionModel m = TestMdps.random(25, 3, 0.1, 3);
    int[] pi = new int[25];
    for (int s = 0; s < 25; s++) {
      pi[s] = (s * 7) % 3;
    }
    double[] oneHot = Reference.oneHot(pi, 3);
    PolicyValue a = PolicyEvaluation.evaluate(m, pi, 0.9, 0);
    PolicyValue b = PolicyEvaluation.evaluate(m, oneHot, 0.9, 0);
    assertThat(a.values()).containsExactly(b.values(), within(1e-12));
    PolicyValue c = PolicyEvaluation.evaluate(m, pi, 1.0, 7);
    PolicyValue d = PolicyEvaluation.evaluate(m, oneHot, 1.0, 7);
    assertThat(c.values()).containsExactly(d.values(), within(1e-12));
  }

  @Test
  void finiteHorizonMatchesTreeSearch() {
    SplittableRandom rng = new SplittableRandom(8);
    TransitionModel m = TestMdps.random(4, 3, 0.25, 21);
    double[] pi = randomPolicy(4, 3, rng);
    for (double gamma : new double[] {1.0, 0.7}) {
      PolicyValue v = PolicyEvaluation.evaluate(m, pi, gamma, 5);
      assertThat(v.horizon()).isEqualTo(5);
      for (int s = 0; s < 4; s++) {
        assertThat(v.values()[s]).isCloseTo(Reference.policyTree(m, pi, s, 5, gamma), within(1e-12));
      }
    }
  }

  @Test
  void undiscountedGamblersRuin() {
    PolicyValue v = PolicyEvaluation.evaluate(TestMdps.gamblersRuin(8), new int[9], 1.0, 0, 1e-13, 1_000_000);
    for (int i = 1; i < 8; i++) {
      assertThat(v.values()[i]).isCloseTo(i / 8.0, within(1e-9));
    }
  }

  @Test
  void optimalPolicyValueEqualsVstar() {
    TransitionModel m = TestMdps.random(50, 4, 0.05, 5);
    Solution sol = ValueIteration.solve(m, 0.97, 0);
    PolicyValue v = PolicyEvaluation.evaluate(m, sol.policy(), 0.97, 0);
    assertThat(v.startValue()).isCloseTo(sol.startValue(), within(2e-10));
    // every other policy is no better, in every state
    SplittableRandom rng = new SplittableRandom(9);
    for (int i = 0; i < 5; i++) {
      PolicyValue r = PolicyEvaluation.evaluate(m, randomPolicy(50, 4, rng), 0.97, 0);
      for (int s = 0; s < 50; s++) {
        assertThat(r.values()[s]).isLessThanOrEqualTo(sol.values()[s] + 2e-10);
      }
      assertThat(r.startValue()).isLessThan(sol.startValue());
    }
  }

  @Test
  void neverTerminatingPolicyWithZeroRewardHasValueZero() {
    // corridor cell 4 is never entered (reaching it terminates) but as a state its actions loop forever with
    // reward 0: that never-terminating state is well defined under gamma = 1, with value 0
    TransitionModel m = TestMdps.corridor(4);
    int[] right = {1, 1, 1, 1, 0};
    PolicyValue v = PolicyEvaluation.evaluate(m, right, 1.0, 0);
    assertThat(v.values()).containsExactly(-4, -3, -2, -1, 0);
  }

  @Test
  void neverTerminatingPolicyWithCostsFailsClearlyWithoutHorizon() {
    TransitionModel m = TestMdps.corridor(4);
    int[] left = {0, 0, 0, 0, 0};
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(m, left, 1.0, 0, 1e-10, 2_000))
        .isInstanceOf(NotConvergedException.class)
        .hasMessageContaining("maxIterations=2000")
        .hasMessageContaining("never terminates");
    // with a horizon it is well defined: -1 per step
    assertThat(PolicyEvaluation.evaluate(m, left, 1.0, 50).startValue()).isEqualTo(-50.0);
    // and discounted it converges to -1 / (1 - gamma)
    assertThat(PolicyEvaluation.evaluate(m, left, 0.9, 0).startValue()).isCloseTo(-10.0, within(1e-9));
  }

  @Test
  void badPoliciesNameTheProblem() {
    TransitionModel m = TestMdps.corridor(2); // 3 states, 2 actions
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(m, new int[] {0, 1}, 0.9, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy: length 2 does not match numStates 3");
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(m, new int[] {0, 2, 0}, 0.9, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy: action 2 of state 1 is outside [0, 1]");
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(m, new double[] {1, 0, 1, 0}, 0.9, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("policy: length 4 does not match numStates × numActions = 3 × 2 = 6");
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(m, new double[] {1, 0, 0.5, 0.4, 0, 1}, 0.9, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probabilities of state 1 sum to 0.9");
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(m, new double[] {1, 0, -0.5, 1.5, 0, 1}, 0.9, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probability -0.5 of (state 1, action 0) is outside [0, 1]");
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(m, new int[] {0, 0, 0}, -0.1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("gamma: -0.1 is outside [0, 1]");
  }

  static double[] randomPolicy(int ns, int na, SplittableRandom rng) {
    double[] pi = new double[ns * na];
    for (int s = 0; s < ns; s++) {
      double sum = 0;
      for (int a = 0; a < na; a++) {
        pi[s * na + a] = rng.nextDouble() < 0.3 ? 0 : rng.nextDouble();
        sum += pi[s * na + a];
      }
      if (sum == 0) {
        pi[s * na] = 1;
        sum = 1;
      }
      for (int a = 0; a < na; a++) {
        pi[s * na + a] /= sum;
      }
    }
    return pi;
  }
}
