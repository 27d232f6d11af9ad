package io.qsweep.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Selectors with per-state action sets: they only ever return a valid action, give invalid actions probability 0 and
 * never read the Q values of invalid actions. The invalid entries are "poisoned" with a huge value, so a selector
 * that looked at them would prefer them.
 */
class ActionMaskSelectorTest {
  private static final double POISON = 1e9;

  private static final ExplorationSpec[] SPECS = {
      ExplorationSpec.parse("epsilon:0.1"), ExplorationSpec.parse("epsilon:1"), ExplorationSpec.parse("epsilon:0"),
      ExplorationSpec.parse("epsilon:linear:1:0.05:20"), ExplorationSpec.parse("epsilon:exp:1:0.01:0.9"),
      ExplorationSpec.parse("softmax:0.5"), ExplorationSpec.parse("softmax:linear:5:0.05:20"),
      ExplorationSpec.parse("softmax:1e-6"), ExplorationSpec.parse("ucb:0"), ExplorationSpec.parse("ucb:2")};

  /** Random Q values with frequent exact ties on the valid actions, the poison on the invalid ones. */
  private static double[] poisonedTable(int numStates, int numActions, int[] valid, SplittableRandom r) {
    double[] q = new double[numStates * numActions];
    for (int s = 0; s < numStates; s++) {
      for (int a = 0; a < numActions; a++) {
        q[s * numActions + a] = a < valid[s] ? r.nextInt(3) - 1 + (r.nextBoolean() ? 0 : r.nextDouble()) : POISON;
      }
    }
    return q;
  }

  @Test
  void everySelectorChoosesOnlyValidActionsAndGivesInvalidOnesProbabilityZero() {
    int numStates = 6;
    int numActions = 5;
    for (long seed = 0; seed < 40; seed++) {
      SplittableRandom r = new SplittableRandom(seed);
      int[] valid = new int[numStates];
      for (int s = 0; s < numStates; s++) {
        valid[s] = 1 + r.nextInt(numActions);
      }
      valid[0] = 1;
      valid[1] = numActions;
      valid[2] = 2;
      double[] q = poisonedTable(numStates, numActions, valid, r);
      for (ExplorationSpec spec : SPECS) {
        ActionSelector sel = ActionSelector.create(spec, numStates, numActions, valid.clone());
        SplittableRandom rng = new SplittableRandom(seed * 31 + 1);
        double[] p = new double[numActions];
        for (int episode = 0; episode < 30; episode++) {
          sel.beginEpisode(episode);
          for (int i = 0; i < 40; i++) {
            int s = rng.nextInt(numStates);
            int off = s * numActions;
            Arrays.fill(p, -1);
            if (i % 2 == 0) { // the form that reads the selector's mask, and the hot-loop form given the count
              sel.probabilities(q, off, s, p);
            } else {
              ActionSelector.probabilities(sel, q, off, s, valid[s], p);
            }
            double sum = 0;
            for (int a = 0; a < numActions; a++) {
              if (a >= valid[s]) {
                assertThat(p[a]).as("%s: P(invalid %d | state %d)", spec, a, s).isZero();
              } else {
                assertThat(p[a]).isBetween(0.0, 1.0);
              }
              sum += p[a];
            }
            assertThat(sum).as("%s state %d", spec, s).isCloseTo(1.0, within(1e-12));
            assertThat(sel.numValidActions(s)).isEqualTo(valid[s]);
            int a = i % 2 == 0 ? sel.select(q, off, s, rng) : ActionSelector.select(sel, q, off, s, valid[s], rng);
            assertThat(a).as("%s: action in state %d with %d valid", spec, s, valid[s]).isBetween(0, valid[s] - 1);
            assertThat(p[a]).as("%s: chosen action had positive probability", spec).isPositive();
          }
        }
      }
    }
  }

