package io.qsweep.explore;

/**
 * How an agent picks actions while learning. Immutable and validated; the canonical text form ({@link #toString()})
 * is what the CLI's {@code --exploration}, sweeps and MLflow params use:
 *
 * <ul>
 *   <li>{@code epsilon:SCHEDULE} — ε-greedy: with probability ε a uniformly random action, otherwise a greedy one
 *       (ties broken uniformly at random). ε in [0, 1] at every episode.</li>
 *   <li>{@code softmax:SCHEDULE} — Boltzmann: {@code P(a) ∝ exp(Q(s,a) / τ)} with temperature τ > 0.</li>
 *   <li>{@code ucb:C} — count bonus: untried actions first, then {@code argmax Q(s,a) + C·sqrt(ln N(s) / N(s,a))};
 *       C >= 0.</li>
 * </ul>
 * SCHEDULE is a {@link Schedule} text form, e.g. {@code 0.1}, {@code linear:1:0.05:500}, {@code exp:1:0.01:0.995}.
 */
public sealed interface ExplorationSpec {

  /** ε-greedy with an ε schedule. */
  record EpsilonGreedy(Schedule epsilon) implements ExplorationSpec {
    public EpsilonGreedy {
      if (epsilon == null) {
        throw new IllegalArgumentException("epsilon: a schedule is required");
      }
      if (!(epsilon.min() >= 0 && epsilon.max() <= 1)) {
        throw new IllegalArgumentException("epsilon: " + epsilon + " leaves [0, 1]");
      }
    }

    @Override
    public String toString() {
      return "epsilon:" + epsilon;
    }
  }

  /** Softmax (Boltzmann) with a temperature schedule. */
  record Softmax(Schedule temperature) implements ExplorationSpec {
    public Softmax {
      if (temperature == null) {
        throw new IllegalArgumentException("temperature: a schedule is required");
      }
      if (!(temperature.min() > 0)) {
        throw new IllegalArgumentException("temperature: " + temperature + " must stay > 0");
      }
    }

    @Override
    public String toString() {
      return "softmax:" + temperature;
    }
  }

  /** UCB-style count bonus. */
  record Ucb(double c) implements ExplorationSpec {
    public Ucb {
      if (!(c >= 0) || Double.isInfinite(c)) {
        throw new IllegalArgumentException("ucb c: " + c + " must be finite and >= 0");
      }
    }

    @Override
    public String toString() {
      return "ucb:" + Schedule.num(c);
    }
  }

  static ExplorationSpec epsilonGreedy(double epsilon) {
    return new EpsilonGreedy(Schedule.constant(epsilon));
  }

  /** Parses the canonical text form; errors name the field and the allowed forms. */
  static ExplorationSpec parse(String text) {
    String t = text.trim();
    int colon = t.indexOf(':');
    String kind = colon < 0 ? t : t.substring(0, colon);
    String rest = colon < 0 ? "" : t.substring(colon + 1);
    switch (kind) {
      case "epsilon":
      case "egreedy":
        return new EpsilonGreedy(Schedule.parse("epsilon", rest));
      case "softmax":
      case "boltzmann":
        return new Softmax(Schedule.parse("temperature", rest));
      case "ucb":
        try {
          return new Ucb(Double.parseDouble(rest));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("ucb c: '" + rest + "' is not a number");
        }
      default:
        throw new IllegalArgumentException("exploration: '" + text
            + "' is not one of epsilon:SCHEDULE, softmax:SCHEDULE, ucb:C");
    }
  }
}
