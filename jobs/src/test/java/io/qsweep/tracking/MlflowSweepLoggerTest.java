package io.qsweep.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qsweep.testing.MlflowServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MLflow adapter against a real MLflow server (project venv): what is logged, read back through REST. */
class MlflowSweepLoggerTest {

  @RegisterExtension
  static final MlflowServer SERVER = MlflowServer.shared();

  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  private TrackingConfig config() {
    return TrackingConfig.of(SERVER.uri().toString()).withParallelism(3).withProgressEvery(2)
        .withRetry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(100), 2));
  }

  private LogReport log(SweepRecord sweep, TrackingConfig cfg) {
    try (MlflowSweepLogger logger = new MlflowSweepLogger(cfg, lines::add)) {
      return logger.log(sweep);
    }
  }

  static List<JsonNode> runs(MlflowServer.Api api, String expId, String sweepId, String role) {
    return api.searchRuns(expId, "tags.`qsweep.sweep_id` = '" + sweepId + "' AND tags.`qsweep.role` = '" + role + "'");
  }

  static Map<String, String> kv(JsonNode run, String field) {
    Map<String, String> m = new HashMap<>();
    for (JsonNode n : run.path("data").path(field)) {
      m.put(n.path("key").asText(), n.path("value").asText());
    }
    return m;
  }

  @Test
  void logsTheParentAndOneNestedChildRunPerConfigurationWithEverything() {
    SweepRecord sweep = Fixtures.sweep("full", "exp-full", 3);
    LogReport report = log(sweep, config());
    assertThat(report.configs()).isEqualTo(3);
    assertThat(report.created()).isEqualTo(3);
    assertThat(report.replicaRuns()).isZero();

    MlflowServer.Api api = SERVER.api();
    JsonNode exp = api.experiment("exp-full");
    String expId = exp.path("experiment_id").asText();
    assertThat(expId).isEqualTo(report.experimentId());

    List<JsonNode> parents = runs(api, expId, "full", "sweep");
    assertThat(parents).hasSize(1);
    JsonNode parent = parents.get(0);
    String parentId = parent.path("info").path("run_id").asText();
    assertThat(parentId).isEqualTo(report.parentRunId());
    assertThat(parent.path("info").path("run_name").asText()).isEqualTo("sweep full");
    assertThat(parent.path("info").path("status").asText()).isEqualTo("FINISHED");
    Map<String, String> ptags = kv(parent, "tags");
    assertThat(ptags).containsEntry("qsweep.sweep_id", "full").doesNotContainKey("qsweep.logged")
        .containsEntry("mlflow.source.git.commit", "0123456789abcdef0123456789abcdef01234567")
        .containsEntry("mlflow.source.name", "qsweep run").containsEntry("mlflow.user", "tester")
        .containsEntry("qsweep.spark_app_id", "local-1790000000000").containsEntry("qsweep.version", "0.1.0-test")
        .doesNotContainKey("mlflow.parentRunId");
    assertThat(kv(parent, "params")).containsEntry("env", "cliff_walking").containsEntry("configurations", "3")
        .containsEntry("swept", "alpha,gamma,epsilon");
    assertThat(new String(api.getArtifact(parentId, "sweep.yaml"), StandardCharsets.UTF_8))
        .isEqualTo(Fixtures.YAML);

    List<JsonNode> children = runs(api, expId, "full", "config");
    assertThat(children).hasSize(3);
    Map<String, JsonNode> byKey = new HashMap<>();
    for (JsonNode c : children) {
      byKey.put(kv(c, "tags").get("qsweep.config_key"), c);
    }
    for (ConfigRecord cfg : sweep.configs()) {
      JsonNode c = byKey.get(cfg.configKey());
      assertThat(c).as(cfg.configKey()).isNotNull();
      String runId = c.path("info").path("run_id").asText();
      assertThat(c.path("info").path("run_name").asText()).isEqualTo(cfg.runName());
      assertThat(c.path("info").path("status").asText()).isEqualTo("FINISHED");
      assertThat(cfg.durationMillis()).isPositive();
      assertThat(c.path("info").path("start_time").asLong()).isEqualTo(cfg.timestampMillis());
      assertThat(c.path("info").path("end_time").asLong()).isEqualTo(cfg.timestampMillis() + cfg.durationMillis());
      assertThat(kv(c, "tags")).containsEntry("mlflow.parentRunId", parentId).doesNotContainKey("qsweep.logged")
          .containsEntry("qsweep.sweep_id", "full").containsEntry("mlflow.source.git.commit",
              "0123456789abcdef0123456789abcdef01234567");
      assertThat(kv(c, "params")).isEqualTo(cfg.params()).containsKeys("alpha", "gamma", "epsilon", "reward");
      Map<String, String> metrics = kv(c, "metrics");
      assertThat(metrics.keySet()).containsAll(cfg.metrics().keySet());
      cfg.metrics().forEach((k, v) -> assertThat(Double.parseDouble(metrics.get(k))).as(k).isEqualTo(v));

      MetricSeries curve = cfg.curve().orElseThrow();
      for (MetricSeries s : cfg.series()) {
        List<JsonNode> hist = api.metricHistory(runId, s.key());
        assertThat(hist).as(s.key()).hasSize(200);
        hist.sort((a, b) -> Long.compare(a.path("step").asLong(), b.path("step").asLong()));
        for (int i = 0; i < hist.size(); i++) {
          assertThat(hist.get(i).path("step").asLong()).isEqualTo(s.steps()[i]);
          assertThat(hist.get(i).path("value").asDouble()).isCloseTo(s.values()[i], within(1e-12));
          assertThat(hist.get(i).path("timestamp").asLong()).isEqualTo(cfg.timestampMillis());
        }
      }
      assertThat(curve.steps()[199]).isEqualTo(995);

      assertThat(api.listArtifacts(runId, "")).containsExactlyInAnyOrder("qtable/mean_q.npy", "qtable/mean_q.csv",
          "policy.txt", "replicas.csv");
      String artifactUri = c.path("info").path("artifact_uri").asText();
      byte[] npy = api.downloadArtifact(artifactUri, "qtable/mean_q.npy");
      assertThat(Fixtures.npyShape(npy)).containsExactly(Fixtures.STATES, Fixtures.ACTIONS);
      assertThat(Fixtures.npyData(npy)).containsExactly(Fixtures.npyData(
          cfg.artifacts().get(0).content()));
      assertThat(api.getArtifact(runId, "policy.txt")).isEqualTo(cfg.artifacts().get(2).content());
      assertThat(new String(api.getArtifact(runId, "qtable/mean_q.csv"), StandardCharsets.UTF_8))
          .startsWith("state,a0,a1,a2,a3\n0,");
    }
    assertThat(lines).anyMatch(l -> l.startsWith("mlflow: 2 configurations logged"));
    assertThat(lines).anyMatch(l -> l.contains("3 configurations in MLflow experiment"));
  }

  @Test
  void reloggingCreatesNoRunAndNoMetricPointAndAddsOnlyNewConfigurations() {
    SweepRecord sweep = Fixtures.sweep("relog", "exp-relog", 4);
    LogReport first = log(sweep.withConfigs(sweep.configs().subList(0, 3)), config());
    assertThat(first.created()).isEqualTo(3);

    LogReport second = log(sweep, config());
    assertThat(second.parentRunId()).isEqualTo(first.parentRunId());
    assertThat(second.alreadyLogged()).isEqualTo(3);
    assertThat(second.created()).isEqualTo(1);
    LogReport third = log(sweep, config());
    assertThat(third.alreadyLogged()).isEqualTo(4);
    assertThat(third.created() + third.resumed()).isZero();

    MlflowServer.Api api = SERVER.api();
    String expId = first.experimentId();
    assertThat(runs(api, expId, "relog", "sweep")).hasSize(1);
    List<JsonNode> children = runs(api, expId, "relog", "config");
    assertThat(children).hasSize(4);
    for (JsonNode c : children) {
      String runId = c.path("info").path("run_id").asText();
      assertThat(api.metricHistory(runId, "curve_mean")).hasSize(200);
      assertThat(api.metricHistory(runId, "iqm_return")).hasSize(1);
    }
    assertThat(api.metricHistory(first.parentRunId(), "best_iqm_return")).hasSize(1);
  }

  @Test
  void resumesAPartiallyLoggedConfigurationLoggingOnlyWhatIsMissing() {
    SweepRecord sweep = Fixtures.sweep("resume", "exp-resume", 2, 300);
    // A first pass that "crashed": the parent and config 0 complete, config 1's run created with half its curve,
    // some params and no completion tag.
    LogReport first = log(sweep.withConfigs(sweep.configs().subList(0, 1)), config());
    MlflowServer.Api api = SERVER.api();
    ConfigRecord c1 = sweep.configs().get(1);
    ObjectNode create = api.json().createObjectNode().put("experiment_id", first.experimentId())
        .put("run_name", c1.runName()).put("start_time", c1.timestampMillis());
    var tags = create.putArray("tags");
    Map.of("qsweep.sweep_id", "resume", "qsweep.role", "config", "qsweep.config_key", c1.configKey(),
        "mlflow.parentRunId", first.parentRunId()).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
    String runId = api.post("runs/create", create).path("run").path("info").path("run_id").asText();
    ObjectNode batch = api.json().createObjectNode().put("run_id", runId);
    batch.putArray("params").addObject().put("key", "alpha").put("value", c1.params().get("alpha"));
    var metrics = batch.putArray("metrics");
    MetricSeries curve = c1.curve().orElseThrow();
    for (int i = 0; i < 150; i++) {
      metrics.addObject().put("key", "curve_mean").put("value", curve.values()[i]).put("timestamp", c1.timestampMillis())
          .put("step", curve.steps()[i]);
    }
    metrics.addObject().put("key", "iqm_return").put("value", c1.metrics().get("iqm_return"))
        .put("timestamp", c1.timestampMillis()).put("step", 0);
    api.post("runs/log-batch", batch);

    LogReport second = log(sweep, config());
    assertThat(second.alreadyLogged()).isEqualTo(1);
    assertThat(second.resumed()).isEqualTo(1);
    assertThat(second.created()).isZero();

    List<JsonNode> children = runs(api, first.experimentId(), "resume", "config");
    assertThat(children).hasSize(2);
    JsonNode run = api.run(runId);
    assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(kv(run, "params")).isEqualTo(c1.params());
    for (MetricSeries s : c1.series()) {
      List<JsonNode> hist = api.metricHistory(runId, s.key());
      Set<Long> steps = new HashSet<>();
      hist.forEach(h -> steps.add(h.path("step").asLong()));
      assertThat(hist).as(s.key()).hasSize(300);
      assertThat(steps).hasSize(300);
    }
    assertThat(api.metricHistory(runId, "iqm_return")).hasSize(1);
    assertThat(api.listArtifacts(runId, "")).hasSize(4);
  }

  @Test
  void aParentRunDeletedInMlflowIsRecreatedAndTheChildrenAreNestedUnderIt() {
    SweepRecord sweep = Fixtures.sweep("reparent", "exp-reparent", 2);
    LogReport first = log(sweep, config());
    MlflowServer.Api api = SERVER.api();
    api.post("runs/delete", api.json().createObjectNode().put("run_id", first.parentRunId()));

    LogReport second = log(sweep, config());
    assertThat(second.parentRunId()).isNotEqualTo(first.parentRunId());
    assertThat(second.alreadyLogged()).isEqualTo(2);
    List<JsonNode> children = runs(api, first.experimentId(), "reparent", "config");
    assertThat(children).hasSize(2);
    for (JsonNode c : children) {
      assertThat(kv(c, "tags")).containsEntry("mlflow.parentRunId", second.parentRunId());
      assertThat(api.metricHistory(c.path("info").path("run_id").asText(), "curve_mean")).hasSize(200);
    }
  }

  /**
   * The MLflow behaviour the idempotency design rests on (MLflow 3.17, SQL store): re-sending an identical point
   * (key, value, timestamp, step) adds nothing, but the same step with another timestamp is a second point. Hence
   * deterministic timestamps (for retried requests) and the history read-back (for everything else).
   */
  @Test
  void mlflowDropsIdenticalPointsButKeepsTheSameStepWithAnotherTimestamp() {
    MlflowServer.Api api = SERVER.api();
    String expId = api.post("experiments/create", api.json().createObjectNode().put("name", "exp-points"))
        .path("experiment_id").asText();
    String runId = api.post("runs/create", api.json().createObjectNode().put("experiment_id", expId))
        .path("run").path("info").path("run_id").asText();
    ObjectNode batch = api.json().createObjectNode().put("run_id", runId);
    batch.putArray("metrics").addObject().put("key", "m").put("value", 1.5).put("timestamp", 1000).put("step", 3);
    api.post("runs/log-batch", batch);
    api.post("runs/log-batch", batch);
    assertThat(api.metricHistory(runId, "m")).hasSize(1);
    ((ObjectNode) batch.path("metrics").get(0)).put("timestamp", 2000);
    api.post("runs/log-batch", batch);
    assertThat(api.metricHistory(runId, "m")).hasSize(2);
  }

  @Test
  void longHistoriesAndManyParamsAreSplitIntoBatchesWithinMlflowLimits() {
    SweepRecord base = Fixtures.sweep("long", "exp-long", 1, 1500);
    ConfigRecord c = base.configs().get(0);
    Map<String, String> params = new java.util.LinkedHashMap<>(c.params());
    for (int i = 0; i < 150; i++) {
      params.put("extra_" + i, "v" + i);
    }
    Map<String, Double> metrics = new java.util.LinkedHashMap<>(c.metrics());
    metrics.put("ci_low", Double.NaN);
    ConfigRecord big = new ConfigRecord(c.configKey(), c.runName(), params, metrics, c.series(), c.artifacts(),
        List.of(), c.timestampMillis(), c.durationMillis());
    log(base.withConfigs(List.of(big)), config());
    MlflowServer.Api api = SERVER.api();
    JsonNode run = runs(api, api.experiment("exp-long").path("experiment_id").asText(), "long", "config").get(0);
    String runId = run.path("info").path("run_id").asText();
    assertThat(kv(run, "params")).hasSize(158);
    assertThat(api.metricHistory(runId, "curve_mean")).hasSize(1500);
    assertThat(api.metricHistory(runId, "curve_ci_high")).hasSize(1500);
    assertThat(kv(run, "metrics").get("ci_low")).isEqualTo("NaN");
  }

  @Test
  void replicaRunsNestUnderTheirConfigurationAndAreAddedToAnExistingSweepOnRequest() {
    SweepRecord sweep = Fixtures.sweep("reps", "exp-reps", 2);
    LogReport without = log(sweep, config());
    assertThat(without.replicaRuns()).isZero();
    LogReport with = log(sweep, config().withLogReplicas(true));
    assertThat(with.replicaRuns()).isEqualTo(6);
    assertThat(with.created()).isZero();
    LogReport again = log(sweep, config().withLogReplicas(true));
    assertThat(again.replicaRuns()).isZero();
    assertThat(again.alreadyLogged()).isEqualTo(2);

    MlflowServer.Api api = SERVER.api();
    Map<String, String> childIdByKey = new HashMap<>();
    for (JsonNode c : runs(api, with.experimentId(), "reps", "config")) {
      childIdByKey.put(kv(c, "tags").get("qsweep.config_key"), c.path("info").path("run_id").asText());
      assertThat(kv(c, "tags")).containsEntry("qsweep.replicas_logged", "true");
    }
    List<JsonNode> replicas = runs(api, with.experimentId(), "reps", "replica");
    assertThat(replicas).hasSize(6);
    Set<String> seen = new HashSet<>();
    for (JsonNode r : replicas) {
      Map<String, String> tags = kv(r, "tags");
      assertThat(tags.get("mlflow.parentRunId")).isEqualTo(childIdByKey.get(tags.get("qsweep.config_key")));
      assertThat(r.path("info").path("status").asText()).isEqualTo("FINISHED");
      assertThat(seen.add(tags.get("qsweep.config_key") + "/" + tags.get("qsweep.replica"))).isTrue();
      assertThat(kv(r, "params")).containsKeys("seed", "replica", "alpha");
      assertThat(api.metricHistory(r.path("info").path("run_id").asText(), "curve_mean")).hasSize(4);
      // the replicas ran back to back from the configuration's start: each run spans its own duration
      ConfigRecord cfg = sweep.configs().stream().filter(x -> x.configKey().equals(tags.get("qsweep.config_key")))
          .findFirst().orElseThrow();
      int k = Integer.parseInt(tags.get("qsweep.replica"));
      long start = cfg.timestampMillis();
      long duration = 0;
      for (ReplicaRecord rep : cfg.replicas()) {
        if (rep.replica() < k) {
          start += rep.durationMillis();
        } else if (rep.replica() == k) {
          duration = rep.durationMillis();
        }
      }
      assertThat(duration).isPositive();
      assertThat(r.path("info").path("start_time").asLong()).isEqualTo(start);
      assertThat(r.path("info").path("end_time").asLong()).isEqualTo(start + duration);
    }
  }

  @Test
  void aStreamingSessionLogsConfigurationsAsTheyAreSubmitted() {
    SweepRecord sweep = Fixtures.sweep("stream", "exp-stream", 5);
    try (MlflowSweepLogger logger = new MlflowSweepLogger(config(), lines::add);
        SweepSession session = logger.open(sweep.withConfigs(List.of()))) {
      assertThat(session.parentRunId()).isNotEmpty();
      for (ConfigRecord c : sweep.configs()) {
        session.submit(c);
      }
      assertThatThrownBy(() -> session.submit(sweep.configs().get(0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(sweep.configs().get(0).configKey());
      LogReport r = session.finish();
      assertThat(r.created()).isEqualTo(5);
      assertThatThrownBy(() -> session.submit(sweep.configs().get(0))).isInstanceOf(IllegalStateException.class);
      assertThat(runs(SERVER.api(), r.experimentId(), "stream", "config")).hasSize(5);
    }
  }

  @Test
  void aParamThatContradictsTheLoggedOneIsRejectedNamingIt() {
    SweepRecord sweep = Fixtures.sweep("conflict", "exp-conflict", 1);
    log(sweep, config());
    ConfigRecord c = sweep.configs().get(0);
    Map<String, String> params = new HashMap<>(c.params());
    params.put("alpha", "0.777");
    ConfigRecord changed = new ConfigRecord(c.configKey(), c.runName(), params, c.metrics(), c.series(),
        c.artifacts(), List.of(), c.timestampMillis(), c.durationMillis());
    // the completed run is not re-checked; an incomplete one is: set it back to RUNNING first
    MlflowServer.Api api = SERVER.api();
    String expId = api.experiment("exp-conflict").path("experiment_id").asText();
    String runId = runs(api, expId, "conflict", "config").get(0).path("info").path("run_id").asText();
    api.post("runs/update", api.json().createObjectNode().put("run_id", runId).put("status", "RUNNING"));

    assertThatThrownBy(() -> log(sweep.withConfigs(List.of(changed)), config()))
        .isInstanceOf(TrackingRejectedException.class)
        .hasMessageContaining("param alpha = '" + c.params().get("alpha") + "'").hasMessageContaining("'0.777'")
        .satisfies(e -> assertThat(((TrackingException) e).exitCode()).isEqualTo(4));
    assertThat(runs(api, expId, "conflict", "config")).hasSize(1);
  }

  @Test
  void aDeletedExperimentIsAClearErrorAndNothingIsCreated() {
    MlflowServer.Api api = SERVER.api();
    String id = api.post("experiments/create", api.json().createObjectNode().put("name", "exp-deleted"))
        .path("experiment_id").asText();
    api.post("experiments/delete", api.json().createObjectNode().put("experiment_id", id));

    try (MlflowSweepLogger logger = new MlflowSweepLogger(config(), lines::add)) {
      assertThatThrownBy(() -> logger.preflight("exp-deleted")).isInstanceOf(TrackingRejectedException.class);
      assertThatThrownBy(() -> logger.log(Fixtures.sweep("del", "exp-deleted", 2)))
          .isInstanceOf(TrackingRejectedException.class)
          .hasMessageContaining("'exp-deleted' (id " + id + ") is deleted")
          .hasMessageContaining("mlflow experiments restore --experiment-id " + id)
          .hasMessageContaining("another experiment name")
          .satisfies(e -> assertThat(((TrackingException) e).exitCode()).isEqualTo(4));
      assertThat(logger.preflight("exp-not-yet")).isEmpty();
      log(Fixtures.sweep("pre", "exp-pre", 1), config());
      assertThat(logger.preflight("exp-pre")).contains(api.experiment("exp-pre").path("experiment_id").asText());
    }
    ObjectNode body = api.json().createObjectNode().put("run_view_type", "ALL").put("max_results", 10);
    body.putArray("experiment_ids").add(id);
    assertThat(api.post("runs/search", body).path("runs")).isEmpty();
  }

  @Test
  void aUriThatIsNotAnMlflowServerIsRejected() {
    TrackingConfig bad = TrackingConfig.of(SERVER.uri() + "/not-mlflow").withRetry(config().retry());
    assertThatThrownBy(() -> log(Fixtures.sweep("nope", "exp-nope", 1), bad))
        .isInstanceOf(TrackingRejectedException.class)
        .hasMessageContaining("does not look like an MLflow tracking server")
        .satisfies(e -> assertThat(((TrackingException) e).exitCode()).isEqualTo(4));
  }

  @Test
  void anUnreachableServerIsATypedFailureAfterTheRetryBudget() throws Exception {
    int port = MlflowServer.freePort();
    TrackingConfig down = TrackingConfig.of("http://127.0.0.1:" + port)
        .withRetry(new RetryPolicy(4, Duration.ofMillis(50), Duration.ofMillis(200), 2));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> log(Fixtures.sweep("down", "exp-down", 1), down))
        .isInstanceOf(TrackingUnavailableException.class)
        .hasMessageContaining("http://127.0.0.1:" + port).hasMessageContaining("failed 4 times")
        .hasMessageContaining("cannot connect")
        .satisfies(e -> assertThat(((TrackingException) e).exitCode()).isEqualTo(3));
    // waits of 50 + 100 + 200 ms
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(350), Duration.ofSeconds(20));
    assertThat(lines).anyMatch(l -> l.contains("retrying") && l.contains("attempt 2/4"));
  }
}
