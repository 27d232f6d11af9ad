package io.qsweep.env.music;

import io.qsweep.env.EnvParams;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TransitionModel;
import io.qsweep.reward.ArrangementTerms;
import io.qsweep.reward.Evaluation;
import io.qsweep.reward.RewardDesign;
import io.qsweep.reward.RewardDesigns;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sound.midi.Sequence;

/**
 * {@code arrangement}: arrange a song in five ordered decisions for a listener whose taste is a
 * {@link ListenerModel}, a small MDP where exploration matters (the song the listener likes best is not the
 * combination of the individually best options).
 *
 * <h2>Decisions</h2>
 * In this order ({@link #DECISIONS}, {@link #OPTIONS}):
 * <ol>
 *   <li>{@code progression} (6): {@code I-V-vi-IV}, {@code vi-IV-I-V}, {@code I-vi-IV-V}, {@code ii-V-I-vi},
 *       {@code I-IV-V-IV}, {@code I-iii-IV-V} (in C major);</li>
 *   <li>{@code melody} pattern (4): {@code arpeggio}, {@code stepwise}, {@code riff}, {@code long_tones};</li>
 *   <li>{@code drums} (2): {@code straight}, {@code syncopated};</li>
 *   <li>{@code harmony} (3): {@code none}, {@code thirds}, {@code sixths} (a second voice doubling the melody a
 *       diatonic third above or sixth below);</li>
 *   <li>{@code background} (5): {@code none}, {@code pad}, {@code bass}, {@code arpeggiated}, {@code stabs}.</li>
 * </ol>
 *
 * <h2>Actions (6)</h2>
 * Action {@code a} picks option {@code a mod n} of the current decision, which has {@code n} options; every action
 * is valid in every state, and with fewer than six options several actions pick the same option (e.g. for drums,
 * actions 0, 2, 4 pick {@code straight}).
 *
 * <h2>States (224)</h2>
 * The decisions made so far. With {@code n_k} the option counts (6, 4, 2, 3, 5) and {@code c_k} the number of
 * prefixes of length {@code k} (1, 6, 24, 48, 144), a prefix of length {@code k} with mixed-radix index
 * {@code p = (((o_0 * n_1 + o_1) * n_2 + o_2) ...)} is state {@code c_0 + ... + c_(k-1) + p}: state 0 is the empty
 * song (the start), states 1..6 hold a progression, ..., states 79..222 hold four decisions. State 223 is the
 * terminal state (absorbing, reward 0), reached by the fifth decision, so every episode has exactly 5 steps.
 *
 * <h2>Rewards</h2>
 * The reward design's weighted sum of the {@link ArrangementTerms} (env param {@code reward}, default
 * {@value #DEFAULT_DESIGN}): {@code final_rating} (the listener's rating of the finished song, last step only),
 * {@code partial_rating} (each decision's rating increment; exact telescoping to the final rating) and
 * {@code choice_score} (each option's own score, ignoring compatibility). The model's reward is the noise-free
 * expected value. With {@code rating_noise} = σ > 0 the listener is noisy: stepping adds Gaussian noise of standard
 * deviation {@code σ * ArrangementTerms.noiseScale(weights, last)} to a step's reward (the model's {@code rewardStd}).
 *
 * <h2>Evaluation</h2>
 * A song's evaluation score is its noise-free listener rating, broken into the five option scores and ten pairwise
 * compatibilities ({@link ListenerModel#breakdown}).
 *
 * <h2>Parameters</h2>
 * {@code reward} (design name or YAML path, default {@value #DEFAULT_DESIGN}), {@code listener} (listener name in
 * {@code conf/listeners} or YAML path, default {@code default}), {@code rating_noise} (σ in [0, 100], default 0).
 *
 * <h2>MIDI</h2>
 * {@link #toMidi}: four bars of 4/4 at 100 bpm in C major, one bar per chord of the progression. Notes per bar:
 * chords 3 (a block triad per bar); melody 4 / 8 / 4 / 2 ({@code arpeggio} quarters, {@code stepwise} eighths,
 * {@code riff} eighth-eighth-quarter-half, {@code long_tones} halves); harmony as many as the melody unless
 * {@code none}; drums 12 ({@code straight}: kick on 1 and 3, snare on 2 and 4, hi-hat eighths) or 9
 * ({@code syncopated}: kick on 1, 2-and, 3-and, snare on 2 and 4, hi-hat off-beats) on channel 10; background 0 /
 * 3 / 4 / 8 / 12 ({@code pad} sustained triad, {@code bass} root quarters, {@code arpeggiated} broken-chord eighths,
 * {@code stabs} off-beat triads).
 */
