package io.qsweep.sweep;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.explore.Schedule;
import io.qsweep.learn.AgentConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a sweep file into a {@link SweepSpec}: walks the YAML tree, collects every problem with its path, then
 * validates against the environment registry, guards the run count and expands the configurations. See
 * {@link SweepSpec} for the format.
 */
final class SweepParser {
  static final List<String> TOP_FIELDS = List.of("name", "seed", "experiment", "env", "replicas", "max_runs", "fixed",
      "grid", "random", "evaluation");
  static final List<String> ENV_FIELDS = List.of("name", "params");
  static final List<String> RANDOM_FIELDS = List.of("samples", "dims");
  static final List<String> EVALUATION_FIELDS = List.of("episodes", "curve_every", "curve_points");
  static final List<String> DISTRIBUTIONS = List.of("uniform", "log_uniform", "choice");
  static final String NAME_RULE = "[A-Za-z0-9][A-Za-z0-9_.-]*";
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  static final long DEFAULT_MAX_RUNS = 100_000;
  static final long MAX_MAX_RUNS = 1_000_000_000;
  static final int MAX_REPLICAS = 1_000_000;
  static final int MAX_SAMPLES = 1_000_000;

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** What the parser needs of the environment registry; tests add their own environments through it. */
  interface EnvCatalog {
    /** The environment names. */
    Set<String> names();

    /** The params {@code name} takes, {@link EnvRegistry#MAX_EPISODE_STEPS} included. */
    Set<String> params(String name);

    /** Builds {@code name} with {@code params}; an {@link IllegalArgumentException} names what is wrong. */
    void make(String name, EnvParams params);
  }

  /** The real registry. */
  static final EnvCatalog REGISTRY = new EnvCatalog() {
    @Override
    public Set<String> names() {
      return EnvRegistry.names();
    }

    @Override
    public Set<String> params(String name) {
      Set<String> p = new HashSet<>(EnvRegistry.entry(name).params());
      p.add(EnvRegistry.MAX_EPISODE_STEPS);
      return p;
    }

    @Override
    public void make(String name, EnvParams params) {
      EnvRegistry.make(name, params);
    }
  };

  private final String source;
  private final EnvCatalog envs;
  private final List<String> problems = new ArrayList<>();

  /** Where each slot (see {@link Dimension#slot()}) was first given, for conflict messages. */
  private final Map<String, SlotUse> slots = new HashMap<>();

  /** The path and dimension name (null for env.params) that first filled a slot. */
  private record SlotUse(String path, String dimension) {
  }

  private SweepParser(String source, EnvCatalog envs) {
    this.source = source;
    this.envs = envs;
  }

  static SweepSpec parse(String yaml, String source, EnvCatalog envs) {
    return new SweepParser(source, envs).run(yaml);
  }

  /** A value of a dimension with the YAML path it came from. */
  private record Located(String path, Dimension.Value value) {
  }

  /** A grid dimension: its path and values. */
  private record GridDim(Dimension dim, String path, List<Located> values) {
  }

  /** A random dimension: its path, distribution and, for choice, the values with their paths. */
  private record RandomDim(Dimension dim, String path, Distribution distribution, List<Located> choices) {
  }

  private void problem(String path, String message) {
    problems.add(path + ": " + message);
  }

  private SweepSpec run(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new SweepValidationException(source, List.of(syntaxError(e)));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new SweepValidationException(source, List.of("(document): the sweep file is empty; required: name, seed,"
          + " env, replicas"));
    }
    if (!root.isObject()) {
      throw new SweepValidationException(source, List.of("(document): expected a mapping with the fields "
          + String.join(", ", TOP_FIELDS) + ", got " + Nodes.describe(root)));
    }
    unknownFields("", root, TOP_FIELDS);

