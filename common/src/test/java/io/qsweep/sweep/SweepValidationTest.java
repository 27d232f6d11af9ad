package io.qsweep.sweep;

import static io.qsweep.sweep.SweepTesting.BASE;
import static io.qsweep.sweep.SweepTesting.parse;
import static io.qsweep.sweep.SweepTesting.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.qsweep.env.EnvRegistry;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation error, with its exact message and YAML path. */
class SweepValidationTest {

  private static final String TOP = "name, seed, experiment, env, replicas, max_runs, fixed, grid, random, evaluation";
  private static final String DIMS = "algorithm, alpha, gamma, epsilon, exploration, learning_rate, initial_q,"
      + " episodes, reward, env.<param>";
  private static final String ONE_PLACE = "a dimension may be given only once, in one of fixed, grid, random";
  private static final String CHAIN_PARAMS = "length, max_episode_steps, reward, slip";

  /** (sweep text, the exact problems it has). */
  static Stream<Arguments> cases() {
    return Stream.of(
        // top level
        row(BASE + "gird: {gamma: [0.9]}",
            "gird: unknown field; allowed: " + TOP + " (did you mean grid?)"),
        row("seed: 7\nenv: {name: test_chain}\nreplicas: 2",
            "name: required (the sweep's name, [A-Za-z0-9][A-Za-z0-9_.-]*)"),
        row(BASE.replaceFirst("name: t\n", "name: my sweep\n"),
            "name: 'my sweep' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 100 characters)"),
        row(BASE.replaceFirst("name: t\n", "name: ..\n"),
            "name: '..' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 100 characters)"),
        row(BASE.replaceFirst("name: t\n", "name: [a]\n"), "name: expected a string, got a list"),
        row(BASE.replaceFirst("name: t\n", "name: 123\n"), "name: expected a string, got 123"),
        row(BASE.replaceFirst("name: t\n", "name: " + "x".repeat(101) + "\n"),
            "name: '" + "x".repeat(101) + "' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 100 characters)"),
        row(BASE.replace("seed: 7\n", ""), "seed: required (the sweep seed, an integer)"),
        row(BASE.replace("seed: 7", "seed: abc"), "seed: 'abc' is not an integer"),
        row(BASE.replace("seed: 7", "seed: 1.5"), "seed: 1.5 is not an integer"),
        row(BASE.replace("seed: 7", "seed: 99999999999999999999"),
            "seed: 99999999999999999999 is outside [-9223372036854775808, 9223372036854775807]"),
        row(BASE + "experiment: '  '", "experiment: must not be blank"),
        row(BASE + "experiment: [a]", "experiment: expected a string, got a list"),
        row(BASE.replace("replicas: 2\n", ""), "replicas: required (seeds per configuration, >= 1)"),
        row(BASE.replace("replicas: 2", "replicas: 0"), "replicas: 0 is outside [1, 1000000]"),
        row(BASE.replace("replicas: 2", "replicas: two"), "replicas: 'two' is not an integer"),
        row(BASE + "max_runs: 0", "max_runs: 0 is outside [1, 1000000000]"),
        // env
        row("name: t\nseed: 7\nreplicas: 2", "env: required (the environment: {name: NAME, params: {...}})"),
        row(BASE.replace("{name: test_chain}", "test_chain"),
            "env: expected a mapping {name: NAME, params: {...}}, got 'test_chain'"),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, parms: {}}"),
            "env.parms: unknown field; allowed: name, params (did you mean params?)"),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, params: [1]}"),
            "env.params: expected a mapping of param: value, got a list"),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, params: {length: [5]}}"),
            "env.params.length: expected a single value (string, number or boolean), got a list"),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, params: {length: }}"),
            "env.params.length: no value given"),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, params: {'a b': 1}}"),
            "env.params.a b: not a valid env param name ([A-Za-z_][A-Za-z0-9_]*)"),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, params: {foo: 1}}"),
            "env.params.foo: unknown env param 'foo' for test_chain; allowed: " + CHAIN_PARAMS),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, params: {length: 99}}"),
            "env.params.length: env param 'length': 99 is outside [2, 20]"),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, params: {length: 15, reward: step_cost}}"),
            "env.params: env param 'reward': step_cost needs length <= 10, got 15"),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, params: {reward: nope}}"),
            "env.params.reward: env param 'reward': 'nope' is not one of goal, step_cost"),
        // fixed
        row(BASE + "fixed: [alpha]", "fixed: expected a mapping of dimension: value, got a list"),
        row(BASE + "fixed: {alpha: abc}", "fixed.alpha: 'abc' is not a number"),
        row(BASE + "fixed: {alpha: true}", "fixed.alpha: true is not a number"),
        row(BASE + "fixed: {alpha: }", "fixed.alpha: no value given"),
        row(BASE + "fixed: {alpha: [0.1]}",
            "fixed.alpha: expected a single value, got a list (lists of values go under grid)"),
        row(BASE + "fixed: {alpha: {x: 1}}", "fixed.alpha: expected a single value, got a mapping"),
        row(BASE + "fixed: {alpha: 0}", "fixed.alpha: 0 is outside (0, 1]"),
        row(BASE + "fixed: {alpha: 1.5}", "fixed.alpha: 1.5 is outside (0, 1]"),
        row(BASE + "fixed: {gamma: -0.1}", "fixed.gamma: -0.1 is outside [0, 1]"),
        row(BASE + "fixed: {epsilon: 2}", "fixed.epsilon: 2 is outside [0, 1]"),
        row(BASE + "fixed: {epsilon: 'linear:1:2:10'}", "fixed.epsilon: linear:1:2:10 leaves [0, 1]"),
        row(BASE + "fixed: {epsilon: 'fast'}", "fixed.epsilon: 'fast' has a value that is not a number"),
        row(BASE + "fixed: {epsilon: 'cosine:1:0'}", "fixed.epsilon: 'cosine:1:0' is not a schedule; allowed: VALUE,"
            + " constant:VALUE, linear:START:END:EPISODES, exp:START:FLOOR:RATE"),
        row(BASE + "fixed: {initial_q: 1e400}", "fixed.initial_q: Infinity is not a finite number"),
        row(BASE + "fixed: {episodes: 0}", "fixed.episodes: 0 must be >= 1"),
        row(BASE + "fixed: {episodes: 10.5}", "fixed.episodes: 10.5 is not an integer"),
        row(BASE + "fixed: {episodes: 3000000000}", "fixed.episodes: 3000000000 is more than 2147483647"),
        row(BASE + "fixed: {algorithm: qlearning}",
            "fixed.algorithm: 'qlearning' is not one of q_learning, sarsa, expected_sarsa, double_q"),
        row(BASE + "fixed: {algorithm: 1}", "fixed.algorithm: expected a string, got 1"),
        row(BASE + "fixed: {learning_rate: fast}",
            "fixed.learning_rate: 'fast' is not one of constant, visit:OMEGA"),
        row(BASE + "fixed: {learning_rate: 'visit:2'}",
            "fixed.learning_rate: learning_rate omega: 2.0 is outside (0, 1]"),
        row(BASE + "fixed: {exploration: greedy}",
            "fixed.exploration: 'greedy' is not one of epsilon:SCHEDULE, softmax:SCHEDULE, ucb:C"),
        row(BASE + "fixed: {exploration: 'softmax:0'}", "fixed.exploration: temperature: 0 must stay > 0"),
        row(BASE + "fixed: {exploration: 'ucb:x'}", "fixed.exploration: ucb c: 'x' is not a number"),
        row(BASE + "fixed: {gama: 0.9}", "fixed.gama: unknown dimension; allowed: " + DIMS
            + " (did you mean gamma?)"),
        row(BASE + "fixed: {'env.': 1}", "fixed.env.: unknown dimension; allowed: " + DIMS
            + " with <param> matching [A-Za-z_][A-Za-z0-9_]*"),
        row(BASE + "fixed: {reward: nope}",
            "fixed.reward: env param 'reward': 'nope' is not one of goal, step_cost"),
        row(BASE + "fixed: {reward: ''}", "fixed.reward: an empty string is not a valid value"),
        row(BASE + "fixed: {env.slip: 0.9}", "fixed.env.slip: env param 'slip': 0.9 is outside [0.0, 0.5]"),
        // grid
        row(BASE + "grid: [gamma]", "grid: expected a mapping of dimension: [values], got a list"),
        row(BASE + "grid: {gamma: [0.9, 0.99, 1.5]}", "grid.gamma[2]: 1.5 is outside [0, 1]"),
        row(BASE + "grid: {epsilon: []}", "grid.epsilon: empty grid"),
        row(BASE + "grid: {gamma: 0.9}", "grid.gamma: expected a list of values, got 0.9 (single values go under"
            + " fixed)"),
        row(BASE + "grid: {gamma: {a: 1}}", "grid.gamma: expected a list of values, got a mapping"),
        row(BASE + "grid: {gamma: [0.9, 0.90]}", "grid.gamma[1]: 0.9 repeats grid.gamma[0]"),
        row(BASE + "grid: {gamma: [1, 1.0]}", "grid.gamma[1]: 1 repeats grid.gamma[0]"),
        row(BASE + "grid: {exploration: ['epsilon:0.1', 'egreedy:0.1']}",
            "grid.exploration[1]: epsilon:0.1 repeats grid.exploration[0]"),
        row(BASE + "grid: {gama: [0.9]}", "grid.gama: unknown dimension; allowed: " + DIMS
            + " (did you mean gamma?)"),
        row(BASE + "grid: {algorithm: [q_learning, qlearning, [sarsa]]}",
            "grid.algorithm[1]: 'qlearning' is not one of q_learning, sarsa, expected_sarsa, double_q",
            "grid.algorithm[2]: expected a single value, got a list"),
        row(BASE + "grid: {alpha: [0.1, x]}\nfixed: {alpha: 0.2}",
            "grid.alpha: conflicts with fixed.alpha; " + ONE_PLACE, "grid.alpha[1]: 'x' is not a number"),
        row(BASE + "fixed: {gamma: 0.9}\ngrid: {gamma: [0.9, 1]}",
            "grid.gamma: conflicts with fixed.gamma; " + ONE_PLACE),
        row(BASE + "fixed: {epsilon: 0.1}\ngrid: {exploration: ['softmax:1']}",
            "grid.exploration: conflicts with fixed.epsilon; epsilon is shorthand for exploration epsilon:VALUE;"
                + " give only one of them"),
        row(BASE + "grid: {reward: [goal], env.reward: [step_cost]}",
            "grid.env.reward: conflicts with grid.reward; " + ONE_PLACE),
        row(BASE.replace("{name: test_chain}", "{name: test_chain, params: {length: 4}}")
                + "grid: {env.length: [3, 5]}",
            "grid.env.length: conflicts with env.params.length; an env param is given either in env.params or as"
                + " a dimension, not both"),
        row(BASE.replace("test_chain", "test_plain") + "grid: {reward: [a, b]}",
            "grid.reward: test_plain has no reward designs (unknown env param 'reward' for test_plain; allowed:"
                + " max_episode_steps)"),
        row(BASE.replace("test_chain", "test_plain") + "fixed: {reward: a}",
            "fixed.reward: test_plain has no reward designs (unknown env param 'reward' for test_plain; allowed:"
                + " max_episode_steps)"),
        row(BASE + "grid: {reward: [goal, nope]}",
            "grid.reward[1]: env param 'reward': 'nope' is not one of goal, step_cost"),
        row(BASE + "grid: {env.foo: [1, 2]}",
            "grid.env.foo: unknown env param 'foo' for test_chain; allowed: " + CHAIN_PARAMS),
        row(BASE + "grid: {env.length: [3, 1, 30]}",
            "grid.env.length[1]: env param 'length': 1 is outside [2, 20]",
            "grid.env.length[2]: env param 'length': 30 is outside [2, 20]"),
        row(BASE + "grid: {env.length: [5, 15], reward: [goal, step_cost]}",
            "env: configuration 3 has env params {length=15,reward=step_cost}: env param 'reward': step_cost"
                + " needs length <= 10, got 15"),
        // random
        row(BASE + "random: [1]", "random: expected a mapping {samples: N, dims: {...}}, got a list"),
        row(BASE + "random: {dims: {alpha: {uniform: [0.1, 1]}}}", "random.samples: required (random draws, >= 1)"),
        row(BASE + "random: {samples: 0, dims: {alpha: {uniform: [0.1, 1]}}}",
            "random.samples: 0 is outside [1, 1000000]"),
        row(BASE + "random: {samples: 3, dims: {alpha: {uniform: [0.1, 1]}}, seed: 3}",
            "random.seed: unknown field; allowed: samples, dims"),
        row(BASE + "random: {samples: 3}", "random.dims: required (dimension: {uniform: [LOW, HIGH]} |"
            + " {log_uniform: [LOW, HIGH]} | {choice: [V1, V2, ...]})"),
        row(BASE + "random: {samples: 3, dims: [alpha]}",
            "random.dims: expected a mapping of dimension: distribution, got a list"),
        row(BASE + "random: {samples: 3, dims: {}}", "random.dims: no dimension given"),
        row(BASE + "random: {samples: 3, dims: {alpha: 0.1}}",
            "random.dims.alpha: expected one distribution {uniform: [LOW, HIGH]}, {log_uniform: [LOW, HIGH]} or"
                + " {choice: [V1, V2, ...]}, got 0.1"),
        row(BASE + "random: {samples: 3, dims: {alpha: {normal: [0.1, 1]}}}",
            "random.dims.alpha.normal: unknown distribution; allowed: uniform, log_uniform, choice"),
        row(BASE + "random: {samples: 3, dims: {alpha: {uniform: [0.1, 1], choice: [0.1]}}}",
            "random.dims.alpha: give exactly one distribution, got uniform, choice"),
        row(BASE + "random: {samples: 3, dims: {algorithm: {uniform: [0, 1]}}}",
            "random.dims.algorithm.uniform: algorithm is not numeric; use choice"),
        row(BASE + "random: {samples: 3, dims: {alpha: {uniform: [0.1]}}}",
            "random.dims.alpha.uniform: expected [LOW, HIGH], got a list of 1"),
        row(BASE + "random: {samples: 3, dims: {alpha: {uniform: 0.1}}}",
            "random.dims.alpha.uniform: expected [LOW, HIGH], got 0.1"),
        row(BASE + "random: {samples: 3, dims: {alpha: {uniform: [abc, 1]}}}",
            "random.dims.alpha.uniform[0]: 'abc' is not a number"),
        row(BASE + "random: {samples: 3, dims: {alpha: {uniform: [0, 1]}}}",
            "random.dims.alpha.uniform[0]: 0 is outside (0, 1]"),
        row(BASE + "random: {samples: 3, dims: {gamma: {uniform: [0.5, 1.2]}}}",
            "random.dims.gamma.uniform[1]: 1.2 is outside [0, 1]"),
        row(BASE + "random: {samples: 3, dims: {initial_q: {log_uniform: [-1, 1]}}}",
            "random.dims.initial_q.log_uniform[0]: -1 must be > 0 for log_uniform"),
        row(BASE + "random: {samples: 3, dims: {alpha: {uniform: [0.5, 0.1]}}}",
            "random.dims.alpha.uniform: low 0.5 is greater than high 0.1"),
        row(BASE + "random: {samples: 3, dims: {episodes: {uniform: [2.2, 2.7]}}}",
            "random.dims.episodes.uniform: [2.2, 2.7] contains no integer"),
        row(BASE + "random: {samples: 3, dims: {episodes: {uniform: [0, 10]}}}",
            "random.dims.episodes.uniform[0]: 0 must be >= 1"),
        row(BASE + "random: {samples: 3, dims: {reward: {choice: []}}}", "random.dims.reward.choice: empty choice"),
        row(BASE + "random: {samples: 3, dims: {reward: {choice: goal}}}",
            "random.dims.reward.choice: expected a list of values, got 'goal'"),
        row(BASE + "random: {samples: 3, dims: {reward: {choice: [goal, nope]}}}",
            "random.dims.reward.choice[1]: env param 'reward': 'nope' is not one of goal, step_cost"),
        row(BASE + "random: {samples: 3, dims: {gamma: {choice: [0.9, 2]}}}",
            "random.dims.gamma.choice[1]: 2 is outside [0, 1]"),
        row(BASE + "random: {samples: 3, dims: {gamma: {choice: [0.9, 0.9]}}}",
            "random.dims.gamma.choice[1]: 0.9 repeats random.dims.gamma.choice[0]"),
        row(BASE + "grid: {gamma: [0.9]}\nrandom: {samples: 3, dims: {gamma: {uniform: [0.5, 1]}}}",
            "random.dims.gamma: conflicts with grid.gamma; " + ONE_PLACE),
        row(BASE + "random: {samples: 3, dims: {gamma: {uniform: [0.5, 1]}, gama: {uniform: [0.5, 1]}}}",
            "random.dims.gama: unknown dimension; allowed: " + DIMS + " (did you mean gamma?)"),
        row(BASE.replace("test_chain", "test_plain") + "random: {samples: 3, dims: {reward: {choice: [a]}}}",
            "random.dims.reward: test_plain has no reward designs (unknown env param 'reward' for test_plain;"
                + " allowed: max_episode_steps)"),
        // evaluation
        row(BASE + "evaluation: 100", "evaluation: expected a mapping with episodes, curve_every, curve_points,"
            + " got 100"),
        row(BASE + "evaluation: {episodes: 0}", "evaluation.episodes: 0 is outside [1, 10000000]"),
        row(BASE + "evaluation: {curve_every: 0}", "evaluation.curve_every: 0 is outside [1, 2147483647]"),
        row(BASE + "evaluation: {curve_points: many}", "evaluation.curve_points: 'many' is not an integer"),
        row(BASE + "evaluation: {episode: 10}", "evaluation.episode: unknown field; allowed: episodes, curve_every,"
            + " curve_points (did you mean episodes?)"),
        // explosion guard
        row(BASE.replace("replicas: 2", "replicas: 10") + "max_runs: 100\ngrid: {gamma: [0.9, 0.99, 1],"
            + " epsilon: [0.01, 0.05, 0.1, 0.2]}",
            "max_runs: sweep has 120 runs (12 configurations × 10 replicas), more than max_runs 100 — raise"
                + " max_runs if this is intended"),
        // document level
        row("", "(document): the sweep file is empty; required: name, seed, env, replicas"),
        row("- 1\n- 2", "(document): expected a mapping with the fields " + TOP + ", got a list"));
  }

  private static Arguments row(String yaml, String... expected) {
    return Arguments.of(yaml, List.of(expected));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("cases")
  void reportsExactlyTheseProblems(String yaml, List<String> expected) {
    assertThat(problems(yaml)).containsExactlyElementsOf(expected);
  }

  @Test
  void unknownEnvNamesTheRegisteredOnes() {
    String names = String.join(", ", new TreeSet<>(TestEnvs.CATALOG.names()));
    assertThat(problems(BASE.replace("test_chain", "frozen")))
        .containsExactly("env.name: 'frozen' is not one of " + names);
    assertThat(problems(BASE.replace("test_chain", "test_chian")))
        .containsExactly("env.name: 'test_chian' is not one of " + names + " (did you mean test_chain?)");
    assertThat(problems(BASE.replace("{name: test_chain}", "{params: {}}")))
        .containsExactly("env.name: required (an environment: " + names + ")");
  }

  @Test
  void theRealRegistryIsWhatThePublicParseUses() {
    String names = String.join(", ", new TreeSet<>(EnvRegistry.names()));
    String base = "name: q\nseed: 1\nreplicas: 1\nenv: {name: frozen_lake}\n";
    SweepValidationException e = catchThrowableOfType(SweepValidationException.class,
        () -> SweepSpec.parse(base.replace("frozen_lake", "frozen") + "grid: {gamma: [0.9, 1.5]}", "x.yaml"));
    assertThat(e.problems()).containsExactly("env.name: 'frozen' is not one of " + names,
        "grid.gamma[1]: 1.5 is outside [0, 1]");
    assertThat(names).contains("frozen_lake", "taxi").doesNotContain(TestEnvs.CHAIN);
    e = catchThrowableOfType(SweepValidationException.class,
        () -> SweepSpec.parse(base + "grid: {reward: [theory], env.map: [4x4, 5x5]}", "x.yaml"));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems().get(0)).startsWith("grid.reward: frozen_lake has no reward designs (unknown env param"
        + " 'reward' for frozen_lake; allowed: ");
    assertThat(e.problems().get(1)).startsWith("grid.env.map[1]: ").contains("5x5");
    SweepSpec s = SweepSpec.parse(base + "grid: {env.is_slippery: [true, false], env.map: [4x4, 8x8]}", "x.yaml");
    assertThat(s.numConfigs()).isEqualTo(4);
    assertThat(s.expand().get(1).params()).containsEntry("env.is_slippery", "true").containsEntry("env.map", "8x8");
  }

  @Test
  void reportsEveryProblemAtOnceInTheOrderFound() {
    String yaml = """
        name: my sweep
        seed: x
        gird: 1
        env: {name: frozen}
        replicas: 0
        fixed: {alpha: abc}
        grid: {gamma: [0.9, 1.5], epsilon: []}
        random: {samples: 2, dims: {alpha: {log_uniform: [0, 1]}}}
        evaluation: {episodes: -1}
        """;
    List<String> p = problems(yaml);
    assertThat(p).hasSize(11);
    assertThat(p).containsExactly(
        "gird: unknown field; allowed: " + TOP + " (did you mean grid?)",
        "name: 'my sweep' must match [A-Za-z0-9][A-Za-z0-9_.-]* (at most 100 characters)",
        "seed: 'x' is not an integer",
        "replicas: 0 is outside [1, 1000000]",
        p.get(4), // env.name (lists the registered envs, checked above)
        "evaluation.episodes: -1 is outside [1, 10000000]",
        "fixed.alpha: 'abc' is not a number",
        "grid.gamma[1]: 1.5 is outside [0, 1]",
        "grid.epsilon: empty grid",
        "random.dims.alpha: conflicts with fixed.alpha; " + ONE_PLACE,
        "random.dims.alpha.log_uniform[0]: 0 is outside (0, 1]");
    assertThat(p.get(4)).startsWith("env.name: 'frozen' is not one of ");
  }

  @Test
  void conflictingDimensionsStillHaveTheirValuesChecked() {
    assertThat(problems(BASE + "fixed: {alpha: 0.2}\nrandom: {samples: 2, dims: {alpha: {log_uniform: [0, 1]}}}"))
        .containsExactly("random.dims.alpha: conflicts with fixed.alpha; " + ONE_PLACE,
            "random.dims.alpha.log_uniform[0]: 0 is outside (0, 1]");
  }

  @Test
  void explosionGuardCountsWithThousandsSeparators() {
    String alphas = IntStream.rangeClosed(1, 100).mapToObj(i -> Double.toString(i / 100.0))
        .collect(Collectors.joining(", "));
    String gammas = IntStream.range(0, 100).mapToObj(i -> Double.toString(i / 100.0))
        .collect(Collectors.joining(", "));
    String episodes = IntStream.rangeClosed(1, 48).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    String yaml = BASE.replace("replicas: 2", "replicas: 5")
        + "grid: {alpha: [" + alphas + "], gamma: [" + gammas + "], episodes: [" + episodes + "]}";
    assertThat(problems(yaml)).containsExactly("max_runs: sweep has 2,400,000 runs (480,000 configurations × 5"
        + " replicas), more than max_runs 100000 — raise max_runs if this is intended");
  }

  @Test
  void raisingMaxRunsIsTheWayOut() {
    String yaml = BASE.replace("replicas: 2", "replicas: 10") + "grid: {gamma: [0.9, 0.99, 1],"
        + " epsilon: [0.01, 0.05, 0.1, 0.2]}\nmax_runs: ";
    assertThat(problems(yaml + "119")).hasSize(1).first().asString().startsWith("max_runs: sweep has 120 runs");
    assertThat(parse(yaml + "120").numRuns()).isEqualTo(120);
    assertThat(parse(yaml + "120").maxRuns()).isEqualTo(120);
  }

  @Test
  void explosionGuardCountsDistinctRandomDraws() {
    // 50 draws of a two-valued choice are 2 distinct configurations: 4 runs, within max_runs 4
    SweepSpec s = parse(BASE + "max_runs: 4\nrandom: {samples: 50, dims: {reward: {choice: [goal, step_cost]}}}");
    assertThat(s.numRuns()).isEqualTo(4);
    assertThat(problems(BASE + "max_runs: 3\nrandom: {samples: 50, dims: {reward: {choice: [goal, step_cost]}}}"))
        .containsExactly("max_runs: sweep has 4 runs (2 configurations × 2 replicas), more than max_runs 3 — raise"
            + " max_runs if this is intended");
  }

  @Test
  void yamlSyntaxErrorsGiveLineAndColumn() {
    assertThat(problems(BASE + "grid: {gamma: [0.9, 1.0}\n")).containsExactly(
        "line 5, column 24: YAML syntax error: expected ',' or ']', but got } (while parsing a flow sequence"
            + " started at line 5, column 15)");
    assertThat(problems("name: t\nseed: 1: 2\n")).containsExactly(
        "line 2, column 8: YAML syntax error: mapping values are not allowed here");
    assertThat(problems("name: t\nseed: 1\nname: u\n")).hasSize(1).first().asString()
        .startsWith("line 3, column ").contains("Duplicate field 'name'");
  }

  @Test
  void theExceptionMessageListsEveryProblemUnderTheSource() {
    assertThatThrownBy(() -> SweepSpec.parse(BASE + "fixed: {alpha: 0, gamma: 2}", "conf/x.yaml", TestEnvs.CATALOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conf/x.yaml: 2 problems\n  fixed.alpha: 0 is outside (0, 1]\n  fixed.gamma: 2 is outside [0, 1]")
        .satisfies(e -> assertThat(((SweepValidationException) e).source()).isEqualTo("conf/x.yaml"));
  }

  @Test
  void quotedNumbersAndYamlSpellingsAreAccepted() {
    SweepSpec s = parse(BASE.replace("seed: 7", "seed: '7'") + "fixed: {alpha: '1e-3', gamma: 1.0, episodes: 2e3,"
        + " initial_q: '-0.5'}\nreplicas_note: x".replace("\nreplicas_note: x", ""));
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.expand().get(0).agent().alpha()).isEqualTo(0.001);
    assertThat(s.expand().get(0).agent().gamma()).isEqualTo(1.0);
    assertThat(s.expand().get(0).agent().episodes()).isEqualTo(2000);
    assertThat(s.expand().get(0).agent().initialQ()).isEqualTo(-0.5);
  }
}
