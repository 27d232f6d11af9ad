package io.qsweep.env;

import java.util.Arrays;

/**
 * The full, immutable transition model of a finite MDP: for every state {@code s} and action {@code a}, a list of
 * outcomes, each with a probability, a next state, an expected reward, a reward noise standard deviation and a
 * terminal flag (Gymnasium's {@code P[s][a] = [(prob, next, reward, terminated), ...]}), plus the start-state
 * distribution.
 *
 * <p>Outcomes are stored flat (compressed sparse rows): the outcomes of {@code (s, a)} are the indices
 * {@code begin(s, a) <= k < end(s, a)}. Several outcomes may share a next state (Gymnasium's FrozenLake lists three
 * outcomes even where a wall folds two of them onto the same cell); the distribution is what counts.
 *
 * <p>Rewards: {@link #reward(int)} is the <em>expected</em> reward of an outcome, which is all dynamic programming
 * needs. Stepping draws {@code reward + rewardStd * N(0, 1)}; {@code rewardStd} is 0 for deterministic rewards
 * (all toy-text environments) and positive for noisy ones (the max-bias state B, a noisy listener).
 *
 * <p><b>Per-state action sets</b> (Gymnasium's analogue is an action mask, e.g. {@code info["action_mask"]}): the
 * action space is rectangular, {@code numActions()} wide, but a state may allow fewer actions. The valid actions of
 * {@code s} are always the prefix {@code 0 .. numValidActions(s) - 1}, with {@code 1 <= numValidActions(s) <=
 * numActions()}; a prefix keeps every loop over actions a plain {@code for (a = 0; a < n; a++)} with a per-state
 * bound, so hot loops pay one array read, and nothing at all when there is no mask. {@link #validActionCounts()} is
 * {@code null} when every state allows every action (cliff walking, frozen lake, taxi, the music environments); then
 * the model is rectangular as before. An invalid pair {@code (s, a)} with {@code a >= numValidActions(s)} has no
 * outcomes ({@code begin(s, a) == end(s, a)}, expected reward 0): it does not exist in the MDP, stepping it is an
 * error, and every learner, selector and solver ignores it (its Q-table entry keeps its initial value and is never
 * read).
 */
public final class TransitionModel {
  /** Tolerance for probabilities that must sum to one. */
  public static final double PROB_TOLERANCE = 1e-9;

  private final int numStates;
  private final int numActions;
  private final int[] offsets;
  private final double[] prob;
  private final double[] cumProb;
  private final int[] next;
  private final double[] reward;
  private final double[] rewardStd;
  private final boolean[] terminal;
  private final double[] initial;
  private final double[] initialCum;
  /** Valid actions per state (a prefix), or {@code null} when every state allows all {@code numActions}. */
  private final int[] validActions;

  private TransitionModel(int numStates, int numActions, int[] offsets, double[] prob, int[] next, double[] reward,
      double[] rewardStd, boolean[] terminal, double[] initial, int[] validActions) {
    this.numStates = numStates;
    this.validActions = validActions;
    this.numActions = numActions;
    this.offsets = offsets;
    this.prob = prob;
    this.next = next;
    this.reward = reward;
    this.rewardStd = rewardStd;
    this.terminal = terminal;
    this.initial = initial;
    this.cumProb = new double[prob.length];
    for (int sa = 0; sa < numStates * numActions; sa++) {
      double c = 0;
      for (int k = offsets[sa]; k < offsets[sa + 1]; k++) {
        c += prob[k];
        cumProb[k] = c;
      }
    }
    this.initialCum = new double[numStates];
    double c = 0;
    for (int s = 0; s < numStates; s++) {
      c += initial[s];
      initialCum[s] = c;
    }
  }

  public int numStates() {
    return numStates;
  }

  public int numActions() {
    return numActions;
  }

  /**
   * The number of valid actions of {@code s}: its valid actions are {@code 0 .. numValidActions(s) - 1}. Equals
   * {@link #numActions()} for every state of a model without an action mask.
   */
  public int numValidActions(int s) {
    return validActions == null ? numActions : validActions[s];
  }

  /** Whether some state allows fewer than {@link #numActions()} actions. */
  public boolean hasActionMask() {
    return validActions != null;
  }

