package io.qsweep.env.toytext;

import io.qsweep.env.Step;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TransitionModel;

/**
 * Cliff walking, Sutton &amp; Barto (2018) Example 6.6, identical to Gymnasium 1.x {@code CliffWalking-v1}.
 *
 * <p><b>Grid</b>: 4 rows × 12 columns; state {@code row * 12 + col}. Start 36 (row 3, col 0), goal 47 (row 3,
 * col 11). The cliff is row 3, columns 1–10.
 *
 * <p><b>Actions</b>: {@code UP=0, RIGHT=1, DOWN=2, LEFT=3}. Moving off the grid leaves the position unchanged.
 * With {@code is_slippery=true} the agent moves in direction {@code (a−1) mod 4}, {@code a} or {@code (a+1) mod 4},
 * each with probability 1/3.
 *
 * <p><b>Rewards</b>: −1 per step; stepping into the cliff gives −100 and puts the agent back at the start
 * <em>without</em> ending the episode.
 *
 * <p><b>Episode end</b>: terminated on reaching the goal. No time limit by default (as in Gymnasium's registration);
 * optimal return −13 (13 steps along row 2).
 *
 * <p>The model is written out for every cell, including the unreachable cliff cells and the goal, as Gymnasium's
 * {@code P} is.
 */
public final class CliffWalking extends TabularEnv {
  public static final int ROWS = 4;
  public static final int COLS = 12;
  public static final int START = 36;
  public static final int GOAL = 47;
  public static final int UP = 0;
  public static final int RIGHT = 1;
  public static final int DOWN = 2;
  public static final int LEFT = 3;
  private static final int[] DR = {-1, 0, 1, 0};
  private static final int[] DC = {0, 1, 0, -1};
  private static final String[] NAMES = {"UP", "RIGHT", "DOWN", "LEFT"};
  private static final String[] ARROWS = {"↑", "→", "↓", "←"};

  public CliffWalking(boolean slippery) {
    super("cliff_walking", buildModel(slippery));
  }

  /** Whether {@code s} is a cliff cell. */
  public static boolean isCliff(int s) {
    int r = s / COLS;
    int c = s % COLS;
    return r == ROWS - 1 && c >= 1 && c <= COLS - 2;
  }

  private static TransitionModel buildModel(boolean slippery) {
    TransitionModel.Builder b = TransitionModel.builder(ROWS * COLS, 4);
    for (int s = 0; s < ROWS * COLS; s++) {
      int r = s / COLS;
      int c = s % COLS;
      for (int a = 0; a < 4; a++) {
        int[] dirs = slippery ? new int[] {(a + 3) % 4, a, (a + 1) % 4} : new int[] {a};
        for (int d : dirs) {
          int nr = Math.max(0, Math.min(ROWS - 1, r + DR[d]));
          int nc = Math.max(0, Math.min(COLS - 1, c + DC[d]));
          int ns = nr * COLS + nc;
          double p = 1.0 / dirs.length;
          if (isCliff(ns)) {
            b.outcome(s, a, p, START, -100, false);
          } else {
            b.outcome(s, a, p, ns, -1, ns == GOAL);
          }
        }
      }
    }
    b.initial(START, 1.0);
    return b.build();
  }

  @Override
  public boolean hasGoal() {
    return true;
  }

  @Override
  public boolean reachedGoal(Step last) {
    return last.terminated;
  }

  @Override
  public String actionName(int action) {
    return NAMES[action];
  }

  /** Arrows per cell; {@code C} marks the cliff, {@code G} the goal. */
  @Override
  public String renderPolicy(int[] actionPerState) {
    return GridText.render(ROWS, COLS, actionPerState, ARROWS,
        s -> isCliff(s) ? "C" : s == GOAL ? "G" : null);
  }
}
