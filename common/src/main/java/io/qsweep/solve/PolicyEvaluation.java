package io.qsweep.solve;

import io.qsweep.env.Env;
import io.qsweep.env.TransitionModel;
import java.util.Arrays;

/**
 * The exact value {@code V^π} of a given policy on a {@link TransitionModel}: deterministic ({@code int[]}, one action
 * per state) or stochastic ({@code double[]} of {@code numStates × numActions} probabilities, index
 * {@code s * numActions + a}, each row summing to 1). A policy must not choose an action that is not valid in its state
 * ({@link io.qsweep.env.Env#validActionCounts()}): such an action has no outcomes, so it is rejected rather than
 * silently valued.
 *
 * <p>The policy and the model are first folded into a Markov reward process: {@code r_π(s) = Σ_a π(a|s) r(s, a)} and
 * continuing transitions weighted {@code π(a|s) · p}. Then, as in {@link ValueIteration}:
 *
 * <ul>
 *   <li><b>Finite horizon</b> {@code H > 0}, {@code gamma} in [0, 1]: {@code V_0 = 0},
 *       {@code V_h = r_π + γ P_π V_{h-1}} for {@code h = 1..H} (stopping early once {@code V_h} equals
 *       {@code V_{h-1}} bit for bit). Always terminates.</li>
 *   <li><b>Discounted</b>, {@code gamma < 1}: in-place sweeps until {@code δ <= tolerance · (1 − γ) / γ}, which
 *       bounds {@code ‖V − V^π‖∞ <= tolerance}.</li>
 *   <li><b>Undiscounted</b>, {@code gamma = 1}, no horizon: exact, by {@link UndiscountedEvaluation} — the policy's
 *       transition graph is split into strongly connected components and solved block by block. A state from which
 *       the episode may never end gets the value the sum of rewards really has there: 0 when it loops with zero
 *       reward (a FrozenLake policy bumping into a wall), {@code −∞} when it loops collecting costs (a CliffWalking
 *       policy walking into a wall), {@code +∞} for a positive loop, NaN for a loop with rewards of both signs. These
 *       are returned, not thrown: a sweep reports a policy that never finishes as value {@code −∞} (gap
 *       {@code +∞}). Only start states count towards {@code startValue}.</li>
 * </ul>
 *
 * <p>Why iterative sweeps rather than solving {@code (I − γ P_π) V = r_π} directly when {@code γ < 1}: the models
 * are sparse (a few outcomes per state-action pair), so one sweep costs O(outcomes) with no matrix, while a dense LU
 * solve costs O(S³) time and O(S²) memory (Taxi: 500³/3 ≈ 4·10⁷ flops, versus a few hundred sweeps of 3,000
 * outcomes), and the contraction bound guarantees the tolerance. With {@code γ = 1} there is no contraction: sweeps
 * can need millions of iterations for a policy that terminates only after long random walks, and never stop for
 * one that does not terminate, hence the exact graph-based solve (whose blocks are small for the policies that
 * matter; blocks above {@link UndiscountedEvaluation#DENSE_LIMIT} states fall back to capped sweeps).
 */
public final class PolicyEvaluation {
  /** Tolerance on a row sum of a stochastic policy. */
  public static final double POLICY_SUM_TOLERANCE = 1e-9;

  private PolicyEvaluation() {
  }

  /** Evaluates a deterministic policy with {@code horizon} steps (0 = infinite), default tolerance and cap. */
  public static PolicyValue evaluate(TransitionModel model, int[] policy, double gamma, int horizon) {
    return evaluate(model, policy, gamma, horizon, ValueIteration.DEFAULT_TOLERANCE,
        ValueIteration.DEFAULT_MAX_ITERATIONS);
  }

  /** Evaluates a stochastic policy with {@code horizon} steps (0 = infinite), default tolerance and cap. */
  public static PolicyValue evaluate(TransitionModel model, double[] policy, double gamma, int horizon) {
    return evaluate(model, policy, gamma, horizon, ValueIteration.DEFAULT_TOLERANCE,
        ValueIteration.DEFAULT_MAX_ITERATIONS);
  }

  /** Evaluates a stochastic policy on {@code env} with its time limit as the horizon (0 when it has none). */
  public static PolicyValue evaluate(Env env, double[] policy, double gamma) {
    if (env == null) {
      throw new IllegalArgumentException("env: must be given");
    }
    return evaluate(env.model(), policy, gamma, Math.max(0, env.maxEpisodeSteps()));
  }

