package io.qsweep.testing;

import io.qsweep.env.Env;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TransitionModel;

/** Small hand-built MDPs whose updates can be worked out by hand. */
public final class TinyMdps {
  private TinyMdps() {
  }

  /**
   * One state-action pair: state 0, action 0 goes to state 1 with {@code reward}; terminal if {@code terminal},
   * otherwise state 1 loops on itself with reward 0 forever (so only a time limit or the step cap ends it).
   */
  public static Env oneStep(double reward, boolean terminal) {
    TransitionModel m = TransitionModel.builder(2, 1)
        .outcome(0, 0, 1.0, 1, reward, terminal)
        .outcome(1, 0, 1.0, 1, 0.0, terminal)
        .initial(0, 1.0)
        .build();
    return new TabularEnv("one_step", m);
  }

  /**
   * A one-state bandit: each of {@code rewards.length} actions ends the episode at once (state 1, terminal) with its
   * deterministic reward.
   */
  public static Env bandit(double... rewards) {
    TransitionModel.Builder b = TransitionModel.builder(2, rewards.length);
    for (int a = 0; a < rewards.length; a++) {
      b.outcome(0, a, 1.0, 1, rewards[a], true);
      b.outcome(1, a, 1.0, 1, 0.0, true);
    }
    return new TabularEnv("bandit", b.initial(0, 1.0).build());
  }

  /**
   * Two decisions: from state 0 every action leads to state 1 with reward 0; in state 1 action {@code a} ends the
   * episode (state 2) with reward {@code rewards[a]} plus Gaussian noise of standard deviation {@code std}.
   */
  public static Env twoStep(double std, double... rewards) {
    TransitionModel.Builder b = TransitionModel.builder(3, rewards.length);
    for (int a = 0; a < rewards.length; a++) {
      b.outcome(0, a, 1.0, 1, 0.0, false);
      b.outcome(1, a, 1.0, 2, rewards[a], std, true);
      b.outcome(2, a, 1.0, 2, 0.0, true);
    }
    return new TabularEnv("two_step", b.initial(0, 1.0).build());
  }

  /**
   * A random stochastic MDP for replay tests: {@code numStates} states of which the last is terminal (absorbing),
   * two to three outcomes per state-action pair with random probabilities, rewards and next states, a random start
   * distribution over the non-terminal states. Built from {@code seed}; every episode ends with probability 1.
   */
  public static Env random(int numStates, int numActions, long seed) {
    return random(numStates, numActions, seed, false);
  }

  /**
   * {@link #random(int, int, long)} with per-state action sets when {@code masked}: every non-terminal state allows
   * a random prefix of 1 to {@code numActions} actions (state 0 always exactly one fewer than {@code numActions}, so
   * there is a mask), the terminal state all of them. Needs {@code numActions >= 2} when masked.
   */
  public static Env random(int numStates, int numActions, long seed, boolean masked) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    int terminal = numStates - 1;
    TransitionModel.Builder b = TransitionModel.builder(numStates, numActions);
    for (int s = 0; s < numStates; s++) {
      int valid = numActions;
      if (masked && s != terminal) {
        valid = s == 0 ? numActions - 1 : 1 + r.nextInt(numActions);
        b.validActions(s, valid);
      }
      for (int a = 0; a < valid; a++) {
        if (s == terminal) {
          b.outcome(s, a, 1.0, s, 0.0, true);
          continue;
        }
        int k = 2 + r.nextInt(2);
        double[] w = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
          w[i] = 0.1 + r.nextDouble();
          sum += w[i];
        }
        double left = 1.0;
        for (int i = 0; i < k; i++) {
          double p = i == k - 1 ? left : w[i] / sum;
          left -= p;
          int next = r.nextInt(numStates);
          double reward = Math.rint(r.nextDouble(-2, 2) * 100) / 100;
          b.outcome(s, a, p, next, reward, next == terminal);
        }
      }
    }
    for (int s = 0; s < terminal; s++) {
      b.initial(s, 1.0 / terminal);
    }
    return new TabularEnv(masked ? "random_masked_mdp" : "random_mdp", b.build());
  }
}
