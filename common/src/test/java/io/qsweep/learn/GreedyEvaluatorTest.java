package io.qsweep.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.toytext.CliffWalking;
import io.qsweep.table.QTable;
import io.qsweep.testing.RecordingEnv;
import io.qsweep.testing.TinyMdps;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GreedyEvaluatorTest {

  /** A Q-table whose greedy policy walks UP from the start, RIGHT along row 2, DOWN into the goal. */
  private static QTable optimalCliffTable() {
    QTable q = new QTable(48, 4);
    for (int s = 0; s < 48; s++) {
      int row = s / 12;
      int col = s % 12;
      int best = row == 3 ? CliffWalking.UP : col == 11 ? CliffWalking.DOWN : row == 2 ? CliffWalking.RIGHT
          : CliffWalking.DOWN;
      q.set(s, best, 1.0);
    }
    return q;
  }

  @Test
  void evaluatesTheGreedyPathExactly() {
    EvalResult ev = GreedyEvaluator.evaluate(EnvRegistry.make("cliff_walking"), optimalCliffTable(), 5, 1L);
    assertThat(ev.meanReturn()).isEqualTo(-13.0);
    assertThat(ev.stdReturn()).isZero();
    assertThat(ev.meanLength()).isEqualTo(13.0);
    assertThat(ev.successRate()).isEqualTo(1.0);
  }

  @Test
  void episodesThatNeverEndAreCutAndFail() {
    QTable q = new QTable(48, 4);
    for (int s = 0; s < 48; s++) {
      q.set(s, CliffWalking.LEFT, 1.0); // the start is in column 0: LEFT stays put forever
    }
    EvalResult ev = GreedyEvaluator.evaluate(EnvRegistry.make("cliff_walking"), q, 2, 1L);
    assertThat(ev.meanLength()).isEqualTo(Trainer.STEP_CAP);
    assertThat(ev.meanReturn()).isEqualTo(-Trainer.STEP_CAP);
    assertThat(ev.successRate()).isZero();
  }

  @Test
  void tiesAreBrokenAtRandomWithTheSeed() {
    // all-zero table on a 3-armed bandit: each arm about a third of the time, reproducibly
    Env bandit = TinyMdps.bandit(0, 3, 6);
    QTable zeros = new QTable(2, 3);
    EvalResult a = GreedyEvaluator.evaluate(bandit, zeros, 30_000, 8L);
    EvalResult b = GreedyEvaluator.evaluate(bandit, zeros, 30_000, 8L);
    assertThat(a).isEqualTo(b);
    assertThat(a.meanReturn()).isCloseTo(3.0, within(0.06));
    assertThat(a.stdReturn()).isCloseTo(Math.sqrt(6.0), within(0.05)); // population std of {0, 3, 6}
    assertThat(a.successRate()).isNaN();
    RecordingEnv rec = new RecordingEnv(bandit);
    GreedyEvaluator.evaluate(rec, zeros, 300, 9L);
    assertThat(rec.transitions().stream().map(RecordingEnv.Transition::action).distinct()).hasSize(3);
  }

  @Test
  void successRateCountsGoals() {
    // FrozenLake 4x4, not slippery: the greedy path of this table reaches the goal every time
    Env lake = EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("is_slippery", false)));
    QTable q = new QTable(16, 4);
    int[] path = {1, 2, 1, 0, 1, 0, 1, 0, 2, 1, 1, 0, 0, 2, 2, 0}; // DOWN=1, RIGHT=2
    for (int s = 0; s < 16; s++) {
      q.set(s, path[s], 1.0);
    }
    EvalResult ev = GreedyEvaluator.evaluate(lake, q, 3, 1L);
    assertThat(ev.successRate()).isEqualTo(1.0);
    assertThat(ev.meanReturn()).isEqualTo(1.0);
    assertThat(ev.meanLength()).isEqualTo(6.0);
  }

  @Test
  void invalidArgumentsAreNamed() {
    Env env = EnvRegistry.make("cliff_walking");
    assertThatThrownBy(() -> GreedyEvaluator.evaluate(env, new QTable(48, 4), 0, 1L))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("episodes: 0 must be >= 1");
    assertThatThrownBy(() -> GreedyEvaluator.evaluate(env, new QTable(16, 4), 1, 1L))
        .hasMessage("q: table is 16x4 but env 'cliff_walking' has 48 states and 4 actions");
    assertThatThrownBy(() -> GreedyEvaluator.evaluate(null, new QTable(16, 4), 1, 1L))
        .hasMessage("env: must be given");
  }
}
