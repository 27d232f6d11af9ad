package io.qsweep.tracking;

/**
 * Logs sweeps somewhere (MLflow: {@link MlflowSweepLogger}). Idempotent: logging the same sweep again, or the sweep
 * read back from disk ({@code bin/qsweep sync}), completes what is missing and duplicates nothing, so "sync" is
 * simply "log again".
 */
public interface SweepLogger extends AutoCloseable {

  /** Logs the whole sweep: parent run, every configuration, then marks the parent complete. */
  LogReport log(SweepRecord sweep);

  /**
   * Starts logging a sweep whose configurations arrive over time (the Spark job submits each configuration as its
   * merge finishes): the parent run is found or created now, and {@code sweep.configs()} are submitted at once.
   */
  SweepSession open(SweepRecord sweep);

  @Override
  void close();
}
