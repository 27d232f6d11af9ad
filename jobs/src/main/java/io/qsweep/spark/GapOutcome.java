package io.qsweep.spark;

import io.qsweep.solve.NotConvergedException;
import io.qsweep.solve.Optimality;

/**
 * The exact optimality gap of a greedy policy, or why there is none.
 *
 * @param optimalValue {@code V*(start)}, or {@code null} when the optimal values could not be computed
 * @param policyValue  {@code V^π(start)} of the greedy policy (ties uniform), or {@code null} when it is not a finite
 *                     number
 * @param gap          {@code optimalValue − policyValue}, or {@code null} when either is missing
 * @param status       {@value #EXACT} when both values are finite; {@value #UNBOUNDED} when the policy may never
 *                     finish an episode and its value is ±∞ or undefined (γ = 1 without a time limit, see
 *                     {@link Optimality}); {@value #NOT_CONVERGED} when the policy evaluation hit its iteration cap;
 *                     {@value #UNAVAILABLE} when {@code V*} itself could not be computed
 */
public record GapOutcome(Double optimalValue, Double policyValue, Double gap, String status) {
  public static final String EXACT = "exact";
  public static final String UNBOUNDED = "unbounded";
  public static final String NOT_CONVERGED = "not_converged";
  public static final String UNAVAILABLE = "unavailable";

  /** The gap of the greedy policy of {@code q} against {@code optimality} (which may be {@code null}). */
  public static GapOutcome of(Optimality optimality, double[] q) {
    if (optimality == null) {
      return new GapOutcome(null, null, null, UNAVAILABLE);
    }
    double best = optimality.optimalStartValue();
    try {
      Optimality.Gap g = optimality.gapOfGreedy(q);
      if (!Double.isFinite(g.policyStartValue())) {
        return new GapOutcome(best, null, null, UNBOUNDED);
      }
      return new GapOutcome(best, g.policyStartValue(), g.gap(), EXACT);
    } catch (NotConvergedException e) {
      return new GapOutcome(best, null, null, NOT_CONVERGED);
    }
  }

  public boolean exact() {
    return EXACT.equals(status);
  }
}
