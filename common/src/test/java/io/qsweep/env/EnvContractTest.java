package io.qsweep.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.testing.EnvContract;
import io.qsweep.testing.TinyMdps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The environment contract over every registered environment (default params) and notable variants. */
class EnvContractTest {

  static Stream<Arguments> environments() {
    List<Arguments> cases = new ArrayList<>();
    for (String name : EnvRegistry.names()) {
      cases.add(Arguments.of(name, EnvParams.empty()));
    }
    cases.add(Arguments.of("frozen_lake", EnvParams.of(Map.of("map", "8x8"))));
    cases.add(Arguments.of("frozen_lake", EnvParams.of(Map.of("is_slippery", false))));
    cases.add(Arguments.of("frozen_lake", EnvParams.of(Map.of("map", "SFH/FFF/HFG", "success_rate", 0.5))));
    cases.add(Arguments.of("cliff_walking", EnvParams.of(Map.of("is_slippery", true))));
    cases.add(Arguments.of("max_bias", EnvParams.of(Map.of("n_actions", 3, "std", 0.5))));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("environments")
  void modelIsAProperMdp(String name, EnvParams params) {
    EnvContract.checkModel(EnvRegistry.make(name, params));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("environments")
  void sameSeedSameTrajectory(String name, EnvParams params) {
    EnvContract.checkDeterminism(() -> EnvRegistry.make(name, params), 1234L, 20_000);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("environments")
  void invalidActionsAreRejected(String name, EnvParams params) {
    Env env = EnvRegistry.make(name, params);
    int attempts = EnvContract.checkInvalidActionsRejected(env, 7L, 2_000);
    // only max_bias restricts a state (A: 2 of n_actions); every other environment allows every action everywhere
    if (name.equals("max_bias")) {
      assertThat(env.validActionCounts()).containsExactly(2, env.numActions(), env.numActions());
      assertThat(attempts).isGreaterThan(0);
    } else {
      assertThat(env.validActionCounts()).as("no mask").isNull();
      assertThat(attempts).isZero();
    }
  }

  @Test
  void maskedMdpKeepsTheContract() {
    for (long seed = 0; seed < 5; seed++) {
      Env env = new TimeLimit(TinyMdps.random(7, 4, seed, true), 50);
      long s = seed;
      EnvContract.checkModel(env);
      EnvContract.checkDeterminism(() -> new TimeLimit(TinyMdps.random(7, 4, s, true), 50), 11L, 5_000);
      assertThat(EnvContract.checkStepMatchesModel(env, 3L, 200_000, 200)).isGreaterThan(5);
      assertThat(EnvContract.checkInvalidActionsRejected(env, 5L, 500)).isGreaterThan(0);
    }
  }

  @Test
  void builderChecksActionSets() {
    assertThatThrownBy(() -> TransitionModel.builder(2, 3).validActions(0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("valid actions of state 0: 0")
        .hasMessageContaining("[1, 3]");
    assertThatThrownBy(() -> TransitionModel.builder(2, 3).validActions(0, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 is outside [1, 3]");
    // an invalid action must not have outcomes; a valid one must
    TransitionModel.Builder b = TransitionModel.builder(2, 3).validActions(0, 2).initial(0, 1.0);
    for (int a = 0; a < 3; a++) {
      b.outcome(0, a, 1.0, 1, 0.0, true);
      b.outcome(1, a, 1.0, 1, 0.0, true);
    }
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(state 0, action 2) has outcomes but state 0 allows only actions [0, 1]");
    TransitionModel.Builder c = TransitionModel.builder(2, 3).validActions(0, 2).initial(0, 1.0);
    c.outcome(0, 0, 1.0, 1, 0.0, true);
    for (int a = 0; a < 3; a++) {
      c.outcome(1, a, 1.0, 1, 0.0, true);
    }
    assertThatThrownBy(c::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(state 0, action 1) has no outcome");
    // declaring every action valid is no mask at all
    TransitionModel.Builder d = TransitionModel.builder(1, 2).validActions(0, 2).initial(0, 1.0);
    d.outcome(0, 0, 1.0, 0, 0.0, true).outcome(0, 1, 1.0, 0, 0.0, true);
    assertThat(d.build().validActionCounts()).isNull();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("environments")
  void stepAgreesWithModel(String name, EnvParams params) {
    int checked = EnvContract.checkStepMatchesModel(EnvRegistry.make(name, params), 99L, 400_000, 200);
    assertThat(checked).as("state-action pairs with enough visits").isGreaterThan(0);
  }
}
