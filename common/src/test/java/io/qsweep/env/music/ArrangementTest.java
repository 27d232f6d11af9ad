package io.qsweep.env.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.Step;
import io.qsweep.env.TransitionModel;
import io.qsweep.testing.EnvContract;
import io.qsweep.testing.ModelSampling;
import java.nio.file.Path;
import java.util.Map;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrangementTest {
  @TempDir
  Path tmp;

  private static Arrangement arrangement(Map<String, ?> params) {
    return Arrangement.fromParams(EnvParams.of(params));
  }

  /** Every song as actions 0..n_k-1 (no aliasing). */
  private static int[][] allSongs() {
    int[][] songs = new int[720][5];
    for (int i = 0; i < 720; i++) {
      int rest = i;
      for (int k = 4; k >= 0; k--) {
        songs[i][k] = rest % Arrangement.numOptions(k);
        rest /= Arrangement.numOptions(k);
      }
    }
    return songs;
  }

  private static double[] stepRewards(Env env, int[] actions) {
    env.reset(0);
    double[] r = new double[actions.length];
    for (int k = 0; k < actions.length; k++) {
      Step s = env.step(actions[k]);
      r[k] = s.reward;
      assertThat(s.terminated).isEqualTo(k == actions.length - 1);
    }
    return r;
  }

  @Test
  void sizesAndRegistration() {
    Env env = EnvRegistry.make("arrangement");
    assertThat(env).isInstanceOf(Arrangement.class);
    assertThat(env.numStates()).isEqualTo(224);
    assertThat(env.numActions()).isEqualTo(6);
    assertThat(((Arrangement) env).rewardDesign().name()).isEqualTo("sparse_final_rating");
    assertThat(Arrangement.stateIndex(new int[] {5, 3, 1, 2}, 4)).isEqualTo(222);
    assertThat(Arrangement.stateIndex(new int[] {0, 0, 0, 0}, 4)).isEqualTo(79);
    assertThat(Arrangement.stateIndex(new int[] {2}, 1)).isEqualTo(3);
    assertThat(Arrangement.stateIndex(new int[5], 5)).isEqualTo(Arrangement.TERMINAL);
  }

  @Test
  void stepsFollowTheModelAndAreDeterministic() {
    for (String design : new String[] {"sparse_final_rating", "shaped_rating", "myopic_choices"}) {
      for (double noise : new double[] {0, 0.5}) {
        Arrangement env = arrangement(Map.of("reward", design, "rating_noise", noise));
        EnvContract.checkModel(env);
        assertThat(ModelSampling.assertEveryStepIsAModelOutcome(env, 3, 50_000)).isEqualTo(223 * 6);
        assertThat(EnvContract.checkStepMatchesModel(env, 4, 200_000, 200)).isGreaterThanOrEqualTo((1 + 6) * 6);
        assertThat(env.model().deterministicRewards()).isEqualTo(noise == 0);
      }
    }
    EnvContract.checkDeterminism(() -> EnvRegistry.make("arrangement",
        EnvParams.of(Map.of("rating_noise", "1.0", "reward", "shaped_rating"))), 9, 20_000);
  }

  @Test
  void actionsPickOptionsModuloTheirCount() {
    Arrangement env = arrangement(Map.of());
    assertThat(env.options(new int[] {5, 5, 5, 5, 5})).containsExactly(5, 1, 1, 2, 0);
    assertThat(env.composition(new int[] {3, 5, 3, 5, 2})).containsExactly("progression=ii-V-I-vi",
        "melody=stepwise", "drums=syncopated", "harmony=sixths", "background=bass");
    assertThat(env.describe(new int[] {3, 1, 1, 2, 2})).contains("progression  ii-V-I-vi (Dm G C Am)")
        .contains("background   bass");
  }

  @Test
  void sparseAndShapedReturnsBothEqualTheRatingForEverySong() {
    Arrangement sparse = arrangement(Map.of("reward", "sparse_final_rating"));
    Arrangement shaped = arrangement(Map.of("reward", "shaped_rating"));
    for (int[] song : allSongs()) {
      double rating = sparse.evaluate(song).score();
      assertThat(rating).isCloseTo(sparse.config().listener().rating(song), Offset.offset(1e-12));
      double[] rs = stepRewards(sparse, song);
      assertThat(rs).startsWith(0, 0, 0, 0);
      assertThat(rs[4]).isCloseTo(rating, Offset.offset(1e-12));
      double shapedSum = 0;
      for (double r : stepRewards(shaped, song)) {
        shapedSum += r;
      }
      assertThat(shapedSum).isCloseTo(rating, Offset.offset(1e-12));
    }
  }

  @Test
  void theListenersFavouriteIsNotTheMyopicChoice() {
    Arrangement sparse = arrangement(Map.of());
    Arrangement myopic = arrangement(Map.of("reward", "myopic_choices"));
    int[] best = null;
    double bestRating = Double.NEGATIVE_INFINITY;
    int[] bestMyopic = null;
    double bestMyopicReturn = Double.NEGATIVE_INFINITY;
    for (int[] song : allSongs()) {
      double rating = sparse.evaluate(song).score();
      if (rating > bestRating) {
        bestRating = rating;
        best = song;
      }
      double ret = 0;
      for (double r : stepRewards(myopic, song)) {
        ret += r;
      }
      if (ret > bestMyopicReturn) {
        bestMyopicReturn = ret;
        bestMyopic = song;
      }
    }
    assertThat(sparse.composition(best)).containsExactly("progression=ii-V-I-vi", "melody=stepwise",
        "drums=syncopated", "harmony=sixths", "background=bass");
    assertThat(bestRating).isCloseTo(6.5, Offset.offset(1e-12));
    assertThat(sparse.composition(bestMyopic)).containsExactly("progression=I-V-vi-IV", "melody=stepwise",
        "drums=straight", "harmony=thirds", "background=bass");
    assertThat(sparse.evaluate(bestMyopic).score()).isCloseTo(4.0, Offset.offset(1e-12));
  }

  @Test
  void aNoisyListenerAddsGaussianNoiseAroundTheModelsReward() {
    Arrangement noisy = arrangement(Map.of("rating_noise", 0.8));
    TransitionModel m = noisy.model();
    int prefix = Arrangement.stateIndex(new int[] {3, 1, 1, 2}, 4);
    int k = m.begin(prefix, 2);
    assertThat(m.reward(k)).isCloseTo(6.5, Offset.offset(1e-12));
    assertThat(m.rewardStd(k)).isEqualTo(0.8);
    assertThat(m.rewardStd(m.begin(0, 0))).as("sparse: no rating before the end").isZero();
    Arrangement shaped = arrangement(Map.of("rating_noise", 0.8, "reward", "shaped_rating"));
    assertThat(shaped.model().rewardStd(shaped.model().begin(0, 0))).isEqualTo(0.8);
    int n = 20_000;
    double sum = 0;
    double sumSq = 0;
    noisy.reset(42);
    for (int i = 0; i < n; i++) {
      noisy.reset();
      for (int a : new int[] {3, 1, 1, 2}) {
        assertThat(noisy.step(a).reward).isZero();
      }
      double r = noisy.step(2).reward;
      sum += r;
      sumSq += r * r;
    }
    double mean = sum / n;
    assertThat(mean).isCloseTo(6.5, Offset.offset(5 * 0.8 / Math.sqrt(n)));
    assertThat(Math.sqrt(sumSq / n - mean * mean)).isCloseTo(0.8, Offset.offset(0.03));
  }

  @Test
  void midiRoundTripHasTheDocumentedNotesForEverySong() throws Exception {
    Arrangement env = arrangement(Map.of());
    int[] melodyPerBar = {4, 8, 4, 2};
    int[] drumsPerBar = {12, 9};
    int[] backgroundPerBar = {0, 3, 4, 8, 12};
    for (int[] song : allSongs()) {
      int perBar = 3 + melodyPerBar[song[1]] * (song[3] == 0 ? 1 : 2) + drumsPerBar[song[2]]
          + backgroundPerBar[song[4]];
      assertThat(Midi.countNotes(env.toMidi(song))).as(env.composition(song).toString()).isEqualTo(4 * perBar);
    }
    Path file = tmp.resolve("song.mid");
    int[] song = {0, 0, 0, 1, 1};
    env.writeMidi(song, file);
    Sequence seq = MidiSystem.getSequence(file.toFile());
    assertThat(Midi.countNotes(seq)).isEqualTo(4 * (3 + 4 + 4 + 12 + 3)).isEqualTo(104);
    assertThat(seq.getTracks()).hasSize(6); // conductor, chords, melody, harmony, background, drums
    assertThat(MelodyTest.tempoBpm(seq)).isCloseTo(100, Offset.offset(0.01));
    Track drums = seq.getTracks()[5];
    int drumNotes = 0;
    for (int i = 0; i < drums.size(); i++) {
      if (drums.get(i).getMessage() instanceof ShortMessage sm && sm.getCommand() == ShortMessage.NOTE_ON) {
        assertThat(sm.getChannel()).isEqualTo(Midi.DRUM_CHANNEL);
        drumNotes++;
      }
    }
    assertThat(drumNotes).isEqualTo(48);
    // arpeggio over the C chord of bar 1: C5 E5 G5 C6, harmony a diatonic third above: E5 G5 B5 E6
    assertThat(MelodyTest.notes(seq.getTracks()[2]).subList(0, 4)).extracting(n -> n[0])
        .containsExactly(72L, 76L, 79L, 84L);
    assertThat(MelodyTest.notes(seq.getTracks()[3]).subList(0, 4)).extracting(n -> n[0])
        .containsExactly(76L, 79L, 83L, 88L);
  }

  @Test
  void badEnvParamsNameTheParam() {
    assertThatThrownBy(() -> arrangement(Map.of("rating_noise", -1)))
        .hasMessage("env param 'rating_noise': -1 is outside [0.0, 100.0]");
    assertThatThrownBy(() -> arrangement(Map.of("rating_noise", "loud")))
        .hasMessage("env param 'rating_noise': 'loud' is not a number");
    assertThatThrownBy(() -> arrangement(Map.of("listener", "grumpy")))
        .hasMessageStartingWith("env param 'listener': 'grumpy' is not one of default");
    assertThatThrownBy(() -> arrangement(Map.of("reward", "consonance")))
        .hasMessageStartingWith("env param 'reward': design 'consonance' is for melody, not arrangement");
    assertThatThrownBy(() -> arrangement(Map.of("key", "C")))
        .hasMessage("unknown env param 'key' for arrangement; allowed: listener, rating_noise, reward");
  }
}
