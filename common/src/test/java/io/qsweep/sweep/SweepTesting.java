package io.qsweep.sweep;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

/** Helpers for the sweep tests. */
final class SweepTesting {
  /** A valid minimal sweep on the test chain; tests append sections to it. */
  static final String BASE = "name: t\nseed: 7\nenv: {name: test_chain}\nreplicas: 2\n";

  private SweepTesting() {
  }

  /** Parses against the registry plus the test environments of {@link TestEnvs}. */
  static SweepSpec parse(String yaml) {
    return SweepSpec.parse(yaml, "test.yaml", TestEnvs.CATALOG);
  }

  /** The problems of an invalid sweep (fails if it is valid). */
  static List<String> problems(String yaml) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(SweepValidationException.class);
    return catchThrowableOfType(SweepValidationException.class, () -> parse(yaml)).problems();
  }
}
