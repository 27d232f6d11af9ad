package io.qsweep.learn;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import io.qsweep.env.TabularEnv;
import io.qsweep.explore.ActionSelector;
import io.qsweep.table.QTable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Double Q-learning (van Hasselt 2010, Algorithm 1; Sutton &amp; Barto 2018, §6.7): two tables, one picks the best next
 * action and the other evaluates it, which removes Q-learning's maximisation bias.
 * <pre>
 *   choose a from s with the behaviour policy on (Q1 + Q2) / 2
 *   take a, observe r, s'
 *   with probability 1/2:  a* = argmax_a' Q1(s',a');  Q1(s,a) ← Q1(s,a) + α·[r + γ·Q2(s',a*) − Q1(s,a)]
 *   otherwise:             b* = argmax_a' Q2(s',a');  Q2(s,a) ← Q2(s,a) + α·[r + γ·Q1(s',b*) − Q2(s,a)]
 *   (target r alone if s' is terminal)
 * </pre>
 * The behaviour policy reads the mean {@code (Q1 + Q2) / 2}, kept up to date entry by entry, rather than the sum: the
 * greedy action is the same as on {@code Q1 + Q2} (as in the paper), and softmax temperatures and UCB bonuses keep the
 * scale of a single table. The argmax ties in the update are broken at random; the argmax ranges over the valid
 * actions of {@code s'}. With visit-decay step sizes each table
 * counts its own updates. The reported {@link TrainResult#q()} is the mean table; {@link TrainResult#tables()} holds
 * {@code Q1} and {@code Q2}. Seeding, truncation, step cap and step sizes are otherwise as described in
 * {@link Trainer}.
 */
public final class DoubleQLearning {
  private DoubleQLearning() {
  }

  public static TrainResult train(Env env, AgentConfig cfg, long seed, EpisodeListener listener) {
    Trainer.check(env, cfg, Algorithm.DOUBLE_Q);

    // Seeding: the environment and the agent draw from independent streams derived from the run seed.
    SplittableRandom master = new SplittableRandom(seed);
    long envSeed = master.nextLong();
    SplittableRandom rng = master.split();

    // Two tables and their mean, the behaviour policy and one step size per table.
    final int numStates = env.numStates();
    final int numActions = env.numActions();
    QTable table1 = new QTable(numStates, numActions);
    QTable table2 = new QTable(numStates, numActions);
    QTable mean = new QTable(numStates, numActions);
    table1.fill(cfg.initialQ());
    table2.fill(cfg.initialQ());
    mean.fill(cfg.initialQ());
    final double[] q1 = table1.values();
    final double[] q2 = table2.values();
    final double[] qMean = mean.values();
    final int[] valid = Trainer.validActions(env); // valid actions per state, full width without a mask
    // Without a mask the row width is the loop-invariant numActions (as in QLearning: C2 unswitches the loop on
    // `masked` instead of loading valid[next] every step).
    final boolean masked = env.validActionCounts() != null;
    ActionSelector policy = ActionSelector.create(cfg.exploration(), numStates, numActions, valid);
    StepSize stepSize1 = StepSize.of(cfg, numStates * numActions);
    StepSize stepSize2 = StepSize.of(cfg, numStates * numActions);
    final double gamma = cfg.gamma();
    final int stepCap = Trainer.stepCap(env);
    final TabularEnv tabular = Trainer.tabular(env); // when not null, stepped directly (see Trainer)

    // The learning curve.
    final int episodes = cfg.episodes();
    double[] returns = new double[episodes];
    int[] lengths = new int[episodes];
    long totalSteps = 0;

    for (int episode = 0; episode < episodes; episode++) {
      policy.beginEpisode(episode);
      int s = episode == 0 ? env.reset(envSeed) : env.reset();
      int n = masked ? valid[s] : numActions; // valid actions of s
      double episodeReturn = 0;
      int t = 0;
      while (true) {
        int a = ActionSelector.select(policy, qMean, s * numActions, s, n, rng);
        Step step = tabular != null ? tabular.step(a) : env.step(a);
        int next = step.state;
        double r = step.reward;
        boolean terminated = step.terminated;
        t++;
        boolean truncated = step.truncated || t >= stepCap;
        episodeReturn += r;

        int sa = s * numActions + a;
        int off = next * numActions;
        int nNext = masked ? valid[next] : numActions; // read once: the argmax and the next choice range over it
        if (rng.nextBoolean()) {
          double target = terminated ? r : r + gamma * q2[off + QTable.argmax(q1, off, nNext, rng)];
          q1[sa] += stepSize1.next(sa) * (target - q1[sa]);
        } else {
          double target = terminated ? r : r + gamma * q1[off + QTable.argmax(q2, off, nNext, rng)];
          q2[sa] += stepSize2.next(sa) * (target - q2[sa]);
        }
        qMean[sa] = 0.5 * (q1[sa] + q2[sa]);

        if (terminated || truncated) {
          break;
        }
        s = next;
        n = nNext;
      }
      returns[episode] = episodeReturn;
      lengths[episode] = t;
      totalSteps += t;
      if (listener != null) {
        listener.onEpisode(episode, episodeReturn, t, mean);
      }
    }
    return new TrainResult(mean, List.of(table1, table2), returns, lengths, totalSteps);
  }
}