public final class Arrangement extends TabularEnv implements ComposedEnv {
  public static final String NAME = "arrangement";
  /** The decisions, in the order they are made. */
  public static final List<String> DECISIONS = List.of("progression", "melody", "drums", "harmony", "background");
  /** The options of each decision. */
  public static final List<List<String>> OPTIONS = List.of(
      List.of("I-V-vi-IV", "vi-IV-I-V", "I-vi-IV-V", "ii-V-I-vi", "I-IV-V-IV", "I-iii-IV-V"),
      List.of("arpeggio", "stepwise", "riff", "long_tones"),
      List.of("straight", "syncopated"),
      List.of("none", "thirds", "sixths"),
      List.of("none", "pad", "bass", "arpeggiated", "stabs"));
  public static final int NUM_ACTIONS = 6;
  public static final int NUM_STATES = 224;
  public static final int TERMINAL = NUM_STATES - 1;
  public static final String DEFAULT_DESIGN = "sparse_final_rating";
  /** The environment's parameters (besides {@code max_episode_steps}). */
  public static final List<String> PARAMS = List.of(RewardDesigns.PARAM, ListenerModel.PARAM, "rating_noise");

  private static final int[] STAGE_OFFSET = {0, 1, 7, 31, 79, 223};

  /**
   * The validated settings of an arrangement environment.
   *
   * @param listener    the listener-preference model
   * @param design      the reward design (for {@code arrangement})
   * @param ratingNoise the listener's noise σ, in [0, 100]
   */
  public record Config(ListenerModel listener, RewardDesign design, double ratingNoise) {
    public Config {
      if (listener == null) {
        throw new IllegalArgumentException("env param 'listener': must be given");
      }
      if (design == null || !design.env().equals(NAME)) {
        throw new IllegalArgumentException("env param 'reward': design "
            + (design == null ? "null" : "'" + design.name() + "' for " + design.env())
            + " is not an arrangement design");
      }
      if (!(ratingNoise >= 0 && ratingNoise <= 100)) {
        throw new IllegalArgumentException("env param 'rating_noise': " + ratingNoise + " is outside [0, 100]");
      }
    }

    /** Reads and validates the env params; errors name the param. */
    public static Config fromParams(EnvParams p) {
      p.requireOnly(NAME, Set.copyOf(PARAMS));
      double noise = p.getDouble("rating_noise", 0.0, 0.0, 100.0);
      RewardDesign design = RewardDesigns.resolve(NAME, p.getString(RewardDesigns.PARAM, DEFAULT_DESIGN));
      return new Config(ListenerModel.resolve(p.getString(ListenerModel.PARAM, ListenerModel.DEFAULT)), design,
          noise);
    }
  }

  private final Config config;

  public Arrangement(Config config) {
    super(NAME, buildModel(config));
    this.config = config;
  }

  /** Builds the environment from env params (the registry's factory). */
  public static Arrangement fromParams(EnvParams params) {
    return new Arrangement(Config.fromParams(params));
  }

  public Config config() {
    return config;
  }

  /** The number of options of decision {@code k}. */
  public static int numOptions(int k) {
    return OPTIONS.get(k).size();
  }

  /** The state holding the first {@code decided} options of {@code options} (5 gives the terminal state). */
  public static int stateIndex(int[] options, int decided) {
    if (decided == DECISIONS.size()) {
      return TERMINAL;
    }
    int p = 0;
    for (int k = 0; k < decided; k++) {
      p = p * numOptions(k) + options[k];
    }
    return STAGE_OFFSET[decided] + p;
  }

