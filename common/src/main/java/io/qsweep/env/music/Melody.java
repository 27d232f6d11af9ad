package io.qsweep.env.music;

import io.qsweep.env.EnvParams;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TransitionModel;
import io.qsweep.reward.Evaluation;
import io.qsweep.reward.MelodyRules;
import io.qsweep.reward.RewardDesign;
import io.qsweep.reward.RewardDesigns;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

/**
 * {@code melody}: compose a melody note by note over a fixed chord progression, rewarded by a music-theory reward
 * design (after Jaques et al. 2017, "RL Tuner"; the terms are specified in {@link MelodyRules}).
 *
 * <h2>Piece</h2>
 * {@code length} steps (eighth notes), default 32 = four bars of 4/4. Under the melody, the chords of
 * {@code progression} (roman numerals in {@code key}/{@code mode}, default {@code I-V-vi-IV} in C major) last
 * {@code steps_per_chord} steps each (default 8 = one bar) and the progression repeats until the melody ends.
 *
 * <h2>Actions (26)</h2>
 * {@code 0..23}: strike pitch {@code low + a} (a two-octave chromatic range; {@code low} defaults to the tonic in
 * octave 4, e.g. C4 = MIDI 60); {@value #HOLD_ACTION} = {@code HOLD}: the sounding note continues (during silence,
 * silence continues); {@value #REST_ACTION} = {@code REST}: silence.
 *
 * <h2>States</h2>
 * A state is {@code (t, sounding, motion)}: the step {@code t}, the pitch sounding before it (one of the 24, or
 * silence) and the melodic motion class that reached it ({@link MelodyRules}: smooth, leap up, leap down, struck
 * twice, struck three or more times; silence always has the smooth class). That is exactly the context the reward
 * terms need, so every reward is a deterministic function of {@code (s, a, s')}. Encoding:
 * <ul>
 *   <li>{@code 0}: the start ({@code t = 0}, silence);</li>
 *   <li>for {@code t = 1 .. length-1}, base {@code b = 1 + (t-1) * 121}: {@code b} = silence, and
 *       {@code b + 1 + 5 * p + m} = pitch {@code low + p} sounding, reached with motion {@code m};</li>
 *   <li>{@code 1 + (length-1) * 121}: the terminal state.</li>
 * </ul>
 * So there are {@code 2 + 121 * (length - 1)} states: 3753 for the default 32 steps (97 578 state-action pairs).
 * Observations are these indices.
 *
 * <h2>Dynamics and rewards</h2>
 * Deterministic: the start state is 0; every action moves to step {@code t + 1}; the action at step
 * {@code length - 1} terminates the episode (the terminal state is absorbing with reward 0), so every episode has
 * exactly {@code length} steps and no time limit is needed. The reward of a step is the reward design's weighted sum
 * of the {@link MelodyRules} step terms (env param {@code reward}, default {@value #DEFAULT_DESIGN}); it is
 * deterministic.
 *
 * <h2>Evaluation</h2>
 * Whatever the design, a melody's evaluation score is {@link MelodyRules#evaluate}: every theory term (including the
 * evaluation-only {@code unique_extremes}) with fixed weights.
 *
 * <h2>Parameters</h2>
 * {@code length} (2..128, default 32), {@code key} (tonic name, default {@code C}), {@code mode}
 * ({@code major}|{@code minor}, default {@code major}), {@code progression} (default {@code I-V-vi-IV}, see
 * {@link Harmony#progression}), {@code steps_per_chord} (1..64, default 8), {@code low} (0..104, default the tonic's
 * MIDI pitch in octave 4, 60..71), {@code reward} (design name or YAML path, default {@value #DEFAULT_DESIGN}).
 *
 * <h2>MIDI</h2>
 * {@link #toMidi}: 100 bpm, steps are eighth notes; one track with the melody (an onset lasts through its holds),
 * one with the chords as block triads (root position, root in octave 3) lasting {@code steps_per_chord} steps each.
 */
