package io.qsweep.tracking;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how to log to MLflow. Immutable and validated; build it with {@link #fromEnvironment(String)} and adjust
 * with the {@code with...} methods.
 *
 * @param uri            the tracking server, {@code http://} or {@code https://}, optionally with a path prefix
 *                       (a server behind a reverse proxy); never with credentials in it
 * @param credentials    from the environment, see {@link Credentials}
 * @param retry          backoff for transient failures; default {@link RetryPolicy#DEFAULT}
 * @param parallelism    driver threads logging child runs concurrently, in [1, 64]; default 4 (MLflow's server is
 *                       one Python process per worker; more threads mostly queue up there)
 * @param connectTimeout TCP connect timeout; default 10 s
 * @param requestTimeout whole-request timeout (a large artifact upload counts as one request); default 120 s
 * @param logReplicas    also log one run per seed, nested under its configuration's run ({@code --log-replicas});
 *                       default false
 * @param progressEvery  a progress line every this many logged configurations, >= 1; default 100
 */
public record TrackingConfig(URI uri, Credentials credentials, RetryPolicy retry, int parallelism,
    Duration connectTimeout, Duration requestTimeout, boolean logReplicas, int progressEvery) {

  /** Default {@link #parallelism()}. */
  public static final int DEFAULT_PARALLELISM = 4;

  /** Environment variable holding the tracking URI when {@code --tracking-uri} is not given. */
  public static final String ENV_TRACKING_URI = "MLFLOW_TRACKING_URI";

  public TrackingConfig {
    uri = validateUri(uri);
    if (credentials == null) {
      throw new IllegalArgumentException("credentials: must be given (use Credentials.none())");
    }
    if (retry == null) {
      throw new IllegalArgumentException("retry: must be given");
    }
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("parallelism: " + parallelism + " is outside [1, 64]");
    }
    if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " must be > 0");
    }
    if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " must be > 0");
    }
    if (progressEvery < 1) {
      throw new IllegalArgumentException("progressEvery: " + progressEvery + " must be >= 1");
    }
  }

  /** A configuration for {@code uri} with no credentials and the documented defaults. */
  public static TrackingConfig of(String uri) {
    return new TrackingConfig(parseUri(uri, "--tracking-uri"), Credentials.none(), RetryPolicy.DEFAULT,
        DEFAULT_PARALLELISM,
        Duration.ofSeconds(10), Duration.ofSeconds(120), false, 100);
  }

  /** {@link #fromEnvironment(String, Map)} with the process environment. */
  public static Optional<TrackingConfig> fromEnvironment(String cliUri) {
    return fromEnvironment(cliUri, System.getenv());
  }

  /**
   * The tracking configuration of a command: the URI from {@code --tracking-uri} ({@code cliUri}) if given, else
   * {@code MLFLOW_TRACKING_URI}; credentials from {@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD}
   * or {@code MLFLOW_TRACKING_TOKEN}. Empty when neither gives a URI: the caller then writes results to disk only and
   * prints {@link #noTrackingMessage(String)}.
   *
   * @throws TrackingConfigException (exit 2) for a malformed URI, a scheme other than http/https, credentials in
   *                                 the URI, or half-set basic-auth variables
   */
  public static Optional<TrackingConfig> fromEnvironment(String cliUri, Map<String, String> env) {
    String source = "--tracking-uri";
    String raw = cliUri;
    if (raw == null || raw.isBlank()) {
      raw = env.get(ENV_TRACKING_URI);
      source = ENV_TRACKING_URI;
    }
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    URI uri = parseUri(raw.trim(), source);
    return Optional.of(of(uri.toString()).withCredentials(Credentials.fromEnvironment(env)));
  }

  /**
   * What to print when no tracking URI is configured: results stay on disk in {@code outputDir}, and how to log them
   * later.
   */
  public static String noTrackingMessage(String outputDir) {
    return "MLflow tracking is off (no --tracking-uri and no " + ENV_TRACKING_URI + "): results are only on disk in "
        + outputDir + ".\nTo log them to an MLflow tracking server (parent run + one nested run per configuration):\n"
        + "  bin/qsweep sync " + outputDir + " --tracking-uri http://HOST:PORT\n"
        + "(or export " + ENV_TRACKING_URI + "=http://HOST:PORT; credentials: MLFLOW_TRACKING_USERNAME/"
        + "MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN). A local server: .venv/bin/mlflow server --port 5000";
  }

  private static URI parseUri(String raw, String source) {
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      // The raw text may carry credentials (http://user:pass@host): never echo it.
      throw new TrackingConfigException(source + ": not a valid URI (" + e.getReason() + " at index " + e.getIndex()
          + "); expected http://HOST:PORT or https://HOST[/PREFIX]");
    }
    try {
      return validateUri(uri);
    } catch (IllegalArgumentException e) {
      throw new TrackingConfigException(source + ": " + e.getMessage());
    }
  }

  private static URI validateUri(URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("uri: must be given");
    }
    if (uri.getRawUserInfo() != null) {
      throw new TrackingConfigException("tracking URI: credentials must not be embedded in the URI (they would end "
          + "up in logs); remove the 'user:password@' part and set " + Credentials.ENV_USERNAME + "/"
          + Credentials.ENV_PASSWORD + " or " + Credentials.ENV_TOKEN + " instead");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new TrackingConfigException("tracking URI '" + uri + "' has scheme '" + scheme + "'; qsweep logs to an "
          + "MLflow tracking server over HTTP: use http://HOST:PORT or https://HOST[/PREFIX] (a local server on a "
          + "sqlite store: .venv/bin/mlflow server --backend-store-uri sqlite:///mlflow.db --port 5000)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new TrackingConfigException("tracking URI '" + uri + "' has no host; expected http://HOST:PORT");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new TrackingConfigException("tracking URI '" + uri + "' must not have a query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  public TrackingConfig withCredentials(Credentials v) {
    return new TrackingConfig(uri, v, retry, parallelism, connectTimeout, requestTimeout, logReplicas, progressEvery);
  }

  public TrackingConfig withRetry(RetryPolicy v) {
    return new TrackingConfig(uri, credentials, v, parallelism, connectTimeout, requestTimeout, logReplicas,
        progressEvery);
  }

  public TrackingConfig withParallelism(int v) {
    return new TrackingConfig(uri, credentials, retry, v, connectTimeout, requestTimeout, logReplicas, progressEvery);
  }

  public TrackingConfig withTimeouts(Duration connect, Duration request) {
    return new TrackingConfig(uri, credentials, retry, parallelism, connect, request, logReplicas, progressEvery);
  }

  public TrackingConfig withLogReplicas(boolean v) {
    return new TrackingConfig(uri, credentials, retry, parallelism, connectTimeout, requestTimeout, v, progressEvery);
  }

  public TrackingConfig withProgressEvery(int v) {
    return new TrackingConfig(uri, credentials, retry, parallelism, connectTimeout, requestTimeout, logReplicas, v);
  }

  @Override
  public String toString() {
    return "TrackingConfig[uri=" + uri + ", credentials=" + credentials.describe() + ", retry=" + retry
        + ", parallelism=" + parallelism + ", logReplicas=" + logReplicas + "]";
  }
}
