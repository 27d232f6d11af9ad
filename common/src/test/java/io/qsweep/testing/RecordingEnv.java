package io.qsweep.testing;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import io.qsweep.env.TransitionModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps an environment and records every transition (test code: allocates freely), so that tests can replay the
 * textbook update rules on exactly the experience an algorithm saw.
 */
public final class RecordingEnv implements Env {

  /** One recorded step. */
  public record Transition(int episode, int t, int state, int action, double reward, int next, boolean terminated,
      boolean truncated) {
  }

  private final Env inner;
  private final List<Transition> transitions = new ArrayList<>();
  private int episode = -1;
  private int t;
  private int state;

  public RecordingEnv(Env inner) {
    this.inner = inner;
  }

  /** All transitions so far, in order. */
  public List<Transition> transitions() {
    return transitions;
  }

  /** The transitions of episode {@code e}. */
  public List<Transition> episode(int e) {
    List<Transition> out = new ArrayList<>();
    for (Transition tr : transitions) {
      if (tr.episode() == e) {
        out.add(tr);
      }
    }
    return out;
  }

  /** The number of episodes started. */
  public int episodes() {
    return episode + 1;
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public int numStates() {
    return inner.numStates();
  }

  @Override
  public int numActions() {
    return inner.numActions();
  }

  @Override
  public int reset(long seed) {
    episode++;
    t = 0;
    state = inner.reset(seed);
    return state;
  }

  @Override
  public int reset() {
    episode++;
    t = 0;
    state = inner.reset();
    return state;
  }

  @Override
  public Step step(int action) {
    Step s = inner.step(action);
    transitions.add(new Transition(episode, t++, state, action, s.reward, s.state, s.terminated, s.truncated));
    state = s.state;
    return s;
  }

  @Override
  public int state() {
    return inner.state();
  }

  @Override
  public TransitionModel model() {
    return inner.model();
  }

  @Override
  public int[] validActionCounts() {
    return inner.validActionCounts();
  }

  @Override
  public int maxEpisodeSteps() {
    return inner.maxEpisodeSteps();
  }

  @Override
  public boolean hasGoal() {
    return inner.hasGoal();
  }

  @Override
  public boolean reachedGoal(Step last) {
    return inner.reachedGoal(last);
  }

  @Override
  public String actionName(int action) {
    return inner.actionName(action);
  }

  @Override
  public String renderPolicy(int[] actionPerState) {
    return inner.renderPolicy(actionPerState);
  }
}
