package io.qsweep.spark;

import io.qsweep.env.Env;
import io.qsweep.learn.EvalResult;
import io.qsweep.learn.GreedyEvaluator;
import io.qsweep.table.QTable;
import java.util.Map;

/**
 * The final score of a learned Q-table: what a sweep ranks configurations by.
 *
 * <p>For every environment the greedy policy is evaluated by Monte Carlo ({@link GreedyEvaluator}, ties broken at
 * random) over the sweep's {@code evaluation.episodes}; the score is the mean undiscounted return of those episodes.
 * {@link #of} is the one place that decides the score, so environments with their own yardstick plug in here: for
 * an environment that composes an artefact (the music environments), the score is that artefact's evaluation, with
 * its per-term breakdown in {@link #terms()}.
 *
 * @param score the final score
 * @param eval  the greedy evaluation (always computed: success rate and episode length are reported for every env)
 * @param terms per-term breakdown of {@code score} when the environment has one, else {@code null}
 */
public record PolicyScore(double score, EvalResult eval, Map<String, Double> terms) {

  /** Scores the greedy policy of {@code q} on {@code env} with {@code episodes} evaluation episodes from {@code seed}. */
  public static PolicyScore of(Env env, QTable q, int episodes, long seed) {
    EvalResult eval = GreedyEvaluator.evaluate(env, q, episodes, seed);
    return new PolicyScore(eval.meanReturn(), eval, null);
  }
}
