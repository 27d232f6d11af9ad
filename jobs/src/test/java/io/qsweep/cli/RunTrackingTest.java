package io.qsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qsweep.table.NpyIO;
import io.qsweep.testing.MlflowServer;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --tracking-uri} and {@code sync} end to end: a real sweep on Spark local[2], logged to a real MLflow
 * server, read back through MLflow's REST API; re-running and syncing again duplicate nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunTrackingTest {
  static final String SWEEP = String.join("\n",
      "name: tracking-it",
      "seed: 5",
      "experiment: qsweep-run-tracking-it",
      "env: {name: frozen_lake, params: {map: 4x4}}",
      "replicas: 3",
      "fixed: {algorithm: q_learning, alpha: 0.2, episodes: 300}",
      "grid:",
      "  epsilon: [0.05, 0.2]",
      "  gamma: [0.9, 0.99]",
      "evaluation: {episodes: 20, curve_every: 20}",
      "");

  @TempDir
  static Path tmp;
  MlflowServer server;
  Path sweepFile;
  Path out;

  record Result(int code, String out, String err) {
  }

  static Result cli(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.execute(args, new PrintWriter(o), new PrintWriter(e));
    return new Result(code, o.toString(), e.toString());
  }

  @BeforeAll
  void start() throws Exception {
    server = MlflowServer.shared();
    if (!server.isRunning()) {
      server.start();
    }
    sweepFile = tmp.resolve("sweep.yaml");
    Files.writeString(sweepFile, SWEEP);
    out = tmp.resolve("out");
  }

  private String[] runArgs() {
    return new String[] {"run", sweepFile.toString(), "--output", out.toString(), "--master", "local[2]",
        "--progress-seconds", "0", "--tracking-uri", server.uri().toString()};
  }

  /** Parent and child runs of the sweep in the experiment. */
  private Map<String, List<JsonNode>> runsByRole() {
    MlflowServer.Api api = server.api();
    String exp = api.experiment("qsweep-run-tracking-it").path("experiment_id").asText();
    Map<String, List<JsonNode>> m = new HashMap<>();
    m.put("sweep", api.searchRuns(exp, "tags.`qsweep.role` = 'sweep'"));
    m.put("config", api.searchRuns(exp, "tags.`qsweep.role` = 'config'"));
    return m;
  }

  private static String tag(JsonNode run, String key) {
    for (JsonNode t : run.path("data").path("tags")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  private static String param(JsonNode run, String key) {
    for (JsonNode t : run.path("data").path("params")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  @Test
  @Order(1)
  void runLogsParentAndNestedChildrenWithEverything() throws Exception {
    Result r = cli(runArgs());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("MLflow: 4 configuration runs");
    Map<String, List<JsonNode>> runs = runsByRole();
    assertThat(runs.get("sweep")).hasSize(1);
    JsonNode parent = runs.get("sweep").get(0);
    String parentId = parent.path("info").path("run_id").asText();
    assertThat(parent.path("info").path("run_name").asText()).isEqualTo("tracking-it");
    assertThat(tag(parent, "mlflow.source.name")).isEqualTo("qsweep run");
    assertThat(tag(parent, "qsweep.spark_app_id")).startsWith("local-");
    assertThat(runs.get("config")).hasSize(4);
    MlflowServer.Api api = server.api();
    long lastEnd = 0;
    for (JsonNode child : runs.get("config")) {
      String id = child.path("info").path("run_id").asText();
      assertThat(tag(child, "mlflow.parentRunId")).isEqualTo(parentId);
      assertThat(child.path("info").path("status").asText()).isEqualTo("FINISHED");
      // child runs start at the sweep's creation and last the configuration's compute time (from configs/)
      long start = child.path("info").path("start_time").asLong();
      long end = child.path("info").path("end_time").asLong();
      assertThat(start).isEqualTo(parent.path("info").path("start_time").asLong());
      assertThat(end).isGreaterThan(start);
      lastEnd = Math.max(lastEnd, end);
      assertThat(param(child, "gamma")).isIn("0.9", "0.99");
      assertThat(param(child, "epsilon")).isIn("0.05", "0.2");
      assertThat(param(child, "alpha")).isEqualTo("0.2");
      assertThat(param(child, "config_key")).isEqualTo(tag(child, "qsweep.config_key"));
      assertThat(api.metricHistory(id, "curve_mean")).hasSize(15); // 300 episodes / curve_every 20
      assertThat(api.metricHistory(id, "curve_mean").get(14).path("step").asLong()).isEqualTo(300);
      assertThat(api.metricHistory(id, "score_iqm")).hasSize(1);
      assertThat(api.metricHistory(id, "prob_improvement")).hasSize(1);
      assertThat(api.listArtifacts(id, "")).contains("qtable/mean_q.npy", "qtable/mean_q.csv", "policy.txt",
          "replicas.csv");
      byte[] npy = api.downloadArtifact(child.path("info").path("artifact_uri").asText(), "qtable/mean_q.npy");
      assertThat(NpyIO.read(new ByteArrayInputStream(npy)).shape()).containsExactly(16, 4);
      String replicas = new String(api.getArtifact(id, "replicas.csv"), StandardCharsets.UTF_8);
      assertThat(replicas.lines()).hasSize(4).first().asString().startsWith("replica,seed,final_score");
      assertThat(new String(api.getArtifact(id, "policy.txt"), StandardCharsets.UTF_8)).contains("H").contains("G");
    }
    assertThat(parent.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(parent.path("info").path("end_time").asLong()).isEqualTo(lastEnd);
  }

  @Test
  @Order(2)
  void rerunAndSyncDuplicateNothing() {
    Map<String, Integer> before = new HashMap<>();
    Map<String, Long> endBefore = new HashMap<>();
    for (JsonNode c : runsByRole().get("config")) {
      endBefore.put(c.path("info").path("run_id").asText(), c.path("info").path("end_time").asLong());
      before.put(c.path("info").path("run_id").asText(),
          server.api().metricHistory(c.path("info").path("run_id").asText(), "curve_mean").size());
    }
    Result again = cli(runArgs());
    assertThat(again.code()).as(again.err()).isZero();
    Result sync = cli("sync", out.toString(), "--master", "local[2]", "--tracking-uri", server.uri().toString());
    assertThat(sync.code()).as(sync.err()).isZero();
    Map<String, List<JsonNode>> runs = runsByRole();
    assertThat(runs.get("sweep")).hasSize(1);
    assertThat(runs.get("config")).hasSize(4);
    for (JsonNode c : runs.get("config")) {
      String id = c.path("info").path("run_id").asText();
      assertThat(before).containsKey(id);
      assertThat(c.path("info").path("end_time").asLong()).isEqualTo(endBefore.get(id));
      assertThat(server.api().metricHistory(id, "curve_mean")).hasSize(before.get(id));
      assertThat(server.api().metricHistory(id, "score_iqm")).hasSize(1);
    }
  }

  @Test
  @Order(3)
  void withoutTrackingTheResultsStayOnDiskAndTheCommandSaysHowToLogThem() throws Exception {
    Path other = tmp.resolve("untracked");
    Result r = cli("run", sweepFile.toString(), "--output", other.toString(), "--master", "local[2]",
        "--progress-seconds", "0");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("MLflow tracking is off").contains("bin/qsweep sync file:" + other);
    assertThat(other.resolve("sweep.json")).exists();
  }

  @Test
  @Order(4)
  void syncRejectsBadInput() throws Exception {
    Result noSweep = cli("sync", tmp.toString(), "--master", "local[1]", "--tracking-uri", server.uri().toString());
    assertThat(noSweep.code()).isEqualTo(2);
    assertThat(noSweep.err()).contains("holds no sweep");
    Result badScheme = cli("sync", out.toString(), "--tracking-uri", "ftp://127.0.0.1:1");
    assertThat(badScheme.code()).isEqualTo(2);
    assertThat(badScheme.err()).contains("--tracking-uri");
    Result noUri = cli("sync", out.toString());
    assertThat(noUri.code()).isEqualTo(2);
  }
}
