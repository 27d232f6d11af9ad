package io.qsweep.sweep;

/**
 * How each run of a sweep is evaluated (the sweep's {@code evaluation:} section). Immutable and validated.
 *
 * @param episodes    greedy evaluation episodes at the end of each run, >= 1; default 100
 * @param curveEvery  record a learning-curve point every this many training episodes, >= 1; 0 (the default) means
 *                    "automatic": {@code max(1, episodes / 100)} of each configuration's training episodes, see
 *                    {@link #curveEveryFor(int)}
 * @param curvePoints at most this many learning-curve points are stored per run (the job downsamples longer curves),
 *                    >= 1; default 200
 */
public record Evaluation(int episodes, int curveEvery, int curvePoints) {

  /** The documented defaults: 100 greedy episodes, automatic curve spacing, at most 200 points. */
  public static final Evaluation DEFAULTS = new Evaluation(100, 0, 200);

  public Evaluation {
    if (episodes < 1) {
      throw new IllegalArgumentException("evaluation.episodes: " + episodes + " must be >= 1");
    }
    if (curveEvery < 0) {
      throw new IllegalArgumentException("evaluation.curve_every: " + curveEvery + " must be >= 1 (or 0 for auto)");
    }
    if (curvePoints < 1) {
      throw new IllegalArgumentException("evaluation.curve_points: " + curvePoints + " must be >= 1");
    }
  }

  /** The curve spacing for a configuration with {@code trainingEpisodes} episodes (resolves the automatic 0). */
  public int curveEveryFor(int trainingEpisodes) {
    return curveEvery > 0 ? curveEvery : Math.max(1, trainingEpisodes / 100);
  }

  /** Canonical text, e.g. {@code episodes=100,curve_every=auto,curve_points=200}. */
  @Override
  public String toString() {
    return "episodes=" + episodes + ",curve_every=" + (curveEvery == 0 ? "auto" : Integer.toString(curveEvery))
        + ",curve_points=" + curvePoints;
  }
}
