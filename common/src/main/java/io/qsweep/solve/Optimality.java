package io.qsweep.solve;

import io.qsweep.env.Env;
import io.qsweep.env.TransitionModel;

/**
 * How far a learned policy is from optimal, in expected return from the start distribution: {@code V*(start)},
 * {@code V^π(start)} and the gap {@code V*(start) − V^π(start)}.
 *
 * <p>The horizon is the environment's time limit ({@link Env#maxEpisodeSteps()}) when it has one: with a time limit
 * the episode really ends after that many steps, so finite-horizon values are the returns an agent can actually
 * collect. Without one, the infinite-horizon (discounted, or undiscounted for {@code gamma = 1}) values are used.
 *
 * <p>Build one instance per (environment, γ) — it solves {@code V*} once — and call {@link #gap(double[])} for each
 * learned policy; instances are immutable and may be shared between threads. Policies are distributions
 * ({@code numStates × numActions}, index {@code s * numActions + a}); {@link #greedyDistribution} turns a Q-table
 * into its greedy policy, uniform over tied maxima, as an agent acting greedily with random tie-breaking behaves.
 * With per-state action sets ({@link Env#validActionCounts()}) values, maxima and policies cover the valid actions
 * only, and a policy that puts mass on an invalid action is rejected.
 *
 * <p>With a finite horizon the optimal policy may depend on the steps left, while a Q-table's greedy policy is
 * stationary; the gap then includes the price of stationarity (small when the optimal policy rarely changes near the
 * end of the episode, large in contrived cases) and is still {@code >= 0}. Both values
 * are exact up to rounding (finite horizon) or up to {@code tolerance} each (infinite horizon); the gap is not clamped,
 * so it may be a rounding error below zero for an optimal policy.
 *
 * <p>For {@code gamma = 1} without a time limit, a policy that may never finish from a start state has
 * {@code policyStartValue = −∞} when it loops collecting costs (gap {@code +∞}), {@code +∞} or NaN in the rarer cases
 * described in {@link PolicyEvaluation}; nothing is thrown for it. The optimal value itself must be finite: if some
 * policy can collect positive reward forever, {@link ValueIteration} throws {@link NotConvergedException} when the
 * instance is built.
 */
public final class Optimality {
  private final CompactMdp mdp;
  private final double gamma;
  private final int horizon;
  private final double tolerance;
  private final int maxIterations;
  private final Solution optimal;

  /** The gap of one policy. */
  public record Gap(double optimalStartValue, double policyStartValue, double gap) {
  }

  private Optimality(CompactMdp mdp, double gamma, int horizon, double tolerance, int maxIterations) {
    this.mdp = mdp;
    this.gamma = gamma;
    this.horizon = horizon;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
    this.optimal = ValueIteration.solve(mdp, gamma, horizon, tolerance, maxIterations);
  }

  /** For {@code env} with its time limit as the horizon (infinite horizon when it has none). */
  public static Optimality of(Env env, double gamma) {
    if (env == null) {
      throw new IllegalArgumentException("env: must be given");
    }
    return of(env.model(), gamma, Math.max(0, env.maxEpisodeSteps()));
  }

  /** For a model with {@code horizon} steps (0 = infinite horizon), default tolerance and cap. */
  public static Optimality of(TransitionModel model, double gamma, int horizon) {
    return of(model, gamma, horizon, ValueIteration.DEFAULT_TOLERANCE, ValueIteration.DEFAULT_MAX_ITERATIONS);
  }

  public static Optimality of(TransitionModel model, double gamma, int horizon, double tolerance,
      int maxIterations) {
    ValueIteration.checkArgs(gamma, horizon, tolerance, maxIterations);
    return new Optimality(CompactMdp.of(model), gamma, horizon, tolerance, maxIterations);
  }

  /** The optimal solution ({@code V*}, {@code Q*}, a greedy optimal policy). */
  public Solution optimal() {
    return optimal;
  }

  public double optimalStartValue() {
    return optimal.startValue();
  }

  public double gamma() {
    return gamma;
  }

  /** The horizon used, 0 for infinite. */
  public int horizon() {
    return horizon;
  }

  /** The exact value of {@code policy} ({@code numStates × numActions} probabilities). */
  public PolicyValue evaluate(double[] policy) {
    return PolicyEvaluation.run(mdp, PolicyEvaluation.fold(mdp, policy), gamma, horizon, tolerance, maxIterations);
  }

  /** {@code V*(start)}, {@code V^π(start)} and their difference for {@code policy}. */
  public Gap gap(double[] policy) {
    double v = evaluate(policy).startValue();
    double best = optimal.startValue();
    return new Gap(best, v, best - v);
  }

  /**
   * The gap of the greedy policy of {@code q} ({@code numStates × numActions} action values), ties uniform, greedy
   * among each state's valid actions (the entries of invalid actions are ignored).
   */
  public Gap gapOfGreedy(double[] q) {
    return gap(greedyDistribution(q, mdp.numStates, mdp.numActions, mdp.validActions));
  }

  /**
   * The greedy policy of a Q-table as a distribution: in each state, probability {@code 1/k} on each of the
   * {@code k} actions whose value equals the row's maximum exactly, 0 elsewhere.
   *
   * @param q index {@code s * numActions + a}; every value must be finite or -∞ with a finite maximum per row
   */
  public static double[] greedyDistribution(double[] q, int numStates, int numActions) {
    return greedyDistribution(q, numStates, numActions, null);
  }

  /**
   * {@link #greedyDistribution(double[], int, int)} among each state's valid actions {@code 0 .. validActions[s]-1}
   * ({@code validActions == null}: all); invalid actions get probability 0 and their entries are not read.
   */
  public static double[] greedyDistribution(double[] q, int numStates, int numActions, int[] validActions) {
    if (numStates < 1) {
      throw new IllegalArgumentException("numStates: " + numStates + " must be >= 1");
    }
    if (numActions < 1) {
      throw new IllegalArgumentException("numActions: " + numActions + " must be >= 1");
    }
    if (q == null || q.length != numStates * numActions) {
      throw new IllegalArgumentException("q: length " + (q == null ? "null" : Integer.toString(q.length))
          + " does not match numStates × numActions = " + numStates + " × " + numActions);
    }
    if (validActions != null && validActions.length != numStates) {
      throw new IllegalArgumentException("validActions: length " + validActions.length + " does not match numStates "
          + numStates);
    }
    double[] pi = new double[q.length];
    for (int s = 0; s < numStates; s++) {
      int row = s * numActions;
      int n = validActions == null ? numActions : validActions[s];
      if (n < 1 || n > numActions) {
        throw new IllegalArgumentException("validActions: " + n + " of state " + s + " is outside [1, " + numActions
            + "]");
      }
      double max = Double.NEGATIVE_INFINITY;
      for (int a = 0; a < n; a++) {
        double x = q[row + a];
        if (Double.isNaN(x) || x == Double.POSITIVE_INFINITY) {
          throw new IllegalArgumentException("q: value " + x + " of (state " + s + ", action " + a
              + ") is not finite");
        }
        max = Math.max(max, x);
      }
      if (max == Double.NEGATIVE_INFINITY) {
        throw new IllegalArgumentException("q: every value of state " + s + " is -Infinity");
      }
      int ties = 0;
      for (int a = 0; a < n; a++) {
        if (q[row + a] == max) {
          ties++;
        }
      }
      double p = 1.0 / ties;
      for (int a = 0; a < n; a++) {
        if (q[row + a] == max) {
          pi[row + a] = p;
        }
      }
    }
    return pi;
  }
}
