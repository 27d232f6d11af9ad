package io.qsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qsweep.env.EnvRegistry;
import io.qsweep.testing.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sweep under {@code conf/sweeps/} validates. A file whose environment is not registered yet (the music envs
 * while they are being written) must have no problem but that one: everything else in it is checked all the same.
 */
class ConfSweepsTest {
  /** The documented run count of each shipped sweep (conf/sweeps/README.md and the files' comments). */
  private static final Map<String, Integer> RUNS = Map.of(
      "quickstart.yaml", 60,
      "e2e.yaml", 80,
      "bench-10k.yaml", 10_000,
      "bench-100k.yaml", 100_000,
      "bench-taxi-1k.yaml", 1_000,
      "music-exploration.yaml", 2_400,
      "music-designs-small.yaml", 60);

  static Path root() {
    return ProjectPaths.root();
  }

  static Stream<Path> sweeps() throws IOException {
    try (Stream<Path> files = Files.list(root().resolve("conf").resolve("sweeps"))) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()
          .stream();
    }
  }

  @Test
  void theDocumentedSweepsAreThere() throws IOException {
    assertThat(sweeps().map(p -> p.getFileName().toString())).containsAll(RUNS.keySet());
  }

  @ParameterizedTest
  @MethodSource("sweeps")
  void validates(Path file) throws IOException {
    JsonNode tree = new YAMLMapper().readTree(file.toFile());
    String env = tree.path("env").path("name").asText();
    if (EnvRegistry.names().contains(env)) {
      SweepSpec s = SweepSpec.load(file);
      assertThat(s.numRuns()).isLessThanOrEqualTo((int) s.maxRuns());
      if (RUNS.containsKey(file.getFileName().toString())) {
        assertThat(s.numRuns()).isEqualTo(RUNS.get(file.getFileName().toString()));
      }
      assertThat(s.summary()).contains("runs: ");
    } else {
      SweepValidationException e = catchThrowableOfType(SweepValidationException.class, () -> SweepSpec.load(file));
      assertThat(e).as("%s should be valid apart from its unregistered env %s", file, env).isNotNull();
      assertThat(e.problems()).hasSize(1).first().asString().startsWith("env.name: '" + env + "' is not one of");
    }
  }

  /** Recounts the runs from the YAML tree itself (grid product × replicas), independently of the parser. */
  @ParameterizedTest
  @MethodSource("sweeps")
  void sizesMatchTheDocumentation(Path file) throws IOException {
    Integer expected = RUNS.get(file.getFileName().toString());
    if (expected == null) {
      return; // an extra sweep someone added: validates() covers it
    }
    JsonNode tree = new YAMLMapper().readTree(file.toFile());
    assertThat(tree.has("random")).as("recount assumes grid-only sweeps").isFalse();
    long runs = tree.get("replicas").asLong();
    for (Iterator<JsonNode> it = tree.path("grid").elements(); it.hasNext();) {
      runs *= it.next().size();
    }
    assertThat(runs).isEqualTo(expected.longValue());
  }
}
