package io.qsweep.solve;

import io.qsweep.env.TransitionModel;

/** Slow, independent reference computations for solver tests (dense linear algebra and tree search). */
final class Reference {
  private Reference() {
  }

  /** {@code V^π} of a stochastic policy by Gaussian elimination with partial pivoting on (I − γ P_π) V = r_π. */
  static double[] linearSolve(TransitionModel m, double[] policy, double gamma) {
    int n = m.numStates();
    int na = m.numActions();
    double[][] a = new double[n][n + 1];
    for (int s = 0; s < n; s++) {
      a[s][s] += 1;
      for (int act = 0; act < na; act++) {
        double pi = policy[s * na + act];
        for (int k = m.begin(s, act); k < m.end(s, act); k++) {
          a[s][n] += pi * m.prob(k) * m.reward(k);
          if (!m.terminal(k)) {
            a[s][m.next(k)] -= gamma * pi * m.prob(k);
          }
        }
      }
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
          p = r;
        }
      }
      double[] t = a[c];
      a[c] = a[p];
      a[p] = t;
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int j = c; j <= n; j++) {
            a[r][j] -= f * a[c][j];
          }
        }
      }
    }
    double[] v = new double[n];
    for (int s = 0; s < n; s++) {
      v[s] = a[s][n] / a[s][s];
    }
    return v;
  }

  static double[] linearSolve(TransitionModel m, int[] policy, double gamma) {
    return linearSolve(m, oneHot(policy, m.numActions()), gamma);
  }

  static double[] oneHot(int[] policy, int na) {
    double[] d = new double[policy.length * na];
    for (int s = 0; s < policy.length; s++) {
      d[s * na + policy[s]] = 1;
    }
    return d;
  }

  /** Optimal value with {@code h} steps to go by exhaustive tree search. */
  static double expectimax(TransitionModel m, int s, int h, double gamma) {
    if (h == 0) {
      return 0;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < m.numActions(); a++) {
      best = Math.max(best, qTree(m, s, a, h, gamma));
    }
    return best;
  }

  static double qTree(TransitionModel m, int s, int a, int h, double gamma) {
    double q = 0;
    for (int k = m.begin(s, a); k < m.end(s, a); k++) {
      q += m.prob(k) * (m.reward(k) + (m.terminal(k) ? 0 : gamma * expectimax(m, m.next(k), h - 1, gamma)));
    }
    return q;
  }

  /** Value of a stochastic stationary policy with {@code h} steps to go by exhaustive tree search. */
  static double policyTree(TransitionModel m, double[] policy, int s, int h, double gamma) {
    if (h == 0) {
      return 0;
    }
    int na = m.numActions();
    double v = 0;
    for (int a = 0; a < na; a++) {
      double pi = policy[s * na + a];
      if (pi == 0) {
        continue;
      }
      for (int k = m.begin(s, a); k < m.end(s, a); k++) {
        v += pi * m.prob(k) * (m.reward(k) + (m.terminal(k) ? 0 : gamma * policyTree(m, policy, m.next(k), h - 1,
            gamma)));
      }
    }
    return v;
  }
}
