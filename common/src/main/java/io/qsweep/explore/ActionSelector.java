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
 * <p>Training loops call {@link #select(ActionSelector, double[], int, int, SplittableRandom)} and
 * {@link #probabilities(ActionSelector, double[], int, int, double[])} rather than the instance methods: a JVM that
 * runs a sweep sees all three selector classes at one call site, which the JIT then cannot inline (a megamorphic
 * call); the static forms test the (sealed, final) class and call through it, which binds statically.
 */
public sealed interface ActionSelector permits EpsilonGreedySelector, SoftmaxSelector, UcbSelector {

  /** Sets the schedule value for episode {@code episode >= 0}. */
  void beginEpisode(int episode);

  /**
   * Picks an action in {@code state}, whose Q values are {@code q[rowOffset .. rowOffset + numActions - 1]}.
   *
   * @return an action in {@code [0, numActions)}
   */
  int select(double[] q, int rowOffset, int state, SplittableRandom rng);

  /**
   * Writes the probability of each action that {@link #select} would currently pick into
   * {@code out[0 .. numActions - 1]}.
   */
  void probabilities(double[] q, int rowOffset, int state, double[] out);

  /** The current schedule value (ε, the temperature, or UCB's constant c). */
  double parameter();

  /** {@code policy.select(...)}, dispatched by exact class so that the call is inlined in hot loops. */
  static int select(ActionSelector policy, double[] q, int rowOffset, int state, SplittableRandom rng) {
    if (policy instanceof EpsilonGreedySelector eg) {
      return eg.select(q, rowOffset, state, rng);
    }
    if (policy instanceof SoftmaxSelector sm) {
      return sm.select(q, rowOffset, state, rng);
    }
    return ((UcbSelector) policy).select(q, rowOffset, state, rng);
  }

  /** {@code policy.probabilities(...)}, dispatched by exact class so that the call is inlined in hot loops. */
  static void probabilities(ActionSelector policy, double[] q, int rowOffset, int state, double[] out) {
    if (policy instanceof EpsilonGreedySelector eg) {
      eg.probabilities(q, rowOffset, state, out);
    } else if (policy instanceof SoftmaxSelector sm) {
      sm.probabilities(q, rowOffset, state, out);
    } else {
      ((UcbSelector) policy).probabilities(q, rowOffset, state, out);
    }
  }

  /** A new selector for one run on an environment with the given sizes. */
  static ActionSelector create(ExplorationSpec spec, int numStates, int numActions) {
    if (spec == null) {
      throw new IllegalArgumentException("exploration: must be given");
    }
    if (numStates < 1) {
      throw new IllegalArgumentException("numStates: " + numStates + " must be >= 1");
    }
    if (numActions < 1) {
      throw new IllegalArgumentException("numActions: " + numActions + " must be >= 1");
    }
    if (spec instanceof ExplorationSpec.EpsilonGreedy eg) {
      return new EpsilonGreedySelector(eg.epsilon(), numActions);
    }
    if (spec instanceof ExplorationSpec.Softmax sm) {
      return new SoftmaxSelector(sm.temperature(), numActions);
    }
    if (spec instanceof ExplorationSpec.Ucb ucb) {
      return new UcbSelector(ucb.c(), numStates, numActions);
    }
    throw new IllegalArgumentException("exploration: unsupported " + spec);
  }
}
