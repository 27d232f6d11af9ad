package io.qsweep.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * How qsweep authenticates to the MLflow server, read from the environment exactly like MLflow's Python client does:
 * {@code MLFLOW_TRACKING_USERNAME} + {@code MLFLOW_TRACKING_PASSWORD} give HTTP basic auth (MLflow's
 * {@code --app-name basic-auth} server); otherwise {@code MLFLOW_TRACKING_TOKEN} gives a bearer token; otherwise no
 * credentials. Never read from files (in particular not from the repository).
 *
 * <p>Secrets never leave this class except in the {@code Authorization} header: {@link #toString()} and
 * {@link #describe()} name the kind and the username only, and {@link #redact(String)} scrubs the password, the token
 * and the encoded header value from any text (used on every exception message that may quote the server).
 */
public final class Credentials {

  /** Environment variable: username for basic auth. */
  public static final String ENV_USERNAME = "MLFLOW_TRACKING_USERNAME";
  /** Environment variable: password for basic auth. */
  public static final String ENV_PASSWORD = "MLFLOW_TRACKING_PASSWORD";
  /** Environment variable: bearer token. */
  public static final String ENV_TOKEN = "MLFLOW_TRACKING_TOKEN";

  private static final Credentials NONE = new Credentials(null, null, null);

  private final String username;
  private final String password;
  private final String token;

  private Credentials(String username, String password, String token) {
    this.username = username;
    this.password = password;
    this.token = token;
  }

  /** No credentials. */
  public static Credentials none() {
    return NONE;
  }

  /** HTTP basic auth. Both parts non-empty; the username must not contain {@code ':'} (RFC 7617). */
  public static Credentials basic(String username, String password) {
    if (username == null || username.isEmpty()) {
      throw new TrackingConfigException(ENV_USERNAME + ": must be non-empty for basic auth");
    }
    if (username.indexOf(':') >= 0) {
      throw new TrackingConfigException(ENV_USERNAME + ": '" + username + "' contains ':', which basic auth forbids");
    }
    if (password == null || password.isEmpty()) {
      throw new TrackingConfigException(ENV_PASSWORD + ": is not set but " + ENV_USERNAME + " is ('" + username
          + "'); set both for basic auth, or neither");
    }
    return new Credentials(username, password, null);
  }

  /** A bearer token. */
  public static Credentials bearer(String token) {
    if (token == null || token.isEmpty()) {
      throw new TrackingConfigException(ENV_TOKEN + ": must be non-empty");
    }
    return new Credentials(null, null, token);
  }

  /**
   * Credentials from an environment map (normally {@code System.getenv()}; tests pass their own map). Username and
   * password win over a token, as in MLflow's Python client. A password without a username, or a username without a
   * password, is a {@link TrackingConfigException} (exit code 2): silently sending no credentials would surface later
   * as a confusing 401.
   */
  public static Credentials fromEnvironment(Map<String, String> env) {
    String user = nonEmpty(env.get(ENV_USERNAME));
    String pass = nonEmpty(env.get(ENV_PASSWORD));
    String tok = nonEmpty(env.get(ENV_TOKEN));
    if (user != null || pass != null) {
      if (user == null) {
        throw new TrackingConfigException(ENV_PASSWORD + " is set but " + ENV_USERNAME
            + " is not; set both for basic auth, or neither");
      }
      return basic(user, pass);
    }
    return tok != null ? bearer(tok) : NONE;
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Whether any credentials are set. */
  public boolean isPresent() {
    return username != null || token != null;
  }

  /** The basic-auth username, if basic auth is used (not a secret). */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** The value of the {@code Authorization} header, if any. Package-private: only the HTTP client needs it. */
  Optional<String> authorizationHeader() {
    if (username != null) {
      String pair = username + ":" + password;
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    if (token != null) {
      return Optional.of("Bearer " + token);
    }
    return Optional.empty();
  }

  /** A human description without secrets, e.g. {@code basic auth as 'alice' (MLFLOW_TRACKING_USERNAME/...)}. */
  public String describe() {
    if (username != null) {
      return "basic auth as '" + username + "' (" + ENV_USERNAME + "/" + ENV_PASSWORD + ")";
    }
    if (token != null) {
      return "a bearer token (" + ENV_TOKEN + ")";
    }
    return "no credentials (" + ENV_USERNAME + "/" + ENV_PASSWORD + " and " + ENV_TOKEN + " are unset)";
  }

  /** {@code text} with the password, the token and the encoded header value replaced by {@code ***}. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    Optional<String> header = authorizationHeader();
    if (header.isPresent()) {
      String h = header.get();
      out = out.replace(h.substring(h.indexOf(' ') + 1), "***");
    }
    if (password != null) {
      out = out.replace(password, "***");
    }
    if (token != null) {
      out = out.replace(token, "***");
    }
    return out;
  }

  @Override
  public String toString() {
    return "Credentials[" + describe() + "]";
  }
}
