package io.qsweep.cli;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Algorithm;
import io.qsweep.learn.LearningRate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that define one training run, shared by {@code train} and {@code compose}. */
final class AgentOptions {
  @Option(names = "--env", required = true, description = "Environment name (${COMPLETION-CANDIDATES}).",
      completionCandidates = EnvNames.class)
  String env;

  @Option(names = "--env-param", paramLabel = "KEY=VALUE", description = "Environment parameter (repeatable).")
  List<String> envParams = new ArrayList<>();

  @Option(names = "--reward", paramLabel = "DESIGN", description = "Reward design (music environments).")
  String reward;

  @Option(names = "--algorithm", defaultValue = "q_learning",
      description = "q_learning, sarsa, expected_sarsa or double_q (default: ${DEFAULT-VALUE}).")
  String algorithm;

  @Option(names = "--alpha", defaultValue = "0.1", description = "Step size in (0, 1] (default: ${DEFAULT-VALUE}).")
  double alpha;

  @Option(names = "--gamma", defaultValue = "0.99", description = "Discount in [0, 1] (default: ${DEFAULT-VALUE}).")
  double gamma;

  @Option(names = "--epsilon", description = "Constant ε for ε-greedy exploration, in [0, 1] (default 0.1).")
  Double epsilon;

  @Option(names = "--exploration", paramLabel = "SPEC",
      description = "epsilon:SCHEDULE, softmax:SCHEDULE or ucb:C; SCHEDULE is VALUE, linear:START:END:EPISODES "
          + "or exp:START:FLOOR:RATE.")
  String exploration;

  @Option(names = "--learning-rate", defaultValue = "constant",
      description = "constant or visit:OMEGA (alpha / N(s,a)^OMEGA) (default: ${DEFAULT-VALUE}).")
  String learningRate;

  @Option(names = "--initial-q", defaultValue = "0", description = "Initial Q value (default: ${DEFAULT-VALUE}).")
  double initialQ;

  @Option(names = "--episodes", defaultValue = "1000", description = "Training episodes (default: ${DEFAULT-VALUE}).")
  int episodes;

  @Option(names = "--seed", defaultValue = "0", description = "Run seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--eval-episodes", defaultValue = "100",
      description = "Greedy evaluation episodes after training (default: ${DEFAULT-VALUE}).")
  int evalEpisodes;

  /** Environment parameters including {@code --reward}. */
  EnvParams envParams() {
    try {
      EnvParams p = EnvParams.parse(envParams);
      if (reward != null) {
        if (p.has("reward")) {
          throw new Main.UsageError("--reward and --env-param reward=... are both given");
        }
        Map<String, String> m = new LinkedHashMap<>(p.asMap());
        m.put("reward", reward);
        p = EnvParams.of(m);
      }
      return p;
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError(e.getMessage());
    }
  }

  /** Builds the environment; errors name the argument. */
  Env buildEnv() {
    try {
      return EnvRegistry.make(env, envParams());
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError("--env " + env + ": " + e.getMessage());
    }
  }

  /** Builds the validated agent config; errors name the argument. */
  AgentConfig buildConfig() {
    if (epsilon != null && exploration != null) {
      throw new Main.UsageError("--epsilon and --exploration are mutually exclusive");
    }
    if (evalEpisodes < 0) {
      throw new Main.UsageError("--eval-episodes: " + evalEpisodes + " must be >= 0");
    }
    Algorithm alg = arg("--algorithm", () -> Algorithm.fromId(algorithm));
    ExplorationSpec ex = exploration != null
        ? arg("--exploration", () -> ExplorationSpec.parse(exploration))
        : arg("--epsilon", () -> ExplorationSpec.epsilonGreedy(epsilon != null ? epsilon : 0.1));
    LearningRate lr = arg("--learning-rate", () -> LearningRate.parse(learningRate));
    try {
      return new AgentConfig(alg, alpha, gamma, ex, lr, initialQ, episodes);
    } catch (IllegalArgumentException e) {
      // AgentConfig names the field ("alpha: 1.5 is outside (0, 1]"); map it to the option's spelling.
      String msg = e.getMessage();
      int colon = msg.indexOf(':');
      String field = colon > 0 ? msg.substring(0, colon) : "";
      throw new Main.UsageError("--" + field.replace('_', '-') + msg.substring(Math.max(colon, 0)));
    }
  }

  private static <T> T arg(String option, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      String field = option.substring(2).replace('-', '_') + ": ";
      throw new Main.UsageError(option + ": " + (msg.startsWith(field) ? msg.substring(field.length()) : msg));
    }
  }

  /** The config echo printed by {@code --json}. */
  static Map<String, Object> echo(String envName, EnvParams params, AgentConfig cfg, long seed, int evalEpisodes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("env", envName);
    m.put("env_params", params.asMap());
    m.put("algorithm", cfg.algorithm().id());
    m.put("alpha", cfg.alpha());
    m.put("gamma", cfg.gamma());
    m.put("exploration", cfg.exploration().toString());
    m.put("learning_rate", cfg.learningRate().toString());
    m.put("initial_q", cfg.initialQ());
    m.put("episodes", cfg.episodes());
    m.put("seed", seed);
    m.put("eval_episodes", evalEpisodes);
    return m;
  }

  /** Completion candidates: the registered environment names. */
  static final class EnvNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    EnvNames() {
      super(EnvRegistry.names());
    }
  }
}
