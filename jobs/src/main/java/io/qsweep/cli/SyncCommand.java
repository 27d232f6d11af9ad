package io.qsweep.cli;

import io.qsweep.spark.SparkSessions;
import io.qsweep.tracking.TrackingConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qsweep sync}: logs a finished sweep's output directory to MLflow — after an outage, or for a sweep run
 * without tracking. Idempotent: what is already logged is not duplicated.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = "Log a finished sweep's output directory to an MLflow tracking server (idempotent).")
final class SyncCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "OUTPUT_DIR", description = "The sweep's output directory (path or URI).")
  String dir;

  @Mixin
  TrackingOptions tracking;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master for reading the output "
      + "(default: local[*]).")
  String master;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrackingConfig cfg = tracking.config().orElseThrow(() -> new Main.UsageError(
        "no tracking server: give --tracking-uri URI or set MLFLOW_TRACKING_URI"));
    boolean hadSession = SparkSessions.existing() != null;
    SparkSession spark = SparkSessions.getOrCreate(master, err);
    try {
      if (!new org.apache.hadoop.fs.Path(dir, "sweep.json").getFileSystem(spark.sparkContext().hadoopConfiguration())
          .exists(new org.apache.hadoop.fs.Path(dir, "sweep.json"))) {
        throw new Main.UsageError("OUTPUT_DIR: " + dir + " holds no sweep (no sweep.json)");
      }
      try {
        TrackingOptions.log(spark, dir, cfg, tracking.experiment, "qsweep sync", out, err);
      } catch (IllegalStateException e) {
        throw new Main.UsageError(e.getMessage());
      }
    } finally {
      if (!hadSession) {
        spark.stop();
      }
    }
    return 0;
  }
}
