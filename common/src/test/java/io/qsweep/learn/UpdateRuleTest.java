package io.qsweep.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.qsweep.env.Env;
import io.qsweep.env.TimeLimit;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.explore.Schedule;
import io.qsweep.table.QTable;
import io.qsweep.testing.RecordingEnv;
import io.qsweep.testing.RecordingEnv.Transition;
import io.qsweep.testing.TinyMdps;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The update rules, checked against values worked out by hand and against independent re-computations of the
 * textbook rules on the exact experience a run saw (recorded by {@link RecordingEnv}).
 */
class UpdateRuleTest {
  private static final AgentConfig BASE = AgentConfig.DEFAULTS.withAlpha(0.5).withGamma(0.9).withInitialQ(5.0)
      .withEpisodes(1);

  /** The reported Q after one update of a table that started at 5: Double Q changes one of two tables. */
  private static double reported(Algorithm alg, double updated) {
    return alg == Algorithm.DOUBLE_Q ? (updated + 5.0) / 2 : updated;
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void terminalTransitionsDoNotBootstrap(Algorithm alg) {
    TrainResult r = Trainer.train(TinyMdps.oneStep(2.0, true), BASE.withAlgorithm(alg), 1L);
    // 5 + 0.5 * (2 - 5); bootstrapping would give 5 + 0.5 * (2 + 0.9 * 5 - 5) = 5.75
    assertThat(r.q().get(0, 0)).isEqualTo(reported(alg, 3.5));
    assertThat(r.q().get(1, 0)).as("never updated").isEqualTo(5.0);
    assertThat(r.episodeLengths()).containsExactly(1);
    assertThat(r.episodeReturns()).containsExactly(2.0);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void truncatedTransitionsBootstrap(Algorithm alg) {
    Env env = new TimeLimit(TinyMdps.oneStep(2.0, false), 1);
    TrainResult r = Trainer.train(env, BASE.withAlgorithm(alg), 1L);
    assertThat(r.q().get(0, 0)).isEqualTo(reported(alg, 5.75));
    assertThat(r.episodeLengths()).containsExactly(1);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void episodesWithoutATimeLimitAreCutAtTheStepCapAndBootstrap(Algorithm alg) {
    Env env = TinyMdps.oneStep(2.0, false); // state 1 loops forever, no time limit
    assertThat(env.maxEpisodeSteps()).isZero();
    TrainResult r = Trainer.train(env, BASE.withAlgorithm(alg).withEpisodes(2), 1L);
    assertThat(r.episodeLengths()).containsExactly(Trainer.STEP_CAP, Trainer.STEP_CAP);
    assertThat(r.totalSteps()).isEqualTo(2L * Trainer.STEP_CAP);
    assertThat(r.episodeReturns()).containsExactly(2.0, 2.0);
  }

  // ---- replays of the textbook rules on recorded experience ----------------------------------------------------

  private static final AgentConfig REPLAY = AgentConfig.DEFAULTS.withAlpha(0.3).withGamma(0.9).withInitialQ(0.5)
      .withEpisodes(300).withExploration(ExplorationSpec.epsilonGreedy(0.3));

  private static double max(double[] q, int s, int n) {
    double m = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < n; a++) {
      m = Math.max(m, q[s * n + a]);
    }
    return m;
  }

  /** α for the k-th update (k from 1) of a pair. */
  private static double alpha(AgentConfig cfg, int k) {
    return cfg.learningRate() instanceof LearningRate.VisitDecay vd ? cfg.alpha() / Math.pow(k, vd.omega())
        : cfg.alpha();
  }

  private static void assertSameTable(QTable actual, double[] expected) {
    assertThat(actual.values()).containsExactly(expected, within(1e-12));
  }

  private static RecordingEnv randomMdp() {
    return new RecordingEnv(TinyMdps.random(7, 3, 11L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"constant", "visit:1", "visit:0.5", "visit:0.8"})
  void qLearningIsWatkinsRuleOnTheRecordedExperience(String lr) {
    AgentConfig cfg = REPLAY.withLearningRate(LearningRate.parse(lr));
    RecordingEnv env = randomMdp();
    TrainResult r = QLearning.train(env, cfg, 3L, null);
    int n = env.numActions();
    double[] q = new double[env.numStates() * n];
    java.util.Arrays.fill(q, cfg.initialQ());
    int[] visits = new int[q.length];
    for (Transition t : env.transitions()) {
      int sa = t.state() * n + t.action();
      double target = t.reward() + (t.terminated() ? 0 : cfg.gamma() * max(q, t.next(), n));
      q[sa] += alpha(cfg, ++visits[sa]) * (target - q[sa]);
    }
    assertThat(env.transitions()).hasSizeGreaterThan(1000);
    assertSameTable(r.q(), q);
  }

  @Test
  void sarsaBootstrapsFromTheNextActionActuallyTaken() {
    RecordingEnv env = randomMdp();
    TrainResult r = Sarsa.train(env, REPLAY.withAlgorithm(Algorithm.SARSA), 3L, null);
    List<Transition> ts = env.transitions();
    int n = env.numActions();
    double[] q = new double[env.numStates() * n];
    java.util.Arrays.fill(q, REPLAY.initialQ());
    for (int i = 0; i < ts.size(); i++) {
      Transition t = ts.get(i);
      double target = t.reward();
      if (!t.terminated()) {
        Transition next = ts.get(i + 1); // no time limit here, so a non-terminal step always has a successor
        assertThat(next.episode()).isEqualTo(t.episode());
        target += REPLAY.gamma() * q[t.next() * n + next.action()];
      }
      int sa = t.state() * n + t.action();
      q[sa] += REPLAY.alpha() * (target - q[sa]);
    }
    assertSameTable(r.q(), q);
  }

  @Test
  void expectedSarsaUsesTheBehaviourDistributionAtTheEpisodesEpsilon() {
    Schedule eps = Schedule.linear(1.0, 0.05, 150);
    AgentConfig cfg = REPLAY.withAlgorithm(Algorithm.EXPECTED_SARSA)
        .withExploration(new ExplorationSpec.EpsilonGreedy(eps));
    RecordingEnv env = randomMdp();
    TrainResult r = ExpectedSarsa.train(env, cfg, 3L, null);
    int n = env.numActions();
    double[] q = new double[env.numStates() * n];
    java.util.Arrays.fill(q, cfg.initialQ());
    for (Transition t : env.transitions()) {
      double e = eps.value(t.episode());
      double target = t.reward();
      if (!t.terminated()) {
        double mean = 0;
        for (int b = 0; b < n; b++) {
          mean += q[t.next() * n + b] / n;
        }
        target += cfg.gamma() * (e * mean + (1 - e) * max(q, t.next(), n));
      }
      int sa = t.state() * n + t.action();
      q[sa] += cfg.alpha() * (target - q[sa]);
    }
    assertSameTable(r.q(), q);
  }

  @Test
  void expectedSarsaUsesTheSoftmaxDistribution() {
    AgentConfig cfg = REPLAY.withAlgorithm(Algorithm.EXPECTED_SARSA)
        .withExploration(new ExplorationSpec.Softmax(Schedule.exponential(2.0, 0.2, 0.98)));
    Schedule tau = ((ExplorationSpec.Softmax) cfg.exploration()).temperature();
    // a time limit: as τ falls the policy can settle in a rewarding cycle; truncated steps bootstrap like any other
    RecordingEnv env = new RecordingEnv(new TimeLimit(TinyMdps.random(7, 3, 11L), 200));
    TrainResult r = ExpectedSarsa.train(env, cfg, 4L, null);
    int n = env.numActions();
    double[] q = new double[env.numStates() * n];
    java.util.Arrays.fill(q, cfg.initialQ());
    for (Transition t : env.transitions()) {
      double target = t.reward();
      if (!t.terminated()) {
        double z = 0;
        double num = 0;
        for (int b = 0; b < n; b++) {
          double w = Math.exp(q[t.next() * n + b] / tau.value(t.episode()));
          z += w;
          num += w * q[t.next() * n + b];
        }
        target += cfg.gamma() * num / z;
      }
      int sa = t.state() * n + t.action();
      q[sa] += cfg.alpha() * (target - q[sa]);
    }
    assertSameTable(r.q(), q);
  }

  // ---- how the targets differ ------------------------------------------------------------------------------------

  /**
   * State 1 has deterministic action values [1, -1]; state 0 leads to it. With ε = 0.2 the behaviour policy takes
   * the better action with probability 0.9, so Q(0, ·) converges to max = 1 for Q-learning, to the expectation
   * 0.9·1 − 0.1·1 = 0.8 for Expected SARSA (exactly, no sampling noise) and for SARSA on average (its target samples
   * the next action). SARSA uses sample-mean step sizes (α = 1, visit:1): with a constant α the entry of state 0 that
   * is greedy less often is refreshed less often, which biases the per-entry estimates.
   */
  @Test
  void qLearningSarsaAndExpectedSarsaTargetsDiffer() {
    AgentConfig cfg = AgentConfig.DEFAULTS.withAlpha(0.05).withGamma(1.0).withEpisodes(3000)
        .withExploration(ExplorationSpec.epsilonGreedy(0.2));
    double ql = Trainer.train(TinyMdps.twoStep(0, 1, -1), cfg, 5L).q().maxValue(0);
    double es = Trainer.train(TinyMdps.twoStep(0, 1, -1), cfg.withAlgorithm(Algorithm.EXPECTED_SARSA), 5L).q()
        .maxValue(0);
    double sarsaMean = 0;
    for (long seed = 0; seed < 20; seed++) {
      QTable q = Trainer.train(TinyMdps.twoStep(0, 1, -1), cfg.withAlgorithm(Algorithm.SARSA).withAlpha(1.0)
          .withLearningRate(new LearningRate.VisitDecay(1.0)), seed).q();
      assertThat(q.get(0, 0)).isBetween(0.65, 0.95);
      assertThat(q.get(0, 1)).isBetween(0.65, 0.95);
      sarsaMean += (q.get(0, 0) + q.get(0, 1)) / 2 / 20;
    }
    assertThat(ql).isCloseTo(1.0, within(1e-6));
    assertThat(es).isCloseTo(0.8, within(1e-6));
    assertThat(sarsaMean).isCloseTo(0.8, within(0.02));
  }

  // ---- Double Q-learning ---------------------------------------------------------------------------------------

  @Test
  void doubleQUpdatesOneOfTwoTablesPerStep() {
    // one state-action pair with reward 1: after n updates a table holds 1 - 0.5^n
    AgentConfig cfg = AgentConfig.DEFAULTS.withAlgorithm(Algorithm.DOUBLE_Q).withAlpha(0.5).withEpisodes(20);
    TrainResult r = Trainer.train(TinyMdps.oneStep(1.0, true), cfg, 9L);
    assertThat(r.tables()).hasSize(2);
    double q1 = r.tables().get(0).get(0, 0);
    double q2 = r.tables().get(1).get(0, 0);
    long n1 = Math.round(Math.log(1 - q1) / Math.log(0.5));
    long n2 = Math.round(Math.log(1 - q2) / Math.log(0.5));
    assertThat(q1).isEqualTo(1 - Math.pow(0.5, n1));
    assertThat(q2).isEqualTo(1 - Math.pow(0.5, n2));
    assertThat(n1 + n2).isEqualTo(20);
    assertThat(n1).isBetween(3L, 17L);
    assertThat(r.q().get(0, 0)).isEqualTo((q1 + q2) / 2);
    TrainResult one = Trainer.train(TinyMdps.oneStep(1.0, true), cfg.withEpisodes(1), 9L);
    assertThat(one.q().get(0, 0)).isEqualTo(0.25);
  }

  /**
   * Runs of {@code k} episodes are prefixes of a longer run with the same seed, which gives Q1 and Q2 after every
   * episode. Each episode (0 → 1 → end) must then change exactly one table at (0, a0), with the target
   * γ·Q_other(1, argmax Q_this(1, ·)) — the cross-evaluation — and exactly one table at (1, a1) with target r.
   */
  @Test
  void doubleQEvaluatesEachTablesArgmaxWithTheOtherTable() {
    AgentConfig cfg = AgentConfig.DEFAULTS.withAlgorithm(Algorithm.DOUBLE_Q).withAlpha(0.5).withGamma(0.9)
        .withExploration(ExplorationSpec.epsilonGreedy(0.5)).withInitialQ(0.3); // so no update leaves a value as is
    int episodes = 60;
    RecordingEnv env = new RecordingEnv(TinyMdps.twoStep(1.0, 0.2, -0.3, 0.1));
    Trainer.train(env, cfg.withEpisodes(episodes), 21L);
    double[][] q1 = new double[episodes + 1][];
    double[][] q2 = new double[episodes + 1][];
    q1[0] = new double[9];
    q2[0] = new double[9];
    java.util.Arrays.fill(q1[0], 0.3);
    java.util.Arrays.fill(q2[0], 0.3);
    for (int k = 1; k <= episodes; k++) {
      TrainResult r = Trainer.train(TinyMdps.twoStep(1.0, 0.2, -0.3, 0.1), cfg.withEpisodes(k), 21L);
      q1[k] = r.tables().get(0).values();
      q2[k] = r.tables().get(1).values();
      for (int i = 0; i < 9; i++) {
        assertThat(r.q().values()[i]).isEqualTo(0.5 * (q1[k][i] + q2[k][i]));
      }
    }
    int firstTable = 0;
    for (int e = 0; e < episodes; e++) {
      List<Transition> ts = env.episode(e);
      assertThat(ts).hasSize(2);
      int sa0 = ts.get(0).action();
      int sa1 = 3 + ts.get(1).action();
      double r = ts.get(1).reward();
      Set<Integer> changed = new HashSet<>();
      for (int i = 0; i < 9; i++) {
        if (q1[e + 1][i] != q1[e][i]) {
          changed.add(i);
        }
        if (q2[e + 1][i] != q2[e][i]) {
          changed.add(100 + i);
        }
      }
      assertThat(changed).as("episode %d changes one table per step", e).hasSize(2);
      boolean firstInQ1 = changed.contains(sa0);
      double[] self = firstInQ1 ? q1[e] : q2[e];
      double[] other = firstInQ1 ? q2[e] : q1[e];
      double[] after = firstInQ1 ? q1[e + 1] : q2[e + 1];
      // any argmax of this table's row 1 (ties are broken at random)
      boolean matched = false;
      double best = max(self, 1, 3);
      for (int b = 0; b < 3; b++) {
        if (self[3 + b] == best) {
          double expect = self[sa0] + 0.5 * (0.9 * other[3 + b] - self[sa0]);
          matched |= Math.abs(after[sa0] - expect) < 1e-12;
        }
      }
      assertThat(matched).as("episode %d: cross-evaluated target at (0, %d)", e, sa0).isTrue();
      boolean secondInQ1 = changed.contains(sa1);
      assertThat(changed).contains(secondInQ1 ? sa1 : 100 + sa1);
      double[] before2 = secondInQ1 ? q1[e] : q2[e];
      double[] after2 = secondInQ1 ? q1[e + 1] : q2[e + 1];
      assertThat(after2[sa1]).isCloseTo(before2[sa1] + 0.5 * (r - before2[sa1]), within(1e-12));
      firstTable += (firstInQ1 ? 1 : 0) + (secondInQ1 ? 1 : 0);
    }
    assertThat(firstTable).as("the coin picks Q1 about half the time").isBetween(40, 80);
  }

  // ---- step sizes and initial values ---------------------------------------------------------------------------

  @Test
  void visitDecayWithOmegaOneAndAlphaOneIsTheSampleMean() {
    AgentConfig cfg = AgentConfig.DEFAULTS.withAlpha(1.0).withLearningRate(new LearningRate.VisitDecay(1.0))
        .withEpisodes(200).withExploration(ExplorationSpec.epsilonGreedy(1.0)).withInitialQ(42);
    RecordingEnv env = new RecordingEnv(TinyMdps.twoStep(1.0, 0.5, -0.5));
    QTable q = Trainer.train(env, cfg, 6L).q();
    for (int a = 0; a < 2; a++) {
      final int action = a;
      double[] rewards = env.transitions().stream().filter(t -> t.state() == 1 && t.action() == action)
          .mapToDouble(Transition::reward).toArray();
      assertThat(rewards).hasSizeGreaterThan(50);
      assertThat(q.get(1, a)).isCloseTo(java.util.Arrays.stream(rewards).average().orElseThrow(), within(1e-12));
    }
  }

  @Test
  void stepSizeCountsUpdatesIncludingTheCurrentOne() {
    AgentConfig cfg = AgentConfig.DEFAULTS.withAlpha(0.8).withLearningRate(new LearningRate.VisitDecay(0.7));
    StepSize s = StepSize.of(cfg, 3);
    assertThat(s.next(1)).isEqualTo(0.8);
    assertThat(s.next(1)).isCloseTo(0.8 / Math.pow(2, 0.7), within(1e-15));
    assertThat(s.next(2)).isEqualTo(0.8);
    for (int k = 3; k <= StepSize.TABLE_SIZE + 5; k++) {
      assertThat(s.next(1)).isCloseTo(0.8 / Math.pow(k, 0.7), within(1e-15));
    }
    assertThat(s.count(1)).isEqualTo(StepSize.TABLE_SIZE + 5);
    StepSize constant = StepSize.of(AgentConfig.DEFAULTS.withAlpha(0.3), 3);
    assertThat(constant.next(0)).isEqualTo(0.3);
    assertThat(constant.count(0)).isZero();
  }

  @Test
  void optimisticInitialValuesDriveGreedyExploration() {
    AgentConfig greedy = AgentConfig.DEFAULTS.withAlpha(0.5).withEpisodes(60)
        .withExploration(ExplorationSpec.epsilonGreedy(0.0));
    RecordingEnv optimistic = new RecordingEnv(TinyMdps.bandit(1, 0.5, 0.5, 0.5));
    QTable q = Trainer.train(optimistic, greedy.withInitialQ(10), 2L).q();
    Set<Integer> firstFour = new HashSet<>();
    for (int e = 0; e < 4; e++) {
      firstFour.add(optimistic.episode(e).get(0).action());
    }
    assertThat(firstFour).as("every action tried once before any repeats").containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(q.greedyPolicy()[0]).isZero();
    assertThat(q.get(1, 0)).as("the terminal state's row keeps its initial value").isEqualTo(10);

    RecordingEnv realistic = new RecordingEnv(TinyMdps.bandit(1, 0.5, 0.5, 0.5));
    Trainer.train(realistic, greedy.withInitialQ(0), 2L);
    Set<Integer> tried = new HashSet<>();
    realistic.transitions().forEach(t -> tried.add(t.action()));
    assertThat(tried).as("zero init: the first action tried stays greedy forever").hasSize(1);
  }
}
