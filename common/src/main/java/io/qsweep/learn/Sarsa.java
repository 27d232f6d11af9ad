package io.qsweep.learn;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import io.qsweep.env.TabularEnv;
import io.qsweep.explore.ActionSelector;
import io.qsweep.table.QTable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SARSA (Rummery &amp; Niranjan 1994; Sutton &amp; Barto 2018, §6.4), on-policy TD control:
 * <pre>
 *   choose a from s with the behaviour policy
 *   repeat: take a, observe r, s'
 *           choose a' from s' with the behaviour policy (before updating, as in the book)
 *           Q(s,a) ← Q(s,a) + α·[r + γ·Q(s',a') − Q(s,a)]      (target r alone if s' is terminal)
 *           s ← s', a ← a'
 * </pre>
 * On a truncated step (time limit or the {@link Trainer#STEP_CAP}) {@code a'} is still drawn from the behaviour
 * policy to bootstrap, but never executed (for UCB it still counts as a selection). On a terminal step no {@code a'}
 * is drawn. {@code a'} is drawn among the valid actions of {@code s'} (the selector knows the mask). Seeding, step
 * cap and step sizes are as described in {@link Trainer}.
 */
public final class Sarsa {
  private Sarsa() {
  }

  public static TrainResult train(Env env, AgentConfig cfg, long seed, EpisodeListener listener) {
    Trainer.check(env, cfg, Algorithm.SARSA);

    // Seeding: the environment and the agent draw from independent streams derived from the run seed.
    SplittableRandom master = new SplittableRandom(seed);
    long envSeed = master.nextLong();
    SplittableRandom rng = master.split();

    // The table, the behaviour policy and the step size.
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
      int a = ActionSelector.select(policy, q, s * numActions, s, masked ? valid[s] : numActions, rng);
      double episodeReturn = 0;
      int t = 0;
      while (true) {
        Step step = tabular != null ? tabular.step(a) : env.step(a);
        int next = step.state;
        double r = step.reward;
        boolean terminated = step.terminated;
        t++;
        boolean truncated = step.truncated || t >= stepCap;
        episodeReturn += r;

        int nextAction = -1;
        double target = r;
        if (!terminated) {
          nextAction = ActionSelector.select(policy, q, next * numActions, next,
              masked ? valid[next] : numActions, rng);
          target += gamma * q[next * numActions + nextAction];
        }
        int sa = s * numActions + a;
        q[sa] += stepSize.next(sa) * (target - q[sa]);

        if (terminated || truncated) {
          break;
        }
        s = next;
        a = nextAction;
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
