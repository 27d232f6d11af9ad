package io.qsweep.env;

/**
 * A discrete Markov decision process with a Gymnasium-like contract.
 *
 * <p>States are {@code 0 .. numStates()-1}, actions {@code 0 .. numActions()-1}. The lifecycle is the one of
 * Gymnasium's {@code Env}: {@link #reset(long)} seeds the environment's own random generator and returns the first
 * state; {@link #reset()} starts another episode with the generator as it is; {@link #step(int)} applies an action.
 * A step separates {@code terminated} (the MDP reached a terminal state: do not bootstrap) from {@code truncated}
 * (the episode was cut, e.g. by a {@link TimeLimit}: do bootstrap).
 *
 * <p>Every environment in qsweep also exposes its full {@link TransitionModel} so that dynamic programming can solve
 * it exactly.
 *
 * <p><b>Action sets.</b> Every state shares the action space {@code 0 .. numActions()-1} (a rectangular Q-table), but
 * an environment may allow fewer actions in some states, like a Gymnasium action mask: the valid actions of state
 * {@code s} are the prefix {@code 0 .. n(s)-1} with {@code n(s) = validActionCounts()[s]} in {@code [1, numActions()]},
 * and {@link #validActionCounts()} is {@code null} when every state allows every action (no mask: the common case,
 * which hot loops handle with no extra work). Taking an invalid action is an error ({@link IllegalArgumentException}).
 * Learners, action selectors, evaluators and solvers choose, maximise and take expectations over the valid actions
 * only. The mask comes from the {@link TransitionModel}, so wrappers that forward {@link #model()} forward it.
 *
 * <p>Hot-loop contract: {@code step} allocates nothing. It returns a {@link Step} owned by the environment that is
 * overwritten by the next call to {@code step} or {@code reset}.
 */
public interface Env {

  /** Registry name, e.g. {@code "frozen_lake"}. */
  String name();

  int numStates();

  int numActions();

  /** Seeds this environment's random generator with {@code seed} and starts an episode; returns the first state. */
  int reset(long seed);

  /**
   * Starts another episode using the random generator as it is; returns the first state.
   *
   * @throws IllegalStateException if the environment was never seeded with {@link #reset(long)}
   */
  int reset();

  /**
   * Applies {@code action} in the current state.
   *
   * @return the environment's reused step record, valid until the next {@code step} or {@code reset}
   */
  Step step(int action);

  /** The current state. */
  int state();

  /** The full transition model (probabilities, next states, expected rewards, terminal flags, start distribution). */
  TransitionModel model();

  /**
   * The number of valid actions per state (valid actions of {@code s} are {@code 0 .. counts[s]-1}), or {@code null}
   * when every state allows all {@link #numActions()} actions. A fresh array per call: fetch it once per run. The
   * default reads the {@link TransitionModel}; wrappers must forward it (the default does, through {@link #model()}).
   */
  default int[] validActionCounts() {
    return model().validActionCounts();
  }

  /** The number of steps after which an episode is truncated, or 0 when there is no limit. */
  default int maxEpisodeSteps() {
    return 0;
  }

  /** Whether episodes of this environment have a goal, so that a success rate is meaningful. */
  default boolean hasGoal() {
    return false;
  }

  /** Whether the episode that ended with {@code last} reached the goal; only meaningful when {@link #hasGoal()}. */
  default boolean reachedGoal(Step last) {
    return false;
  }

  /** A short human-readable name for an action (for printed policies), e.g. {@code "LEFT"}. */
  default String actionName(int action) {
    return Integer.toString(action);
  }

  /**
   * A human-readable picture of a policy (one action per state), e.g. a grid of arrows for a grid world; {@code null}
   * when the environment has no natural picture.
   */
  default String renderPolicy(int[] actionPerState) {
    return null;
  }
}
