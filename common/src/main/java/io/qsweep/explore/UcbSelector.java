package io.qsweep.explore;

import java.util.SplittableRandom;

/**
 * UCB1-style count bonus for tabular control (Sutton &amp; Barto 2018, §2.7, applied per state): in state {@code s},
 * an action never selected there yet is taken first (uniformly at random among the untried ones); once all are tried,
 * the action maximising {@code Q(s,a) + c·sqrt(ln N(s) / N(s,a))} is taken, exact ties broken uniformly at random.
 * {@code N(s,a)} counts how often {@link #select} returned {@code a} in {@code s} and {@code N(s) = Σ_a N(s,a)}; both
 * are updated by {@code select} and belong to this run. With {@code c = 0} this is greedy after one try of each action.
 *
 * <p>The policy is deterministic given the counts except for tie-breaking, so {@link #probabilities} is uniform over
 * the untried actions, or else over the tied maximisers of the bonus-adjusted value. Randomness: one {@code nextInt}
 * only when there is more than one candidate.
 *
 * <p>With an action mask, "every action" means every valid action of the state: untried, scores, ties and
 * probabilities range over {@code 0 .. validActions[s] - 1}; invalid actions are never tried and have probability 0.
 */
public final class UcbSelector implements ActionSelector {
  private final double c;
  private final int numActions;
  private final long[] stateCount;
  private final long[] count;
  /** Valid actions per state (a prefix), or null when every state allows all: for {@link #numValidActions}. */
  private final int[] validActions;

  UcbSelector(double c, int numStates, int numActions, int[] validActions) {
    this.c = c;
    this.numActions = numActions;
    this.validActions = validActions;
    this.stateCount = new long[numStates];
    this.count = new long[numStates * numActions];
  }

  @Override
  public void beginEpisode(int episode) {
    // no schedule: c is constant and the counts persist across episodes
  }

  @Override
  public double parameter() {
    return c;
  }

  /** {@code N(s)}: how many times {@link #select} was called in {@code state}. */
  public long stateVisits(int state) {
    return stateCount[state];
  }

  /** {@code N(s,a)}: how many times {@link #select} returned {@code action} in {@code state}. */
  public long visits(int state, int action) {
    return count[state * numActions + action];
  }

  private double score(double[] q, int qOff, int cOff, int a, double logN) {
    return q[qOff + a] + c * Math.sqrt(logN / count[cOff + a]);
  }

  @Override
  public int numValidActions(int state) {
    return validActions == null ? numActions : validActions[state];
  }

  @Override
  public int select(double[] q, int rowOffset, int state, int n, SplittableRandom rng) {
    int cOff = state * numActions;
    int a = choose(q, rowOffset, state, cOff, n, rng);
    count[cOff + a]++;
    stateCount[state]++;
    return a;
  }

  private int choose(double[] q, int qOff, int state, int cOff, int n, SplittableRandom rng) {
    int untried = 0;
    int firstUntried = -1;
    for (int a = 0; a < n; a++) {
      if (count[cOff + a] == 0) {
        if (untried++ == 0) {
          firstUntried = a;
        }
      }
    }
    if (untried > 0) {
      if (untried == 1) {
        return firstUntried;
      }
      int k = rng.nextInt(untried);
      for (int a = firstUntried; ; a++) {
        if (count[cOff + a] == 0 && k-- == 0) {
          return a;
        }
      }
    }
    double logN = Math.log(stateCount[state]);
    double best = score(q, qOff, cOff, 0, logN);
    int arg = 0;
    int ties = 1;
    for (int a = 1; a < n; a++) {
      double v = score(q, qOff, cOff, a, logN);
      if (v > best) {
        best = v;
        arg = a;
        ties = 1;
      } else if (v == best) {
        ties++;
      }
    }
    if (ties == 1) {
      return arg;
    }
    int k = rng.nextInt(ties);
    for (int a = arg; ; a++) {
      if (score(q, qOff, cOff, a, logN) == best && k-- == 0) {
        return a;
      }
    }
  }

  @Override
  public void probabilities(double[] q, int rowOffset, int state, int n, double[] out) {
    int cOff = state * numActions;
    for (int a = n; a < numActions; a++) {
      out[a] = 0.0;
    }
    int untried = 0;
    for (int a = 0; a < n; a++) {
      if (count[cOff + a] == 0) {
        untried++;
      }
    }
    if (untried > 0) {
      for (int a = 0; a < n; a++) {
        out[a] = count[cOff + a] == 0 ? 1.0 / untried : 0.0;
      }
      return;
    }
    double logN = Math.log(stateCount[state]);
    double best = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < n; a++) {
      best = Math.max(best, score(q, rowOffset, cOff, a, logN));
    }
    int ties = 0;
    for (int a = 0; a < n; a++) {
      if (score(q, rowOffset, cOff, a, logN) == best) {
        ties++;
      }
    }
    for (int a = 0; a < n; a++) {
      out[a] = score(q, rowOffset, cOff, a, logN) == best ? 1.0 / ties : 0.0;
    }
  }
}
