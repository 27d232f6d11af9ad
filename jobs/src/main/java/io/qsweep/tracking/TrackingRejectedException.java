package io.qsweep.tracking;

/**
 * The MLflow server answered but refused the request: wrong or missing credentials (HTTP 401), missing permission
 * (403), a deleted experiment, a URI that is not an MLflow tracking server, an artifact store qsweep cannot write, a
 * param value that conflicts with the one already logged. Retrying cannot help; the message says what to fix. Exit
 * code {@value TrackingException#EXIT_REJECTED}.
 */
public final class TrackingRejectedException extends TrackingException {
  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String errorCode;

  TrackingRejectedException(String message, int httpStatus, String errorCode) {
    super(message, null);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The HTTP status of the refusal, or 0 when the refusal was detected by qsweep (e.g. a param conflict). */
  public int httpStatus() {
    return httpStatus;
  }

  /** MLflow's {@code error_code} (e.g. {@code RESOURCE_DOES_NOT_EXIST}), or {@code ""}. */
  public String errorCode() {
    return errorCode;
  }

  @Override
  public int exitCode() {
    return EXIT_REJECTED;
  }
}
