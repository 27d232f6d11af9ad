package io.qsweep.explore;

import java.util.SplittableRandom;

/**
 * Softmax (Boltzmann) exploration: {@code P(a) = exp(Q(s,a)/τ) / Σ_b exp(Q(s,b)/τ)} with temperature τ > 0 from a
 * schedule (Sutton &amp; Barto 2018, §2.8 / §13.1). Computed stably as {@code exp((Q(s,a) - max_b Q(s,b)) / τ)}, so the
 * greedy actions have weight 1 and nothing overflows however small τ gets: as τ → 0 the policy becomes greedy with
 * uniform tie-breaking, as τ → ∞ uniform. One {@code nextDouble} per decision.
 *
 * <p>With an action mask the sums range over the state's valid actions only; invalid actions have probability 0.
 */
public final class SoftmaxSelector implements ActionSelector {
  private final Schedule schedule;
  private final int numActions;
  /** Valid actions per state (a prefix), or null when every state allows all: for {@link #numValidActions}. */
  private final int[] validActions;
  private final double[] weights;
  private double temperature;

  SoftmaxSelector(Schedule temperature, int numActions, int[] validActions) {
    this.schedule = temperature;
    this.numActions = numActions;
    this.validActions = validActions;
    this.weights = new double[numActions];
    this.temperature = temperature.value(0);
  }

  @Override
  public void beginEpisode(int episode) {
    temperature = schedule.value(episode);
  }

  @Override
  public double parameter() {
    return temperature;
  }

  /**
   * Fills {@code w[0 .. n-1]} with the unnormalised weights of the first {@code n} (valid) actions and returns their
   * sum (>= 1: a maximum has weight 1).
   */
  private double weights(double[] q, int off, int n, double[] w) {
    double m = q[off];
    for (int a = 1; a < n; a++) {
      m = Math.max(m, q[off + a]);
    }
    double inv = 1.0 / temperature;
    double sum = 0;
    for (int a = 0; a < n; a++) {
      double x = Math.exp((q[off + a] - m) * inv);
      w[a] = x;
      sum += x;
    }
    return sum;
  }

  @Override
  public int numValidActions(int state) {
    return validActions == null ? numActions : validActions[state];
  }

  @Override
  public int select(double[] q, int rowOffset, int state, int n, SplittableRandom rng) {
    double[] w = weights;
    double sum = weights(q, rowOffset, n, w);
    double u = rng.nextDouble() * sum;
    int last = n - 1;
    for (int a = 0; a < last; a++) {
      u -= w[a];
      if (u < 0) {
        return a;
      }
    }
    return last;
  }

  @Override
  public void probabilities(double[] q, int rowOffset, int state, int n, double[] out) {
    double sum = weights(q, rowOffset, n, out);
    for (int a = 0; a < n; a++) {
      out[a] /= sum;
    }
    for (int a = n; a < numActions; a++) {
      out[a] = 0.0;
    }
  }
}
