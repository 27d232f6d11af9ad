package io.qsweep.tracking;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything logged for one configuration of a sweep: one MLflow child run, nested under the sweep's parent run and
 * identified by {@code (sweep id, configKey)}.
 *
 * <p>Conventions (the Spark job fills these; nothing here depends on them):
 * <ul>
 *   <li>params: every swept parameter under a UI-friendly name: {@code env}, {@code algorithm}, {@code alpha},
 *       {@code gamma}, {@code epsilon} (the exploration text form), {@code reward}, {@code episodes}, env params
 *       ({@code is_slippery}, {@code map}), {@code seeds};</li>
 *   <li>metrics: merged over seeds: {@code iqm_return}, {@code mean_return}, {@code ci_low}, {@code ci_high},
 *       {@code optimality_gap}, {@code merged_policy_return}, {@code success_rate};</li>
 *   <li>series: the mean learning curve {@link MetricSeries#CURVE} with steps = episode, and its bands
 *       {@link MetricSeries#CURVE_CI_LOW}/{@link MetricSeries#CURVE_CI_HIGH};</li>
 *   <li>artifacts: {@link Artifact#Q_MEAN_NPY}, {@link Artifact#Q_MEAN_CSV}, {@link Artifact#POLICY_TXT},
 *       {@link Artifact#REPLICAS_CSV} and, for music environments, {@link Artifact#COMPOSITION_MIDI}.</li>
 * </ul>
 *
 * @param configKey      the configuration's stable key (e.g. 16 hex digits), unique within the sweep
 * @param runName        the MLflow run name, e.g. {@code q_learning a=0.1 g=0.99 eps=0.1}; null = {@code configKey}
 * @param params         params (MLflow: at most 6000 characters per value)
 * @param metrics        scalar metrics, logged at step 0
 * @param series         metric histories; keys distinct from each other and from {@code metrics}
 * @param artifacts      files; paths distinct
 * @param replicas       per-seed records, logged only with {@link TrackingConfig#logReplicas()}; indices distinct
 * @param timestampMillis the time the configuration's results were produced (epoch ms): the start/end time of its
 *                       runs and the timestamp of every metric point. It must come from the results (on disk), not
 *                       from the clock at logging time, so re-logging writes identical points; 0 = the sweep's
 *                       {@link SweepRecord#startTimeMillis()}
 * @param durationMillis  how long the configuration took to compute (ms, from the results on disk): its run ends this
 *                       long after it starts, so the MLflow UI shows a real duration; 0 = unknown (start = end)
 */
public record ConfigRecord(String configKey, String runName, Map<String, String> params, Map<String, Double> metrics,
    List<MetricSeries> series, List<Artifact> artifacts, List<ReplicaRecord> replicas, long timestampMillis,
    long durationMillis) {

  public ConfigRecord {
    Names.identifier("configKey", configKey);
    String field = "config " + configKey;
    if (runName == null || runName.isBlank()) {
      runName = configKey;
    }
    if (runName.length() > Names.MAX_TAG_VALUE_LENGTH) {
      throw new IllegalArgumentException(field + ": runName has " + runName.length() + " characters, more than "
          + Names.MAX_TAG_VALUE_LENGTH);
    }
    params = Names.params(field + " params", params);
    metrics = Names.metrics(field + " metrics", metrics);
    series = checkSeries(field, series, metrics);
    artifacts = checkArtifacts(field, artifacts);
    replicas = replicas == null ? List.of() : List.copyOf(replicas);
    Set<Integer> seen = new HashSet<>();
    for (ReplicaRecord r : replicas) {
      if (!seen.add(r.replica())) {
        throw new IllegalArgumentException(field + ": replica " + r.replica() + " appears twice");
      }
    }
    if (timestampMillis < 0) {
      throw new IllegalArgumentException(field + ": timestampMillis " + timestampMillis + " must be >= 0");
    }
    if (durationMillis < 0) {
      throw new IllegalArgumentException(field + ": durationMillis " + durationMillis + " must be >= 0");
    }
  }

  /** A record without replicas, timestamped with the sweep's start time. */
  public static ConfigRecord of(String configKey, String runName, Map<String, String> params,
      Map<String, Double> metrics, List<MetricSeries> series, List<Artifact> artifacts) {
    return new ConfigRecord(configKey, runName, params, metrics, series, artifacts, List.of(), 0, 0);
  }

  public ConfigRecord withReplicas(List<ReplicaRecord> v) {
    return new ConfigRecord(configKey, runName, params, metrics, series, artifacts, v, timestampMillis,
        durationMillis);
  }

  public ConfigRecord withTimestampMillis(long v) {
    return new ConfigRecord(configKey, runName, params, metrics, series, artifacts, replicas, v, durationMillis);
  }

  public ConfigRecord withDurationMillis(long v) {
    return new ConfigRecord(configKey, runName, params, metrics, series, artifacts, replicas, timestampMillis, v);
  }

  /** The mean learning curve ({@link MetricSeries#CURVE}), if present. */
  public Optional<MetricSeries> curve() {
    return series.stream().filter(s -> s.key().equals(MetricSeries.CURVE)).findFirst();
  }

  static List<MetricSeries> checkSeries(String field, List<MetricSeries> series, Map<String, Double> metrics) {
    List<MetricSeries> out = series == null ? List.of() : List.copyOf(series);
    Set<String> keys = new HashSet<>();
    for (MetricSeries s : out) {
      if (!keys.add(s.key())) {
        throw new IllegalArgumentException(field + ": series '" + s.key() + "' appears twice");
      }
      if (metrics.containsKey(s.key())) {
        throw new IllegalArgumentException(field + ": '" + s.key() + "' is both a scalar metric and a series");
      }
    }
    return out;
  }

  static List<Artifact> checkArtifacts(String field, List<Artifact> artifacts) {
    List<Artifact> out = artifacts == null ? List.of() : List.copyOf(artifacts);
    Set<String> paths = new HashSet<>();
    for (Artifact a : out) {
      if (!paths.add(a.path())) {
        throw new IllegalArgumentException(field + ": artifact '" + a.path() + "' appears twice");
      }
    }
    return out;
  }
}
