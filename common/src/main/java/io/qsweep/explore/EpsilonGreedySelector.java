package io.qsweep.explore;

import io.qsweep.table.QTable;
import java.util.SplittableRandom;

/**
 * ε-greedy: with probability ε a uniformly random valid action, otherwise a greedy one with exact ties broken
 * uniformly at random. In a state with {@code n} valid actions, the probability of an action is
 * {@code ε/n + (1-ε)/k} if it is one of the {@code k} tied greedy actions and {@code ε/n} otherwise (Sutton &amp;
 * Barto 2018, §5.4); {@code n = numActions} without an action mask, and invalid actions have probability 0.
 *
 * <p>Randomness per decision: one {@code nextDouble} when ε > 0, then either one {@code nextInt(n)} (explore) or the
 * greedy step's draw, which happens only when there is a tie ({@link QTable#argmax}).
 */
public final class EpsilonGreedySelector implements ActionSelector {
  private final Schedule schedule;
  private final int numActions;
  /** Valid actions per state (a prefix), or null when every state allows all: for {@link #numValidActions}. */
  private final int[] validActions;
  private double epsilon;

  EpsilonGreedySelector(Schedule epsilon, int numActions, int[] validActions) {
    this.schedule = epsilon;
    this.numActions = numActions;
    this.validActions = validActions;
    this.epsilon = epsilon.value(0);
  }

  @Override
  public void beginEpisode(int episode) {
    epsilon = schedule.value(episode);
  }

  @Override
  public double parameter() {
    return epsilon;
  }

  @Override
  public int numValidActions(int state) {
    return validActions == null ? numActions : validActions[state];
  }

  @Override
  public int select(double[] q, int rowOffset, int state, int n, SplittableRandom rng) {
    if (epsilon > 0 && rng.nextDouble() < epsilon) {
      return rng.nextInt(n);
    }
    return QTable.argmax(q, rowOffset, n, rng);
  }

  @Override
  public void probabilities(double[] q, int rowOffset, int state, int n, double[] out) {
    double best = QTable.max(q, rowOffset, n);
    int ties = 0;
    for (int a = 0; a < n; a++) {
      if (q[rowOffset + a] == best) {
        ties++;
      }
    }
    double explore = epsilon / n;
    double greedy = explore + (1 - epsilon) / ties;
    for (int a = 0; a < n; a++) {
      out[a] = q[rowOffset + a] == best ? greedy : explore;
    }
    for (int a = n; a < numActions; a++) {
      out[a] = 0.0;
    }
  }
}
