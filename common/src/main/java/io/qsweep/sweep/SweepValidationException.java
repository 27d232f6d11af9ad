package io.qsweep.sweep;

import java.util.List;

/**
 * A sweep file that cannot be used. Carries <em>every</em> problem found, each prefixed with its YAML path (e.g.
 * {@code grid.gamma[2]: 1.5 is outside [0, 1]}), or with {@code line L, column C} for a YAML syntax error.
 */
public final class SweepValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final List<String> problems;

  public SweepValidationException(String source, List<String> problems) {
    super(message(source, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a SweepValidationException needs at least one problem");
    }
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  private static String message(String source, List<String> problems) {
    StringBuilder sb = new StringBuilder(source).append(": ").append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems");
    for (String p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }

  /** The name the sweep was parsed under (usually its path). */
  public String source() {
    return source;
  }

  /** Every problem found, in the order found, each starting with its YAML path. */
  public List<String> problems() {
    return problems;
  }
}