public final class Melody extends TabularEnv implements ComposedEnv {
  public static final String NAME = "melody";
  /** Number of pitch actions (two octaves). */
  public static final int PITCHES = 24;
  public static final int HOLD_ACTION = 24;
  public static final int REST_ACTION = 25;
  public static final int NUM_ACTIONS = 26;
  /** States per step {@code t >= 1}: silence plus 24 pitches times 5 motion classes. */
  public static final int STATES_PER_STEP = 1 + PITCHES * MelodyRules.NUM_MOTIONS;
  public static final String DEFAULT_DESIGN = "theory";
  /** The environment's parameters (besides {@code max_episode_steps}). */
  public static final List<String> PARAMS =
      List.of("length", "key", "mode", "progression", "steps_per_chord", "low", RewardDesigns.PARAM);
  /** Tempo of the MIDI rendering. */
  public static final double BPM = 100;
  private static final int TICKS_PER_STEP = Midi.PPQ / 2;

  /**
   * The validated settings of a melody environment.
   *
   * @param length        steps of the melody, in [2, 128]
   * @param key           the key
   * @param progression   the chords, in order, at least one
   * @param stepsPerChord steps per chord, in [1, 64]
   * @param low           MIDI pitch of action 0, in [0, 104]
   * @param design        the reward design (for {@code melody})
   */
  public record Config(int length, Harmony.Key key, List<Harmony.Chord> progression, int stepsPerChord, int low,
      RewardDesign design) {
    public Config {
      if (length < 2 || length > 128) {
        throw new IllegalArgumentException("env param 'length': " + length + " is outside [2, 128]");
      }
      if (key == null) {
        throw new IllegalArgumentException("env param 'key': must be given");
      }
      if (progression == null || progression.isEmpty()) {
        throw new IllegalArgumentException("env param 'progression': needs at least one chord");
      }
      progression = List.copyOf(progression);
      if (stepsPerChord < 1 || stepsPerChord > 64) {
        throw new IllegalArgumentException("env param 'steps_per_chord': " + stepsPerChord
            + " is outside [1, 64]");
      }
      if (low < 0 || low > 127 - (PITCHES - 1)) {
        throw new IllegalArgumentException("env param 'low': " + low + " is outside [0, " + (127 - (PITCHES - 1))
            + "]");
      }
      if (design == null || !design.env().equals(NAME)) {
        throw new IllegalArgumentException("env param 'reward': design "
            + (design == null ? "null" : "'" + design.name() + "' for " + design.env()) + " is not a melody design");
      }
    }

    /** Reads and validates the env params; errors name the param. */
    public static Config fromParams(EnvParams p) {
      p.requireOnly(NAME, Set.copyOf(PARAMS));
      Harmony.Key key = Harmony.key(p.getString("key", "C"), p.getChoice("mode", "major", Set.of("major", "minor")));
      List<Harmony.Chord> chords = Harmony.progression("progression", p.getString("progression", "I-V-vi-IV"), key);
      return new Config(p.getInt("length", 32, 2, 128), key, chords, p.getInt("steps_per_chord", 8, 1, 64),
          p.getInt("low", 60 + key.tonic(), 0, 127 - (PITCHES - 1)),
          RewardDesigns.resolve(NAME, p.getString(RewardDesigns.PARAM, DEFAULT_DESIGN)));
    }

    /** The chord under step {@code t}. */
    public Harmony.Chord chordAt(int t) {
      return progression.get(t / stepsPerChord % progression.size());
    }
  }

  private final Config config;
  private final MelodyRules rules;

  public Melody(Config config) {
    this(config, rulesFor(config));
  }

  private Melody(Config config, MelodyRules rules) {
    super(NAME, buildModel(config, rules));
    this.config = config;
    this.rules = rules;
  }

  /** Builds the environment from env params (the registry's factory). */
  public static Melody fromParams(EnvParams params) {
    return new Melody(Config.fromParams(params));
  }

