package io.qsweep.reward;

import java.util.Arrays;
import java.util.List;

/**
 * The reward terms of the {@code arrangement} environment, all derived from its listener-preference model. The
 * listener rates a complete song as the sum of one score per chosen option and one compatibility per pair of chosen
 * options; for a partial song (the decisions made so far) the same sums run over the decided options only. Call that
 * {@code R(prefix)}, so {@code R(empty) = 0} and {@code R(song)} is the rating of the complete song.
 * <ul>
 *   <li>{@code final_rating} (end of episode): on the fifth and last decision, the rating {@code R(song)}; 0 on the
 *       other decisions. The sparse signal a listener gives after hearing the finished song.</li>
 *   <li>{@code partial_rating}: on decision {@code k}, the increment {@code R(prefix_k) - R(prefix_(k-1))}: the new
 *       option's own score plus its compatibilities with every earlier choice. This is exact telescoping: the
 *       partial ratings of any episode sum to exactly {@code R(song)}, so with {@code gamma = 1} every episode's
 *       return equals its {@code final_rating} return and the optimal policies coincide. Equivalently, it is
 *       {@code final_rating} plus potential-based shaping (Ng, Harada and Russell 1999) with potential
 *       {@code R(prefix)}, potential 0 at the terminal state, and {@code gamma = 1}. The increments are not
 *       discounted, so under {@code gamma < 1} the shaped and sparse optima can differ slightly.</li>
 *   <li>{@code choice_score}: on decision {@code k}, only the new option's own score, ignoring compatibilities: a
 *       myopic, mis-specified design whose optimum is in general not the listener's favourite song.</li>
 * </ul>
 * A noisy listener (env param {@code rating_noise} = σ) adds independent {@code N(0, σ²)} noise to every listener
 * value the agent observes, so a step's reward noise has standard deviation
 * {@code σ * sqrt(sum of weight² over the listener terms that are observed on that step)} (see
 * {@link #noiseScale}).
 *
 * <p>The evaluation score of a song is the noise-free rating {@code R(song)} with its breakdown into the five choice
 * scores and the ten pairwise compatibilities.
 */
public final class ArrangementTerms {
  public static final int FINAL_RATING = 0;
  public static final int PARTIAL_RATING = 1;
  public static final int CHOICE_SCORE = 2;

  /** The arrangement terms in index order. */
  public static final List<RewardTerm> TERMS = List.of(
      new RewardTerm("final_rating", "the listener's rating of the finished song, on the last decision only",
          RewardTerm.Kind.FINAL),
      new RewardTerm("partial_rating", "the rating's increment from each decision (telescopes to the final rating)",
          RewardTerm.Kind.STEP),
      new RewardTerm("choice_score", "the chosen option's own score, ignoring compatibilities (myopic)",
          RewardTerm.Kind.STEP));

  private ArrangementTerms() {
  }

  /**
   * Fills {@code out} (one entry per term) with the term values of one decision.
   *
   * @param last        whether this is the song's last decision
   * @param rating      {@code R(prefix)} after the decision (the song's rating when {@code last})
   * @param increment   {@code R(prefix)} after minus before the decision
   * @param choiceScore the chosen option's own score
   */
  public static void values(boolean last, double rating, double increment, double choiceScore, double[] out) {
    Arrays.fill(out, 0.0);
    out[FINAL_RATING] = last ? rating : 0.0;
    out[PARTIAL_RATING] = increment;
    out[CHOICE_SCORE] = choiceScore;
  }

  /**
   * The factor by which the listener's noise σ scales into a step's reward noise:
   * {@code sqrt(sum of weight²)} over the terms observed on the step ({@code final_rating} only on the last one).
   */
  public static double noiseScale(double[] weights, boolean last) {
    double s = weights[PARTIAL_RATING] * weights[PARTIAL_RATING] + weights[CHOICE_SCORE] * weights[CHOICE_SCORE];
    if (last) {
      s += weights[FINAL_RATING] * weights[FINAL_RATING];
    }
    return Math.sqrt(s);
  }
}
