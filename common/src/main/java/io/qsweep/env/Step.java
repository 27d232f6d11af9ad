package io.qsweep.env;

/**
 * The outcome of one {@link Env#step(int)}: Gymnasium's {@code (observation, reward, terminated, truncated)} tuple as a
 * mutable record that the environment reuses, so that stepping allocates nothing.
 */
public final class Step {
  /** The state after the step. */
  public int state;
  /** The reward of the transition. */
  public double reward;
  /** The MDP reached a terminal state: the episode is over and the next state's value is 0. */
  public boolean terminated;
  /** The episode was cut short (time limit); the next state still has a value. */
  public boolean truncated;

  public boolean done() {
    return terminated || truncated;
  }

  void set(int state, double reward, boolean terminated, boolean truncated) {
    this.state = state;
    this.reward = reward;
    this.terminated = terminated;
    this.truncated = truncated;
  }

  @Override
  public String toString() {
    return "Step[state=" + state + ", reward=" + reward + ", terminated=" + terminated + ", truncated=" + truncated
        + "]";
  }
}