  public Config config() {
    return config;
  }

  /** The music-theory rules of this key and progression. */
  public MelodyRules rules() {
    return rules;
  }

  /** Number of states for a melody of {@code length} steps. */
  public static int numStates(int length) {
    return 2 + STATES_PER_STEP * (length - 1);
  }

  /**
   * The index of state {@code (t, sounding, motion)}; {@code pitchIndex} is {@code sounding - low} or -1 for silence
   * (whose motion is ignored); {@code t = length} is the terminal state.
   */
  public int stateIndex(int t, int pitchIndex, int motion) {
    if (t < 0 || t > config.length()) {
      throw new IllegalArgumentException("step " + t + " is outside [0, " + config.length() + "]");
    }
    if (t == 0) {
      return 0;
    }
    if (t == config.length()) {
      return numStates(config.length()) - 1;
    }
    int base = 1 + (t - 1) * STATES_PER_STEP;
    return pitchIndex < 0 ? base : base + 1 + pitchIndex * MelodyRules.NUM_MOTIONS + motion;
  }

  /** The melody event of an action: a MIDI pitch, {@link MelodyRules#HOLD} or {@link MelodyRules#REST}. */
  public int event(int action) {
    if (action < PITCHES) {
      return config.low() + action;
    }
    return action == HOLD_ACTION ? MelodyRules.HOLD : MelodyRules.REST;
  }

  private static MelodyRules rulesFor(Config c) {
    int[] chordMask = new int[c.length()];
    boolean[] downbeat = new boolean[c.length()];
    for (int t = 0; t < c.length(); t++) {
      chordMask[t] = c.chordAt(t).mask();
      downbeat[t] = t % c.stepsPerChord() == 0;
    }
    return new MelodyRules(c.key().tonic(), c.key().scaleMask(), chordMask, downbeat);
  }

  private static TransitionModel buildModel(Config c, MelodyRules rules) {
    int length = c.length();
    int terminal = numStates(length) - 1;
    TransitionModel.Builder b = TransitionModel.builder(numStates(length), NUM_ACTIONS);
    double[] w = c.design().weights(MelodyRules.TERMS);
    double[] terms = new double[MelodyRules.NUM_STEP_TERMS];
    for (int t = 0; t < length; t++) {
      int base = t == 0 ? 0 : 1 + (t - 1) * STATES_PER_STEP;
      int contexts = t == 0 ? 1 : STATES_PER_STEP;
      for (int ctx = 0; ctx < contexts; ctx++) {
        int sounding = ctx == 0 ? MelodyRules.SILENT : c.low() + (ctx - 1) / MelodyRules.NUM_MOTIONS;
        int motion = ctx == 0 ? MelodyRules.SMOOTH : (ctx - 1) % MelodyRules.NUM_MOTIONS;
        for (int a = 0; a < NUM_ACTIONS; a++) {
          int event = a < PITCHES ? c.low() + a : a == HOLD_ACTION ? MelodyRules.HOLD : MelodyRules.REST;
          rules.stepTerms(t, sounding, motion, event, terms);
          double r = 0;
          for (int i = 0; i < terms.length; i++) {
            r += w[i] * terms[i];
          }
          int next;
          if (t == length - 1) {
            next = terminal;
          } else {
            int ns = MelodyRules.nextSounding(sounding, event);
            int nm = MelodyRules.nextMotion(sounding, motion, event);
            int nBase = 1 + t * STATES_PER_STEP;
            next = ns == MelodyRules.SILENT ? nBase : nBase + 1 + (ns - c.low()) * MelodyRules.NUM_MOTIONS + nm;
          }
          b.outcome(base + ctx, a, 1.0, next, r, t == length - 1);
        }
      }
    }
    for (int a = 0; a < NUM_ACTIONS; a++) {
      b.outcome(terminal, a, 1.0, terminal, 0.0, true);
    }
    b.initial(0, 1.0);
    return b.build();
  }