  /**
   * A copy of the number of valid actions per state (length {@code numStates}, each in {@code [1, numActions]}),
   * or {@code null} when every state allows every action. Callers fetch it once per run, before their hot loop.
   */
  public int[] validActionCounts() {
    return validActions == null ? null : validActions.clone();
  }

  /** Total number of outcomes over all state-action pairs. */
  public int numOutcomes() {
    return prob.length;
  }

  /** First outcome index of {@code (s, a)}. */
  public int begin(int s, int a) {
    return offsets[s * numActions + a];
  }

  /** One past the last outcome index of {@code (s, a)}. */
  public int end(int s, int a) {
    return offsets[s * numActions + a + 1];
  }

  public double prob(int k) {
    return prob[k];
  }

  /** Cumulative probability of outcomes {@code begin(s, a) .. k} (inclusive), for sampling. */
  public double cumProb(int k) {
    return cumProb[k];
  }

  public int next(int k) {
    return next[k];
  }

  /** Expected reward of outcome {@code k}. */
  public double reward(int k) {
    return reward[k];
  }

  /** Standard deviation of the Gaussian noise added to outcome {@code k}'s reward when stepping (0 = none). */
  public double rewardStd(int k) {
    return rewardStd[k];
  }

  public boolean terminal(int k) {
    return terminal[k];
  }

  /** Probability that an episode starts in {@code s}. */
  public double initialProb(int s) {
    return initial[s];
  }

  /** Cumulative start distribution up to and including {@code s}, for sampling. */
  public double initialCumProb(int s) {
    return initialCum[s];
  }

  /** A copy of the start distribution. */
  public double[] initialDistribution() {
    return initial.clone();
  }

  /** Expected immediate reward of taking {@code a} in {@code s} (0 for an invalid action, which has no outcomes). */
  public double expectedReward(int s, int a) {
    double r = 0;
    for (int k = begin(s, a); k < end(s, a); k++) {
      r += prob[k] * reward[k];
    }
    return r;
  }

  /** Whether every outcome reward is deterministic (no Gaussian noise anywhere). */
  public boolean deterministicRewards() {
    for (double sd : rewardStd) {
      if (sd != 0) {
        return false;
      }
    }
    return true;
  }

  // Raw arrays for TabularEnv's allocation-free step (package-private: callers must not modify them).
  int[] offsetsArray() {
    return offsets;
  }

  double[] cumProbArray() {
    return cumProb;
  }

  int[] nextArray() {
    return next;
  }

  double[] rewardArray() {
    return reward;
  }

  double[] rewardStdArray() {
    return rewardStd;
  }

  boolean[] terminalArray() {
    return terminal;
  }

  double[] initialCumArray() {
    return initialCum;
  }

  public static Builder builder(int numStates, int numActions) {
    return new Builder(numStates, numActions);
  }

  /**
   * Collects outcomes in any order and checks the model when built: every valid {@code (s, a)} has at least one
   * outcome and every invalid one none, probabilities lie in [0, 1] and sum to 1, next states are in range, and the
   * start distribution sums to 1. Every action is valid in every state unless {@link #validActions} says otherwise.
   */
  public static final class Builder {
    private final int numStates;
    private final int numActions;
    private int size;
    private int[] sa = new int[64];
    private double[] prob = new double[64];
    private int[] next = new int[64];
    private double[] reward = new double[64];
    private double[] rewardStd = new double[64];
    private boolean[] terminal = new boolean[64];
    private final double[] initial;
    private final int[] validActions;

    private Builder(int numStates, int numActions) {
      if (numStates < 1) {
        throw new IllegalArgumentException("numStates must be >= 1, got " + numStates);
      }
      if (numActions < 1) {
        throw new IllegalArgumentException("numActions must be >= 1, got " + numActions);
      }
      this.numStates = numStates;
      this.numActions = numActions;
      this.initial = new double[numStates];
      this.validActions = new int[numStates];
      Arrays.fill(validActions, numActions);
    }

    /**
     * Declares that {@code s} allows only the actions {@code 0 .. count - 1} (default: all {@code numActions}); the
     * other actions of {@code s} must have no outcomes.
     */
    public Builder validActions(int s, int count) {
      checkState("state", s);
      if (count < 1 || count > numActions) {
        throw new IllegalArgumentException("valid actions of state " + s + ": " + count + " is outside [1, "
            + numActions + "]");
      }
      validActions[s] = count;
      return this;
    }

