package io.qsweep.spark;

import io.qsweep.table.NpyIO;
import io.qsweep.table.QTable;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

/**
 * Writes mean Q-tables as {@code .npy} ({@code numStates × numActions}, float64) to
 * {@code <output>/qtables/<config key>.npy} through the Hadoop {@link FileSystem} API.
 *
 * <p>Idempotent and safe under task retries and speculative execution: the file is written under a temporary name
 * unique to the task attempt, then renamed over the final name; when two attempts race, the loser's rename fails,
 * the final file (which holds the same bytes: the merge is deterministic) stays, and the loser removes its
 * temporary file. A reader never sees a half-written final file on file systems with atomic rename (local, HDFS).
 */
final class HadoopQTableSink implements ConfigRunner.QTableSink, java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final String root;
  private final SerializableHadoopConf conf;

  HadoopQTableSink(String root, SerializableHadoopConf conf) {
    this.root = root;
    this.conf = conf;
  }

  @Override
  public String write(String configKey, QTable meanQ) throws IOException {
    OutputLayout layout = new OutputLayout(new Path(root));
    Path target = layout.qtable(configKey);
    FileSystem fs = target.getFileSystem(conf.get());
    TaskContext tc = TaskContext.get();
    String attempt = tc != null ? Long.toString(tc.taskAttemptId()) : Long.toString(System.nanoTime());
    Path tmp = new Path(layout.qtables(), "_tmp-" + configKey + "-" + attempt + ".npy");
    try (OutputStream out = fs.create(tmp, true)) {
      NpyIO.write(out, meanQ.values(), meanQ.numStates(), meanQ.numActions());
    }
    ChunkWriter.commit(fs, tmp, target);
    return OutputLayout.qtableRelative(configKey);
  }
}
