package io.qsweep.reward;

import static io.qsweep.reward.MelodyRules.AWKWARD_INTERVALS;
import static io.qsweep.reward.MelodyRules.CHORD_TONE;
import static io.qsweep.reward.MelodyRules.END_TONIC;
import static io.qsweep.reward.MelodyRules.IN_KEY;
import static io.qsweep.reward.MelodyRules.LEAP_RESOLUTION;
import static io.qsweep.reward.MelodyRules.PREFERRED_INTERVALS;
import static io.qsweep.reward.MelodyRules.REPETITION;
import static io.qsweep.reward.MelodyRules.START_TONIC;
import static io.qsweep.reward.MelodyRules.UNIQUE_EXTREMES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The music-theory terms on hand-written melodies: eight eighth notes in C major, a C chord then a G chord. */
class MelodyRulesTest {
  private static final int C_MAJOR = mask(0, 2, 4, 5, 7, 9, 11);
  private static final int C_CHORD = mask(0, 4, 7);
  private static final int G_CHORD = mask(7, 11, 2);
  private static final MelodyRules RULES = new MelodyRules(0, C_MAJOR,
      new int[] {C_CHORD, C_CHORD, C_CHORD, C_CHORD, G_CHORD, G_CHORD, G_CHORD, G_CHORD},
      new boolean[] {true, false, false, false, true, false, false, false});

  private static int mask(int... pcs) {
    int m = 0;
    for (int pc : pcs) {
      m |= 1 << pc;
    }
    return m;
  }

