package io.qsweep.spark;

import io.qsweep.sweep.SweepConfig;
import io.qsweep.sweep.SweepSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark sweep job: runs every configuration × replica of a sweep, merges each configuration's replicas on the
 * executors, writes everything as Parquet and {@code .npy} under an output directory on any Hadoop file system, and
 * summarises the sweep. {@code bin/qsweep run SWEEP.yaml [--output DIR] [--master local[N]]} runs it in-process
 * (Spark local mode); {@code spark-submit --class io.qsweep.cli.Main <shaded jar> run SWEEP.yaml --output URI} runs
 * it on a cluster, with the master left to spark-submit ({@link SparkSessions}). The CLI's {@code run} command calls
 * {@link #run(Options, PrintWriter, PrintWriter)}.
 *
 * <h2>Work and its distribution</h2>
 * The unit of work is one configuration with all its replicas ({@link ConfigRunner}): its replicas run back to back
 * on primitives, then are merged right there — statistics, mean learning curve, mean Q-table (written as
 * {@code .npy} by the task), merged-policy evaluation — so merging needs no shuffle and Q-tables never reach the
 * driver. The configurations are dealt, by index, into chunks of whole configurations (four per core with a local
 * master, at least 64 on a cluster, at most 1,000 runs each: {@link #chunkConfigs}; {@code --chunk-runs}) in a
 * fixed pseudo-random order, so that chunks cost about the same whatever the grid's shape, with the last wave of
 * chunks cut smaller so that no core waits long for the last one ({@link SweepManifest.Deal},
 * {@link SweepManifest#guidedSizes}); the chunks are the tasks of one Spark job, the most expensive (most
 * training episodes) first. A task computes its chunk and commits it itself ({@link ChunkWriter}): Parquet files in
 * {@code runs/chunk=NNNNN/} and {@code configs/chunk=NNNNN/}, each directory with a {@code _SUCCESS} marker. Tasks
 * receive only a chunk number; the sweep file's text is broadcast and each executor expands it once
 * ({@link SpecCache}), so neither the driver nor the task descriptions hold per-run data.
 *
 * <p>Why the tasks commit their chunks themselves instead of one Spark job per chunk writing DataFrames: measured on
 * the 10,000-run benchmark, each chunk job (two {@code DataFrameWriter} writes of a wide nested schema) cost about
 * 0.5 s of driver-side planning, codegen and commit, which was most of the sweep's time; one job whose tasks write
 * their own files makes a chunk's overhead two small Parquet files (see {@code bench/README.md}).
 *
 * <h2>Progress</h2>
 * While the chunks run, a daemon thread prints runs done out of the total, the rate and the time left every
 * {@code --progress-seconds} ({@link ProgressReporter}); counts arrive from the tasks through accumulators
 * ({@link Timings}) as chunks finish.
 *
 * <h2>Resume</h2>
 * {@code sweep.json} (the {@link SweepManifest}) and {@code sweep.yaml} are written before any result. A chunk is
 * complete when both its directories hold a {@code _SUCCESS} marker and their contents are the chunk's
 * configurations and runs; running the same sweep into the same directory again skips complete chunks, deletes and
 * recomputes the others, and then recomputes the summary from all chunks — so the final results equal an
 * uninterrupted run's. A directory holding a different sweep (another sweep id), or anything that is not a qsweep
 * output, is refused ({@link IllegalArgumentException}: exit 2 from the CLI).
 *
 * <h2>Determinism</h2>
 * Every number except the wall times ({@link SweepRows#TIMING_COLUMNS}) is a function of the sweep alone: run
 * seeds and the seeds of every statistic derive from the sweep seed and the configuration key, never from the
 * partitioning, the executor or the attempt. Results are the same with {@code local[1]}, {@code local[2]} or a
 * cluster, and after task retries.
 *
 * <h2>Summary</h2>
 * When every chunk is complete, {@link SweepSummary} ranks the configurations, adds the probability of improvement
 * of the best one over each other, writes {@code summary/}, fits the hyperparameter importance and prints the top
 * configurations. The layout of the output directory is documented in {@code jobs/OUTPUT.md}; {@link SweepOutput}
 * reads it.
 */
public final class SweepJob {

  /**
   * What to run and how.
   *
   * @param sweepFile       the sweep YAML: a local path, or a Hadoop URI ({@code hdfs://...})
   * @param output          the output directory (a path or any Hadoop URI); {@code null} for
   *                        {@code qsweep-out/<sweep name>}
   * @param master          {@code --master}, or {@code null} ({@link SparkSessions})
   * @param chunkRuns       runs per chunk, rounded up to whole configurations; 0 for
   *                        {@code min(1000, ceil(runs / 64))}. Fixed by the first invocation on an output
   *                        directory (resumes keep its chunks)
   * @param progressSeconds seconds between progress lines; 0 for none; default 10
   * @param top             configurations in the printed and saved top table, >= 1; default 10
   * @param stopAfterChunks run at most this many chunks, then stop without the summary (to test resuming);
   *                        -1 (default) for all
   */
  public record Options(String sweepFile, String output, String master, int chunkRuns, double progressSeconds,
      int top, int stopAfterChunks) {
    public Options {
      if (sweepFile == null || sweepFile.isBlank()) {
        throw new IllegalArgumentException("SWEEP: a sweep file is required");
      }
      if (chunkRuns < 0) {
        throw new IllegalArgumentException("--chunk-runs: " + chunkRuns + " must be >= 1 (or 0 for automatic)");
      }
      if (!(progressSeconds >= 0) || Double.isInfinite(progressSeconds)) {
        throw new IllegalArgumentException("--progress-seconds: " + progressSeconds + " must be >= 0 (0 = none)");
      }
      if (top < 1) {
        throw new IllegalArgumentException("--top: " + top + " must be >= 1");
      }
      if (stopAfterChunks < -1) {
        throw new IllegalArgumentException("stopAfterChunks: " + stopAfterChunks + " must be >= 0 (or -1 for all)");
      }
    }

    /** The defaults for {@code sweepFile}. */
    public static Options of(String sweepFile) {
      return new Options(sweepFile, null, null, 0, 10, 10, -1);
    }

    public Options withOutput(String v) {
      return new Options(sweepFile, v, master, chunkRuns, progressSeconds, top, stopAfterChunks);
    }

    public Options withMaster(String v) {
      return new Options(sweepFile, output, v, chunkRuns, progressSeconds, top, stopAfterChunks);
    }

    public Options withChunkRuns(int v) {
      return new Options(sweepFile, output, master, v, progressSeconds, top, stopAfterChunks);
    }

    public Options withProgressSeconds(double v) {
      return new Options(sweepFile, output, master, chunkRuns, v, top, stopAfterChunks);
    }

    public Options withTop(int v) {
      return new Options(sweepFile, output, master, chunkRuns, progressSeconds, v, stopAfterChunks);
    }

    public Options withStopAfterChunks(int v) {
      return new Options(sweepFile, output, master, chunkRuns, progressSeconds, top, v);
    }
  }

  /**
   * What a run of the job did.
   *
   * @param output          the output directory, fully qualified
   * @param sweepId         the sweep id
   * @param resumed         whether the directory already held this sweep
   * @param complete        whether every chunk is now complete (and the summary written)
   * @param chunks          number of chunks
   * @param computedChunks  chunks computed by this invocation
   * @param skippedChunks   chunks found complete and skipped
   * @param runs            runs of the sweep
   * @param runsComputed    runs computed by this invocation
   * @param cores           Spark's default parallelism
   * @param chunkSeconds    wall time of the chunk phase (computing and writing runs and configurations)
   * @param totalSeconds    wall time of the whole invocation (after the session exists)
   * @param runSeconds      summed wall time of the runs computed (training, evaluation, exact gap): the RL core
   * @param mergeSeconds    summed wall time of the merges computed
   * @param taskSeconds     summed wall time of the tasks (runs, merges, writing and committing the chunks)
   * @param runCpuSeconds   summed CPU time of the task threads in the runs
   * @param mergeCpuSeconds summed CPU time of the task threads in the merges
   * @param processCpuSeconds CPU time of this JVM during the chunk phase (all its threads: with a local master the
   *                        tasks', Spark's, the JIT's and the GC's), or -1 when unknown
   * @param summarySeconds  wall time of the summary (0 when not complete)
   * @param summary         the summary, or {@code null} when the sweep is not complete
   */
  public record Result(String output, String sweepId, boolean resumed, boolean complete, int chunks,
      List<Integer> computedChunks, List<Integer> skippedChunks, long runs, long runsComputed, int cores,
      double chunkSeconds, double totalSeconds, double runSeconds, double mergeSeconds, double taskSeconds,
      double runCpuSeconds, double mergeCpuSeconds, double processCpuSeconds, double summarySeconds,
      SweepSummary.Result summary) {

    /** Runs computed per second of the chunk phase. */
    public double runsPerSecond() {
      return chunkSeconds > 0 ? runsComputed / chunkSeconds : 0;
    }

    /** The fraction of the chunk phase's core time ({@code chunkSeconds × cores}) not spent in runs. */
    public double overheadFraction() {
      double capacity = chunkSeconds * cores;
      return capacity > 0 ? 1 - runSeconds / capacity : 0;
    }

    /**
     * The fraction of this JVM's CPU time in the chunk phase spent neither in runs nor in merges (Spark, writing
     * and committing, JIT, GC), or NaN when unknown. Meaningful with a local master (the JVM runs the tasks);
     * unlike the wall-time fractions it does not count cores lost to other processes.
     */
    public double cpuOverheadFraction() {
      return processCpuSeconds > 0 ? 1 - (runCpuSeconds + mergeCpuSeconds) / processCpuSeconds : Double.NaN;
    }
  }

  private SweepJob() {
  }

  /**
   * Reads and validates the sweep, then gets or creates the session ({@link SparkSessions}) and runs it.
   *
   * @throws IllegalArgumentException on an invalid sweep or a refused output directory (the message says why)
   */
  public static Result run(Options o, PrintWriter out, PrintWriter err) throws IOException {
    String text = readSweepFile(o.sweepFile());
    SweepSpec spec = SweepSpec.parse(text, o.sweepFile());
    SparkSession spark = SparkSessions.getOrCreate(o.master(), err);
    return run(spark, spec, text, o, out, err);
  }

  /** Runs {@code spec} (whose YAML is {@code specText}) on {@code spark}. */
  public static Result run(SparkSession spark, SweepSpec spec, String specText, Options o, PrintWriter out,
      PrintWriter err) throws IOException {
    long start = System.nanoTime();
    SparkContext sc = spark.sparkContext();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    Configuration hadoop = sc.hadoopConfiguration();
    Path rootPath = new Path(o.output() != null ? o.output() : "qsweep-out/" + spec.name());
    FileSystem fs = rootPath.getFileSystem(hadoop);
    OutputLayout layout = new OutputLayout(fs.makeQualified(rootPath));
    SweepSettings settings = SweepSettings.of(spec);
    int cores = sc.defaultParallelism();

    out.print(spec.summary());
    Prepared prep = prepareOutput(fs, layout, spec, specText, o, spark.version(), hadoop, cores,
        isLocal(sc.master()));
    SweepManifest m = prep.manifest;
    out.println("qsweep: " + (prep.resumed ? "resuming into " : "writing to ") + layout.root() + " ("
        + m.chunks() + (m.chunks() == 1 ? " chunk" : " chunks") + " of up to " + m.chunkConfigs()
        + " configurations)");

    List<SweepConfig> configs = spec.expand();
    boolean[] complete = completeChunks(spark, fs, layout, m, configs, err);
    java.util.Set<String> runDirs = children(fs, layout.runs());
    java.util.Set<String> configDirs = children(fs, layout.configs());
    List<Integer> skipped = new ArrayList<>();
    List<Integer> pending = new ArrayList<>();
    long resumedRuns = 0;
    for (int c = 0; c < m.chunks(); c++) {
      if (complete[c]) {
        skipped.add(c);
        resumedRuns += (long) m.chunkSize(c) * m.replicas();
      } else {
        if (runDirs.contains(OutputLayout.chunkDir(c))) {
          fs.delete(layout.runsChunk(c), true);
        }
        if (configDirs.contains(OutputLayout.chunkDir(c))) {
          fs.delete(layout.configsChunk(c), true);
        }
        pending.add(c);
      }
    }
    if (!skipped.isEmpty()) {
      out.println("qsweep: " + skipped.size() + " of " + m.chunks() + " chunks already complete ("
          + String.format(Locale.ROOT, "%,d", resumedRuns) + " runs); computing the other " + pending.size());
    }
    List<Integer> toRun = o.stopAfterChunks() >= 0 && o.stopAfterChunks() < pending.size()
        ? pending.subList(0, o.stopAfterChunks()) : pending;

    Timings timings = Timings.register(sc);
    long chunkStart = System.nanoTime();
    long cpuStart = processCpuNanos();
    ThreadCpu threadsStart = ThreadCpu.take();
    if (!toRun.isEmpty()) {
      fs.delete(layout.tmp(), true); // what failed attempts of an earlier invocation left
      Broadcast<String> specBroadcast = jsc.broadcast(specText);
      Broadcast<SerializableHadoopConf> confBroadcast = jsc.broadcast(new SerializableHadoopConf(hadoop));
      ChunkWriter writer = new ChunkWriter(specBroadcast, spec.sweepId(), m, settings,
          layout.root().toString(), confBroadcast, timings);
      List<Integer> order = costliestFirst(toRun, m, configs);
      int before = skipped.size();
      try (ProgressReporter progress = new ProgressReporter(timings.runs::value, () -> before
          + timings.chunks.value(), m.runs(), resumedRuns, m.chunks(), o.progressSeconds(), out)) {
        jsc.setJobDescription("qsweep " + spec.name() + ": " + order.size() + " chunks");
        jsc.parallelize(order, order.size()).foreach(writer);
      } finally {
        jsc.setJobDescription(null);
        specBroadcast.destroy();
        confBroadcast.destroy();
        fs.delete(layout.tmp(), true); // what failed or speculative attempts left
      }
    }
    long cpuEnd = processCpuNanos();
    ThreadCpu threadsEnd = threadsStart != null ? ThreadCpu.take() : null;
    double chunkSeconds = (System.nanoTime() - chunkStart) / 1e9;
    List<Integer> computed = List.copyOf(toRun);
    long runsComputed = 0;
    for (int c : computed) {
      runsComputed += (long) m.chunkSize(c) * m.replicas();
    }
    boolean done = skipped.size() + computed.size() == m.chunks();

    SweepSummary.Result summary = null;
    long summaryStart = System.nanoTime();
    if (done) {
      summary = SweepSummary.write(spark, layout, m, spec, settings, o.top());
    }
    double summarySeconds = done ? (System.nanoTime() - summaryStart) / 1e9 : 0;
    double total = (System.nanoTime() - start) / 1e9;
    Result r = new Result(layout.root().toString(), spec.sweepId(), prep.resumed, done, m.chunks(), computed,
        List.copyOf(skipped), m.runs(), runsComputed, cores, chunkSeconds, total, timings.runWall.value(),
        timings.mergeWall.value(), timings.taskWall.value(), timings.runCpu.value(), timings.mergeCpu.value(),
        cpuStart >= 0 && cpuEnd >= 0 ? (cpuEnd - cpuStart) / 1e9 : -1, summarySeconds, summary);
    report(r, m, isLocal(sc.master()),
        threadsEnd != null ? ThreadCpu.format(threadsEnd.since(threadsStart)) : null, out);
    return r;
  }

  /**
   * Whether {@code master} runs the tasks in this JVM: {@code local}, {@code local[N]}, {@code local[N,F]},
   * {@code local[*]} (not {@code local-cluster[...]}, whose executors are separate JVMs).
   */
  static boolean isLocal(String master) {
    return master.equals("local") || master.startsWith("local[");
  }

  /** This JVM's CPU time in nanoseconds, or -1 when the JVM does not report it. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** The directory's manifest (existing or new) and whether it already held this sweep. */
  private record Prepared(SweepManifest manifest, boolean resumed) {
  }

  private static Prepared prepareOutput(FileSystem fs, OutputLayout layout, SweepSpec spec, String specText,
      Options o, String sparkVersion, Configuration hadoop, int cores, boolean local) throws IOException {
    Path root = layout.root();
    if (fs.exists(layout.manifest())) {
      SweepManifest existing;
      try {
        existing = SweepManifest.read(layout.manifest(), hadoop);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--output " + root + ": unreadable sweep.json (" + e.getMessage()
            + "); choose another output directory");
      }
      if (!existing.sweepId().equals(spec.sweepId())) {
        throw new IllegalArgumentException("--output " + root + " holds another sweep: '" + existing.name()
            + "' (id " + existing.sweepId() + "), not '" + spec.name() + "' (id " + spec.sweepId()
            + "); choose another output directory, or delete this one to start over");
      }
      if (existing.configs() != spec.numConfigs()) { // the chunks index the expansion by the manifest's count
        throw new IllegalArgumentException("--output " + root + ": sweep.json says configs " + existing.configs()
            + " but the sweep expands to " + spec.numConfigs() + "; choose another output directory");
      }
      if (!fs.exists(layout.spec())) {
        SweepManifest.writeText(layout.spec(), hadoop, specText);
      }
      return new Prepared(existing, true);
    }
    if (fs.exists(root)) {
      if (!fs.getFileStatus(root).isDirectory()) {
        throw new IllegalArgumentException("--output " + root + " is a file, not a directory");
      }
      FileStatus[] entries = fs.listStatus(root);
      if (entries.length > 0) {
        throw new IllegalArgumentException("--output " + root + " is not empty and holds no qsweep sweep (no "
            + "sweep.json); choose a new or empty directory");
      }
    }
    fs.mkdirs(root);
    SweepManifest m = plan(spec, o.chunkRuns(), cores, local, sparkVersion, gitCommit(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    m.write(layout.manifest(), hadoop);
    SweepManifest.writeText(layout.spec(), hadoop, specText);
    return new Prepared(m, false);
  }

  /**
   * The manifest of a new output directory: chunks of {@link #chunkConfigs} configurations; with automatic chunking
   * ({@code chunkRuns} 0) the last wave is cut smaller for {@code cores} task slots ({@link SweepManifest#guidedSizes}),
   * while {@code --chunk-runs N} gets chunks of N runs and a remainder.
   */
  static SweepManifest plan(SweepSpec spec, int chunkRuns, int cores, boolean local, String sparkVersion,
      String gitCommit, String created) {
    int chunkConfigs = chunkConfigs(spec, chunkRuns, cores, local);
    return SweepManifest.of(spec, chunkConfigs, chunkRuns > 0 ? 1 : cores, version(), sparkVersion, gitCommit,
        created);
  }

  /** Target number of chunks on a cluster when {@code --chunk-runs} is not given (at least). */
  static final int TARGET_CHUNKS = 64;
  /** Target number of chunks per core (waves of tasks) when {@code --chunk-runs} is not given. */
  static final int CHUNKS_PER_CORE = 4;
  /** Largest automatic chunk, in runs. */
  static final int MAX_CHUNK_RUNS = 1000;

  /**
   * Configurations per chunk: {@code chunkRuns} runs, or when 0, {@code min(1000, ceil(runs / target))} with
   * {@code target} = {@code 4 × cores} chunks with a local master and {@code max(64, 4 × cores)} on a cluster;
   * rounded up to whole configurations.
   *
   * <p>Why: a chunk is a Spark task, two Parquet files and a commit, whose fixed cost — task (de)serialisation,
   * Parquet writer set-up, renames, and the JIT compiling those paths once they have run often enough — is paid per
   * chunk. With a local master the cores are known and fixed, so four waves of tasks per core balance the load (the
   * costliest chunks go first) with the fewest chunks; measured on the 10,000-run benchmark, 10 chunks instead of 64
   * cut the JVM's CPU outside the runs by a third (bench/README.md). A cluster may grow (dynamic allocation) and
   * its executors start at different times, so it gets at least 64. At most 1,000 runs per chunk bound what a
   * failure loses, what a task holds and how coarse the progress lines are.
   *
   * @param cores Spark's default parallelism (with {@code local[N]}: N)
   * @param local whether the master is local (the tasks run in this JVM)
   */
  static int chunkConfigs(SweepSpec spec, int chunkRuns, int cores, boolean local) {
    long runs = spec.numRuns();
    long chunks = local ? (long) CHUNKS_PER_CORE * Math.max(1, cores)
        : Math.max(TARGET_CHUNKS, (long) CHUNKS_PER_CORE * cores);
    long target = chunkRuns > 0 ? chunkRuns : Math.min(MAX_CHUNK_RUNS, (runs + chunks - 1) / chunks);
    long perChunk = (target + spec.replicas() - 1) / spec.replicas();
    return (int) Math.max(1, Math.min(perChunk, Math.max(1, spec.numConfigs())));
  }

  /**
   * Which chunks are complete: both {@code _SUCCESS} markers present, the configurations of the chunk exactly the
   * expected keys at the expected indices, and the right number of run rows. A chunk that fails the content check
   * is reported and treated as incomplete.
   */
  static boolean[] completeChunks(SparkSession spark, FileSystem fs, OutputLayout layout, SweepManifest m,
      List<SweepConfig> configs, PrintWriter err) throws IOException {
    boolean[] complete = new boolean[m.chunks()];
    List<Path> configPaths = new ArrayList<>();
    List<Path> runPaths = new ArrayList<>();
    java.util.Set<String> runDirs = children(fs, layout.runs());
    java.util.Set<String> configDirs = children(fs, layout.configs());
    for (int c = 0; c < m.chunks(); c++) {
      String dir = OutputLayout.chunkDir(c);
      complete[c] = runDirs.contains(dir) && configDirs.contains(dir)
          && fs.exists(new Path(layout.runsChunk(c), OutputLayout.SUCCESS))
          && fs.exists(new Path(layout.configsChunk(c), OutputLayout.SUCCESS));
      if (complete[c]) {
        configPaths.add(layout.configsChunk(c));
        runPaths.add(layout.runsChunk(c));
      }
    }
    if (configPaths.isEmpty()) {
      return complete;
    }
    Map<Integer, Map<Integer, String>> found = new HashMap<>();
    for (Row row : SweepOutput.readChunks(spark, layout.configs(), configPaths, SweepRows.CONFIG)
        .select("chunk", "config_index", "config_key")
        .collectAsList()) {
      found.computeIfAbsent(row.getInt(0), k -> new HashMap<>()).put(row.getInt(1), row.getString(2));
    }
    Map<Integer, Long> runCounts = new HashMap<>();
    for (Row row : SweepOutput.readChunks(spark, layout.runs(), runPaths, SweepRows.RUN).groupBy("chunk").count()
        .collectAsList()) {
      runCounts.put(row.getInt(0), row.getLong(1));
    }
    int[][] dealt = m.chunkConfigIndices();
    for (int c = 0; c < m.chunks(); c++) {
      if (!complete[c]) {
        continue;
      }
      Map<Integer, String> keys = found.getOrDefault(c, Map.of());
      int[] indices = dealt[c];
      boolean ok = keys.size() == indices.length;
      for (int k = 0; ok && k < indices.length; k++) {
        ok = configs.get(indices[k]).key().equals(keys.get(indices[k]));
      }
      long expectedRuns = (long) indices.length * m.replicas();
      if (!ok || runCounts.getOrDefault(c, 0L) != expectedRuns) {
        err.println("qsweep: chunk " + c + " is marked complete but does not hold its " + indices.length
            + " configurations (" + describe(indices) + ") with " + expectedRuns + " runs; recomputing it");
        complete[c] = false;
      }
    }
    return complete;
  }

  /** {@code 0, 3, 6, ...} for a chunk's configuration indices (the first three, then the last). */
  static String describe(int[] indices) {
    if (indices.length <= 4) {
      return java.util.Arrays.toString(indices).replaceAll("[\\[\\]]", "");
    }
    return indices[0] + ", " + indices[1] + ", " + indices[2] + ", ..., " + indices[indices.length - 1];
  }

  /** The names of the entries of {@code dir} (none when it does not exist): one listing instead of a call per chunk. */
  static java.util.Set<String> children(FileSystem fs, Path dir) throws IOException {
    java.util.Set<String> names = new java.util.HashSet<>();
    if (fs.exists(dir)) {
      for (FileStatus st : fs.listStatus(dir)) {
        names.add(st.getPath().getName());
      }
    }
    return names;
  }

  /**
   * The chunks in the order their tasks are submitted: most training episodes first (ties by chunk number), so that
   * the longest tasks do not start last and leave the other cores idle at the end.
   */
  static List<Integer> costliestFirst(List<Integer> chunks, SweepManifest m, List<SweepConfig> configs) {
    Map<Integer, Long> cost = new HashMap<>();
    int[][] dealt = m.chunkConfigIndices();
    for (int c : chunks) {
      long episodes = 0;
      for (int i : dealt[c]) {
        episodes += configs.get(i).agent().episodes();
      }
      cost.put(c, episodes);
    }
    List<Integer> order = new ArrayList<>(chunks);
    order.sort(Comparator.comparing((Integer c) -> cost.get(c)).reversed().thenComparing(c -> c));
    return order;
  }

  /**
   * Prints the throughput report.
   *
   * @param threadCpu the chunk phase's CPU seconds by thread group ({@link ThreadCpu}), or {@code null} when unknown
   */
  private static void report(Result r, SweepManifest m, boolean local, String threadCpu, PrintWriter out) {
    String nl = System.lineSeparator();
    StringBuilder sb = new StringBuilder();
    if (r.runsComputed() > 0) {
      double capacity = r.chunkSeconds() * r.cores();
      sb.append(String.format(Locale.ROOT, "qsweep: computed %,d runs in %.1f s: %.1f runs/s on %d cores", r.runsComputed(),
          r.chunkSeconds(), r.runsPerSecond(), r.cores())).append(nl);
      sb.append(String.format(Locale.ROOT, "qsweep: core time: RL runs %.1f%%, merges %.1f%%, writing and committing "
          + "%.1f%%, outside the tasks (Spark scheduling, start-up, idle cores) %.1f%%", 100 * r.runSeconds() / capacity,
          100 * r.mergeSeconds() / capacity, 100 * (r.taskSeconds() - r.runSeconds() - r.mergeSeconds()) / capacity,
          100 * (1 - r.taskSeconds() / capacity))).append(nl);
      if (local && r.processCpuSeconds() > 0) {
        double cpu = r.processCpuSeconds();
        sb.append(String.format(Locale.ROOT, "qsweep: CPU of this JVM in the chunk phase: %.1f core-s; RL runs %.1f%%, "
            + "merges %.1f%%, the rest (Spark, writing, JIT, GC) %.1f%%", cpu, 100 * r.runCpuSeconds() / cpu,
            100 * r.mergeCpuSeconds() / cpu, 100 * r.cpuOverheadFraction())).append(nl);
        if (threadCpu != null) {
          sb.append("qsweep: CPU by thread in the chunk phase (s): ").append(threadCpu).append(nl);
        }
      }
    }
    if (!r.complete()) {
      sb.append("qsweep: stopped with ").append(r.skippedChunks().size() + r.computedChunks().size()).append(" of ")
          .append(r.chunks()).append(" chunks complete; run the same command again to resume").append(nl);
    } else {
      sb.append(r.summary().text());
    }
    ManagementFactory.getMemoryMXBean().gc(); // so that "used" is the live heap, not garbage awaiting collection
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    sb.append(String.format(Locale.ROOT, "qsweep: summary %.1f s, total %.1f s; driver heap %d MiB used of %d MiB max",
        r.summarySeconds(), r.totalSeconds(), heap.getUsed() >> 20, heap.getMax() >> 20)).append(nl);
    sb.append("qsweep: results in ").append(r.output()).append(" (sweep ").append(m.name()).append(", id ")
        .append(r.sweepId()).append(')').append(nl);
    out.print(sb);
    out.flush();
  }

  /** Reads the sweep file: a Hadoop URI ({@code scheme://...}) through its file system, anything else locally. */
  public static String readSweepFile(String file) throws IOException {
    if (file.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      Path p = new Path(file);
      try (InputStream in = p.getFileSystem(new Configuration()).open(p)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    java.nio.file.Path p = java.nio.file.Paths.get(file);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("SWEEP: " + file + " is not a file");
    }
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  /** qsweep's version from the jar manifest, else {@code dev}. */
  static String version() {
    String v = SweepJob.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }

  /**
   * The source commit if known: {@code QSWEEP_GIT_COMMIT}, else {@code git describe --always --dirty} in the working
   * directory (a checkout running {@code bin/qsweep}); {@code null} otherwise.
   */
  static String gitCommit() {
    String env = System.getenv("QSWEEP_GIT_COMMIT");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      Process p = new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=40")
          .redirectErrorStream(true).start();
      byte[] outBytes = p.getInputStream().readAllBytes();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        String s = new String(outBytes, StandardCharsets.UTF_8).trim();
        return s.isEmpty() ? null : s;
      }
      p.destroy();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }
}
