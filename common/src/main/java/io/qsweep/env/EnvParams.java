package io.qsweep.env;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Environment parameters as given on the command line ({@code --env-param k=v}) or in a sweep's {@code env.params}:
 * an immutable, sorted map of strings with typed getters whose errors name the parameter and the allowed values.
 */
public final class EnvParams {
  private static final EnvParams EMPTY = new EnvParams(new TreeMap<>());
  private final Map<String, String> values;

  private EnvParams(TreeMap<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  public static EnvParams empty() {
    return EMPTY;
  }

  /** From a map of values (strings, numbers or booleans, as YAML gives them). */
  public static EnvParams of(Map<String, ?> map) {
    TreeMap<String, String> m = new TreeMap<>();
    map.forEach((k, v) -> {
      if (v == null) {
        throw new IllegalArgumentException("env param '" + k + "' has no value");
      }
      m.put(k, String.valueOf(v));
    });
    return new EnvParams(m);
  }

  /** From {@code key=value} strings. */
  public static EnvParams parse(List<String> pairs) {
    TreeMap<String, String> m = new TreeMap<>();
    for (String kv : pairs) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--env-param: '" + kv + "' is not of the form key=value");
      }
      String key = kv.substring(0, eq).trim();
      if (m.put(key, kv.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("--env-param: '" + key + "' is given twice");
      }
    }
    return new EnvParams(m);
  }

  /** The parameters as a sorted, unmodifiable map. */
  public Map<String, String> asMap() {
    return values;
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** Returns a copy with {@code key} removed. */
  public EnvParams without(String key) {
    TreeMap<String, String> m = new TreeMap<>(values);
    m.remove(key);
    return new EnvParams(m);
  }

  /** Throws when a parameter is not among {@code allowed}, naming it and the allowed ones. */
  public void requireOnly(String env, Set<String> allowed) {
    for (String k : values.keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException("unknown env param '" + k + "' for " + env + "; allowed: "
            + (allowed.isEmpty() ? "(none)" : String.join(", ", new java.util.TreeSet<>(allowed))));
      }
    }
  }

  public String getString(String key, String def) {
    return values.getOrDefault(key, def);
  }

  public String getChoice(String key, String def, Set<String> allowed) {
    String v = values.getOrDefault(key, def);
    if (!allowed.contains(v)) {
      throw new IllegalArgumentException("env param '" + key + "': '" + v + "' is not one of "
          + String.join(", ", new java.util.TreeSet<>(allowed)));
    }
    return v;
  }

  public int getInt(String key, int def, int min, int max) {
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    int x;
    try {
      x = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("env param '" + key + "': '" + v + "' is not an integer");
    }
    if (x < min || x > max) {
      throw new IllegalArgumentException("env param '" + key + "': " + x + " is outside [" + min + ", " + max + "]");
    }
    return x;
  }

  public double getDouble(String key, double def, double min, double max) {
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    double x;
    try {
      x = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("env param '" + key + "': '" + v + "' is not a number");
    }
    if (!(x >= min && x <= max)) {
      throw new IllegalArgumentException("env param '" + key + "': " + v + " is outside [" + min + ", " + max + "]");
    }
    return x;
  }

  public boolean getBoolean(String key, boolean def) {
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    switch (v.toLowerCase(java.util.Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException("env param '" + key + "': '" + v + "' is not one of true, false");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnvParams && ((EnvParams) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Canonical form {@code k1=v1,k2=v2} (sorted by key). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return sb.toString();
  }
}
