package io.qsweep.spark;

import io.qsweep.table.NpyIO;
import io.qsweep.table.QTable;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes mean Q-tables as {@code .npy} ({@code numStates × numActions}, float64) to
 * {@code <output>/qtables/<config key>.npy} ({@link TaskStorage}: any Hadoop file system).
 *
 * <p>Idempotent and safe under task retries and speculative execution: the file is written in a directory private
 * to the task attempt, then renamed over the final name; when two attempts race, the loser's rename fails,
 * the final file (which holds the same bytes: the merge is deterministic) stays, and the loser removes its
 * temporary file. A reader never sees a half-written final file on file systems with atomic rename (local, HDFS).
 */
final class NpyQTableSink implements ConfigRunner.QTableSink {
  private final TaskStorage storage;
  private final String tmpDir;

  /** @param tmpDir the task attempt's private directory, relative to the output directory, ending in {@code /} */
  NpyQTableSink(TaskStorage storage, String tmpDir) {
    this.storage = storage;
    this.tmpDir = tmpDir;
  }

  @Override
  public String write(String configKey, QTable meanQ) throws IOException {
    String target = OutputLayout.qtableRelative(configKey);
    String tmp = tmpDir + configKey + ".npy";
    try (OutputStream out = new BufferedOutputStream(storage.create(tmp))) {
      NpyIO.write(out, meanQ.values(), meanQ.numStates(), meanQ.numActions());
    }
    storage.commit(tmp, target);
    return target;
  }
}
