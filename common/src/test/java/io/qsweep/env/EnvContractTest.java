package io.qsweep.env;

import static org.assertj.core.api.Assertions.assertThat;

import io.qsweep.testing.EnvContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
  void stepAgreesWithModel(String name, EnvParams params) {
    int checked = EnvContract.checkStepMatchesModel(EnvRegistry.make(name, params), 99L, 400_000, 200);
    assertThat(checked).as("state-action pairs with enough visits").isGreaterThan(0);
  }
}
