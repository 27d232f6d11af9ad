package io.qsweep.spark;

import io.qsweep.env.Env;
import io.qsweep.env.music.ComposedEnv;
import io.qsweep.env.music.Composer;
import io.qsweep.learn.EvalResult;
import io.qsweep.learn.GreedyEvaluator;
import io.qsweep.reward.Evaluation;
import io.qsweep.table.QTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The final score of a learned Q-table: what a sweep ranks configurations by. {@link #of} is the one place that
 * decides it.
 *
 * <ul>
 *   <li>Every environment: the greedy policy is evaluated by Monte Carlo ({@link GreedyEvaluator}, ties broken at
 *       random) over the sweep's {@code evaluation.episodes}; success rate and episode length are reported for all.
 *       The score is the mean undiscounted return of those episodes.</li>
 *   <li>A music environment ({@link ComposedEnv}): the score is the fixed evaluation score of the composition the
 *       greedy policy writes ({@link Composer#greedyActions}, ties to the lowest action), with its per-term
 *       breakdown — the yardstick that does not depend on the reward design the agent was trained with.</li>
 * </ul>
 *
 * @param score the final score
 * @param eval  the greedy Monte-Carlo evaluation
 * @param terms per-term breakdown of {@code score} (music environments), else {@code null}
 */
public record PolicyScore(double score, EvalResult eval, Map<String, Double> terms) {

  /** Scores the greedy policy of {@code q} on {@code env} with {@code episodes} evaluation episodes from {@code seed}. */
  public static PolicyScore of(Env env, QTable q, int episodes, long seed) {
    EvalResult eval = GreedyEvaluator.evaluate(env, q, episodes, seed);
    ComposedEnv composed = ComposedEnv.find(env);
    if (composed != null) {
      Evaluation e = composed.evaluate(Composer.greedyActions(env, q.values(), 0L));
      return new PolicyScore(e.score(), eval, new LinkedHashMap<>(e.terms()));
    }
    return new PolicyScore(eval.meanReturn(), eval, null);
  }
}
