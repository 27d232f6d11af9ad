package io.qsweep.env.music;

import com.fasterxml.jackson.databind.JsonNode;
import io.qsweep.reward.ConfResources;
import io.qsweep.reward.RewardDesigns;
import io.qsweep.reward.YamlSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A listener-preference model for the {@code arrangement} environment: how much a listener likes each option of each
 * decision ({@link Arrangement#DECISIONS}, {@link Arrangement#OPTIONS}) and how well each pair of options from two
 * different decisions go together. The rating of a song is
 * {@code sum over decisions of choice[d][o_d] + sum over pairs d1 < d2 of compat(d1, o_d1, d2, o_d2)}; a partial
 * song (its first {@code k} decisions) is rated by the same sums over the decided options only.
 *
 * <h2>File format</h2>
 * <pre>
 * description: what this listener likes   # optional
 * choices:                                # per decision, per option; options not listed score 0
 *   progression: { I-V-vi-IV: 1.0, ii-V-I-vi: 0.4 }
 *   melody: { stepwise: 0.8 }
 * compatibility:                          # "decision.option + decision.option": score; pairs not listed are 0
 *   progression.ii-V-I-vi + melody.stepwise: 1.5
 * </pre>
 * Built-in listeners are the files of {@code conf/listeners/}, packaged under {@value #RESOURCE_DIR}; the default is
 * {@code conf/listeners/default.yaml}. Errors name the file and the field, e.g.
 * {@code default.yaml: choices.melody.jazzy: unknown option; allowed: arpeggio, long_tones, riff, stepwise}.
 */
public final class ListenerModel {
  /** Where built-in listeners live on the classpath. */
  public static final String RESOURCE_DIR = "qsweep/listeners";
  /** The built-in listener used when none is given. */
  public static final String DEFAULT = "default";
  /** The env param that selects a listener. */
  public static final String PARAM = "listener";

  private static final int D = Arrangement.DECISIONS.size();

  private final String name;
  private final String description;
  private final double[][] choice;
  private final double[][][][] compat;

  private ListenerModel(String name, String description, double[][] choice, double[][][][] compat) {
    this.name = name;
    this.description = description;
    this.choice = choice;
    this.compat = compat;
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** The listener's score for option {@code o} of decision {@code d}. */
  public double choiceScore(int d, int o) {
    return choice[d][o];
  }

  /** How well option {@code o1} of decision {@code d1} goes with option {@code o2} of decision {@code d2}. */
  public double compatibility(int d1, int o1, int d2, int o2) {
    if (d1 == d2) {
      throw new IllegalArgumentException("compatibility needs two different decisions, got " + d1 + " twice");
    }
    return compat[d1][d2][o1][o2];
  }

  /** The increment of decision {@code k}: its option's score plus its compatibility with decisions {@code 0..k-1}. */
  public double increment(int[] options, int k) {
    double r = choice[k][options[k]];
    for (int j = 0; j < k; j++) {
      r += compat[j][k][options[j]][options[k]];
    }
    return r;
  }

  /** The rating of the first {@code decided} decisions of {@code options} ({@code 0 .. 5}). */
  public double rating(int[] options, int decided) {
    double r = 0;
    for (int k = 0; k < decided; k++) {
      r += increment(options, k);
    }
    return r;
  }

  /** The rating of a complete song (one option per decision). */
  public double rating(int[] options) {
    checkSong(options);
    return rating(options, D);
  }

  /**
   * The rating of a complete song broken into its 15 parts: one entry per decision (its option's score, keyed by
   * the decision's name) and one per pair of decisions (their options' compatibility, keyed {@code d1+d2}).
   */
  public LinkedHashMap<String, Double> breakdown(int[] options) {
    checkSong(options);
    LinkedHashMap<String, Double> parts = new LinkedHashMap<>();
    for (int d = 0; d < D; d++) {
      parts.put(Arrangement.DECISIONS.get(d), choice[d][options[d]]);
    }
    for (int d1 = 0; d1 < D; d1++) {
      for (int d2 = d1 + 1; d2 < D; d2++) {
        parts.put(Arrangement.DECISIONS.get(d1) + "+" + Arrangement.DECISIONS.get(d2),
            compat[d1][d2][options[d1]][options[d2]]);
      }
    }
    return parts;
  }

  private static void checkSong(int[] options) {
    if (options.length != D) {
      throw new IllegalArgumentException("a song has " + D + " options, got " + options.length);
    }
    for (int d = 0; d < D; d++) {
      int n = Arrangement.OPTIONS.get(d).size();
      if (options[d] < 0 || options[d] >= n) {
        throw new IllegalArgumentException(Arrangement.DECISIONS.get(d) + ": option " + options[d]
            + " is outside [0, " + (n - 1) + "]");
      }
    }
  }

  /** The names of the built-in listeners. */
  public static SortedSet<String> names() {
    SortedSet<String> names = new TreeSet<>();
    for (String f : ConfResources.yamlFiles(RESOURCE_DIR)) {
      names.add(f.substring(0, f.length() - ".yaml".length()));
    }
    return names;
  }

  /** A built-in listener by name. */
  public static ListenerModel builtin(String name) {
    String text = ConfResources.read(RESOURCE_DIR + "/" + name + ".yaml");
    if (text == null || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("listener '" + name + "' is not one of " + String.join(", ", names()));
    }
    return parse(name + ".yaml", name, text);
  }

  /** Reads a listener file; its name is the file name without the extension. */
  public static ListenerModel load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read listener model " + file, e);
    }
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    return parse(file.toString(), dot > 0 ? fileName.substring(0, dot) : fileName, text);
  }

  /**
   * Resolves the env param {@value #PARAM}: a built-in listener's name or a path to a listener file (a value ending in
   * {@code .yaml}/{@code .yml} or containing a path separator). Errors start with {@code env param 'listener':}.
   */
  public static ListenerModel resolve(String nameOrPath) {
    String prefix = "env param '" + PARAM + "': ";
    try {
      if (RewardDesigns.looksLikePath(nameOrPath)) {
        Path file = Paths.get(nameOrPath);
        if (!Files.isRegularFile(file)) {
          throw new IllegalArgumentException("file '" + nameOrPath + "' does not exist");
        }
        return load(file);
      }
      if (!names().contains(nameOrPath)) {
        throw new IllegalArgumentException("'" + nameOrPath + "' is not one of " + String.join(", ", names())
            + ", nor a path to a .yaml file");
      }
      return builtin(nameOrPath);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new IllegalArgumentException(prefix + e.getMessage(), e);
    }
  }

  /**
   * Parses a listener model.
   *
   * @param source the file name for error messages
   */
  public static ListenerModel parse(String source, String name, String yaml) {
    JsonNode root = YamlSupport.parseMapping(source, yaml);
    YamlSupport.requireFields(source, "", root, Set.of("description", "choices", "compatibility"));
    String description = YamlSupport.text(source, "description", root.get("description"), "");
    double[][] choice = new double[D][];
    for (int d = 0; d < D; d++) {
      choice[d] = new double[Arrangement.OPTIONS.get(d).size()];
    }
    JsonNode choices = root.get("choices");
    if (choices != null && !choices.isNull()) {
      YamlSupport.mapping(source, "choices", choices);
      YamlSupport.requireFields(source, "choices.", choices, Set.copyOf(Arrangement.DECISIONS));
      for (Map.Entry<String, JsonNode> e : choices.properties()) {
        int d = Arrangement.DECISIONS.indexOf(e.getKey());
        String field = "choices." + e.getKey();
        YamlSupport.mapping(source, field, e.getValue());
        List<String> options = Arrangement.OPTIONS.get(d);
        YamlSupport.requireFields(source, field + ".", e.getValue(), Set.copyOf(options));
        for (Map.Entry<String, JsonNode> o : e.getValue().properties()) {
          choice[d][options.indexOf(o.getKey())] =
              YamlSupport.number(source, field + "." + o.getKey(), o.getValue());
        }
      }
    }
    double[][][][] compat = new double[D][D][][];
    for (int d1 = 0; d1 < D; d1++) {
      for (int d2 = 0; d2 < D; d2++) {
        compat[d1][d2] = new double[Arrangement.OPTIONS.get(d1).size()][Arrangement.OPTIONS.get(d2).size()];
      }
    }
    JsonNode pairs = root.get("compatibility");
    if (pairs != null && !pairs.isNull()) {
      YamlSupport.mapping(source, "compatibility", pairs);
      Set<String> seen = new TreeSet<>();
      for (Map.Entry<String, JsonNode> e : pairs.properties()) {
        String field = "compatibility." + e.getKey();
        String[] sides = e.getKey().split("\\+");
        if (sides.length != 2) {
          throw new IllegalArgumentException(source + ": " + field
              + ": expected 'decision.option + decision.option'");
        }
        int[] a = option(source, field, sides[0].trim());
        int[] b = option(source, field, sides[1].trim());
        if (a[0] == b[0]) {
          throw new IllegalArgumentException(source + ": " + field + ": both options belong to decision '"
              + Arrangement.DECISIONS.get(a[0]) + "'; a compatibility pairs two different decisions");
        }
        String canonical = a[0] < b[0] ? a[0] + "." + a[1] + "+" + b[0] + "." + b[1]
            : b[0] + "." + b[1] + "+" + a[0] + "." + a[1];
        if (!seen.add(canonical)) {
          throw new IllegalArgumentException(source + ": " + field + ": this pair is given twice");
        }
        double v = YamlSupport.number(source, field, e.getValue());
        compat[a[0]][b[0]][a[1]][b[1]] = v;
        compat[b[0]][a[0]][b[1]][a[1]] = v;
      }
    }
    return new ListenerModel(name, description, choice, compat);
  }

  private static int[] option(String source, String field, String side) {
    int dot = side.indexOf('.');
    String decision = dot < 0 ? side : side.substring(0, dot);
    int d = Arrangement.DECISIONS.indexOf(decision);
    if (dot < 0 || d < 0) {
      throw new IllegalArgumentException(source + ": " + field + ": '" + side
          + "' is not decision.option; decisions: " + String.join(", ", Arrangement.DECISIONS));
    }
    String opt = side.substring(dot + 1);
    int o = Arrangement.OPTIONS.get(d).indexOf(opt);
    if (o < 0) {
      throw new IllegalArgumentException(source + ": " + field + ": '" + opt + "' is not an option of " + decision
          + "; allowed: " + String.join(", ", new TreeSet<>(Arrangement.OPTIONS.get(d))));
    }
    return new int[] {d, o};
  }
}
