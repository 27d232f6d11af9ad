package io.qsweep.learn;

import io.qsweep.env.Env;

/**
 * Runs one training run: dispatches on {@link AgentConfig#algorithm()} to {@link QLearning}, {@link Sarsa},
 * {@link ExpectedSarsa} or {@link DoubleQLearning}, whose javadoc states each update rule.
 *
 * <p>What every algorithm shares:
 * <ul>
 *   <li><b>Seeding.</b> The run seed alone fixes the run: {@code master = new SplittableRandom(seed)}; the environment
 *       seed is {@code master.nextLong()}, the agent's generator (exploration, tie-breaking, Double Q's coin) is
 *       {@code master.split()}. The environment is {@code reset(envSeed)} before the first episode and
 *       {@code reset()} before every later one.</li>
 *   <li><b>Episode end.</b> A {@code terminated} transition does not bootstrap (the next state is worth 0); a
 *       {@code truncated} one does (the target uses {@code Q(s', ·)}).</li>
 *   <li><b>Step cap.</b> An environment without a time limit ({@link Env#maxEpisodeSteps()} {@code == 0}, e.g. cliff
 *       walking) could otherwise loop forever under a bad policy (greedy with ties, ε = 0, a wall). Such episodes are
 *       cut after {@value #STEP_CAP} steps; the cut counts as a truncation (it bootstraps). Environments with a time
 *       limit are cut only by it.</li>
 *   <li><b>Step size.</b> {@link LearningRate}: constant {@code alpha}, or {@code alpha / N(s,a)^ω} with
 *       {@code N(s,a)} the updates of that table entry including the current one.</li>
 *   <li><b>Initial values.</b> Every entry starts at {@link AgentConfig#initialQ()}.</li>
 *   <li><b>Allocation.</b> Tables, curves and scratch arrays are allocated before the first episode; the per-step
 *       loop allocates nothing (no boxing, lambdas or iterators).</li>
 * </ul>
 */
public final class Trainer {
  /** Episode step cap for environments without a time limit (the cut is treated as a truncation). */
  public static final int STEP_CAP = 100_000;

  private Trainer() {
  }

  public static TrainResult train(Env env, AgentConfig cfg, long seed) {
    return train(env, cfg, seed, null);
  }

  /**
   * Trains with {@code cfg.algorithm()}.
   *
   * @param listener called after each episode; may be {@code null}
   */
  public static TrainResult train(Env env, AgentConfig cfg, long seed, EpisodeListener listener) {
    if (cfg == null) {
      throw new IllegalArgumentException("config: must be given");
    }
    switch (cfg.algorithm()) {
      case Q_LEARNING:
        return QLearning.train(env, cfg, seed, listener);
      case SARSA:
        return Sarsa.train(env, cfg, seed, listener);
      case EXPECTED_SARSA:
        return ExpectedSarsa.train(env, cfg, seed, listener);
      case DOUBLE_Q:
        return DoubleQLearning.train(env, cfg, seed, listener);
      default:
        throw new AssertionError(cfg.algorithm());
    }
  }

  /** The number of steps after which this loop cuts an episode: the env's own limit applies, else {@link #STEP_CAP}. */
  public static int stepCap(Env env) {
    return env.maxEpisodeSteps() > 0 ? Integer.MAX_VALUE : STEP_CAP;
  }

  static void check(Env env, AgentConfig cfg, Algorithm expected) {
    if (env == null) {
      throw new IllegalArgumentException("env: must be given");
    }
    if (cfg == null) {
      throw new IllegalArgumentException("config: must be given");
    }
    if (cfg.algorithm() != expected) {
      throw new IllegalArgumentException("algorithm: config says '" + cfg.algorithm() + "' but this trainer runs '"
          + expected + "'; use Trainer.train to dispatch");
    }
  }
}
