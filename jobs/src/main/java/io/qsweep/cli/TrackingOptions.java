package io.qsweep.cli;

import io.qsweep.spark.TrackingSync;
import io.qsweep.tracking.LogReport;
import io.qsweep.tracking.MlflowSweepLogger;
import io.qsweep.tracking.TrackingConfig;
import io.qsweep.tracking.TrackingException;
import io.qsweep.tracking.TrackingUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/**
 * MLflow options shared by {@code run} and {@code sync}. Credentials come only from the environment
 * ({@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD} or {@code MLFLOW_TRACKING_TOKEN}) and are never
 * printed.
 */
final class TrackingOptions {
  @Option(names = "--tracking-uri", paramLabel = "URI",
      description = "MLflow tracking server (http[s]://host:port). Default: $MLFLOW_TRACKING_URI; none = no logging.")
  String trackingUri;

  @Option(names = "--experiment", paramLabel = "NAME",
      description = "MLflow experiment (default: the sweep's 'experiment', else its name).")
  String experiment;

  @Option(names = "--log-replicas", description = "Also log one nested run per seed (off by default).")
  boolean logReplicas;

  @Option(names = "--tracking-parallelism", paramLabel = "N", defaultValue = "4",
      description = "Concurrent MLflow requests (default: ${DEFAULT-VALUE}).")
  int parallelism;

  /** The tracking configuration, or empty when no URI is given anywhere. Config errors exit 2. */
  Optional<TrackingConfig> config() {
    try {
      return TrackingConfig.fromEnvironment(trackingUri)
          .map(c -> c.withLogReplicas(logReplicas).withParallelism(parallelism));
    } catch (TrackingException e) {
      throw new Main.ExitError(e.exitCode(), "--tracking-uri: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError("--tracking-uri: " + e.getMessage());
    }
  }

  /** Read-only check before compute: the server answers, credentials work, the experiment is usable. */
  static void preflight(TrackingConfig cfg, String experiment, PrintWriter err) {
    try (MlflowSweepLogger logger = new MlflowSweepLogger(cfg, err::println)) {
      logger.preflight(experiment);
    } catch (TrackingException e) {
      throw new Main.ExitError(e.exitCode(), "MLflow at " + cfg.uri() + ": " + e.getMessage());
    }
  }

  /**
   * Logs the finished sweep in {@code dir}; a tracking failure becomes an exit with its code and the sync hint (the
   * results stay on disk).
   */
  static LogReport log(SparkSession spark, String dir, TrackingConfig cfg, String experiment, String source,
      PrintWriter out, PrintWriter err) throws IOException {
    try {
      LogReport r = TrackingSync.sync(spark, dir, cfg, experiment, source, err::println);
      out.println("MLflow: " + r.configs() + " configuration runs in experiment " + r.experimentId() + " ("
          + r.created() + " created); parent run " + r.parentRunUrl(cfg.uri()));
      return r;
    } catch (TrackingUnavailableException e) {
      throw new Main.ExitError(e.exitCode(), e.getMessage() + "\n" + TrackingUnavailableException.syncHint(dir));
    } catch (TrackingException e) {
      throw new Main.ExitError(e.exitCode(), e.getMessage());
    }
  }
}
