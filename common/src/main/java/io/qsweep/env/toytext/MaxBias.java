package io.qsweep.env.toytext;

import io.qsweep.env.TabularEnv;
import io.qsweep.env.TransitionModel;

/**
 * The maximization-bias MDP of Sutton &amp; Barto (2018), Example 6.7 (Figure 6.5), with the book's action sets.
 *
 * <p><b>States</b>: {@code A=0} (start), {@code B=1}, {@code TERMINAL=2} (absorbing; never the current state of a
 * running episode).
 *
 * <p><b>Actions</b>: the action space is {@code n_actions} wide (default 10, as in the book's figure; at least 2), but
 * the states allow different action sets ({@link io.qsweep.env.Env#validActionCounts()}, valid actions are a prefix):
 * <ul>
 *   <li>A has exactly the book's two actions: {@code RIGHT=0} ends the episode with reward 0, {@code LEFT=1} moves to
 *       B with reward 0. Actions {@code >= 2} are not valid in A (stepping one throws).</li>
 *   <li>B has all {@code n_actions} actions; every one ends the episode with reward ~ Normal(mean, std), default
 *       mean −0.1, std 1.</li>
 *   <li>TERMINAL keeps all {@code n_actions} actions, each looping to itself with reward 0 (never taken).</li>
 * </ul>
 *
 * <p><b>Episode end</b>: after two steps (LEFT, then any action in B) or one (RIGHT). No time limit.
 *
 * <p>Optimal policy: RIGHT in A (value 0; LEFT is worth {@code mean} < 0). An ε-greedy learner restricted to A's two
 * actions takes LEFT with probability at least ε/2 (5% with ε = 0.1), the optimum line of the book's figure;
 * Q-learning's maximisation bias over B's {@code n_actions} noisy estimates makes it take LEFT far more often early
 * on, Double Q-learning does not.
 */
public final class MaxBias extends TabularEnv {
  public static final int A = 0;
  public static final int B = 1;
  public static final int TERMINAL = 2;
  public static final int RIGHT = 0;
  public static final int LEFT = 1;
  /** The number of actions valid in state A: the book's RIGHT and LEFT. */
  public static final int ACTIONS_IN_A = 2;

  public MaxBias(int numActions, double mean, double std) {
    super("max_bias", buildModel(numActions, mean, std));
  }

  private static TransitionModel buildModel(int numActions, double mean, double std) {
    if (numActions < 2) {
      throw new IllegalArgumentException("env param 'n_actions': " + numActions + " must be >= 2");
    }
    TransitionModel.Builder b = TransitionModel.builder(3, numActions);
    b.validActions(A, ACTIONS_IN_A);
    b.outcome(A, RIGHT, 1.0, TERMINAL, 0.0, true);
    b.outcome(A, LEFT, 1.0, B, 0.0, false);
    for (int a = 0; a < numActions; a++) {
      b.outcome(B, a, 1.0, TERMINAL, mean, std, true);
      b.outcome(TERMINAL, a, 1.0, TERMINAL, 0.0, true);
    }
    b.initial(A, 1.0);
    return b.build();
  }

  @Override
  public String actionName(int action) {
    return action == RIGHT ? "RIGHT" : action == LEFT ? "LEFT" : "a" + action;
  }
}
