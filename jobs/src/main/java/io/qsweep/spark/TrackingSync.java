package io.qsweep.spark;

import io.qsweep.env.Env;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.music.Composer;
import io.qsweep.env.music.Composition;
import io.qsweep.sweep.SweepConfig;
import io.qsweep.sweep.SweepSpec;
import io.qsweep.table.CsvIO;
import io.qsweep.table.NpyIO;
import io.qsweep.table.QTable;
import io.qsweep.tracking.Artifact;
import io.qsweep.tracking.ConfigRecord;
import io.qsweep.tracking.LogReport;
import io.qsweep.tracking.MetricSeries;
import io.qsweep.tracking.MlflowSweepLogger;
import io.qsweep.tracking.MlflowTags;
import io.qsweep.tracking.ReplicaRecord;
import io.qsweep.tracking.SweepRecord;
import io.qsweep.tracking.SweepSession;
import io.qsweep.tracking.TrackingConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sound.midi.MidiSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;

/**
 * Logs a finished sweep's output directory to MLflow: one parent run for the sweep and one nested child run per
 * configuration, built from what is on disk only — so logging right after a run and {@code bin/qsweep sync} later
 * are the same operation, and (the logger being idempotent) running it twice duplicates nothing.
 *
 * <p>Naming contract (the notebooks rely on it): child params = the configuration's params map plus
 * {@code config_key} and {@code replicas}; metrics = the scalar columns of {@code configs/} under the same names
 * ({@code score_iqm}, {@code score_iqm_ci_low}, ..., {@code merged_score}, {@code merged_gap}), {@code rank} and
 * {@code prob_improvement} (P(best > this)) from the summary, and {@code merged_term.<term>} for music environments;
 * metric histories {@code curve_mean}, {@code curve_ci_low}, {@code curve_ci_high} with step = episode; artifacts
 * {@code qtable/mean_q.npy}, {@code qtable/mean_q.csv}, {@code policy.txt}, {@code replicas.csv}, and for music
 * environments {@code composition.mid} and {@code composition.txt}. Times come from the output, never the clock, so
 * a re-log writes identical points: child runs start at the sweep's creation time from {@code sweep.json} (their
 * metric points carry it) and last the configuration's compute time ({@code run_seconds + merge_seconds}), so the
 * UI's duration column shows what each configuration cost; with {@code --log-replicas} each replica run starts where
 * the configuration's earlier replicas ended and lasts its {@code wall_seconds} (its points carry its start); the
 * parent ends with its last child.
 *
 * <p>Memory: configuration rows and run rows are streamed to the driver in configuration order
 * ({@code toLocalIterator}) and joined on the fly; the logger's session bounds what is in flight.
 */
public final class TrackingSync {
  /** Columns of {@code configs/} logged as metrics when not null and finite. */
  private static final String[] CONFIG_METRICS = {"score_mean", "score_std", "score_median", "score_iqm",
      "score_iqm_ci_low", "score_iqm_ci_high", "score_mean_ci_low", "score_mean_ci_high", "success_rate",
      "optimal_value", "gap_mean", "gap_exact_runs", "merged_score", "merged_eval_mean_return",
      "merged_eval_std_return", "merged_eval_success_rate", "merged_eval_mean_length", "merged_policy_value",
      "merged_gap", "total_steps"};
  /** Columns of {@code runs/} written to {@code replicas.csv} and logged on replica runs. */
  private static final String[] RUN_METRICS = {"final_score", "eval_mean_return", "eval_std_return",
      "eval_success_rate", "eval_mean_length", "optimal_value", "policy_value", "optimality_gap", "total_steps",
      "train_seconds"};

  private TrackingSync() {
  }

  /**
   * Logs the finished sweep in {@code dir}.
   *
   * @param experimentOverride an experiment name replacing the sweep's own, or null
   * @param sourceName         the entry point for {@code mlflow.source.name}, e.g. {@code qsweep run}
   * @throws IllegalStateException when the sweep in {@code dir} is not finished
   */
  public static LogReport sync(SparkSession spark, String dir, TrackingConfig tracking, String experimentOverride,
      String sourceName, Consumer<String> progress) throws IOException {
    SweepOutput out = SweepOutput.open(spark, dir);
    if (!out.isComplete()) {
      throw new IllegalStateException(dir + ": the sweep is not finished (" + out.completeChunks().size() + " of "
          + out.manifest().chunks() + " chunks complete); finish it first: bin/qsweep run SWEEP.yaml --output "
          + dir);
    }
    SweepManifest m = out.manifest();
    String yaml = out.specText();
    SweepSpec spec = SweepSpec.parse(yaml, dir + "/sweep.yaml");
    FileSystem fs = out.layout().root().getFileSystem(spark.sparkContext().hadoopConfiguration());
    SweepRecord sweep = sweepRecord(spark, out, m, yaml, experimentOverride, sourceName);
    try (MlflowSweepLogger logger = new MlflowSweepLogger(tracking, progress);
        SweepSession session = logger.open(sweep)) {
      Dataset<Row> ranks = out.summary().select("config_key", "rank", "poi_best");
      Iterator<Row> configs = out.configs().join(ranks, "config_key").orderBy("config_index").toLocalIterator();
      Iterator<Row> runs = out.runs().orderBy("config_index", "replica").toLocalIterator();
      Row pendingRun = null;
      Map<String, Env> envs = new HashMap<>();
      while (configs.hasNext()) {
        Row c = configs.next();
        int index = c.getInt(c.fieldIndex("config_index"));
        List<Row> replicaRows = new ArrayList<>();
        while (pendingRun != null || runs.hasNext()) {
          Row r = pendingRun != null ? pendingRun : runs.next();
          pendingRun = null;
          int ri = r.getInt(r.fieldIndex("config_index"));
          if (ri == index) {
            replicaRows.add(r);
          } else if (ri > index) {
            pendingRun = r;
            break;
          }
        }
        SweepConfig config = spec.expand().get(index);
        Env env = envs.computeIfAbsent(config.envParams().toString(),
            k -> EnvRegistry.make(config.envName(), config.envParams()));
        session.submit(configRecord(c, replicaRows, config, env, out, fs, tracking.logReplicas()));
      }
      return session.finish();
    }
  }

