package io.qsweep.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qsweep.sweep.SweepSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code <output>/sweep.json}: what the output directory holds, written before any result. The sweep id is what a
 * resumed run is checked against; the chunking is fixed here so that a resumed run cuts the sweep into the same
 * chunks whatever its options. The creation time and versions are provenance only (no result depends on them).
 *
 * @param format             layout version: {@value #FORMAT} (chunks deal configurations in a stride); 1, written by
 *                           earlier versions, is still read (chunks of consecutive configurations)
 * @param sweepId            {@link SweepSpec#sweepId()}
 * @param name               the sweep's name
 * @param experiment         the sweep's MLflow experiment name
 * @param seed               the sweep seed
 * @param env                the environment's registry name
 * @param configs            number of configurations
 * @param replicas           runs per configuration
 * @param runs               configurations × replicas
 * @param chunkConfigs       at most this many configurations per chunk
 * @param chunks             number of chunks
 * @param varyingDimensions  the swept dimensions ({@link SweepSpec#varyingDimensions()})
 * @param qsweepVersion      qsweep's version
 * @param sparkVersion       Spark's version
 * @param gitCommit          the source commit when known, else {@code null}
 * @param created            ISO-8601 instant the directory was created
 */
public record SweepManifest(int format, String sweepId, String name, String experiment, long seed, String env,
    int configs, int replicas, long runs, int chunkConfigs, int chunks, List<String> varyingDimensions,
    String qsweepVersion, String sparkVersion, String gitCommit, String created) {
  /** The layout version this code writes; it reads this one and {@link #FORMAT_CONSECUTIVE}. */
  public static final int FORMAT = 2;
  /** The first layout: chunk {@code c} holds configurations {@code c * chunkConfigs} up to the next chunk's first. */
  public static final int FORMAT_CONSECUTIVE = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public SweepManifest {
    varyingDimensions = List.copyOf(varyingDimensions);
  }

  /** The manifest of {@code spec} cut into chunks of {@code chunkConfigs} configurations. */
  public static SweepManifest of(SweepSpec spec, int chunkConfigs, String qsweepVersion, String sparkVersion,
      String gitCommit, String created) {
    if (chunkConfigs < 1) {
      throw new IllegalArgumentException("chunkConfigs: " + chunkConfigs + " must be >= 1");
    }
    int n = spec.numConfigs();
    return new SweepManifest(FORMAT, spec.sweepId(), spec.name(), spec.experiment(), spec.seed(), spec.envName(), n,
        spec.replicas(), (long) n * spec.replicas(), chunkConfigs, (n + chunkConfigs - 1) / chunkConfigs,
        spec.varyingDimensions(), qsweepVersion, sparkVersion, gitCommit, created);
  }

  /** Whether chunk {@code c} holds configurations {@code c, c + chunks, c + 2 chunks, ...} (format 2). */
  public boolean strided() {
    return format >= 2;
  }

  /** The configuration indices of {@code chunk}, ascending. */
  public int[] chunkConfigIndices(int chunk) {
    return chunkConfigIndices(configs, chunkConfigs, chunks, strided(), chunk);
  }

  /** The number of configurations in {@code chunk}. */
  public int chunkSize(int chunk) {
    return chunkConfigIndices(chunk).length;
  }

  /**
   * The configuration indices of {@code chunk} of a sweep of {@code configs} configurations cut into {@code chunks}
   * chunks of at most {@code chunkConfigs}. Strided (format 2): configuration {@code i} belongs to chunk
   * {@code i mod chunks}, so every chunk holds a spread of the swept values and chunk sizes differ by at most one.
   * Configurations next to each other in the expansion differ in the last swept dimension only, and the cost of a run
   * depends on its parameters (episodes, exploration, step size), so consecutive chunks could differ several-fold
   * in cost and leave cores idle while the last, costliest ones finish; dealt in a stride their costs even out.
   * Consecutive (format 1): chunk {@code c} holds {@code c * chunkConfigs} up to {@code min((c + 1) * chunkConfigs,
   * configs)}.
   */
  static int[] chunkConfigIndices(int configs, int chunkConfigs, int chunks, boolean strided, int chunk) {
    if (chunk < 0 || chunk >= chunks) {
      throw new IllegalArgumentException("chunk: " + chunk + " is outside [0, " + (chunks - 1) + "]");
    }
    if (strided) {
      int[] idx = new int[(configs - chunk + chunks - 1) / chunks];
      for (int k = 0; k < idx.length; k++) {
        idx[k] = chunk + k * chunks;
      }
      return idx;
    }
    int start = chunk * chunkConfigs;
    int end = Math.min(configs, start + chunkConfigs);
    int[] idx = new int[end - start];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = start + k;
    }
    return idx;
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
    if (format != FORMAT && format != FORMAT_CONSECUTIVE) {
      throw new IllegalArgumentException(source + ": format " + o.path("format") + " is not supported; supported: "
          + FORMAT_CONSECUTIVE + ", " + FORMAT);
    }
    List<String> dims = new ArrayList<>();
    o.path("varying_dimensions").forEach(d -> dims.add(d.asText()));
    return new SweepManifest(format, text(o, "sweep_id", source), text(o, "name", source),
        text(o, "experiment", source), o.path("seed").asLong(), text(o, "env", source), o.path("configs").asInt(),
        o.path("replicas").asInt(), o.path("runs").asLong(), o.path("chunk_configs").asInt(),
        o.path("chunks").asInt(), dims, o.path("qsweep_version").asText(null), o.path("spark_version").asText(null),
        o.path("git_commit").isNull() ? null : o.path("git_commit").asText(null), o.path("created").asText(null));
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
