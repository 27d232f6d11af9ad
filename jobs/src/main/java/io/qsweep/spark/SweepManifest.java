package io.qsweep.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qsweep.sweep.Seeds;
import io.qsweep.sweep.SweepSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <output>/sweep.json}: what the output directory holds, written before any result. The sweep id is what a
 * resumed run is checked against; the chunking is fixed here so that a resumed run cuts the sweep into the same
 * chunks whatever its options. The creation time and versions are provenance only (no result depends on them).
 *
 * @param format             layout version, which fixes how configurations are dealt into chunks ({@link #deal()}):
 *                           {@value #FORMAT} (shuffled); 2 (strided) and 1 (consecutive), written by earlier versions,
 *                           are still read
 * @param sweepId            {@link SweepSpec#sweepId()}
 * @param name               the sweep's name
 * @param experiment         the sweep's MLflow experiment name
 * @param seed               the sweep seed (also the seed of the shuffled deal)
 * @param env                the environment's registry name
 * @param configs            number of configurations
 * @param replicas           runs per configuration
 * @param runs               configurations × replicas
 * @param chunkConfigs       at most this many configurations per chunk
 * @param chunks             number of chunks
 * @param chunkSizes         configurations in each chunk ({@link #guidedSizes}; recorded from format 3, derived for
 *                           the earlier formats)
 * @param varyingDimensions  the swept dimensions ({@link SweepSpec#varyingDimensions()})
 * @param qsweepVersion      qsweep's version
 * @param sparkVersion       Spark's version
 * @param gitCommit          the source commit when known, else {@code null}
 * @param created            ISO-8601 instant the directory was created
 */
public record SweepManifest(int format, String sweepId, String name, String experiment, long seed, String env,
    int configs, int replicas, long runs, int chunkConfigs, int chunks, List<Integer> chunkSizes,
    List<String> varyingDimensions, String qsweepVersion, String sparkVersion, String gitCommit, String created)
    implements java.io.Serializable {
  /** The layout version this code writes: {@link Deal#SHUFFLED}. It reads this one and the two before it. */
  public static final int FORMAT = 3;
  /** The second layout, {@link Deal#STRIDED}. */
  public static final int FORMAT_STRIDED = 2;
  /** The first layout, {@link Deal#CONSECUTIVE}. */
  public static final int FORMAT_CONSECUTIVE = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How the configurations (in expansion order, {@code config_index} 0, 1, ...) are dealt into the chunks. A chunk is
   * one Spark task, its configurations are computed one after the other, and a core that finishes its last chunk early
   * idles until the slowest one is done: the deal should give every chunk about the same cost. A run's cost depends on
   * its parameters (episodes, exploration, step size, discount), and the expansion order is a grid, so both a
   * consecutive cut and a plain stride give chunks of systematically different cost.
   */
  public enum Deal {
    /** Format 1: chunk {@code c} holds {@code c * chunkConfigs} up to {@code min((c + 1) * chunkConfigs, configs)}. */
    CONSECUTIVE,
    /**
     * Format 2: chunk {@code c} holds {@code c, c + chunks, c + 2 chunks, ...}. Even in cost unless the number of
     * chunks shares a factor with the grid's inner dimensions: then a chunk holds one value of those dimensions only
     * (the 5 × 4 × 5 benchmark grid in 10 chunks gave each chunk a single ε and chunks of 2.4 to 3.8 s).
     */
    STRIDED,
    /**
     * Format 3: consecutive blocks, of the recorded {@link #chunkSizes()}, of a fixed pseudo-random permutation of the
     * configurations ({@link #dealOrder}), so that whatever the grid's shape a chunk holds a random sample of its
     * configurations; the sizes shrink over the last wave of tasks ({@link #guidedSizes}) so that the chunks that
     * finish the job are short.
     */
    SHUFFLED
  }

  public SweepManifest {
    chunkSizes = List.copyOf(chunkSizes);
    varyingDimensions = List.copyOf(varyingDimensions);
    if (chunkSizes.size() != chunks) {
      throw new IllegalArgumentException("chunk_sizes: " + chunkSizes.size() + " sizes for " + chunks + " chunks");
    }
    long sum = 0;
    for (int size : chunkSizes) {
      if (size < 1 || size > chunkConfigs) {
        throw new IllegalArgumentException("chunk_sizes: " + size + " is outside [1, " + chunkConfigs + "]");
      }
      sum += size;
    }
    if (sum != configs) {
      throw new IllegalArgumentException("chunk_sizes: they sum to " + sum + ", not to the " + configs
          + " configurations");
    }
  }

  /** The manifest of {@code spec} cut into chunks of at most {@code chunkConfigs} configurations for one core. */
  public static SweepManifest of(SweepSpec spec, int chunkConfigs, String qsweepVersion, String sparkVersion,
      String gitCommit, String created) {
    return of(spec, chunkConfigs, 1, qsweepVersion, sparkVersion, gitCommit, created);
  }

  /**
   * The manifest of {@code spec} cut into chunks of at most {@code chunkConfigs} configurations, sized for
   * {@code cores} task slots ({@link #guidedSizes}).
   */
  public static SweepManifest of(SweepSpec spec, int chunkConfigs, int cores, String qsweepVersion,
      String sparkVersion, String gitCommit, String created) {
    int n = spec.numConfigs();
    List<Integer> sizes = guidedSizes(n, chunkConfigs, cores); // checks chunkConfigs
    return new SweepManifest(FORMAT, spec.sweepId(), spec.name(), spec.experiment(), spec.seed(), spec.envName(), n,
        spec.replicas(), (long) n * spec.replicas(), chunkConfigs, sizes.size(), sizes, spec.varyingDimensions(),
        qsweepVersion, sparkVersion, gitCommit, created);
  }

  /**
   * Chunk sizes for {@code configs} configurations, at most {@code chunkConfigs} each, on {@code cores} task slots:
   * guided self-scheduling (Polychronopoulos and Kuck, IEEE Trans. Computers 36(12), 1987) — each chunk takes
   * {@code min(chunkConfigs, max(floor, ceil(left / cores)))} of the {@code left} configurations not yet dealt,
   * with {@code floor = ceil(chunkConfigs / 4)}. Every chunk is full until the last wave of tasks; that wave is cut
   * into shrinking chunks, so a core that drew cheaper chunks picks up another short one instead of idling while the
   * last long one finishes. Tasks are submitted largest first (equal training episodes) and Spark hands the next one
   * to whichever core is free. Measured on the 10,000-run benchmark on 2 cores: 10 equal chunks left one core idle
   * for 0.5–0.9 s at the end (of ≈ 18 s); the sizes are now nine chunks of 10, then 5, 3 and 2 (bench/README.md,
   * "Sweep throughput"). The floor
   * keeps the tail from dissolving into one-configuration tasks, each with a task's and two Parquet files' fixed cost.
   * With one core it is {@code chunkConfigs}-sized chunks and a remainder.
   */
  static List<Integer> guidedSizes(int configs, int chunkConfigs, int cores) {
    if (chunkConfigs < 1) {
      throw new IllegalArgumentException("chunkConfigs: " + chunkConfigs + " must be >= 1");
    }
    int slots = Math.max(1, cores);
    int floor = (chunkConfigs + 3) / 4;
    List<Integer> sizes = new ArrayList<>();
    for (int left = configs; left > 0; ) {
      int size = Math.min(left, Math.min(chunkConfigs, Math.max(floor, (left + slots - 1) / slots)));
      sizes.add(size);
      left -= size;
    }
    return sizes;
  }

  /** The sizes the earlier formats implied: consecutive ranges (1) or a stride (2). */
  static List<Integer> legacySizes(int format, int configs, int chunkConfigs, int chunks) {
    List<Integer> sizes = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      sizes.add(format == FORMAT_CONSECUTIVE ? Math.min(configs, (c + 1) * chunkConfigs) - c * chunkConfigs
          : (configs - c + chunks - 1) / chunks);
    }
    return sizes;
  }

  /** How this directory's configurations are dealt into chunks (fixed by {@link #format()}). */
  public Deal deal() {
    return deal(format);
  }

  static Deal deal(int format) {
    return switch (format) {
      case FORMAT_CONSECUTIVE -> Deal.CONSECUTIVE;
      case FORMAT_STRIDED -> Deal.STRIDED;
      case FORMAT -> Deal.SHUFFLED;
      default -> throw new IllegalArgumentException("format: " + format + " is not supported; supported: "
          + FORMAT_CONSECUTIVE + ", " + FORMAT_STRIDED + ", " + FORMAT);
    };
  }

  /** The configuration indices of {@code chunk}, ascending. */
  public int[] chunkConfigIndices(int chunk) {
    checkChunk(chunk);
    int start = 0;
    for (int c = 0; c < chunk; c++) {
      start += chunkSizes.get(c);
    }
    return chunkOf(dealOrder(configs, deal(), seed), start, chunk);
  }

  /** The configuration indices of every chunk ({@code [chunk][k]}, each ascending), dealt once. */
  public int[][] chunkConfigIndices() {
    int[] order = dealOrder(configs, deal(), seed);
    int[][] all = new int[chunks][];
    int start = 0;
    for (int c = 0; c < chunks; c++) {
      all[c] = chunkOf(order, start, c);
      start += chunkSizes.get(c);
    }
    return all;
  }

  /** The number of configurations in {@code chunk}. */
  public int chunkSize(int chunk) {
    checkChunk(chunk);
    return chunkSizes.get(chunk);
  }

  private void checkChunk(int chunk) {
    if (chunk < 0 || chunk >= chunks) {
      throw new IllegalArgumentException("chunk: " + chunk + " is outside [0, " + (chunks - 1) + "]");
    }
  }

  /** Chunk {@code chunk}, which starts at position {@code start} of the deal (consecutive and shuffled layouts). */
  private int[] chunkOf(int[] order, int start, int chunk) {
    int[] idx = new int[chunkSizes.get(chunk)];
    Deal deal = deal();
    for (int k = 0; k < idx.length; k++) {
      idx[k] = switch (deal) {
        case CONSECUTIVE -> start + k;
        case STRIDED -> chunk + k * chunks;
        case SHUFFLED -> order[start + k];
      };
    }
    Arrays.sort(idx);
    return idx;
  }

  /**
   * The order in which the configurations are dealt into the chunks: {@code null} (expansion order) unless
   * {@link Deal#SHUFFLED}; then the configuration indices sorted by {@code mix(dealSeed + (i + 1) * 0x9E3779B97F4A7C15)}
   * (ties by index), where {@code dealSeed = Seeds.derive(seed, "qsweep.chunk-deal")} and {@code mix} is the output
   * function of SplitMix64 (Steele, Lea and Flood, OOPSLA 2014). Written out here, instead of shuffling with a
   * {@code SplittableRandom}, so that the deal is fixed by this formula (part of layout 3) and not by a JDK's
   * bounded-integer algorithm: a directory must resume on any JVM with the same chunks.
   */
  static int[] dealOrder(int configs, Deal deal, long seed) {
    if (deal != Deal.SHUFFLED) {
      return null;
    }
    DealOrder last = lastDealOrder;
    if (last != null && last.configs == configs && last.seed == seed) {
      return last.order; // every task of a sweep deals the same order: an executor sorts once
    }
    long dealSeed = Seeds.derive(seed, "qsweep.chunk-deal");
    long[] keyed = new long[configs];
    for (int i = 0; i < configs; i++) {
      keyed[i] = mix(dealSeed + (i + 1L) * 0x9E3779B97F4A7C15L);
    }
    Integer[] order = new Integer[configs];
    for (int i = 0; i < configs; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> keyed[a] != keyed[b] ? Long.compare(keyed[a], keyed[b]) : Integer.compare(a, b));
    int[] out = new int[configs];
    for (int i = 0; i < configs; i++) {
      out[i] = order[i];
    }
    lastDealOrder = new DealOrder(configs, seed, out);
    return out;
  }

  /** The last order dealt in this JVM (read only once made). */
  private record DealOrder(int configs, long seed, int[] order) {
  }

  private static volatile DealOrder lastDealOrder;

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", format);
    o.put("sweep_id", sweepId);
    o.put("name", name);
    o.put("experiment", experiment);
    o.put("seed", seed);
    o.put("env", env);
    o.put("configs", configs);
    o.put("replicas", replicas);
    o.put("runs", runs);
    o.put("chunk_configs", chunkConfigs);
    o.put("chunks", chunks);
    if (deal() == Deal.SHUFFLED) {
      ArrayNode sizes = o.putArray("chunk_sizes");
      chunkSizes.forEach(sizes::add);
    }
    ArrayNode dims = o.putArray("varying_dimensions");
    varyingDimensions.forEach(dims::add);
    o.put("qsweep_version", qsweepVersion);
    o.put("spark_version", sparkVersion);
    o.put("git_commit", gitCommit);
    o.put("created", created);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise the manifest", e);
    }
  }

  /**
   * Parses a manifest.
   *
   * @throws IllegalArgumentException when the text is not a manifest of this format (the message says what is wrong)
   */
  public static SweepManifest fromJson(String json, String source) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException(source + ": not a JSON object");
    }
    int format = o.path("format").asInt(-1);
    if (format != FORMAT && format != FORMAT_STRIDED && format != FORMAT_CONSECUTIVE) {
      throw new IllegalArgumentException(source + ": format " + o.path("format") + " is not supported; supported: "
          + FORMAT_CONSECUTIVE + ", " + FORMAT_STRIDED + ", " + FORMAT);
    }
    List<String> dims = new ArrayList<>();
    o.path("varying_dimensions").forEach(d -> dims.add(d.asText()));
    int configs = positiveInt(o, "configs", source);
    int chunkConfigs = positiveInt(o, "chunk_configs", source);
    int chunks = positiveInt(o, "chunks", source);
    List<Integer> sizes;
    if (deal(format) == Deal.SHUFFLED) {
      JsonNode s = o.get("chunk_sizes");
      if (s == null || !s.isArray()) {
        throw new IllegalArgumentException(source + ": field 'chunk_sizes' is missing or not an array");
      }
      sizes = new ArrayList<>();
      for (JsonNode x : s) {
        if (!x.isIntegralNumber() || !x.canConvertToInt()) {
          throw new IllegalArgumentException(source + ": chunk_sizes: " + x + " is not an integer");
        }
        sizes.add(x.asInt());
      }
    } else {
      // the earlier layouts imply the sizes: the chunk count must be the one they were cut into
      int least = (configs + chunkConfigs - 1) / chunkConfigs;
      boolean fits = format == FORMAT_CONSECUTIVE ? chunks == least : chunks >= least && chunks <= configs;
      if (!fits) {
        throw new IllegalArgumentException(source + ": chunks: " + chunks + " does not fit " + configs
            + " configurations in chunks of at most " + chunkConfigs + " (format " + format + ")");
      }
      sizes = legacySizes(format, configs, chunkConfigs, chunks);
    }
    try {
      return new SweepManifest(format, text(o, "sweep_id", source), text(o, "name", source),
          text(o, "experiment", source), o.path("seed").asLong(), text(o, "env", source), configs,
          o.path("replicas").asInt(), o.path("runs").asLong(), chunkConfigs, chunks, sizes, dims,
          o.path("qsweep_version").asText(null), o.path("spark_version").asText(null),
          o.path("git_commit").isNull() ? null : o.path("git_commit").asText(null), o.path("created").asText(null));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static int positiveInt(JsonNode o, String field, String source) {
    JsonNode n = o.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1) {
      throw new IllegalArgumentException(source + ": field '" + field + "' is missing or not a positive integer"
          + (n == null ? "" : ": " + n));
    }
    return n.asInt();
  }

  private static String text(JsonNode o, String field, String source) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(source + ": field '" + field + "' is missing or not a string");
    }
    return n.asText();
  }

  /** Reads the manifest at {@code path}. */
  public static SweepManifest read(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    try (InputStream in = fs.open(path)) {
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), path.toString());
    }
  }

  /** Writes this manifest to {@code path} (replacing it). */
  public void write(Path path, Configuration conf) throws IOException {
    writeText(path, conf, toJson());
  }

  /** Writes UTF-8 {@code text} to {@code path} through the Hadoop file system (replacing it). */
  static void writeText(Path path, Configuration conf, String text) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    try (OutputStream out = fs.create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
