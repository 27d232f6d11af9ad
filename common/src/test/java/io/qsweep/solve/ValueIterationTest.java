package io.qsweep.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qsweep.env.TransitionModel;
import io.qsweep.testing.TestMdps;
import org.junit.jupiter.api.Test;

class ValueIterationTest {

  @Test
  void discountedStayOrLeaveMatchesClosedForm() {
    TransitionModel m = TestMdps.stayOrLeave(1, 5);
    // gamma 0.9: staying forever is worth 1 / (1 - 0.9) = 10 > 5
    Solution s = ValueIteration.solve(m, 0.9, 0);
    assertThat(s.values()[0]).isCloseTo(10.0, within(1e-9));
    assertThat(s.policy()[0]).isEqualTo(0);
    assertThat(s.q()[0]).isCloseTo(10.0, within(1e-9));
    assertThat(s.q()[1]).isEqualTo(5.0);
    assertThat(s.startValue()).isEqualTo(s.values()[0]);
    // gamma 0.5: staying is worth 2 < 5
    Solution t = ValueIteration.solve(m, 0.5, 0);
    assertThat(t.values()[0]).isCloseTo(5.0, within(1e-12));
    assertThat(t.policy()[0]).isEqualTo(1);
  }

  @Test
  void discountedErrorIsWithinTheTolerance() {
    TransitionModel m = TestMdps.stayOrLeave(1, 0);
    for (double tol : new double[] {1e-3, 1e-6, 1e-9}) {
      Solution s = ValueIteration.solve(m, 0.99, 0, tol, 1_000_000);
      assertThat(Math.abs(s.values()[0] - 100.0)).isLessThanOrEqualTo(tol);
      // and it did not do far more work than the contraction bound needs
      assertThat(s.iterations()).isLessThan(5_000);
    }
  }

  @Test
  void gammaZeroIsTheBestImmediateReward() {
    Solution s = ValueIteration.solve(TestMdps.stayOrLeave(1, 5), 0.0, 0);
    assertThat(s.values()[0]).isEqualTo(5.0);
    assertThat(s.iterations()).isEqualTo(1);
  }

  @Test
  void finiteHorizonStaysThenLeaves() {
    TransitionModel m = TestMdps.stayOrLeave(1, 5);
    // gamma 1, horizon H: stay H-1 times (1 each) then leave (5): V*_H = H + 4; the first action is stay for H >= 2
    for (int h = 1; h <= 6; h++) {
      Solution s = ValueIteration.solve(m, 1.0, h);
      assertThat(s.values()[0]).isEqualTo(h + 4.0);
      assertThat(s.horizon()).isEqualTo(h);
      assertThat(s.iterations()).isEqualTo(h);
      assertThat(s.policy()[0]).isEqualTo(h == 1 ? 1 : 0);
      // Q_H(stay) = 1 + V*_{H-1} (V*_0 = 0), Q_H(leave) = 5
      assertThat(s.q()[0]).isEqualTo(h == 1 ? 1.0 : 1 + (h - 1) + 4.0);
      assertThat(s.q()[1]).isEqualTo(5.0);
    }
    // discounted finite horizon, gamma 0.5, H = 3: staying (1 + 0.5 * 5 = 3.5 at best) never beats leaving (5)
    assertThat(ValueIteration.solve(m, 0.5, 3).values()[0]).isEqualTo(5.0);
    Solution d = ValueIteration.solve(TestMdps.stayOrLeave(4, 5), 0.5, 3);
    // H=1: 5; H=2: max(5, 4 + 2.5) = 6.5; H=3: max(5, 4 + 3.25) = 7.25
    assertThat(d.values()[0]).isEqualTo(7.25);
  }

  @Test
  void undiscountedShortestPathIsExact() {
    Solution s = ValueIteration.solve(TestMdps.corridor(5), 1.0, 0);
    assertThat(s.startValue()).isEqualTo(-5.0);
    for (int c = 0; c < 5; c++) {
      assertThat(s.values()[c]).isEqualTo(-(5.0 - c));
      assertThat(s.policy()[c]).isEqualTo(1);
    }
    // with a horizon shorter than the path, the episode is cut: -3 after 3 steps
    assertThat(ValueIteration.solve(TestMdps.corridor(5), 1.0, 3).startValue()).isEqualTo(-3.0);
    // with a long horizon the recursion reaches a fixed point and stops early
    Solution longH = ValueIteration.solve(TestMdps.corridor(5), 1.0, 1000);
    assertThat(longH.startValue()).isEqualTo(-5.0);
    assertThat(longH.iterations()).isLessThan(10);
    assertThat(longH.residual()).isZero();
    assertThat(longH.policy()).isEqualTo(s.policy());
  }

