package io.qsweep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import io.qsweep.env.TransitionModel;
import java.util.SplittableRandom;

/**
 * Test helper complementing {@link EnvContract#checkStepMatchesModel}, which compares frequencies only for
 * well-visited state-action pairs: here every single sampled step is checked against the model, which matters for
 * large models (e.g. {@code melody}) where most pairs are visited a handful of times.
 */
public final class ModelSampling {
  private ModelSampling() {
  }

  /**
   * Takes {@code steps} uniformly random actions (resetting after each episode) and checks that every step is an
   * outcome of the model with positive probability (same next state and terminal flag) and, when that outcome's
   * reward is deterministic, has exactly the model's reward. Returns the number of distinct state-action pairs seen.
   */
  public static int assertEveryStepIsAModelOutcome(Env env, long seed, int steps) {
    TransitionModel m = env.model();
    SplittableRandom rng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    boolean[] seen = new boolean[m.numStates() * m.numActions()];
    int distinct = 0;
    int s = env.reset(seed);
    assertThat(m.initialProb(s)).as("start state %d has start probability > 0", s).isPositive();
    for (int i = 0; i < steps; i++) {
      int a = rng.nextInt(env.numActions());
      Step step = env.step(a);
      boolean matched = false;
      for (int k = m.begin(s, a); k < m.end(s, a) && !matched; k++) {
        matched = m.prob(k) > 0 && m.next(k) == step.state && m.terminal(k) == step.terminated
            && (m.rewardStd(k) > 0 || m.reward(k) == step.reward);
      }
      assertThat(matched).as("step %d -%d-> %d (reward %s, terminated %s) is an outcome of the model", s, a,
          step.state, step.reward, step.terminated).isTrue();
      if (!seen[s * m.numActions() + a]) {
        seen[s * m.numActions() + a] = true;
        distinct++;
      }
      if (step.done()) {
        s = env.reset();
        assertThat(m.initialProb(s)).isPositive();
      } else {
        s = step.state;
      }
    }
    return distinct;
  }
}
