package io.qsweep.tracking;

/**
 * A tracking configuration error detected before any request: bad tracking URI scheme, credentials embedded in the
 * URI, a username without a password. Exit code {@value TrackingException#EXIT_CONFIG}.
 */
public final class TrackingConfigException extends TrackingException {
  private static final long serialVersionUID = 1L;

  public TrackingConfigException(String message) {
    super(message, null);
  }

  @Override
  public int exitCode() {
    return EXIT_CONFIG;
  }
}
