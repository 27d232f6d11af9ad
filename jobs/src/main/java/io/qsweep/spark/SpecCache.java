package io.qsweep.spark;

import io.qsweep.sweep.SweepSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sweep as an executor sees it: tasks receive the sweep file's text (broadcast) and a chunk number, and each
 * executor JVM parses and expands the sweep once. The expansion must give the driver's sweep id — otherwise the
 * executor would run different configurations than the driver planned, which is reported, never ignored.
 */
final class SpecCache {
  private static final int MAX_ENTRIES = 8;
  private static final Map<String, SweepSpec> CACHE = new ConcurrentHashMap<>();

  private SpecCache() {
  }

  /**
   * The parsed sweep of {@code yaml}.
   *
   * @throws IllegalStateException if it does not have the id {@code sweepId}
   */
  static SweepSpec get(String yaml, String sweepId) {
    SweepSpec spec = CACHE.get(sweepId);
    if (spec == null) {
      spec = SweepSpec.parse(yaml, "sweep.yaml");
      if (!spec.sweepId().equals(sweepId)) {
        throw new IllegalStateException("the sweep expands to id " + spec.sweepId() + " on this executor but to "
            + sweepId + " on the driver (different qsweep versions or environment resources?)");
      }
      if (CACHE.size() >= MAX_ENTRIES) {
        CACHE.clear();
      }
      CACHE.putIfAbsent(sweepId, spec);
    }
    return spec;
  }
}
