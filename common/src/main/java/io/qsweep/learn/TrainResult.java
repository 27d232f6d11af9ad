package io.qsweep.learn;

import io.qsweep.table.QTable;
import java.util.List;

/**
 * What a training run produced: the learned Q-table and the online learning curve.
 *
 * <p>The arrays are handed over, not copied (a run's curve can be long): treat them as read-only.
 */
public final class TrainResult {
  private final QTable q;
  private final List<QTable> tables;
  private final double[] episodeReturns;
  private final int[] episodeLengths;
  private final long totalSteps;

  /**
   * @param q              the reported Q-table (for Double Q-learning the mean of its two tables)
   * @param tables         every table the algorithm kept: {@code [q]}, or {@code [Q1, Q2]} for Double Q-learning
   * @param episodeReturns the undiscounted return of each episode while learning
   * @param episodeLengths the number of steps of each episode
   * @param totalSteps     the sum of the episode lengths
   */
  public TrainResult(QTable q, List<QTable> tables, double[] episodeReturns, int[] episodeLengths, long totalSteps) {
    if (q == null || tables == null || tables.isEmpty() || episodeReturns == null || episodeLengths == null) {
      throw new IllegalArgumentException("TrainResult: q, tables, episodeReturns and episodeLengths are required");
    }
    if (episodeReturns.length != episodeLengths.length) {
      throw new IllegalArgumentException("episodeLengths: " + episodeLengths.length
          + " entries but episodeReturns has " + episodeReturns.length);
    }
    this.q = q;
    this.tables = List.copyOf(tables);
    this.episodeReturns = episodeReturns;
    this.episodeLengths = episodeLengths;
    this.totalSteps = totalSteps;
  }

  /** The learned Q-table (Double Q-learning: {@code (Q1 + Q2) / 2}). */
  public QTable q() {
    return q;
  }

  /** All tables the algorithm kept: one, or Double Q-learning's {@code Q1} and {@code Q2}. */
  public List<QTable> tables() {
    return tables;
  }

  /** Undiscounted return of each training episode (the online learning curve). Read-only. */
  public double[] episodeReturns() {
    return episodeReturns;
  }

  /** Length in steps of each training episode. Read-only. */
  public int[] episodeLengths() {
    return episodeLengths;
  }

  public int episodes() {
    return episodeReturns.length;
  }

  /** Total environment steps over all episodes. */
  public long totalSteps() {
    return totalSteps;
  }

  /** The mean episode return over episodes {@code [from, to)}. */
  public double meanReturn(int from, int to) {
    if (from < 0 || to > episodeReturns.length || from >= to) {
      throw new IllegalArgumentException("episode range: [" + from + ", " + to + ") is not a non-empty range within [0, "
          + episodeReturns.length + ")");
    }
    double s = 0;
    for (int e = from; e < to; e++) {
      s += episodeReturns[e];
    }
    return s / (to - from);
  }

  @Override
  public String toString() {
    return "TrainResult[episodes=" + episodeReturns.length + ", totalSteps=" + totalSteps + ", q=" + q + "]";
  }
}
