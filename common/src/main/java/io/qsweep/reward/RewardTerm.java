package io.qsweep.reward;

/**
 * One named reward term of a music environment: a number computed from a transition (or, for evaluation-only terms,
 * from the whole composition). A {@link RewardDesign} weights terms by name.
 *
 * @param name    the name used in design YAML files and score breakdowns, e.g. {@code chord_tone}
 * @param summary one line saying how the term is computed
 * @param kind    when the term can be nonzero
 */
public record RewardTerm(String name, String summary, Kind kind) {

  /** When a term can be nonzero, which decides whether a design using it is dense or sparse. */
  public enum Kind {
    /** A function of {@code (s, a, s')} that may be nonzero on any step. */
    STEP,
    /** A function of {@code (s, a, s')} that is nonzero only on the episode's last step (end-of-episode reward). */
    FINAL,
    /**
     * A function of the whole composition that the tabular state does not carry; used only by the evaluation score,
     * never in a design (a design must keep the MDP's reward a function of {@code (s, a, s')}).
     */
    EVALUATION
  }

  public RewardTerm {
    if (name == null || name.isEmpty() || summary == null || kind == null) {
      throw new IllegalArgumentException("a reward term needs a name, a summary and a kind");
    }
  }
}
