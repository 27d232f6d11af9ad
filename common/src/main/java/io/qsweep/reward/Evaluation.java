package io.qsweep.reward;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fixed evaluation score of one composition and its per-term breakdown: the same yardstick whatever reward design
 * an agent was trained on, so that designs can be compared fairly.
 *
 * @param score the evaluation score; equals the sum of {@code terms}' values
 * @param terms each evaluation term's weighted contribution to {@code score}, in a fixed documented order
 */
public record Evaluation(double score, Map<String, Double> terms) {

  public Evaluation {
    terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    double sum = 0;
    for (double v : terms.values()) {
      sum += v;
    }
    if (Math.abs(sum - score) > 1e-9 * Math.max(1, Math.abs(score))) {
      throw new IllegalArgumentException("evaluation score " + score + " differs from the sum of its terms " + sum);
    }
  }

  /** An evaluation whose score is the sum of the given contributions. */
  public static Evaluation ofTerms(LinkedHashMap<String, Double> terms) {
    double sum = 0;
    for (double v : terms.values()) {
      sum += v;
    }
    return new Evaluation(sum, terms);
  }

  /** The breakdown as a fresh, mutable {@link LinkedHashMap} (e.g. for JSON output). */
  public LinkedHashMap<String, Double> termsCopy() {
    return new LinkedHashMap<>(terms);
  }
}
