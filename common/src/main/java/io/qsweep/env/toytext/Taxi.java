package io.qsweep.env.toytext;

import io.qsweep.env.Step;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TransitionModel;

/**
 * The taxi problem (Dietterich 2000), identical to Gymnasium 1.x {@code Taxi-v3} (= {@code Taxi-v4} without the rainy
 * and fickle-passenger options, which are not supported here).
 *
 * <p><b>Map</b> (5×5, {@code |} is a wall, {@code :} a passable border):
 * <pre>
 * +---------+
 * |R: | : :G|
 * | : | : : |
 * | : : : : |
 * | | : | : |
 * |Y| : |B: |
 * +---------+
 * </pre>
 * Pick-up/drop-off locations: R (0,0), G (0,4), Y (4,0), B (4,3), indexed 0–3.
 *
 * <p><b>State</b>: {@code ((taxiRow * 5 + taxiCol) * 5 + passenger) * 4 + destination}, 500 states; passenger
 * 0–3 = waiting at that location, 4 = in the taxi; destination 0–3.
 *
 * <p><b>Actions</b>: {@code SOUTH=0, NORTH=1, EAST=2, WEST=3, PICKUP=4, DROPOFF=5}. Moves into the outer border or a
 * wall leave the taxi where it is.
 *
 * <p><b>Rewards</b>: −1 per step; +20 for dropping the passenger at the destination (ends the episode); −10 for a
 * pick-up where the passenger is not, or a drop-off with no passenger aboard or away from the four locations.
 * Dropping the passenger at one of the other three locations leaves them waiting there (reward −1), as in
 * Gymnasium.
 *
 * <p><b>Episode end</b>: terminated by the successful drop-off; the registry's time limit is 200 steps. Start:
 * uniform over the 300 states whose passenger is waiting (not in the taxi) at a location other than the destination.
 */
public final class Taxi extends TabularEnv {
  public static final int SOUTH = 0;
  public static final int NORTH = 1;
  public static final int EAST = 2;
  public static final int WEST = 3;
  public static final int PICKUP = 4;
  public static final int DROPOFF = 5;
  public static final int IN_TAXI = 4;
  static final String[] MAP = {
      "+---------+",
      "|R: | : :G|",
      "| : | : : |",
      "| : : : : |",
      "| | : | : |",
      "|Y| : |B: |",
      "+---------+",
  };
  private static final int[][] LOCS = {{0, 0}, {0, 4}, {4, 0}, {4, 3}};
  private static final String[] NAMES = {"SOUTH", "NORTH", "EAST", "WEST", "PICKUP", "DROPOFF"};
  private static final String[] ARROWS = {"↓", "↑", "→", "←", "P", "D"};
  private static final String LOC_NAMES = "RGYB";

  public Taxi() {
    super("taxi", buildModel());
  }

  public static int encode(int row, int col, int passenger, int destination) {
    return ((row * 5 + col) * 5 + passenger) * 4 + destination;
  }

  /** Decodes a state into {row, col, passenger, destination}. */
  public static int[] decode(int s) {
    return new int[] {s / 100, (s / 20) % 5, (s / 4) % 5, s % 4};
  }

  private static int locationAt(int row, int col) {
    for (int i = 0; i < LOCS.length; i++) {
      if (LOCS[i][0] == row && LOCS[i][1] == col) {
        return i;
      }
    }
    return -1;
  }

  private static TransitionModel buildModel() {
    TransitionModel.Builder b = TransitionModel.builder(500, 6);
    for (int row = 0; row < 5; row++) {
      for (int col = 0; col < 5; col++) {
        for (int pass = 0; pass < 5; pass++) {
          for (int dest = 0; dest < 4; dest++) {
            int s = encode(row, col, pass, dest);
            if (pass < 4 && pass != dest) {
              b.initial(s, 1.0 / 300);
            }
            int here = locationAt(row, col);
            for (int a = 0; a < 6; a++) {
              int nr = row;
              int nc = col;
              int np = pass;
              double r = -1;
              boolean done = false;
              switch (a) {
                case SOUTH:
                  nr = Math.min(row + 1, 4);
                  break;
                case NORTH:
                  nr = Math.max(row - 1, 0);
                  break;
                case EAST:
                  if (MAP[1 + row].charAt(2 * col + 2) == ':') {
                    nc = col + 1;
                  }
                  break;
                case WEST:
                  if (MAP[1 + row].charAt(2 * col) == ':') {
                    nc = col - 1;
                  }
                  break;
                case PICKUP:
                  if (pass < 4 && here == pass) {
                    np = IN_TAXI;
                  } else {
                    r = -10;
                  }
                  break;
                default: // DROPOFF
                  if (pass == IN_TAXI && here == dest) {
                    np = dest;
                    r = 20;
                    done = true;
                  } else if (pass == IN_TAXI && here >= 0) {
                    np = here;
                  } else {
                    r = -10;
                  }
                  break;
              }
              b.outcome(s, a, 1.0, encode(nr, nc, np, dest), r, done);
            }
          }
        }
      }
    }
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

  /**
   * One 5×5 grid per (passenger, destination) pair with the passenger waiting or aboard: arrows for moves, {@code P}
   * pick-up, {@code D} drop-off.
   */
  @Override
  public String renderPolicy(int[] actionPerState) {
    StringBuilder sb = new StringBuilder();
    for (int pass = 0; pass < 5; pass++) {
      for (int dest = 0; dest < 4; dest++) {
        if (pass == dest) {
          continue;
        }
        sb.append("passenger ").append(pass == IN_TAXI ? "in taxi" : "at " + LOC_NAMES.charAt(pass))
            .append(", destination ").append(LOC_NAMES.charAt(dest)).append('\n');
        for (int row = 0; row < 5; row++) {
          for (int col = 0; col < 5; col++) {
            sb.append(ARROWS[actionPerState[encode(row, col, pass, dest)]]).append(col < 4 ? " " : "\n");
          }
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }
}