  @Test
  void epsilonGreedyExploresUniformlyOverTheValidActionsOnly() {
    // state 0 allows 2 of 10 actions (max_bias's A): LEFT's floor is ε/2, not ε/10
    int[] valid = {2, 10};
    ActionSelector sel = ActionSelector.create(ExplorationSpec.epsilonGreedy(0.1), 2, 10, valid);
    double[] q = new double[20];
    Arrays.fill(q, POISON);
    q[0] = 0.0; // RIGHT greedy
    q[1] = -0.5; // LEFT
    double[] p = new double[10];
    sel.probabilities(q, 0, 0, p);
    assertThat(p).containsExactly(new double[] {0.95, 0.05, 0, 0, 0, 0, 0, 0, 0, 0}, within(1e-15));
    SplittableRandom rng = new SplittableRandom(3);
    int n = 200_000;
    double[] f = new double[10];
    for (int i = 0; i < n; i++) {
      f[sel.select(q, 0, 0, rng)] += 1.0 / n;
    }
    assertThat(f).containsExactly(p, within(0.003));
    // a tie between the two valid actions splits the greedy mass between them only
    q[1] = 0.0;
    sel.probabilities(q, 0, 0, p);
    assertThat(p).containsExactly(new double[] {0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0}, within(1e-15));
  }

  @Test
  void softmaxNormalisesOverTheValidActionsOnly() {
    int[] valid = {3};
    ActionSelector sel = ActionSelector.create(new ExplorationSpec.Softmax(Schedule.constant(1.0)), 1, 5, valid);
    double[] q = {0, Math.log(2), Math.log(5), POISON, POISON};
    double[] p = new double[5];
    sel.probabilities(q, 0, 0, p);
    assertThat(p).containsExactly(new double[] {0.125, 0.25, 0.625, 0, 0}, within(1e-12));
    SplittableRandom rng = new SplittableRandom(9);
    int n = 200_000;
    double[] f = new double[5];
    for (int i = 0; i < n; i++) {
      f[sel.select(q, 0, 0, rng)] += 1.0 / n;
    }
    assertThat(f).containsExactly(p, within(0.004));
  }

  @Test
  void ucbTriesEveryValidActionOnceAndNeverAnInvalidOne() {
    int[] valid = {3, 1, 4};
    UcbSelector sel = (UcbSelector) ActionSelector.create(new ExplorationSpec.Ucb(1.0), 3, 4, valid);
    double[] q = new double[12];
    Arrays.fill(q, POISON);
    SplittableRandom rng = new SplittableRandom(2);
    for (int s = 0; s < 3; s++) {
      for (int a = 0; a < valid[s]; a++) {
        q[s * 4 + a] = 0.1 * a;
      }
      boolean[] seen = new boolean[4];
      for (int i = 0; i < valid[s]; i++) { // the first valid[s] picks are the untried valid actions, each once
        int a = sel.select(q, s * 4, s, rng);
        assertThat(seen[a]).isFalse();
        seen[a] = true;
      }
      for (int i = 0; i < 50; i++) {
        assertThat(sel.select(q, s * 4, s, rng)).isLessThan(valid[s]);
      }
      for (int a = valid[s]; a < 4; a++) {
        assertThat(sel.visits(s, a)).as("invalid (%d, %d)", s, a).isZero();
      }
    }
  }

  @Test
  void createRejectsMalformedActionSets() {
    ExplorationSpec eps = ExplorationSpec.epsilonGreedy(0.1);
    assertThatThrownBy(() -> ActionSelector.create(eps, 2, 3, new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validActions: length 1 does not match numStates 2");
    assertThatThrownBy(() -> ActionSelector.create(eps, 2, 3, new int[] {1, 0}))
        .hasMessage("validActions: 0 of state 1 is outside [1, 3]");
    assertThatThrownBy(() -> ActionSelector.create(eps, 2, 3, new int[] {4, 1}))
        .hasMessage("validActions: 4 of state 0 is outside [1, 3]");
  }
}
