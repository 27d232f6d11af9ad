package io.qsweep.solve;

/**
 * The result of {@link ValueIteration}: optimal values, optimal action values and a greedy optimal policy.
 *
 * <p>For a finite horizon {@code H}, {@code values} is {@code V*_H} (the optimal expected return with {@code H} steps
 * to go), {@code q} is {@code Q*_H} and {@code policy} the optimal <em>first</em> action; the optimal finite-horizon
 * policy may depend on the steps left, so this stationary policy is not necessarily optimal at every step.
 *
 * <p>The arrays are handed over without copying (these results are computed once per training run in large sweeps);
 * treat them as read-only.
 *
 * @param gamma      the discount used
 * @param horizon    the horizon in steps, or 0 for an infinite horizon
 * @param values     {@code V*(s)}, length {@code numStates}
 * @param q          {@code Q*(s, a)} at index {@code s * numActions + a}; {@code −∞} for an action that is not valid
 *                   in {@code s} (see {@link io.qsweep.env.Env#validActionCounts()})
 * @param policy     a greedy action per state: the lowest-numbered valid action with the largest {@code Q*(s, ·)}
 * @param startValue {@code Σ_s initial(s) · V*(s)}, the optimal expected return of an episode
 * @param iterations sweeps (infinite horizon) or backward-induction steps (finite horizon) performed
 * @param residual   largest value change of the last sweep (0 when a finite-horizon recursion reached a fixed point)
 */
public record Solution(double gamma, int horizon, double[] values, double[] q, int[] policy, double startValue,
    int iterations, double residual) {

  public int numStates() {
    return values.length;
  }

  public int numActions() {
    return q.length / values.length;
  }
}
