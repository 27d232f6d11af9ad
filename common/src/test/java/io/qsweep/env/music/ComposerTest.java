package io.qsweep.env.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.TimeLimit;
import io.qsweep.table.QTable;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Trainer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import javax.sound.midi.MidiSystem;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposerTest {
  @TempDir
  Path tmp;

  @Test
  void greedyActionTakesTheLowestIndexAmongTies() {
    double[] q = {0, 3, 1, 3, /* state 1 */ -1, -1, -1, -1};
    assertThat(Composer.greedyAction(q, 0, 4)).isEqualTo(1);
    assertThat(Composer.greedyAction(q, 1, 4)).isEqualTo(0);
  }

  /** A Q-table whose greedy policy arranges {@code song} (one preferred action per stage). */
  private static double[] tableFor(int[] song) {
    double[] q = new double[Arrangement.NUM_STATES * Arrangement.NUM_ACTIONS];
    for (int s = 0; s < Arrangement.NUM_STATES; s++) {
      int stage = s == 0 ? 0 : s < 7 ? 1 : s < 31 ? 2 : s < 79 ? 3 : s < 223 ? 4 : -1;
      if (stage >= 0) {
        q[s * 6 + song[stage]] = 1;
      }
    }
    return q;
  }

  @Test
  void greedyRolloutIsTheCompleteCompositionEvenThroughATimeLimit() {
    Env env = EnvRegistry.make("arrangement", EnvParams.of(Map.of("max_episode_steps", 2, "rating_noise", 3)));
    assertThat(env).isInstanceOf(TimeLimit.class);
    assertThat(ComposedEnv.find(env)).isInstanceOf(Arrangement.class);
    int[] song = {3, 5, 1, 2, 2};
    assertThat(Composer.greedyActions(env, tableFor(song), 7)).containsExactly(song);
    Composition c = Composer.compose(env, tableFor(song));
    assertThat(c.composition()).containsExactly("progression=ii-V-I-vi", "melody=stepwise", "drums=syncopated",
        "harmony=sixths", "background=bass");
    assertThat(c.evaluationScore()).isCloseTo(6.5, Offset.offset(1e-12));
    assertThat(c.designReturn()).as("noise-free").isCloseTo(6.5, Offset.offset(1e-12));
    assertThat(c.env()).isEqualTo("arrangement");
    assertThat(c.design()).isEqualTo("sparse_final_rating");
  }

  @Test
  void badInputIsRejectedWithAClearMessage() {
    Env melody = EnvRegistry.make("melody");
    assertThatThrownBy(() -> Composer.greedyActions(melody, new double[10], 0))
        .hasMessage("q-table has 10 entries; melody needs 3753 states x 26 actions = 97578");
    Env taxi = EnvRegistry.make("taxi");
    assertThatThrownBy(() -> Composer.compose(taxi, new double[500 * 6]))
        .hasMessage("env 'taxi' does not compose music; allowed: melody, arrangement");
    assertThat(ComposedEnv.find(taxi)).isNull();
  }

  @Test
  void compositionCarriesWhatComposePrints() throws Exception {
    Env env = EnvRegistry.make("melody", EnvParams.of(Map.of("reward", "consonance", "length", 16)));
    QTable q = Trainer.train(env, qLearning(0.5, 0.9, 0.2, 2000), 1).q();
    Composition c = Composer.compose(env, q);
    assertThat(c.composition()).hasSize(16);
    assertThat(c.description()).startsWith("melody, 16 eighth notes in C major over I-V-vi-IV (reward design "
        + "consonance)\n");
    assertThat(c.scoreTerms().keySet()).containsExactly("in_key", "start_tonic", "end_tonic", "chord_tone",
        "preferred_intervals", "awkward_intervals", "leap_resolution", "repetition", "unique_extremes");
    assertThat(c.scoreTerms().values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(c.evaluationScore(), Offset.offset(1e-9));
    env.reset(0);
    double ret = 0;
    for (int a : c.actions()) {
      ret += env.step(a).reward;
    }
    assertThat(c.designReturn()).isEqualTo(ret);
    assertThat(Composer.compose(env, q).actions()).as("deterministic").containsExactly(c.actions());
    Path file = tmp.resolve("c.mid");
    c.writeMidi(file);
    long onsets = c.composition().stream().filter(t -> !t.equals("-") && !t.equals("r")).count();
    assertThat(Midi.countNotes(MidiSystem.getSequence(file.toFile()))).isEqualTo((int) onsets + 2 * 3);
  }

  private static AgentConfig qLearning(double alpha, double gamma, double epsilon, int episodes) {
    return AgentConfig.DEFAULTS.withAlpha(alpha).withGamma(gamma)
        .withExploration(ExplorationSpec.epsilonGreedy(epsilon)).withEpisodes(episodes);
  }

  /** Evaluation scores of 1000 uniformly random compositions: {mean, standard deviation, max}. */
  private static double[] randomBaseline(Env env) {
    SplittableRandom rng = new SplittableRandom(2024);
    double sum = 0;
    double sumSq = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < 1000; i++) {
      double v = Composer.composition(env, Composer.randomActions(env, rng)).evaluationScore();
      sum += v;
      sumSq += v * v;
      max = Math.max(max, v);
    }
    double mean = sum / 1000;
    return new double[] {mean, Math.sqrt(sumSq / 1000 - mean * mean), max};
  }

  @Test
  void trainedMelodiesScoreAboveTheBestOfAThousandRandomOnes() {
    for (String design : new String[] {"theory", "consonance"}) {
      Env env = EnvRegistry.make("melody", EnvParams.of(Map.of("reward", design)));
      double[] random = randomBaseline(env);
      for (long seed = 1; seed <= 3; seed++) {
        double score = Composer.compose(env, Trainer.train(env, qLearning(0.5, 0.9, 0.2, 10_000), seed).q())
            .evaluationScore();
        assertThat(score).as("%s seed %d vs random mean %.1f, max %.1f", design, seed, random[0], random[2])
            .isGreaterThan(random[2] + 10);
      }
    }
  }

  @Test
  void trainedArrangementsScoreClearlyAboveRandomOnes() {
    for (String design : new String[] {"sparse_final_rating", "shaped_rating"}) {
      Env env = EnvRegistry.make("arrangement", EnvParams.of(Map.of("reward", design)));
      double[] random = randomBaseline(env);
      double mean = 0;
      for (long seed = 1; seed <= 5; seed++) {
        double score = Composer.compose(env, Trainer.train(env, qLearning(0.2, 1.0, 0.5, 5000), seed).q())
            .evaluationScore();
        assertThat(score).as("%s seed %d vs random %.2f +- %.2f", design, seed, random[0], random[1])
            .isGreaterThan(random[0] + 1.5 * random[1]);
        mean += score / 5;
      }
      assertThat(mean).as(design).isGreaterThan(random[0] + 3 * random[1]);
    }
  }
}
