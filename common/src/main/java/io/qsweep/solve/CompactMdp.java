package io.qsweep.solve;

import io.qsweep.env.TransitionModel;

/**
 * A {@link TransitionModel} flattened for dynamic programming: per state-action pair the expected immediate reward
 * {@code r(s, a) = Σ_k p_k · r_k}, and the <em>continuing</em> outcomes only (terminal outcomes contribute their reward
 * and nothing after it), so that a Bellman backup is
 * {@code Q(s, a) = r(s, a) + γ · Σ_{k continuing} p_k · V(next_k)} with no branch in the inner loop.
 *
 * <p>Action sets: {@link #validActions} holds the number of valid actions of every state (a prefix, see
 * {@link io.qsweep.env.Env}), {@code numActions} everywhere for a model without a mask, so the solvers' loops run to
 * {@code validActions[s]} with no branch. Invalid pairs have no outcomes and reward 0 and are never looked at.
 *
 * <p>Built once in O(outcomes); immutable and shareable between threads.
 */
final class CompactMdp {
  final int numStates;
  final int numActions;
  /** Expected immediate reward per pair, index {@code s * numActions + a}. */
  final double[] reward;
  /** CSR offsets of the continuing outcomes of each pair (length {@code numStates * numActions + 1}). */
  final int[] offsets;
  final double[] prob;
  final int[] next;
  /** Probability that the pair's outcome is terminal, per pair. */
  final double[] terminalProb;
  /** Start distribution. */
  final double[] initial;
  /** Valid actions per state, in {@code [1, numActions]}; never null (full width without a mask). */
  final int[] validActions;

  private CompactMdp(int numStates, int numActions, double[] reward, int[] offsets, double[] prob, int[] next,
      double[] terminalProb, double[] initial, int[] validActions) {
    this.validActions = validActions;
    this.numStates = numStates;
    this.numActions = numActions;
    this.reward = reward;
    this.offsets = offsets;
    this.prob = prob;
    this.next = next;
    this.terminalProb = terminalProb;
    this.initial = initial;
  }

  static CompactMdp of(TransitionModel m) {
    if (m == null) {
      throw new IllegalArgumentException("model: must be given");
    }
    int ns = m.numStates();
    int na = m.numActions();
    int pairs = ns * na;
    double[] reward = new double[pairs];
    double[] terminalProb = new double[pairs];
    int[] offsets = new int[pairs + 1];
    int continuing = 0;
    for (int k = 0; k < m.numOutcomes(); k++) {
      if (!m.terminal(k) && m.prob(k) != 0) {
        continuing++;
      }
    }
    double[] prob = new double[continuing];
    int[] next = new int[continuing];
    int c = 0;
    for (int s = 0; s < ns; s++) {
      for (int a = 0; a < na; a++) {
        int sa = s * na + a;
        double r = 0;
        for (int k = m.begin(s, a); k < m.end(s, a); k++) {
          double p = m.prob(k);
          r += p * m.reward(k);
          if (m.terminal(k)) {
            terminalProb[sa] += p;
          } else if (p != 0) {
            prob[c] = p;
            next[c] = m.next(k);
            c++;
          }
        }
        reward[sa] = r;
        offsets[sa + 1] = c;
      }
    }
    int[] valid = new int[ns];
    for (int s = 0; s < ns; s++) {
      valid[s] = m.numValidActions(s);
    }
    return new CompactMdp(ns, na, reward, offsets, prob, next, terminalProb, m.initialDistribution(), valid);
  }

  /** {@code Σ_s initial(s) · v(s)} over the possible start states (so an infinite value elsewhere does not matter). */
  double startValue(double[] v) {
    double sum = 0;
    for (int s = 0; s < numStates; s++) {
      if (initial[s] != 0) {
        sum += initial[s] * v[s];
      }
    }
    return sum;
  }
}