  @Test
  void undiscountedGamblersRuinIsTheHittingProbability() {
    Solution s = ValueIteration.solve(TestMdps.gamblersRuin(10), 1.0, 0, 1e-13, 1_000_000);
    for (int i = 1; i < 10; i++) {
      assertThat(s.values()[i]).isCloseTo(i / 10.0, within(1e-9));
    }
    assertThat(s.startValue()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void undiscountedRewardLoopFailsClearly() {
    TransitionModel m = TestMdps.stayOrLeave(1, 5);
    assertThatThrownBy(() -> ValueIteration.solve(m, 1.0, 0, 1e-10, 500))
        .isInstanceOf(NotConvergedException.class)
        .hasMessageContaining("maxIterations=500")
        .hasMessageContaining("gamma=1.0")
        .hasMessageContaining("horizon")
        .satisfies(e -> assertThat(((NotConvergedException) e).iterations()).isEqualTo(500));
  }

  @Test
  void matchesBruteForceOverAllDeterministicPolicies() {
    // Independent reference: evaluate each of the 3^4 deterministic policies by Gaussian elimination on
    // (I - gamma P_pi) V = r_pi; V*(s) is the maximum over policies (a stationary deterministic optimum exists).
    for (long seed = 1; seed <= 5; seed++) {
      TransitionModel m = TestMdps.random(4, 3, 0.2, seed);
      double gamma = 0.9;
      double[] best = new double[4];
      java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
      int[] pi = new int[4];
      for (int code = 0; code < 81; code++) {
        for (int s = 0, c = code; s < 4; s++, c /= 3) {
          pi[s] = c % 3;
        }
        double[] v = Reference.linearSolve(m, pi, gamma);
        for (int s = 0; s < 4; s++) {
          best[s] = Math.max(best[s], v[s]);
        }
      }
      Solution sol = ValueIteration.solve(m, gamma, 0);
      for (int s = 0; s < 4; s++) {
        assertThat(sol.values()[s]).as("seed %d state %d", seed, s).isCloseTo(best[s], within(1e-9));
      }
      // the greedy policy attains V*
      double[] vg = Reference.linearSolve(m, sol.policy(), gamma);
      for (int s = 0; s < 4; s++) {
        assertThat(vg[s]).isCloseTo(best[s], within(1e-9));
      }
    }
  }

  @Test
  void finiteHorizonMatchesExpectimaxTreeSearch() {
    for (long seed = 11; seed <= 14; seed++) {
      TransitionModel m = TestMdps.random(4, 3, 0.25, seed);
      for (double gamma : new double[] {1.0, 0.8}) {
        int h = 5;
        Solution sol = ValueIteration.solve(m, gamma, h);
        for (int s = 0; s < 4; s++) {
          assertThat(sol.values()[s]).isCloseTo(Reference.expectimax(m, s, h, gamma), within(1e-12));
          for (int a = 0; a < 3; a++) {
            assertThat(sol.q()[s * 3 + a]).isCloseTo(Reference.qTree(m, s, a, h, gamma), within(1e-12));
          }
        }
      }
    }
  }

  @Test
  void bellmanOptimalityHoldsOnALargerRandomMdp() {
    TransitionModel m = TestMdps.random(200, 4, 0.05, 99);
    double gamma = 0.95;
    Solution sol = ValueIteration.solve(m, gamma, 0);
    for (int s = 0; s < 200; s++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int a = 0; a < 4; a++) {
        double q = 0;
        for (int k = m.begin(s, a); k < m.end(s, a); k++) {
          q += m.prob(k) * (m.reward(k) + (m.terminal(k) ? 0 : gamma * sol.values()[m.next(k)]));
        }
        assertThat(sol.q()[s * 4 + a]).isCloseTo(q, within(1e-9));
        max = Math.max(max, q);
      }
      assertThat(sol.values()[s]).isCloseTo(max, within(1e-9));
      assertThat(sol.q()[s * 4 + sol.policy()[s]]).isEqualTo(max(sol.q(), s, 4));
    }
    double start = 0;
    for (int s = 0; s < 200; s++) {
      start += m.initialProb(s) * sol.values()[s];
    }
    assertThat(sol.startValue()).isCloseTo(start, within(1e-12));
  }

  @Test
  void tiesGoToTheLowestAction() {
    TransitionModel m = TransitionModel.builder(1, 3)
        .outcome(0, 0, 1.0, 0, 1, true)
        .outcome(0, 1, 1.0, 0, 2, true)
        .outcome(0, 2, 1.0, 0, 2, true)
        .initial(0, 1).build();
    assertThat(ValueIteration.solve(m, 0.9, 0).policy()[0]).isEqualTo(1);
  }

  @Test
  void badArgumentsNameTheField() {
    TransitionModel m = TestMdps.corridor(3);
    assertThatThrownBy(() -> ValueIteration.solve(m, 1.5, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("gamma: 1.5 is outside [0, 1]");
    assertThatThrownBy(() -> ValueIteration.solve(m, Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gamma: NaN");
    assertThatThrownBy(() -> ValueIteration.solve(m, 0.9, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("horizon: -1");
    assertThatThrownBy(() -> ValueIteration.solve(m, 0.9, 0, 0.0, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance: 0.0");
    assertThatThrownBy(() -> ValueIteration.solve(m, 0.9, 0, 1e-9, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIterations: 0");
    assertThatThrownBy(() -> ValueIteration.solve((TransitionModel) null, 0.9, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model");
  }

  private static double max(double[] q, int s, int na) {
    double m = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < na; a++) {
      m = Math.max(m, q[s * na + a]);
    }
    return m;
  }
}
