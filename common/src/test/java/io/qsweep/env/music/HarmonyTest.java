package io.qsweep.env.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HarmonyTest {
  @Test
  void noteNamesAndPitchClasses() {
    assertThat(Harmony.pitchClass("C")).isEqualTo(0);
    assertThat(Harmony.pitchClass("f#")).isEqualTo(6);
    assertThat(Harmony.pitchClass("Bb")).isEqualTo(10);
    assertThat(Harmony.pitchClass("Cb")).isEqualTo(11);
    assertThat(Harmony.pitchClass("H")).isEqualTo(-1);
    assertThat(Harmony.pitchClass("C##")).isEqualTo(-1);
    assertThat(Harmony.pitchClass("Cx")).isEqualTo(-1);
    assertThat(Harmony.noteName(60, false)).isEqualTo("C4");
    assertThat(Harmony.noteName(70, true)).isEqualTo("Bb4");
    assertThat(Harmony.noteName(70, false)).isEqualTo("A#4");
    assertThat(Harmony.noteName(21, false)).isEqualTo("A0");
  }

  @Test
  void keysHaveScalesAndSpelling() {
    Harmony.Key c = Harmony.key("C", "major");
    assertThat(Integer.bitCount(c.scaleMask())).isEqualTo(7);
    for (int pc : new int[] {0, 2, 4, 5, 7, 9, 11}) {
      assertThat(Harmony.contains(c.scaleMask(), pc)).isTrue();
    }
    Harmony.Key a = Harmony.key("A", "minor");
    assertThat(a.scaleMask()).as("A minor has the notes of C major").isEqualTo(c.scaleMask());
    assertThat(Harmony.key("F", "major").flats()).isTrue();
    assertThat(Harmony.key("D", "minor").flats()).isTrue();
    assertThat(Harmony.key("E", "minor").flats()).isFalse();
    assertThat(Harmony.key("Bb", "major").name()).isEqualTo("Bb major");
    assertThat(Harmony.key("F#", "minor").name()).isEqualTo("F# minor");
    assertThat(c.diatonicStep(64, 2)).isEqualTo(67);
    assertThat(c.diatonicStep(72, -5)).as("a sixth below C5").isEqualTo(64);
    assertThat(c.diatonicStep(71, 1)).isEqualTo(72);
    assertThatThrownBy(() -> c.diatonicStep(61, 1)).hasMessageContaining("not in C major");
  }

  @Test
  void romanNumeralsBecomeTriads() {
    List<Harmony.Chord> pop = Harmony.progression("progression", "I-V-vi-IV", Harmony.key("C", "major"));
    assertThat(pop).extracting(Harmony.Chord::symbol).containsExactly("C", "G", "Am", "F");
    assertThat(pop.get(2).mask()).isEqualTo(1 << 9 | 1 << 0 | 1 << 4);
    assertThat(pop.get(1).voicing(48)).containsExactly(55, 59, 62);
    List<Harmony.Chord> minor = Harmony.progression("progression", "i - iv - V - viio - III+",
        Harmony.key("G", "minor"));
    assertThat(minor).extracting(Harmony.Chord::symbol).containsExactly("Gm", "Cm", "D", "Fdim", "Bbaug");
  }

  @Test
  void badKeysAndNumeralsNameTheEnvParam() {
    assertThatThrownBy(() -> Harmony.key("H", "major")).hasMessageStartingWith("env param 'key': 'H' is not a note");
    assertThatThrownBy(() -> Harmony.key("C", "dorian"))
        .hasMessage("env param 'mode': 'dorian' is not one of major, minor");
    for (String bad : new String[] {"I-X", "I-Vi", "I-Vo", "I-v+", "I--V", "VIII"}) {
      assertThatThrownBy(() -> Harmony.progression("progression", bad, Harmony.key("C", "major")))
          .as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("env param 'progression': '")
          .hasMessageContaining("is not a roman numeral");
    }
  }
}
