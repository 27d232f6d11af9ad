package io.qsweep.env.toytext;

import io.qsweep.env.TabularEnv;
import io.qsweep.env.TransitionModel;

/**
 * The maximization-bias MDP of Sutton &amp; Barto (2018), Example 6.7 (Figure 6.5).
 *
 * <p><b>States</b>: {@code A=0} (start), {@code B=1}, {@code TERMINAL=2} (absorbing; never the current state of a
 * running episode).
 *
 * <p><b>Actions</b>: {@code n_actions} actions everywhere (default 10; at least 2). In A, action {@code RIGHT=0}
 * ends the episode with reward 0 and action {@code LEFT=1} moves to B with reward 0; A's other actions behave like
 * RIGHT (the book's A has only two actions; extra ones only exist because the table is rectangular — use a policy
 * restricted to {0, 1} in A when reproducing the book). In B every action ends the episode with reward
 * ~ Normal(mean, std), default mean −0.1, std 1.
 *
 * <p>Optimal policy: RIGHT in A (value 0; LEFT is worth {@code mean} < 0). An ε-greedy learner with ε = 0.1 takes
 * LEFT with probability at least ε/{@code n_actions} (1% with the default 10 actions; the book's 5% = ε/2 needs A to
 * have exactly two actions, i.e. per-state action sets, which the rectangular table does not have — use
 * {@code n_actions=2} for the book's floor with two actions in B).
 */
public final class MaxBias extends TabularEnv {
  public static final int A = 0;
  public static final int B = 1;
  public static final int TERMINAL = 2;
  public static final int RIGHT = 0;
  public static final int LEFT = 1;

  public MaxBias(int numActions, double mean, double std) {
    super("max_bias", buildModel(numActions, mean, std));
  }

  private static TransitionModel buildModel(int numActions, double mean, double std) {
    if (numActions < 2) {
      throw new IllegalArgumentException("env param 'n_actions': " + numActions + " must be >= 2");
    }
    TransitionModel.Builder b = TransitionModel.builder(3, numActions);
    for (int a = 0; a < numActions; a++) {
      if (a == LEFT) {
        b.outcome(A, a, 1.0, B, 0.0, false);
      } else {
        b.outcome(A, a, 1.0, TERMINAL, 0.0, true);
      }
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
