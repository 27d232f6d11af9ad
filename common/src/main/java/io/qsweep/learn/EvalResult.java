package io.qsweep.learn;

/**
 * The outcome of {@link GreedyEvaluator#evaluate}.
 *
 * @param meanReturn  mean undiscounted episode return
 * @param stdReturn   population standard deviation of the episode returns (0 for one episode)
 * @param successRate fraction of episodes that reached the goal; {@code NaN} when the environment has no goal
 * @param meanLength  mean episode length in steps
 */
public record EvalResult(double meanReturn, double stdReturn, double successRate, double meanLength) {
}
