package io.qsweep.reward;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reward design: a named, weighted sum of the reward terms of one music environment. The reward of a transition is
 * {@code sum over terms of weight * term(s, a, s')}. Designs are declared in YAML (see {@link RewardDesigns}) and
 * selected with the env param {@code reward}.
 *
 * <p>Validated on construction; errors name the YAML field: an unknown term ({@code terms.step_motion: unknown term
 * for melody; allowed: ...}), an evaluation-only term, a weight that is not finite, no terms at all, or only zero
 * weights.
 *
 * @param name        the design's name (a built-in's file name without {@code .yaml})
 * @param env         the environment whose terms it weights ({@code melody} or {@code arrangement})
 * @param description what the design rewards, in a sentence (may be empty)
 * @param terms       term name to weight, in declaration order (unmodifiable)
 */
public record RewardDesign(String name, String env, String description, Map<String, Double> terms) {

  public RewardDesign {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: a design needs a name");
    }
    if (env == null || !RewardDesigns.MUSIC_ENVS.contains(env)) {
      throw new IllegalArgumentException("env: '" + env + "' is not one of " + String.join(", ",
          RewardDesigns.MUSIC_ENVS));
    }
    description = description == null ? "" : description;
    List<RewardTerm> catalog = RewardDesigns.catalog(env);
    if (terms == null || terms.isEmpty()) {
      throw new IllegalArgumentException("terms: a design needs at least one term; allowed: " + designTerms(catalog));
    }
    boolean anyNonZero = false;
    for (Map.Entry<String, Double> e : terms.entrySet()) {
      RewardTerm term = find(catalog, e.getKey());
      if (term == null) {
        throw new IllegalArgumentException("terms." + e.getKey() + ": unknown term for " + env + "; allowed: "
            + designTerms(catalog));
      }
      if (term.kind() == RewardTerm.Kind.EVALUATION) {
        throw new IllegalArgumentException("terms." + e.getKey() + ": is an evaluation-only term (it depends on the "
            + "whole composition, which the state does not carry); allowed in a design: " + designTerms(catalog));
      }
      Double w = e.getValue();
      if (w == null || !Double.isFinite(w)) {
        throw new IllegalArgumentException("terms." + e.getKey() + ": weight " + w + " is not a finite number");
      }
      anyNonZero |= w != 0;
    }
    if (!anyNonZero) {
      throw new IllegalArgumentException("terms: every weight is 0; a design needs a nonzero weight");
    }
    terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
  }

  /** The weight of {@code term}, 0 when the design does not use it. */
  public double weight(String term) {
    return terms.getOrDefault(term, 0.0);
  }

  /** The weights aligned with {@code catalog} (0 for terms the design does not use). */
  public double[] weights(List<RewardTerm> catalog) {
    double[] w = new double[catalog.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = weight(catalog.get(i).name());
    }
    return w;
  }

  /** Whether every term with a nonzero weight is an end-of-episode term, i.e. the design's reward is sparse. */
  public boolean sparse() {
    for (Map.Entry<String, Double> e : terms.entrySet()) {
      if (e.getValue() != 0 && find(RewardDesigns.catalog(env), e.getKey()).kind() != RewardTerm.Kind.FINAL) {
        return false;
      }
    }
    return true;
  }

  private static RewardTerm find(List<RewardTerm> catalog, String name) {
    for (RewardTerm t : catalog) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  private static String designTerms(List<RewardTerm> catalog) {
    List<String> names = new ArrayList<>();
    for (RewardTerm t : catalog) {
      if (t.kind() != RewardTerm.Kind.EVALUATION) {
        names.add(t.name());
      }
    }
    Collections.sort(names);
    return String.join(", ", names);
  }
}
