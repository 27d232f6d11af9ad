package io.qsweep.learn;

import io.qsweep.env.Env;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TimeLimit;

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
 *   <li><b>Dispatch.</b> A {@link TabularEnv}, bare or in a {@link TimeLimit}, is stepped through its class (see
 *       {@link #tabular}) and the selector through the static {@code ActionSelector.select(policy, ...)}, so that
 *       the per-step calls stay inlined in a JVM that trains many configurations.</li>
 *   <li><b>Step size.</b> {@link LearningRate}: constant {@code alpha}, or {@code alpha / N(s,a)^ω} with
 *       {@code N(s,a)} the updates of that table entry including the current one.</li>
 *   <li><b>Action sets.</b> {@link Env#validActionCounts()} is read once per run. With a mask, the behaviour policy
 *       picks among the state's valid actions, and every target (max, argmax, expectation) ranges over the next
 *       state's valid actions; the entries of invalid actions keep their initial value. Without one the loops use an
 *       array of {@code numActions} per state ({@link #validActions}), so both cases run the same code: the count of
 *       the next state is read once per step and serves both the target and the next choice (passed to the
 *       selector), with no branch on whether there is a mask.</li>
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

  /** The number of steps after which the loops cut an episode: the env's own limit if it has one, else {@link #STEP_CAP}. */
  public static int stepCap(Env env) {
    return env.maxEpisodeSteps() > 0 ? env.maxEpisodeSteps() : STEP_CAP;
  }

  /**
   * The number of valid actions of every state: {@link Env#validActionCounts()}, or {@code numActions} for every
   * state when the environment has no mask. Never null, so the loops read {@code valid[s]} with no branch.
   */
  static int[] validActions(Env env) {
    int[] valid = env.validActionCounts();
    if (valid == null) {
      valid = new int[env.numStates()];
      java.util.Arrays.fill(valid, env.numActions());
    }
    return valid;
  }

  /**
   * The {@link TabularEnv} behind {@code env} when {@code env} is one or is a {@link TimeLimit} around one, else
   * {@code null}. The loops step it directly: {@code TabularEnv.step} is final, so a call through the class binds
   * statically and is inlined, whereas a call through {@link Env} becomes megamorphic (not inlined) once a JVM has
   * trained on several environment classes, as a sweep's executors do. The loops then apply the time limit
   * themselves, by the same rule as {@link TimeLimit} (truncate at step {@link #stepCap}).
   */
  static TabularEnv tabular(Env env) {
    if (env instanceof TabularEnv t) {
      return t;
    }
    if (env instanceof TimeLimit tl && tl.inner() instanceof TabularEnv t) {
      return t;
    }
    return null;
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
