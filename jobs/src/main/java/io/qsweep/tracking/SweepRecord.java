package io.qsweep.tracking;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep as logged to MLflow: one parent run named {@code name} in experiment {@code experiment}, identified by
 * {@code sweepId}, with the sweep YAML as the artifact {@link Artifact#SWEEP_YAML}, sweep-level params, metrics and
 * tags, and one nested child run per {@link ConfigRecord}. The same record logged twice (or a record read back from
 * disk by {@code bin/qsweep sync}) changes nothing the second time; a record with more configurations than logged
 * before adds the missing ones.
 *
 * @param sweepId         the sweep's stable id (same on every resume/sync of this sweep)
 * @param name            the parent run's name
 * @param experiment      the MLflow experiment name (from the sweep or {@code --experiment}); created if missing
 * @param yaml            the sweep YAML text, stored as artifact {@code sweep.yaml}; may be empty
 * @param params          sweep-level params, e.g. {@code env}, {@code algorithm}, {@code episodes}, {@code seeds},
 *                        {@code configurations}, {@code swept} (the swept parameter names)
 * @param metrics         sweep-level metrics (e.g. the best configuration's IQM); may be empty
 * @param tags            extra tags for the parent run, e.g. {@link MlflowTags#provenance}; may not override the
 *                        {@code qsweep.sweep_id}/{@code qsweep.role}/{@code mlflow.runName} tags
 * @param startTimeMillis when the sweep started (epoch ms, from the results on disk): the parent's start time and the
 *                        default timestamp of metric points
 * @param configs         the configurations (may be empty when configurations are streamed through
 *                        {@link SweepSession#submit})
 */
public record SweepRecord(String sweepId, String name, String experiment, String yaml, Map<String, String> params,
    Map<String, Double> metrics, Map<String, String> tags, long startTimeMillis, List<ConfigRecord> configs) {

  public SweepRecord {
    Names.identifier("sweepId", sweepId);
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: the sweep name must be non-empty");
    }
    if (experiment == null || experiment.isBlank()) {
      throw new IllegalArgumentException("experiment: the MLflow experiment name must be non-empty");
    }
    yaml = yaml == null ? "" : yaml;
    params = Names.params("sweep params", params);
    metrics = Names.metrics("sweep metrics", metrics);
    tags = Names.tags("sweep tags", tags);
    for (String reserved : List.of(MlflowTags.SWEEP_ID, MlflowTags.ROLE, MlflowTags.RUN_NAME, MlflowTags.REPLICAS_LOGGED,
        MlflowTags.PARENT_RUN_ID)) {
      if (tags.containsKey(reserved)) {
        throw new IllegalArgumentException("sweep tags: '" + reserved + "' is set by the tracking adapter itself");
      }
    }
    if (startTimeMillis <= 0) {
      throw new IllegalArgumentException("startTimeMillis: " + startTimeMillis + " must be > 0 (epoch ms)");
    }
    configs = configs == null ? List.of() : List.copyOf(configs);
    Set<String> keys = new HashSet<>();
    for (ConfigRecord c : configs) {
      if (!keys.add(c.configKey())) {
        throw new IllegalArgumentException("configs: configuration '" + c.configKey() + "' appears twice");
      }
    }
  }

  /** The same sweep with other configurations. */
  public SweepRecord withConfigs(List<ConfigRecord> v) {
    return new SweepRecord(sweepId, name, experiment, yaml, params, metrics, tags, startTimeMillis, v);
  }
}