  /** The options of a composition (action {@code a} at decision {@code k} picks option {@code a mod n_k}). */
  public int[] options(int[] actions) {
    Composer.checkActions(this, actions);
    int[] options = new int[actions.length];
    for (int k = 0; k < actions.length; k++) {
      options[k] = actions[k] % numOptions(k);
    }
    return options;
  }

  private static TransitionModel buildModel(Config c) {
    TransitionModel.Builder b = TransitionModel.builder(NUM_STATES, NUM_ACTIONS);
    double[] w = c.design().weights(ArrangementTerms.TERMS);
    double[] values = new double[ArrangementTerms.TERMS.size()];
    int[] options = new int[DECISIONS.size()];
    int last = DECISIONS.size() - 1;
    for (int k = 0; k <= last; k++) {
      int prefixes = STAGE_OFFSET[k + 1] - STAGE_OFFSET[k];
      double std = c.ratingNoise() * ArrangementTerms.noiseScale(w, k == last);
      for (int p = 0; p < prefixes; p++) {
        int rest = p;
        for (int j = k - 1; j >= 0; j--) {
          options[j] = rest % numOptions(j);
          rest /= numOptions(j);
        }
        for (int a = 0; a < NUM_ACTIONS; a++) {
          options[k] = a % numOptions(k);
          ArrangementTerms.values(k == last, c.listener().rating(options, k + 1), c.listener().increment(options, k),
              c.listener().choiceScore(k, options[k]), values);
          double r = 0;
          for (int i = 0; i < values.length; i++) {
            r += w[i] * values[i];
          }
          b.outcome(STAGE_OFFSET[k] + p, a, 1.0, stateIndex(options, k + 1), r, std, k == last);
        }
      }
    }
    for (int a = 0; a < NUM_ACTIONS; a++) {
      b.outcome(TERMINAL, a, 1.0, TERMINAL, 0.0, true);
    }
    b.initial(0, 1.0);
    return b.build();
  }

  @Override
  public int compositionLength() {
    return DECISIONS.size();
  }

  @Override
  public RewardDesign rewardDesign() {
    return config.design();
  }

  @Override
  public Evaluation evaluate(int[] actions) {
    return Evaluation.ofTerms(config.listener().breakdown(options(actions)));
  }

  @Override
  public String actionName(int action) {
    if (action < 0 || action >= NUM_ACTIONS) {
      throw new IllegalArgumentException("action " + action + " is outside [0, " + (NUM_ACTIONS - 1) + "]");
    }
    return "option" + action;
  }

  /** Tokens {@code decision=option}, e.g. {@code drums=straight}. */
  @Override
  public List<String> composition(int[] actions) {
    int[] options = options(actions);
    List<String> tokens = new ArrayList<>();
    for (int k = 0; k < options.length; k++) {
      tokens.add(DECISIONS.get(k) + "=" + OPTIONS.get(k).get(options[k]));
    }
    return tokens;
  }

  /** One line per decision, e.g. {@code progression  ii-V-I-vi (Dm G C Am)}. */
  @Override
  public String describe(int[] actions) {
    int[] options = options(actions);
    StringBuilder sb = new StringBuilder("arrangement for listener '").append(config.listener().name())
        .append("' (reward design ").append(config.design().name()).append(")\n");
    for (int k = 0; k < options.length; k++) {
      sb.append(String.format("%-12s %s", DECISIONS.get(k), OPTIONS.get(k).get(options[k])));
      if (k == 0) {
        StringBuilder symbols = new StringBuilder();
        for (Harmony.Chord ch : ArrangementMidi.chords(options[0])) {
          symbols.append(symbols.length() == 0 ? "" : " ").append(ch.symbol());
        }
        sb.append(" (").append(symbols).append(')');
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Override
  public Sequence toMidi(int[] actions) {
    return ArrangementMidi.render(options(actions));
  }

  /** The song a deterministic policy arranges, described as by {@link #describe}. */
  @Override
  public String renderPolicy(int[] actionPerState) {
    return describe(Composer.followPolicy(this, actionPerState));
  }
}
