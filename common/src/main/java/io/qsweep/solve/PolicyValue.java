package io.qsweep.solve;

/**
 * The exact value of one policy, from {@link PolicyEvaluation}. The array is handed over without copying; treat it as
 * read-only.
 *
 * @param gamma      the discount used
 * @param horizon    the horizon in steps, or 0 for an infinite horizon
 * @param values     {@code V^π(s)} (with {@code horizon} steps to go when finite), length {@code numStates}; with
 *                   {@code gamma = 1} and no horizon, ±∞ or NaN where the episode may never end (see
 *                   {@link PolicyEvaluation})
 * @param startValue {@code Σ_s initial(s) · V^π(s)} over the start states, the policy's expected return of an episode
 * @param iterations sweeps or recursion steps performed (0 when every block of an undiscounted evaluation was solved
 *                   directly)
 * @param residual   largest value change of the last sweep (0 for a direct solve)
 */
public record PolicyValue(double gamma, int horizon, double[] values, double startValue, int iterations,
    double residual) {
}
