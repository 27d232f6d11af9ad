package io.qsweep.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qsweep.env.EnvParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.stream.Collectors;

/**
 * A validated sweep: what to run (configurations × replicas) and how to evaluate it. Built only by
 * {@link #parse(String, String)} / {@link #load(Path)}, which report <em>every</em> problem of a file at once in a
 * {@link SweepValidationException}, each prefixed with its YAML path ({@code grid.gamma[2]: 1.5 is outside [0, 1]}).
 *
 * <h2>Format</h2>
 * <pre>{@code
 * name: quickstart                 # required, [A-Za-z0-9][A-Za-z0-9_.-]* (at most 100 characters)
 * seed: 42                         # required, the sweep seed (64-bit integer)
 * experiment: qsweep-quickstart    # optional MLflow experiment name (default: name)
 * env:                             # required
 *   name: frozen_lake              # a registry name (io.qsweep.env.EnvRegistry.names())
 *   params: {map: 4x4, is_slippery: true}   # optional env params: strings, numbers, booleans
 * replicas: 5                      # required, seeds per configuration, in [1, 1000000]
 * max_runs: 100000                 # explosion guard: at most this many runs (default 100000, at most 10^9)
 * fixed:                           # optional, one value per dimension, shared by every configuration
 *   algorithm: q_learning
 *   alpha: 0.1
 *   episodes: 2000
 * grid:                            # optional, a non-empty list per dimension: the cartesian product
 *   gamma: [0.9, 0.99, 1.0]
 *   epsilon: [0.01, 0.05, 0.1, 0.2]
 * random:                          # optional: `samples` draws, combined with every grid point
 *   samples: 20                    # in [1, 1000000]
 *   dims:
 *     alpha: {log_uniform: [0.01, 1.0]}
 *     initial_q: {uniform: [0.0, 1.0]}
 *     reward: {choice: [theory, consonance]}
 * evaluation:                      # optional
 *   episodes: 100                  # greedy evaluation episodes at the end of each run (default 100)
 *   curve_every: 50                # learning-curve point every N training episodes (default max(1, episodes/100))
 *   curve_points: 200              # at most this many curve points stored per run (default 200)
 * }</pre>
 *
 * <h2>Dimensions</h2>
 * Each may be given in exactly one of {@code fixed}, {@code grid}, {@code random}; unset fields take the defaults of
 * {@link io.qsweep.learn.AgentConfig#DEFAULTS}. Numbers may be written quoted ({@code "1e-3"}).
 * <ul>
 *   <li>{@code algorithm}: {@code q_learning | sarsa | expected_sarsa | double_q}.</li>
 *   <li>{@code alpha} in (0, 1]; {@code gamma} in [0, 1]; {@code initial_q} finite; {@code episodes} integer >= 1.</li>
 *   <li>{@code epsilon}: shorthand for ε-greedy exploration: a number in [0, 1] (constant ε) or an ε schedule
 *       ({@code linear:1:0.05:500}). {@code exploration}: the full text form ({@code epsilon:SCHEDULE},
 *       {@code softmax:SCHEDULE}, {@code ucb:C}, see {@link io.qsweep.explore.ExplorationSpec}). A sweep gives at most
 *       one of {@code epsilon} and {@code exploration}.</li>
 *   <li>{@code learning_rate}: {@code constant} or {@code visit:OMEGA}.</li>
 *   <li>{@code reward}: a reward design name; it becomes the env param {@code reward} (so {@code env.reward} is the
 *       same dimension). Only environments that take a {@code reward} param accept it.</li>
 *   <li>{@code env.<param>}: any env param ({@code env.is_slippery: [true, false]}); not together with the same
 *       param in {@code env.params}.</li>
 * </ul>
 * Random distributions: {@code {uniform: [LOW, HIGH]}} and {@code {log_uniform: [LOW, HIGH]}} (LOW > 0) for the
 * numeric dimensions ({@code alpha, gamma, epsilon, initial_q, episodes}; LOW and HIGH must be valid values and
 * LOW <= HIGH), {@code {choice: [V1, ...]}} (non-empty, no repeats) for any dimension. Real-valued draws are rounded to
 * 4 significant digits, {@code episodes} to an integer. Grid and choice lists must not repeat a value.
 *
 * <h2>Expansion (deterministic)</h2>
 * Configurations are the grid points × the distinct random draws (one draw when there is no {@code random}), each
 * combined with {@code fixed}, {@code env.params} and the defaults. Order: grid points in the canonical dimension
 * order {@code algorithm, alpha, gamma, epsilon, exploration, learning_rate, initial_q, episodes, reward,
 * env.<param>} (sorted), the last grid dimension varying fastest and each dimension's values in the order written;
 * for each grid point, the draws in draw order. YAML key order does not matter.
 * Draw {@code i} takes the {@code i}-th value of every random dimension; each random dimension draws from its own
 * {@link java.util.SplittableRandom} seeded with {@link Seeds#derive}(sweep seed, {@code "random/<dimension>"}), so
 * adding a dimension or raising {@code samples} leaves the other draws as they were. A draw equal to an earlier one is
 * dropped (so {@code samples} is an upper bound of the distinct draws; {@link #summary()} shows both).
 * Runs ({@link #runs()}) are configuration-major: run {@code i} is replica {@code i % replicas} of configuration
 * {@code i / replicas}, with seed {@link Seeds#runSeed}(sweep seed, configuration key, replica).
 *
 * <h2>Validation</h2>
 * Unknown fields, wrong types, values out of range, empty grids and choices, repeated values, unknown dimensions,
 * distributions, environments, algorithms, explorations or learning rates, a dimension given twice, and env params or
 * reward designs the environment rejects (the env is built once per value, through {@link io.qsweep.env.EnvRegistry})
 * are all reported, as is a sweep with more than {@code max_runs} runs. YAML syntax errors (and repeated keys) are
 * reported alone, with their line and column.
 */
