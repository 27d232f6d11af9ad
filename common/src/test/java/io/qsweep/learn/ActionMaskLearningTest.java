package io.qsweep.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qsweep.env.Env;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TimeLimit;
import io.qsweep.env.TransitionModel;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.table.QTable;
import io.qsweep.testing.RecordingEnv;
import io.qsweep.testing.TinyMdps;
import org.junit.jupiter.api.Test;

/**
 * Learning with per-state action sets: every algorithm, with every kind of exploration, acts only with valid actions,
 * bootstraps only from valid actions, and leaves the entries of invalid actions at their initial value.
 */
class ActionMaskLearningTest {
  private static final String[] EXPLORATION = {"epsilon:0.2", "epsilon:linear:1:0.05:50", "epsilon:exp:1:0.01:0.95",
      "softmax:0.5", "softmax:linear:2:0.1:50", "ucb:1"};

  /**
   * State 0 has two actions, both to state 1 with reward 0; state 1 allows only action 0 (of 2), which ends the
   * episode with reward −1. With optimistic initial values, the never-updated invalid {@code Q(1, 1)} stays at the
   * initial value: a target that read it would pull {@code Q(0, ·)} up to it instead of down to −1.
   */
  private static Env oneValidActionThenEnd() {
    TransitionModel m = TransitionModel.builder(3, 2)
        .validActions(1, 1)
        .outcome(0, 0, 1.0, 1, 0.0, false)
        .outcome(0, 1, 1.0, 1, 0.0, false)
        .outcome(1, 0, 1.0, 2, -1.0, true)
        .outcome(2, 0, 1.0, 2, 0.0, true)
        .outcome(2, 1, 1.0, 2, 0.0, true)
        .initial(0, 1.0)
        .build();
    return new TabularEnv("one_valid_then_end", m);
  }

  @Test
  void targetsIgnoreInvalidActions() {
    for (Algorithm alg : Algorithm.values()) {
      for (String exploration : EXPLORATION) {
        AgentConfig cfg = AgentConfig.DEFAULTS.withAlgorithm(alg).withAlpha(0.5).withGamma(1.0).withEpisodes(300)
            .withInitialQ(5.0).withExploration(ExplorationSpec.parse(exploration));
        TrainResult r = Trainer.train(oneValidActionThenEnd(), cfg, 17L);
        for (QTable t : r.tables()) {
          assertThat(t.get(1, 0)).as("%s %s Q(1,0)", alg, exploration).isCloseTo(-1.0, within(1e-6));
          assertThat(t.get(1, 1)).as("%s %s invalid Q(1,1) untouched", alg, exploration).isEqualTo(5.0);
          for (int a = 0; a < 2; a++) {
            assertThat(t.get(0, a)).as("%s %s Q(0,%d)", alg, exploration, a).isCloseTo(-1.0, within(1e-3));
          }
        }
      }
    }
  }

  @Test
  void everyAlgorithmAndSelectorActsOnlyWithValidActionsOnAMaskedMdp() {
    for (long seed = 0; seed < 4; seed++) {
      for (Algorithm alg : Algorithm.values()) {
        for (String exploration : EXPLORATION) {
          RecordingEnv env = new RecordingEnv(new TimeLimit(TinyMdps.random(8, 4, seed, true), 30));
          int[] valid = env.validActionCounts();
          assertThat(valid).isNotNull();
          AgentConfig cfg = AgentConfig.DEFAULTS.withAlgorithm(alg).withGamma(0.9).withEpisodes(60)
              .withInitialQ(0.25).withExploration(ExplorationSpec.parse(exploration));
          // the environment throws on an invalid action, so training itself is the first check
          TrainResult r = Trainer.train(env, cfg, seed);
          for (RecordingEnv.Transition tr : env.transitions()) {
            assertThat(tr.action()).isLessThan(valid[tr.state()]);
          }
          for (QTable t : r.tables()) {
            for (int s = 0; s < t.numStates(); s++) {
              for (int a = valid[s]; a < t.numActions(); a++) {
                assertThat(t.get(s, a)).as("%s %s invalid (%d,%d)", alg, exploration, s, a).isEqualTo(0.25);
              }
            }
          }
          // greedy evaluation on the same env never takes an invalid action either (it would throw)
          QTable poisoned = r.q().copy();
          for (int s = 0; s < poisoned.numStates(); s++) {
            for (int a = valid[s]; a < poisoned.numActions(); a++) {
              poisoned.set(s, a, 1e9);
            }
          }
          EvalResult e = GreedyEvaluator.evaluate(env, poisoned, 20, seed);
          assertThat(e.meanLength()).isPositive();
          int[] pi = poisoned.greedyPolicy(valid);
          for (int s = 0; s < pi.length; s++) {
            assertThat(pi[s]).isLessThan(valid[s]);
          }
        }
      }
    }
  }
}