    String name = required(root, "name", "name", "the sweep's name, " + NAME_RULE) == null ? null
        : readName(root);
    Long seed = required(root, "seed", "seed", "the sweep seed, an integer") == null ? null
        : readLong("seed", root.get("seed"), Long.MIN_VALUE, Long.MAX_VALUE);
    String experiment = name;
    JsonNode exp = root.get("experiment");
    if (exp != null && !exp.isNull()) {
      experiment = readString("experiment", exp);
      if (experiment != null && experiment.isBlank()) {
        problem("experiment", "must not be blank");
      }
    }
    Integer replicas = required(root, "replicas", "replicas", "seeds per configuration, >= 1") == null ? null
        : toInt(readLong("replicas", root.get("replicas"), 1, MAX_REPLICAS));
    long maxRuns = DEFAULT_MAX_RUNS;
    if (present(root.get("max_runs"))) {
      Long m = readLong("max_runs", root.get("max_runs"), 1, MAX_MAX_RUNS);
      maxRuns = m == null ? DEFAULT_MAX_RUNS : m;
    }

    // env
    String envName = null;
    Map<String, String> envParams = new TreeMap<>();
    boolean envParamsOk = true;
    JsonNode env = root.get("env");
    if (required(root, "env", "env", "the environment: {name: NAME, params: {...}}") != null) {
      if (!env.isObject()) {
        problem("env", "expected a mapping {name: NAME, params: {...}}, got " + Nodes.describe(env));
        envParamsOk = false;
      } else {
        unknownFields("env.", env, ENV_FIELDS);
        envName = readEnvName(env);
        envParamsOk = readEnvParams(env.get("params"), envParams);
      }
    }

    Evaluation evaluation = readEvaluation(root.get("evaluation"));

    // dimensions: fixed, grid, random (in this order, for conflict messages)
    int before = problems.size();
    Map<Dimension, Located> fixed = readFixed(root.get("fixed"));
    List<GridDim> grid = readGrid(root.get("grid"));
    boolean dimsOk = problems.size() == before;
    int beforeRandom = problems.size();
    int samples = 0;
    List<RandomDim> random = new ArrayList<>();
    JsonNode rnd = root.get("random");
    if (present(rnd)) {
      samples = readRandom(rnd, random);
    }
    boolean randomOk = problems.size() == beforeRandom;
    dimsOk &= randomOk;

    // env params and reward designs against the registry
    if (envName != null && envParamsOk && dimsOk) {
      validateEnv(envName, envParams, fixed, grid, random);
    }

    // draws and the explosion guard
    List<List<Dimension.Value>> draws = List.of(List.of());
    if (randomOk && seed != null && samples > 0) {
      draws = drawRandom(seed, samples, random);
    }
    if (randomOk && replicas != null) {
      long gridPoints = 1;
      for (GridDim g : grid) {
        gridPoints = saturatingMultiply(gridPoints, g.values().size());
      }
      long configs = saturatingMultiply(gridPoints, draws.size());
      long runs = saturatingMultiply(configs, replicas);
      if (runs > maxRuns) {
        problem("max_runs", "sweep has " + count(runs) + " runs (" + count(configs)
            + (configs == 1 ? " configuration × " : " configurations × ") + count(replicas)
            + (replicas == 1 ? " replica" : " replicas") + "), more than max_runs " + maxRuns
            + " — raise max_runs if this is intended");
      }
    }
    if (!problems.isEmpty()) {
      throw new SweepValidationException(source, problems);
    }

    List<SweepConfig> configs = expand(envName, envParams, fixed, grid, draws);
    validateEnvCombinations(envName, configs);
    if (!problems.isEmpty()) {
      throw new SweepValidationException(source, problems);
    }

    Map<String, String> fixedText = new LinkedHashMap<>();
    new TreeMap<>(fixed).forEach((d, v) -> fixedText.put(d.name, v.value().text()));
    Map<String, List<String>> gridText = new LinkedHashMap<>();
    for (GridDim g : grid) {
      gridText.put(g.dim().name, g.values().stream().map(l -> l.value().text()).toList());
    }
    Map<String, String> randomText = new LinkedHashMap<>();
    for (RandomDim r : random) {
      randomText.put(r.dim().name, r.distribution().toString());
    }
    return new SweepSpec(source, name, seed, experiment, envName, EnvParams.of(envParams), replicas, maxRuns,
        evaluation, fixedText, gridText, samples, randomText, samples == 0 ? 0 : draws.size(), configs);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // top-level fields

