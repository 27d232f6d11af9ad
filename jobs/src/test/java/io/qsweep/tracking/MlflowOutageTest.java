package io.qsweep.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.qsweep.testing.MlflowServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MLflow outages during logging, with a real server stopped and restarted on the same port and store: a restart is
 * ridden out by the retry policy; a server that stays down ends in a typed failure, and logging the same results once
 * it is back (what {@code bin/qsweep sync} does) completes them. Neither leaves duplicate runs or metric points.
 */
class MlflowOutageTest {

  @RegisterExtension
  static final MlflowServer SERVER = MlflowServer.shared();

  private static final Pattern LOGGED = Pattern.compile("^mlflow: (\\d+) configurations logged");
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  /** A progress sink that runs {@code action} once, on the logging thread, when at least 10 configs are logged. */
  private Consumer<String> after10(AtomicBoolean fired, Runnable action) {
    return line -> {
      lines.add(line);
      Matcher m = LOGGED.matcher(line);
      if (m.find() && Integer.parseInt(m.group(1)) >= 10 && fired.compareAndSet(false, true)) {
        action.run();
      }
    };
  }

  private static TrackingConfig config(RetryPolicy retry) {
    return TrackingConfig.of(SERVER.uri().toString()).withParallelism(2).withProgressEvery(5).withRetry(retry);
  }

  @Test
  void aServerRestartDuringLoggingIsRiddenOutWithoutDuplicates() throws Exception {
    SERVER.start();
    SweepRecord sweep = Fixtures.sweep("restart", "exp-restart", 30);
    AtomicBoolean fired = new AtomicBoolean();
    List<Thread> restarter = new ArrayList<>();
    Consumer<String> progress = after10(fired, () -> {
      SERVER.stop(); // on a logging thread: the outage starts while the other thread is mid-configuration
      Thread t = new Thread(() -> {
        sleepMs(500);
        SERVER.start();
      });
      restarter.add(t);
      t.start();
    });
    int startsBefore = SERVER.starts();
    LogReport report;
    // about 90 s of retries: enough for a restart on a loaded machine
    try (MlflowSweepLogger logger = new MlflowSweepLogger(config(new RetryPolicy(90, Duration.ofMillis(200),
        Duration.ofSeconds(1), 2)), progress)) {
      report = logger.log(sweep);
    }
    for (Thread t : restarter) {
      t.join();
    }
    assertThat(fired).isTrue();
    assertThat(SERVER.starts()).isEqualTo(startsBefore + 1);
    assertThat(lines).anyMatch(l -> l.contains("retrying"));
    assertThat(report.configs()).isEqualTo(30);
    assertThat(report.created() + report.resumed()).isEqualTo(30);
    assertNoDuplicates(sweep, report.experimentId());
  }

  @Test
  void aServerThatStaysDownFailsTypedAndLoggingAgainLaterCompletesWithoutDuplicates() {
    SERVER.start();
    SweepRecord sweep = Fixtures.sweep("staysdown", "exp-staysdown", 30);
    AtomicBoolean fired = new AtomicBoolean();
    TrackingUnavailableException e;
    try (MlflowSweepLogger logger = new MlflowSweepLogger(config(new RetryPolicy(3, Duration.ofMillis(100),
        Duration.ofMillis(200), 2)), after10(fired, SERVER::stop))) {
      e = catchThrowableOfType(TrackingUnavailableException.class, () -> logger.log(sweep));
    }
    assertThat(e).isNotNull();
    assertThat(e.exitCode()).isEqualTo(3);
    assertThat(e.totalConfigs()).isEqualTo(30);
    assertThat(e.loggedConfigs()).isBetween(10, 29);
    assertThat(e.getMessage()).contains(SERVER.uri().toString()).contains("of 30 configurations are logged")
        .contains("without duplicates");

    SERVER.start();
    LogReport again;
    try (MlflowSweepLogger logger = new MlflowSweepLogger(config(RetryPolicy.DEFAULT), lines::add)) {
      again = logger.log(sweep);
    }
    assertThat(again.alreadyLogged()).isGreaterThanOrEqualTo(e.loggedConfigs());
    assertThat(again.alreadyLogged() + again.resumed() + again.created()).isEqualTo(30);
    assertNoDuplicates(sweep, again.experimentId());
  }

  private static void assertNoDuplicates(SweepRecord sweep, String expId) {
    MlflowServer.Api api = SERVER.api();
    List<JsonNode> parents = MlflowSweepLoggerTest.runs(api, expId, sweep.sweepId(), "sweep");
    assertThat(parents).hasSize(1);
    assertThat(parents.get(0).path("info").path("status").asText()).isEqualTo("FINISHED");
    List<JsonNode> children = MlflowSweepLoggerTest.runs(api, expId, sweep.sweepId(), "config");
    Set<String> keys = new HashSet<>();
    for (JsonNode c : children) {
      assertThat(keys.add(MlflowSweepLoggerTest.kv(c, "tags").get("qsweep.config_key"))).isTrue();
      assertThat(c.path("info").path("status").asText()).isEqualTo("FINISHED");
      String runId = c.path("info").path("run_id").asText();
      for (String key : List.of("curve_mean", "curve_ci_low", "curve_ci_high")) {
        List<JsonNode> hist = api.metricHistory(runId, key);
        Set<Long> steps = new HashSet<>();
        hist.forEach(h -> steps.add(h.path("step").asLong()));
        assertThat(hist).as(runId + " " + key).hasSize(200);
        assertThat(steps).hasSize(200);
      }
      assertThat(api.metricHistory(runId, "iqm_return")).hasSize(1);
      assertThat(api.listArtifacts(runId, "")).hasSize(4);
    }
    assertThat(keys).hasSize(30);
  }

  private static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
