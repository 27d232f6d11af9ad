package io.qsweep.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RewardDesignsTest {
  @TempDir
  Path tmp;

  private static RewardDesign parse(String yaml) {
    return RewardDesigns.parse("x.yaml", "x", yaml);
  }

  @Test
  void builtInDesignsLoadFromTheClasspath() {
    assertThat(RewardDesigns.names("melody")).containsExactly("consonance", "contour", "sparse_cadence", "theory");
    assertThat(RewardDesigns.names("arrangement"))
        .containsExactly("myopic_choices", "shaped_rating", "sparse_final_rating");
    RewardDesign theory = RewardDesigns.builtin("theory");
    assertThat(theory.env()).isEqualTo("melody");
    assertThat(theory.description()).isNotEmpty();
    assertThat(theory.weight("chord_tone")).isEqualTo(1.0);
    assertThat(theory.weight("unique_extremes")).isEqualTo(0.0);
  }

  @Test
  void theClasspathHoldsExactlyTheFilesOfConfRewards() throws IOException {
    Path conf = Paths.get(System.getProperty("qsweep.root", "..")).resolve("conf/rewards");
    try (Stream<Path> files = Files.list(conf)) {
      TreeSet<String> inConf = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(inConf).isNotEmpty().isEqualTo(ConfResources.yamlFiles(RewardDesigns.RESOURCE_DIR));
    }
  }

  @Test
  void theoryWeightsEveryStepTermLikeTheEvaluationScore() {
    RewardDesign theory = RewardDesigns.builtin("theory");
    Map<String, Double> eval = MelodyRules.evaluationWeights();
    for (RewardTerm t : MelodyRules.TERMS) {
      if (t.kind() != RewardTerm.Kind.EVALUATION) {
        assertThat(theory.weight(t.name())).as(t.name()).isEqualTo(eval.get(t.name()));
      }
    }
  }

  @Test
  void sparseAndDenseDesignsAreShipped() {
    assertThat(RewardDesigns.builtin("sparse_final_rating").sparse()).isTrue();
    assertThat(RewardDesigns.builtin("sparse_cadence").sparse()).isTrue();
    assertThat(RewardDesigns.builtin("shaped_rating").sparse()).isFalse();
    assertThat(RewardDesigns.builtin("theory").sparse()).isFalse();
    assertThat(RewardDesigns.builtin("consonance").sparse()).isFalse();
  }

  @Test
  void weightsAlignWithTheCatalog() {
    RewardDesign d = parse("env: melody\nterms: {chord_tone: 3, in_key: -0.5}\n");
    assertThat(d.weights(MelodyRules.TERMS)).containsExactly(-0.5, 0, 0, 3, 0, 0, 0, 0, 0);
    assertThat(d.terms().keySet()).containsExactly("chord_tone", "in_key");
  }

  @Test
  void numericStringsAreNumbers() {
    assertThat(parse("env: melody\nterms:\n  in_key: '1.5'\n  chord_tone: 1e-3\n").weight("chord_tone"))
        .isEqualTo(0.001);
  }

  @Test
  void unknownTermIsAnErrorThatNamesTheField() {
    assertThatThrownBy(() -> RewardDesigns.parse("theory.yaml", "theory", "env: melody\nterms:\n  step_motion: 1\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("theory.yaml: terms.step_motion: unknown term for melody; allowed: awkward_intervals, "
            + "chord_tone, end_tonic, in_key, leap_resolution, preferred_intervals, repetition, start_tonic");
    assertThatThrownBy(() -> parse("env: arrangement\nterms: {chord_tone: 1}\n"))
        .hasMessageContaining("terms.chord_tone: unknown term for arrangement; allowed: choice_score, final_rating, "
            + "partial_rating");
  }

  @Test
  void wrongWeightTypesAreErrorsThatNameTheField() {
    assertThatThrownBy(() -> parse("env: melody\nterms: {in_key: abc}\n"))
        .hasMessage("x.yaml: terms.in_key: 'abc' is not a number");
    assertThatThrownBy(() -> parse("env: melody\nterms: {in_key: true}\n"))
        .hasMessage("x.yaml: terms.in_key: the boolean true is not a number");
    assertThatThrownBy(() -> parse("env: melody\nterms: {in_key: [1, 2]}\n"))
        .hasMessageStartingWith("x.yaml: terms.in_key: a list");
    assertThatThrownBy(() -> parse("env: melody\nterms: {in_key: }\n"))
        .hasMessage("x.yaml: terms.in_key: has no value; expected a number");
    assertThatThrownBy(() -> parse("env: melody\nterms: {in_key: 'Infinity'}\n"))
        .hasMessage("x.yaml: terms.in_key: Infinity is not a finite number");
  }

  @Test
  void emptyDesignsAreErrorsThatNameTheField() {
    assertThatThrownBy(() -> parse("env: melody\nterms: {}\n"))
        .hasMessageStartingWith("x.yaml: terms: a design needs at least one term; allowed: awkward_intervals");
    assertThatThrownBy(() -> parse("env: melody\n"))
        .hasMessage("x.yaml: terms: is missing; a design needs at least one term");
    assertThatThrownBy(() -> parse("env: melody\nterms: {in_key: 0, chord_tone: 0}\n"))
        .hasMessage("x.yaml: terms: every weight is 0; a design needs a nonzero weight");
    assertThatThrownBy(() -> parse("env: melody\nterms: [in_key]\n"))
        .hasMessage("x.yaml: terms: must be a mapping, not a list");
    assertThatThrownBy(() -> parse("")).hasMessage("x.yaml: the file is empty");
  }

  @Test
  void otherFieldErrors() {
    assertThatThrownBy(() -> parse("env: melody\nterms: {unique_extremes: 1}\n"))
        .hasMessageStartingWith("x.yaml: terms.unique_extremes: is an evaluation-only term");
    assertThatThrownBy(() -> parse("env: melody\nterm: {in_key: 1}\n"))
        .hasMessage("x.yaml: term: unknown field; allowed: description, env, terms");
    assertThatThrownBy(() -> parse("terms: {in_key: 1}\n"))
        .hasMessage("x.yaml: env: is missing; allowed: melody, arrangement");
    assertThatThrownBy(() -> parse("env: taxi\nterms: {in_key: 1}\n"))
        .hasMessage("x.yaml: env: 'taxi' is not one of melody, arrangement");
    assertThatThrownBy(() -> parse("env: melody\nterms: {in_key: 1, in_key: 2}\n"))
        .hasMessageContaining("x.yaml: not valid YAML").hasMessageContaining("in_key");
    assertThatThrownBy(() -> parse("env: melody\nterms: {in_key: 1\n"))
        .hasMessageStartingWith("x.yaml: not valid YAML");
    assertThatThrownBy(() -> parse("- env\n")).hasMessage("x.yaml: the top level must be a mapping, not a list");
  }

  @Test
  void resolveFindsBuiltInsAndFilesAndNamesTheEnvParam() throws IOException {
    assertThat(RewardDesigns.resolve("melody", "consonance").name()).isEqualTo("consonance");
    assertThatThrownBy(() -> RewardDesigns.resolve("melody", "foo"))
        .hasMessage("env param 'reward': 'foo' is not one of consonance, contour, sparse_cadence, theory "
            + "(the melody designs), nor a path to a .yaml file");
    assertThatThrownBy(() -> RewardDesigns.resolve("melody", "shaped_rating"))
        .hasMessage("env param 'reward': design 'shaped_rating' is for arrangement, not melody; melody designs: "
            + "consonance, contour, sparse_cadence, theory");
    Path file = tmp.resolve("mine.yaml");
    Files.writeString(file, "env: melody\nterms:\n  chord_tone: 2\n");
    RewardDesign mine = RewardDesigns.resolve("melody", file.toString());
    assertThat(mine.name()).isEqualTo("mine");
    assertThat(mine.weight("chord_tone")).isEqualTo(2.0);
    assertThatThrownBy(() -> RewardDesigns.resolve("melody", tmp.resolve("none.yaml").toString()))
        .hasMessageStartingWith("env param 'reward': file '").hasMessageEndingWith("none.yaml' does not exist");
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "env: melody\nterms:\n  in_key: abc\n");
    assertThatThrownBy(() -> RewardDesigns.resolve("melody", bad.toString()))
        .hasMessage("env param 'reward': " + bad + ": terms.in_key: 'abc' is not a number");
  }

  @Test
  void theRegistryReportsBadDesignsByEnvParam() {
    assertThatThrownBy(() -> EnvRegistry.make("melody", EnvParams.of(Map.of("reward", "foo"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("env param 'reward': 'foo' is not one of consonance");
    assertThatThrownBy(() -> EnvRegistry.make("arrangement", EnvParams.of(Map.of("reward", "theory"))))
        .hasMessageStartingWith("env param 'reward': design 'theory' is for melody, not arrangement");
  }
}
