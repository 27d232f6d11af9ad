package io.qsweep.solve;

import io.qsweep.env.Env;
import io.qsweep.env.TransitionModel;
import java.util.Arrays;

/**
 * Exact optimal values of a finite MDP by value iteration on its {@link TransitionModel} (Bellman 1957; Sutton &amp;
 * Barto 2018, §4.4). Three regimes, chosen by {@code gamma} and {@code horizon}:
 *
 * <ul>
 *   <li><b>Finite horizon</b> ({@code horizon = H > 0}, {@code gamma} in [0, 1]): backward induction
 *       {@code V_0 = 0}, {@code V_h(s) = max_a Σ_k p_k · (r_k + γ · (terminal_k ? 0 : V_{h-1}(next_k)))} for
 *       {@code h = 1..H}. This is the exact solution of an environment under a time limit of {@code H} steps, where
 *       truncation ends the episode: with {@code H} steps left nothing is collected after step {@code H}. Exactly
 *       {@code H} backups are done, except that the recursion stops early once {@code V_h} equals {@code V_{h-1}}
 *       bit for bit (then every later {@code V} is the same, e.g. Taxi with γ = 1 after ~20 steps).</li>
 *   <li><b>Discounted</b> ({@code horizon = 0}, {@code gamma < 1}): in-place (Gauss–Seidel) sweeps until the largest
 *       change {@code δ} of a sweep satisfies {@code δ <= tolerance · (1 − γ) / γ}. The Gauss–Seidel operator is a
 *       γ-contraction with fixed point {@code V*}, so then {@code ‖V − V*‖∞ <= γ/(1−γ) · δ <= tolerance}. The
 *       threshold never goes below a few ulps of the largest value, so that rounding cannot prevent stopping.</li>
 *   <li><b>Undiscounted</b> ({@code horizon = 0}, {@code gamma = 1}): the same sweeps, stopping when
 *       {@code δ <= tolerance}. This converges when every optimal-looking policy eventually terminates or collects
 *       zero reward (stochastic-shortest-path problems such as CliffWalking, {@code V*(start) = −13}); when values
 *       grow without bound (a reward loop that never terminates) it stops at {@code maxIterations} with a
 *       {@link NotConvergedException}, as it does when some state cannot avoid looping with costs forever
 *       ({@code V* = −∞}). Here {@code δ} is a residual, not an error bound.</li>
 * </ul>
 *
 * <p>Every result carries {@code Q*} (one last Bellman backup of the final values), the greedy policy (lowest
 * action index among exact ties) and {@code startValue = Σ_s initial(s) · V*(s)}.
 *
 * <p>Action sets: every max ranges over the state's valid actions only ({@link TransitionModel#numValidActions}); an
 * invalid action is not a choice, so it never raises {@code V*}, and its {@code Q*} entry is {@code −∞}.
 *
 * <p>Cost: one sweep is O(outcomes) on flat arrays; nothing is allocated per sweep. Taxi (500 states × 6 actions,
 * horizon 200) solves in well under a millisecond once the JIT has warmed up.
 */
public final class ValueIteration {
  /** Default tolerance on {@code ‖V − V*‖∞} (discounted) or on the last sweep's change (undiscounted). */
  public static final double DEFAULT_TOLERANCE = 1e-10;
  /** Default cap on sweeps for an infinite horizon. */
  public static final int DEFAULT_MAX_ITERATIONS = 100_000;

  private ValueIteration() {
  }

  /**
   * Solves {@code env}'s model with its time limit as the horizon ({@link Env#maxEpisodeSteps()} when positive,
   * otherwise an infinite horizon), with the default tolerance and cap.
   */
  public static Solution solve(Env env, double gamma) {
    if (env == null) {
      throw new IllegalArgumentException("env: must be given");
    }
    return solve(env.model(), gamma, Math.max(0, env.maxEpisodeSteps()));
  }