  /**
   * Evaluates a deterministic policy.
   *
   * @throws IllegalArgumentException on a bad argument (the message names it)
   * @throws NotConvergedException    when an infinite-horizon evaluation hits {@code maxIterations} (discounted, or
   *                                  an undiscounted block too large for a direct solve)
   */
  public static PolicyValue evaluate(TransitionModel model, int[] policy, double gamma, int horizon,
      double tolerance, int maxIterations) {
    ValueIteration.checkArgs(gamma, horizon, tolerance, maxIterations);
    CompactMdp m = CompactMdp.of(model);
    return run(m, fold(m, policy), gamma, horizon, tolerance, maxIterations);
  }

  /**
   * Evaluates a stochastic policy.
   *
   * @throws IllegalArgumentException on a bad argument (the message names it)
   * @throws NotConvergedException    when an infinite-horizon evaluation hits {@code maxIterations} (discounted, or
   *                                  an undiscounted block too large for a direct solve)
   */
  public static PolicyValue evaluate(TransitionModel model, double[] policy, double gamma, int horizon,
      double tolerance, int maxIterations) {
    ValueIteration.checkArgs(gamma, horizon, tolerance, maxIterations);
    CompactMdp m = CompactMdp.of(model);
    return run(m, fold(m, policy), gamma, horizon, tolerance, maxIterations);
  }

  /** A policy folded into the model: a Markov reward process in CSR form over states. */
  static final class Mrp {
    final double[] reward;
    final int[] offsets;
    final double[] weight;
    final int[] next;
    /** Whether the state ends the episode with positive probability in one step. */
    final boolean[] terminates;

    Mrp(double[] reward, int[] offsets, double[] weight, int[] next, boolean[] terminates) {
      this.reward = reward;
      this.offsets = offsets;
      this.weight = weight;
      this.next = next;
      this.terminates = terminates;
    }
  }

  static Mrp fold(CompactMdp m, int[] policy) {
    if (policy == null) {
      throw new IllegalArgumentException("policy: must be given");
    }
    if (policy.length != m.numStates) {
      throw new IllegalArgumentException("policy: length " + policy.length + " does not match numStates "
          + m.numStates);
    }
    int ns = m.numStates;
    int na = m.numActions;
    double[] reward = new double[ns];
    boolean[] terminates = new boolean[ns];
    int[] offsets = new int[ns + 1];
    int total = 0;
    for (int s = 0; s < ns; s++) {
      int a = policy[s];
      if (a < 0 || a >= m.validActions[s]) {
        throw new IllegalArgumentException("policy: action " + a + " of state " + s + " is outside [0, "
            + (m.validActions[s] - 1) + "]" + (m.validActions[s] < na ? " (the actions valid in state " + s + ")"
            : ""));
      }
      total += m.offsets[s * na + a + 1] - m.offsets[s * na + a];
    }
    double[] weight = new double[total];
    int[] next = new int[total];
    int c = 0;
    for (int s = 0; s < ns; s++) {
      int sa = s * na + policy[s];
      reward[s] = m.reward[sa];
      terminates[s] = m.terminalProb[sa] > 0;
      for (int k = m.offsets[sa]; k < m.offsets[sa + 1]; k++) {
        weight[c] = m.prob[k];
        next[c] = m.next[k];
        c++;
      }
      offsets[s + 1] = c;
    }
    return new Mrp(reward, offsets, weight, next, terminates);
  }

  static Mrp fold(CompactMdp m, double[] policy) {
    int ns = m.numStates;
    int na = m.numActions;
    checkStochastic(policy, ns, na, m.validActions);
    double[] reward = new double[ns];
    boolean[] terminates = new boolean[ns];
    int[] offsets = new int[ns + 1];
    int total = 0;
    for (int sa = 0; sa < ns * na; sa++) {
      if (policy[sa] != 0) {
        total += m.offsets[sa + 1] - m.offsets[sa];
      }
    }
    double[] weight = new double[total];
    int[] next = new int[total];
    int c = 0;
    for (int s = 0; s < ns; s++) {
      double r = 0;
      for (int sa = s * na, end = sa + na; sa < end; sa++) {
        double pi = policy[sa];
        if (pi == 0) {
          continue;
        }
        r += pi * m.reward[sa];
        terminates[s] |= m.terminalProb[sa] > 0;
        for (int k = m.offsets[sa]; k < m.offsets[sa + 1]; k++) {
          weight[c] = pi * m.prob[k];
          next[c] = m.next[k];
          c++;
        }
      }
      reward[s] = r;
      offsets[s + 1] = c;
    }
    return new Mrp(reward, offsets, weight, next, terminates);
  }

