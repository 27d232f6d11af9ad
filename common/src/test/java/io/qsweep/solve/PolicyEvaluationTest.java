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
  void neverTerminatingPolicyWithCostsIsMinusInfinityWithoutHorizon() {
    TransitionModel m = TestMdps.corridor(4);
    int[] left = {0, 0, 0, 0, 0};
    PolicyValue v = PolicyEvaluation.evaluate(m, left, 1.0, 0);
    // every cell walks left into cell 0 and bumps there forever at -1 per step
    assertThat(v.values()).containsExactly(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0);
    assertThat(v.startValue()).isEqualTo(Double.NEGATIVE_INFINITY);
    // with a horizon it is well defined: -1 per step
    assertThat(PolicyEvaluation.evaluate(m, left, 1.0, 50).startValue()).isEqualTo(-50.0);
    // and discounted it converges to -1 / (1 - gamma)
    assertThat(PolicyEvaluation.evaluate(m, left, 0.9, 0).startValue()).isCloseTo(-10.0, within(1e-9));
  }

  @Test
  void undiscountedLoopsGetTheValueOfTheirRewardSigns() {
    // states: 0 = +1 loop, 1 = -1 loop, 2 = loop 2<->3 with rewards +1 and -1, 4 = zero loop,
    // 5 = coin flip into 0 or 1, 6 = coin flip into 4 or terminate with reward 3, 7 = into 1 or 6
    TransitionModel m = TransitionModel.builder(8, 1)
        .outcome(0, 0, 1.0, 0, 1, false)
        .outcome(1, 0, 1.0, 1, -1, false)
        .outcome(2, 0, 1.0, 3, 1, false)
        .outcome(3, 0, 1.0, 2, -1, false)
        .outcome(4, 0, 1.0, 4, 0, false)
        .outcome(5, 0, 0.5, 0, 0, false).outcome(5, 0, 0.5, 1, 0, false)
        .outcome(6, 0, 0.5, 4, -2, false).outcome(6, 0, 0.5, 6, 3, true)
        .outcome(7, 0, 0.25, 1, 0, false).outcome(7, 0, 0.75, 6, 0, false)
        .initial(6, 1.0).build();
    PolicyValue v = PolicyEvaluation.evaluate(m, new int[8], 1.0, 0);
    assertThat(v.values()[0]).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(v.values()[1]).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(v.values()[2]).isNaN();
    assertThat(v.values()[3]).isNaN();
    assertThat(v.values()[4]).isEqualTo(0.0);
    assertThat(v.values()[5]).isNaN(); // may end up in +inf or -inf
    assertThat(v.values()[6]).isEqualTo(0.5 * -2 + 0.5 * 3); // finite: the zero loop and termination only
    assertThat(v.values()[7]).isEqualTo(Double.NEGATIVE_INFINITY); // reaches the -1 loop with probability 1/4
    assertThat(v.startValue()).isEqualTo(0.5); // infinities of states that cannot start do not leak in
    assertThat(v.iterations()).isZero();
  }

  @Test
  void undiscountedSlowlyTerminatingPolicyIsSolvedExactly() {
    // the uniform random walk on a corridor terminates with probability 1 but after ~length^2 steps:
    // expected steps from cell i to reach cell L with a reflecting wall at 0 is L^2 + L - i^2 - i (here all -1 each)
    int len = 60;
    TransitionModel m = TestMdps.corridor(len);
    double[] pi = new double[(len + 1) * 2];
    java.util.Arrays.fill(pi, 0.5);
    PolicyValue v = PolicyEvaluation.evaluate(m, pi, 1.0, 0);
    for (int i = 0; i < len; i++) {
      double steps = (double) len * len + len - (double) i * i - i;
      assertThat(v.values()[i]).isCloseTo(-steps, within(1e-8 * steps));
    }
    assertThat(v.startValue()).isCloseTo(-(len * len + len), within(1e-6));
  }

  @Test
  void largeUndiscountedBlocksFallBackToSweeps() {
    // a ring of 1,200 states (above the dense limit): from each, reward 1 and either the next state or the end,
    // with probability 1/2 each: V = 2 everywhere, reached in a few dozen sweeps
    int n = 1200;
    TransitionModel.Builder b = TransitionModel.builder(n, 1);
    for (int s = 0; s < n; s++) {
      b.outcome(s, 0, 0.5, (s + 1) % n, 1, false).outcome(s, 0, 0.5, s, 1, true);
    }
    TransitionModel ring = b.initial(0, 1).build();
    PolicyValue v = PolicyEvaluation.evaluate(ring, new int[n], 1.0, 0, 1e-12, 1000);
    assertThat(v.iterations()).isBetween(1, 100);
    for (double x : v.values()) {
      assertThat(x).isCloseTo(2.0, within(1e-11));
    }
    // a ring that almost never ends mixes too slowly for the cap: a clear error, not a hang
    TransitionModel.Builder slow = TransitionModel.builder(n, 1);
    for (int s = 0; s < n; s++) {
      slow.outcome(s, 0, 1 - 1e-9, (s + 1) % n, 1, false).outcome(s, 0, 1e-9, s, 1, true);
    }
    TransitionModel slowRing = slow.initial(0, 1).build();
    assertThatThrownBy(() -> PolicyEvaluation.evaluate(slowRing, new int[n], 1.0, 0, 1e-10, 50))
        .isInstanceOf(NotConvergedException.class)
        .hasMessageContaining("transient block of 1200 states")
        .hasMessageContaining("maxIterations=50");
  }

  @Test
  void undiscountedMatchesLinearSolveOnRandomTerminatingMdps() {
    SplittableRandom rng = new SplittableRandom(12);
    for (long seed = 1; seed <= 5; seed++) {
      TransitionModel m = TestMdps.random(40, 3, 0.3, seed);
      double[] pi = randomPolicy(40, 3, rng); // every action has probability > 0 in ~70% of the entries
      PolicyValue v = PolicyEvaluation.evaluate(m, pi, 1.0, 0);
      double[] ref = Reference.linearSolve(m, pi, 1.0);
      for (int s = 0; s < 40; s++) {
        assertThat(v.values()[s]).as("seed %d state %d", seed, s)
            .isCloseTo(ref[s], within(1e-9 * Math.max(1, Math.abs(ref[s]))));
      }
    }
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