public final class SweepSpec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final String name;
  private final long seed;
  private final String experiment;
  private final String envName;
  private final EnvParams envParams;
  private final int replicas;
  private final long maxRuns;
  private final Evaluation evaluation;
  private final Map<String, String> fixed;
  private final Map<String, List<String>> grid;
  private final int randomSamples;
  private final Map<String, String> random;
  private final int randomDraws;
  private final List<SweepConfig> configs;
  private final List<RunSpec> runs;
  private final String sweepId;

  SweepSpec(String source, String name, long seed, String experiment, String envName, EnvParams envParams,
      int replicas, long maxRuns, Evaluation evaluation, Map<String, String> fixed, Map<String, List<String>> grid,
      int randomSamples, Map<String, String> random, int randomDraws, List<SweepConfig> configs) {
    this.source = source;
    this.name = name;
    this.seed = seed;
    this.experiment = experiment;
    this.envName = envName;
    this.envParams = envParams;
    this.replicas = replicas;
    this.maxRuns = maxRuns;
    this.evaluation = evaluation;
    this.fixed = Collections.unmodifiableMap(fixed);
    this.grid = Collections.unmodifiableMap(grid);
    this.randomSamples = randomSamples;
    this.random = Collections.unmodifiableMap(random);
    this.randomDraws = randomDraws;
    this.configs = Collections.unmodifiableList(configs);
    this.runs = new Runs();
    this.sweepId = Seeds.sha256Hex(canonical(), 16);
  }

  /**
   * Parses and validates a sweep.
   *
   * @param yaml       the sweep file's text
   * @param sourceName what to call it in messages (usually its path)
   * @throws SweepValidationException with every problem found
   */
  public static SweepSpec parse(String yaml, String sourceName) {
    return SweepParser.parse(yaml, sourceName, SweepParser.REGISTRY);
  }

  /** {@link #parse(String, String)} against another set of environments (tests). */
  static SweepSpec parse(String yaml, String sourceName, SweepParser.EnvCatalog envs) {
    return SweepParser.parse(yaml, sourceName, envs);
  }

  /** Reads (UTF-8), parses and validates a sweep file; see {@link #parse}. */
  public static SweepSpec load(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** The name the sweep was parsed under. */
  public String source() {
    return source;
  }

  public String name() {
    return name;
  }

  /** The sweep seed. */
  public long seed() {
    return seed;
  }

  /** The MLflow experiment name ({@code experiment:}, default the sweep's name). */
  public String experiment() {
    return experiment;
  }

  public String envName() {
    return envName;
  }

  /** The {@code env.params} section (dimensions that set env params are in each configuration's params). */
  public EnvParams envParams() {
    return envParams;
  }

  /** Seeds per configuration. */
  public int replicas() {
    return replicas;
  }

  /** The explosion guard the sweep was validated against. */
  public long maxRuns() {
    return maxRuns;
  }

  public Evaluation evaluation() {
    return evaluation;
  }

  /** The {@code fixed} dimensions: name to canonical value, in canonical dimension order. */
  public Map<String, String> fixed() {
    return fixed;
  }

  /** The {@code grid} dimensions: name to canonical values (in the order written), in canonical dimension order. */
  public Map<String, List<String>> grid() {
    return grid;
  }

  /** {@code random.samples}, or 0 when the sweep has no random section. */
  public int randomSamples() {
    return randomSamples;
  }

  /** The random dimensions: name to distribution text (e.g. {@code log_uniform [0.01, 1]}), in canonical order. */
  public Map<String, String> random() {
    return random;
  }

  /** The number of distinct random draws (at most {@link #randomSamples()}), or 0 without a random section. */
  public int randomDraws() {
    return randomDraws;
  }

  /**
   * The names of the dimensions that vary (grid, then random, each in canonical order); they are keys of every
   * {@link SweepConfig#params()}.
   */
  public List<String> varyingDimensions() {
    List<String> v = new ArrayList<>(grid.keySet());
    v.addAll(random.keySet());
    return Collections.unmodifiableList(v);
  }

  /** The configurations in expansion order (see the class javadoc); {@code get(i).index() == i}. */
  public List<SweepConfig> expand() {
    return configs;
  }

  public int numConfigs() {
    return configs.size();
  }

  /** Configurations × replicas; at most {@link #maxRuns()}. */
  public int numRuns() {
    return configs.size() * replicas;
  }

  /**
   * All runs, configuration-major, as a lazy random-access list: each {@link RunSpec} is made when asked for, so a
   * sweep of a million runs costs no memory until iterated. {@code runs().get(i).index() == i}.
   */
  public List<RunSpec> runs() {
    return runs;
  }

  /** Run {@code index}: replica {@code index % replicas} of configuration {@code index / replicas}. */
  public RunSpec run(int index) {
    if (index < 0 || index >= numRuns()) {
      throw new IndexOutOfBoundsException("run " + index + " is outside [0, " + (numRuns() - 1) + "]");
    }
    SweepConfig c = configs.get(index / replicas);
    int replica = index % replicas;
    return new RunSpec(c, replica, Seeds.runSeed(seed, c.key(), replica), index);
  }

  /**
   * A 16-hex-digit id of everything that affects the results: the sweep seed, the replicas, the evaluation settings
   * and the configuration keys in order (so the env, its params and every agent field). Not the name, the
   * experiment, {@code max_runs}, the source or how the file spells things: two files that expand to the same runs
   * have the same id. Used to refuse resuming a different sweep into the same output and for MLflow idempotency.
   */
  public String sweepId() {
    return sweepId;
  }

  /** The canonical JSON that {@link #sweepId()} hashes. */
  public String canonical() {
    ObjectNode o = JSON.createObjectNode();
    o.put("qsweep_sweep", 1);
    o.put("seed", Long.toString(seed));
    o.put("replicas", replicas);
    o.put("evaluation", evaluation.toString());
    ArrayNode keys = o.putArray("configs");
    configs.forEach(c -> keys.add(c.key()));
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree of strings", e);
    }
  }

  /** {@link #summary(int)} with a sample of 5 configurations. */
  public String summary() {
    return summary(5);
  }

  /**
   * A human-readable summary for {@code qsweep validate}: counts of configurations and runs, the env, every dimension
   * with its values, the evaluation settings and the first {@code sample} configurations (key and varying params).
   */
  public String summary(int sample) {
    StringBuilder sb = new StringBuilder();
    String nl = System.lineSeparator();
    sb.append("sweep ").append(name).append(" (id ").append(sweepId).append(", seed ").append(seed)
        .append(", experiment ").append(experiment).append(')').append(nl);
    sb.append("env: ").append(envName);
    if (!envParams.asMap().isEmpty()) {
      sb.append(" {").append(envParams).append('}');
    }
    sb.append(nl);
    sb.append("configurations: ").append(SweepParser.count(numConfigs()));
    List<String> factors = new ArrayList<>();
    grid.forEach((k, v) -> factors.add(k + " " + v.size()));
    if (randomSamples > 0) {
      factors.add(randomDraws + " random draws");
    }
    if (!factors.isEmpty()) {
      sb.append(" = ").append(String.join(" × ", factors));
    }
    sb.append(nl);
    sb.append("runs: ").append(SweepParser.count(numRuns())).append(" = ").append(SweepParser.count(numConfigs()))
        .append(numConfigs() == 1 ? " configuration × " : " configurations × ").append(replicas)
        .append(replicas == 1 ? " replica" : " replicas")
        .append(" (max_runs ").append(maxRuns).append(')').append(nl);
    if (!fixed.isEmpty()) {
      sb.append("fixed: ").append(fixed.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(", "))).append(nl);
    }
    if (!grid.isEmpty()) {
      sb.append("grid:").append(nl);
      grid.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(String.join(", ", v)).append(nl));
    }
    if (randomSamples > 0) {
      sb.append("random: ").append(randomSamples).append(" samples, ").append(randomDraws).append(" distinct")
          .append(nl);
      random.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append(nl));
    }
    sb.append("evaluation: ").append(evaluation.episodes()).append(" greedy episodes, curve every ")
        .append(evaluation.curveEvery() == 0 ? "max(1, episodes/100)" : evaluation.curveEvery())
        .append(" episodes, at most ").append(evaluation.curvePoints()).append(" points").append(nl);
    int n = Math.min(sample, configs.size());
    if (n > 0) {
      List<String> shown = varyingDimensions();
      sb.append(n == configs.size() ? "configurations:" : "first " + n + " of " + configs.size() + " configurations:")
          .append(nl);
      for (int i = 0; i < n; i++) {
        SweepConfig c = configs.get(i);
        Map<String, String> p = c.params();
        sb.append("  #").append(i).append(' ').append(c.key());
        if (shown.isEmpty()) {
          sb.append("  ").append(p.entrySet().stream().filter(e -> !e.getKey().equals("env"))
              .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        } else {
          for (String d : shown) {
            sb.append("  ").append(d).append('=').append(p.get(d));
          }
        }
        sb.append(nl);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "SweepSpec[" + name + ", id " + sweepId + ", " + numConfigs() + " configurations, " + numRuns()
        + " runs]";
  }

  /** The lazy list behind {@link #runs()}. */
  private final class Runs extends AbstractList<RunSpec> implements RandomAccess {
    @Override
    public RunSpec get(int index) {
      return run(index);
    }

    @Override
    public int size() {
      return numRuns();
    }
  }
}
