package io.qsweep.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.qsweep.testing.MlflowServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credentials against MLflow's basic-auth server: taken from the environment (an injected map, not the process
 * environment), accepted when right, and a clear 401/403 naming the problem when wrong — and the password never
 * appears in anything qsweep writes or throws.
 */
class MlflowBasicAuthTest {
  private static final String ADMIN = "qsweep-admin";
  private static final String PASSWORD = "Qs-Test-Pw-4f9d2c7e81";
  private static final String WRONG = "Wrong-Pw-9a8b7c6d5e4f";

  @RegisterExtension
  static final MlflowServer SERVER = MlflowServer.basicAuth(ADMIN, PASSWORD);

  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  private static TrackingConfig config(Map<String, String> credentialsEnv) {
    Map<String, String> env = new java.util.HashMap<>(credentialsEnv);
    env.put("MLFLOW_TRACKING_URI", SERVER.uri().toString());
    return TrackingConfig.fromEnvironment(null, env).orElseThrow()
        .withRetry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100), 2));
  }

  private static Map<String, String> basic(String user, String password) {
    return Map.of("MLFLOW_TRACKING_USERNAME", user, "MLFLOW_TRACKING_PASSWORD", password);
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }

  private static void assertNoSecret(String text, String secret, String user) {
    String encoded = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    assertThat(text).doesNotContain(secret).doesNotContain(encoded);
  }

  @Test
  void credentialsFromTheEnvironmentAreAcceptedAndThePasswordAppearsNowhere() {
    TrackingConfig cfg = config(basic(ADMIN, PASSWORD)).withLogReplicas(true);
    LogReport report;
    try (MlflowSweepLogger logger = new MlflowSweepLogger(cfg, lines::add)) {
      assertThat(logger.preflight("exp-auth")).isEmpty();
      report = logger.log(Fixtures.sweep("auth", "exp-auth", 2));
    }
    assertThat(report.created()).isEqualTo(2);
    assertThat(report.replicaRuns()).isEqualTo(6);

    MlflowServer.Api api = SERVER.api();
    List<JsonNode> all = api.searchRuns(report.experimentId(), "");
    assertThat(all).hasSize(1 + 2 + 6);
    StringBuilder everything = new StringBuilder(cfg.toString()).append(cfg.credentials()).append(lines);
    for (JsonNode run : all) {
      everything.append(run.toString());
      String runId = run.path("info").path("run_id").asText();
      for (String path : api.listArtifacts(runId, "")) {
        everything.append(new String(api.getArtifact(runId, path), StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(everything).contains("qsweep.sweep_id").contains("q_learning alpha=");
    assertNoSecret(everything.toString(), PASSWORD, ADMIN);
  }

  @Test
  void aWrongPasswordIsA401NamingTheProblemWithoutEchoingThePassword() {
    TrackingConfig cfg = config(basic(ADMIN, WRONG));
    try (MlflowSweepLogger logger = new MlflowSweepLogger(cfg, lines::add)) {
      TrackingRejectedException pre = catchThrowableOfType(TrackingRejectedException.class,
          () -> logger.preflight("exp-wrong"));
      TrackingRejectedException e = catchThrowableOfType(TrackingRejectedException.class,
          () -> logger.log(Fixtures.sweep("wrong", "exp-wrong", 1)));
      for (TrackingRejectedException x : List.of(pre, e)) {
        assertThat(x.httpStatus()).isEqualTo(401);
        assertThat(x.exitCode()).isEqualTo(4);
        assertThat(x.getMessage()).contains("401 Unauthorized").contains("basic auth as '" + ADMIN + "'")
            .contains("were not accepted");
        assertNoSecret(stackTrace(x), WRONG, ADMIN);
      }
    }
    assertNoSecret(String.join("\n", lines), WRONG, ADMIN);
    assertThat(SERVER.api().raw("/api/2.0/mlflow/experiments/get-by-name?experiment_name=exp-wrong").statusCode())
        .isEqualTo(404);
  }

  @Test
  void missingCredentialsAndMissingPermissionAreRefusedClearly() {
    TrackingRejectedException none = catchThrowableOfType(TrackingRejectedException.class,
        () -> new MlflowSweepLogger(config(Map.of()), lines::add).preflight("exp-x"));
    assertThat(none.getMessage()).contains("401").contains("requires authentication but no credentials");

    // (Not tested here: a bearer token. MLflow 3.17.2's basic-auth app answers a Bearer header with HTTP 500 when
    // its credential cache is on, as in this test server; the header itself is checked in TrackingConfigTest.)

    // A user without permission on the experiment (default permission READ): 403 when logging into it.
    MlflowServer.Api admin = SERVER.api();
    admin.post("users/create", admin.json().createObjectNode().put("username", "reader")
        .put("password", "Reader-Pw-1a2b3c4d5e"));
    try (MlflowSweepLogger logger = new MlflowSweepLogger(config(basic(ADMIN, PASSWORD)), lines::add)) {
      logger.log(Fixtures.sweep("owned", "exp-owned", 1));
    }
    TrackingRejectedException forbidden = catchThrowableOfType(TrackingRejectedException.class,
        () -> new MlflowSweepLogger(config(basic("reader", "Reader-Pw-1a2b3c4d5e")), lines::add)
            .log(Fixtures.sweep("owned2", "exp-owned", 1)));
    assertThat(forbidden.httpStatus()).isEqualTo(403);
    assertThat(forbidden.getMessage()).contains("403 Forbidden").contains("basic auth as 'reader'")
        .contains("lacks permission");
    assertNoSecret(stackTrace(forbidden), "Reader-Pw-1a2b3c4d5e", "reader");
    String expId = admin.experiment("exp-owned").path("experiment_id").asText();
    assertThat(MlflowSweepLoggerTest.runs(admin, expId, "owned2", "sweep")).isEmpty();
  }
}
