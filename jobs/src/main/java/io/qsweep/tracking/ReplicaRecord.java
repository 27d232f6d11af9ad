package io.qsweep.tracking;

import java.util.List;
import java.util.Map;

/**
 * One seed's run of a configuration, logged as its own MLflow run nested under the configuration's run when
 * {@link TrackingConfig#logReplicas()} is on.
 *
 * @param replica   the replica index, >= 0, unique within its configuration
 * @param seed      the RNG seed of the run (logged as param {@code seed})
 * @param params    extra params (the configuration's params are repeated on the replica run for filtering)
 * @param metrics   per-run scalar metrics (final return, success rate, optimality gap, ...)
 * @param series    per-run histories (e.g. the run's own learning curve); keys distinct from {@code metrics}
 * @param artifacts per-run files (e.g. the run's Q-table); usually empty to keep MLflow light
 * @param durationMillis how long the run took (ms, from the results on disk; 0 when unknown): the replicas of a
 *                  configuration ran one after the other, so replica runs start where the one before ended, from
 *                  the configuration run's start ({@link ConfigRecord#timestampMillis()}, or the sweep's start
 *                  when that is 0)
 */
public record ReplicaRecord(int replica, long seed, Map<String, String> params, Map<String, Double> metrics,
    List<MetricSeries> series, List<Artifact> artifacts, long durationMillis) {

  public ReplicaRecord {
    if (replica < 0) {
      throw new IllegalArgumentException("replica: " + replica + " must be >= 0");
    }
    String field = "replica " + replica;
    params = Names.params(field + " params", params);
    metrics = Names.metrics(field + " metrics", metrics);
    series = ConfigRecord.checkSeries(field, series, metrics);
    artifacts = ConfigRecord.checkArtifacts(field, artifacts);
    if (durationMillis < 0) {
      throw new IllegalArgumentException(field + ": durationMillis " + durationMillis + " must be >= 0");
    }
  }

  /** A replica with metrics only (duration unknown). */
  public static ReplicaRecord of(int replica, long seed, Map<String, Double> metrics) {
    return new ReplicaRecord(replica, seed, Map.of(), metrics, List.of(), List.of(), 0);
  }

  public ReplicaRecord withDurationMillis(long v) {
    return new ReplicaRecord(replica, seed, params, metrics, series, artifacts, v);
  }
}
