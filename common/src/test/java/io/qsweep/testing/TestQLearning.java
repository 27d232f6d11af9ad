package io.qsweep.testing;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import java.util.SplittableRandom;

/**
 * TEST HELPER ONLY: a minimal tabular Q-learning loop with constant ε-greedy exploration, so that tests in
 * {@code common} can train an agent without depending on {@code io.qsweep.learn}. Not the product's algorithm
 * implementation: no schedules, no learning-rate decay, no metrics. Greedy ties are broken at random while learning.
 */
public final class TestQLearning {
  private TestQLearning() {
  }

  /**
   * Trains for {@code episodes} episodes and returns the Q-table {@code q[s * numActions + a]} (initialised to 0).
   * Bootstraps on truncation, not on termination. Deterministic given {@code seed}.
   */
  public static double[] train(Env env, double alpha, double gamma, double epsilon, int episodes, long seed) {
    int nA = env.numActions();
    double[] q = new double[env.numStates() * nA];
    SplittableRandom rng = new SplittableRandom(seed);
    env.reset(rng.nextLong());
    for (int e = 0; e < episodes; e++) {
      int s = env.reset();
      while (true) {
        int a = rng.nextDouble() < epsilon ? rng.nextInt(nA) : argmaxRandomTies(q, s, nA, rng);
        Step step = env.step(a);
        int sa = s * nA + a;
        double target = step.reward;
        if (!step.terminated) {
          int base = step.state * nA;
          double best = q[base];
          for (int b = 1; b < nA; b++) {
            best = Math.max(best, q[base + b]);
          }
          target += gamma * best;
        }
        q[sa] += alpha * (target - q[sa]);
        if (step.done()) {
          break;
        }
        s = step.state;
      }
    }
    return q;
  }

  private static int argmaxRandomTies(double[] q, int s, int nA, SplittableRandom rng) {
    int base = s * nA;
    double best = Double.NEGATIVE_INFINITY;
    int count = 0;
    int choice = 0;
    for (int a = 0; a < nA; a++) {
      double v = q[base + a];
      if (v > best) {
        best = v;
        count = 1;
        choice = a;
      } else if (v == best && rng.nextInt(++count) == 0) {
        choice = a;
      }
    }
    return choice;
  }
}