  /**
   * Checks a {@code numStates × numActions} distribution: entries in [0, 1], rows summing to 1, no mass on an action
   * that is not valid in its state ({@code validActions[s]} per state).
   */
  static void checkStochastic(double[] policy, int ns, int na, int[] validActions) {
    if (policy == null) {
      throw new IllegalArgumentException("policy: must be given");
    }
    if (policy.length != ns * na) {
      throw new IllegalArgumentException("policy: length " + policy.length + " does not match numStates × "
          + "numActions = " + ns + " × " + na + " = " + ns * na);
    }
    for (int s = 0; s < ns; s++) {
      double sum = 0;
      for (int a = 0; a < na; a++) {
        double p = policy[s * na + a];
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException("policy: probability " + p + " of (state " + s + ", action " + a
              + ") is outside [0, 1]");
        }
        if (p != 0 && a >= validActions[s]) {
          throw new IllegalArgumentException("policy: probability " + p + " of (state " + s + ", action " + a
              + ") is on an action that is not valid there (state " + s + " allows actions [0, "
              + (validActions[s] - 1) + "])");
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > POLICY_SUM_TOLERANCE) {
        throw new IllegalArgumentException("policy: probabilities of state " + s + " sum to " + sum + ", not 1");
      }
    }
  }

  static PolicyValue run(CompactMdp m, Mrp p, double gamma, int horizon, double tolerance, int maxIterations) {
    if (horizon > 0) {
      return finiteHorizon(m, p, gamma, horizon);
    }
    return gamma == 1 ? UndiscountedEvaluation.evaluate(m, p, tolerance, maxIterations)
        : infiniteHorizon(m, p, gamma, tolerance, maxIterations);
  }

  private static PolicyValue finiteHorizon(CompactMdp m, Mrp p, double gamma, int horizon) {
    final int ns = m.numStates;
    final double[] reward = p.reward;
    final int[] off = p.offsets;
    final double[] w = p.weight;
    final int[] next = p.next;
    double[] prev = new double[ns];
    double[] cur = new double[ns];
    int h = 0;
    double residual = 0;
    while (h < horizon) {
      residual = 0;
      for (int s = 0; s < ns; s++) {
        double c = 0;
        for (int k = off[s]; k < off[s + 1]; k++) {
          c += w[k] * prev[next[k]];
        }
        double v = reward[s] + gamma * c;
        residual = Math.max(residual, Math.abs(v - prev[s]));
        cur[s] = v;
      }
      h++;
      double[] t = prev;
      prev = cur;
      cur = t;
      if (Arrays.equals(prev, cur)) {
        break;
      }
    }
    return new PolicyValue(gamma, horizon, prev, m.startValue(prev), h, residual);
  }

  /** Discounted ({@code gamma < 1}) evaluation by in-place sweeps. */
  private static PolicyValue infiniteHorizon(CompactMdp m, Mrp p, double gamma, double tolerance,
      int maxIterations) {
    final int ns = m.numStates;
    final double[] reward = p.reward;
    final int[] off = p.offsets;
    final double[] w = p.weight;
    final int[] next = p.next;
    final double threshold = gamma == 0 ? Double.POSITIVE_INFINITY : tolerance * (1 - gamma) / gamma;
    double[] v = new double[ns];
    int it = 0;
    double delta;
    while (true) {
      delta = 0;
      double maxAbs = 0;
      for (int s = 0; s < ns; s++) {
        double c = 0;
        for (int k = off[s]; k < off[s + 1]; k++) {
          c += w[k] * v[next[k]];
        }
        double x = reward[s] + gamma * c;
        delta = Math.max(delta, Math.abs(x - v[s]));
        maxAbs = Math.max(maxAbs, Math.abs(x));
        v[s] = x;
      }
      it++;
      if (!Double.isFinite(delta)) {
        throw new NotConvergedException("policy evaluation diverged (values became " + delta + ") after " + it
            + " sweeps with gamma=" + gamma, it, delta);
      }
      if (delta <= Math.max(threshold, 4 * Math.ulp(maxAbs))) {
        break;
      }
      if (it >= maxIterations) {
        throw new NotConvergedException("policy evaluation did not converge within maxIterations=" + maxIterations
            + " sweeps (gamma=" + gamma + ", last change " + delta + ", tolerance " + tolerance
            + "); raise maxIterations or the tolerance", it, delta);
      }
    }
    return new PolicyValue(gamma, 0, v, m.startValue(v), it, delta);
  }
}
