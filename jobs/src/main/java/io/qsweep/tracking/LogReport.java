package io.qsweep.tracking;

import java.net.URI;
import java.time.Duration;

/**
 * What a logging pass did.
 *
 * @param experimentId  the experiment's id
 * @param parentRunId   the sweep's parent run
 * @param configs       configurations submitted
 * @param created       configuration runs created by this pass
 * @param resumed       configuration runs that existed incomplete and were completed
 * @param alreadyLogged configuration runs that were already complete (nothing written)
 * @param replicaRuns   replica runs created or completed by this pass
 * @param elapsed       wall time of the pass
 */
public record LogReport(String experimentId, String parentRunId, int configs, int created, int resumed,
    int alreadyLogged, int replicaRuns, Duration elapsed) {

  /** The parent run's page in the MLflow UI. */
  public String parentRunUrl(URI trackingUri) {
    return trackingUri + "/#/experiments/" + experimentId + "/runs/" + parentRunId;
  }

  /** Configuration runs per second over the pass. */
  public double configsPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s > 0 ? configs / s : 0;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%d configurations in MLflow experiment %s, parent run %s: %d created, "
        + "%d completed, %d already logged, %d replica runs; %.1f s (%.1f/s)", configs, experimentId, parentRunId,
        created, resumed, alreadyLogged, replicaRuns, elapsed.toNanos() / 1e9, configsPerSecond());
  }
}
