package io.qsweep.env.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerModelTest {
  @TempDir
  Path tmp;

  private static ListenerModel parse(String yaml) {
    return ListenerModel.parse("l.yaml", "l", yaml);
  }

  @Test
  void theDefaultListenerScoresChoicesAndPairs() {
    ListenerModel l = ListenerModel.builtin("default");
    assertThat(ListenerModel.names()).contains("default");
    assertThat(l.description()).isNotEmpty();
    assertThat(l.choiceScore(0, 0)).isEqualTo(1.0);
    assertThat(l.compatibility(0, 3, 1, 1)).isEqualTo(1.5);
    assertThat(l.compatibility(1, 1, 0, 3)).as("symmetric").isEqualTo(1.5);
    assertThat(l.compatibility(2, 0, 4, 4)).isEqualTo(-0.4);
    assertThat(l.compatibility(0, 0, 2, 0)).as("unlisted pair").isEqualTo(0.0);
    int[] jazz = {3, 1, 1, 2, 2};
    assertThat(l.rating(jazz)).isCloseTo(6.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(l.breakdown(jazz)).hasSize(15).containsEntry("progression", 0.4)
        .containsEntry("progression+melody", 1.5).containsEntry("drums+background", 0.0);
    assertThat(l.breakdown(jazz).values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(l.rating(jazz), org.assertj.core.data.Offset.offset(1e-12));
    assertThatThrownBy(() -> l.rating(new int[] {0, 0, 2, 0, 0})).hasMessage("drums: option 2 is outside [0, 1]");
    assertThatThrownBy(() -> l.compatibility(1, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void increments() {
    ListenerModel l = parse("choices: {melody: {riff: 2}}\ncompatibility:\n  drums.syncopated + melody.riff: 3\n"
        + "  progression.ii-V-I-vi + drums.syncopated: -1\n");
    int[] song = {3, 2, 1, 0, 0};
    assertThat(l.increment(song, 0)).isEqualTo(0.0);
    assertThat(l.increment(song, 1)).isEqualTo(2.0);
    assertThat(l.increment(song, 2)).isEqualTo(3.0 - 1.0);
    assertThat(l.rating(song, 3)).isEqualTo(4.0);
    assertThat(l.rating(song)).isEqualTo(4.0);
  }

  @Test
  void fileErrorsNameTheField() {
    assertThatThrownBy(() -> parse("choices: {melody: {jazzy: 1}}"))
        .hasMessage("l.yaml: choices.melody.jazzy: unknown field; allowed: arpeggio, long_tones, riff, stepwise");
    assertThatThrownBy(() -> parse("choices: {vocals: {x: 1}}"))
        .hasMessageStartingWith("l.yaml: choices.vocals: unknown field; allowed: background, drums");
    assertThatThrownBy(() -> parse("choices: {melody: {riff: loud}}"))
        .hasMessage("l.yaml: choices.melody.riff: 'loud' is not a number");
    assertThatThrownBy(() -> parse("compatibility: {melody.riff + melody.arpeggio: 1}"))
        .hasMessageContaining("both options belong to decision 'melody'");
    assertThatThrownBy(() -> parse("compatibility: {melody.riff + drums.loud: 1}"))
        .hasMessage("l.yaml: compatibility.melody.riff + drums.loud: 'loud' is not an option of drums; allowed: "
            + "straight, syncopated");
    assertThatThrownBy(() -> parse("compatibility: {melody.riff: 1}"))
        .hasMessageContaining("expected 'decision.option + decision.option'");
    assertThatThrownBy(() -> parse("compatibility: {riff + drums.straight: 1}"))
        .hasMessageContaining("'riff' is not decision.option");
    assertThatThrownBy(() -> parse("compatibility:\n  melody.riff + drums.straight: 1\n"
        + "  drums.straight + melody.riff: 2\n")).hasMessageContaining("this pair is given twice");
    assertThatThrownBy(() -> parse("likes: {}")).hasMessage(
        "l.yaml: likes: unknown field; allowed: choices, compatibility, description");
  }

  @Test
  void resolveNamesTheEnvParam() throws Exception {
    assertThat(ListenerModel.resolve("default").name()).isEqualTo("default");
    assertThatThrownBy(() -> ListenerModel.resolve("grumpy"))
        .hasMessage("env param 'listener': 'grumpy' is not one of default, nor a path to a .yaml file");
    assertThatThrownBy(() -> ListenerModel.resolve("no/such.yaml"))
        .hasMessage("env param 'listener': file 'no/such.yaml' does not exist");
    Path file = tmp.resolve("fan.yaml");
    Files.writeString(file, "choices: {drums: {syncopated: 5}}\n");
    ListenerModel fan = ListenerModel.resolve(file.toString());
    assertThat(fan.name()).isEqualTo("fan");
    assertThat(fan.choiceScore(2, 1)).isEqualTo(5.0);
  }
}
