package io.qsweep.solve;

/**
 * The exact value of one policy, from {@link PolicyEvaluation}. The array is handed over without copying; treat it as
 * read-only.
 *
 * @param gamma      the discount used
 * @param horizon    the horizon in steps, or 0 for an infinite horizon
 * @param values     {@code V^π(s)} (with {@code horizon} steps to go when finite), length {@code numStates}
 * @param startValue {@code Σ_s initial(s) · V^π(s)}, the policy's expected return of an episode
 * @param iterations sweeps (infinite horizon) or recursion steps (finite horizon) performed
 * @param residual   largest value change of the last sweep
 */
public record PolicyValue(double gamma, int horizon, double[] values, double startValue, int iterations,
    double residual) {
}
