package io.qsweep.spark;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.solve.NotConvergedException;
import io.qsweep.solve.Optimality;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact optimal solution of each (environment, parameters, γ) an executor meets, solved once per JVM: {@code V*}
 * is the same for every replica of a configuration and for every configuration that differs only in its agent
 * settings other than γ. The horizon is part of the key through the environment parameters
 * ({@code max_episode_steps}). {@link Optimality} instances are immutable and thread-safe, so concurrent tasks of one
 * executor share them.
 *
 * <p>Bounded: past {@value #MAX_ENTRIES} entries the cache is emptied (a sweep rarely has that many distinct
 * environments and discounts; emptying keeps memory bounded whatever the sweep).
 */
final class OptimalityCache {
  static final int MAX_ENTRIES = 256;
  private static final Map<String, Entry> CACHE = new ConcurrentHashMap<>();

  /** An optimal solution, or why there is none. */
  record Entry(Optimality optimality, String failure) {
  }

  private OptimalityCache() {
  }

  /** The solution for {@code env} (built from {@code envName} and {@code params}) with discount {@code gamma}. */
  static Entry get(String envName, EnvParams params, double gamma, Env env) {
    String key = envName + '|' + params + '|' + Double.doubleToLongBits(gamma);
    Entry e = CACHE.get(key);
    if (e == null) {
      e = solve(env, gamma);
      if (CACHE.size() >= MAX_ENTRIES) {
        CACHE.clear();
      }
      CACHE.putIfAbsent(key, e);
    }
    return e;
  }

  private static Entry solve(Env env, double gamma) {
    try {
      return new Entry(Optimality.of(env, gamma), null);
    } catch (NotConvergedException ex) {
      return new Entry(null, "optimal values did not converge: " + ex.getMessage());
    }
  }

  /** Empties the cache (tests). */
  static void clear() {
    CACHE.clear();
  }
}
