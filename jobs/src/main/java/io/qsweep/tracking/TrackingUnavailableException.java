package io.qsweep.tracking;

/**
 * The MLflow server could not be reached, timed out or kept answering 5xx/429 through every retry of the
 * {@link RetryPolicy}. Nothing was lost: everything logged so far is complete or will be completed idempotently by
 * logging again ({@code bin/qsweep sync OUTPUT_DIR}). Exit code {@value TrackingException#EXIT_UNAVAILABLE}.
 */
public final class TrackingUnavailableException extends TrackingException {
  private static final long serialVersionUID = 1L;

  private final int logged;
  private final int total;

  TrackingUnavailableException(String message, int logged, int total, Throwable cause) {
    super(message, cause);
    this.logged = logged;
    this.total = total;
  }

  TrackingUnavailableException(String message, Throwable cause) {
    this(message, -1, -1, cause);
  }

  /** Configurations whose child run is complete in MLflow when logging gave up, or -1 if not known. */
  public int loggedConfigs() {
    return logged;
  }

  /** Configurations that were submitted for logging, or -1 if not known. */
  public int totalConfigs() {
    return total;
  }

  /** What to tell the user: how to log the results on disk later. */
  public static String syncHint(String outputDir) {
    return "The results are on disk in " + outputDir + "; log them to MLflow once the server is back with:\n"
        + "  bin/qsweep sync " + outputDir + "\n"
        + "(re-logging is idempotent: runs and metric points already in MLflow are not duplicated).";
  }

  @Override
  public int exitCode() {
    return EXIT_UNAVAILABLE;
  }
}
