package io.qsweep.spark;

import io.qsweep.sweep.SweepConfig;
import io.qsweep.sweep.SweepSpec;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * One Spark task: computes one chunk — its configurations one after the other, each run and merged by
 * {@link ConfigRunner} — and commits it. Rows stream into two Parquet files ({@link ParquetRowWriter}) in a directory
 * private to the task attempt ({@code <output>/_tmp/<attempt id>/}, as are the Q-tables before their commit; the
 * driver deletes {@code _tmp/} before and after the job); when the chunk is done they are
 * renamed to {@value #PART} in {@code runs/chunk=N/}, which then gets an empty {@code _SUCCESS}, then likewise in
 * {@code configs/chunk=N/}: the chunk is complete exactly when both markers exist.
 *
 * <p>Retries and speculative attempts are harmless: every attempt writes the same rows (the computation is
 * deterministic), renames over whatever an earlier attempt left, and when two attempts race the loser's rename
 * fails and it drops its own temporary file. Counts runs, chunks and the time spent in runs and merges in
 * accumulators (progress and the throughput report: the wall time of runs, of merges and of the whole task).
 */
final class ChunkWriter implements VoidFunction<Integer> {
  private static final long serialVersionUID = 1L;
  /**
   * Tests only: the first attempt of the task of this chunk fails right after committing the chunk's {@code runs/}
   * half (a retry must then give the same results); -1 (the default) for none. Read in the executor JVM, so only
   * meaningful with a local master.
   */
  static volatile int failFirstAttemptOfChunk = -1;
  /** Tests only: how many failures {@link #failFirstAttemptOfChunk} injected. */
  static final java.util.concurrent.atomic.AtomicInteger INJECTED_FAILURES = new java.util.concurrent.atomic.AtomicInteger();

  /** The file name of a committed chunk's rows in each of its two directories. */
  static final String PART = "part-00000.snappy.parquet";

  private final Broadcast<String> specText;
  private final String sweepId;
  private final SweepManifest manifest;
  private final SweepSettings settings;
  private final String root;
  private final Broadcast<SerializableHadoopConf> conf;
  private final Timings timings;

  ChunkWriter(Broadcast<String> specText, String sweepId, SweepManifest manifest, SweepSettings settings, String root,
      Broadcast<SerializableHadoopConf> conf, Timings timings) {
    this.specText = specText;
    this.sweepId = sweepId;
    this.manifest = manifest;
    this.settings = settings;
    this.root = root;
    this.conf = conf;
    this.timings = timings;
  }

  @Override
  public void call(Integer chunk) throws IOException {
    long t0 = System.nanoTime();
    SweepSpec spec = SpecCache.get(specText.value(), sweepId);
    List<SweepConfig> configs = spec.expand();
    int[] indices = manifest.chunkConfigIndices(chunk);
    Configuration hadoop = conf.value().get();
    TaskStorage storage = TaskStorage.of(root, hadoop);
    String runsDir = "runs/" + OutputLayout.chunkDir(chunk) + "/";
    String configsDir = "configs/" + OutputLayout.chunkDir(chunk) + "/";
    TaskContext tc = TaskContext.get();
    String tmp = OutputLayout.TMP + "/" + (tc != null ? tc.taskAttemptId() : System.nanoTime()) + "/";
    String runsTmp = tmp + "runs-" + chunk + ".parquet";
    String configsTmp = tmp + "configs-" + chunk + ".parquet";
    NpyQTableSink sink = new NpyQTableSink(storage, tmp);

    try (ParquetRowWriter runs = new ParquetRowWriter(storage.parquetFile(runsTmp), SweepRows.RUN, hadoop);
        ParquetRowWriter cfgs = new ParquetRowWriter(storage.parquetFile(configsTmp), SweepRows.CONFIG, hadoop)) {
      for (int i : indices) {
        SweepConfig config = configs.get(i);
        ConfigOutcome c = ConfigRunner.run(config, settings, sink, () -> timings.runs.add(1));
        java.util.Map<String, String> params = config.params();
        for (RunOutcome r : c.runs()) {
          runs.write(SweepRows.runRow(config, params, r));
        }
        cfgs.write(SweepRows.configRow(c));
        timings.add(c);
      }
    }
    storage.commit(runsTmp, runsDir + PART);
    storage.touch(runsDir + OutputLayout.SUCCESS);
    if (chunk == failFirstAttemptOfChunk && tc != null && tc.attemptNumber() == 0) {
      INJECTED_FAILURES.incrementAndGet();
      throw new IllegalStateException("injected failure of the first attempt of chunk " + chunk + " (test)");
    }
    storage.commit(configsTmp, configsDir + PART);
    storage.touch(configsDir + OutputLayout.SUCCESS);
    timings.chunks.add(1);
    timings.taskWall.add((System.nanoTime() - t0) / 1e9);
  }
}
