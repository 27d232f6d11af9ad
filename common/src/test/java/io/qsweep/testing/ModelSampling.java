package io.qsweep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import io.qsweep.env.TransitionModel;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Test helper: checks that an environment's {@code reset}/{@code step} behave as its {@link TransitionModel} says, by
 * sampling, and that stepping is deterministic given the seed.
 */
public final class ModelSampling {
  private ModelSampling() {
  }

  /**
   * Takes {@code steps} uniformly random actions (resetting after each episode) and checks that every observed step is
   * an outcome of the model (next state, terminal flag, and for deterministic outcomes the exact reward); that
   * next-state frequencies of well-visited state-action pairs match the model's probabilities; that the mean reward
   * of well-visited noisy outcomes matches the expected reward; and that start states follow the start distribution.
   */
  public static void assertStepsFollowModel(Env env, long seed, int steps) {
    TransitionModel m = env.model();
    assertThat(m.numStates()).isEqualTo(env.numStates());
    assertThat(m.numActions()).isEqualTo(env.numActions());
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Map<Long, int[]> visits = new HashMap<>();
    Map<Long, double[]> outcomeStats = new HashMap<>(); // (s, a, next, terminal) -> {count, sum, sumSq}
    int[] starts = new int[m.numStates()];
    int resets = 1;
    int s = env.reset(seed);
    starts[s]++;
    for (int i = 0; i < steps; i++) {
      int a = rng.nextInt(env.numActions());
      Step step = env.step(a);
      boolean matched = false;
      boolean rewardMatched = false;
      for (int k = m.begin(s, a); k < m.end(s, a); k++) {
        if (m.next(k) == step.state && m.terminal(k) == step.terminated && m.prob(k) > 0) {
          matched = true;
          rewardMatched |= m.rewardStd(k) > 0 || m.reward(k) == step.reward;
        }
      }
      assertThat(matched).as("step from %d with action %d to %d (terminated=%s) is not in the model", s, a,
          step.state, step.terminated).isTrue();
      assertThat(rewardMatched).as("reward %s of step %d -%d-> %d differs from the model's", step.reward, s, a,
          step.state).isTrue();
      long sa = (long) s * env.numActions() + a;
      visits.computeIfAbsent(sa, x -> new int[1])[0]++;
      double[] st = outcomeStats.computeIfAbsent((sa * m.numStates() + step.state) * 2 + (step.terminated ? 1 : 0),
          x -> new double[3]);
      st[0]++;
      st[1] += step.reward;
      st[2] += step.reward * step.reward;
      if (step.done()) {
        s = env.reset();
        starts[s]++;
        resets++;
      } else {
        s = step.state;
      }
    }
    for (Map.Entry<Long, double[]> e : outcomeStats.entrySet()) {
      long key = e.getKey();
      boolean terminal = (key & 1) == 1;
      long rest = key >> 1;
      int next = (int) (rest % m.numStates());
      long sa = rest / m.numStates();
      int st = (int) (sa / env.numActions());
      int a = (int) (sa % env.numActions());
      int n = visits.get(sa)[0];
      double p = 0;
      double meanReward = 0;
      double var = 0;
      for (int k = m.begin(st, a); k < m.end(st, a); k++) {
        if (m.next(k) == next && m.terminal(k) == terminal) {
          p += m.prob(k);
          meanReward += m.prob(k) * m.reward(k);
          var += m.prob(k) * m.rewardStd(k) * m.rewardStd(k);
        }
      }
      meanReward /= p;
      var /= p;
      double[] stats = e.getValue();
      if (n >= 200) {
        double freq = stats[0] / n;
        assertThat(freq).as("frequency of %d -%d-> %d", st, a, next)
            .isCloseTo(p, org.assertj.core.data.Offset.offset(5 * Math.sqrt(p * (1 - p) / n) + 1e-9));
      }
      if (stats[0] >= 200 && var > 0) {
        double mean = stats[1] / stats[0];
        assertThat(mean).as("mean reward of %d -%d-> %d", st, a, next)
            .isCloseTo(meanReward, org.assertj.core.data.Offset.offset(5 * Math.sqrt(var / stats[0]) + 0.05));
      }
    }
    for (int x = 0; x < m.numStates(); x++) {
      double p = m.initialProb(x);
      assertThat((double) starts[x] / resets).as("start frequency of state %d", x)
          .isCloseTo(p, org.assertj.core.data.Offset.offset(5 * Math.sqrt(p * (1 - p) / resets) + 1e-9));
    }
  }

  /**
   * Two environments from {@code factory}, reset with the same seed and driven by the same random actions, produce
   * identical steps.
   */
  public static void assertDeterministic(Supplier<Env> factory, long seed, int steps) {
    Env a = factory.get();
    Env b = factory.get();
    SplittableRandom actions = new SplittableRandom(seed + 17);
    assertThat(a.reset(seed)).isEqualTo(b.reset(seed));
    for (int i = 0; i < steps; i++) {
      int action = actions.nextInt(a.numActions());
      Step x = a.step(action);
      Step y = b.step(action);
      assertThat(y.state).isEqualTo(x.state);
      assertThat(y.reward).isEqualTo(x.reward);
      assertThat(y.terminated).isEqualTo(x.terminated);
      assertThat(y.truncated).isEqualTo(x.truncated);
      if (x.done()) {
        assertThat(a.reset()).isEqualTo(b.reset());
      }
    }
  }
}
