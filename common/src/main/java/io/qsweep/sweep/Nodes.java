package io.qsweep.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.qsweep.explore.Schedule;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Reading typed scalars from a YAML tree. Errors are {@link IllegalArgumentException}s whose message names the value
 * but not the path (the caller prefixes the path). Numbers may also be given as quoted strings ({@code "0.1"}).
 */
final class Nodes {
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");

  private Nodes() {
  }

  /** How a value reads in an error message: {@code 'abc'}, {@code 1.5}, {@code true}, {@code a list}, ... */
  static String describe(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return "an empty value";
    }
    if (n.isTextual()) {
      return "'" + n.textValue() + "'";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    return n.asText();
  }

  static boolean isScalar(JsonNode n) {
    return n != null && (n.isTextual() || n.isNumber() || n.isBoolean());
  }

  /** A finite number (a YAML number or a string that reads as one). */
  static double number(JsonNode n) {
    double x;
    if (n.isNumber()) {
      x = n.doubleValue();
    } else if (n.isTextual() && DECIMAL.matcher(n.textValue().trim()).matches()) {
      x = Double.parseDouble(n.textValue().trim());
    } else {
      throw new IllegalArgumentException(describe(n) + " is not a number");
    }
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException(describe(n) + " is not a finite number");
    }
    return x;
  }

  /** An integer in {@code [min, max]} (a YAML integer, an integral float such as {@code 2e3}, or such a string). */
  static long integer(JsonNode n, long min, long max) {
    BigInteger v;
    if (n.isIntegralNumber()) {
      v = n.bigIntegerValue();
    } else if (n.isNumber()) {
      double d = n.doubleValue();
      if (!Double.isFinite(d) || d != Math.rint(d)) {
        throw new IllegalArgumentException(describe(n) + " is not an integer");
      }
      v = n.decimalValue().toBigInteger();
    } else if (n.isTextual() && INTEGER.matcher(n.textValue().trim()).matches()) {
      v = new BigInteger(n.textValue().trim());
    } else if (n.isTextual() && DECIMAL.matcher(n.textValue().trim()).matches()) {
      throw new IllegalArgumentException(describe(n) + " is not an integer");
    } else {
      throw new IllegalArgumentException(describe(n) + " is not an integer");
    }
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new IllegalArgumentException(v + " is outside [" + min + ", " + max + "]");
    }
    return v.longValueExact();
  }

  /** A string (not a number, boolean, list or mapping). */
  static String string(JsonNode n) {
    if (!n.isTextual()) {
      throw new IllegalArgumentException("expected a string, got " + describe(n));
    }
    return n.textValue();
  }

  /** A string, number or boolean in canonical text: numbers as {@link Schedule#num}, booleans as true/false. */
  static String scalarText(JsonNode n) {
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return Boolean.toString(n.booleanValue());
    }
    if (n.isIntegralNumber()) {
      return n.bigIntegerValue().toString();
    }
    if (n.isNumber()) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(describe(n) + " is not a finite number");
      }
      return Schedule.num(d);
    }
    throw new IllegalArgumentException("expected a single value (string, number or boolean), got " + describe(n));
  }

  /** Levenshtein distance, for "did you mean" hints. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** " (did you mean X?)" for the closest of {@code allowed} within edit distance 2, else "". */
  static String didYouMean(String key, Iterable<String> allowed) {
    String best = null;
    int bestD = 3;
    for (String a : allowed) {
      int d = distance(key, a);
      if (d < bestD) {
        bestD = d;
        best = a;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }
}
