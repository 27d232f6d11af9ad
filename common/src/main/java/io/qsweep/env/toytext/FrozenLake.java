package io.qsweep.env.toytext;

import io.qsweep.env.Step;
import io.qsweep.env.TabularEnv;
import io.qsweep.env.TransitionModel;
import java.util.List;

/**
 * Frozen lake, identical to Gymnasium 1.x {@code FrozenLake-v1} / {@code FrozenLake8x8-v1}.
 *
 * <p><b>Map</b>: rows of {@code S} (start, frozen), {@code F} (frozen), {@code H} (hole), {@code G} (goal). Built-in
 * maps: {@code 4x4} = {@code SFFF FHFH FFFH HFFG}; {@code 8x8} = {@code SFFFFFFF FFFFFFFF FFFHFFFF FFFFFHFF FFFHFFFF
 * FHHFFFHF FHFFHFHF FFFHFFFG}; or a custom map given as rows separated by {@code /} (e.g. {@code SFF/FHF/FFG}).
 * State {@code row * ncol + col}.
 *
 * <p><b>Actions</b>: {@code LEFT=0, DOWN=1, RIGHT=2, UP=3}; moving off the map leaves the position unchanged.
 * Slippery (default): the agent moves in direction {@code (a−1) mod 4}, {@code a}, {@code (a+1) mod 4} with
 * probabilities {@code (1−p)/2, p, (1−p)/2}, {@code p = success_rate} (default 1/3, i.e. 1/3 each).
 *
 * <p><b>Rewards</b>: 1 on reaching {@code G}, 0 otherwise.
 *
 * <p><b>Episode end</b>: terminated on entering {@code H} or {@code G}; the registry's time limit is 100 steps for
 * 4x4 and custom maps and 200 for 8x8, as in Gymnasium's registrations. From {@code H}/{@code G} every action stays
 * put with reward 0 and is terminal (Gymnasium's model does the same). Start: uniform over the {@code S} cells.
 *
 * <p>Optimal success probability within the time limit (γ = 1): ≈ 0.74 (4x4), ≈ 0.91 (8x8).
 */
public final class FrozenLake extends TabularEnv {
  public static final int LEFT = 0;
  public static final int DOWN = 1;
  public static final int RIGHT = 2;
  public static final int UP = 3;
  public static final List<String> MAP_4X4 = List.of("SFFF", "FHFH", "FFFH", "HFFG");
  public static final List<String> MAP_8X8 = List.of("SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF",
      "FHHFFFHF", "FHFFHFHF", "FFFHFFFG");
  private static final String[] NAMES = {"LEFT", "DOWN", "RIGHT", "UP"};
  private static final String[] ARROWS = {"←", "↓", "→", "↑"};

  private final char[] cells;
  private final int nrow;
  private final int ncol;

  public FrozenLake(List<String> map, boolean slippery, double successRate) {
    super("frozen_lake", buildModel(checkMap(map), slippery, successRate));
    this.nrow = map.size();
    this.ncol = map.get(0).length();
    this.cells = String.join("", map).toCharArray();
  }

  /** Parses the {@code map} env param: {@code 4x4}, {@code 8x8} or rows separated by {@code /}. */
  public static List<String> parseMap(String map) {
    switch (map) {
      case "4x4":
        return MAP_4X4;
      case "8x8":
        return MAP_8X8;
      default:
        return List.of(map.split("/"));
    }
  }

  private static List<String> checkMap(List<String> map) {
    if (map.isEmpty() || map.get(0).isEmpty()) {
      throw new IllegalArgumentException("env param 'map': empty map; allowed: 4x4, 8x8, or rows like SFF/FHF/FFG");
    }
    int width = map.get(0).length();
    boolean hasStart = false;
    for (String row : map) {
      if (row.length() != width) {
        throw new IllegalArgumentException("env param 'map': rows differ in length ('" + String.join("/", map)
            + "'); allowed: 4x4, 8x8, or equal-length rows of S, F, H, G separated by /");
      }
      for (char ch : row.toCharArray()) {
        if ("SFHG".indexOf(ch) < 0) {
          throw new IllegalArgumentException("env param 'map': '" + ch + "' is not one of S, F, H, G (in '"
              + String.join("/", map) + "'); allowed: 4x4, 8x8, or rows like SFF/FHF/FFG");
        }
        hasStart |= ch == 'S';
      }
    }
    if (!hasStart) {
      throw new IllegalArgumentException("env param 'map': '" + String.join("/", map) + "' has no start cell S");
    }
    return map;
  }

  private static TransitionModel buildModel(List<String> map, boolean slippery, double successRate) {
    if (!(successRate >= 0 && successRate <= 1)) {
      throw new IllegalArgumentException("env param 'success_rate': " + successRate + " is outside [0, 1]");
    }
    int nrow = map.size();
    int ncol = map.get(0).length();
    TransitionModel.Builder b = TransitionModel.builder(nrow * ncol, 4);
    double failRate = (1.0 - successRate) / 2.0;
    int starts = 0;
    for (int r = 0; r < nrow; r++) {
      for (int c = 0; c < ncol; c++) {
        int s = r * ncol + c;
        char here = map.get(r).charAt(c);
        starts += here == 'S' ? 1 : 0;
        for (int a = 0; a < 4; a++) {
          if (here == 'H' || here == 'G') {
            b.outcome(s, a, 1.0, s, 0.0, true);
            continue;
          }
          if (slippery) {
            for (int d : new int[] {(a + 3) % 4, a, (a + 1) % 4}) {
              addMove(b, map, s, a, d, d == a ? successRate : failRate);
            }
          } else {
            addMove(b, map, s, a, a, 1.0);
          }
        }
      }
    }
    for (int r = 0; r < nrow; r++) {
      for (int c = 0; c < ncol; c++) {
        if (map.get(r).charAt(c) == 'S') {
          b.initial(r * ncol + c, 1.0 / starts);
        }
      }
    }
    return b.build();
  }

  private static void addMove(TransitionModel.Builder b, List<String> map, int s, int a, int dir, double p) {
    int ncol = map.get(0).length();
    int r = s / ncol;
    int c = s % ncol;
    switch (dir) {
      case LEFT:
        c = Math.max(c - 1, 0);
        break;
      case DOWN:
        r = Math.min(r + 1, map.size() - 1);
        break;
      case RIGHT:
        c = Math.min(c + 1, ncol - 1);
        break;
      default:
        r = Math.max(r - 1, 0);
        break;
    }
    char to = map.get(r).charAt(c);
    b.outcome(s, a, p, r * ncol + c, to == 'G' ? 1.0 : 0.0, to == 'G' || to == 'H');
  }

  public int rows() {
    return nrow;
  }

  public int cols() {
    return ncol;
  }

  /** The map letter of state {@code s}. */
  public char cell(int s) {
    return cells[s];
  }

  @Override
  public boolean hasGoal() {
    return true;
  }

  @Override
  public boolean reachedGoal(Step last) {
    return last.terminated && cells[last.state] == 'G';
  }

  @Override
  public String actionName(int action) {
    return NAMES[action];
  }

  /** Arrows on frozen cells; holes and the goal keep their letters. */
  @Override
  public String renderPolicy(int[] actionPerState) {
    return GridText.render(nrow, ncol, actionPerState, ARROWS,
        s -> cells[s] == 'H' || cells[s] == 'G' ? String.valueOf(cells[s]) : null);
  }
}
