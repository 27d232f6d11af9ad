package io.qsweep.learn;

/**
 * The step size {@code α_t(s,a)} of one table's updates, per {@link LearningRate}: {@code Constant} → {@code alpha};
 * {@code VisitDecay(ω)} → {@code alpha / N(s,a)^ω}, with {@code N(s,a)} the number of updates of {@code (s, a)}
 * including the current one (so the first update uses {@code alpha}).
 *
 * <p>Per-step cost: a constant rate is one predictable branch. Visit decay increments an {@code int} count (allocated
 * only for it; it saturates at {@link Integer#MAX_VALUE}) and avoids {@link Math#pow} where it can: ω = 1 divides,
 * ω = 1/2 takes a square root, other ω read a precomputed table for the first {@value #TABLE_SIZE} updates of a pair
 * and call {@code Math.pow} only beyond.
 */
final class StepSize {
  static final int TABLE_SIZE = 4096;

  private final double alpha;
  private final double omega;
  private final int[] counts;
  private final double[] byCount;

  private StepSize(double alpha, double omega, int[] counts, double[] byCount) {
    this.alpha = alpha;
    this.omega = omega;
    this.counts = counts;
    this.byCount = byCount;
  }

  static StepSize of(AgentConfig cfg, int numPairs) {
    double alpha = cfg.alpha();
    if (cfg.learningRate() instanceof LearningRate.VisitDecay vd) {
      double omega = vd.omega();
      double[] byCount = null;
      if (omega != 1.0 && omega != 0.5) {
        byCount = new double[TABLE_SIZE];
        for (int n = 1; n < TABLE_SIZE; n++) {
          byCount[n] = alpha / Math.pow(n, omega);
        }
      }
      return new StepSize(alpha, omega, new int[numPairs], byCount);
    }
    return new StepSize(alpha, 0.0, null, null);
  }

  /** Counts one more update of {@code sa = s * numActions + a} and returns its step size. */
  double next(int sa) {
    int[] c = counts;
    if (c == null) {
      return alpha;
    }
    int n = c[sa];
    if (n != Integer.MAX_VALUE) {
      c[sa] = ++n;
    }
    if (omega == 1.0) {
      return alpha / n;
    }
    if (omega == 0.5) {
      return alpha / Math.sqrt(n);
    }
    return n < TABLE_SIZE ? byCount[n] : alpha / Math.pow(n, omega);
  }

  /** Updates of {@code sa} so far (0 for a constant rate, which keeps no counts). */
  int count(int sa) {
    return counts == null ? 0 : counts[sa];
  }
}
