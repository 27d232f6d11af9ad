package io.qsweep.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The accumulators through which tasks report progress and where their time went: runs and chunks finished, and
 * the wall and CPU (thread) time of the runs, of the merges and of whole tasks. They reach the driver when a task
 * ends. Measurements only: no result depends on them.
 */
final class Timings implements Serializable {
  private static final long serialVersionUID = 1L;
  final LongAccumulator runs;
  final LongAccumulator chunks;
  final DoubleAccumulator runWall;
  final DoubleAccumulator mergeWall;
  final DoubleAccumulator taskWall;
  final DoubleAccumulator runCpu;
  final DoubleAccumulator mergeCpu;

  private Timings(SparkContext sc) {
    runs = sc.longAccumulator("qsweep runs done");
    chunks = sc.longAccumulator("qsweep chunks done");
    runWall = sc.doubleAccumulator("qsweep run seconds");
    mergeWall = sc.doubleAccumulator("qsweep merge seconds");
    taskWall = sc.doubleAccumulator("qsweep task seconds");
    runCpu = sc.doubleAccumulator("qsweep run cpu seconds");
    mergeCpu = sc.doubleAccumulator("qsweep merge cpu seconds");
  }

  static Timings register(SparkContext sc) {
    return new Timings(sc);
  }

  /** Adds a finished configuration's times. */
  void add(ConfigOutcome c) {
    runWall.add(c.runSeconds());
    mergeWall.add(c.mergeSeconds());
    runCpu.add(c.runCpuSeconds());
    mergeCpu.add(c.mergeCpuSeconds());
  }
}
