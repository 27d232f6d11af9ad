package io.qsweep.learn;

import static org.assertj.core.api.Assertions.assertThat;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.Step;
import io.qsweep.env.toytext.CliffWalking;
import io.qsweep.env.toytext.MaxBias;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.table.QTable;
import io.qsweep.testing.RecordingEnv;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reproductions of published results (Sutton &amp; Barto, Reinforcement Learning: An Introduction, 2nd ed., 2018).
 * Thresholds were set from measurements of this implementation (noted next to each) with margins; they are far from
 * what the opposite result would give.
 */
class PublishedResultsTest {

  // ---- Example 6.6: cliff walking ------------------------------------------------------------------------------

  private static final AgentConfig CLIFF = AgentConfig.DEFAULTS.withAlpha(0.5).withGamma(1.0).withEpisodes(500)
      .withExploration(ExplorationSpec.epsilonGreedy(0.1));
  private static final int CLIFF_SEEDS = 50;

  /** The deterministic greedy path (lowest-index ties) from the start: steps to the goal or -1, and cliff falls. */
  private record Path(int steps, boolean fell, int topRow) {
    boolean safe() {
      return steps > 0 && !fell;
    }
  }

  private static Path greedyPath(QTable q) {
    int[] pi = q.greedyPolicy();
    CliffWalking env = new CliffWalking(false);
    int s = env.reset(0L);
    boolean fell = false;
    int topRow = s / CliffWalking.COLS;
    for (int t = 1; t <= 200; t++) {
      Step step = env.step(pi[s]);
      fell |= step.reward == -100;
      s = step.state;
      topRow = Math.min(topRow, s / CliffWalking.COLS);
      if (step.terminated) {
        return new Path(t, fell, topRow);
      }
    }
    return new Path(-1, fell, topRow);
  }

  /**
   * Figure 6.4 and its text: Q-learning learns the optimal path along the cliff edge but, exploring with ε = 0.1,
   * falls in now and then, so its online return is worse than SARSA's, which learns a longer, safer path.
   */
  @Test
  void example66CliffWalkingSarsaIsSaferQLearningIsOptimal() {
    double qOnline = 0;
    double sarsaOnline = 0;
    List<QTable> qTables = new ArrayList<>();
    List<QTable> sarsaTables = new ArrayList<>();
    int sarsaSafeLonger = 0;
    for (long seed = 0; seed < CLIFF_SEEDS; seed++) {
      Env env = EnvRegistry.make("cliff_walking");
      TrainResult q = Trainer.train(env, CLIFF, seed);
      TrainResult sarsa = Trainer.train(env, CLIFF.withAlgorithm(Algorithm.SARSA), seed);
      qOnline += q.meanReturn(100, 500) / CLIFF_SEEDS;
      sarsaOnline += sarsa.meanReturn(100, 500) / CLIFF_SEEDS;
      qTables.add(q.q());
      sarsaTables.add(sarsa.q());

      // Q-learning: the optimal 13-step path, return -13, for every seed
      EvalResult greedy = GreedyEvaluator.evaluate(env, q.q(), 1, seed);
      assertThat(greedy.meanReturn()).as("seed %d", seed).isEqualTo(-13.0);
      assertThat(greedyPath(q.q())).isEqualTo(new Path(13, false, 2));

      // SARSA: a path that never falls; measured 42 of 50 seeds reach the goal in 17-19 steps through the top rows,
      // the other 8 greedy policies stop at an action never tried (still worth its initial 0 > every learned value)
      Path p = greedyPath(sarsa.q());
      assertThat(p.fell()).as("seed %d: SARSA's greedy path never steps into the cliff", seed).isFalse();
      if (p.safe() && p.steps() > 13) {
        sarsaSafeLonger++;
      }
    }
    // measured: SARSA -26.5, Q-learning -49.4 (the book's figure: about -25 and -50)
    assertThat(sarsaOnline).isBetween(-32.0, -20.0);
    assertThat(qOnline).isBetween(-60.0, -40.0);
    assertThat(sarsaOnline - qOnline).isGreaterThan(15.0);
    assertThat(sarsaSafeLonger).isGreaterThanOrEqualTo(35);

    // the seed-averaged tables (how a sweep merges a configuration) show the same two paths
    assertThat(greedyPath(QTable.mean(qTables))).isEqualTo(new Path(13, false, 2));
    Path safe = greedyPath(QTable.mean(sarsaTables));
    assertThat(safe.safe()).isTrue();
    assertThat(safe.steps()).isGreaterThan(13); // measured 17: up to the top row, across, down
    assertThat(safe.topRow()).isLessThan(2);
  }

