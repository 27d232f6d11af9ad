package io.qsweep.table;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Q-table as CSV, for spreadsheets and {@code pandas.read_csv}: a header {@code state,a0,a1,...} (or
 * {@code state,} followed by the environment's action names), then one row per state in order,
 * {@code s,Q(s,0),Q(s,1),...}, lines ended by {@code '\n'}. Every row has every action, also for an environment whose
 * states allow fewer (an action mask): the columns of a state's invalid actions hold the table's initial value (see
 * {@link QTable}).
 *
 * <p>Values are printed with {@link Double#toString(double)}, which prints as many digits as needed to identify the
 * double uniquely, so that parsing gives back exactly the same value ({@code -0.0}, {@code Infinity},
 * {@code -Infinity} and {@code NaN} included; NumPy and pandas read these spellings). Reading also accepts Python's
 * {@code inf}, {@code -inf} and {@code nan} (any case). Header names containing a comma or a double quote are quoted
 * as in RFC 4180. A malformed file is a {@link TableFormatException} naming the line and the problem.
 */
public final class CsvIO {
  private CsvIO() {
  }

  /**
   * A Q-table read from CSV.
   *
   * @param actionNames the header's action columns
   * @param numStates   rows
   * @param numActions  columns after {@code state}
   * @param values      {@code Q(s, a)} at index {@code s * numActions + a}
   */
  public record Table(List<String> actionNames, int numStates, int numActions, double[] values) {
  }

  /** The default action column names {@code a0 .. a(n-1)}. */
  public static List<String> defaultActionNames(int numActions) {
    List<String> names = new ArrayList<>(numActions);
    for (int a = 0; a < numActions; a++) {
      names.add("a" + a);
    }
    return names;
  }

  public static void write(Path path, double[] values, int numStates, int numActions, List<String> actionNames)
      throws IOException {
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(w, values, numStates, numActions, actionNames);
    }
  }

  /**
   * Writes the table to {@code out} (left open, flushed).
   *
   * @param actionNames column names, one per action, distinct and without line breaks; {@code null} for
   *                    {@code a0, a1, ...}
   */
  public static void write(Writer out, double[] values, int numStates, int numActions, List<String> actionNames)
      throws IOException {
    if (numStates < 1) {
      throw new IllegalArgumentException("numStates: " + numStates + " must be >= 1");
    }
    if (numActions < 1) {
      throw new IllegalArgumentException("numActions: " + numActions + " must be >= 1");
    }
    if (values == null || values.length != (long) numStates * numActions) {
      throw new IllegalArgumentException("values: length " + (values == null ? "null" : values.length)
          + " does not match numStates × numActions = " + numStates + " × " + numActions);
    }
    List<String> names = actionNames == null ? defaultActionNames(numActions) : actionNames;
    checkNames(names, numActions);
    BufferedWriter w = out instanceof BufferedWriter ? (BufferedWriter) out : new BufferedWriter(out);
    StringBuilder line = new StringBuilder(16 * (numActions + 1));
    line.append("state");
    for (String n : names) {
      line.append(',').append(quote(n));
    }
    w.write(line.append('\n').toString());
    for (int s = 0; s < numStates; s++) {
      line.setLength(0);
      line.append(s);
      for (int a = 0; a < numActions; a++) {
        line.append(',').append(values[s * numActions + a]);
      }
      w.write(line.append('\n').toString());
    }
    w.flush();
  }

  public static Table read(Path path) throws IOException {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return read(r, path.toString());
    }
  }

  public static Table read(Reader in) throws IOException {
    return read(in, "csv");
  }

  private static Table read(Reader in, String source) throws IOException {
    BufferedReader r = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
    String headerLine = r.readLine();
    if (headerLine == null) {
      throw new TableFormatException(source + ": empty file; expected a header 'state,a0,a1,...'");
    }
    List<String> header = splitHeader(stripCr(headerLine), source);
    if (header.size() < 2 || !"state".equals(header.get(0))) {
      throw new TableFormatException(source + ": line 1: header '" + headerLine
          + "' does not start with 'state' followed by at least one action column");
    }
    List<String> names = List.copyOf(header.subList(1, header.size()));
    int na = names.size();
    double[] values = new double[64 * na];
    int ns = 0;
    int lineNo = 1;
    String line;
    while ((line = r.readLine()) != null) {
      lineNo++;
      line = stripCr(line);
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != na + 1) {
        throw new TableFormatException(source + ": line " + lineNo + ": expected " + (na + 1)
            + " fields (state + " + na + " actions), found " + f.length);
      }
      if (!f[0].trim().equals(Integer.toString(ns))) {
        throw new TableFormatException(source + ": line " + lineNo + ": state '" + f[0]
            + "' is out of order; expected " + ns);
      }
      if ((ns + 1) * na > values.length) {
        values = java.util.Arrays.copyOf(values, values.length * 2);
      }
      for (int a = 0; a < na; a++) {
        values[ns * na + a] = parse(f[a + 1].trim(), source, lineNo, names.get(a));
      }
      ns++;
    }
    if (ns == 0) {
      throw new TableFormatException(source + ": no state rows after the header");
    }
    return new Table(names, ns, na, java.util.Arrays.copyOf(values, ns * na));
  }

  private static double parse(String t, String source, int lineNo, String column)
      throws TableFormatException {
    switch (t.toLowerCase(java.util.Locale.ROOT)) {
      case "inf":
      case "+inf":
      case "infinity":
      case "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        break;
    }
    try {
      if (t.isEmpty() || t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F")) {
        throw new NumberFormatException(); // Java's parser would accept 1.0d; a CSV number would not have it
      }
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new TableFormatException(source + ": line " + lineNo + ": value '" + t + "' of column '" + column
          + "' is not a number");
    }
  }

  private static void checkNames(List<String> names, int numActions) {
    if (names.size() != numActions) {
      throw new IllegalArgumentException("actionNames: " + names.size() + " names for " + numActions
          + " actions");
    }
    Set<String> seen = new HashSet<>();
    seen.add("state");
    for (String n : names) {
      if (n == null || n.isEmpty() || n.indexOf('\n') >= 0 || n.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("actionNames: '" + n + "' must be non-empty and on one line");
      }
      if (!seen.add(n)) {
        throw new IllegalArgumentException("actionNames: '" + n + "' appears twice (or is 'state')");
      }
    }
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Splits the header line, honouring RFC 4180 double quotes. */
  private static List<String> splitHeader(String line, String source) throws TableFormatException {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new TableFormatException(source + ": line 1: unterminated quote in header");
    }
    out.add(cur.toString());
    return out;
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
