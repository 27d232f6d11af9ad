package io.qsweep.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

/** Client-side checks of MLflow's naming rules, so a bad name fails with a clear message before any request. */
final class Names {
  /** MLflow's limit on metric, param and tag keys. */
  static final int MAX_KEY_LENGTH = 250;
  /** MLflow's limit on param values (longer values are truncated by the server, breaking idempotency checks). */
  static final int MAX_PARAM_VALUE_LENGTH = 6000;
  /** MLflow's limit on tag values. */
  static final int MAX_TAG_VALUE_LENGTH = 8000;

  private Names() {
  }

  /**
   * A metric or param key as MLflow accepts it: 1–250 characters from letters, digits, {@code _ - . / : } and space,
   * and a normalised path (no leading/trailing/double slash, no {@code .} or {@code ..} segment).
   */
  static String key(String field, String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException(field + ": a key must be a non-empty string");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(field + ": key '" + key.substring(0, 40) + "...' has " + key.length()
          + " characters, more than MLflow's " + MAX_KEY_LENGTH);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-' || c == '.' || c == '/' || c == ':' || c == ' ';
      if (!ok) {
        throw new IllegalArgumentException(field + ": key '" + key + "' contains '" + c + "'; MLflow keys may only "
            + "contain letters, digits, '_', '-', '.', '/', ':' and spaces");
      }
    }
    checkPath(field, key, "key");
    return key;
  }

  /** A tag key: like {@link #key} (MLflow's own tags such as {@code mlflow.parentRunId} satisfy it). */
  static String tagKey(String field, String key) {
    return key(field, key);
  }

  /** An identifier used inside search filters (sweep id, config key): 1–250 of {@code [A-Za-z0-9._:=,+@/-]}. */
  static String identifier(String field, String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException(field + ": must be a non-empty string");
    }
    if (id.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(field + ": '" + id.substring(0, 40) + "...' is longer than "
          + MAX_KEY_LENGTH + " characters");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
          || c == '_' || c == ':' || c == '=' || c == ',' || c == '+' || c == '@' || c == '/' || c == '-';
      if (!ok) {
        throw new IllegalArgumentException(field + ": '" + id + "' contains '" + c + "'; allowed are letters, digits "
            + "and . _ : = , + @ / -");
      }
    }
    return id;
  }

  /** An artifact path relative to the run's artifact root: segments separated by '/', none empty, '.' or '..'. */
  static String artifactPath(String field, String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException(field + ": an artifact path must be a non-empty string");
    }
    if (path.indexOf('\\') >= 0) {
      throw new IllegalArgumentException(field + ": artifact path '" + path + "' contains '\\'; use '/'");
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        throw new IllegalArgumentException(field + ": artifact path '" + path + "' contains a control character");
      }
    }
    checkPath(field, path, "artifact path");
    return path;
  }

  private static void checkPath(String field, String s, String what) {
    if (s.startsWith("/") || s.endsWith("/") || s.contains("//")) {
      throw new IllegalArgumentException(field + ": " + what + " '" + s + "' must not start or end with '/' or "
          + "contain '//'");
    }
    for (String seg : s.split("/", -1)) {
      if (seg.equals(".") || seg.equals("..")) {
        throw new IllegalArgumentException(field + ": " + what + " '" + s + "' must not contain a '.' or '..' "
            + "segment");
      }
    }
  }

  /** A validated, insertion-ordered, unmodifiable copy of string params. */
  static Map<String, String> params(String field, Map<String, String> params) {
    return strings(field, "param", params, Names::key, MAX_PARAM_VALUE_LENGTH);
  }

  /** A validated, insertion-ordered, unmodifiable copy of tags. */
  static Map<String, String> tags(String field, Map<String, String> tags) {
    return strings(field, "tag", tags, Names::tagKey, MAX_TAG_VALUE_LENGTH);
  }

  /** Params or tags ({@code kind}): keys checked by {@code checkKey}, values present and at most {@code maxValue}. */
  private static Map<String, String> strings(String field, String kind, Map<String, String> entries,
      java.util.function.BiFunction<String, String, String> checkKey, int maxValue) {
    Map<String, String> out = new LinkedHashMap<>();
    if (entries != null) {
      entries.forEach((k, v) -> {
        checkKey.apply(field, k);
        if (v == null) {
          throw new IllegalArgumentException(field + ": " + kind + " '" + k + "' has no value");
        }
        if (v.length() > maxValue) {
          throw new IllegalArgumentException(field + ": " + kind + " '" + k + "' has a value of " + v.length()
              + " characters, more than MLflow's " + maxValue);
        }
        out.put(k, v);
      });
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** A validated, insertion-ordered, unmodifiable copy of scalar metrics (NaN and infinities are allowed). */
  static Map<String, Double> metrics(String field, Map<String, Double> metrics) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (metrics != null) {
      metrics.forEach((k, v) -> {
        key(field, k);
        if (v == null) {
          throw new IllegalArgumentException(field + ": metric '" + k + "' has no value");
        }
        out.put(k, v);
      });
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