  private static SweepRecord sweepRecord(SparkSession spark, SweepOutput out, SweepManifest m, String yaml,
      String experimentOverride, String sourceName) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("sweep", m.name());
    params.put("sweep_id", m.sweepId());
    params.put("env", m.env());
    params.put("seed", Long.toString(m.seed()));
    params.put("replicas", Integer.toString(m.replicas()));
    params.put("n_configs", Integer.toString(m.configs()));
    params.put("n_runs", Long.toString(m.runs()));
    params.put("swept", String.join(",", m.varyingDimensions()));
    SweepSpec spec = SweepSpec.parse(yaml, "sweep.yaml");
    spec.envParams().asMap().forEach((k, v) -> params.put("env." + k, v));
    Map<String, Double> metrics = new LinkedHashMap<>();
    Row best = out.summary().orderBy("rank").first();
    metrics.put("best_score_iqm", best.getDouble(best.fieldIndex("score_iqm")));
    metrics.put("best_score_mean", best.getDouble(best.fieldIndex("score_mean")));
    Map<String, String> tags = MlflowTags.provenance(System.getProperty("user.name"), sourceName, m.gitCommit(),
        spark.sparkContext().applicationId(), m.qsweepVersion());
    tags.put("qsweep.best_config_key", best.getString(best.fieldIndex("config_key")));
    long start = Instant.parse(m.created()).toEpochMilli();
    String experiment = experimentOverride != null ? experimentOverride : m.experiment();
    return new SweepRecord(m.sweepId(), m.name(), experiment, yaml, params, metrics, tags, start, List.of());
  }

  private static ConfigRecord configRecord(Row c, List<Row> runs, SweepConfig config, Env env, SweepOutput out,
      FileSystem fs, boolean withReplicas) throws IOException {
    String key = c.getString(c.fieldIndex("config_key"));
    Map<String, String> params = new LinkedHashMap<>(config.params());
    params.put("config_key", key);
    params.put("replicas", Integer.toString(c.getInt(c.fieldIndex("replicas"))));
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (String col : CONFIG_METRICS) {
      putFinite(metrics, col, number(c, col));
    }
    metrics.put("rank", (double) c.getInt(c.fieldIndex("rank")));
    metrics.put("prob_improvement", c.getDouble(c.fieldIndex("poi_best")));
    Map<String, Double> terms = stringDoubleMap(c, "merged_score_terms");
    terms.forEach((t, v) -> putFinite(metrics, "merged_term." + metricName(t), v));

    List<Integer> steps = c.getList(c.fieldIndex("curve_step"));
    double[] stepArr = new double[steps.size()];
    for (int i = 0; i < stepArr.length; i++) {
      stepArr[i] = steps.get(i);
    }
    List<MetricSeries> series = List.of(
        MetricSeries.of(MetricSeries.CURVE, stepArr, doubles(c, "curve_mean")),
        MetricSeries.of(MetricSeries.CURVE_CI_LOW, stepArr, doubles(c, "curve_ci_low")),
        MetricSeries.of(MetricSeries.CURVE_CI_HIGH, stepArr, doubles(c, "curve_ci_high")));

    byte[] npy;
    try (InputStream in = fs.open(out.qtablePath(key))) {
      npy = in.readAllBytes();
    }
    QTable q = out.readQTable(key);
    List<String> actionNames = new ArrayList<>();
    for (int a = 0; a < q.numActions(); a++) {
      actionNames.add(env.actionName(a));
    }
    StringWriter csv = new StringWriter();
    CsvIO.write(csv, q.values(), q.numStates(), q.numActions(), actionNames);
    List<Artifact> artifacts = new ArrayList<>();
    artifacts.add(Artifact.ofBytes(Artifact.Q_MEAN_NPY, npy));
    artifacts.add(Artifact.ofText(Artifact.Q_MEAN_CSV, csv.toString()));
    artifacts.add(Artifact.ofText(Artifact.POLICY_TXT, policyText(env, q)));
    artifacts.add(Artifact.ofText(Artifact.REPLICAS_CSV, replicasCsv(runs)));
    if (io.qsweep.env.music.ComposedEnv.find(env) != null) {
      Composition comp = Composer.compose(env, q);
      ByteArrayOutputStream midi = new ByteArrayOutputStream();
      MidiSystem.write(comp.midi(), 1, midi);
      artifacts.add(Artifact.ofBytes(Artifact.COMPOSITION_MIDI, midi.toByteArray()));
      artifacts.add(Artifact.ofText(Artifact.COMPOSITION_TXT, comp.description() + "\n"));
    }
    ConfigRecord rec = ConfigRecord.of(key, runName(config), params, metrics, series, artifacts)
        .withDurationMillis(computeMillis(c));
    if (withReplicas) {
      List<ReplicaRecord> reps = new ArrayList<>();
      for (Row r : runs) {
        Map<String, Double> rm = new LinkedHashMap<>();
        for (String col : RUN_METRICS) {
          putFinite(rm, col, number(r, col));
        }
        reps.add(ReplicaRecord.of(r.getInt(r.fieldIndex("replica")), r.getLong(r.fieldIndex("seed")), rm)
            .withDurationMillis(runMillis(r)));
      }
      rec = rec.withReplicas(reps);
    }
    return rec;
  }

  /**
   * The configuration's compute time in ms: its replicas' runs plus its merge ({@code run_seconds + merge_seconds} of
   * {@code configs/}). Read from disk, so every sync of the same output gives its run the same end time.
   */
  static long computeMillis(Row c) {
    return Math.round(1000 * (seconds(c, "run_seconds") + seconds(c, "merge_seconds")));
  }

  /** A run's time in ms ({@code wall_seconds} of {@code runs/}; 0 when missing): its replica run lasts that long. */
  static long runMillis(Row r) {
    return Math.round(1000 * seconds(r, "wall_seconds"));
  }

  /** A duration column in seconds, 0 when it is missing, not finite or not positive. */
  private static double seconds(Row r, String col) {
    Double v = number(r, col);
    return v != null && Double.isFinite(v) && v > 0 ? v : 0;
  }

  /**
   * A score-term name as an MLflow metric key: MLflow allows letters, digits and {@code _ - . / : } and space, so
   * anything else (the arrangement's pair terms are named like {@code progression+melody}) becomes {@code /}.
   */
  static String metricName(String term) {
    return term.replaceAll("[^A-Za-z0-9_\\-./ :]", "/");
  }

  /** A short run name from the swept values, e.g. {@code gamma=0.99 epsilon=0.1}. */
  private static String runName(SweepConfig config) {
    StringBuilder sb = new StringBuilder();
    config.params().forEach((k, v) -> {
      if (!k.equals("env") && !(k.equals("exploration") && config.params().containsKey("epsilon"))) {
        sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v);
      }
    });
    String s = sb.toString();
    return s.length() > 240 ? s.substring(0, 240) : s.isEmpty() ? config.key() : s;
  }

  /**
   * The greedy policy of the mean Q-table (among each state's valid actions): the environment's picture if it has
   * one, else one line per state.
   */
  static String policyText(Env env, QTable q) {
    int[] policy = q.greedyPolicy(env.validActionCounts());
    String picture = env.renderPolicy(policy);
    if (picture != null) {
      return picture;
    }
    StringBuilder sb = new StringBuilder("state,action\n");
    for (int s = 0; s < policy.length; s++) {
      sb.append(s).append(',').append(env.actionName(policy[s])).append('\n');
    }
    return sb.toString();
  }

  private static String replicasCsv(List<Row> runs) {
    StringBuilder sb = new StringBuilder("replica,seed");
    for (String col : RUN_METRICS) {
      sb.append(',').append(col);
    }
    sb.append('\n');
    for (Row r : runs) {
      sb.append(r.getInt(r.fieldIndex("replica"))).append(',').append(r.getLong(r.fieldIndex("seed")));
      for (String col : RUN_METRICS) {
        Double v = number(r, col);
        sb.append(',').append(v == null ? "" : Double.toString(v));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static Double number(Row r, String col) {
    int i = r.fieldIndex(col);
    if (r.isNullAt(i)) {
      return null;
    }
    Object v = r.get(i);
    return v instanceof Number n ? n.doubleValue() : null;
  }

  private static void putFinite(Map<String, Double> m, String key, Double v) {
    if (v != null && Double.isFinite(v)) {
      m.put(key, v);
    }
  }

  private static double[] doubles(Row r, String col) {
    List<Double> l = r.getList(r.fieldIndex(col));
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }

  private static Map<String, Double> stringDoubleMap(Row r, String col) {
    int i = r.fieldIndex(col);
    Map<String, Double> out = new LinkedHashMap<>();
    if (r.isNullAt(i)) {
      return out;
    }
    scala.collection.Map<String, Double> sm = r.getMap(i);
    JavaConverters.mapAsJavaMap(sm).forEach((k, v) -> out.put(k, ((Number) v).doubleValue()));
    return out;
  }
}