  /** "C4" -> 60, "F#4" -> 66, "Bb4" -> 70, "-" -> HOLD, "r" -> REST; the melody is padded with holds to 8 steps. */
  private static int[] melody(String text) {
    String[] tokens = text.trim().split("\\s+");
    int[] events = new int[8];
    java.util.Arrays.fill(events, MelodyRules.HOLD);
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.equals("-")) {
        events[i] = MelodyRules.HOLD;
      } else if (t.equals("r")) {
        events[i] = MelodyRules.REST;
      } else {
        int pc = "C D EF G A B".indexOf(t.charAt(0));
        int j = 1;
        if (t.charAt(1) == '#') {
          pc++;
          j++;
        } else if (t.charAt(1) == 'b') {
          pc--;
          j++;
        }
        events[i] = 12 * (Integer.parseInt(t.substring(j)) + 1) + pc;
      }
    }
    return events;
  }

  private static double total(String melody, int term) {
    return RULES.totals(melody(melody))[term];
  }

  @Test
  void inKeyPenalisesEachOnsetOutsideTheScale() {
    assertThat(total("C4 D4 F#4 G4 Bb4 C5 - -", IN_KEY)).isEqualTo(-2);
    assertThat(total("C4 D4 E4 F4 G4 A4 B4 C5", IN_KEY)).isEqualTo(0);
    assertThat(total("F#4 - - - - - - -", IN_KEY)).as("holding adds nothing").isEqualTo(-1);
  }

  @Test
  void startTonicLooksAtTheFirstStepOnly() {
    assertThat(total("C5 D5 E5", START_TONIC)).isEqualTo(1);
    assertThat(total("C3", START_TONIC)).as("any octave").isEqualTo(1);
    assertThat(total("E4 C4", START_TONIC)).isEqualTo(-1);
    assertThat(total("r C4", START_TONIC)).isEqualTo(-1);
    assertThat(total("- C4", START_TONIC)).isEqualTo(-1);
  }

  @Test
  void endTonicLooksAtTheNoteSoundingAtTheEnd() {
    assertThat(total("E4 D4 C4", END_TONIC)).as("C4 held to the end").isEqualTo(1);
    assertThat(total("E4 E4 E4 E4 E4 E4 D4 C5", END_TONIC)).isEqualTo(1);
    assertThat(total("C4 D4", END_TONIC)).isEqualTo(-1);
    assertThat(total("C4 - - - - - - r", END_TONIC)).as("silence at the end").isEqualTo(-1);
    assertThat(total("C4 - - - - - r -", END_TONIC)).as("held silence").isEqualTo(-1);
  }

  @Test
  void chordToneRewardsChordTonesAndPenalisesDissonantDownbeats() {
    // C4 +1 (downbeat, chord tone), D4 0 (passing), E4 +1, F4 0, F4 held into the G downbeat -1, B4 +1, D5 +1,
    // C5 0 (not a G chord tone, not a downbeat)
    assertThat(total("C4 D4 E4 F4 - B4 D5 C5", CHORD_TONE)).isEqualTo(3);
    // D4 on the C downbeat -1; E4 struck on the G downbeat -1; G4 +1
    assertThat(total("D4 - - - E4 G4 - -", CHORD_TONE)).isEqualTo(-1);
    // holding a chord tone of the new chord costs nothing
    assertThat(total("G4 - - - - - - -", CHORD_TONE)).isEqualTo(1);
  }

  @Test
  void preferredIntervalsRewardStepsAndThirds() {
    // D4 step +1, F4 minor third +0.5, C5 fifth 0, rest, D5 after silence 0, E5 step +1, G5 third +0.5
    assertThat(total("C4 D4 F4 C5 r D5 E5 G5", PREFERRED_INTERVALS)).isEqualTo(3);
    assertThat(total("C4 C4", PREFERRED_INTERVALS)).as("unison").isEqualTo(0);
  }

  @Test
  void awkwardIntervalsPenaliseTritonesSeventhsAndLeapsBeyondAnOctave() {
    // F#4 tritone -1, E5 minor seventh -1, E4 octave 0, F5 minor ninth -1, B4 tritone down -1, C4 major seventh -1
    assertThat(total("C4 F#4 E5 E4 F5 - B4 C4", AWKWARD_INTERVALS)).isEqualTo(-5);
    assertThat(total("C4 A4 F4 C4", AWKWARD_INTERVALS)).as("sixth, third, fourth").isEqualTo(0);
  }

  @Test
  void leapResolutionWantsAStepBack() {
    assertThat(total("C4 A4 G4", LEAP_RESOLUTION)).isEqualTo(1);
    assertThat(total("A4 C4 D4", LEAP_RESOLUTION)).as("leap down, step up").isEqualTo(1);
    assertThat(total("C4 A4 B4", LEAP_RESOLUTION)).as("moving on upwards").isEqualTo(-1);
    assertThat(total("C4 A4 - G4", LEAP_RESOLUTION)).as("holds keep the leap").isEqualTo(1);
    assertThat(total("C4 A4 r G4", LEAP_RESOLUTION)).as("a rest breaks the line").isEqualTo(0);
    assertThat(total("C4 A4 E4", LEAP_RESOLUTION)).as("back, but by another leap").isEqualTo(0);
    assertThat(total("C4 F4 E4", LEAP_RESOLUTION)).as("a fourth is a leap").isEqualTo(1);
    assertThat(total("C4 E4 D4", LEAP_RESOLUTION)).as("a third is not").isEqualTo(0);
  }

  @Test
  void repetitionPenalisesTheFourthAndLaterStrikes() {
    assertThat(total("C4 C4 C4 C4 C4 D4 D4 D4", REPETITION)).isEqualTo(-2);
    assertThat(total("C4 - C4 - C4 - C4 -", REPETITION)).as("holds in between still count").isEqualTo(-1);
    assertThat(total("C4 C4 C4 r C4 C4 C4 C4", REPETITION)).as("a rest restarts the count").isEqualTo(-1);
  }

  @Test
  void uniqueExtremesCountsASingleHighestAndLowestNote() {
    assertThat(total("C4 E4 G4 E4", UNIQUE_EXTREMES)).isEqualTo(2);
    assertThat(total("C4 G4 C4 E4", UNIQUE_EXTREMES)).as("lowest twice").isEqualTo(1);
    assertThat(total("C4 G4 C4 G4", UNIQUE_EXTREMES)).isEqualTo(0);
    assertThat(total("E4", UNIQUE_EXTREMES)).isEqualTo(2);
    assertThat(total("r", UNIQUE_EXTREMES)).isEqualTo(0);
  }

  @Test
  void contextFollowsHoldsRestsAndIntervals() {
    assertThat(MelodyRules.nextSounding(60, MelodyRules.HOLD)).isEqualTo(60);
    assertThat(MelodyRules.nextSounding(60, MelodyRules.REST)).isEqualTo(MelodyRules.SILENT);
    assertThat(MelodyRules.nextSounding(MelodyRules.SILENT, MelodyRules.HOLD)).isEqualTo(MelodyRules.SILENT);
    assertThat(MelodyRules.nextSounding(60, 64)).isEqualTo(64);
    assertThat(MelodyRules.nextMotion(MelodyRules.SILENT, MelodyRules.SMOOTH, 64)).isEqualTo(MelodyRules.SMOOTH);
    assertThat(MelodyRules.nextMotion(60, MelodyRules.SMOOTH, 64)).isEqualTo(MelodyRules.SMOOTH);
    assertThat(MelodyRules.nextMotion(60, MelodyRules.SMOOTH, 65)).isEqualTo(MelodyRules.LEAP_UP);
    assertThat(MelodyRules.nextMotion(60, MelodyRules.REPEAT, 55)).isEqualTo(MelodyRules.LEAP_DOWN);
    assertThat(MelodyRules.nextMotion(60, MelodyRules.LEAP_UP, 60)).isEqualTo(MelodyRules.REPEAT);
    assertThat(MelodyRules.nextMotion(60, MelodyRules.REPEAT, 60)).isEqualTo(MelodyRules.REPEATED);
    assertThat(MelodyRules.nextMotion(60, MelodyRules.REPEATED, 60)).isEqualTo(MelodyRules.REPEATED);
    assertThat(MelodyRules.nextMotion(60, MelodyRules.LEAP_UP, MelodyRules.HOLD)).isEqualTo(MelodyRules.LEAP_UP);
    assertThat(MelodyRules.nextMotion(60, MelodyRules.LEAP_UP, MelodyRules.REST)).isEqualTo(MelodyRules.SMOOTH);
  }

  @Test
  void evaluationIsTheFixedWeightedSumWithABreakdown() {
    int[] events = melody("C4 D4 F#4 G4 - B4 D5 C4");
    double[] totals = RULES.totals(events);
    Evaluation ev = RULES.evaluate(events);
    List<String> names = MelodyRules.TERMS.stream().map(RewardTerm::name).toList();
    assertThat(ev.terms().keySet()).containsExactlyElementsOf(names);
    double expected = 0;
    for (int i = 0; i < names.size(); i++) {
      double w = MelodyRules.evaluationWeights().get(names.get(i));
      assertThat(ev.terms().get(names.get(i))).isEqualTo(w * totals[i]);
      expected += w * totals[i];
    }
    assertThat(ev.score()).isEqualTo(expected);
    // hand count: in_key -1 (F#), start +1, end +1 (C4); chord tones C4, G4 (C chord), B4, D5 (G chord) = 4, G4 held
    // into the G downbeat is a chord tone (0), the last C4 is a free non-chord tone; intervals D4 +1, F#4 third +0.5,
    // G4 +1, B4 third +0.5, D5 third +0.5, C4 (14 down) 0; awkward: C4 from D5 is beyond an octave -1
    assertThat(totals).startsWith(-1, 1, 1, 4, 3.5, -1, 0, 0);
    assertThat(MelodyRules.evaluationWeights().values()).containsExactly(2.0, 2.0, 2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0);
  }

  @Test
  void badInputIsRejected() {
    assertThatThrownBy(() -> RULES.totals(new int[3])).hasMessageContaining("3 events; expected 8");
    assertThatThrownBy(() -> RULES.stepTerms(8, 60, 0, 60, new double[8])).hasMessageContaining("step 8");
    assertThatThrownBy(() -> new MelodyRules(0, C_MAJOR, new int[2], new boolean[3]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MelodyRules(12, C_MAJOR, new int[2], new boolean[2])).hasMessageContaining("tonic");
  }
}