    /** Adds an outcome with a deterministic reward. */
    public Builder outcome(int s, int a, double p, int nextState, double r, boolean isTerminal) {
      return outcome(s, a, p, nextState, r, 0.0, isTerminal);
    }

    /** Adds an outcome whose reward is {@code r + rStd * N(0, 1)} when stepping (expected reward {@code r}). */
    public Builder outcome(int s, int a, double p, int nextState, double r, double rStd, boolean isTerminal) {
      checkState("state", s);
      checkState("next state", nextState);
      if (a < 0 || a >= numActions) {
        throw new IllegalArgumentException("action " + a + " is outside [0, " + (numActions - 1) + "]");
      }
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("probability " + p + " of (" + s + ", " + a + ") is outside [0, 1]");
      }
      if (!(rStd >= 0) || Double.isInfinite(rStd)) {
        throw new IllegalArgumentException("reward std " + rStd + " of (" + s + ", " + a + ") must be finite, >= 0");
      }
      if (size == sa.length) {
        int n = size * 2;
        sa = Arrays.copyOf(sa, n);
        prob = Arrays.copyOf(prob, n);
        next = Arrays.copyOf(next, n);
        reward = Arrays.copyOf(reward, n);
        rewardStd = Arrays.copyOf(rewardStd, n);
        terminal = Arrays.copyOf(terminal, n);
      }
      sa[size] = s * numActions + a;
      prob[size] = p;
      next[size] = nextState;
      reward[size] = r;
      rewardStd[size] = rStd;
      terminal[size] = isTerminal;
      size++;
      return this;
    }

    /** Sets the probability that an episode starts in {@code s}. */
    public Builder initial(int s, double p) {
      checkState("initial state", s);
      initial[s] = p;
      return this;
    }

    private void checkState(String what, int s) {
      if (s < 0 || s >= numStates) {
        throw new IllegalArgumentException(what + " " + s + " is outside [0, " + (numStates - 1) + "]");
      }
    }

    public TransitionModel build() {
      int pairs = numStates * numActions;
      int[] offsets = new int[pairs + 1];
      for (int i = 0; i < size; i++) {
        offsets[sa[i] + 1]++;
      }
      for (int i = 0; i < pairs; i++) {
        offsets[i + 1] += offsets[i];
      }
      int[] fill = Arrays.copyOf(offsets, pairs);
      double[] p = new double[size];
      int[] n = new int[size];
      double[] r = new double[size];
      double[] sd = new double[size];
      boolean[] t = new boolean[size];
      for (int i = 0; i < size; i++) { // stable: outcomes keep the order they were added in
        int k = fill[sa[i]]++;
        p[k] = prob[i];
        n[k] = next[i];
        r[k] = reward[i];
        sd[k] = rewardStd[i];
        t[k] = terminal[i];
      }
      boolean masked = false;
      for (int st = 0; st < numStates; st++) {
        masked |= validActions[st] < numActions;
      }
      for (int i = 0; i < pairs; i++) {
        int st = i / numActions;
        int a = i % numActions;
        if (a >= validActions[st]) {
          if (offsets[i] != offsets[i + 1]) {
            throw new IllegalArgumentException("(state " + st + ", action " + a + ") has outcomes but state " + st
                + " allows only actions [0, " + (validActions[st] - 1) + "]");
          }
          continue;
        }
        if (offsets[i] == offsets[i + 1]) {
          throw new IllegalArgumentException("(state " + st + ", action " + a + ") has no outcome");
        }
        double sum = 0;
        for (int k = offsets[i]; k < offsets[i + 1]; k++) {
          sum += p[k];
        }
        if (Math.abs(sum - 1.0) > PROB_TOLERANCE) {
          throw new IllegalArgumentException("probabilities of (state " + i / numActions + ", action "
              + i % numActions + ") sum to " + sum + ", not 1");
        }
      }
      double sum = 0;
      for (double q : initial) {
        if (!(q >= 0 && q <= 1)) {
          throw new IllegalArgumentException("start probability " + q + " is outside [0, 1]");
        }
        sum += q;
      }
      if (Math.abs(sum - 1.0) > PROB_TOLERANCE) {
        throw new IllegalArgumentException("start distribution sums to " + sum + ", not 1");
      }
      return new TransitionModel(numStates, numActions, offsets, p, n, r, sd, t, initial.clone(),
          masked ? validActions.clone() : null);
    }
  }
}
