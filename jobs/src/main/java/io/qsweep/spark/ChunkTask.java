package io.qsweep.spark;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The body of one Spark task: a group of configurations, each run and merged by {@link ConfigRunner} in turn; yields
 * one {@link SweepRows#CONFIG_WITH_RUNS} row per configuration, lazily (one configuration's results in memory at a
 * time). Counts finished runs and the time spent in runs and merges in accumulators (progress and the throughput
 * report).
 */
final class ChunkTask implements FlatMapFunction<List<ConfigTask>, Row> {
  private static final long serialVersionUID = 1L;
  private final SweepSettings settings;
  private final HadoopQTableSink sink;
  private final LongAccumulator runsDone;
  private final DoubleAccumulator runSeconds;
  private final DoubleAccumulator mergeSeconds;

  ChunkTask(SweepSettings settings, HadoopQTableSink sink, LongAccumulator runsDone, DoubleAccumulator runSeconds,
      DoubleAccumulator mergeSeconds) {
    this.settings = settings;
    this.sink = sink;
    this.runsDone = runsDone;
    this.runSeconds = runSeconds;
    this.mergeSeconds = mergeSeconds;
  }

  @Override
  public Iterator<Row> call(List<ConfigTask> group) {
    Iterator<ConfigTask> it = group.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Row next() {
        if (!it.hasNext()) {
          throw new NoSuchElementException();
        }
        ConfigOutcome c = ConfigRunner.run(it.next(), settings, sink, () -> runsDone.add(1));
        runSeconds.add(c.runSeconds());
        mergeSeconds.add(c.mergeSeconds());
        return SweepRows.configRowWithRuns(c);
      }
    };
  }
}
