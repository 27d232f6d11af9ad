package io.qsweep.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.music.ComposedEnv;
import io.qsweep.env.music.Composer;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Algorithm;
import io.qsweep.learn.EvalResult;
import io.qsweep.learn.GreedyEvaluator;
import io.qsweep.learn.LearningRate;
import io.qsweep.learn.TrainResult;
import io.qsweep.learn.Trainer;
import io.qsweep.reward.Evaluation;
import io.qsweep.sweep.Seeds;
import io.qsweep.sweep.SweepConfig;
import io.qsweep.table.QTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-configuration work of a Spark task, without Spark. */
class ConfigRunnerTest {
  private static final long SWEEP_SEED = 99;

  private static SweepConfig config(String env, Map<String, ?> params, AgentConfig agent) {
    return SweepConfig.of(3, env, EnvParams.of(params), agent);
  }

  private static final AgentConfig FROZEN = new AgentConfig(Algorithm.Q_LEARNING, 0.2, 0.95,
      ExplorationSpec.epsilonGreedy(0.2), LearningRate.CONSTANT, 0.0, 150);

  @Test
  void runsEveryReplicaWithItsSeedAndMergesThem() {
    SweepConfig cfg = config("frozen_lake", Map.of("map", "4x4"), FROZEN);
    SweepSettings settings = new SweepSettings(SWEEP_SEED, 4, 10, 25, 3, 200);
    Map<String, QTable> written = new HashMap<>();
    AtomicInteger done = new AtomicInteger();
    ConfigOutcome out = ConfigRunner.run(cfg, settings, (key, q) -> {
      written.put(key, q.copy());
      return "qtables/" + key + ".npy";
    }, done::incrementAndGet);

    assertThat(done).hasValue(4);
    assertThat(out.runs()).extracting(RunOutcome::replica).containsExactly(0, 1, 2, 3);
    Env env = EnvRegistry.make("frozen_lake", cfg.envParams());
    List<QTable> tables = new ArrayList<>();
    for (RunOutcome r : out.runs()) {
      long seed = Seeds.runSeed(SWEEP_SEED, cfg.key(), r.replica());
      assertThat(r.seed()).isEqualTo(seed);
      TrainResult t = Trainer.train(env, FROZEN, seed);
      tables.add(t.q());
      EvalResult e = GreedyEvaluator.evaluate(env, t.q(), 10, Seeds.derive(seed, "eval"));
      assertThat(r.score()).isEqualTo(e.meanReturn());
      assertThat(r.eval()).isEqualTo(e);
      assertThat(r.scoreTerms()).isNull();
      assertThat(r.totalSteps()).isEqualTo(t.totalSteps());
      assertThat(r.curve().steps()).containsExactly(25, 100, 150); // 6 windows of 25 -> points 0, 3, 5
      assertThat(r.gap().status()).isEqualTo(GapOutcome.EXACT);
      assertThat(r.gap().gap()).isGreaterThanOrEqualTo(-1e-9);
    }
    assertThat(written).containsOnlyKeys(cfg.key());
    assertThat(written.get(cfg.key())).isEqualTo(QTable.mean(tables));
    assertThat(out.qtablePath()).isEqualTo("qtables/" + cfg.key() + ".npy");
    assertThat(out.numStates()).isEqualTo(16);
    assertThat(out.scores()).containsExactly(out.runs().stream().mapToDouble(RunOutcome::score).toArray());
    assertThat(out.iqmCi().lower()).isLessThanOrEqualTo(out.iqm());
    assertThat(out.iqmCi().upper()).isGreaterThanOrEqualTo(out.iqm());
    assertThat(out.merged().eval()).isEqualTo(GreedyEvaluator.evaluate(env, QTable.mean(tables), 10,
        Seeds.derive(SWEEP_SEED, "merged-eval/" + cfg.key())));
  }

  @Test
  void theSameConfigurationGivesTheSameNumbersEveryTime() {
    SweepConfig cfg = config("frozen_lake", Map.of(), FROZEN);
    SweepSettings settings = new SweepSettings(SWEEP_SEED, 2, 5, 0, 200, 100);
    ConfigOutcome a = ConfigRunner.run(cfg, settings, (k, q) -> k, () -> { });
    OptimalityCache.clear();
    ConfigOutcome b = ConfigRunner.run(cfg, settings, (k, q) -> k, () -> { });
    assertThat(a.scores()).containsExactly(b.scores());
    assertThat(a.iqmCi()).isEqualTo(b.iqmCi());
    assertThat(a.curve().mean()).containsExactly(b.curve().mean());
    assertThat(a.curve().upper()).containsExactly(b.curve().upper());
    assertThat(a.merged()).isEqualTo(b.merged());
    assertThat(a.mergedGap()).isEqualTo(b.mergedGap());
    assertThat(a.runs().get(0).curve().steps()).hasSize(150); // auto: every max(1, 150/100) = 1 episode
  }

  @Test
  void aMusicEnvironmentIsScoredByTheEvaluationOfItsGreedyComposition() {
    AgentConfig agent = new AgentConfig(Algorithm.Q_LEARNING, 0.5, 0.99, ExplorationSpec.epsilonGreedy(0.3),
        LearningRate.CONSTANT, 0.0, 60);
    SweepConfig cfg = config("melody", Map.of("length", 6, "steps_per_chord", 2, "reward", "theory"), agent);
    ConfigOutcome out = ConfigRunner.run(cfg, new SweepSettings(SWEEP_SEED, 2, 3, 10, 10, 100),
        (k, q) -> k, () -> { });
    Env env = EnvRegistry.make("melody", cfg.envParams());
    ComposedEnv composed = ComposedEnv.find(env);
    for (RunOutcome r : out.runs()) {
      QTable q = Trainer.train(env, agent, r.seed()).q();
      Evaluation e = composed.evaluate(Composer.greedyActions(env, q.values(), 0L));
      assertThat(r.score()).isEqualTo(e.score());
      assertThat(r.scoreTerms()).isEqualTo(e.terms()).isNotEmpty();
      assertThat(r.eval().meanReturn()).isEqualTo(GreedyEvaluator.evaluate(env, q, 3, Seeds.derive(r.seed(),
          "eval")).meanReturn());
    }
    assertThat(out.merged().terms()).isNotEmpty();
  }
}
