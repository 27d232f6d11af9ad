package io.qsweep.spark;

import io.qsweep.table.NpyIO;
import io.qsweep.table.QTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a sweep's output directory (layout in {@code jobs/OUTPUT.md}): the manifest, the per-configuration and
 * per-run rows of the complete chunks, the ranked summary and the mean Q-tables. Works on a finished sweep and on a
 * partial one (only complete chunks are read: a chunk being written, or left half-written by a failure, is never
 * seen). For the MLflow sync command and notebooks.
 *
 * <pre>{@code
 * SweepOutput out = SweepOutput.open(spark, "qsweep-out/quickstart");
 * out.manifest().sweepId();
 * out.configs().orderBy("config_index").show();   // one row per configuration, with a `chunk` column
 * out.runs().filter("config_key = '3f9a0c1d2b4e5f60'").show();
 * QTable q = out.readQTable("3f9a0c1d2b4e5f60");
 * }</pre>
 */
public final class SweepOutput {
  private final SparkSession spark;
  private final OutputLayout layout;
  private final SweepManifest manifest;
  private final FileSystem fs;

  private SweepOutput(SparkSession spark, OutputLayout layout, SweepManifest manifest, FileSystem fs) {
    this.spark = spark;
    this.layout = layout;
    this.manifest = manifest;
    this.fs = fs;
  }

  /**
   * Opens the output directory {@code dir} (a path or any Hadoop URI).
   *
   * @throws IllegalArgumentException when {@code dir} holds no sweep (no readable {@code sweep.json})
   */
  public static SweepOutput open(SparkSession spark, String dir) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(conf);
    OutputLayout layout = new OutputLayout(fs.makeQualified(p));
    if (!fs.exists(layout.manifest())) {
      throw new IllegalArgumentException(dir + ": not a qsweep output directory (no sweep.json)");
    }
    return new SweepOutput(spark, layout, SweepManifest.read(layout.manifest(), conf), fs);
  }

  public SweepManifest manifest() {
    return manifest;
  }

  public OutputLayout layout() {
    return layout;
  }

  /** The sweep file's text as it was given. */
  public String specText() throws IOException {
    try (InputStream in = fs.open(layout.spec())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The chunks whose {@code runs/} and {@code configs/} directories both hold {@code _SUCCESS}. */
  public List<Integer> completeChunks() throws IOException {
    List<Integer> done = new ArrayList<>();
    java.util.Set<String> runDirs = SweepJob.children(fs, layout.runs());
    java.util.Set<String> configDirs = SweepJob.children(fs, layout.configs());
    for (int c = 0; c < manifest.chunks(); c++) {
      String dir = OutputLayout.chunkDir(c);
      if (runDirs.contains(dir) && configDirs.contains(dir)
          && fs.exists(new Path(layout.runsChunk(c), OutputLayout.SUCCESS))
          && fs.exists(new Path(layout.configsChunk(c), OutputLayout.SUCCESS))) {
        done.add(c);
      }
    }
    return done;
  }

  /** Whether the sweep is finished: every chunk complete and the summary written. */
  public boolean isComplete() throws IOException {
    return completeChunks().size() == manifest.chunks()
        && fs.exists(new Path(layout.summaryConfigs(), OutputLayout.SUCCESS));
  }

  /** One row per configuration of the complete chunks ({@link SweepRows#CONFIG} columns plus {@code chunk}). */
  public Dataset<Row> configs() throws IOException {
    List<Path> paths = new ArrayList<>();
    for (int c : completeChunks()) {
      paths.add(layout.configsChunk(c));
    }
    return readChunks(spark, layout.configs(), paths, SweepRows.CONFIG);
  }

  /** One row per run of the complete chunks ({@link SweepRows#RUN} columns plus {@code chunk}). */
  public Dataset<Row> runs() throws IOException {
    List<Path> paths = new ArrayList<>();
    for (int c : completeChunks()) {
      paths.add(layout.runsChunk(c));
    }
    return readChunks(spark, layout.runs(), paths, SweepRows.RUN);
  }

  /**
   * {@code summary/configs.parquet}: every configuration ranked ({@link SweepSummary#SCHEMA}).
   *
   * @throws IllegalStateException when the sweep is not finished
   */
  public Dataset<Row> summary() throws IOException {
    if (!fs.exists(new Path(layout.summaryConfigs(), OutputLayout.SUCCESS))) {
      throw new IllegalStateException(layout.root() + ": the sweep is not finished (no summary yet)");
    }
    return spark.read().parquet(layout.summaryConfigs().toString());
  }

  /** The fully qualified path of a configuration's mean Q-table ({@code .npy}). */
  public Path qtablePath(String configKey) {
    return layout.qtable(configKey);
  }

  /** Reads a configuration's mean Q-table. */
  public QTable readQTable(String configKey) throws IOException {
    Path p = qtablePath(configKey);
    NpyIO.NpyArray a;
    try (InputStream in = fs.open(p)) {
      a = NpyIO.read(in);
    }
    if (a.dimensions() != 2) {
      throw new IOException(p + ": a Q-table is 2-D, found shape " + java.util.Arrays.toString(a.shape()));
    }
    return QTable.of(a.rows(), a.cols(), a.data());
  }

  /**
   * Reads chunk directories under {@code base} holding rows of {@code schema}, with their {@code chunk} partition
   * column (the schema is given, so no file footer is read to infer it).
   */
  static Dataset<Row> readChunks(SparkSession spark, Path base, List<Path> chunks, StructType schema) {
    StructType withChunk = schema.add("chunk", DataTypes.IntegerType, false);
    if (chunks.isEmpty()) {
      return spark.createDataFrame(List.of(), withChunk);
    }
    String[] paths = chunks.stream().map(Path::toString).toArray(String[]::new);
    return spark.read().schema(withChunk).option("basePath", base.toString()).parquet(paths);
  }
}
