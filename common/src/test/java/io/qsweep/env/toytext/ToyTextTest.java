package io.qsweep.env.toytext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.Step;
import io.qsweep.env.TimeLimit;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToyTextTest {

  @Test
  void cliffSendsBackToStartWithoutEnding() {
    Env env = EnvRegistry.make("cliff_walking");
    assertThat(env.maxEpisodeSteps()).isZero();
    assertThat(env.reset(1)).isEqualTo(CliffWalking.START);
    Step s = env.step(CliffWalking.RIGHT);
    assertThat(s.state).isEqualTo(CliffWalking.START);
    assertThat(s.reward).isEqualTo(-100);
    assertThat(s.terminated).isFalse();
  }

  @Test
  void cliffOptimalPathIsThirteenSteps() {
    Env env = EnvRegistry.make("cliff_walking");
    env.reset(1);
    double ret = env.step(CliffWalking.UP).reward;
    for (int i = 0; i < 11; i++) {
      ret += env.step(CliffWalking.RIGHT).reward;
    }
    Step last = env.step(CliffWalking.DOWN);
    ret += last.reward;
    assertThat(last.state).isEqualTo(CliffWalking.GOAL);
    assertThat(last.terminated).isTrue();
    assertThat(env.reachedGoal(last)).isTrue();
    assertThat(ret).isEqualTo(-13);
  }

  @Test
  void frozenLakeDeterministicWalkReachesGoal() {
    Env env = EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("is_slippery", false)));
    assertThat(env.maxEpisodeSteps()).isEqualTo(100);
    env.reset(3);
    int[] path = {FrozenLake.DOWN, FrozenLake.DOWN, FrozenLake.RIGHT, FrozenLake.RIGHT, FrozenLake.DOWN};
    for (int a : path) {
      Step s = env.step(a);
      assertThat(s.terminated).isFalse();
      assertThat(s.reward).isZero();
    }
    Step last = env.step(FrozenLake.RIGHT);
    assertThat(last.state).isEqualTo(15);
    assertThat(last.reward).isEqualTo(1.0);
    assertThat(last.terminated).isTrue();
    assertThat(env.reachedGoal(last)).isTrue();
  }

  @Test
  void frozenLakeHoleEndsWithoutReward() {
    Env env = EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("is_slippery", false)));
    env.reset(3);
    env.step(FrozenLake.DOWN);
    Step s = env.step(FrozenLake.RIGHT); // (1,1) is a hole
    assertThat(s.state).isEqualTo(5);
    assertThat(s.terminated).isTrue();
    assertThat(s.reward).isZero();
    assertThat(env.reachedGoal(s)).isFalse();
  }

  @Test
  void frozenLakeTimeLimitsMatchGymnasium() {
    assertThat(EnvRegistry.make("frozen_lake").maxEpisodeSteps()).isEqualTo(100);
    assertThat(EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("map", "8x8"))).maxEpisodeSteps()).isEqualTo(200);
    assertThat(EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("max_episode_steps", 7))).maxEpisodeSteps())
        .isEqualTo(7);
    assertThat(EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("max_episode_steps", 0))))
        .isNotInstanceOf(TimeLimit.class);
  }

  @Test
  void timeLimitTruncatesAtTheLimit() {
    Env env = EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("is_slippery", false, "max_episode_steps", 3)));
    env.reset(5);
    assertThat(env.step(FrozenLake.LEFT).truncated).isFalse();
    assertThat(env.step(FrozenLake.LEFT).truncated).isFalse();
    Step s = env.step(FrozenLake.LEFT);
    assertThat(s.truncated).isTrue();
    assertThat(s.terminated).isFalse();
    env.reset();
    assertThat(env.step(FrozenLake.LEFT).truncated).isFalse();
  }

  @Test
  void taxiWallsBlockEastWestMoves() {
    Env env = EnvRegistry.make("taxi");
    // (0,1) has a wall on its east side, (0,2) on its west side
    env.reset(1);
    Taxi taxiModel = (Taxi) ((TimeLimit) env).inner();
    int s = Taxi.encode(0, 1, 2, 3);
    int k = taxiModel.model().begin(s, Taxi.EAST);
    assertThat(taxiModel.model().next(k)).isEqualTo(s);
    k = taxiModel.model().begin(Taxi.encode(0, 2, 2, 3), Taxi.WEST);
    assertThat(taxiModel.model().next(k)).isEqualTo(Taxi.encode(0, 2, 2, 3));
    k = taxiModel.model().begin(Taxi.encode(2, 1, 2, 3), Taxi.EAST);
    assertThat(taxiModel.model().next(k)).isEqualTo(Taxi.encode(2, 2, 2, 3));
  }

  @Test
  void taxiRewardsAndStartDistribution() {
    Taxi taxi = new Taxi();
    int starts = 0;
    for (int s = 0; s < 500; s++) {
      if (taxi.model().initialProb(s) > 0) {
        int[] d = Taxi.decode(s);
        assertThat(d[2]).isLessThan(4).isNotEqualTo(d[3]);
        assertThat(Taxi.encode(d[0], d[1], d[2], d[3])).isEqualTo(s);
        starts++;
      }
    }
    assertThat(starts).isEqualTo(300);
    var m = taxi.model();
    int atR = Taxi.encode(0, 0, 0, 1); // passenger waiting at R, destination G, taxi at R
    assertThat(m.reward(m.begin(atR, Taxi.PICKUP))).isEqualTo(-1);
    assertThat(m.next(m.begin(atR, Taxi.PICKUP))).isEqualTo(Taxi.encode(0, 0, Taxi.IN_TAXI, 1));
    assertThat(m.reward(m.begin(atR, Taxi.DROPOFF))).isEqualTo(-10);
    int carryingAtG = Taxi.encode(0, 4, Taxi.IN_TAXI, 1);
    assertThat(m.reward(m.begin(carryingAtG, Taxi.DROPOFF))).isEqualTo(20);
    assertThat(m.terminal(m.begin(carryingAtG, Taxi.DROPOFF))).isTrue();
    int carryingAtY = Taxi.encode(4, 0, Taxi.IN_TAXI, 1); // drop at another location: passenger waits there
    assertThat(m.reward(m.begin(carryingAtY, Taxi.DROPOFF))).isEqualTo(-1);
    assertThat(m.next(m.begin(carryingAtY, Taxi.DROPOFF))).isEqualTo(Taxi.encode(4, 0, 2, 1));
    int carryingMidGrid = Taxi.encode(2, 2, Taxi.IN_TAXI, 1);
    assertThat(m.reward(m.begin(carryingMidGrid, Taxi.DROPOFF))).isEqualTo(-10);
    assertThat(m.reward(m.begin(carryingMidGrid, Taxi.PICKUP))).isEqualTo(-10);
  }

  @Test
  void maxBiasLeftLeadsToNoisyB() {
    Env env = EnvRegistry.make("max_bias");
    assertThat(env.numActions()).isEqualTo(10);
    env.reset(7);
    Step s = env.step(MaxBias.LEFT);
    assertThat(s.state).isEqualTo(MaxBias.B);
    assertThat(s.terminated).isFalse();
    s = env.step(4);
    assertThat(s.terminated).isTrue();
    assertThat(env.model().expectedReward(MaxBias.B, 4)).isEqualTo(-0.1);
    assertThat(env.reset()).isEqualTo(MaxBias.A);
    assertThat(env.step(MaxBias.RIGHT).terminated).isTrue();
  }

  @Test
  void policyRendering() {
    Env env = EnvRegistry.make("frozen_lake");
    int[] pi = new int[16];
    java.util.Arrays.fill(pi, FrozenLake.RIGHT);
    assertThat(env.renderPolicy(pi)).isEqualTo("→ → → →\n→ H → H\n→ → → H\nH → → G\n");
    assertThat(EnvRegistry.make("cliff_walking").renderPolicy(new int[48])).endsWith("↑ C C C C C C C C C C G\n");
  }

  @Test
  void badParamsNameTheParameter() {
    assertThatThrownBy(() -> EnvRegistry.make("frozen"))
        .hasMessageContaining("unknown env 'frozen'").hasMessageContaining("frozen_lake");
    assertThatThrownBy(() -> EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("slippery", true))))
        .hasMessageContaining("unknown env param 'slippery'").hasMessageContaining("is_slippery");
    assertThatThrownBy(() -> EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("is_slippery", "yes"))))
        .hasMessage("env param 'is_slippery': 'yes' is not one of true, false");
    assertThatThrownBy(() -> EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("map", "SFX/FFG"))))
        .hasMessageContaining("env param 'map'").hasMessageContaining("'X'");
    assertThatThrownBy(() -> EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("map", "FFF/FFG"))))
        .hasMessageContaining("no start cell");
    assertThatThrownBy(() -> EnvRegistry.make("max_bias", EnvParams.of(Map.of("n_actions", 1))))
        .hasMessage("env param 'n_actions': 1 is outside [2, 1000000]");
    assertThatThrownBy(() -> EnvRegistry.make("taxi", EnvParams.of(Map.of("max_episode_steps", -1))))
        .hasMessageContaining("max_episode_steps");
    assertThatThrownBy(() -> EnvParams.parse(java.util.List.of("map")))
        .hasMessageContaining("key=value");
  }
}
