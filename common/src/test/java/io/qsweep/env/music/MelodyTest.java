package io.qsweep.env.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.Step;
import io.qsweep.env.TransitionModel;
import io.qsweep.reward.Evaluation;
import io.qsweep.reward.MelodyRules;
import io.qsweep.reward.RewardDesigns;
import io.qsweep.testing.EnvContract;
import io.qsweep.testing.ModelSampling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MelodyTest {
  private static final int C4 = 0;
  private static final int D4 = 2;
  private static final int E4 = 4;
  private static final int G4 = 7;
  private static final int C5 = 12;
  private static final int HOLD = Melody.HOLD_ACTION;
  private static final int REST = Melody.REST_ACTION;

  @TempDir
  Path tmp;

  private static Melody melody(Map<String, ?> params) {
    return Melody.fromParams(EnvParams.of(params));
  }

  @Test
  void defaultSizesAndRegistration() {
    Env env = EnvRegistry.make("melody");
    assertThat(env).isInstanceOf(Melody.class);
    assertThat(env.numStates()).isEqualTo(3753);
    assertThat(env.numActions()).isEqualTo(26);
    assertThat(env.maxEpisodeSteps()).isZero();
    assertThat(((Melody) env).rewardDesign().name()).isEqualTo("theory");
    assertThat(env.actionName(0)).isEqualTo("C4");
    assertThat(env.actionName(23)).isEqualTo("B5");
    assertThat(env.actionName(HOLD)).isEqualTo("HOLD");
    assertThat(env.actionName(REST)).isEqualTo("REST");
    assertThat(melody(Map.of("length", 8)).numStates()).isEqualTo(2 + 7 * 121);
    assertThat(melody(Map.of("key", "Bb")).actionName(0)).as("low defaults to the tonic in octave 4")
        .isEqualTo("Bb4");
  }

  @Test
  void stepsFollowTheModelAndAreDeterministic() {
    for (String design : RewardDesigns.names("melody")) {
      Melody env = melody(Map.of("length", 12, "reward", design, "key", "D", "mode", "minor",
          "progression", "i-iv-V-i", "steps_per_chord", 3));
      assertThat(ModelSampling.assertEveryStepIsAModelOutcome(env, 7, 60_000)).isGreaterThan(10_000);
      EnvContract.checkModel(env);
      assertThat(EnvContract.checkStepMatchesModel(env, 8, 100_000, 200)).isPositive();
      assertThat(env.model().deterministicRewards()).isTrue();
    }
    EnvContract.checkDeterminism(() -> EnvRegistry.make("melody"), 3, 20_000);
  }

  @Test
  void everyEpisodeLastsExactlyLengthSteps() {
    Melody env = melody(Map.of("length", 10));
    SplittableRandom rng = new SplittableRandom(5);
    env.reset(1);
    for (int episode = 0; episode < 200; episode++) {
      assertThat(env.reset()).isZero();
      for (int t = 0; t < 10; t++) {
        Step s = env.step(rng.nextInt(26));
        assertThat(s.terminated).isEqualTo(t == 9);
        assertThat(s.truncated).isFalse();
      }
      assertThat(env.state()).isEqualTo(env.numStates() - 1);
    }
  }

  @Test
  void statesCarryPositionSoundingPitchAndMotion() {
    Melody env = melody(Map.of());
    TransitionModel m = env.model();
    int s = 0;
    int[] actions = {C4, G4, HOLD, E4, E4, E4, REST};
    int[][] expected = {{1, C4, MelodyRules.SMOOTH}, {2, G4, MelodyRules.LEAP_UP}, {3, G4, MelodyRules.LEAP_UP},
        {4, E4, MelodyRules.SMOOTH}, {5, E4, MelodyRules.REPEAT}, {6, E4, MelodyRules.REPEATED}, {7, -1, 0}};
    for (int i = 0; i < actions.length; i++) {
      s = m.next(m.begin(s, actions[i]));
      assertThat(s).isEqualTo(env.stateIndex(expected[i][0], expected[i][1], expected[i][2]));
    }
    assertThat(env.stateIndex(32, 0, 0)).isEqualTo(env.numStates() - 1);
  }

  @Test
  void rewardsAreTheDesignsWeightedTerms() {
    // under 'theory' (the evaluation weights on every step term), the return of any melody is its evaluation score
    // minus the evaluation-only unique_extremes contribution
    Melody env = melody(Map.of("reward", "theory"));
    SplittableRandom rng = new SplittableRandom(11);
    for (int i = 0; i < 50; i++) {
      int[] actions = Composer.randomActions(env, rng);
      Composition c = Composer.composition(env, actions);
      assertThat(c.designReturn()).isCloseTo(c.evaluationScore() - c.scoreTerms().get("unique_extremes"),
          org.assertj.core.data.Offset.offset(1e-9));
      assertThat(c.designReturn()).isEqualTo(stepReturn(env, actions));
    }
    // 'consonance' counts only in_key and chord_tone
    Melody cons = melody(Map.of("reward", "consonance"));
    int[] actions = new int[32];
    java.util.Arrays.fill(actions, HOLD);
    actions[0] = C4;   // chord tone of C: +1
    actions[1] = 1;    // C#4: out of key -1, not a chord tone
    actions[8] = D4;   // chord tone of G on its downbeat: +1
    actions[16] = D4;  // not in Am, on its downbeat: -1
    actions[24] = C5;  // chord tone of F: +1
    assertThat(stepReturn(cons, actions)).isEqualTo(1);
  }

  private static double stepReturn(Env env, int[] actions) {
    env.reset(0);
    double r = 0;
    for (int a : actions) {
      r += env.step(a).reward;
    }
    return r;
  }

  @Test
  void compositionTextAndEvaluation() {
    Melody env = melody(Map.of("length", 8, "steps_per_chord", 4, "progression", "I-V"));
    int[] actions = {C4, E4, G4, HOLD, 11, D4 + 12, REST, HOLD};
    assertThat(env.composition(actions)).containsExactly("C4", "E4", "G4", "-", "B4", "D5", "r", "-");
    assertThat(env.describe(actions)).isEqualTo(
        "melody, 8 eighth notes in C major over I-V (reward design theory)\n"
            + "C    | C4 E4 G4 -\n"
            + "G    | B4 D5 r -\n");
    Evaluation ev = env.evaluate(actions);
    // in_key 0, start +1 (x2), end -1 (x2, silence), chord tones 5, intervals 0.5+0.5+0.5+0.5 = 2 (G4->B4 third,
    // B4->D5 third), awkward 0, leaps 0, repetition 0, unique extremes 2 (x2)
    assertThat(ev.terms()).containsEntry("start_tonic", 2.0).containsEntry("end_tonic", -2.0)
        .containsEntry("chord_tone", 5.0).containsEntry("preferred_intervals", 2.0)
        .containsEntry("unique_extremes", 4.0);
    assertThat(ev.score()).isEqualTo(2 - 2 + 5 + 2 + 4);
    assertThatThrownBy(() -> env.evaluate(new int[3])).hasMessage("melody: a composition has 8 actions, got 3");
    assertThatThrownBy(() -> env.evaluate(new int[] {0, 0, 0, 0, 0, 0, 0, 26}))
        .hasMessage("melody: action 26 at step 7 is outside [0, 25]");
  }

  @Test
  void renderPolicyDescribesTheMelodyThePolicyPlays() {
    Melody env = melody(Map.of("length", 8, "steps_per_chord", 4, "progression", "I-V"));
    int[] policy = new int[env.numStates()];
    java.util.Arrays.fill(policy, E4);
    policy[0] = C4;
    assertThat(env.renderPolicy(policy)).contains("C    | C4 E4 E4 E4").contains("G    | E4 E4 E4 E4");
  }

  @Test
  void midiRoundTrip() throws Exception {
    Melody env = melody(Map.of("length", 20));
    int[] actions = new int[20];
    java.util.Arrays.fill(actions, HOLD);
    actions[0] = C4;      // C4 for 3 steps
    actions[3] = E4;      // E4 for 1 step
    actions[4] = REST;
    actions[5] = HOLD;    // silence continues
    actions[6] = G4;      // G4 to step 11
    actions[12] = C5;     // C5 to the end
    Path file = tmp.resolve("melody.mid");
    env.writeMidi(actions, file);
    Sequence seq = MidiSystem.getSequence(file.toFile());
    assertThat(seq.getResolution()).isEqualTo(Midi.PPQ);
    // 4 melody notes + 3 chords (20 steps at 8 per chord) x 3 notes
    assertThat(Midi.countNotes(seq)).isEqualTo(4 + 3 * 3);
    List<long[]> melodyNotes = notes(seq.getTracks()[1]);
    assertThat(melodyNotes).containsExactly(new long[] {60, 0, 3 * 240}, new long[] {64, 3 * 240, 4 * 240},
        new long[] {67, 6 * 240, 12 * 240}, new long[] {72, 12 * 240, 20 * 240});
    List<long[]> chordNotes = notes(seq.getTracks()[2]);
    assertThat(chordNotes).hasSize(9);
    assertThat(chordNotes.get(8)).as("the last chord (Am) is cut at the melody's end")
        .containsExactly(64, 16 * 240, 20 * 240);
    assertThat(tempoBpm(seq)).isCloseTo(Melody.BPM, org.assertj.core.data.Offset.offset(0.01));
  }

  /** {pitch, on tick, off tick} of each note of a track, in order. */
  static List<long[]> notes(Track t) {
    List<long[]> notes = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      MidiEvent e = t.get(i);
      if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) {
        long off = -1;
        for (int j = i + 1; j < t.size() && off < 0; j++) {
          if (t.get(j).getMessage() instanceof ShortMessage o && o.getData1() == m.getData1()
              && (o.getCommand() == ShortMessage.NOTE_OFF
                  || o.getCommand() == ShortMessage.NOTE_ON && o.getData2() == 0)) {
            off = t.get(j).getTick();
          }
        }
        notes.add(new long[] {m.getData1(), e.getTick(), off});
      }
    }
    return notes;
  }

  static double tempoBpm(Sequence seq) {
    Track t = seq.getTracks()[0];
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i).getMessage() instanceof MetaMessage m && m.getType() == 0x51) {
        byte[] d = m.getData();
        int us = (d[0] & 0xff) << 16 | (d[1] & 0xff) << 8 | d[2] & 0xff;
        return 60_000_000.0 / us;
      }
    }
    throw new AssertionError("no tempo");
  }

  @Test
  void badEnvParamsNameTheParam() {
    assertThatThrownBy(() -> melody(Map.of("length", 1))).hasMessage("env param 'length': 1 is outside [2, 128]");
    assertThatThrownBy(() -> melody(Map.of("length", "x"))).hasMessage("env param 'length': 'x' is not an integer");
    assertThatThrownBy(() -> melody(Map.of("key", "H"))).hasMessageStartingWith("env param 'key': 'H'");
    assertThatThrownBy(() -> melody(Map.of("mode", "dorian"))).hasMessageStartingWith("env param 'mode'");
    assertThatThrownBy(() -> melody(Map.of("progression", "I-X"))).hasMessageStartingWith("env param 'progression'");
    assertThatThrownBy(() -> melody(Map.of("steps_per_chord", 0))).hasMessageStartingWith(
        "env param 'steps_per_chord': 0 is outside");
    assertThatThrownBy(() -> melody(Map.of("low", 110))).hasMessage("env param 'low': 110 is outside [0, 104]");
    assertThatThrownBy(() -> melody(Map.of("reward", "nope"))).hasMessageStartingWith("env param 'reward': 'nope'");
    assertThatThrownBy(() -> EnvRegistry.make("melody", EnvParams.of(Map.of("tempo", 90))))
        .hasMessage("unknown env param 'tempo' for melody; allowed: key, length, low, max_episode_steps, mode, "
            + "progression, reward, steps_per_chord");
  }
}
