package io.qsweep.env.toytext;

/** Shared rendering of a per-cell policy as a grid of arrows for the grid worlds. */
final class GridText {
  private GridText() {
  }

  /**
   * Renders one symbol per cell, row by row; {@code cellSymbol} gives the symbol of a cell index, or {@code null} to
   * use {@code arrows[action]}.
   */
  static String render(int rows, int cols, int[] actionPerCell, String[] arrows,
      java.util.function.IntFunction<String> cellSymbol) {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int s = r * cols + c;
        String sym = cellSymbol.apply(s);
        sb.append(sym != null ? sym : arrows[actionPerCell[s]]);
        if (c < cols - 1) {
          sb.append(' ');
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
