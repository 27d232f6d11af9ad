package io.qsweep.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation of the data model and the artifact-proxy path handling. */
class RecordsTest {

  @Test
  void metricSeriesStepsMustBeIncreasingAndMatchTheValues() {
    MetricSeries s = MetricSeries.of("curve_mean", new double[] {0, 10, 20}, new double[] {1, 2, 3});
    assertThat(s.steps()).containsExactly(0, 10, 20);
    assertThat(MetricSeries.ofValues("c", new double[] {5, 6}).steps()).containsExactly(0, 1);
    assertThatThrownBy(() -> new MetricSeries("curve_mean", new long[] {0, 5, 5}, new double[] {1, 2, 3}))
        .hasMessageContaining("steps[2] = 5 follows 5");
    assertThatThrownBy(() -> new MetricSeries("curve_mean", new long[] {0, 1}, new double[] {1}))
        .hasMessage("series 'curve_mean': 2 steps but 1 values");
    assertThatThrownBy(() -> MetricSeries.of("curve_mean", new double[] {0, 1.5}, new double[] {1, 2}))
        .hasMessageContaining("steps[1] = 1.5 is not an integer");
    long[] steps = {0, 1};
    MetricSeries copy = new MetricSeries("c", steps, new double[] {1, 2});
    steps[1] = 7;
    assertThat(copy.steps()).containsExactly(0, 1);
  }

  @Test
  void keysFollowMlflowNamingRules() {
    assertThatThrownBy(() -> MetricSeries.ofValues("bad key!", new double[0]))
        .hasMessageContaining("key 'bad key!' contains '!'");
    assertThatThrownBy(() -> MetricSeries.ofValues("../x", new double[0])).hasMessageContaining("'..'");
    assertThatThrownBy(() -> ConfigRecord.of("k1", null, Map.of("a/", "1"), Map.of(), List.of(), List.of()))
        .hasMessageContaining("config k1 params: key 'a/' must not start or end with '/'");
    assertThatThrownBy(() -> ConfigRecord.of("k1", null, Map.of("p", "x".repeat(6001)), Map.of(), List.of(),
        List.of())).hasMessageContaining("param 'p' has a value of 6001 characters");
    assertThatThrownBy(() -> ConfigRecord.of("it's", null, Map.of(), Map.of(), List.of(), List.of()))
        .hasMessageContaining("configKey: 'it's' contains '''");
  }

  @Test
  void configRecordsRejectDuplicatesAndDefaultTheRunName() {
    ConfigRecord c = ConfigRecord.of("abc", null, Map.of(), Map.of("m", 1.0), List.of(), List.of());
    assertThat(c.runName()).isEqualTo("abc");
    assertThat(c.curve()).isEmpty();
    assertThatThrownBy(() -> ConfigRecord.of("abc", null, Map.of(), Map.of("curve_mean", 1.0),
        List.of(MetricSeries.ofValues("curve_mean", new double[] {1})), List.of()))
        .hasMessageContaining("'curve_mean' is both a scalar metric and a series");
    assertThatThrownBy(() -> ConfigRecord.of("abc", null, Map.of(), Map.of(), List.of(),
        List.of(Artifact.ofText("a.txt", "x"), Artifact.ofText("a.txt", "y"))))
        .hasMessageContaining("artifact 'a.txt' appears twice");
    assertThatThrownBy(() -> c.withReplicas(List.of(ReplicaRecord.of(0, 1, Map.of()), ReplicaRecord.of(0, 2,
        Map.of())))).hasMessageContaining("replica 0 appears twice");
    assertThatThrownBy(() -> c.withTimestampMillis(-1)).hasMessageContaining("timestampMillis -1 must be >= 0");
    assertThatThrownBy(() -> c.withDurationMillis(-5)).hasMessageContaining("durationMillis -5 must be >= 0");
    assertThat(c.withDurationMillis(1500).durationMillis()).isEqualTo(1500);
  }

  @Test
  void sweepRecordsProtectTheAdaptersOwnTags() {
    assertThatThrownBy(() -> new SweepRecord("s1", "n", "e", "", Map.of(), Map.of(),
        Map.of("qsweep.sweep_id", "other"), 1, List.of()))
        .hasMessageContaining("'qsweep.sweep_id' is set by the tracking adapter itself");
    assertThatThrownBy(() -> new SweepRecord("s1", "n", " ", "", Map.of(), Map.of(), Map.of(), 1, List.of()))
        .hasMessageContaining("experiment:");
    assertThatThrownBy(() -> new SweepRecord("s1", "n", "e", "", Map.of(), Map.of(), Map.of(), 0, List.of()))
        .hasMessageContaining("startTimeMillis: 0 must be > 0");
    ConfigRecord c = ConfigRecord.of("k", null, Map.of(), Map.of(), List.of(), List.of());
    assertThatThrownBy(() -> new SweepRecord("s1", "n", "e", "", Map.of(), Map.of(), Map.of(), 1, List.of(c, c)))
        .hasMessageContaining("configuration 'k' appears twice");
    assertThat(MlflowTags.provenance("u", null, " ", "app-1", "1.0")).containsOnlyKeys("mlflow.user",
        "mlflow.source.type", "qsweep.spark_app_id", "qsweep.version");
  }

  @Test
  void artifactPathsAreRelativeAndClean() {
    assertThat(Artifact.ofText("qtable/q.csv", "x").path()).isEqualTo("qtable/q.csv");
    for (String bad : new String[] {"/abs", "a/../b", "a//b", "a\\b", "./a", "dir/"}) {
      assertThatThrownBy(() -> Artifact.ofText(bad, "x"), bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
    assertThatThrownBy(() -> Artifact.ofFile("x", java.nio.file.Path.of("/nonexistent/qsweep")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void onlyArtifactRootsServedByTheProxyAreWritable() {
    assertThat(MlflowRestClient.proxyPath("mlflow-artifacts:/1/abc/artifacts")).contains("1/abc/artifacts");
    assertThat(MlflowRestClient.proxyPath("mlflow-artifacts://h:5000/1/abc/artifacts/")).contains("1/abc/artifacts");
    assertThat(MlflowRestClient.proxyPath("https://h/p/api/2.0/mlflow-artifacts/artifacts/3/r/artifacts"))
        .contains("3/r/artifacts");
    assertThat(MlflowRestClient.proxyPath("s3://bucket/1/abc/artifacts")).isEmpty();
    assertThat(MlflowRestClient.proxyPath("/var/mlruns/1/abc/artifacts")).isEmpty();
    assertThat(MlflowRestClient.encodePath("1/r/artifacts/music/my song é.mid"))
        .isEqualTo("1/r/artifacts/music/my%20song%20%C3%A9.mid");
  }
}
