package io.qsweep.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qsweep.env.Env;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TimeLimit;
import io.qsweep.env.TransitionModel;
import io.qsweep.testing.TestMdps;
import org.junit.jupiter.api.Test;

class OptimalityTest {

  @Test
  void greedyDistributionIsUniformOverExactTies() {
    double[] q = {1, 3, 3, 0, /* */ 0, 0, 0, 0, /* */ -1, -2, -0.5, -0.5000001};
    double[] pi = Optimality.greedyDistribution(q, 3, 4);
    assertThat(pi).containsExactly(0, 0.5, 0.5, 0, 0.25, 0.25, 0.25, 0.25, 0, 0, 1, 0);
    double[] negInf = {Double.NEGATIVE_INFINITY, 2};
    assertThat(Optimality.greedyDistribution(negInf, 1, 2)).containsExactly(0, 1);
  }

  @Test
  void greedyDistributionRejectsBadTables() {
    assertThatThrownBy(() -> Optimality.greedyDistribution(new double[3], 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("q: length 3 does not match numStates × numActions = 2 × 2");
    assertThatThrownBy(() -> Optimality.greedyDistribution(new double[] {0, Double.NaN}, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("q: value NaN of (state 0, action 1) is not finite");
  }

  @Test
  void usesTheTimeLimitAsHorizon() {
    TransitionModel m = TestMdps.corridor(10);
    Env limited = new TimeLimit(new TabularEnv("corridor", m), 4);
    Optimality o = Optimality.of(limited, 1.0);
    assertThat(o.horizon()).isEqualTo(4);
    assertThat(o.optimalStartValue()).isEqualTo(-4.0); // cut after 4 steps of -1
    Optimality inf = Optimality.of(new TabularEnv("corridor", m), 1.0);
    assertThat(inf.horizon()).isZero();
    assertThat(inf.optimalStartValue()).isEqualTo(-10.0);
  }

  @Test
  void gapIsZeroForAnOptimalQTableAndPositiveOtherwise() {
    TransitionModel m = TestMdps.random(40, 3, 0.05, 17);
    Optimality o = Optimality.of(m, 0.95, 0);
    Optimality.Gap best = o.gapOfGreedy(o.optimal().q());
    assertThat(best.optimalStartValue()).isEqualTo(o.optimalStartValue());
    assertThat(best.gap()).isCloseTo(0.0, within(1e-9));
    // a constant table: every action tied, i.e. the uniform random policy
    Optimality.Gap uniform = o.gapOfGreedy(new double[40 * 3]);
    assertThat(uniform.gap()).isGreaterThan(0.01);
    assertThat(uniform.policyStartValue()).isCloseTo(uniform.optimalStartValue() - uniform.gap(), within(1e-15));
    double[] pi = new double[40 * 3];
    java.util.Arrays.fill(pi, 1.0 / 3);
    assertThat(o.evaluate(pi).startValue()).isEqualTo(uniform.policyStartValue());
  }

  @Test
  void finiteHorizonStationaryGreedyPolicyPaysThePriceOfStationarity() {
    // stay (1) or leave (5), gamma 1, horizon 4: V* = 3 + 5 = 8 (stay 3 times, then leave). Q*_4 prefers staying,
    // and a stationary "stay" policy collects only 4: the gap is 4.
    TransitionModel m = TestMdps.stayOrLeave(1, 5);
    Optimality o = Optimality.of(m, 1.0, 4);
    Optimality.Gap g = o.gapOfGreedy(o.optimal().q());
    assertThat(g.optimalStartValue()).isEqualTo(8.0);
    assertThat(g.policyStartValue()).isEqualTo(4.0);
    assertThat(g.gap()).isEqualTo(4.0);
  }
}
