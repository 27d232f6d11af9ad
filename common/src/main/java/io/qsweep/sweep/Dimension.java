package io.qsweep.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.explore.Schedule;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Algorithm;
import io.qsweep.learn.LearningRate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A sweepable field: an {@link AgentConfig} field, the reward design, or an env param ({@code env.<param>}). Knows how
 * to read and validate its values from YAML and how to apply them to a configuration. Dimensions sort in the
 * canonical order {@code algorithm, alpha, gamma, epsilon, exploration, learning_rate, initial_q, episodes, reward},
 * then {@code env.<param>} by name; expansion uses this order.
 */
final class Dimension implements Comparable<Dimension> {

  /** The kinds of dimension, in canonical order. */
  enum Kind { ALGORITHM, ALPHA, GAMMA, EPSILON, EXPLORATION, LEARNING_RATE, INITIAL_Q, EPISODES, REWARD, ENV_PARAM }

  /** The dimension names that are not env params, in canonical order. */
  static final List<String> NAMES = List.of("algorithm", "alpha", "gamma", "epsilon", "exploration", "learning_rate",
      "initial_q", "episodes", "reward");
  /** What an env param's name must look like. */
  static final Pattern ENV_PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** The allowed dimension names, for error messages. */
  static final String ALLOWED = String.join(", ", NAMES) + ", env.<param>";
  private static final String ENV_PREFIX = "env.";

  final String name;
  final Kind kind;
  /** The env param this dimension sets ({@code reward} for the reward design), or null. */
  final String envParam;

  private Dimension(String name, Kind kind, String envParam) {
    this.name = name;
    this.kind = kind;
    this.envParam = envParam;
  }

  /** The dimension called {@code name} ({@code env.reward} is the same as {@code reward}), or null if unknown. */
  static Dimension of(String name) {
    int i = NAMES.indexOf(name);
    if (i >= 0) {
      Kind k = Kind.values()[i];
      return new Dimension(name, k, k == Kind.REWARD ? SweepConfig.REWARD_PARAM : null);
    }
    if (name.startsWith(ENV_PREFIX)) {
      String p = name.substring(ENV_PREFIX.length());
      if (p.equals(SweepConfig.REWARD_PARAM)) {
        return of(SweepConfig.REWARD_PARAM);
      }
      if (ENV_PARAM_NAME.matcher(p).matches()) {
        return new Dimension(name, Kind.ENV_PARAM, p);
      }
    }
    return null;
  }

  /** Whether values are applied to the environment (reward design or env param) rather than to the agent. */
  boolean isEnv() {
    return envParam != null;
  }

  /** Whether uniform and log-uniform distributions apply. */
  boolean isNumeric() {
    return kind == Kind.ALPHA || kind == Kind.GAMMA || kind == Kind.EPSILON || kind == Kind.INITIAL_Q
        || kind == Kind.EPISODES;
  }

  boolean isIntegral() {
    return kind == Kind.EPISODES;
  }

  /**
   * The slot this dimension fills: two dimensions with the same slot cannot both be given. {@code epsilon} and
   * {@code exploration} share one; env dimensions use {@code env.<param>}.
   */
  String slot() {
    if (kind == Kind.EPSILON || kind == Kind.EXPLORATION) {
      return "exploration";
    }
    return isEnv() ? ENV_PREFIX + envParam : name;
  }

  /** Null if {@code x} is a valid value of this numeric dimension, else why not (without the path). */
  String rangeProblem(double x) {
    String v = Schedule.num(x);
    switch (kind) {
      case ALPHA:
        return x > 0 && x <= 1 ? null : v + " is outside (0, 1]";
      case GAMMA:
      case EPSILON:
        return x >= 0 && x <= 1 ? null : v + " is outside [0, 1]";
      case INITIAL_Q:
        return Double.isFinite(x) ? null : v + " is not finite";
      case EPISODES:
        if (x < 1) {
          return v + " must be >= 1";
        }
        return x <= Integer.MAX_VALUE ? null : v + " is more than " + Integer.MAX_VALUE;
      default:
        throw new IllegalStateException(name + " is not numeric");
    }
  }

