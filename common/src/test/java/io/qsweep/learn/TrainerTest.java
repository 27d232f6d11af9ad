package io.qsweep.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.table.QTable;
import io.qsweep.testing.RecordingEnv;
import io.qsweep.testing.TinyMdps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class TrainerTest {
  private static final AgentConfig CFG = AgentConfig.DEFAULTS.withEpisodes(300).withAlpha(0.2).withGamma(0.95);

  private static Env lake() {
    return EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("is_slippery", true)));
  }

  private static TrainResult direct(Algorithm alg, Env env, AgentConfig cfg, long seed) {
    switch (alg) {
      case Q_LEARNING:
        return QLearning.train(env, cfg, seed, null);
      case SARSA:
        return Sarsa.train(env, cfg, seed, null);
      case EXPECTED_SARSA:
        return ExpectedSarsa.train(env, cfg, seed, null);
      case DOUBLE_Q:
        return DoubleQLearning.train(env, cfg, seed, null);
      default:
        throw new AssertionError(alg);
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void dispatchesOnTheConfiguredAlgorithm(Algorithm alg) {
    AgentConfig cfg = CFG.withAlgorithm(alg);
    TrainResult viaTrainer = Trainer.train(lake(), cfg, 17L);
    TrainResult viaClass = direct(alg, lake(), cfg, 17L);
    assertThat(viaTrainer.q()).isEqualTo(viaClass.q());
    assertThat(viaTrainer.episodeReturns()).containsExactly(viaClass.episodeReturns());
    assertThat(viaTrainer.tables()).hasSize(alg == Algorithm.DOUBLE_Q ? 2 : 1);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void sameSeedSameRunDifferentSeedDifferentRun(Algorithm alg) {
    for (ExplorationSpec spec : List.of(ExplorationSpec.parse("epsilon:linear:1:0.05:200"),
        ExplorationSpec.parse("softmax:exp:1:0.05:0.99"), ExplorationSpec.parse("ucb:0.5"))) {
      AgentConfig cfg = CFG.withAlgorithm(alg).withExploration(spec);
      TrainResult a = Trainer.train(lake(), cfg, 99L);
      TrainResult b = Trainer.train(lake(), cfg, 99L);
      TrainResult c = Trainer.train(lake(), cfg, 100L);
      assertThat(b.q()).as(spec.toString()).isEqualTo(a.q());
      assertThat(b.tables()).isEqualTo(a.tables());
      assertThat(b.episodeReturns()).containsExactly(a.episodeReturns());
      assertThat(b.episodeLengths()).containsExactly(a.episodeLengths());
      assertThat(c.episodeLengths()).as(spec.toString()).isNotEqualTo(a.episodeLengths());
      assertThat(c.q()).isNotEqualTo(a.q());
    }
  }

  /**
   * A {@code TabularEnv}, bare or in a {@code TimeLimit}, is stepped directly with the loop applying the limit; any
   * other {@code Env} (here a pass-through recorder) through the interface. Both must give the same run, including
   * frequent truncations (a limit of 8 steps).
   */
  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void directAndInterfaceSteppingGiveTheSameRun(Algorithm alg) {
    for (EnvParams params : List.of(EnvParams.of(Map.of("max_episode_steps", 8)), EnvParams.empty())) {
      for (String name : List.of("frozen_lake", "cliff_walking")) {
        AgentConfig cfg = CFG.withAlgorithm(alg).withEpisodes(100);
        TrainResult direct = Trainer.train(EnvRegistry.make(name, params), cfg, 8L);
        TrainResult viaInterface = Trainer.train(new RecordingEnv(EnvRegistry.make(name, params)), cfg, 8L);
        assertThat(viaInterface.q()).as(name + " " + params).isEqualTo(direct.q());
        assertThat(viaInterface.episodeLengths()).containsExactly(direct.episodeLengths());
        if (params.has("max_episode_steps")) {
          assertThat(direct.episodeLengths()).contains(8).doesNotContain(9);
        }
      }
    }
  }

  @Test
  void aShorterRunIsAPrefixOfALongerOne() {
    TrainResult longer = Trainer.train(lake(), CFG, 5L);
    TrainResult shorter = Trainer.train(lake(), CFG.withEpisodes(120), 5L);
    assertThat(shorter.episodeReturns()).containsExactly(Arrays.copyOf(longer.episodeReturns(), 120));
    assertThat(shorter.episodeLengths()).containsExactly(Arrays.copyOf(longer.episodeLengths(), 120));
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void listenerSeesEveryEpisodeAndTheLiveTable(Algorithm alg) {
    List<double[]> calls = new ArrayList<>();
    QTable[] seen = new QTable[1];
    TrainResult r = Trainer.train(lake(), CFG.withAlgorithm(alg), 3L, (episode, ret, length, q) -> {
      calls.add(new double[] {episode, ret, length});
      seen[0] = q;
    });
    assertThat(calls).hasSize(300);
    long steps = 0;
    for (int e = 0; e < 300; e++) {
      assertThat(calls.get(e)).containsExactly(e, r.episodeReturns()[e], r.episodeLengths()[e]);
      steps += r.episodeLengths()[e];
    }
    assertThat(seen[0]).isSameAs(r.q());
    assertThat(r.totalSteps()).isEqualTo(steps);
    assertThat(r.episodes()).isEqualTo(300);
  }

  @Test
  void theLearnedPolicySolvesFrozenLake() {
    // FrozenLake 4x4 slippery: the best possible success rate within the 100-step limit is about 0.74 (FrozenLake
    // javadoc); a random policy succeeds about 1.5% of the time.
    Env env = lake();
    TrainResult r = Trainer.train(env, AgentConfig.DEFAULTS.withEpisodes(20_000).withAlpha(0.05).withGamma(0.99)
        .withExploration(ExplorationSpec.parse("epsilon:linear:1:0.05:10000")), 1L);
    EvalResult ev = GreedyEvaluator.evaluate(lake(), r.q(), 2000, 2L);
    assertThat(ev.successRate()).isGreaterThan(0.65);
  }

  @Test
  void resultAccessorsValidate() {
    TrainResult r = Trainer.train(TinyMdps.oneStep(1, true), CFG.withEpisodes(4), 1L);
    assertThat(r.meanReturn(0, 4)).isEqualTo(1.0);
    assertThatThrownBy(() -> r.meanReturn(3, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("episode range: [3, 3) is not a non-empty range within [0, 4)");
    assertThatThrownBy(() -> r.meanReturn(0, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidCallsAreNamed() {
    Env env = TinyMdps.oneStep(1, true);
    assertThatThrownBy(() -> QLearning.train(env, CFG.withAlgorithm(Algorithm.SARSA), 1L, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("algorithm: config says 'sarsa' but this trainer runs 'q_learning'; use Trainer.train to dispatch");
    assertThatThrownBy(() -> Trainer.train(null, CFG, 1L)).hasMessage("env: must be given");
    assertThatThrownBy(() -> Trainer.train(env, null, 1L)).hasMessage("config: must be given");
    assertThatThrownBy(() -> DoubleQLearning.train(env, null, 1L, null)).hasMessage("config: must be given");
  }
}
