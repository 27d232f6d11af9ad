package io.qsweep.explore;

import io.qsweep.table.QTable;
import java.util.SplittableRandom;

/**
 * ε-greedy: with probability ε a uniformly random action, otherwise a greedy one with exact ties broken uniformly at
 * random. The probability of an action is {@code ε/A + (1-ε)/k} if it is one of the {@code k} tied greedy actions and
 * {@code ε/A} otherwise (Sutton &amp; Barto 2018, §5.4).
 *
 * <p>Randomness per decision: one {@code nextDouble} when ε > 0, then either one {@code nextInt(A)} (explore) or the
 * greedy step's draw, which happens only when there is a tie ({@link QTable#argmax}).
 */
public final class EpsilonGreedySelector implements ActionSelector {
  private final Schedule schedule;
  private final int numActions;
  private double epsilon;

  public EpsilonGreedySelector(Schedule epsilon, int numActions) {
    this.schedule = epsilon;
    this.numActions = numActions;
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
  public int select(double[] q, int rowOffset, int state, SplittableRandom rng) {
    if (epsilon > 0 && rng.nextDouble() < epsilon) {
      return rng.nextInt(numActions);
    }
    return QTable.argmax(q, rowOffset, numActions, rng);
  }

  @Override
  public void probabilities(double[] q, int rowOffset, int state, double[] out) {
    int n = numActions;
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
  }
}
