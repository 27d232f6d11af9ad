package io.qsweep.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import io.qsweep.env.TransitionModel;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The environment contract, checked on any {@link Env}: a well-formed model, determinism under a seed, and agreement
 * between {@code step} and the model (empirical next-state frequencies and rewards match within sampling tolerance).
 * Shared through the test-jar so every module can run it on the environments it adds.
 */
public final class EnvContract {
  private EnvContract() {
  }

  /**
   * The model is a proper MDP: sizes match, the action sets are well formed (no mask, or per-state counts in
   * {@code [1, numActions]}, the same from the env and its model), every valid (s, a) has a distribution summing to
   * 1 and every invalid one no outcomes at all, start distribution sums to 1.
   */
  public static void checkModel(Env env) {
    TransitionModel m = env.model();
    assertThat(m.numStates()).as("model states").isEqualTo(env.numStates());
    assertThat(m.numActions()).as("model actions").isEqualTo(env.numActions());
    int[] valid = env.validActionCounts();
    assertThat(valid).as("env and model agree on the action sets").isEqualTo(m.validActionCounts());
    assertThat(valid == null).as("a mask is given exactly when some state has fewer actions")
        .isEqualTo(!m.hasActionMask());
    if (valid != null) {
      assertThat(valid).hasSize(m.numStates());
      boolean fewer = false;
      for (int s = 0; s < m.numStates(); s++) {
        assertThat(valid[s]).as("valid actions of state %d", s).isBetween(1, m.numActions());
        assertThat(m.numValidActions(s)).isEqualTo(valid[s]);
        fewer |= valid[s] < m.numActions();
      }
      assertThat(fewer).as("a mask restricts some state").isTrue();
      valid[0] = -1; // a copy: callers cannot change the environment's action sets
      assertThat(env.validActionCounts()[0]).isEqualTo(m.numValidActions(0));
    }
    for (int s = 0; s < m.numStates(); s++) {
      assertThat(m.numValidActions(s)).isBetween(1, m.numActions());
      for (int a = m.numValidActions(s); a < m.numActions(); a++) {
        assertThat(m.end(s, a)).as("invalid (%d,%d) has no outcomes", s, a).isEqualTo(m.begin(s, a));
        assertThat(m.expectedReward(s, a)).isZero();
      }
      for (int a = 0; a < m.numValidActions(s); a++) {
        double sum = 0;
        assertThat(m.end(s, a)).as("(%d,%d) has outcomes", s, a).isGreaterThan(m.begin(s, a));
        for (int k = m.begin(s, a); k < m.end(s, a); k++) {
          assertThat(m.prob(k)).isBetween(0.0, 1.0);
          assertThat(m.next(k)).isBetween(0, m.numStates() - 1);
          assertThat(m.reward(k)).isFinite();
          sum += m.prob(k);
        }
        assertThat(sum).as("probabilities of (%d,%d)", s, a).isCloseTo(1.0, within(1e-9));
      }
    }
    double start = 0;
    for (int s = 0; s < m.numStates(); s++) {
      start += m.initialProb(s);
    }
    assertThat(start).as("start distribution").isCloseTo(1.0, within(1e-9));
  }

  /** Two instances seeded alike produce identical trajectories under the same actions. */
  public static void checkDeterminism(Supplier<Env> factory, long seed, int steps) {
    Env e1 = factory.get();
    Env e2 = factory.get();
    SplittableRandom actions = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int[] valid = e1.validActionCounts();
    assertThat(e1.reset(seed)).isEqualTo(e2.reset(seed));
    for (int i = 0; i < steps; i++) {
      int a = actions.nextInt(valid == null ? e1.numActions() : valid[e1.state()]);
      Step s1 = e1.step(a);
      int st = s1.state;
      double r = s1.reward;
      boolean te = s1.terminated;
      boolean tr = s1.truncated;
      Step s2 = e2.step(a);
      assertThat(s2.state).as("state at step %d", i).isEqualTo(st);
      assertThat(s2.reward).as("reward at step %d", i).isEqualTo(r);
      assertThat(s2.terminated).isEqualTo(te);
      assertThat(s2.truncated).isEqualTo(tr);
      if (te || tr) {
        assertThat(e1.reset()).isEqualTo(e2.reset());
      }
    }
  }

