package io.qsweep.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracking URI, credentials and retry configuration: no server needed. */
class TrackingConfigTest {

  @Test
  void noUriAnywhereMeansTrackingOffWithAHelpfulMessage() {
    assertThat(TrackingConfig.fromEnvironment(null, Map.of())).isEmpty();
    assertThat(TrackingConfig.fromEnvironment("  ", Map.of("MLFLOW_TRACKING_URI", ""))).isEmpty();
    String msg = TrackingConfig.noTrackingMessage("out/sweep-1");
    assertThat(msg).contains("MLflow tracking is off").contains("out/sweep-1")
        .contains("bin/qsweep sync out/sweep-1 --tracking-uri http://HOST:PORT").contains("MLFLOW_TRACKING_URI");
  }

  @Test
  void theCommandLineWinsOverTheEnvironmentAndTheUriIsNormalised() {
    Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "http://env-host:5000");
    assertThat(TrackingConfig.fromEnvironment(null, env).orElseThrow().uri())
        .hasToString("http://env-host:5000");
    assertThat(TrackingConfig.fromEnvironment("HTTPS://cli-host/mlflow/", env).orElseThrow().uri())
        .hasToString("https://cli-host/mlflow");
    TrackingConfig c = TrackingConfig.fromEnvironment("http://h:1", Map.of()).orElseThrow();
    assertThat(c.retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(c.parallelism()).isEqualTo(4);
    assertThat(c.logReplicas()).isFalse();
    assertThat(c.credentials().isPresent()).isFalse();
  }

  @Test
  void aUriThatIsNotHttpIsAConfigurationErrorWithExitCode2() {
    for (String bad : new String[] {"sqlite:///mlflow.db", "file:///tmp/mlruns", "databricks", "/tmp/mlruns",
        "ftp://h/x"}) {
      assertThatThrownBy(() -> TrackingConfig.fromEnvironment(bad, Map.of()), bad)
          .isInstanceOf(TrackingConfigException.class).hasMessageContaining("use http://HOST:PORT")
          .satisfies(e -> assertThat(((TrackingException) e).exitCode()).isEqualTo(2));
    }
    assertThatThrownBy(() -> TrackingConfig.fromEnvironment("http://h:5000/x?y=1", Map.of()))
        .isInstanceOf(TrackingConfigException.class).hasMessageContaining("query");
    assertThatThrownBy(() -> TrackingConfig.fromEnvironment("http://exa mple:5000", Map.of()))
        .isInstanceOf(TrackingConfigException.class).hasMessageContaining("--tracking-uri: not a valid URI");
    assertThatThrownBy(() -> TrackingConfig.fromEnvironment(null, Map.of("MLFLOW_TRACKING_URI", "s3://b")))
        .isInstanceOf(TrackingConfigException.class).hasMessageContaining("scheme 's3'");
  }

  @Test
  void credentialsInTheUriAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> TrackingConfig.fromEnvironment("http://bob:hunter2secret@h:5000", Map.of()))
        .isInstanceOf(TrackingConfigException.class).hasMessageContaining("must not be embedded")
        .hasMessageNotContaining("hunter2secret");
    assertThatThrownBy(() -> TrackingConfig.fromEnvironment("http://bob:hunter2 secret@h:5000", Map.of()))
        .isInstanceOf(TrackingConfigException.class).hasMessageNotContaining("hunter2");
  }

  @Test
  void credentialsComeFromTheEnvironmentMapAndNeverShowInText() {
    Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", "http://h:5000", "MLFLOW_TRACKING_USERNAME", "alice",
        "MLFLOW_TRACKING_PASSWORD", "s3cr3t-Pa55word", "MLFLOW_TRACKING_TOKEN", "tok-123456789");
    TrackingConfig c = TrackingConfig.fromEnvironment(null, env).orElseThrow();
    Credentials cr = c.credentials();
    assertThat(cr.username()).contains("alice");
    assertThat(cr.authorizationHeader()).contains("Basic YWxpY2U6czNjcjN0LVBhNTV3b3Jk");
    assertThat(c.toString()).contains("alice").doesNotContain("s3cr3t").doesNotContain("YWxpY2U6");
    assertThat(cr.toString()).doesNotContain("s3cr3t");
    assertThat(cr.redact("x s3cr3t-Pa55word y YWxpY2U6czNjcjN0LVBhNTV3b3Jk z")).isEqualTo("x *** y *** z");

    Credentials tok = Credentials.fromEnvironment(Map.of("MLFLOW_TRACKING_TOKEN", "tok-123456789"));
    assertThat(tok.authorizationHeader()).contains("Bearer tok-123456789");
    assertThat(tok.describe()).contains("bearer token").doesNotContain("tok-123456789");
    assertThat(tok.redact("Bearer tok-123456789")).isEqualTo("Bearer ***");
    assertThat(Credentials.fromEnvironment(Map.of()).authorizationHeader()).isEmpty();
  }

  @Test
  void halfSetBasicAuthIsAConfigurationError() {
    assertThatThrownBy(() -> Credentials.fromEnvironment(Map.of("MLFLOW_TRACKING_USERNAME", "alice")))
        .isInstanceOf(TrackingConfigException.class).hasMessageContaining("MLFLOW_TRACKING_PASSWORD: is not set");
    assertThatThrownBy(() -> Credentials.fromEnvironment(Map.of("MLFLOW_TRACKING_PASSWORD", "pw-only-secret")))
        .isInstanceOf(TrackingConfigException.class).hasMessageContaining("MLFLOW_TRACKING_USERNAME is not")
        .hasMessageNotContaining("pw-only-secret");
    assertThatThrownBy(() -> Credentials.basic("a:b", "pw")).isInstanceOf(TrackingConfigException.class)
        .hasMessageContaining("':'");
  }

  @Test
  void retryBackoffGrowsExponentiallyUpToTheCap() {
    RetryPolicy p = RetryPolicy.DEFAULT;
    assertThat(p.backoffAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoffAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(p.backoffAfter(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(p.backoffAfter(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.totalBackoff()).isEqualTo(Duration.ofSeconds(1 + 2 + 4 + 8 + 16 + 30 + 30));
    assertThat(new RetryPolicy(1, Duration.ofMillis(5), Duration.ofMillis(5), 1).totalBackoff()).isZero();
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts: 0 must be >= 1");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 2))
        .hasMessageContaining("maxBackoff: PT1S must be >= initialBackoff (PT2S)");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5))
        .hasMessageContaining("multiplier: 0.5");
  }

  @Test
  void configValuesAreValidated() {
    TrackingConfig c = TrackingConfig.of("http://h:5000");
    assertThatThrownBy(() -> c.withParallelism(0)).hasMessage("parallelism: 0 is outside [1, 64]");
    assertThatThrownBy(() -> c.withProgressEvery(0)).hasMessage("progressEvery: 0 must be >= 1");
    assertThatThrownBy(() -> c.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("connectTimeout: PT0S must be > 0");
  }

  @Test
  void exitCodesAreDocumentedConstants() {
    assertThat(new TrackingConfigException("x").exitCode()).isEqualTo(TrackingException.EXIT_CONFIG).isEqualTo(2);
    assertThat(new TrackingUnavailableException("x", null).exitCode()).isEqualTo(3);
    assertThat(new TrackingRejectedException("x", 401, "").exitCode()).isEqualTo(4);
    assertThat(TrackingUnavailableException.syncHint("out/s1")).contains("bin/qsweep sync out/s1");
  }
}
