package io.qsweep.tracking;

/**
 * A sweep being logged: configurations are {@link #submit submitted} as they become available and logged in the
 * background with bounded parallelism; {@link #finish()} waits for them and marks the parent run complete.
 * Failures (server down, refused) never surface from {@code submit}: the session stops logging and
 * {@code finish()} throws the typed exception, so the caller keeps computing and writing results to disk.
 */
public interface SweepSession extends AutoCloseable {

  /** The experiment's id. */
  String experimentId();

  /** The sweep's parent run id. */
  String parentRunId();

  /**
   * Queues a configuration for logging. Blocks while {@code 2 x parallelism} configurations are in flight
   * (back-pressure keeps memory bounded). Does nothing once the session has failed.
   *
   * @throws IllegalArgumentException if the configuration key was already submitted in this session
   * @throws IllegalStateException    after {@link #finish()} or {@link #close()}
   */
  void submit(ConfigRecord config);

  /** Whether logging has failed; later submissions are dropped and {@link #finish()} will throw. */
  boolean failed();

  /**
   * Waits for every submitted configuration, then marks the parent run finished and complete.
   *
   * @throws TrackingUnavailableException (exit 3) if the server stayed unavailable; counts say how far it got
   * @throws TrackingRejectedException    (exit 4) if the server refused a request
   */
  LogReport finish();

  /** Stops without marking the parent complete (in-flight configurations are abandoned; re-logging completes them). */
  @Override
  void close();
}