  // ---- Example 6.7: maximization bias --------------------------------------------------------------------------

  private static final AgentConfig MAX_BIAS = AgentConfig.DEFAULTS.withAlpha(0.1).withGamma(1.0).withEpisodes(300)
      .withExploration(ExplorationSpec.epsilonGreedy(0.1));
  private static final int MAX_BIAS_SEEDS = 1000;

  /** Fraction of runs that took LEFT in A, per episode. */
  private static double[] leftFraction(Algorithm alg) {
    double[] f = new double[MAX_BIAS.episodes()];
    for (long seed = 0; seed < MAX_BIAS_SEEDS; seed++) {
      RecordingEnv env = new RecordingEnv(EnvRegistry.make("max_bias", EnvParams.of(Map.of("n_actions", 10))));
      Trainer.train(env, MAX_BIAS.withAlgorithm(alg), seed);
      assertThat(env.episodes()).isEqualTo(f.length);
      for (RecordingEnv.Transition tr : env.transitions()) {
        if (tr.t() == 0) { // every episode starts in A and decides there once
          assertThat(tr.state()).isEqualTo(MaxBias.A);
          if (tr.action() == MaxBias.LEFT) {
            f[tr.episode()] += 1.0 / MAX_BIAS_SEEDS;
          }
        }
      }
    }
    return f;
  }

  private static double mean(double[] f, int from, int to) {
    double s = 0;
    for (int e = from; e < to; e++) {
      s += f[e];
    }
    return s / (to - from);
  }

  private static double peak(double[] f, int window) {
    double best = 0;
    for (int e = 0; e + window <= f.length; e++) {
      best = Math.max(best, mean(f, e, e + window));
    }
    return best;
  }

  /**
   * Figure 6.5: Q-learning's maximization bias makes it prefer LEFT (whose true value is −0.1) early on, Double
   * Q-learning is essentially unaffected.
   *
   * <p>Unlike the book's A, which has two actions, the registered {@code max_bias} environment gives A all
   * {@code n_actions} = 10 actions (one LEFT, nine that end the episode like RIGHT), so ε-greedy explores LEFT with
   * probability ε/10 = 1%, not ε/2 = 5%: that is the floor here. It also slows Q-learning's climb (the book's peak is
   * near episode 10, here near episode 60) but not its height.
   */
  @Test
  void example67DoubleQLearningAvoidsMaximizationBias() {
    double[] q = leftFraction(Algorithm.Q_LEARNING);
    double[] dq = leftFraction(Algorithm.DOUBLE_Q);
    // measured over four disjoint sets of 1000 seeds: Q 0.570-0.584, Double Q 0.111-0.124
    assertThat(mean(q, 0, 100)).isGreaterThan(0.5);
    assertThat(mean(dq, 0, 100)).isLessThan(0.16);
    // measured peaks of the 10-episode mean: Q 0.747-0.762, Double Q 0.143-0.151
    assertThat(peak(q, 10)).isGreaterThan(0.7);
    assertThat(peak(dq, 10)).isLessThan(0.2);
    // late episodes: Double Q near the 1% floor (measured 0.017-0.018), Q-learning still above (0.058-0.068)
    double dqLate = mean(dq, 200, 300);
    assertThat(dqLate).isBetween(0.01, 0.025);
    assertThat(mean(q, 200, 300)).isGreaterThan(2 * dqLate);
    // the first episode is a 10-way tie for both: LEFT 10% of the time
    assertThat(q[0]).isEqualTo(dq[0]).isBetween(0.07, 0.13);
  }
}
