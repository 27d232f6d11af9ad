package io.qsweep.tracking;

/**
 * A failure of MLflow tracking that the CLI turns into a message and an exit code. Three kinds, one subclass each:
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>exit code</th><th>type</th><th>meaning</th><th>what the user does</th></tr>
 *   <tr><td>{@value #EXIT_CONFIG}</td><td>{@link TrackingConfigException}</td>
 *       <td>usage/configuration error found before contacting the server: a tracking URI that is not
 *       {@code http(s)://}, credentials embedded in the URI, a username without a password</td>
 *       <td>fix the command line or environment</td></tr>
 *   <tr><td>{@value #EXIT_UNAVAILABLE}</td><td>{@link TrackingUnavailableException}</td>
 *       <td>the server stayed unreachable, timed out or answered 5xx/429 through every retry</td>
 *       <td>nothing is lost: results are on disk; run {@code bin/qsweep sync OUTPUT_DIR} once the server is back</td></tr>
 *   <tr><td>{@value #EXIT_REJECTED}</td><td>{@link TrackingRejectedException}</td>
 *       <td>the server answered but refused: wrong credentials (401), no permission (403), a deleted experiment, a
 *       URI that is not an MLflow server, a param that conflicts with what is already logged</td>
 *       <td>fix credentials/experiment/URI, then {@code bin/qsweep sync OUTPUT_DIR}</td></tr>
 * </table>
 *
 * <p>Messages never contain credentials: every message that may quote a server answer goes through
 * {@link Credentials#redact(String)}.
 */
public abstract sealed class TrackingException extends RuntimeException
    permits TrackingConfigException, TrackingUnavailableException, TrackingRejectedException {

  /** Exit code of {@link TrackingConfigException}: usage or configuration error. */
  public static final int EXIT_CONFIG = 2;
  /** Exit code of {@link TrackingUnavailableException}: the server is down; results are on disk, sync later. */
  public static final int EXIT_UNAVAILABLE = 3;
  /** Exit code of {@link TrackingRejectedException}: the server refused (auth, deleted experiment, conflict). */
  public static final int EXIT_REJECTED = 4;

  private static final long serialVersionUID = 1L;

  TrackingException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The process exit code the CLI should use for this failure. */
  public abstract int exitCode();
}
