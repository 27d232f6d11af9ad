package io.qsweep.reward;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry of reward designs: the built-in ones by name and user files by path.
 *
 * <h2>Design files</h2>
 * A design is a YAML mapping; its name is the file name without {@code .yaml}:
 * <pre>
 * env: melody                     # required: melody or arrangement
 * description: Dense music theory # optional
 * terms:                          # required, at least one nonzero weight
 *   in_key: 2
 *   chord_tone: 1
 * </pre>
 * The terms of each environment are documented in {@link MelodyRules} and {@link ArrangementTerms}. Errors name the
 * file and the field, e.g. {@code theory.yaml: terms.step_motion: unknown term for melody; allowed: ...} or
 * {@code theory.yaml: terms.in_key: 'abc' is not a number}.
 *
 * <h2>Built-in designs</h2>
 * The files of the repository's {@code conf/rewards/} directory, packaged in the jar under {@value #RESOURCE_DIR}
 * and loaded from the classpath (so Spark executors need no shared file system).
 *
 * <h2>Selecting a design</h2>
 * Every music environment takes the env param {@value #PARAM}: a built-in design's name, or a path to a design file
 * (any value ending in {@code .yaml} / {@code .yml} or containing a path separator). See {@link #resolve}.
 */
public final class RewardDesigns {
  /** The env param that selects a design. */
  public static final String PARAM = "reward";
  /** Where built-in designs live on the classpath. */
  public static final String RESOURCE_DIR = "qsweep/rewards";
  /** The environments that have reward terms. */
  public static final List<String> MUSIC_ENVS = List.of("melody", "arrangement");

  private static volatile SortedMap<String, RewardDesign> builtins;

  private RewardDesigns() {
  }

  /** The reward terms of a music environment. */
  public static List<RewardTerm> catalog(String env) {
    switch (env) {
      case "melody":
        return MelodyRules.TERMS;
      case "arrangement":
        return ArrangementTerms.TERMS;
      default:
        throw new IllegalArgumentException("env: '" + env + "' is not one of " + String.join(", ", MUSIC_ENVS));
    }
  }

  /** Every built-in design by name (loaded once from the classpath). */
  public static SortedMap<String, RewardDesign> builtins() {
    SortedMap<String, RewardDesign> b = builtins;
    if (b == null) {
      synchronized (RewardDesigns.class) {
        b = builtins;
        if (b == null) {
          TreeMap<String, RewardDesign> m = new TreeMap<>();
          for (String file : ConfResources.yamlFiles(RESOURCE_DIR)) {
            String name = file.substring(0, file.length() - ".yaml".length());
            m.put(name, parse(file, name, ConfResources.read(RESOURCE_DIR + "/" + file)));
          }
          if (m.isEmpty()) {
            throw new IllegalStateException("no built-in reward designs found in classpath:" + RESOURCE_DIR
                + " (is conf/rewards packaged into the jar?)");
          }
          b = Collections.unmodifiableSortedMap(m);
          builtins = b;
        }
      }
    }
    return b;
  }

  /** The names of the built-in designs for {@code env}, sorted. */
  public static SortedSet<String> names(String env) {
    SortedSet<String> names = new TreeSet<>();
    builtins().forEach((n, d) -> {
      if (d.env().equals(env)) {
        names.add(n);
      }
    });
    return names;
  }

  /** A built-in design by name. */
  public static RewardDesign builtin(String name) {
    RewardDesign d = builtins().get(name);
    if (d == null) {
      throw new IllegalArgumentException("reward design '" + name + "' is not one of "
          + String.join(", ", builtins().keySet()));
    }
    return d;
  }

  /** Reads a design file; its name is the file name without the extension. */
  public static RewardDesign load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read reward design " + file, e);
    }
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    return parse(file.toString(), dot > 0 ? fileName.substring(0, dot) : fileName, text);
  }

  /**
   * Parses a design.
   *
   * @param source the file name for error messages
   * @param name   the design's name
   */
  public static RewardDesign parse(String source, String name, String yaml) {
    JsonNode root = YamlSupport.parseMapping(source, yaml);
    YamlSupport.requireFields(source, "", root, Set.of("env", "description", "terms"));
    String env = YamlSupport.text(source, "env", root.get("env"), null);
    if (env == null) {
      throw new IllegalArgumentException(source + ": env: is missing; allowed: " + String.join(", ", MUSIC_ENVS));
    }
    String description = YamlSupport.text(source, "description", root.get("description"), "");
    JsonNode termsNode = root.get("terms");
    if (termsNode == null || termsNode.isNull()) {
      throw new IllegalArgumentException(source + ": terms: is missing; a design needs at least one term");
    }
    YamlSupport.mapping(source, "terms", termsNode);
    Map<String, Double> terms = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : termsNode.properties()) {
      terms.put(e.getKey(), YamlSupport.number(source, "terms." + e.getKey(), e.getValue()));
    }
    try {
      return new RewardDesign(name, env, description, terms);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Resolves the env param {@value #PARAM} of environment {@code env}: a built-in design's name or a path to a design
   * file. Errors start with {@code env param 'reward':} and list the built-in designs of {@code env}.
   */
  public static RewardDesign resolve(String env, String nameOrPath) {
    String prefix = "env param '" + PARAM + "': ";
    RewardDesign design;
    if (looksLikePath(nameOrPath)) {
      Path file = Paths.get(nameOrPath);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(prefix + "file '" + nameOrPath + "' does not exist");
      }
      try {
        design = load(file);
      } catch (IllegalArgumentException | UncheckedIOException e) {
        throw new IllegalArgumentException(prefix + e.getMessage(), e);
      }
    } else {
      design = builtins().get(nameOrPath);
      if (design == null) {
        throw new IllegalArgumentException(prefix + "'" + nameOrPath + "' is not one of "
            + String.join(", ", names(env)) + " (the " + env + " designs), nor a path to a .yaml file");
      }
    }
    if (!design.env().equals(env)) {
      throw new IllegalArgumentException(prefix + "design '" + design.name() + "' is for " + design.env()
          + ", not " + env + "; " + env + " designs: " + String.join(", ", names(env)));
    }
    return design;
  }

  /** Whether an env param value names a file rather than a built-in. */
  public static boolean looksLikePath(String value) {
    return value.endsWith(".yaml") || value.endsWith(".yml") || value.indexOf('/') >= 0
        || value.indexOf(java.io.File.separatorChar) >= 0;
  }
}
