package io.qsweep.env;

/**
 * Truncates episodes after {@code maxEpisodeSteps} steps, like Gymnasium's {@code TimeLimit} wrapper: the step that
 * reaches the limit has {@code truncated = true} (it may also be {@code terminated}). The transition model is the
 * inner environment's; finite-horizon dynamic programming uses {@link #maxEpisodeSteps()} as the horizon.
 */
public final class TimeLimit implements Env {
  private final Env inner;
  private final int maxEpisodeSteps;
  private int elapsed;

  public TimeLimit(Env inner, int maxEpisodeSteps) {
    if (maxEpisodeSteps < 1) {
      throw new IllegalArgumentException("max_episode_steps must be >= 1, got " + maxEpisodeSteps);
    }
    this.inner = inner;
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  /** The wrapped environment. */
  public Env inner() {
    return inner;
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
    elapsed = 0;
    return inner.reset(seed);
  }

  @Override
  public int reset() {
    elapsed = 0;
    return inner.reset();
  }

  @Override
  public Step step(int action) {
    Step s = inner.step(action);
    if (++elapsed >= maxEpisodeSteps) {
      s.truncated = true;
    }
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
    return maxEpisodeSteps;
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
