package io.qsweep.env;

import java.util.SplittableRandom;

/**
 * An environment that steps by looking up its precomputed {@link TransitionModel} and sampling one outcome, as
 * Gymnasium's toy-text environments do. Concrete environments build their model in the constructor and may override
 * the presentation hooks ({@link #actionName}, {@link #renderPolicy}) and the goal test.
 *
 * <p>Sampling: an outcome list with a single entry uses no randomness; otherwise one uniform draw picks the outcome
 * by cumulative probability. A noisy reward draws one Gaussian. The start state is drawn from the start distribution
 * with one uniform draw per reset. All draws come from a {@link SplittableRandom} seeded by {@link #reset(long)}.
 *
 * <p>Action sets: the model's {@link TransitionModel#validActionCounts() mask}, if any, is this environment's
 * (see {@link Env}); stepping an action outside the current state's valid prefix throws. The check costs nothing
 * without a mask: an invalid pair has an empty outcome list, which the outcome lookup detects on its way.
 */
public class TabularEnv implements Env {
  private final String name;
  private final TransitionModel model;
  private final int numActions;
  private final int[] offsets;
  private final double[] cumProb;
  private final int[] next;
  private final double[] reward;
  private final double[] rewardStd;
  private final boolean[] terminal;
  private final boolean noisyRewards;
  private final boolean oneOutcomeEach;
  private final double[] initialCum;
  private final int[] validActions;
  private final int fixedStart;
  private final Step step = new Step();
  private SplittableRandom rng;
  private int state = -1;

  public TabularEnv(String name, TransitionModel model) {
    this.name = name;
    this.model = model;
    this.numActions = model.numActions();
    this.offsets = model.offsetsArray();
    this.cumProb = model.cumProbArray();
    this.next = model.nextArray();
    this.reward = model.rewardArray();
    this.rewardStd = model.rewardStdArray();
    this.terminal = model.terminalArray();
    this.noisyRewards = !model.deterministicRewards();
    this.validActions = model.validActionCounts();
    // one outcome per pair (so outcome k of pair sa is sa itself) needs every pair to exist: not with a mask
    this.oneOutcomeEach = validActions == null && model.numOutcomes() == model.numStates() * numActions;
    this.initialCum = model.initialCumArray();
    int fixed = -1;
    for (int st = 0; st < model.numStates(); st++) {
      if (model.initialProb(st) == 1.0) {
        fixed = st;
      }
    }
    this.fixedStart = fixed;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int numStates() {
    return model.numStates();
  }

  @Override
  public final int numActions() {
    return numActions;
  }

  @Override
  public final TransitionModel model() {
    return model;
  }

  @Override
  public final int[] validActionCounts() {
    return validActions == null ? null : validActions.clone();
  }

  @Override
  public final int state() {
    return state;
  }

  @Override
  public final int reset(long seed) {
    rng = new SplittableRandom(seed);
    return reset();
  }

  @Override
  public final int reset() {
    if (rng == null) {
      throw new IllegalStateException(name + ": call reset(seed) before reset()");
    }
    double u = rng.nextDouble();
    // The first state whose cumulative start probability exceeds u (it has positive probability), else the last
    // state: a binary search over the cumulative distribution, or no search when one state has probability 1.
    int s = fixedStart;
    if (s < 0) {
      int lo = 0;
      int hi = initialCum.length - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (initialCum[mid] > u) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      s = lo;
    }
    state = s;
    step.set(s, 0.0, false, false);
    return s;
  }

  @Override
  public final Step step(int action) {
    if (action < 0 || action >= numActions) {
      throw invalidAction(action);
    }
    if (state < 0) {
      throw new IllegalStateException(name + ": call reset(seed) before step()");
    }
    int sa = state * numActions + action;
    int k;
    int last;
    if (oneOutcomeEach) { // outcome k of pair sa is sa itself: one dependent load less per step
      k = sa;
      last = sa;
    } else {
      k = offsets[sa];
      last = offsets[sa + 1] - 1;
    }
    if (k < last) {
      // The first outcome whose cumulative probability exceeds u (else the last one), found by counting the
      // cumulative probabilities <= u: branch-free, since a branch on a uniform draw is mispredicted half the time.
      double u = rng.nextDouble();
      int pick = k;
      for (int j = k; j < last; j++) {
        pick += u >= cumProb[j] ? 1 : 0;
      }
      k = pick;
    } else if (k > last) { // an empty outcome list: an action that is not valid in this state (only with a mask)
      throw invalidAction(action);
    }
    double r = reward[k];
    if (noisyRewards) {
      double sd = rewardStd[k];
      if (sd != 0.0) {
        r += sd * rng.nextGaussian();
      }
    }
    state = next[k];
    step.set(state, r, terminal[k], false);
    return step;
  }

  /** The error for an action outside the action space or the current state's valid prefix (kept out of step). */
  private IllegalArgumentException invalidAction(int action) {
    if (action < 0 || action >= numActions) {
      return new IllegalArgumentException(name + ": action " + action + " is outside [0, " + (numActions - 1) + "]");
    }
    return new IllegalArgumentException(name + ": action " + action + " is not valid in state " + state
        + "; valid actions are [0, " + (validActions[state] - 1) + "]");
  }
}
