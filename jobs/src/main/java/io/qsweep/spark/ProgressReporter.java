package io.qsweep.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints the sweep's progress at a steady interval from a daemon thread: runs done out of the total, the rate of
 * this invocation (runs per second since it started, not counting runs resumed from an earlier invocation) and the
 * time left at that rate, e.g.
 * <pre>qsweep: 1,234/10,000 runs (12.3%), 3/50 chunks, 45.6 runs/s, ETA 3m12s</pre>
 * The counts come from Spark accumulators, which reach the driver when a task ends: the granularity is one task
 * (a few configurations).
 */
final class ProgressReporter implements AutoCloseable {
  private final LongSupplier runsDone;
  private final LongSupplier chunksDone;
  private final long totalRuns;
  private final long resumedRuns;
  private final int totalChunks;
  private final PrintWriter out;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;

  /**
   * @param runsDone    runs finished by this invocation
   * @param chunksDone  chunks complete, including resumed ones
   * @param resumedRuns runs already complete before this invocation
   * @param interval    seconds between lines; 0 or less prints nothing
   */
  ProgressReporter(LongSupplier runsDone, LongSupplier chunksDone, long totalRuns, long resumedRuns, int totalChunks,
      double interval, PrintWriter out) {
    this.runsDone = runsDone;
    this.chunksDone = chunksDone;
    this.totalRuns = totalRuns;
    this.resumedRuns = resumedRuns;
    this.totalChunks = totalChunks;
    this.out = out;
    if (interval > 0) {
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "qsweep-progress");
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(1, Math.round(interval * 1000));
      timer.scheduleAtFixedRate(() -> {
        out.println(line());
        out.flush();
      }, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      timer = null;
    }
  }

  /** The current progress line. */
  String line() {
    long mine = Math.min(runsDone.getAsLong(), totalRuns - resumedRuns); // retried tasks may count twice
    long done = resumedRuns + mine;
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    double rate = elapsed > 0 ? mine / elapsed : 0;
    StringBuilder sb = new StringBuilder("qsweep: ");
    sb.append(String.format(Locale.ROOT, "%,d/%,d runs (%.1f%%), %d/%d chunks, %.1f runs/s", done, totalRuns,
        totalRuns == 0 ? 100.0 : 100.0 * done / totalRuns, chunksDone.getAsLong(), totalChunks, rate));
    if (rate > 0 && done < totalRuns) {
      sb.append(", ETA ").append(duration((totalRuns - done) / rate));
    }
    return sb.toString();
  }

  /** {@code 42s}, {@code 3m12s}, {@code 2h05m}. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
