package io.qsweep.reward;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The music-theory reward terms of the {@code melody} environment and its evaluation score, after the rule-based
 * rewards of Jaques et al., "Tuning Recurrent Neural Networks with Reinforcement Learning" (RL Tuner, ICLR 2017
 * workshop; extended as "Sequence Tutor", ICML 2017): stay in key, begin and end on the tonic, prefer small
 * intervals, avoid awkward intervals, resolve leaps, avoid excessive repetition, have a unique highest and lowest
 * note. The formulations and numbers below are qsweep's own; consonance with the underlying chord is an addition
 * for a melody over a fixed progression.
 *
 * <h2>Events and the Markov context</h2>
 * A melody is a sequence of one event per step {@code t = 0 .. length-1}: a MIDI pitch {@code >= 0} (a note
 * <em>onset</em>), {@link #HOLD} (the sounding note continues; during silence, silence continues) or {@link #REST}
 * (silence). Every step term is a function of the step {@code t}, the event and a small context that the
 * environment's state carries, so that the reward of {@code (s, a, s')} is deterministic:
 * <ul>
 *   <li>{@code sounding}: the pitch sounding before the step (the last onset, sustained through holds), or
 *       {@link #SILENT} at the start and after a rest. A rest breaks the melodic line: the first onset after silence
 *       has no interval.</li>
 *   <li>{@code motion}: how the sounding note was reached, one of {@link #SMOOTH} (first note after silence, or an
 *       interval of 1..4 semitones), {@link #LEAP_UP} / {@link #LEAP_DOWN} (an interval of {@link #LEAP} = 5 or more
 *       semitones), {@link #REPEAT} (the same pitch struck twice in a row) and {@link #REPEATED} (struck three or more
 *       times in a row). Holds keep the motion; rests reset it to {@code SMOOTH}.</li>
 * </ul>
 * {@link #nextSounding} and {@link #nextMotion} give the context after a step.
 *
 * <h2>Step terms (usable in designs)</h2>
 * With {@code d} the interval in semitones from {@code sounding} to an onset (only when something was sounding):
 * <ul>
 *   <li>{@code in_key}: -1 for an onset whose pitch class is outside the key's scale; else 0.</li>
 *   <li>{@code start_tonic}: at {@code t = 0} only: +1 if the event is an onset of the tonic (any octave), else -1.
 *       </li>
 *   <li>{@code end_tonic} (end of episode): at {@code t = length-1} only: +1 if the note sounding after the step
 *       (the onset, or the held note) is the tonic, else -1 (also for silence).</li>
 *   <li>{@code chord_tone}: +1 for an onset of a tone of the current chord; -1 for an onset of a non-chord tone on a
 *       chord's first step (its downbeat), or for holding a non-chord tone into a downbeat; else 0 (non-chord tones
 *       between downbeats are free passing tones).</li>
 *   <li>{@code preferred_intervals}: +1 for {@code |d|} in 1..2 (stepwise motion), +0.5 for {@code |d|} in 3..4
 *       (thirds); else 0.</li>
 *   <li>{@code awkward_intervals}: -1 for {@code |d|} = 6 (tritone), 10..11 (sevenths) or more than 12 (beyond an
 *       octave); else 0.</li>
 *   <li>{@code leap_resolution}: for an onset whose {@code motion} is a leap: +1 when {@code d} is a step (1..2
 *       semitones) in the opposite direction; -1 when it moves on in the leap's direction; else 0.</li>
 *   <li>{@code repetition}: -1 for an onset of the same pitch when {@code motion} is {@code REPEATED}, i.e. for the
 *       fourth and every further consecutive strike of one pitch; else 0.</li>
 * </ul>
 *
 * <h2>Evaluation-only term</h2>
 * <ul>
 *   <li>{@code unique_extremes}: over the whole melody, +1 if its highest onset pitch is struck exactly once and +1
 *       if its lowest is (so a melody of a single note scores 2, an empty one 0). It needs the whole history, which
 *       the tabular state does not carry, so no design may use it; it is part of the evaluation score only.</li>
 * </ul>
 *
 * <h2>Evaluation score</h2>
 * The melody's evaluation score is {@code sum over terms of EVALUATION_WEIGHT * total}, where a step term's total is
 * its sum over the melody. The fixed weights ({@link #evaluationWeights()}) are 2 for {@code in_key},
 * {@code start_tonic}, {@code end_tonic} and {@code unique_extremes} and 1 for the others. The breakdown reports each
 * term's weighted contribution.
 */
public final class MelodyRules {
  /** Event: the sounding note (or silence) continues. */
  public static final int HOLD = -1;
  /** Event: silence. */
  public static final int REST = -2;
  /** Context: nothing is sounding. */
  public static final int SILENT = -1;

  /** Motion classes (see the class documentation). */
  public static final int SMOOTH = 0;
  public static final int LEAP_UP = 1;
  public static final int LEAP_DOWN = 2;
  public static final int REPEAT = 3;
  public static final int REPEATED = 4;
  public static final int NUM_MOTIONS = 5;
  /** The smallest interval, in semitones, that counts as a leap. */
  public static final int LEAP = 5;

  /** Term indices into {@link #TERMS} and the arrays filled by {@link #stepTerms}. */
  public static final int IN_KEY = 0;
  public static final int START_TONIC = 1;
  public static final int END_TONIC = 2;
  public static final int CHORD_TONE = 3;
  public static final int PREFERRED_INTERVALS = 4;
  public static final int AWKWARD_INTERVALS = 5;
  public static final int LEAP_RESOLUTION = 6;
  public static final int REPETITION = 7;
  public static final int UNIQUE_EXTREMES = 8;
  /** Number of step terms (the first entries of {@link #TERMS}). */
  public static final int NUM_STEP_TERMS = 8;

  /** The melody terms in index order. */
  public static final List<RewardTerm> TERMS = List.of(
      new RewardTerm("in_key", "-1 per onset outside the key's scale", RewardTerm.Kind.STEP),
      new RewardTerm("start_tonic", "+1/-1 if the first step is / is not an onset of the tonic",
          RewardTerm.Kind.STEP),
      new RewardTerm("end_tonic", "+1/-1 if the note sounding at the end is / is not the tonic",
          RewardTerm.Kind.FINAL),
      new RewardTerm("chord_tone", "+1 per chord-tone onset; -1 per non-chord tone struck or held on a downbeat",
          RewardTerm.Kind.STEP),
      new RewardTerm("preferred_intervals", "+1 per step (1-2 semitones), +0.5 per third (3-4)",
          RewardTerm.Kind.STEP),
      new RewardTerm("awkward_intervals", "-1 per tritone, seventh or interval beyond an octave",
          RewardTerm.Kind.STEP),
      new RewardTerm("leap_resolution", "after a leap (>= 5 semitones): +1 for a step back, -1 for moving on",
          RewardTerm.Kind.STEP),
      new RewardTerm("repetition", "-1 per strike of a pitch already struck 3 times in a row", RewardTerm.Kind.STEP),
      new RewardTerm("unique_extremes", "+1 each if the highest / lowest pitch is struck exactly once",
          RewardTerm.Kind.EVALUATION));

  private static final double[] EVALUATION_WEIGHTS = {2, 2, 2, 1, 1, 1, 1, 1, 2};

  private final int length;
  private final int tonic;
  private final int scaleMask;
  private final int[] chordMask;
  private final boolean[] downbeat;

  /**
   * @param tonic     pitch class of the key's tonic
   * @param scaleMask pitch classes of the key's scale (bit {@code pc})
   * @param chordMask per step, the pitch classes of the chord under it (its length is the melody's length)
   * @param downbeat  per step, whether a chord starts on it
   */
  public MelodyRules(int tonic, int scaleMask, int[] chordMask, boolean[] downbeat) {
    if (chordMask.length < 1 || chordMask.length != downbeat.length) {
      throw new IllegalArgumentException("chordMask and downbeat need the same length >= 1, got " + chordMask.length
          + " and " + downbeat.length);
    }
    if (tonic < 0 || tonic > 11) {
      throw new IllegalArgumentException("tonic: " + tonic + " is outside [0, 11]");
    }
    this.length = chordMask.length;
    this.tonic = tonic;
    this.scaleMask = scaleMask;
    this.chordMask = chordMask.clone();
    this.downbeat = downbeat.clone();
  }

  /** The number of steps of a melody. */
  public int length() {
    return length;
  }

  /** The fixed evaluation weights, term name to weight, in {@link #TERMS} order. */
  public static LinkedHashMap<String, Double> evaluationWeights() {
    LinkedHashMap<String, Double> w = new LinkedHashMap<>();
    for (int i = 0; i < TERMS.size(); i++) {
      w.put(TERMS.get(i).name(), EVALUATION_WEIGHTS[i]);
    }
    return w;
  }

  /** The pitch sounding after {@code event}, given the pitch sounding before it (or {@link #SILENT}). */
  public static int nextSounding(int sounding, int event) {
    if (event >= 0) {
      return event;
    }
    return event == HOLD ? sounding : SILENT;
  }

  /** The motion class after {@code event}. */
  public static int nextMotion(int sounding, int motion, int event) {
    if (event == HOLD) {
      return sounding == SILENT ? SMOOTH : motion;
    }
    if (event < 0 || sounding == SILENT) {
      return SMOOTH;
    }
    int d = event - sounding;
    if (d == 0) {
      return motion == REPEAT || motion == REPEATED ? REPEATED : REPEAT;
    }
    if (Math.abs(d) >= LEAP) {
      return d > 0 ? LEAP_UP : LEAP_DOWN;
    }
    return SMOOTH;
  }

  /**
   * Fills {@code out[0 .. NUM_STEP_TERMS)} with the step terms of {@code event} at step {@code t}, given the context
   * before the step. Allocation-free.
   */
  public void stepTerms(int t, int sounding, int motion, int event, double[] out) {
    if (t < 0 || t >= length) {
      throw new IllegalArgumentException("step " + t + " is outside [0, " + (length - 1) + "]");
    }
    Arrays.fill(out, 0, NUM_STEP_TERMS, 0.0);
    if (event >= 0) {
      int pc = event % 12;
      if (!has(scaleMask, pc)) {
        out[IN_KEY] = -1;
      }
      if (has(chordMask[t], pc)) {
        out[CHORD_TONE] = 1;
      } else if (downbeat[t]) {
        out[CHORD_TONE] = -1;
      }
      if (sounding != SILENT) {
        int d = event - sounding;
        int ad = Math.abs(d);
        if (ad == 1 || ad == 2) {
          out[PREFERRED_INTERVALS] = 1;
        } else if (ad == 3 || ad == 4) {
          out[PREFERRED_INTERVALS] = 0.5;
        }
        if (ad == 6 || ad == 10 || ad == 11 || ad > 12) {
          out[AWKWARD_INTERVALS] = -1;
        }
        if (motion == LEAP_UP || motion == LEAP_DOWN) {
          int direction = motion == LEAP_UP ? 1 : -1;
          if (d * direction < 0 && ad <= 2) {
            out[LEAP_RESOLUTION] = 1;
          } else if (d * direction > 0) {
            out[LEAP_RESOLUTION] = -1;
          }
        }
        if (d == 0 && motion == REPEATED) {
          out[REPETITION] = -1;
        }
      }
    } else if (event == HOLD && sounding != SILENT && downbeat[t] && !has(chordMask[t], sounding % 12)) {
      out[CHORD_TONE] = -1;
    }
    if (t == 0) {
      out[START_TONIC] = event >= 0 && event % 12 == tonic ? 1 : -1;
    }
    if (t == length - 1) {
      int after = nextSounding(sounding, event);
      out[END_TONIC] = after != SILENT && after % 12 == tonic ? 1 : -1;
    }
  }

  /**
   * The total of every term over a whole melody, in {@link #TERMS} order (step terms summed over the steps, then
   * {@code unique_extremes}).
   *
   * @param events one event per step ({@code length} of them)
   */
  public double[] totals(int[] events) {
    if (events.length != length) {
      throw new IllegalArgumentException("melody has " + events.length + " events; expected " + length);
    }
    double[] totals = new double[TERMS.size()];
    double[] step = new double[NUM_STEP_TERMS];
    int sounding = SILENT;
    int motion = SMOOTH;
    for (int t = 0; t < length; t++) {
      int e = events[t];
      if (e < REST) {
        throw new IllegalArgumentException("event " + e + " at step " + t + " is not a pitch, HOLD or REST");
      }
      stepTerms(t, sounding, motion, e, step);
      for (int i = 0; i < NUM_STEP_TERMS; i++) {
        totals[i] += step[i];
      }
      motion = nextMotion(sounding, motion, e);
      sounding = nextSounding(sounding, e);
    }
    totals[UNIQUE_EXTREMES] = uniqueExtremes(events);
    return totals;
  }

  /** The {@code unique_extremes} term of a whole melody. */
  public static double uniqueExtremes(int[] events) {
    int hi = Integer.MIN_VALUE;
    int lo = Integer.MAX_VALUE;
    int hiCount = 0;
    int loCount = 0;
    for (int e : events) {
      if (e < 0) {
        continue;
      }
      if (e > hi) {
        hi = e;
        hiCount = 0;
      }
      if (e == hi) {
        hiCount++;
      }
      if (e < lo) {
        lo = e;
        loCount = 0;
      }
      if (e == lo) {
        loCount++;
      }
    }
    return (hiCount == 1 ? 1 : 0) + (loCount == 1 ? 1 : 0);
  }

  /** The evaluation score of a melody with its per-term breakdown (weighted contributions). */
  public Evaluation evaluate(int[] events) {
    double[] totals = totals(events);
    LinkedHashMap<String, Double> terms = new LinkedHashMap<>();
    for (int i = 0; i < TERMS.size(); i++) {
      terms.put(TERMS.get(i).name(), EVALUATION_WEIGHTS[i] * totals[i]);
    }
    return Evaluation.ofTerms(terms);
  }

  private static boolean has(int mask, int pc) {
    return (mask >>> pc & 1) != 0;
  }
}