  private static String syntaxError(JsonProcessingException e) {
    int line = -1;
    int column = -1;
    String message = e.getOriginalMessage();
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
      line = m.getProblemMark().getLine() + 1;
      column = m.getProblemMark().getColumn() + 1;
      message = m.getProblem() + (m.getContext() != null ? " (" + m.getContext()
          + (m.getContextMark() != null ? " started at line " + (m.getContextMark().getLine() + 1) + ", column "
          + (m.getContextMark().getColumn() + 1) : "") + ")" : "");
    } else {
      JsonLocation loc = e.getLocation();
      if (loc != null) {
        line = loc.getLineNr();
        column = loc.getColumnNr();
      }
    }
    String where = line > 0 ? "line " + line + ", column " + column : "(document)";
    return where + ": YAML syntax error: " + (message == null ? e.getClass().getSimpleName() : message.trim());
  }

  private static boolean present(JsonNode n) {
    return n != null && !n.isNull() && !n.isMissingNode();
  }

  /** The node of a required field, or null (with a problem) when absent or empty. */
  private JsonNode required(JsonNode parent, String field, String path, String what) {
    JsonNode n = parent.get(field);
    if (!present(n)) {
      problem(path, "required (" + what + ")");
      return null;
    }
    return n;
  }

  private void unknownFields(String prefix, JsonNode node, List<String> allowed) {
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!allowed.contains(f)) {
        problem(prefix + f, "unknown field; allowed: " + String.join(", ", allowed) + Nodes.didYouMean(f, allowed));
      }
    }
  }

  private String readName(JsonNode root) {
    String name = readString("name", root.get("name"));
    if (name != null && !NAME.matcher(name).matches()) {
      problem("name", "'" + name + "' must match " + NAME_RULE + " (at most 100 characters)");
      return null;
    }
    return name;
  }

  private String readString(String path, JsonNode n) {
    try {
      return Nodes.string(n);
    } catch (IllegalArgumentException e) {
      problem(path, e.getMessage());
      return null;
    }
  }

  private Long readLong(String path, JsonNode n, long min, long max) {
    try {
      return Nodes.integer(n, min, max);
    } catch (IllegalArgumentException e) {
      problem(path, e.getMessage());
      return null;
    }
  }

  private static Integer toInt(Long v) {
    return v == null ? null : (int) (long) v;
  }

  private String readEnvName(JsonNode env) {
    JsonNode n = env.get("name");
    if (!present(n)) {
      problem("env.name", "required (an environment: " + String.join(", ", sortedEnvNames()) + ")");
      return null;
    }
    String name = readString("env.name", n);
    if (name == null) {
      return null;
    }
    Set<String> names = sortedEnvNames();
    if (!names.contains(name)) {
      problem("env.name", "'" + name + "' is not one of "
          + (names.isEmpty() ? "(no environment is registered)" : String.join(", ", names))
          + Nodes.didYouMean(name, names));
      return null;
    }
    return name;
  }

  private Set<String> sortedEnvNames() {
    return new TreeSet<>(envs.names());
  }

  private boolean readEnvParams(JsonNode params, Map<String, String> out) {
    if (!present(params)) {
      return true;
    }
    if (!params.isObject()) {
      problem("env.params", "expected a mapping of param: value, got " + Nodes.describe(params));
      return false;
    }
    boolean ok = true;
    for (Map.Entry<String, JsonNode> e : params.properties()) {
      String path = "env.params." + e.getKey();
      if (!Dimension.ENV_PARAM_NAME.matcher(e.getKey()).matches()) {
        problem(path, "not a valid env param name (" + Dimension.ENV_PARAM_NAME.pattern() + ")");
        ok = false;
        continue;
      }
      try {
        if (!present(e.getValue())) {
          throw new IllegalArgumentException("no value given");
        }
        out.put(e.getKey(), Nodes.scalarText(e.getValue()));
        slots.put("env." + e.getKey(), new SlotUse(path, null));
      } catch (IllegalArgumentException ex) {
        problem(path, ex.getMessage());
        ok = false;
      }
    }
    return ok;
  }

  private Evaluation readEvaluation(JsonNode n) {
    if (!present(n)) {
      return Evaluation.DEFAULTS;
    }
    if (!n.isObject()) {
      problem("evaluation", "expected a mapping with " + String.join(", ", EVALUATION_FIELDS) + ", got "
          + Nodes.describe(n));
      return Evaluation.DEFAULTS;
    }
    unknownFields("evaluation.", n, EVALUATION_FIELDS);
    Evaluation d = Evaluation.DEFAULTS;
    Integer episodes = optionalInt(n, "episodes", 1, 10_000_000, d.episodes());
    Integer every = optionalInt(n, "curve_every", 1, Integer.MAX_VALUE, d.curveEvery());
    Integer points = optionalInt(n, "curve_points", 1, 1_000_000, d.curvePoints());
    if (episodes == null || every == null || points == null) {
      return d;
    }
    return new Evaluation(episodes, every, points);
  }

  /** An optional int field of the evaluation section: its value, {@code def} when absent, null when invalid. */
  private Integer optionalInt(JsonNode section, String field, int min, int max, int def) {
    JsonNode n = section.get(field);
    return present(n) ? toInt(readLong("evaluation." + field, n, min, max)) : Integer.valueOf(def);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // dimensions

  /**
   * The dimension called {@code key} at {@code path}, or null (with a problem) when unknown. A dimension whose slot
   * is already taken is reported as a conflict but still returned.
   */
  private Dimension dimension(String path, String key) {
    Dimension d = Dimension.of(key);
    if (d == null) {
      List<String> names = new ArrayList<>(Dimension.NAMES);
      problem(path, "unknown dimension; allowed: " + Dimension.ALLOWED
          + (key.startsWith("env.") ? " with <param> matching " + Dimension.ENV_PARAM_NAME.pattern()
          : Nodes.didYouMean(key, names)));
      return null;
    }
    SlotUse previous = slots.putIfAbsent(d.slot(), new SlotUse(path, d.name));
    if (previous != null) {
      String why;
      if (previous.dimension() == null) {
        why = "an env param is given either in env.params or as a dimension, not both";
      } else if (previous.dimension().equals(d.name)) {
        why = "a dimension may be given only once, in one of fixed, grid, random";
      } else {
        why = "epsilon is shorthand for exploration epsilon:VALUE; give only one of them";
      }
      problem(path, "conflicts with " + previous.path() + "; " + why);
    }
    // a conflicting dimension is still read, so that problems of its values are reported too
    return d;
  }

  private Map<Dimension, Located> readFixed(JsonNode n) {
    Map<Dimension, Located> out = new LinkedHashMap<>();
    if (!present(n)) {
      return out;
    }
    if (!n.isObject()) {
      problem("fixed", "expected a mapping of dimension: value, got " + Nodes.describe(n));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String path = "fixed." + e.getKey();
      Dimension d = dimension(path, e.getKey());
      if (d == null) {
        continue;
      }
      if (e.getValue().isArray()) {
        problem(path, "expected a single value, got a list (lists of values go under grid)");
        continue;
      }
      Dimension.Value v = value(path, d, e.getValue());
      if (v != null) {
        out.put(d, new Located(path, v));
      }
    }
    return out;
  }

  private Dimension.Value value(String path, Dimension d, JsonNode n) {
    try {
      return d.parse(n);
    } catch (IllegalArgumentException e) {
      problem(path, e.getMessage());
      return null;
    }
  }

  private List<GridDim> readGrid(JsonNode n) {
    List<GridDim> out = new ArrayList<>();
    if (!present(n)) {
      return out;
    }
    if (!n.isObject()) {
      problem("grid", "expected a mapping of dimension: [values], got " + Nodes.describe(n));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String path = "grid." + e.getKey();
      Dimension d = dimension(path, e.getKey());
      if (d == null) {
        continue;
      }
      JsonNode list = e.getValue();
      if (!list.isArray()) {
        problem(path, "expected a list of values, got " + Nodes.describe(list)
            + (Nodes.isScalar(list) ? " (single values go under fixed)" : ""));
        continue;
      }
      if (list.isEmpty()) {
        problem(path, "empty grid");
        continue;
      }
      List<Located> values = values(path, d, list);
      if (values != null) {
        out.add(new GridDim(d, path, values));
      }
    }
    out.sort((a, b) -> a.dim().compareTo(b.dim()));
    return out;
  }

  /** The values of a list, or null when any is invalid; duplicates (same canonical text) are problems. */
  private List<Located> values(String path, Dimension d, JsonNode list) {
    List<Located> values = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    boolean ok = true;
    for (int i = 0; i < list.size(); i++) {
      String p = path + "[" + i + "]";
      Dimension.Value v = value(p, d, list.get(i));
      if (v == null) {
        ok = false;
        continue;
      }
      String first = seen.putIfAbsent(v.text(), p);
      if (first != null) {
        problem(p, v.text() + " repeats " + first);
        ok = false;
        continue;
      }
      values.add(new Located(p, v));
    }
    return ok ? values : null;
  }

  /** Reads the random section into {@code out}; returns the sample count (0 when invalid). */
  private int readRandom(JsonNode n, List<RandomDim> out) {
    if (!n.isObject()) {
      problem("random", "expected a mapping {samples: N, dims: {...}}, got " + Nodes.describe(n));
      return 0;
    }
    unknownFields("random.", n, RANDOM_FIELDS);
    Integer samples = required(n, "samples", "random.samples", "random draws, >= 1") == null ? null
        : toInt(readLong("random.samples", n.get("samples"), 1, MAX_SAMPLES));
    JsonNode dims = n.get("dims");
    if (!present(dims)) {
      problem("random.dims", "required (dimension: {uniform: [LOW, HIGH]} | {log_uniform: [LOW, HIGH]}"
          + " | {choice: [V1, V2, ...]})");
      return 0;
    }
    if (!dims.isObject()) {
      problem("random.dims", "expected a mapping of dimension: distribution, got " + Nodes.describe(dims));
      return 0;
    }
    if (dims.isEmpty()) {
      problem("random.dims", "no dimension given");
      return 0;
    }
    for (Map.Entry<String, JsonNode> e : dims.properties()) {
      String path = "random.dims." + e.getKey();
      Dimension d = dimension(path, e.getKey());
      if (d != null) {
        RandomDim r = distribution(path, d, e.getValue());
        if (r != null) {
          out.add(r);
        }
      }
    }
    out.sort((a, b) -> a.dim().compareTo(b.dim()));
    return samples == null ? 0 : samples;
  }

  private RandomDim distribution(String path, Dimension d, JsonNode n) {
    if (!n.isObject() || n.isEmpty()) {
      problem(path, "expected one distribution {uniform: [LOW, HIGH]}, {log_uniform: [LOW, HIGH]} or"
          + " {choice: [V1, V2, ...]}, got " + Nodes.describe(n));
      return null;
    }
    List<String> kinds = new ArrayList<>();
    n.fieldNames().forEachRemaining(kinds::add);
    boolean ok = true;
    for (String k : kinds) {
      if (!DISTRIBUTIONS.contains(k)) {
        problem(path + "." + k, "unknown distribution; allowed: " + String.join(", ", DISTRIBUTIONS)
            + Nodes.didYouMean(k, DISTRIBUTIONS));
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    if (kinds.size() > 1) {
      problem(path, "give exactly one distribution, got " + String.join(", ", kinds));
      return null;
    }
    String kind = kinds.get(0);
    String kpath = path + "." + kind;
    JsonNode arg = n.get(kind);
    if (kind.equals("choice")) {
      if (!arg.isArray()) {
        problem(kpath, "expected a list of values, got " + Nodes.describe(arg));
        return null;
      }
      if (arg.isEmpty()) {
        problem(kpath, "empty choice");
        return null;
      }
      List<Located> values = values(kpath, d, arg);
      if (values == null) {
        return null;
      }
      return new RandomDim(d, path, new Distribution.Choice(values.stream().map(Located::value).toList()), values);
    }
    if (!d.isNumeric()) {
      problem(kpath, d.name + " is not numeric; use choice");
      return null;
    }
    if (!arg.isArray() || arg.size() != 2) {
      problem(kpath, "expected [LOW, HIGH], got " + (arg.isArray() ? "a list of " + arg.size() : Nodes.describe(arg)));
      return null;
    }
    double[] b = new double[2];
    for (int i = 0; i < 2; i++) {
      String p = kpath + "[" + i + "]";
      try {
        b[i] = Nodes.number(arg.get(i));
      } catch (IllegalArgumentException e) {
        problem(p, e.getMessage());
        ok = false;
        continue;
      }
      String range = d.rangeProblem(b[i]);
      if (range != null) {
        problem(p, range);
        ok = false;
      } else if (kind.equals("log_uniform") && !(b[i] > 0)) {
        problem(p, Schedule.num(b[i]) + " must be > 0 for log_uniform");
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    if (b[0] > b[1]) {
      problem(kpath, "low " + Schedule.num(b[0]) + " is greater than high "
          + Schedule.num(b[1]));
      return null;
    }
    if (d.isIntegral() && Math.ceil(b[0]) > Math.floor(b[1])) {
      problem(kpath, "[" + Schedule.num(b[0]) + ", " + Schedule.num(b[1])
          + "] contains no integer");
      return null;
    }
    Distribution dist = kind.equals("uniform") ? new Distribution.Uniform(b[0], b[1])
        : new Distribution.LogUniform(b[0], b[1]);
    return new RandomDim(d, path, dist, List.of());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // env params and reward designs

  /**
   * Builds the environment with env.params, each fixed env value, and each grid/random env value on top of those, and
   * reports the registry's message under the path of the value that made it fail.
   */
  private void validateEnv(String envName, Map<String, String> envParams, Map<Dimension, Located> fixed,
      List<GridDim> grid, List<RandomDim> random) {
    Set<String> accepted = envs.params(envName);

    boolean ok = true;
    for (Map.Entry<String, String> e : envParams.entrySet()) {
      ok &= tryEnv("env.params." + e.getKey(), envName, Map.of(e.getKey(), e.getValue()), e.getKey(), accepted);
    }
    if (ok) {
      ok = tryEnv("env.params", envName, envParams, null, accepted);
    }
    if (!ok) {
      return;
    }
    Map<String, String> base = new TreeMap<>(envParams);
    for (Map.Entry<Dimension, Located> e : fixed.entrySet()) {
      Dimension d = e.getKey();
      if (d.isEnv()) {
        Map<String, String> m = new TreeMap<>(base);
        m.put(d.envParam, e.getValue().value().text());
        if (tryEnv(e.getValue().path(), envName, m, d.envParam, accepted)) {
          base = m;
        } else {
          ok = false;
        }
      }
    }
    if (!ok) {
      return;
    }
    for (GridDim g : grid) {
      if (g.dim().isEnv()) {
        validateEnvValues(envName, base, g.dim(), g.path(), g.values(), accepted);
      }
    }
    for (RandomDim r : random) {
      if (r.dim().isEnv()) {
        validateEnvValues(envName, base, r.dim(), r.path(), r.choices(), accepted);
      }
    }
  }

  private void validateEnvValues(String envName, Map<String, String> base, Dimension d, String path,
      List<Located> values, Set<String> accepted) {
    if (!accepted.contains(d.envParam)) {
      Map<String, String> m = new TreeMap<>(base);
      m.put(d.envParam, values.get(0).value().text());
      tryEnv(path, envName, m, d.envParam, accepted);
      return;
    }
    for (Located l : values) {
      Map<String, String> m = new TreeMap<>(base);
      m.put(d.envParam, l.value().text());
      tryEnv(l.path(), envName, m, d.envParam, accepted);
    }
  }

  /** Builds the env; on failure reports the registry's message at {@code path} and returns false. */
  private boolean tryEnv(String path, String envName, Map<String, String> params, String param,
      Set<String> accepted) {
    try {
      envs.make(envName, EnvParams.of(params));
      return true;
    } catch (IllegalArgumentException e) {
      if (SweepConfig.REWARD_PARAM.equals(param) && !accepted.contains(param)) {
        problem(path, envName + " has no reward designs (" + e.getMessage() + ")");
      } else {
        problem(path, e.getMessage());
      }
      return false;
    }
  }

  /** Builds the env once per distinct combination of env params (values valid alone may clash together). */
  private void validateEnvCombinations(String envName, List<SweepConfig> configs) {
    Set<EnvParams> seen = new LinkedHashSet<>();
    for (SweepConfig c : configs) {
      if (seen.add(c.envParams())) {
        try {
          envs.make(envName, c.envParams());
        } catch (IllegalArgumentException e) {
          problem("env", "configuration " + c.index() + " has env params {" + c.envParams() + "}: " + e.getMessage());
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // random draws and expansion

  /**
   * The distinct random draws: draw {@code i} takes the {@code i}-th value of every random dimension, each dimension
   * having its own stream seeded by {@link Seeds#derive}(sweep seed, {@code "random/<dimension>"}). Repeated draws are
   * dropped (first occurrence kept).
   */
  private static List<List<Dimension.Value>> drawRandom(long seed, int samples, List<RandomDim> random) {
    List<SplittableRandom> rngs = new ArrayList<>();
    for (RandomDim r : random) {
      rngs.add(new SplittableRandom(Seeds.derive(seed, "random/" + r.dim().name)));
    }
    Map<List<String>, List<Dimension.Value>> distinct = new LinkedHashMap<>();
    for (int i = 0; i < samples; i++) {
      List<Dimension.Value> draw = new ArrayList<>(random.size());
      List<String> text = new ArrayList<>(random.size());
      for (int j = 0; j < random.size(); j++) {
        Dimension.Value v = random.get(j).distribution().draw(random.get(j).dim(), rngs.get(j));
        draw.add(v);
        text.add(v.text());
      }
      distinct.putIfAbsent(text, List.copyOf(draw));
    }
    return new ArrayList<>(distinct.values());
  }

  private static List<SweepConfig> expand(String envName, Map<String, String> envParams,
      Map<Dimension, Located> fixed, List<GridDim> grid, List<List<Dimension.Value>> draws) {
    AgentConfig base = AgentConfig.DEFAULTS;
    Map<String, String> baseEnv = new TreeMap<>(envParams);
    for (Map.Entry<Dimension, Located> e : fixed.entrySet()) {
      Dimension d = e.getKey();
      if (d.isEnv()) {
        baseEnv.put(d.envParam, e.getValue().value().text());
      } else {
        base = d.apply(base, e.getValue().value());
      }
    }
    int points = 1;
    for (GridDim g : grid) {
      points *= g.values().size();
    }
    List<SweepConfig> configs = new ArrayList<>(points * draws.size());
    int[] idx = new int[grid.size()];
    for (int p = 0; p < points; p++) {
      // mixed-radix decomposition: the last grid dimension varies fastest
      int rest = p;
      for (int k = grid.size() - 1; k >= 0; k--) {
        int n = grid.get(k).values().size();
        idx[k] = rest % n;
        rest /= n;
      }
      AgentConfig agent = base;
      Map<String, String> env = new TreeMap<>(baseEnv);
      for (int k = 0; k < grid.size(); k++) {
        Dimension d = grid.get(k).dim();
        Dimension.Value v = grid.get(k).values().get(idx[k]).value();
        if (d.isEnv()) {
          env.put(d.envParam, v.text());
        } else {
          agent = d.apply(agent, v);
        }
      }
      EnvParams pointEnv = EnvParams.of(env);
      for (List<Dimension.Value> draw : draws) {
        AgentConfig a = agent;
        Map<String, String> e = null;
        for (Dimension.Value v : draw) {
          if (v.dim().isEnv()) {
            if (e == null) {
              e = new TreeMap<>(env);
            }
            e.put(v.dim().envParam, v.text());
          } else {
            a = v.dim().apply(a, v);
          }
        }
        configs.add(SweepConfig.of(configs.size(), envName, e == null ? pointEnv : EnvParams.of(e), a));
      }
    }
    return configs;
  }

  private static long saturatingMultiply(long a, long b) {
    long r = a * b;
    long hi = Math.multiplyHigh(a, b);
    return (hi != 0 || r < 0) ? Long.MAX_VALUE : r;
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
