package io.qsweep.sweep;

import static io.qsweep.sweep.SweepTesting.BASE;
import static io.qsweep.sweep.SweepTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.env.EnvParams;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.explore.Schedule;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Algorithm;
import io.qsweep.learn.LearningRate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Expansion into configurations and runs: counts, order, defaults, random draws, keys across sweeps, sweep ids. */
class SweepExpansionTest {

  private static List<String> column(SweepSpec s, String param) {
    return s.expand().stream().map(c -> c.params().get(param)).toList();
  }

  @Test
  void aSweepWithoutDimensionsIsOneConfigurationWithTheDefaults() {
    SweepSpec s = parse(BASE);
    assertThat(s.numConfigs()).isEqualTo(1);
    assertThat(s.numRuns()).isEqualTo(2);
    SweepConfig c = s.expand().get(0);
    assertThat(c.agent()).isEqualTo(AgentConfig.DEFAULTS);
    assertThat(c.envName()).isEqualTo("test_chain");
    assertThat(c.envParams()).isEqualTo(EnvParams.empty());
    assertThat(s.name()).isEqualTo("t");
    assertThat(s.experiment()).isEqualTo("t");
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.maxRuns()).isEqualTo(100_000);
    assertThat(s.evaluation()).isEqualTo(Evaluation.DEFAULTS);
    assertThat(s.varyingDimensions()).isEmpty();
  }

  @Test
  void fixedValuesAndSectionsAreApplied() {
    SweepSpec s = parse("""
        name: full
        seed: -3
        experiment: my-experiment
        env: {name: test_chain, params: {length: 4, slip: 0.25}}
        replicas: 3
        max_runs: 50
        fixed:
          algorithm: double_q
          alpha: 0.5
          gamma: 0.95
          exploration: "softmax:exp:1:0.1:0.99"
          learning_rate: "visit:0.7"
          initial_q: 1.5
          episodes: 250
          reward: step_cost
        evaluation: {episodes: 20, curve_every: 5, curve_points: 30}
        """);
    assertThat(s.experiment()).isEqualTo("my-experiment");
    assertThat(s.seed()).isEqualTo(-3);
    assertThat(s.replicas()).isEqualTo(3);
    assertThat(s.maxRuns()).isEqualTo(50);
    assertThat(s.evaluation()).isEqualTo(new Evaluation(20, 5, 30));
    assertThat(s.envParams().asMap()).containsExactly(Map.entry("length", "4"), Map.entry("slip", "0.25"));
    SweepConfig c = s.expand().get(0);
    assertThat(c.agent()).isEqualTo(new AgentConfig(Algorithm.DOUBLE_Q, 0.5, 0.95,
        ExplorationSpec.parse("softmax:exp:1:0.1:0.99"), LearningRate.parse("visit:0.7"), 1.5, 250));
    assertThat(c.envParams().asMap()).containsExactly(Map.entry("length", "4"), Map.entry("reward", "step_cost"),
        Map.entry("slip", "0.25"));
    assertThat(s.fixed()).containsExactly(Map.entry("algorithm", "double_q"), Map.entry("alpha", "0.5"),
        Map.entry("gamma", "0.95"), Map.entry("exploration", "softmax:exp:1:0.1:0.99"),
        Map.entry("learning_rate", "visit:0.7"), Map.entry("initial_q", "1.5"), Map.entry("episodes", "250"),
        Map.entry("reward", "step_cost"));
  }

  @Test
  void gridIsTheCartesianProductInCanonicalDimensionOrderLastFastest() {
    // written epsilon first, but gamma comes before epsilon in the canonical order; values keep the written order
    SweepSpec s = parse(BASE.replace("replicas: 2", "replicas: 5")
        + "grid: {epsilon: [0.2, 0.01, 0.05, 0.1], gamma: [0.99, 0.9, 1.0]}");
    assertThat(s.numConfigs()).isEqualTo(12);
    assertThat(s.numRuns()).isEqualTo(60);
    assertThat(column(s, "gamma")).containsExactly("0.99", "0.99", "0.99", "0.99", "0.9", "0.9", "0.9", "0.9",
        "1", "1", "1", "1");
    assertThat(column(s, "epsilon")).containsExactly("0.2", "0.01", "0.05", "0.1", "0.2", "0.01", "0.05", "0.1",
        "0.2", "0.01", "0.05", "0.1");
    assertThat(column(s, "exploration").get(1)).isEqualTo("epsilon:0.01");
    assertThat(s.varyingDimensions()).containsExactly("gamma", "epsilon");
    assertThat(s.grid()).containsExactly(Map.entry("gamma", List.of("0.99", "0.9", "1")),
        Map.entry("epsilon", List.of("0.2", "0.01", "0.05", "0.1")));
    for (int i = 0; i < s.numConfigs(); i++) {
      assertThat(s.expand().get(i).index()).isEqualTo(i);
    }
    assertThat(s.expand().stream().map(SweepConfig::key).collect(Collectors.toSet())).hasSize(12);
  }

  @Test
  void everyDimensionKindExpands() {
    SweepSpec s = parse(BASE + """
        grid:
          algorithm: [q_learning, sarsa, expected_sarsa, double_q]
          exploration: ["epsilon:linear:1:0.05:500", "softmax:0.5", "ucb:2"]
          learning_rate: [constant, "visit:0.8"]
          initial_q: [0, 1]
          episodes: [100, 200]
          reward: [goal, step_cost]
          env.length: [3, 6]
          env.max_episode_steps: [20]
        """);
    assertThat(s.numConfigs()).isEqualTo(4 * 3 * 2 * 2 * 2 * 2 * 2);
    assertThat(s.varyingDimensions()).containsExactly("algorithm", "exploration", "learning_rate", "initial_q",
        "episodes", "reward", "env.length", "env.max_episode_steps");
    SweepConfig last = s.expand().get(s.numConfigs() - 1);
    assertThat(last.agent()).isEqualTo(new AgentConfig(Algorithm.DOUBLE_Q, 0.1, 0.99, ExplorationSpec.parse("ucb:2"),
        LearningRate.parse("visit:0.8"), 1.0, 200));
    assertThat(last.envParams().asMap()).containsExactly(Map.entry("length", "6"),
        Map.entry("max_episode_steps", "20"), Map.entry("reward", "step_cost"));
    assertThat(last.params()).containsEntry("env.length", "6").containsEntry("reward", "step_cost")
        .containsEntry("env.max_episode_steps", "20");
    assertThat(s.expand().get(0).params()).containsEntry("epsilon", "linear:1:0.05:500");
  }

  @Test
  void epsilonShorthandTakesNumbersAndSchedules() {
    SweepSpec s = parse(BASE + "grid: {epsilon: [0.1, 'linear:1:0.05:500', '0.3']}");
    assertThat(s.expand().stream().map(c -> c.agent().exploration()).toList()).containsExactly(
        ExplorationSpec.epsilonGreedy(0.1),
        new ExplorationSpec.EpsilonGreedy(Schedule.linear(1, 0.05, 500)),
        ExplorationSpec.epsilonGreedy(0.3));
  }

  @Test
  void gridTimesRandomCombinesEveryGridPointWithTheSameDraws() {
    SweepSpec s = parse(BASE + "grid: {gamma: [0.9, 0.99]}\n"
        + "random: {samples: 3, dims: {alpha: {log_uniform: [0.01, 1]}}}");
    assertThat(s.numConfigs()).isEqualTo(6);
    assertThat(s.randomSamples()).isEqualTo(3);
    assertThat(s.randomDraws()).isEqualTo(3);
    assertThat(s.random()).containsExactly(Map.entry("alpha", "log_uniform [0.01, 1]"));
    assertThat(column(s, "gamma")).containsExactly("0.9", "0.9", "0.9", "0.99", "0.99", "0.99");
    List<String> alphas = column(s, "alpha");
    assertThat(alphas.subList(0, 3)).isEqualTo(alphas.subList(3, 6));
    assertThat(new HashSet<>(alphas.subList(0, 3))).hasSize(3);
    assertThat(s.varyingDimensions()).containsExactly("gamma", "alpha");
  }

  @Test
  void randomDrawsAreDeterministicInRangeAndRounded() {
    String random = "random: {samples: 200, dims: {alpha: {log_uniform: [0.001, 1]}, gamma: {uniform: [0.5, 1]},"
        + " initial_q: {uniform: [-1, 1]}, episodes: {uniform: [10, 20]}}}";
    SweepSpec a = parse(BASE + random);
    SweepSpec b = parse(BASE.replaceFirst("name: t\n", "name: other\n") + random);
    assertThat(column(a, "alpha")).isEqualTo(column(b, "alpha"));
    assertThat(a.expand().stream().map(SweepConfig::key).toList())
        .isEqualTo(b.expand().stream().map(SweepConfig::key).toList());
    Set<Integer> episodes = new HashSet<>();
    for (SweepConfig c : a.expand()) {
      AgentConfig g = c.agent();
      assertThat(g.alpha()).isBetween(0.001, 1.0);
      assertThat(g.gamma()).isBetween(0.5, 1.0);
      assertThat(g.initialQ()).isBetween(-1.0, 1.0);
      assertThat(g.episodes()).isBetween(10, 20);
      episodes.add(g.episodes());
      for (double x : new double[] {g.alpha(), g.gamma(), g.initialQ()}) {
        assertThat(x == 0 ? 0 : new BigDecimal(Double.toString(x)).stripTrailingZeros().precision())
            .isLessThanOrEqualTo(Distribution.SIGNIFICANT_DIGITS);
      }
    }
    assertThat(episodes).contains(10, 20).hasSizeGreaterThan(8);
    // log-uniform: about a third of the draws in each decade
    long belowCentesimal = a.expand().stream().filter(c -> c.agent().alpha() < 0.01).count();
    assertThat(belowCentesimal).isBetween(40L, 95L);
    SweepSpec other = parse(BASE.replace("seed: 7", "seed: 8") + random);
    assertThat(column(other, "alpha")).isNotEqualTo(column(a, "alpha"));
  }

  @Test
  void eachRandomDimensionHasItsOwnStream() {
    String alpha = "alpha: {log_uniform: [0.01, 1]}";
    SweepSpec one = parse(BASE + "random: {samples: 10, dims: {" + alpha + "}}");
    SweepSpec two = parse(BASE + "random: {samples: 10, dims: {initial_q: {uniform: [0, 1]}, " + alpha + "}}");
    SweepSpec more = parse(BASE + "random: {samples: 25, dims: {" + alpha + "}}");
    assertThat(column(two, "alpha")).isEqualTo(column(one, "alpha"));
    assertThat(column(more, "alpha").subList(0, 10)).isEqualTo(column(one, "alpha"));
    // and adding a grid dimension does not change the draws either
    SweepSpec gridded = parse(BASE + "grid: {gamma: [0.5]}\nrandom: {samples: 10, dims: {" + alpha + "}}");
    assertThat(column(gridded, "alpha")).isEqualTo(column(one, "alpha"));
  }

  @Test
  void repeatedDrawsAreDroppedKeepingTheFirst() {
    SweepSpec s = parse(BASE + "random: {samples: 20, dims: {reward: {choice: [goal, step_cost]},"
        + " algorithm: {choice: [sarsa]}}}");
    assertThat(s.randomSamples()).isEqualTo(20);
    assertThat(s.randomDraws()).isEqualTo(2);
    assertThat(s.numConfigs()).isEqualTo(2);
    assertThat(new HashSet<>(column(s, "reward"))).containsExactlyInAnyOrder("goal", "step_cost");
    assertThat(column(s, "algorithm")).containsOnly("sarsa");
    assertThat(s.summary()).contains("random: 20 samples, 2 distinct");
  }

  @Test
  void choiceDrawsCoverEveryValue() {
    SweepSpec s = parse(BASE + "random: {samples: 60, dims: {exploration: {choice: ['epsilon:0.1', 'softmax:1',"
        + " 'ucb:1']}, alpha: {uniform: [0.1, 0.9]}}}");
    assertThat(new HashSet<>(column(s, "exploration"))).containsExactlyInAnyOrder("epsilon:0.1", "softmax:1",
        "ucb:1");
  }

  @Test
  void theSameConfigurationHasTheSameKeyInAnotherSweep() {
    SweepSpec a = parse(BASE + "grid: {gamma: [0.9, 0.99], epsilon: [0.1, 0.2]}");
    // another name, seed, replicas, a different grid that contains (gamma 0.99, ε 0.2), alpha 0.1 written out
    SweepSpec b = parse("""
        name: other
        seed: 999
        replicas: 7
        env: {name: test_chain}
        fixed: {alpha: 0.1, exploration: "epsilon:0.2", episodes: 1000}
        grid: {gamma: [0.5, 0.99]}
        """);
    SweepConfig inA = a.expand().get(3);
    SweepConfig inB = b.expand().get(1);
    assertThat(inA.params()).containsEntry("gamma", "0.99").containsEntry("epsilon", "0.2");
    assertThat(inB.index()).isNotEqualTo(inA.index());
    assertThat(inB.key()).isEqualTo(inA.key());
    assertThat(inB.agent()).isEqualTo(inA.agent());
    // ... and its replicas get the same seeds when the sweep seed is the same
    SweepSpec c = parse("""
        name: third
        seed: 7
        replicas: 2
        env: {name: test_chain}
        fixed: {exploration: "epsilon:0.2", gamma: 0.99}
        """);
    assertThat(c.run(1).seed()).isEqualTo(a.run(3 * 2 + 1).seed());
    assertThat(c.run(1).config().key()).isEqualTo(inA.key());
  }

  @Test
  void runsAreConfigurationMajorWithDerivedSeedsAndLazy() {
    SweepSpec s = parse(BASE.replace("replicas: 2", "replicas: 3") + "grid: {gamma: [0.9, 0.99]}");
    List<RunSpec> runs = s.runs();
    assertThat(runs).hasSize(6);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      RunSpec r = runs.get(i);
      assertThat(r.index()).isEqualTo(i);
      assertThat(r.config()).isEqualTo(s.expand().get(i / 3));
      assertThat(r.replica()).isEqualTo(i % 3);
      assertThat(r.seed()).isEqualTo(Seeds.runSeed(7, r.config().key(), r.replica()));
      assertThat(r).isEqualTo(s.run(i));
      ids.add(r.id());
    }
    assertThat(ids.get(4)).isEqualTo(s.expand().get(1).key() + "-1");
    assertThat(runs.stream().map(RunSpec::seed).distinct().count()).isEqualTo(6);
    assertThat(runs.iterator().next()).isEqualTo(runs.get(0));
    assertThatThrownBy(() -> s.run(6)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("run 6 is outside [0, 5]");
    assertThatThrownBy(() -> runs.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void theRunsListIsAViewNotACopy() {
    SweepSpec s = parse(BASE.replace("replicas: 2", "replicas: 100000") + "max_runs: 1000000\n"
        + "grid: {gamma: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]}");
    assertThat(s.runs()).hasSize(1_000_000);
    RunSpec last = s.runs().get(999_999);
    assertThat(last.replica()).isEqualTo(99_999);
    assertThat(last.config().params()).containsEntry("gamma", "1");
  }

  @Test
  void sweepIdIgnoresSpellingNameExperimentAndMaxRuns() {
    SweepSpec a = parse(BASE + "grid: {gamma: [0.9, 1.0], epsilon: [0.1]}");
    SweepSpec b = parse("""
        replicas: 2
        grid: {epsilon: ['0.1'], gamma: [0.90, 1]}
        env: {name: test_chain}
        fixed: {alpha: 0.1}
        experiment: elsewhere
        max_runs: 10
        seed: 7
        name: renamed
        """);
    assertThat(b.sweepId()).isEqualTo(a.sweepId()).matches("[0-9a-f]{16}");
    assertThat(b.canonical()).isEqualTo(a.canonical());
  }

  @Test
  void sweepIdChangesWithAnythingThatChangesResults() {
    String grid = "grid: {gamma: [0.9, 1.0]}\n";
    List<String> variants = List.of(
        BASE + grid,
        BASE.replace("seed: 7", "seed: 8") + grid,
        BASE.replace("replicas: 2", "replicas: 3") + grid,
        BASE + "grid: {gamma: [0.9, 0.99]}\n",
        BASE + "grid: {gamma: [1.0, 0.9]}\n",
        BASE.replace("{name: test_chain}", "{name: test_chain, params: {length: 6}}") + grid,
        BASE + grid + "evaluation: {episodes: 50}",
        BASE + grid + "evaluation: {curve_every: 10}",
        BASE + grid + "evaluation: {curve_points: 10}",
        BASE + grid + "fixed: {episodes: 10}");
    Set<String> ids = variants.stream().map(y -> parse(y).sweepId()).collect(Collectors.toSet());
    assertThat(ids).hasSize(variants.size());
  }

  @Test
  void evaluationResolvesTheAutomaticCurveSpacing() {
    assertThat(Evaluation.DEFAULTS.curveEveryFor(2000)).isEqualTo(20);
    assertThat(Evaluation.DEFAULTS.curveEveryFor(50)).isEqualTo(1);
    assertThat(new Evaluation(10, 7, 5).curveEveryFor(2000)).isEqualTo(7);
    assertThatThrownBy(() -> new Evaluation(0, 0, 1)).hasMessage("evaluation.episodes: 0 must be >= 1");
  }

  @Test
  void summaryShowsCountsDimensionsAndASample() {
    SweepSpec s = parse(BASE.replace("replicas: 2", "replicas: 5")
        + "fixed: {algorithm: sarsa}\ngrid: {epsilon: [0.01, 0.05, 0.1, 0.2], gamma: [0.9, 0.99, 1.0]}");
    String text = s.summary(3).replace(System.lineSeparator(), "\n");
    assertThat(text).startsWith("sweep t (id " + s.sweepId() + ", seed 7, experiment t)\n");
    assertThat(text).contains("env: test_chain\n",
        "configurations: 12 = gamma 3 × epsilon 4\n",
        "runs: 60 = 12 configurations × 5 replicas (max_runs 100000)\n",
        "fixed: algorithm=sarsa\n",
        "grid:\n  gamma: 0.9, 0.99, 1\n  epsilon: 0.01, 0.05, 0.1, 0.2\n",
        "evaluation: 100 greedy episodes, curve every max(1, episodes/100) episodes, at most 200 points\n",
        "first 3 of 12 configurations:\n  #0 " + s.expand().get(0).key() + "  gamma=0.9  epsilon=0.01\n",
        "  #2 " + s.expand().get(2).key() + "  gamma=0.9  epsilon=0.1\n");
    assertThat(text).doesNotContain("#3 ");
    String single = parse(BASE).summary().replace(System.lineSeparator(), "\n");
    assertThat(single).contains("configurations: 1\n", "runs: 2 = 1 configuration × 2 replicas",
        "configurations:\n  #0 ");
  }
}
