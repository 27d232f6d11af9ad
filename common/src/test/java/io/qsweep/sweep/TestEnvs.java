package io.qsweep.sweep;

import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TransitionModel;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The real environment registry plus two small environments that exist for the sweep tests only. They are not
 * registered in {@link EnvRegistry} (so that no other test sees them); the parser reaches them through this
 * {@link SweepParser.EnvCatalog}.
 * <ul>
 *   <li>{@code test_chain}: states 0..length-1, actions LEFT/RIGHT, the last state is terminal; params
 *       {@code length} (int in [2, 20], default 5), {@code slip} (probability of moving the other way, in [0, 0.5],
 *       default 0) and the reward designs {@code reward} in {goal, step_cost} (default goal); step_cost only
 *       with length <= 10 (a constraint between two params, to test combinations).</li>
 *   <li>{@code test_plain}: a one-state bandit with no params and so no reward designs, like a toy-text env.</li>
 * </ul>
 */
final class TestEnvs implements SweepParser.EnvCatalog {
  static final String CHAIN = "test_chain";
  static final String PLAIN = "test_plain";
  static final TestEnvs CATALOG = new TestEnvs();
  private static final List<String> CHAIN_PARAMS = List.of("length", "slip", "reward");

  private TestEnvs() {
  }

  @Override
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>(EnvRegistry.names());
    names.add(CHAIN);
    names.add(PLAIN);
    return names;
  }

  @Override
  public Set<String> params(String name) {
    if (!name.equals(CHAIN) && !name.equals(PLAIN)) {
      return SweepParser.REGISTRY.params(name);
    }
    Set<String> p = new HashSet<>(name.equals(CHAIN) ? CHAIN_PARAMS : List.of());
    p.add(EnvRegistry.MAX_EPISODE_STEPS);
    return p;
  }

  @Override
  public void make(String name, EnvParams params) {
    if (!name.equals(CHAIN) && !name.equals(PLAIN)) {
      SweepParser.REGISTRY.make(name, params);
      return;
    }
    // the same checks EnvRegistry.make does
    params.requireOnly(name, params(name));
    params.getInt(EnvRegistry.MAX_EPISODE_STEPS, 0, 0, Integer.MAX_VALUE);
    EnvParams p = params.without(EnvRegistry.MAX_EPISODE_STEPS);
    if (name.equals(CHAIN)) {
      chain(p);
    } else {
      plain();
    }
  }

  private static TabularEnv chain(EnvParams p) {
    int n = p.getInt("length", 5, 2, 20);
    double slip = p.getDouble("slip", 0.0, 0.0, 0.5);
    String reward = p.getChoice("reward", "goal", Set.of("goal", "step_cost"));
    if (reward.equals("step_cost") && n > 10) {
      throw new IllegalArgumentException("env param 'reward': step_cost needs length <= 10, got " + n);
    }
    TransitionModel.Builder b = TransitionModel.builder(n, 2).initial(0, 1.0);
    for (int s = 0; s < n; s++) {
      for (int a = 0; a < 2; a++) {
        if (s == n - 1) {
          b.outcome(s, a, 1.0, s, 0.0, true);
          continue;
        }
        int intended = a == 1 ? s + 1 : Math.max(0, s - 1);
        int other = a == 1 ? Math.max(0, s - 1) : s + 1;
        for (int[] o : new int[][] {{intended, 0}, {other, 1}}) {
          double prob = o[1] == 0 ? 1 - slip : slip;
          if (prob == 0) {
            continue;
          }
          boolean goal = o[0] == n - 1;
          double r = reward.equals("goal") ? (goal ? 1.0 : 0.0) : (goal ? 0.0 : -1.0);
          b.outcome(s, a, prob, o[0], r, goal);
        }
      }
    }
    return new TabularEnv(CHAIN, b.build());
  }

  private static TabularEnv plain() {
    TransitionModel m = TransitionModel.builder(1, 2).initial(0, 1.0)
        .outcome(0, 0, 1.0, 0, 0.0, true)
        .outcome(0, 1, 1.0, 0, 1.0, true)
        .build();
    return new TabularEnv(PLAIN, m);
  }
}