  @Override
  public int compositionLength() {
    return config.length();
  }

  @Override
  public RewardDesign rewardDesign() {
    return config.design();
  }

  /** The melody events of a composition. */
  public int[] events(int[] actions) {
    Composer.checkActions(this, actions);
    int[] events = new int[actions.length];
    for (int t = 0; t < actions.length; t++) {
      events[t] = event(actions[t]);
    }
    return events;
  }

  @Override
  public Evaluation evaluate(int[] actions) {
    return rules.evaluate(events(actions));
  }

  @Override
  public String actionName(int action) {
    if (action < 0 || action >= NUM_ACTIONS) {
      throw new IllegalArgumentException("action " + action + " is outside [0, " + (NUM_ACTIONS - 1) + "]");
    }
    return action < PITCHES ? Harmony.noteName(config.low() + action, config.key().flats())
        : action == HOLD_ACTION ? "HOLD" : "REST";
  }

  /** Tokens: a note name per onset, {@code -} per hold, {@code r} per rest. */
  @Override
  public List<String> composition(int[] actions) {
    int[] events = events(actions);
    List<String> tokens = new ArrayList<>(events.length);
    for (int e : events) {
      tokens.add(e >= 0 ? Harmony.noteName(e, config.key().flats()) : e == MelodyRules.HOLD ? "-" : "r");
    }
    return tokens;
  }

  /** A header line, then one line per chord: {@code C   | C4 E4 G4 - E4 D4 C4 r}. */
  @Override
  public String describe(int[] actions) {
    List<String> tokens = composition(actions);
    StringBuilder sb = new StringBuilder();
    sb.append("melody, ").append(config.length()).append(" eighth notes in ").append(config.key().name())
        .append(" over ");
    for (int i = 0; i < config.progression().size(); i++) {
      Harmony.Chord ch = config.progression().get(i);
      sb.append(i == 0 ? "" : "-").append(ch.numeral());
    }
    sb.append(" (reward design ").append(config.design().name()).append(")\n");
    for (int t = 0; t < tokens.size(); t += config.stepsPerChord()) {
      sb.append(String.format("%-5s|", config.chordAt(t).symbol()));
      for (int u = t; u < Math.min(t + config.stepsPerChord(), tokens.size()); u++) {
        sb.append(' ').append(tokens.get(u));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Override
  public Sequence toMidi(int[] actions) {
    int[] events = events(actions);
    Sequence seq = Midi.newSequence("qsweep melody in " + config.key().name(), BPM,
        config.stepsPerChord() % 2 == 0 ? config.stepsPerChord() / 2 : config.stepsPerChord(),
        config.stepsPerChord() % 2 == 0 ? 4 : 8);
    Track melody = Midi.newTrack(seq, "melody", 0, 0);
    int t = 0;
    while (t < events.length) {
      if (events[t] < 0) {
        t++;
        continue;
      }
      int end = t + 1;
      while (end < events.length && events[end] == MelodyRules.HOLD) {
        end++;
      }
      Midi.note(melody, 0, events[t], 96, (long) t * TICKS_PER_STEP, (long) end * TICKS_PER_STEP);
      t = end;
    }
    Track chords = Midi.newTrack(seq, "chords", 1, 0);
    for (int start = 0; start < events.length; start += config.stepsPerChord()) {
      int end = Math.min(start + config.stepsPerChord(), events.length);
      for (int pitch : config.chordAt(start).voicing(48)) {
        Midi.note(chords, 1, pitch, 64, (long) start * TICKS_PER_STEP, (long) end * TICKS_PER_STEP);
      }
    }
    return seq;
  }

  /** The melody a deterministic policy composes, described as by {@link #describe}. */
  @Override
  public String renderPolicy(int[] actionPerState) {
    return describe(Composer.followPolicy(this, actionPerState));
  }
}
