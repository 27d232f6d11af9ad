package io.qsweep.testing;

import io.qsweep.env.TransitionModel;
import java.util.SplittableRandom;

/** Small transition models with known solutions, and seeded random ones, for solver tests. */
public final class TestMdps {
  private TestMdps() {
  }

  /**
   * One state, two actions: {@code 0 = stay} (reward {@code stayReward}, back to the same state) and
   * {@code 1 = leave} (reward {@code leaveReward}, terminal). With discount γ, {@code V* = max(leave, stay/(1−γ))};
   * with horizon H and γ = 1 the optimum stays H−1 times then leaves.
   */
  public static TransitionModel stayOrLeave(double stayReward, double leaveReward) {
    return TransitionModel.builder(1, 2)
        .outcome(0, 0, 1.0, 0, stayReward, false)
        .outcome(0, 1, 1.0, 0, leaveReward, true)
        .initial(0, 1.0)
        .build();
  }

  /**
   * A corridor of {@code length + 1} cells {@code 0..length}, start 0; actions {@code 0 = left} (bumps at cell 0),
   * {@code 1 = right}; every step costs {@code -1}; reaching cell {@code length} terminates. Cell {@code length} is
   * never entered as a state, its own actions loop with reward 0.
   */
  public static TransitionModel corridor(int length) {
    TransitionModel.Builder b = TransitionModel.builder(length + 1, 2);
    for (int s = 0; s < length; s++) {
      b.outcome(s, 0, 1.0, Math.max(0, s - 1), -1, false);
      b.outcome(s, 1, 1.0, s + 1, -1, s + 1 == length);
    }
    b.outcome(length, 0, 1.0, length, 0, false);
    b.outcome(length, 1, 1.0, length, 0, false);
    return b.initial(0, 1.0).build();
  }

  /**
   * Gambler's-ruin random walk on {@code 0..n} with one action: from {@code 1..n-1} move ±1 with probability 1/2
   * each; stepping onto {@code n} pays 1 and terminates, stepping onto 0 pays 0 and terminates. Start uniform over
   * {@code 1..n-1}. Undiscounted value {@code V(i) = i / n} (the probability of reaching {@code n} first).
   */
  public static TransitionModel gamblersRuin(int n) {
    TransitionModel.Builder b = TransitionModel.builder(n + 1, 1);
    for (int s = 1; s < n; s++) {
      b.outcome(s, 0, 0.5, s - 1, 0, s - 1 == 0);
      b.outcome(s, 0, 0.5, s + 1, s + 1 == n ? 1 : 0, s + 1 == n);
      b.initial(s, 1.0 / (n - 1));
    }
    b.outcome(0, 0, 1.0, 0, 0, true);
    b.outcome(n, 0, 1.0, n, 0, true);
    return b.build();
  }

  /**
   * A random MDP: each (s, a) has 1..3 outcomes with random probabilities, next states, rewards in [-1, 1] and a
   * terminal flag with probability {@code terminalProb}; random start distribution.
   */
  public static TransitionModel random(int numStates, int numActions, double terminalProb, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    TransitionModel.Builder b = TransitionModel.builder(numStates, numActions);
    for (int s = 0; s < numStates; s++) {
      for (int a = 0; a < numActions; a++) {
        int n = 1 + rng.nextInt(3);
        double[] w = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
          w[i] = 0.1 + rng.nextDouble();
          sum += w[i];
        }
        double left = 1.0;
        for (int i = 0; i < n; i++) {
          double p = i == n - 1 ? left : w[i] / sum;
          left -= p;
          b.outcome(s, a, p, rng.nextInt(numStates), 2 * rng.nextDouble() - 1, rng.nextDouble() < terminalProb);
        }
      }
    }
    double[] init = new double[numStates];
    double sum = 0;
    for (int s = 0; s < numStates; s++) {
      init[s] = rng.nextDouble();
      sum += init[s];
    }
    double left = 1.0;
    for (int s = 0; s < numStates; s++) {
      double p = s == numStates - 1 ? left : init[s] / sum;
      left -= p;
      b.initial(s, Math.max(0, p));
    }
    return b.build();
  }
}
