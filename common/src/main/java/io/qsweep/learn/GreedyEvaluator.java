package io.qsweep.learn;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import io.qsweep.table.QTable;
import java.util.SplittableRandom;

/**
 * Monte-Carlo evaluation of the greedy policy of a Q-table: runs episodes with no exploration, breaking exact ties
 * uniformly at random (the policy of {@link QTable#greedyPolicyDistribution(int[])}), and reports undiscounted
 * returns. The greedy action ranges over the environment's valid actions in each state ({@link
 * Env#validActionCounts()}); the table's entries for invalid actions are never read.
 *
 * <p>Seeding follows {@link Trainer}: {@code master = new SplittableRandom(seed)}, environment seed
 * {@code master.nextLong()}, tie-breaking generator {@code master.split()}; {@code reset(envSeed)} once, then
 * {@code reset()}. Episodes of environments without a time limit are cut after {@link Trainer#STEP_CAP} steps, so a
 * greedy policy that walks into a wall forever still finishes (and such an episode does not reach the goal).
 */
public final class GreedyEvaluator {
  private GreedyEvaluator() {
  }

  public static EvalResult evaluate(Env env, QTable q, int episodes, long seed) {
    if (env == null) {
      throw new IllegalArgumentException("env: must be given");
    }
    if (q == null) {
      throw new IllegalArgumentException("q: must be given");
    }
    if (episodes < 1) {
      throw new IllegalArgumentException("episodes: " + episodes + " must be >= 1");
    }
    if (q.numStates() != env.numStates() || q.numActions() != env.numActions()) {
      throw new IllegalArgumentException("q: table is " + q.numStates() + "x" + q.numActions() + " but env '"
          + env.name() + "' has " + env.numStates() + " states and " + env.numActions() + " actions");
    }
    SplittableRandom master = new SplittableRandom(seed);
    long envSeed = master.nextLong();
    SplittableRandom rng = master.split();

    final double[] values = q.values();
    final int numActions = q.numActions();
    final int[] valid = Trainer.validActions(env); // greedy among each state's valid actions
    final int stepCap = Trainer.stepCap(env);
    final boolean hasGoal = env.hasGoal();
    double mean = 0; // Welford's running mean and sum of squared deviations
    double m2 = 0;
    long steps = 0;
    int successes = 0;
    for (int episode = 0; episode < episodes; episode++) {
      int s = episode == 0 ? env.reset(envSeed) : env.reset();
      double episodeReturn = 0;
      int t = 0;
      while (true) {
        Step step = env.step(QTable.argmax(values, s * numActions, valid[s], rng));
        episodeReturn += step.reward;
        t++;
        if (step.terminated || step.truncated || t >= stepCap) {
          if (hasGoal && env.reachedGoal(step)) {
            successes++;
          }
          break;
        }
        s = step.state;
      }
      double delta = episodeReturn - mean;
      mean += delta / (episode + 1);
      m2 += delta * (episodeReturn - mean);
      steps += t;
    }
    return new EvalResult(mean, Math.sqrt(m2 / episodes), hasGoal ? (double) successes / episodes : Double.NaN,
        (double) steps / episodes);
  }
}
