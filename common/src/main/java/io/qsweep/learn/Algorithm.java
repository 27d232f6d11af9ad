package io.qsweep.learn;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The tabular control algorithms, by their CLI/sweep names. */
public enum Algorithm {
  /** Watkins' Q-learning: target {@code r + γ·max_a' Q(s',a')}. */
  Q_LEARNING("q_learning"),
  /** On-policy SARSA: target {@code r + γ·Q(s',a')} with {@code a'} the action actually taken next. */
  SARSA("sarsa"),
  /** Expected SARSA: target {@code r + γ·Σ_a' π(a'|s')·Q(s',a')} under the exploration policy. */
  EXPECTED_SARSA("expected_sarsa"),
  /** Double Q-learning (van Hasselt 2010): two tables, one selects the argmax, the other evaluates it. */
  DOUBLE_Q("double_q");

  private final String id;

  Algorithm(String id) {
    this.id = id;
  }

  /** The name used on the CLI, in sweeps and in MLflow params. */
  public String id() {
    return id;
  }

  public static Algorithm fromId(String id) {
    for (Algorithm a : values()) {
      if (a.id.equals(id)) {
        return a;
      }
    }
    throw new IllegalArgumentException("algorithm: '" + id + "' is not one of "
        + Arrays.stream(values()).map(Algorithm::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
