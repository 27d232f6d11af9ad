package io.qsweep.cli;

import io.qsweep.spark.SparkSessions;
import io.qsweep.spark.SweepJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import io.qsweep.sweep.SweepSpec;
import io.qsweep.tracking.TrackingConfig;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qsweep run}: runs a sweep on Spark ({@link SweepJob}). In-process on Spark local mode by default; under
 * {@code spark-submit} the master it was given is kept.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a sweep on Spark: every configuration × replica, merged per configuration, written as Parquet "
        + "and .npy under the output directory, with a summary of the top configurations and the hyperparameter "
        + "importance. Running it again with the same output directory resumes an interrupted sweep.",
        "Master: spark.master when already set (spark-submit), else --master, else local[*]."})
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SWEEP.yaml", description = "The sweep file (a path or a Hadoop URI).")
  String file;

  @Option(names = "--output", paramLabel = "DIR",
      description = "Output directory: a path or any Hadoop URI (file://, hdfs://, s3a://). Default: "
          + "qsweep-out/<sweep name>.")
  String output;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. local[2] (ignored when spark.master is already set). Default: local[*].")
  String master;

  @Option(names = "--chunk-runs", paramLabel = "N", defaultValue = "0",
      description = "Runs per chunk (the unit of commit and resume), rounded up to whole configurations; "
          + "0 = min(1000, runs / (4 * cores)) with a local master, min(1000, runs / max(64, 4 * cores)) on a "
          + "cluster, with the last wave of chunks cut smaller. Fixed by the first run into an output directory.")
  int chunkRuns;

  @Option(names = "--progress-seconds", paramLabel = "S", defaultValue = "10",
      description = "Seconds between progress lines; 0 for none (default: ${DEFAULT-VALUE}).")
  double progressSeconds;

  @Option(names = "--top", paramLabel = "N", defaultValue = "10",
      description = "Configurations in the top table (default: ${DEFAULT-VALUE}).")
  int top;

  @Mixin
  TrackingOptions tracking;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SweepJob.Options options = new SweepJob.Options(file, output, master, chunkRuns, progressSeconds, top,
        -1);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Fail fast, before any compute: the sweep is valid, and the tracking server (if any) answers, accepts the
    // credentials and has a usable experiment.
    Optional<TrackingConfig> trackingConfig = tracking.config();
    String text;
    try {
      text = SweepJob.readSweepFile(file);
    } catch (IOException e) {
      throw new Main.UsageError("SWEEP.yaml: cannot read " + file + ": " + e.getMessage());
    }
    SweepSpec sweep = SweepSpec.parse(text, file);
    String experiment = tracking.experiment != null ? tracking.experiment : sweep.experiment();
    trackingConfig.ifPresent(c -> TrackingOptions.preflight(c, experiment, err));
    boolean hadSession = SparkSessions.existing() != null;
    try {
      SweepJob.Result result = SweepJob.run(options, out, err);
      if (result.complete()) {
        if (trackingConfig.isPresent()) {
          TrackingOptions.log(SparkSessions.existing(), result.output(), trackingConfig.get(), tracking.experiment,
              "qsweep run", out, err);
        } else {
          err.println(TrackingConfig.noTrackingMessage(result.output()));
        }
      }
    } finally {
      SparkSession created = hadSession ? null : SparkSessions.existing();
      if (created != null) {
        created.stop();
      }
    }
    return 0;
  }
}
