package io.qsweep.spark;

import io.qsweep.table.NpyIO;
import io.qsweep.table.QTable;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.spark.TaskContext;

/**
 * Writes mean Q-tables as {@code .npy} ({@code numStates × numActions}, float64) to
 * {@code <output>/qtables/<config key>.npy} ({@link TaskStorage}: any Hadoop file system).
 *
 * <p>Idempotent and safe under task retries and speculative execution: the file is written under a temporary name
 * unique to the task attempt, then renamed over the final name; when two attempts race, the loser's rename fails,
 * the final file (which holds the same bytes: the merge is deterministic) stays, and the loser removes its
 * temporary file. A reader never sees a half-written final file on file systems with atomic rename (local, HDFS).
 */
final class NpyQTableSink implements ConfigRunner.QTableSink {
  private final TaskStorage storage;

  NpyQTableSink(TaskStorage storage) {
    this.storage = storage;
  }

  @Override
  public String write(String configKey, QTable meanQ) throws IOException {
    TaskContext tc = TaskContext.get();
    String attempt = tc != null ? Long.toString(tc.taskAttemptId()) : Long.toString(System.nanoTime());
    String target = OutputLayout.qtableRelative(configKey);
    String tmp = "qtables/_tmp-" + configKey + "-" + attempt + ".npy";
    try (OutputStream out = new BufferedOutputStream(storage.create(tmp))) {
      NpyIO.write(out, meanQ.values(), meanQ.numStates(), meanQ.numActions());
    }
    storage.commit(tmp, target);
    return target;
  }
}