  /** The value of this numeric dimension for a number already in range (random draws). */
  Value ofNumber(double x) {
    String problem = rangeProblem(x);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    switch (kind) {
      case ALPHA:
      case GAMMA:
      case INITIAL_Q:
        return new Value(this, x, Schedule.num(x));
      case EPSILON:
        return new Value(this, ExplorationSpec.epsilonGreedy(x), Schedule.num(x));
      case EPISODES:
        if (x != Math.rint(x)) {
          throw new IllegalArgumentException(Schedule.num(x) + " is not an integer");
        }
        return new Value(this, (int) x, Integer.toString((int) x));
      default:
        throw new IllegalStateException(name + " is not numeric");
    }
  }

  /** Reads one value of this dimension; an {@link IllegalArgumentException}'s message says why not (no path). */
  Value parse(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      throw new IllegalArgumentException("no value given");
    }
    if (!Nodes.isScalar(n)) {
      throw new IllegalArgumentException("expected a single value, got " + Nodes.describe(n));
    }
    try {
      switch (kind) {
        case ALGORITHM: {
          Algorithm a = Algorithm.fromId(Nodes.string(n));
          return new Value(this, a, a.id());
        }
        case ALPHA:
        case GAMMA:
        case INITIAL_Q:
          return ofNumber(Nodes.number(n));
        case EPISODES:
          return ofNumber(Nodes.integer(n, Long.MIN_VALUE, Long.MAX_VALUE));
        case EPSILON: {
          if (n.isNumber() || n.isBoolean()) {
            return ofNumber(Nodes.number(n));
          }
          String t = n.textValue().trim();
          double x;
          try {
            x = Nodes.number(n);
          } catch (IllegalArgumentException notANumber) {
            Schedule s = Schedule.parse("epsilon", t);
            ExplorationSpec e = new ExplorationSpec.EpsilonGreedy(s);
            return new Value(this, e, s.toString());
          }
          return ofNumber(x);
        }
        case EXPLORATION: {
          ExplorationSpec e = ExplorationSpec.parse(Nodes.scalarText(n));
          return new Value(this, e, e.toString());
        }
        case LEARNING_RATE: {
          LearningRate r = LearningRate.parse(Nodes.scalarText(n));
          return new Value(this, r, r.toString());
        }
        case REWARD:
        case ENV_PARAM: {
          String t = Nodes.scalarText(n);
          if (t.isBlank()) {
            throw new IllegalArgumentException("an empty string is not a valid value");
          }
          return new Value(this, t, t);
        }
        default:
          throw new AssertionError(kind);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(withoutOwnName(e.getMessage()), e);
    }
  }

  /** Drops a leading {@code "<name>: "} that the parsers of the learn/explore packages put in their messages. */
  private String withoutOwnName(String message) {
    String prefix = name + ": ";
    return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /** Applies an agent value; env values are applied to the env params by the caller. */
  AgentConfig apply(AgentConfig a, Value v) {
    switch (kind) {
      case ALGORITHM:
        return a.withAlgorithm((Algorithm) v.value());
      case ALPHA:
        return a.withAlpha((Double) v.value());
      case GAMMA:
        return a.withGamma((Double) v.value());
      case EPSILON:
      case EXPLORATION:
        return a.withExploration((ExplorationSpec) v.value());
      case LEARNING_RATE:
        return a.withLearningRate((LearningRate) v.value());
      case INITIAL_Q:
        return a.withInitialQ((Double) v.value());
      case EPISODES:
        return a.withEpisodes((Integer) v.value());
      default:
        throw new IllegalStateException(name + " is an env dimension");
    }
  }

  @Override
  public int compareTo(Dimension o) {
    int c = Integer.compare(kind.ordinal(), o.kind.ordinal());
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dimension && ((Dimension) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }

  /** One value of a dimension: the typed value and its canonical text. */
  record Value(Dimension dim, Object value, String text) {
  }
}
