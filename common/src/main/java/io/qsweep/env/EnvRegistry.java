package io.qsweep.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Environments by name, like Gymnasium's registry: {@link #make(String, EnvParams)} validates the parameters, builds
 * the environment and wraps it in its default {@link TimeLimit} (overridable with the common parameter
 * {@code max_episode_steps}; {@code 0} means no limit).
 */
public final class EnvRegistry {
  /** The parameter every environment accepts. */
  public static final String MAX_EPISODE_STEPS = "max_episode_steps";

  /** One registered environment. */
  public record Entry(String name, String summary, List<String> params, Function<EnvParams, Env> factory,
      ToIntFunction<EnvParams> defaultMaxEpisodeSteps) {
  }

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    BuiltinEnvs.registerAll();
  }

  private EnvRegistry() {
  }

  /** Registers an environment; {@code defaultMaxEpisodeSteps} returns 0 for none. */
  public static synchronized void register(String name, String summary, List<String> params,
      Function<EnvParams, Env> factory, ToIntFunction<EnvParams> defaultMaxEpisodeSteps) {
    if (ENTRIES.containsKey(name)) {
      throw new IllegalStateException("environment '" + name + "' is registered twice");
    }
    ENTRIES.put(name, new Entry(name, summary, List.copyOf(params), factory, defaultMaxEpisodeSteps));
  }

  /** Registered names in registration order. */
  public static synchronized Set<String> names() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(ENTRIES.keySet()));
  }

  public static synchronized Entry entry(String name) {
    Entry e = ENTRIES.get(name);
    if (e == null) {
      throw new IllegalArgumentException("unknown env '" + name + "'; allowed: " + String.join(", ", ENTRIES.keySet()));
    }
    return e;
  }

  /** Builds {@code name} with {@code params}, wrapped in its time limit. Errors name the offending parameter. */
  public static Env make(String name, EnvParams params) {
    Entry e = entry(name);
    Set<String> allowed = new LinkedHashSet<>(e.params());
    allowed.add(MAX_EPISODE_STEPS);
    params.requireOnly(name, allowed);
    int limit = params.has(MAX_EPISODE_STEPS)
        ? params.getInt(MAX_EPISODE_STEPS, 0, 0, Integer.MAX_VALUE)
        : e.defaultMaxEpisodeSteps().applyAsInt(params);
    Env env = e.factory().apply(params.without(MAX_EPISODE_STEPS));
    return limit > 0 ? new TimeLimit(env, limit) : env;
  }

  public static Env make(String name) {
    return make(name, EnvParams.empty());
  }
}
