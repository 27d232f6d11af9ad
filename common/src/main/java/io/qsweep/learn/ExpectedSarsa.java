package io.qsweep.learn;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import io.qsweep.env.TabularEnv;
import io.qsweep.explore.ActionSelector;
import io.qsweep.table.QTable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Expected SARSA (van Seijen et al. 2009; Sutton &amp; Barto 2018, §6.6):
 * <pre>
 *   choose a from s with the behaviour policy π
 *   take a, observe r, s'
 *   Q(s,a) ← Q(s,a) + α·[r + γ·Σ_a' π(a'|s')·Q(s',a') − Q(s,a)]   (target r alone if s' is terminal)
 * </pre>
 * π is the behaviour policy itself ({@link ActionSelector#probabilities}) at the current episode's schedule value
 * (ε or temperature) and, for UCB, at the current counts; so with ε-greedy the expectation is
 * {@code ε·mean_a' Q(s',a') + (1−ε)·max_a' Q(s',a')}, mean and max over the valid actions of {@code s'} (the
 * policy restricted to them). Seeding, truncation, step cap and step sizes are as described in
 * {@link Trainer}.
 */
public final class ExpectedSarsa {
  private ExpectedSarsa() {
  }

  public static TrainResult train(Env env, AgentConfig cfg, long seed, EpisodeListener listener) {
    Trainer.check(env, cfg, Algorithm.EXPECTED_SARSA);

    // Seeding: the environment and the agent draw from independent streams derived from the run seed.
    SplittableRandom master = new SplittableRandom(seed);
    long envSeed = master.nextLong();
    SplittableRandom rng = master.split();

    // The table, the behaviour policy, its distribution buffer and the step size.
    final int numStates = env.numStates();
    final int numActions = env.numActions();
    QTable table = new QTable(numStates, numActions);
    table.fill(cfg.initialQ());
    final double[] q = table.values();
    final int[] valid = Trainer.validActions(env); // valid actions per state, full width without a mask
    // Without a mask the row width is the loop-invariant numActions (as in QLearning: C2 unswitches the loop on
    // `masked` instead of loading valid[next] every step).
    final boolean masked = env.validActionCounts() != null;
    ActionSelector policy = ActionSelector.create(cfg.exploration(), numStates, numActions, valid);
    final double[] pi = new double[numActions];
    StepSize stepSize = StepSize.of(cfg, numStates * numActions);
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
        int a = ActionSelector.select(policy, q, s * numActions, s, n, rng);
        Step step = tabular != null ? tabular.step(a) : env.step(a);
        int next = step.state;
        double r = step.reward;
        boolean terminated = step.terminated;
        t++;
        boolean truncated = step.truncated || t >= stepCap;
        episodeReturn += r;

        int nNext = masked ? valid[next] : numActions; // read once: the expectation and the next choice range over it
        double target = r;
        if (!terminated) {
          int off = next * numActions;
          ActionSelector.probabilities(policy, q, off, next, nNext, pi);
          double expected = 0;
          for (int b = 0; b < nNext; b++) { // invalid actions have probability 0
            expected += pi[b] * q[off + b];
          }
          target += gamma * expected;
        }
        int sa = s * numActions + a;
        q[sa] += stepSize.next(sa) * (target - q[sa]);

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
        listener.onEpisode(episode, episodeReturn, t, table);
      }
    }
    return new TrainResult(table, List.of(table), returns, lengths, totalSteps);
  }
}
