package io.qsweep.solve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.TransitionModel;
import io.qsweep.env.toytext.CliffWalking;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Exact optimal values of the toy-text environments.
 *
 * <p>Reference numbers marked "numpy" were computed independently, by hand, with plain Python/numpy backward
 * induction over Gymnasium 1.4.0's own transition tables ({@code env.unwrapped.P}, {@code initial_state_distrib}) of
 * {@code FrozenLake-v1} and {@code Taxi-v4}; the Taxi values are additionally derived here from breadth-first-search
 * shortest paths, which uses no value iteration at all.
 */
class ToyTextValuesTest {

  @Test
  void frozenLake4x4() {
    Env env = EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("map", "4x4")));
    assertThat(env.maxEpisodeSteps()).isEqualTo(100);
    Solution s = ValueIteration.solve(env, 1.0);
    assertThat(s.horizon()).isEqualTo(100);
    assertThat(s.startValue()).isCloseTo(0.7441902878292689, within(1e-12)); // numpy
    // Without the time limit the optimal success probability is 14/17 (numpy: 0.82352941176...)
    Solution inf = ValueIteration.solve(env.model(), 1.0, 0, 1e-14, 1_000_000);
    assertThat(inf.startValue()).isCloseTo(14.0 / 17.0, within(1e-9));
    // the stationary greedy policy of Q*_100 is no better than V*_100 (the optimum may depend on the steps left)
    PolicyValue greedy = PolicyEvaluation.evaluate(env.model(), s.policy(), 1.0, 100);
    assertThat(greedy.startValue()).isLessThanOrEqualTo(s.startValue() + 1e-12).isGreaterThan(0.74);
    // the uniform random policy reaches the goal rarely
    Optimality.Gap random = Optimality.of(env, 1.0).gap(uniform(env));
    assertThat(random.policyStartValue()).isBetween(0.0, 0.05);
    assertThat(random.gap()).isGreaterThan(0.69);
  }

  @Test
  void frozenLake8x8() {
    Env env = EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("map", "8x8")));
    assertThat(env.maxEpisodeSteps()).isEqualTo(200);
    Solution s = ValueIteration.solve(env, 1.0);
    assertThat(s.startValue()).isCloseTo(0.9132201502016288, within(1e-12)); // numpy
    // the 8x8 lake can be crossed with probability 1 given unlimited time (numpy: 0.99999999999863)
    Solution inf = ValueIteration.solve(env.model(), 1.0, 0, 1e-14, 1_000_000);
    assertThat(inf.startValue()).isCloseTo(1.0, within(1e-8));
  }

  @Test
  void cliffWalkingIsThirteenStepsAlongTheEdge() {
    Env env = EnvRegistry.make("cliff_walking");
    assertThat(env.maxEpisodeSteps()).isZero();
    Solution s = ValueIteration.solve(env, 1.0);
    assertThat(s.horizon()).isZero();
    assertThat(s.startValue()).isEqualTo(-13.0);
    assertThat(s.values()[CliffWalking.START]).isEqualTo(-13.0);
    // up, 11 x right, down
    int state = CliffWalking.START;
    int[] expected = new int[13];
    Arrays.fill(expected, CliffWalking.RIGHT);
    expected[0] = CliffWalking.UP;
    expected[12] = CliffWalking.DOWN;
    for (int t = 0; t < 13; t++) {
      assertThat(s.policy()[state]).as("step %d", t).isEqualTo(expected[t]);
      TransitionModel m = env.model();
      int k = m.begin(state, s.policy()[state]);
      state = m.next(k);
    }
    assertThat(state).isEqualTo(CliffWalking.GOAL);
    assertThat(PolicyEvaluation.evaluate(env.model(), s.policy(), 1.0, 0).startValue()).isEqualTo(-13.0);
    // the uniform random policy terminates, but only after long walks with many falls: solved exactly
    Optimality opt = Optimality.of(env, 1.0);
    double[] uniform = uniform(env);
    Optimality.Gap random = opt.gap(uniform);
    assertThat(random.policyStartValue())
        .isCloseTo(Reference.linearSolve(env.model(), uniform, 1.0)[CliffWalking.START], within(1e-6));
    assertThat(random.policyStartValue()).isCloseTo(-65375.130398753776, within(1e-6)); // numpy linalg.solve
    // a policy that walks into the west wall from the start never finishes: -inf, gap +inf
    double[] west = new double[48 * 4];
    for (int st = 0; st < 48; st++) {
      west[st * 4 + CliffWalking.LEFT] = 1;
    }
    assertThat(opt.gap(west).policyStartValue()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(opt.gap(west).gap()).isEqualTo(Double.POSITIVE_INFINITY);
    // gamma 0.9: the same path, -(1 - 0.9^13) / (1 - 0.9)
    assertThat(ValueIteration.solve(env, 0.9).startValue())
        .isCloseTo(-(1 - Math.pow(0.9, 13)) / 0.1, within(1e-9));
  }

  @Test
  void taxiMatchesShortestPaths() {
    Env env = EnvRegistry.make("taxi");
    assertThat(env.maxEpisodeSteps()).isEqualTo(200);
    TransitionModel m = env.model();
    int[] steps = stepsToSuccess(m);
    // Every step pays -1 except the successful drop-off (+20); illegal pick-ups/drop-offs (-10) never help, so the
    // best return from s is 20 - (n(s) - 1) undiscounted, and -Σ_{t<n-1} γ^t + 20 γ^{n-1} discounted.
    double undiscounted = 0;
    double discounted = 0;
    int starts = 0;
    for (int s = 0; s < m.numStates(); s++) {
      double p = m.initialProb(s);
      if (p > 0) {
        starts++;
        int n = steps[s];
        assertThat(n).isBetween(1, 200);
        undiscounted += p * (21 - n);
        discounted += p * (-(1 - Math.pow(0.99, n - 1)) / 0.01 + 20 * Math.pow(0.99, n - 1));
      }
    }
    assertThat(starts).isEqualTo(300);
    assertThat(undiscounted).isCloseTo(7.93, within(1e-12)); // numpy

    Solution s1 = ValueIteration.solve(env, 1.0);
    assertThat(s1.startValue()).isCloseTo(undiscounted, within(1e-12));
    for (int s = 0; s < m.numStates(); s++) {
      if (m.initialProb(s) > 0) {
        assertThat(s1.values()[s]).isEqualTo(21.0 - steps[s]);
      }
    }
    // gamma 0.99, with the 200-step limit and without it (the optimum finishes in < 30 steps either way)
    Solution s99 = ValueIteration.solve(env, 0.99);
    assertThat(s99.startValue()).isCloseTo(discounted, within(1e-12));
    assertThat(s99.startValue()).isCloseTo(6.327464314919367, within(1e-12)); // numpy
    assertThat(ValueIteration.solve(m, 0.99, 0).startValue()).isCloseTo(discounted, within(1e-9));

    // the greedy optimal policy evaluates exactly to V*; the uniform random policy is far worse
    assertThat(PolicyEvaluation.evaluate(m, s1.policy(), 1.0, 200).startValue()).isEqualTo(s1.startValue());
    assertThat(PolicyEvaluation.evaluate(m, s99.policy(), 0.99, 200).startValue())
        .isCloseTo(s99.startValue(), within(1e-12));
    Optimality opt = Optimality.of(env, 1.0);
    assertThat(opt.gapOfGreedy(s1.q()).gap()).isCloseTo(0.0, within(1e-12));
    Optimality.Gap random = opt.gap(uniform(env));
    assertThat(random.policyStartValue()).isLessThan(-500); // -1 per step, ~ -10 per illegal action, rarely done
    assertThat(random.gap()).isGreaterThan(500);
  }

  @Test
  void taxiSolvesInMilliseconds() {
    Env env = EnvRegistry.make("taxi");
    Optimality.of(env, 1.0); // warm-up
    int n = 50;
    long t0 = System.nanoTime();
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += ValueIteration.solve(env, 0.99).startValue();
      sum += PolicyEvaluation.evaluate(env, uniform(env), 0.99).startValue();
    }
    double msPerSolve = (System.nanoTime() - t0) / 1e6 / n;
    assertThat(sum).isFinite();
    // ~1 ms on a shared 2-core machine; the bound only catches accidental super-linear work
    assertThat(msPerSolve).isLessThan(50.0);
  }

  /** Fewest steps to the successful (terminal) outcome from each state, by breadth-first search backwards. */
  private static int[] stepsToSuccess(TransitionModel m) {
    int ns = m.numStates();
    int[] dist = new int[ns];
    Arrays.fill(dist, -1);
    java.util.List<java.util.List<Integer>> pred = new java.util.ArrayList<>();
    for (int s = 0; s < ns; s++) {
      pred.add(new java.util.ArrayList<>());
    }
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int s = 0; s < ns; s++) {
      for (int a = 0; a < m.numActions(); a++) {
        for (int k = m.begin(s, a); k < m.end(s, a); k++) {
          assertThat(m.prob(k)).isEqualTo(1.0); // Taxi is deterministic
          if (m.terminal(k)) {
            if (dist[s] < 0) {
              dist[s] = 1;
              queue.add(s);
            }
          } else {
            pred.get(m.next(k)).add(s);
          }
        }
      }
    }
    while (!queue.isEmpty()) {
      int u = queue.poll();
      for (int p : pred.get(u)) {
        if (dist[p] < 0) {
          dist[p] = dist[u] + 1;
          queue.add(p);
        }
      }
    }
    return dist;
  }

  private static double[] uniform(Env env) {
    double[] pi = new double[env.numStates() * env.numActions()];
    Arrays.fill(pi, 1.0 / env.numActions());
    return pi;
  }
}