  /**
   * Plays uniformly random valid actions for {@code steps} steps and compares, for every (s, a) visited at least
   * {@code minVisits} times, the empirical next-state/terminal frequencies with the model (within 5 standard errors)
   * and the mean reward with the model's expected reward; also the empirical start distribution. Returns the number
   * of (s, a) pairs checked.
   */
  public static int checkStepMatchesModel(Env env, long seed, int steps, int minVisits) {
    TransitionModel m = env.model();
    int nA = env.numActions();
    int[] valid = env.validActionCounts();
    Map<Long, int[]> outcomeCounts = new HashMap<>();
    int[] visits = new int[m.numStates() * nA];
    double[] rewardSum = new double[m.numStates() * nA];
    int[] startCounts = new int[m.numStates()];
    int episodes = 1;
    SplittableRandom actions = new SplittableRandom(seed + 1);
    int s = env.reset(seed);
    startCounts[s]++;
    for (int i = 0; i < steps; i++) {
      int a = actions.nextInt(valid == null ? nA : valid[s]);
      Step st = env.step(a);
      int sa = s * nA + a;
      visits[sa]++;
      rewardSum[sa] += st.reward;
      long key = ((long) sa * m.numStates() + st.state) * 2 + (st.terminated ? 1 : 0);
      outcomeCounts.computeIfAbsent(key, k -> new int[1])[0]++;
      if (st.terminated || st.truncated) {
        s = env.reset();
        startCounts[s]++;
        episodes++;
      } else {
        s = st.state;
      }
    }
    int checked = 0;
    for (int sa = 0; sa < visits.length; sa++) {
      int n = visits[sa];
      if (n < minVisits) {
        continue;
      }
      checked++;
      int st = sa / nA;
      int a = sa % nA;
      Map<Long, Double> p = new HashMap<>();
      double rewardVar = 0;
      for (int k = m.begin(st, a); k < m.end(st, a); k++) {
        long key = ((long) sa * m.numStates() + m.next(k)) * 2 + (m.terminal(k) ? 1 : 0);
        p.merge(key, m.prob(k), Double::sum);
        rewardVar += m.prob(k) * (m.rewardStd(k) * m.rewardStd(k) + m.reward(k) * m.reward(k));
      }
      for (Map.Entry<Long, Double> e : p.entrySet()) {
        int[] c = outcomeCounts.get(e.getKey());
        double freq = c == null ? 0 : (double) c[0] / n;
        double q = e.getValue();
        double tol = 5 * Math.sqrt(q * (1 - q) / n) + 1e-12;
        assertThat(freq).as("P(next %d, terminal %b | s=%d, a=%d) over %d visits", (e.getKey() / 2) % m.numStates(),
            e.getKey() % 2 == 1, st, a, n).isCloseTo(q, within(tol));
      }
      for (Map.Entry<Long, int[]> e : outcomeCounts.entrySet()) {
        if (e.getKey() / 2 / m.numStates() == sa) {
          assertThat(p).as("observed outcome of (s=%d, a=%d) exists in the model", st, a).containsKey(e.getKey());
        }
      }
      double mean = m.expectedReward(st, a);
      rewardVar -= mean * mean;
      double tol = 5 * Math.sqrt(Math.max(rewardVar, 0) / n) + 1e-9;
      assertThat(rewardSum[sa] / n).as("mean reward of (s=%d, a=%d)", st, a).isCloseTo(mean, within(tol));
    }
    for (int x = 0; x < m.numStates(); x++) {
      double q = m.initialProb(x);
      double tol = 5 * Math.sqrt(q * (1 - q) / episodes) + 1e-12;
      assertThat((double) startCounts[x] / episodes).as("start probability of %d", x).isCloseTo(q, within(tol));
    }
    return checked;
  }

  /**
   * Stepping an action outside the current state's valid prefix (or outside {@code [0, numActions)}) throws
   * {@link IllegalArgumentException} and leaves the environment where it was; visits every reachable state by
   * random valid play for {@code steps} steps and tries each of its invalid actions there. Returns how many invalid
   * (state, action) attempts were made (0 for an environment without a mask).
   */
  public static int checkInvalidActionsRejected(Env env, long seed, int steps) {
    int nA = env.numActions();
    int[] valid = env.validActionCounts();
    SplittableRandom actions = new SplittableRandom(seed + 7);
    int s = env.reset(seed);
    int attempts = 0;
    for (int i = 0; i < steps; i++) {
      int n = valid == null ? nA : valid[s];
      for (int bad : new int[] {-1, nA, n}) {
        if (bad == n && n == nA) {
          continue;
        }
        int a = bad;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> env.step(a))
            .as("action %d in state %d (%d valid)", a, s, n).isInstanceOf(IllegalArgumentException.class);
        assertThat(env.state()).as("a rejected action does not move the env").isEqualTo(s);
        attempts += bad == n ? 1 : 0;
      }
      Step st = env.step(actions.nextInt(n));
      s = st.terminated || st.truncated ? env.reset() : st.state;
    }
    return attempts;
  }
}
