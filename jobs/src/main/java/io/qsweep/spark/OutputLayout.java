package io.qsweep.spark;

import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * Where everything of a sweep lives under its output directory (any Hadoop file system: {@code file://},
 * {@code hdfs://}, {@code s3a://}). The layout is documented in {@code jobs/OUTPUT.md}.
 */
public final class OutputLayout {
  /** Spark's marker of a committed write. */
  public static final String SUCCESS = "_SUCCESS";

  private final Path root;

  public OutputLayout(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** {@code sweep.json}: the manifest. */
  public Path manifest() {
    return new Path(root, "sweep.json");
  }

  /** {@code sweep.yaml}: the sweep file as given. */
  public Path spec() {
    return new Path(root, "sweep.yaml");
  }

  /** {@code runs/}: one row per run, partitioned by chunk. */
  public Path runs() {
    return new Path(root, "runs");
  }

  /** {@code configs/}: one row per configuration, partitioned by chunk. */
  public Path configs() {
    return new Path(root, "configs");
  }

  /** {@code runs/chunk=NNNNN}. */
  public Path runsChunk(int chunk) {
    return new Path(runs(), chunkDir(chunk));
  }

  /** {@code configs/chunk=NNNNN}. */
  public Path configsChunk(int chunk) {
    return new Path(configs(), chunkDir(chunk));
  }

  /** The directory name of a chunk: {@code chunk=} and five digits (more when there are more chunks). */
  public static String chunkDir(int chunk) {
    return String.format(Locale.ROOT, "chunk=%05d", chunk);
  }

  /** {@code qtables/}: the mean Q-table of each configuration. */
  public Path qtables() {
    return new Path(root, "qtables");
  }

  /** The relative path of a configuration's mean Q-table: {@code qtables/<config key>.npy}. */
  public static String qtableRelative(String configKey) {
    return "qtables/" + configKey + ".npy";
  }

  public Path qtable(String configKey) {
    return new Path(root, qtableRelative(configKey));
  }

  /** {@code summary/}. */
  public Path summary() {
    return new Path(root, "summary");
  }

  /** {@code summary/configs.parquet}: every configuration ranked, with the probability of improvement of the best. */
  public Path summaryConfigs() {
    return new Path(summary(), "configs.parquet");
  }

  public Path topMarkdown() {
    return new Path(summary(), "top.md");
  }

  public Path topCsv() {
    return new Path(summary(), "top.csv");
  }

  public Path importanceCsv() {
    return new Path(summary(), "importance.csv");
  }

  /** {@code summary/summary.json}: the best configuration, counts, the importance note, throughput figures. */
  public Path summaryJson() {
    return new Path(summary(), "summary.json");
  }
}
