package io.qsweep.env.music;

import io.qsweep.env.Env;
import io.qsweep.env.TimeLimit;
import io.qsweep.reward.Evaluation;
import io.qsweep.reward.RewardDesign;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.Sequence;

/**
 * An environment whose episodes compose a piece of music: every episode is exactly {@link #compositionLength()} steps
 * long, the actions of one episode are the composition, and the composition has a fixed evaluation score that does
 * not depend on the reward design the agent was trained with (the yardstick for comparing designs). Transitions are
 * deterministic (only a noisy listener's rewards are random), so a policy determines its composition.
 *
 * <p>Methods that take a composition take the actions of one whole episode, in order, and throw
 * {@link IllegalArgumentException} when there are not {@link #compositionLength()} of them or one is out of range.
 */
public interface ComposedEnv extends Env {

  /** The number of steps of every episode, i.e. of actions in a composition. */
  int compositionLength();

  /** The reward design this environment was built with (selected by the env param {@code reward}). */
  RewardDesign rewardDesign();

  /** The fixed evaluation score of a composition and its per-term breakdown. */
  Evaluation evaluate(int[] actions);

  /** The composition as one short token per step (note names, {@code decision=option}), e.g. for JSON. */
  List<String> composition(int[] actions);

  /** A human-readable multi-line description of a composition. */
  String describe(int[] actions);

  /** The composition rendered as a MIDI sequence. */
  Sequence toMidi(int[] actions);

  /** Writes {@link #toMidi} as a Standard MIDI File. */
  default void writeMidi(int[] actions, Path file) {
    Midi.write(toMidi(actions), file);
  }

  /** The {@code ComposedEnv} inside {@code env} (looking through a {@link TimeLimit}), or {@code null} if none. */
  static ComposedEnv find(Env env) {
    Env e = env;
    while (e instanceof TimeLimit) {
      e = ((TimeLimit) e).inner();
    }
    return e instanceof ComposedEnv ? (ComposedEnv) e : null;
  }
}
