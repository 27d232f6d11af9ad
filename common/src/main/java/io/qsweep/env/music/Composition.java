package io.qsweep.env.music;

import io.qsweep.reward.Evaluation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import javax.sound.midi.Sequence;

/**
 * One composition of a {@link ComposedEnv} with everything the {@code compose} command prints: the actions, the
 * composition as tokens and as text, its evaluation score with the per-term breakdown, and the return it earned under
 * the environment's reward design. Build one with {@link Composer}.
 */
public final class Composition {
  private final ComposedEnv env;
  private final int[] actions;
  private final List<String> tokens;
  private final String description;
  private final Evaluation evaluation;
  private final double designReturn;

  Composition(ComposedEnv env, int[] actions, double designReturn) {
    this.env = env;
    this.actions = actions.clone();
    this.tokens = List.copyOf(env.composition(actions));
    this.description = env.describe(actions);
    this.evaluation = env.evaluate(actions);
    this.designReturn = designReturn;
  }

  /** The environment's registry name. */
  public String env() {
    return env.name();
  }

  /** The name of the reward design the environment used. */
  public String design() {
    return env.rewardDesign().name();
  }

  /** The actions of the episode (a copy). */
  public int[] actions() {
    return actions.clone();
  }

  /** One token per step: note names / {@code decision=option} (the JSON field {@code composition}). */
  public List<String> composition() {
    return tokens;
  }

  /** Multi-line human-readable text. */
  public String description() {
    return description;
  }

  /** The evaluation score and its breakdown. */
  public Evaluation evaluation() {
    return evaluation;
  }

  /** The fixed evaluation score (the JSON field {@code evaluation_score}). */
  public double evaluationScore() {
    return evaluation.score();
  }

  /** Per-term contributions to the evaluation score (the JSON field {@code score_terms}). */
  public LinkedHashMap<String, Double> scoreTerms() {
    return evaluation.termsCopy();
  }

  /**
   * The undiscounted sum of the design's expected rewards along the composition (what the agent was optimising,
   * without the listener's noise).
   */
  public double designReturn() {
    return designReturn;
  }

  /** The composition as a MIDI sequence. */
  public Sequence midi() {
    return env.toMidi(actions);
  }

  /** Writes the composition as a Standard MIDI File. */
  public void writeMidi(Path file) {
    env.writeMidi(actions, file);
  }

  @Override
  public String toString() {
    return description;
  }
}
