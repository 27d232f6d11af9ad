package io.qsweep.table;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A tabular action-value function {@code Q(s, a)} stored in one flat {@code double[]}, row-major: the value of
 * {@code (s, a)} is {@code values()[s * numActions() + a]}, so a state's row is contiguous.
 *
 * <p>The learning algorithms work on {@link #values()} directly in their hot loops; the accessors here check their
 * arguments and are meant for everything else (tests, export, evaluation).
 *
 * <p>Greedy actions: {@link #greedyAction} breaks exact ties uniformly at random and draws from the generator only
 * when there is a tie (so a run without ties consumes no randomness); {@link #greedyPolicy()} breaks ties towards the
 * lowest action index (deterministic, for printing and export); {@link #greedyPolicyDistribution()} spreads the mass
 * uniformly over the tied actions (the policy that random tie-breaking actually follows, for exact evaluation).
 *
 * <p>Action sets: the table is always rectangular, {@code [numStates, numActions]} (so are its {@code .npy} and CSV
 * files), also for an environment whose states allow fewer actions ({@link io.qsweep.env.Env#validActionCounts()}:
 * the valid actions of {@code s} are {@code 0 .. n(s) - 1}). The entries of invalid actions are never updated and
 * never read by learners and selectors: they keep the initial value ({@code initial_q}; the mean of tables that all
 * kept it is that value too). Methods that choose or maximise take the per-state counts ({@code validActions},
 * {@code null} = every action valid) and ignore those entries; the forms without it treat every action as valid and
 * are only right for an environment without a mask.
 */
public final class QTable {
  private final int numStates;
  private final int numActions;
  private final double[] values;

  /** A table of zeros. */
  public QTable(int numStates, int numActions) {
    if (numStates < 1) {
      throw new IllegalArgumentException("numStates: " + numStates + " must be >= 1");
    }
    if (numActions < 1) {
      throw new IllegalArgumentException("numActions: " + numActions + " must be >= 1");
    }
    if ((long) numStates * numActions > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("numStates * numActions: " + (long) numStates * numActions
          + " exceeds the largest array size " + (Integer.MAX_VALUE - 8));
    }
    this.numStates = numStates;
    this.numActions = numActions;
    this.values = new double[numStates * numActions];
  }

  /** A table over a copy of {@code values} (row-major, length {@code numStates * numActions}). */
  public static QTable of(int numStates, int numActions, double[] values) {
    QTable t = new QTable(numStates, numActions);
    if (values.length != t.values.length) {
      throw new IllegalArgumentException("values: length " + values.length + " is not numStates * numActions = "
          + t.values.length);
    }
    System.arraycopy(values, 0, t.values, 0, values.length);
    return t;
  }

  public int numStates() {
    return numStates;
  }

  public int numActions() {
    return numActions;
  }

  /**
   * The backing array (row-major {@code [state][action]}), not a copy: writes change the table. For hot loops and
   * bulk export.
   */
  public double[] values() {
    return values;
  }

  public double get(int s, int a) {
    return values[index(s, a)];
  }

  public void set(int s, int a, double v) {
    values[index(s, a)] = v;
  }

  /** Sets every entry to {@code v}. */
  public void fill(double v) {
    Arrays.fill(values, v);
  }

  /** An independent copy. */
  public QTable copy() {
    QTable t = new QTable(numStates, numActions);
    System.arraycopy(values, 0, t.values, 0, values.length);
    return t;
  }

  /** {@code max_a Q(s, a)} over every action (for an environment without an action mask). */
  public double maxValue(int s) {
    return maxValue(s, null);
  }

  /** {@code max_a Q(s, a)} over the valid actions of {@code s} ({@code validActions == null}: every action). */
  public double maxValue(int s, int[] validActions) {
    int off = index(s, 0);
    int n = valid(validActions, s);
    double m = values[off];
    for (int a = 1; a < n; a++) {
      double v = values[off + a];
      if (v > m) {
        m = v;
      }
    }
    return m;
  }

  /**
   * An action with the largest value in state {@code s}; exact ties are broken uniformly at random with {@code rng},
   * which is used only when more than one action is tied (see {@link #argmax(double[], int, int, SplittableRandom)}).
   */
  public int greedyAction(int s, SplittableRandom rng) {
    return greedyAction(s, null, rng);
  }

  /** {@link #greedyAction(int, SplittableRandom)} among the valid actions of {@code s} ({@code null}: all). */
  public int greedyAction(int s, int[] validActions, SplittableRandom rng) {
    return argmax(values, index(s, 0), valid(validActions, s), rng);
  }

  /**
   * The greedy action of every state, breaking ties towards the lowest index (deterministic), every action valid (for
   * an environment without an action mask).
   */
  public int[] greedyPolicy() {
    return greedyPolicy(null);
  }

  /**
   * The greedy action of every state among its valid actions ({@code validActions == null}: all), breaking ties
   * towards the lowest index (deterministic).
   */
  public int[] greedyPolicy(int[] validActions) {
    checkValid(validActions);
    int[] pi = new int[numStates];
    for (int s = 0; s < numStates; s++) {
      int off = s * numActions;
      int n = valid(validActions, s);
      int best = 0;
      for (int a = 1; a < n; a++) {
        if (values[off + a] > values[off + best]) {
          best = a;
        }
      }
      pi[s] = best;
    }
    return pi;
  }

  /**
   * The greedy policy with random tie-breaking as a distribution: row-major {@code [state][action]} probabilities,
   * {@code 1 / k} on each of the {@code k} actions tied for the maximum, 0 elsewhere; every action valid.
   */
  public double[] greedyPolicyDistribution() {
    return greedyPolicyDistribution(null);
  }

  /**
   * {@link #greedyPolicyDistribution()} over the valid actions of each state ({@code validActions == null}: all);
   * invalid actions get probability 0.
   */
  public double[] greedyPolicyDistribution(int[] validActions) {
    checkValid(validActions);
    double[] pi = new double[values.length];
    for (int s = 0; s < numStates; s++) {
      int off = s * numActions;
      int n = valid(validActions, s);
      double m = maxValue(s, validActions);
      int ties = 0;
      for (int a = 0; a < n; a++) {
        if (values[off + a] == m) {
          ties++;
        }
      }
      double p = 1.0 / ties;
      for (int a = 0; a < n; a++) {
        if (values[off + a] == m) {
          pi[off + a] = p;
        }
      }
    }
    return pi;
  }

  /**
   * The index (relative to {@code offset}) of a largest entry among {@code q[offset .. offset + n - 1]}, breaking exact
   * ties uniformly at random. One pass finds the maximum, where it first occurs and how many entries equal it; only
   * when that count {@code k} exceeds 1 is {@code rng.nextInt(k)} drawn to pick one of the tied entries, so the usual
   * case of a unique maximum uses no randomness. Allocation-free; this is the greedy step of every selector.
   */
  public static int argmax(double[] q, int offset, int n, SplittableRandom rng) {
    double best = q[offset];
    int arg = 0;
    int ties = 1;
    for (int a = 1; a < n; a++) {
      double v = q[offset + a];
      if (v >= best) { // one compare for the usual smaller entry
        if (v > best) {
          best = v;
          arg = a;
          ties = 1;
        } else {
          ties++;
        }
      }
    }
    if (ties == 1) {
      return arg;
    }
    int k = rng.nextInt(ties);
    for (int a = arg; ; a++) {
      if (q[offset + a] == best && k-- == 0) {
        return a;
      }
    }
  }

  /** {@code max} of {@code q[offset .. offset + n - 1]}. Allocation-free. */
  public static double max(double[] q, int offset, int n) {
    double m = q[offset];
    for (int a = 1; a < n; a++) {
      double v = q[offset + a];
      if (v > m) {
        m = v;
      }
    }
    return m;
  }

  /** The element-wise mean of tables of the same shape (e.g. the runs of one configuration over seeds). */
  public static QTable mean(List<QTable> tables) {
    if (tables == null || tables.isEmpty()) {
      throw new IllegalArgumentException("tables: at least one table is required");
    }
    QTable first = tables.get(0);
    QTable out = new QTable(first.numStates, first.numActions);
    double[] sum = out.values;
    for (int i = 0; i < tables.size(); i++) {
      QTable t = tables.get(i);
      if (t.numStates != first.numStates || t.numActions != first.numActions) {
        throw new IllegalArgumentException("tables: table " + i + " is " + t.numStates + "x" + t.numActions
            + ", table 0 is " + first.numStates + "x" + first.numActions);
      }
      for (int k = 0; k < sum.length; k++) {
        sum[k] += t.values[k];
      }
    }
    double n = tables.size();
    for (int k = 0; k < sum.length; k++) {
      sum[k] /= n;
    }
    return out;
  }

  /** The number of valid actions of {@code s} (checked: {@code [1, numActions]}). */
  private int valid(int[] validActions, int s) {
    if (validActions == null) {
      return numActions;
    }
    checkValid(validActions);
    int n = validActions[s];
    if (n < 1 || n > numActions) {
      throw new IllegalArgumentException("validActions: " + n + " of state " + s + " is outside [1, " + numActions
          + "]");
    }
    return n;
  }

  private void checkValid(int[] validActions) {
    if (validActions != null && validActions.length != numStates) {
      throw new IllegalArgumentException("validActions: length " + validActions.length + " does not match numStates "
          + numStates);
    }
  }

  private int index(int s, int a) {
    if (s < 0 || s >= numStates) {
      throw new IllegalArgumentException("state: " + s + " is outside [0, " + (numStates - 1) + "]");
    }
    if (a < 0 || a >= numActions) {
      throw new IllegalArgumentException("action: " + a + " is outside [0, " + (numActions - 1) + "]");
    }
    return s * numActions + a;
  }

  /** Equal shape and bit-for-bit equal values (as {@link Arrays#equals(double[], double[])}). */
  @Override
  public boolean equals(Object o) {
    return o instanceof QTable t && t.numStates == numStates && t.numActions == numActions
        && Arrays.equals(t.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * numStates + numActions) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "QTable[" + numStates + "x" + numActions + "]";
  }
}
