package io.qsweep.explore;

import java.util.Locale;

/**
 * A parameter that changes with the episode index {@code e = 0, 1, ...} (ε for ε-greedy, the temperature for softmax).
 * A pure function of the episode: no state, so a run is reproducible from its seed alone.
 *
 * <ul>
 *   <li>{@code CONSTANT}: {@code start} always. Text form: {@code 0.1}.</li>
 *   <li>{@code LINEAR}: from {@code start} to {@code end} over {@code param} episodes, then {@code end}.
 *       Text form: {@code linear:START:END:EPISODES}.</li>
 *   <li>{@code EXPONENTIAL}: {@code max(end, start * param^e)} with decay rate {@code param} in (0, 1].
 *       Text form: {@code exp:START:END:RATE}.</li>
 * </ul>
 *
 * @param kind  the shape
 * @param start the value at episode 0
 * @param end   the final value (LINEAR) or floor (EXPONENTIAL); equal to {@code start} for CONSTANT
 * @param param episodes of the linear ramp (>= 1), or the exponential decay rate in (0, 1]; 0 for CONSTANT
 */
public record Schedule(Kind kind, double start, double end, double param) {

  /** Schedule shapes. */
  public enum Kind { CONSTANT, LINEAR, EXPONENTIAL }

  public Schedule {
    if (kind == null) {
      throw new IllegalArgumentException("schedule kind must be given");
    }
    if (!Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(param)) {
      throw new IllegalArgumentException("schedule values must be finite, got " + start + ", " + end + ", " + param);
    }
    switch (kind) {
      case CONSTANT:
        if (end != start || param != 0) {
          throw new IllegalArgumentException("a constant schedule has end == start and no param");
        }
        break;
      case LINEAR:
        if (!(param >= 1) || param != Math.rint(param)) {
          throw new IllegalArgumentException("linear schedule episodes: " + param + " must be an integer >= 1");
        }
        break;
      case EXPONENTIAL:
        if (!(param > 0 && param <= 1)) {
          throw new IllegalArgumentException("exponential schedule rate: " + param + " is outside (0, 1]");
        }
        break;
      default:
        throw new AssertionError(kind);
    }
  }

  public static Schedule constant(double value) {
    return new Schedule(Kind.CONSTANT, value, value, 0);
  }

  public static Schedule linear(double start, double end, int episodes) {
    return new Schedule(Kind.LINEAR, start, end, episodes);
  }

  public static Schedule exponential(double start, double floor, double rate) {
    return new Schedule(Kind.EXPONENTIAL, start, floor, rate);
  }

  /** The value at episode {@code e >= 0}. */
  public double value(int e) {
    switch (kind) {
      case CONSTANT:
        return start;
      case LINEAR:
        return e >= param ? end : start + (end - start) * (e / param);
      case EXPONENTIAL:
        return Math.max(end, start * Math.pow(param, e));
      default:
        throw new AssertionError(kind);
    }
  }

  /** The smallest and largest value the schedule takes. */
  public double min() {
    return Math.min(start, end);
  }

  public double max() {
    return kind == Kind.EXPONENTIAL ? Math.max(start, end) : Math.max(start, end);
  }

  /**
   * Parses the text form ({@code 0.1}, {@code linear:1:0.05:500}, {@code exp:1:0.01:0.995}).
   *
   * @param field the name to put in error messages, e.g. {@code "epsilon"}
   */
  public static Schedule parse(String field, String text) {
    String[] p = text.trim().split(":");
    try {
      if (p.length == 1) {
        return constant(Double.parseDouble(p[0]));
      }
      if (p.length == 2 && p[0].equalsIgnoreCase("constant")) {
        return constant(Double.parseDouble(p[1]));
      }
      if (p.length == 4 && p[0].equalsIgnoreCase("linear")) {
        double episodes = Double.parseDouble(p[3]);
        return new Schedule(Kind.LINEAR, Double.parseDouble(p[1]), Double.parseDouble(p[2]), episodes);
      }
      if (p.length == 4 && (p[0].equalsIgnoreCase("exp") || p[0].equalsIgnoreCase("exponential"))) {
        return exponential(Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3]));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": '" + text + "' has a value that is not a number");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(field + ": '" + text
        + "' is not a schedule; allowed: VALUE, constant:VALUE, linear:START:END:EPISODES, exp:START:FLOOR:RATE");
  }

  /** The canonical text form, which {@link #parse} reads back. */
  @Override
  public String toString() {
    switch (kind) {
      case CONSTANT:
        return num(start);
      case LINEAR:
        return "linear:" + num(start) + ":" + num(end) + ":" + (long) param;
      case EXPONENTIAL:
        return "exp:" + num(start) + ":" + num(end) + ":" + num(param);
      default:
        throw new AssertionError(kind);
    }
  }

  /** Shortest text that parses back to the same double ("0.1", "1", "1.0E-4"). */
  public static String num(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return Double.toString(x).toLowerCase(Locale.ROOT);
  }
}
