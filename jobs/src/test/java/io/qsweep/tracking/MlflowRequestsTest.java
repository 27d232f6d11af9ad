package io.qsweep.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.qsweep.testing.StubMlflowServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests a sweep costs, counted on a stand-in server that answers like MLflow for a new sweep (no runs yet).
 * MLflow's server spends most of its time per request and per metric point (bench/README.md), so the number of
 * requests per configuration run is part of the logger's contract: create (with its tags), one log-batch, one PUT per
 * artifact, update to FINISHED — and the update comes last, as it marks the run complete.
 */
class MlflowRequestsTest {
  private StubMlflowServer server;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final List<String> updates = new CopyOnWriteArrayList<>();
  private final Map<String, String> lastRequestOfRun = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws IOException {
    server = new StubMlflowServer("e", 1, (method, path, body) -> {
      String op = method.equals("PUT") ? "PUT artifact" : path.replaceFirst("^/api/2\\.0/mlflow/", "");
      counts.computeIfAbsent(op, k -> new LongAdder()).increment();
      if (op.equals("runs/update")) {
        updates.add(body);
      }
      for (String run : runIds(body, path)) {
        lastRequestOfRun.put(run, op);
      }
    });
  }

  /** The run ids a request is about: {@code run_id} in its JSON body, or the run directory of an artifact path. */
  private static List<String> runIds(String body, String path) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"run_id\":\"([0-9a-f]{32})\"").matcher(body);
    if (m.find()) {
      return List.of(m.group(1));
    }
    java.util.regex.Matcher a = java.util.regex.Pattern.compile("/artifacts/1/([0-9a-f]{32})/").matcher(path);
    return a.find() ? List.of(a.group(1)) : List.of();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private long count(String op) {
    LongAdder a = counts.get(op);
    return a == null ? 0 : a.sum();
  }

  @Test
  void aNewConfigurationRunCostsCreateOneLogBatchOnePutPerArtifactAndAFinalUpdate() {
    SweepRecord sweep = Fixtures.sweep("requests", "e", 5);
    TrackingConfig config = TrackingConfig.of(server.uri());
    LogReport r;
    try (MlflowSweepLogger logger = new MlflowSweepLogger(config, s -> { })) {
      r = logger.log(sweep);
    }
    assertThat(r.created()).isEqualTo(5);
    int artifacts = sweep.configs().get(0).artifacts().size();
    assertThat(artifacts).isEqualTo(4);
    // parent: create, log-batch (params, metrics), PUT sweep.yaml, update; searches: parent + children, once each
    assertThat(count("runs/create")).isEqualTo(1 + 5);
    assertThat(count("runs/log-batch")).isEqualTo(1 + 5);
    assertThat(count("PUT artifact")).isEqualTo(1 + 5 * artifacts);
    assertThat(count("runs/update")).isEqualTo(1 + 5);
    assertThat(count("runs/search")).isEqualTo(2);
    assertThat(count("experiments/get-by-name")).isEqualTo(1);
    assertThat(counts.keySet()).containsExactlyInAnyOrder("runs/create", "runs/log-batch", "PUT artifact",
        "runs/update", "runs/search", "experiments/get-by-name");
    // the update marks each run complete, so it is each run's last request; child runs end after their compute time
    assertThat(lastRequestOfRun).hasSize(6).allSatisfy((run, op) -> assertThat(op).as(run).isEqualTo("runs/update"));
    for (ConfigRecord c : sweep.configs()) {
      assertThat(updates).anyMatch(u -> u.contains("\"end_time\":" + (c.timestampMillis() + c.durationMillis())));
    }
    assertThat(updates).allMatch(u -> u.contains("\"status\":\"FINISHED\""));
  }
}