  /** Solves with {@code horizon} steps (0 = infinite horizon), default tolerance and cap. */
  public static Solution solve(TransitionModel model, double gamma, int horizon) {
    return solve(model, gamma, horizon, DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
  }

  /**
   * Solves with {@code horizon} steps (0 = infinite horizon); {@code tolerance} and {@code maxIterations} apply to an
   * infinite horizon only.
   *
   * @throws IllegalArgumentException on a bad argument (the message names it)
   * @throws NotConvergedException    when an infinite-horizon solve hits {@code maxIterations}
   */
  public static Solution solve(TransitionModel model, double gamma, int horizon, double tolerance,
      int maxIterations) {
    checkArgs(gamma, horizon, tolerance, maxIterations);
    return solve(CompactMdp.of(model), gamma, horizon, tolerance, maxIterations);
  }

  static void checkArgs(double gamma, int horizon, double tolerance, int maxIterations) {
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma: " + gamma + " is outside [0, 1]");
    }
    if (horizon < 0) {
      throw new IllegalArgumentException("horizon: " + horizon + " must be >= 0 (0 = infinite horizon)");
    }
    if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance: " + tolerance + " must be finite and > 0");
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations: " + maxIterations + " must be >= 1");
    }
  }

  static Solution solve(CompactMdp m, double gamma, int horizon, double tolerance, int maxIterations) {
    return horizon > 0 ? finiteHorizon(m, gamma, horizon) : infiniteHorizon(m, gamma, tolerance, maxIterations);
  }

  private static Solution finiteHorizon(CompactMdp m, double gamma, int horizon) {
    final int ns = m.numStates;
    final int na = m.numActions;
    final double[] reward = m.reward;
    final int[] off = m.offsets;
    final double[] prob = m.prob;
    final int[] next = m.next;
    final int[] valid = m.validActions;
    double[] prev = new double[ns]; // V_{h-1}
    double[] cur = new double[ns]; // V_h
    int h = 0;
    double residual = 0;
    while (h < horizon) {
      residual = 0;
      for (int s = 0; s < ns; s++) {
        double best = Double.NEGATIVE_INFINITY;
        for (int sa = s * na, end = sa + valid[s]; sa < end; sa++) {
          double c = 0;
          for (int k = off[sa]; k < off[sa + 1]; k++) {
            c += prob[k] * prev[next[k]];
          }
          double qsa = reward[sa] + gamma * c;
          if (qsa > best) {
            best = qsa;
          }
        }
        residual = Math.max(residual, Math.abs(best - prev[s]));
        cur[s] = best;
      }
      h++;
      double[] t = prev;
      prev = cur;
      cur = t;
      if (Arrays.equals(prev, cur)) { // V_h == V_{h-1}: a fixed point, every later V_h is the same
        break;
      }
    }
    // Now prev = V_h and cur = V_{h-1}: either h = H, or the recursion stopped at a fixed point where
    // V_{h-1} = V_h = ... = V_H. Either way cur is V_{H-1} (all zeros when H = 1), and Q_H = T(V_{H-1}).
    double[] q = new double[ns * na];
    int[] policy = new int[ns];
    double[] values = prev;
    greedy(m, gamma, cur, q, policy, null);
    return new Solution(gamma, horizon, values, q, policy, m.startValue(values), h, residual);
  }

  private static Solution infiniteHorizon(CompactMdp m, double gamma, double tolerance, int maxIterations) {
    final int ns = m.numStates;
    final int na = m.numActions;
    final double[] reward = m.reward;
    final int[] off = m.offsets;
    final double[] prob = m.prob;
    final int[] next = m.next;
    final int[] valid = m.validActions;
    final double threshold = gamma == 1 ? tolerance : gamma == 0 ? Double.POSITIVE_INFINITY
        : tolerance * (1 - gamma) / gamma;
    double[] v = new double[ns];
    int it = 0;
    double delta;
    while (true) {
      delta = 0;
      double maxAbs = 0;
      for (int s = 0; s < ns; s++) {
        double best = Double.NEGATIVE_INFINITY;
        for (int sa = s * na, end = sa + valid[s]; sa < end; sa++) {
          double c = 0;
          for (int k = off[sa]; k < off[sa + 1]; k++) {
            c += prob[k] * v[next[k]];
          }
          double qsa = reward[sa] + gamma * c;
          if (qsa > best) {
            best = qsa;
          }
        }
        delta = Math.max(delta, Math.abs(best - v[s]));
        maxAbs = Math.max(maxAbs, Math.abs(best));
        v[s] = best;
      }
      it++;
      if (!Double.isFinite(delta)) {
        throw new NotConvergedException("value iteration diverged (values became " + delta + ") after " + it
            + " sweeps with gamma=" + gamma, it, delta);
      }
      if (delta <= Math.max(threshold, 4 * Math.ulp(maxAbs))) {
        break;
      }
      if (it >= maxIterations) {
        throw new NotConvergedException("value iteration did not converge within maxIterations=" + maxIterations
            + " sweeps (gamma=" + gamma + ", last change " + delta + ", tolerance " + tolerance + ")"
            + (gamma == 1 ? "; with gamma=1 and no horizon the optimal return of some state is probably unbounded"
            + " (a positive reward loop that never terminates, or a state from which every policy loops collecting"
            + " costs): use a horizon (time limit) or gamma < 1" : "; raise maxIterations or the tolerance"),
            it, delta);
      }
    }
    double[] q = new double[ns * na];
    int[] policy = new int[ns];
    double[] values = new double[ns];
    greedy(m, gamma, v, q, policy, values);
    return new Solution(gamma, 0, values, q, policy, m.startValue(values), it, delta);
  }

  /**
   * One Jacobi backup of {@code v} into {@code q}, the greedy policy and (when not null) {@code max_a q}, over each
   * state's valid actions; invalid entries of {@code q} are set to {@code −∞}.
   */
  static void greedy(CompactMdp m, double gamma, double[] v, double[] q, int[] policy, double[] maxQ) {
    final int na = m.numActions;
    for (int s = 0; s < m.numStates; s++) {
      int bestA = 0;
      double best = Double.NEGATIVE_INFINITY;
      int n = m.validActions[s];
      for (int a = n; a < na; a++) {
        q[s * na + a] = Double.NEGATIVE_INFINITY;
      }
      for (int a = 0; a < n; a++) {
        int sa = s * na + a;
        double c = 0;
        for (int k = m.offsets[sa]; k < m.offsets[sa + 1]; k++) {
          c += m.prob[k] * v[m.next[k]];
        }
        double qsa = m.reward[sa] + gamma * c;
        q[sa] = qsa;
        if (qsa > best) {
          best = qsa;
          bestA = a;
        }
      }
      policy[s] = bestA;
      if (maxQ != null) {
        maxQ[s] = best;
      }
    }
  }
}
