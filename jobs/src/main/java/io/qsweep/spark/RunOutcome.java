package io.qsweep.spark;

import io.qsweep.learn.EvalResult;
import java.util.Map;

/**
 * One run of a sweep, as recorded in {@code runs/} (see {@code jobs/OUTPUT.md} for the columns).
 *
 * @param replica      replica index
 * @param seed         the run seed ({@link io.qsweep.sweep.Seeds#runSeed})
 * @param score        the final score ({@link PolicyScore})
 * @param eval         the greedy evaluation
 * @param scoreTerms   per-term breakdown of the score, or {@code null}
 * @param gap          exact optimal value, policy value and gap of the greedy policy
 * @param episodes     training episodes
 * @param totalSteps   training steps
 * @param curve        the downsampled learning curve
 * @param trainSeconds wall time of training
 * @param evalSeconds  wall time of the greedy evaluation
 * @param wallSeconds  wall time of the whole run (training, evaluation, exact policy value)
 */
public record RunOutcome(int replica, long seed, double score, EvalResult eval, Map<String, Double> scoreTerms,
    GapOutcome gap, int episodes, long totalSteps, LearningCurve curve, double trainSeconds, double evalSeconds,
    double wallSeconds) {
}
