package io.qsweep.env.music;

import io.qsweep.env.Env;
import io.qsweep.env.Step;
import io.qsweep.env.TransitionModel;
import io.qsweep.reward.RewardDesigns;
import io.qsweep.table.QTable;
import java.util.SplittableRandom;

/**
 * Turns a learned Q-table into a composition: roll out the greedy policy once and score what it composed.
 *
 * <p>Q-tables are flat {@code double[]} arrays indexed {@code q[state * numActions + action]}. The greedy action is
 * the highest Q value, ties going to the lowest action index, so the rollout is deterministic. Rollouts run on the
 * {@link ComposedEnv} inside a {@link io.qsweep.env.TimeLimit}, so the composition is always complete.
 *
 * <pre>
 * Env env = io.qsweep.env.EnvRegistry.make("melody", EnvParams.of(Map.of("reward", "theory")));
 * QTable q = Trainer.train(env, config, seed).q();
 * Composition c = Composer.compose(env, q);
 * c.composition(); c.evaluationScore(); c.scoreTerms(); c.writeMidi(Path.of("song.mid"));
 * </pre>
 */
public final class Composer {
  private Composer() {
  }

  /** The music environment inside {@code env}; throws naming the env when it does not compose music. */
  public static ComposedEnv composedEnv(Env env) {
    ComposedEnv c = ComposedEnv.find(env);
    if (c == null) {
      throw new IllegalArgumentException("env '" + env.name() + "' does not compose music; allowed: "
          + String.join(", ", RewardDesigns.MUSIC_ENVS));
    }
    return c;
  }

  /** The greedy action in {@code state} among all {@code numActions} actions, the lowest index among ties. */
  public static int greedyAction(double[] q, int state, int numActions) {
    return greedyAction(q, state, numActions, numActions);
  }

  /**
   * The greedy action in {@code state}: the highest Q value among the first {@code validActions} actions (all
   * {@code numActions} when the environment has no action mask), the lowest index among ties.
   */
  public static int greedyAction(double[] q, int state, int numActions, int validActions) {
    int base = state * numActions;
    int best = 0;
    double bestValue = q[base];
    for (int a = 1; a < validActions; a++) {
      if (q[base + a] > bestValue) {
        bestValue = q[base + a];
        best = a;
      }
    }
    return best;
  }

  /**
   * Rolls out the greedy policy of {@code q} for one episode and returns its actions. Resets the environment with
   * {@code seed} (the start state and the transitions of a music environment are deterministic, so the seed only
   * drives a noisy listener's rewards, which the rollout ignores).
   */
  public static int[] greedyActions(Env env, double[] q, long seed) {
    ComposedEnv c = composedEnv(env);
    int nA = c.numActions();
    if (q.length != c.numStates() * nA) {
      throw new IllegalArgumentException("q-table has " + q.length + " entries; " + c.name() + " needs "
          + c.numStates() + " states x " + nA + " actions = " + (long) c.numStates() * nA);
    }
    int[] valid = c.validActionCounts(); // null: every action valid everywhere
    int s = c.reset(seed);
    int[] actions = new int[c.compositionLength()];
    for (int t = 0; t < actions.length; t++) {
      actions[t] = greedyAction(q, s, nA, valid == null ? nA : valid[s]);
      Step step = c.step(actions[t]);
      s = step.state;
      if (step.terminated != (t == actions.length - 1)) {
        throw new IllegalStateException(c.name() + ": episode " + (step.terminated ? "ended" : "did not end")
            + " after " + (t + 1) + " steps; compositions have " + actions.length);
      }
    }
    return actions;
  }

  /**
   * The actions of one episode of the uniformly random policy (the baseline a trained agent must beat): uniform over
   * each visited state's valid actions (over all actions, without walking the model, when there is no action mask).
   */
  public static int[] randomActions(Env env, SplittableRandom rng) {
    ComposedEnv c = composedEnv(env);
    int[] valid = c.validActionCounts();
    int[] actions = new int[c.compositionLength()];
    if (valid == null) {
      for (int t = 0; t < actions.length; t++) {
        actions[t] = rng.nextInt(c.numActions());
      }
      return actions;
    }
    TransitionModel m = c.model();
    int s = startState(m);
    for (int t = 0; t < actions.length; t++) {
      actions[t] = rng.nextInt(valid[s]);
      s = m.next(m.begin(s, actions[t]));
    }
    return actions;
  }

  private static int startState(TransitionModel m) {
    int s = 0;
    while (m.initialProb(s) == 0) {
      s++;
    }
    return s;
  }

  /**
   * The composition of a deterministic policy given as one action per state: walks the transition model from the
   * start state (the environments' transitions are deterministic).
   */
  public static int[] followPolicy(ComposedEnv env, int[] actionPerState) {
    TransitionModel m = env.model();
    if (actionPerState.length != m.numStates()) {
      throw new IllegalArgumentException("policy has " + actionPerState.length + " actions; " + env.name()
          + " has " + m.numStates() + " states");
    }
    int s = 0;
    while (m.initialProb(s) == 0) {
      s++;
    }
    int[] actions = new int[env.compositionLength()];
    for (int t = 0; t < actions.length; t++) {
      actions[t] = actionPerState[s];
      s = m.next(m.begin(s, actions[t]));
    }
    return actions;
  }

  /** Rolls out the greedy policy of {@code q} (seed 0) and scores the composition. */
  public static Composition compose(Env env, double[] q) {
    return composition(env, greedyActions(env, q, 0L));
  }

  /** Rolls out the greedy policy of a learned table (seed 0) and scores the composition. */
  public static Composition compose(Env env, QTable q) {
    ComposedEnv c = composedEnv(env);
    if (q.numStates() != c.numStates() || q.numActions() != c.numActions()) {
      throw new IllegalArgumentException("q: table is " + q.numStates() + "x" + q.numActions() + " but env '"
          + c.name() + "' has " + c.numStates() + " states and " + c.numActions() + " actions");
    }
    return compose(env, q.values());
  }

  /** Scores a given composition (the actions of one episode of {@code env}). */
  public static Composition composition(Env env, int[] actions) {
    ComposedEnv c = composedEnv(env);
    checkActions(c, actions);
    TransitionModel m = c.model();
    int s = 0;
    while (m.initialProb(s) == 0) {
      s++;
    }
    double ret = 0;
    for (int a : actions) {
      int k = m.begin(s, a);
      ret += m.reward(k);
      s = m.next(k);
    }
    return new Composition(c, actions, ret);
  }

  /** Throws unless {@code actions} is one whole episode of {@code env}. */
  static void checkActions(ComposedEnv env, int[] actions) {
    if (actions.length != env.compositionLength()) {
      throw new IllegalArgumentException(env.name() + ": a composition has " + env.compositionLength()
          + " actions, got " + actions.length);
    }
    for (int t = 0; t < actions.length; t++) {
      if (actions[t] < 0 || actions[t] >= env.numActions()) {
        throw new IllegalArgumentException(env.name() + ": action " + actions[t] + " at step " + t
            + " is outside [0, " + (env.numActions() - 1) + "]");
      }
    }
  }
}
