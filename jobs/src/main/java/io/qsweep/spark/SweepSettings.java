package io.qsweep.spark;

import io.qsweep.stats.Bootstrap;
import io.qsweep.sweep.Evaluation;
import io.qsweep.sweep.SweepSpec;
import java.io.Serializable;

/**
 * The sweep-wide settings every task needs, in serializable form.
 *
 * @param sweepSeed    the sweep seed (run seeds and the seeds of every merge statistic derive from it)
 * @param replicas     runs per configuration
 * @param evalEpisodes greedy evaluation episodes per run and for the merged policy
 * @param curveEvery   the sweep's {@code evaluation.curve_every} (0 = automatic, see {@link Evaluation#curveEveryFor})
 * @param curvePoints  at most this many learning-curve points per run and per configuration
 * @param resamples    bootstrap replicates of every confidence interval and band
 */
public record SweepSettings(long sweepSeed, int replicas, int evalEpisodes, int curveEvery, int curvePoints,
    int resamples) implements Serializable {
  private static final long serialVersionUID = 1L;

  public SweepSettings {
    if (replicas < 1) {
      throw new IllegalArgumentException("replicas: " + replicas + " must be >= 1");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples: " + resamples + " must be >= 1");
    }
    evaluation(evalEpisodes, curveEvery, curvePoints); // validates
  }

  /** The settings of {@code spec} with {@link Bootstrap#DEFAULT_RESAMPLES} bootstrap replicates. */
  public static SweepSettings of(SweepSpec spec) {
    Evaluation e = spec.evaluation();
    return new SweepSettings(spec.seed(), spec.replicas(), e.episodes(), e.curveEvery(), e.curvePoints(),
        Bootstrap.DEFAULT_RESAMPLES);
  }

  /** The evaluation settings. */
  public Evaluation evaluation() {
    return evaluation(evalEpisodes, curveEvery, curvePoints);
  }

  private static Evaluation evaluation(int episodes, int curveEvery, int curvePoints) {
    return new Evaluation(episodes, curveEvery, curvePoints);
  }
}
