package io.qsweep.explore;

import java.util.SplittableRandom;

/**
 * The behaviour policy of a learning run: picks an action from a row of a Q-table and can state the probabilities it
 * picks them with.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link #create(ExplorationSpec, int, int)} makes a fresh selector for one run, sized for one environment
 *       ({@code numStates × numActions}). A selector is mutable and not thread-safe: never share one between runs.</li>
 *   <li>{@link #beginEpisode(int)} is called before each episode {@code e = 0, 1, ...}; it evaluates the
 *       {@link Schedule} (ε or the temperature) once for the whole episode.</li>
 *   <li>{@link #select} is called once per decision. Any counts the policy keeps (UCB's {@code N(s)} and
 *       {@code N(s,a)}) are updated by {@code select}, so each call counts as one visit of the returned action.</li>
 *   <li>{@link #probabilities} reports the distribution {@code select} would draw from right now (same episode value,
 *       same counts) without changing any state; Expected SARSA uses it for its target.</li>
 * </ol>
 *
 * <p>Q values are passed as a flat row-major array with the offset of the state's row ({@code state * numActions}),
 * so the Q-table (or, for Double Q-learning, a table combining two) is read in place. {@code select} and
 * {@code probabilities} allocate nothing; all randomness comes from the {@code rng} argument.
 *
 * <p>Action sets: in state {@code s} a selector chooses among the valid actions {@code 0 .. n - 1} only (see
 * {@link io.qsweep.env.Env#validActionCounts()}): its random branches, greedy maxima, tie-breaking, counts and
 * probabilities all range over them, {@link #probabilities} writes 0 for the others, and the Q values of the others
 * are never read. The hot-loop forms take {@code n} as an argument ({@code numValid}, in {@code [1, numActions]}):
 * the training loops read it once per step from their per-state count array (full width without a mask) and use it
 * for the choice and the target alike, so the selectors do no per-call work for action sets at all. The forms
 * without {@code numValid} look it up in the mask the selector was created with
 * ({@link #create(ExplorationSpec, int, int, int[])}; all {@code numActions} without one).
 *
 * <p>Training loops call {@link #select(ActionSelector, double[], int, int, int, SplittableRandom)} and
 * {@link #probabilities(ActionSelector, double[], int, int, int, double[])} rather than the instance methods: a JVM
 * that runs a sweep sees all three selector classes at one call site, which the JIT then cannot inline (a megamorphic
 * call); the static forms test the (sealed, final) class and call through it, which binds statically.
 */
public sealed interface ActionSelector permits EpsilonGreedySelector, SoftmaxSelector, UcbSelector {

  /** Sets the schedule value for episode {@code episode >= 0}. */
  void beginEpisode(int episode);

  /**
   * Picks one of the first {@code numValid} actions in {@code state}, whose Q values are
   * {@code q[rowOffset .. rowOffset + numActions - 1]}; {@code numValid} is the number of valid actions of
   * {@code state}, in {@code [1, numActions]} (not checked: this is the hot-loop form).
   *
   * @return an action in {@code [0, numValid)}
   */
  int select(double[] q, int rowOffset, int state, int numValid, SplittableRandom rng);

  /**
   * Writes the probability of each action that {@link #select} would currently pick into
   * {@code out[0 .. numActions - 1]}: 0 for the actions {@code >= numValid}.
   */
  void probabilities(double[] q, int rowOffset, int state, int numValid, double[] out);

  /** The number of valid actions of {@code state} in the mask this selector was created with. */
  int numValidActions(int state);

  /** {@link #select(double[], int, int, int, SplittableRandom)} with the state's count from the selector's mask. */
  default int select(double[] q, int rowOffset, int state, SplittableRandom rng) {
    return select(q, rowOffset, state, numValidActions(state), rng);
  }

  /** {@link #probabilities(double[], int, int, int, double[])} with the state's count from the selector's mask. */
  default void probabilities(double[] q, int rowOffset, int state, double[] out) {
    probabilities(q, rowOffset, state, numValidActions(state), out);
  }

  /** The current schedule value (ε, the temperature, or UCB's constant c). */
  double parameter();

  /** {@code policy.select(...)}, dispatched by exact class so that the call is inlined in hot loops. */
  static int select(ActionSelector policy, double[] q, int rowOffset, int state, int numValid,
      SplittableRandom rng) {
    if (policy instanceof EpsilonGreedySelector eg) {
      return eg.select(q, rowOffset, state, numValid, rng);
    }
    if (policy instanceof SoftmaxSelector sm) {
      return sm.select(q, rowOffset, state, numValid, rng);
    }
    return ((UcbSelector) policy).select(q, rowOffset, state, numValid, rng);
  }

  /** {@code policy.probabilities(...)}, dispatched by exact class so that the call is inlined in hot loops. */
  static void probabilities(ActionSelector policy, double[] q, int rowOffset, int state, int numValid,
      double[] out) {
    if (policy instanceof EpsilonGreedySelector eg) {
      eg.probabilities(q, rowOffset, state, numValid, out);
    } else if (policy instanceof SoftmaxSelector sm) {
      sm.probabilities(q, rowOffset, state, numValid, out);
    } else {
      ((UcbSelector) policy).probabilities(q, rowOffset, state, numValid, out);
    }
  }

  /** A new selector for one run on an environment with the given sizes, every action valid in every state. */
  static ActionSelector create(ExplorationSpec spec, int numStates, int numActions) {
    return create(spec, numStates, numActions, null);
  }

  /**
   * A new selector for one run on an environment with the given sizes and per-state action sets.
   *
   * @param validActions the number of valid actions per state (a prefix; see {@link io.qsweep.env.Env}), each in
   *     {@code [1, numActions]}, or {@code null} when every state allows every action; used by the forms without
   *     {@code numValid}; not copied, not modified
   */
  static ActionSelector create(ExplorationSpec spec, int numStates, int numActions, int[] validActions) {
    if (spec == null) {
      throw new IllegalArgumentException("exploration: must be given");
    }
    if (numStates < 1) {
      throw new IllegalArgumentException("numStates: " + numStates + " must be >= 1");
    }
    if (numActions < 1) {
      throw new IllegalArgumentException("numActions: " + numActions + " must be >= 1");
    }
    checkValidActions(validActions, numStates, numActions);
    if (spec instanceof ExplorationSpec.EpsilonGreedy eg) {
      return new EpsilonGreedySelector(eg.epsilon(), numActions, validActions);
    }
    if (spec instanceof ExplorationSpec.Softmax sm) {
      return new SoftmaxSelector(sm.temperature(), numActions, validActions);
    }
    if (spec instanceof ExplorationSpec.Ucb ucb) {
      return new UcbSelector(ucb.c(), numStates, numActions, validActions);
    }
    throw new IllegalArgumentException("exploration: unsupported " + spec);
  }

  /** Checks a per-state action count array: {@code null}, or {@code numStates} counts in {@code [1, numActions]}. */
  static void checkValidActions(int[] validActions, int numStates, int numActions) {
    if (validActions == null) {
      return;
    }
    if (validActions.length != numStates) {
      throw new IllegalArgumentException("validActions: length " + validActions.length + " does not match numStates "
          + numStates);
    }
    for (int s = 0; s < numStates; s++) {
      if (validActions[s] < 1 || validActions[s] > numActions) {
        throw new IllegalArgumentException("validActions: " + validActions[s] + " of state " + s + " is outside [1, "
            + numActions + "]");
      }
    }
  }
}
