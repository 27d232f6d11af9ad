package io.qsweep.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.analysis.HyperparameterImportance;
import io.qsweep.cli.Main;
import io.qsweep.env.Env;
import io.qsweep.env.EnvRegistry;
import io.qsweep.learn.EvalResult;
import io.qsweep.learn.GreedyEvaluator;
import io.qsweep.learn.TrainResult;
import io.qsweep.learn.Trainer;
import io.qsweep.solve.Optimality;
import io.qsweep.stats.Aggregate;
import io.qsweep.stats.Bootstrap;
import io.qsweep.stats.Curves;
import io.qsweep.stats.Interval;
import io.qsweep.stats.Stats;
import io.qsweep.sweep.Seeds;
import io.qsweep.sweep.SweepConfig;
import io.qsweep.sweep.SweepSpec;
import io.qsweep.table.QTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep job end to end on Spark local mode with a tiny FrozenLake sweep (8 configurations × 3 replicas, cut into
 * 4 chunks): the same sweep is first run by a {@code local[1]} session that the job creates itself (with
 * {@code spark.master} preset, as spark-submit does), then by a shared {@code local[2]} session (with a second attempt
 * for failed tasks: {@code local[2,2]}) for everything else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SweepJobTest {
  private static final int CHUNK_RUNS = 6; // 2 configurations per chunk

  @TempDir
  static Path tmp;

  private SparkSession spark;
  private String yaml;
  private SweepSpec spec;
  private Path sweepFile;
  private Path local1;
  private Path full;
  private SweepJob.Result local1Result;
  private String local1Err;
  private String local1Master;
  private SweepJob.Result fullResult;
  private Path resume;
  private SweepJob.Result partialResult;
  private String fullOut;

  @BeforeAll
  void runSweeps() throws IOException {
    sweepFile = Paths.get("src/test/resources/sweeps/tiny.yaml").toAbsolutePath();
    yaml = Files.readString(sweepFile);
    spec = SweepSpec.parse(yaml, sweepFile.toString());

    // 1. local[1], session created by the job: spark.master is preset, so --master local[2] must be ignored.
    local1 = tmp.resolve("local1");
    System.setProperty("spark.master", "local[1]");
    System.setProperty("spark.ui.enabled", "false");
    System.setProperty("spark.sql.shuffle.partitions", "2");
    StringWriter err = new StringWriter();
    try {
      local1Result = SweepJob.run(options(local1).withMaster("local[2]"), quiet(), new PrintWriter(err, true));
      local1Master = SparkSession.active().sparkContext().master();
      // A sweep stopped after 2 of its 4 chunks, resumed later by the local[2] session.
      resume = tmp.resolve("resume");
      partialResult = SweepJob.run(options(resume).withStopAfterChunks(2), quiet(), quiet());
    } finally {
      SparkSession.active().stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
      System.clearProperty("spark.master");
    }
    local1Err = err.toString();

    // 2. The shared local[2] session.
    spark = SparkSession.builder().master("local[2,2]").appName("SweepJobTest") // 2 threads, 2 attempts per task.config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    full = tmp.resolve("full");
    StringWriter out = new StringWriter();
    fullResult = SweepJob.run(spark, spec, yaml, options(full), new PrintWriter(out, true), quiet());
    fullOut = out.toString();
  }

  @AfterAll
  void stop() {
    if (spark != null) {
      spark.stop();
    }
    System.clearProperty("spark.ui.enabled");
    System.clearProperty("spark.sql.shuffle.partitions");
  }

  private SweepJob.Options options(Path out) {
    return SweepJob.Options.of(sweepFile.toString()).withOutput(out.toString()).withChunkRuns(CHUNK_RUNS)
        .withProgressSeconds(0).withTop(5);
  }

  private static PrintWriter quiet() {
    return new PrintWriter(java.io.Writer.nullWriter());
  }

  @Test
  void theMasterIsNotOverriddenWhenAlreadySet() {
    assertThat(local1Master).isEqualTo("local[1]");
    assertThat(local1Err).contains("--master local[2] ignored").contains("local[1]");
    assertThat(local1Result.cores()).isEqualTo(1);
    assertThat(SparkSessions.masterToSet("yarn", "local[2]")).isNull();
    assertThat(SparkSessions.masterToSet(null, "local[2]")).isEqualTo("local[2]");
    assertThat(SparkSessions.masterToSet(null, null)).isEqualTo("local[*]");
    assertThatThrownBy(() -> SparkSessions.masterToSet(null, " ")).hasMessageContaining("--master");
  }

  @Test
  void writesTheDocumentedLayoutAsReadableParquet() throws IOException {
    assertThat(fullResult.complete()).isTrue();
    assertThat(fullResult.chunks()).isEqualTo(4);
    assertThat(fullResult.computedChunks()).containsExactly(0, 1, 2, 3);
    assertThat(fullResult.runsComputed()).isEqualTo(24);
    for (String f : List.of("sweep.json", "sweep.yaml", "summary/top.md", "summary/top.csv",
        "summary/importance.csv", "summary/summary.json", "summary/configs.parquet/_SUCCESS")) {
      assertThat(full.resolve(f)).as(f).isRegularFile();
    }
    for (int c = 0; c < 4; c++) {
      assertThat(full.resolve("runs/chunk=0000" + c + "/_SUCCESS")).isRegularFile();
      assertThat(full.resolve("configs/chunk=0000" + c + "/_SUCCESS")).isRegularFile();
    }
    assertThat(Files.readString(full.resolve("sweep.yaml"))).isEqualTo(yaml);

    SweepOutput out = SweepOutput.open(spark, full.toString());
    assertThat(out.isComplete()).isTrue();
    assertThat(out.manifest().sweepId()).isEqualTo(spec.sweepId());
    assertThat(out.manifest().configs()).isEqualTo(8);
    assertThat(out.manifest().runs()).isEqualTo(24);
    assertThat(out.manifest().chunkConfigs()).isEqualTo(2);
    assertThat(out.specText()).isEqualTo(yaml);

    Dataset<Row> runs = out.runs();
    assertThat(runs.columns()).contains(SweepRows.RUN.fieldNames()).contains("chunk");
    assertThat(runs.count()).isEqualTo(24);
    assertThat(runs.select("config_key", "replica").distinct().count()).isEqualTo(24);
    Dataset<Row> configs = out.configs();
    assertThat(configs.columns()).contains(SweepRows.CONFIG.fieldNames()).contains("chunk");
    assertThat(configs.count()).isEqualTo(8);
    int[][] dealt = out.manifest().chunkConfigIndices();
    for (Row r : configs.select("config_index", "chunk", "qtable_path").collectAsList()) {
      assertThat(dealt[r.getInt(1)]).contains(r.getInt(0)); // each configuration in the chunk sweep.json deals it to
      assertThat(full.resolve(r.getString(2))).isRegularFile();
    }
    Row run = runs.filter("config_index = 0 and replica = 0").first();
    assertThat(run.<Integer>getAs("episodes")).isEqualTo(300);
    assertThat(run.getList(run.fieldIndex("curve_step"))).hasSize(8).startsWith(10).endsWith(300);
    assertThat(run.<String>getAs("gap_status")).isEqualTo("exact");
    assertThat(run.getJavaMap(run.fieldIndex("params"))).containsEntry("alpha", "0.1").containsEntry("env",
        "frozen_lake");

    QTable q = out.readQTable(spec.expand().get(0).key());
    assertThat(q.numStates()).isEqualTo(16);
    assertThat(q.numActions()).isEqualTo(4);
    assertThat(out.summary().count()).isEqualTo(8);
  }

  @Test
  void mergedNumbersEqualTheStatisticsOfThePerRunRows() throws IOException {
    SweepOutput out = SweepOutput.open(spark, full.toString());
    Map<String, List<Row>> runsByKey = out.runs().orderBy("config_index", "replica").collectAsList().stream()
        .collect(Collectors.groupingBy(r -> r.<String>getAs("config_key")));
    List<Row> configs = out.configs().orderBy("config_index").collectAsList();
    int resamples = SweepSettings.of(spec).resamples();
    for (Row c : configs) {
      String key = c.getAs("config_key");
      List<Row> runs = runsByKey.get(key);
      assertThat(runs).hasSize(3);
      double[] scores = runs.stream().mapToDouble(r -> r.<Double>getAs("final_score")).toArray();
      double[][] matrix = Arrays.stream(scores).mapToObj(s -> new double[] {s}).toArray(double[][]::new);
      assertThat(doubles(c, "scores")).containsExactly(scores);
      assertThat(c.<Double>getAs("score_mean")).isEqualTo(Stats.mean(scores));
      assertThat(c.<Double>getAs("score_std")).isEqualTo(Stats.std(scores));
      assertThat(c.<Double>getAs("score_median")).isEqualTo(Stats.median(scores));
      assertThat(c.<Double>getAs("score_iqm")).isEqualTo(Stats.iqm(scores));
      Interval iqm = Bootstrap.stratified(matrix, Aggregate.IQM, resamples, 0.95,
          Seeds.derive(spec.seed(), "ci/iqm/" + key));
      assertThat(c.<Double>getAs("score_iqm_ci_low")).isEqualTo(iqm.lower());
      assertThat(c.<Double>getAs("score_iqm_ci_high")).isEqualTo(iqm.upper());
      Interval mean = Bootstrap.stratified(matrix, Aggregate.MEAN, resamples, 0.95,
          Seeds.derive(spec.seed(), "ci/mean/" + key));
      assertThat(c.<Double>getAs("score_mean_ci_low")).isEqualTo(mean.lower());
      assertThat(c.<Double>getAs("score_mean_ci_high")).isEqualTo(mean.upper());
      double[][] curves = runs.stream().map(r -> doubles(r, "curve_return")).toArray(double[][]::new);
      Curves.Band band = Curves.meanBand(curves, resamples, 0.95, Seeds.derive(spec.seed(), "ci/curve/" + key));
      assertThat(doubles(c, "curve_mean")).containsExactly(band.mean());
      assertThat(doubles(c, "curve_ci_low")).containsExactly(band.lower());
      assertThat(doubles(c, "curve_ci_high")).containsExactly(band.upper());
      assertThat(c.getList(c.fieldIndex("curve_step"))).isEqualTo(runs.get(0).getList(runs.get(0)
          .fieldIndex("curve_step")));
      double success = runs.stream().mapToDouble(r -> r.<Double>getAs("eval_success_rate")).sum() / 3;
      assertThat(c.<Double>getAs("success_rate")).isCloseTo(success, org.assertj.core.data.Offset.offset(1e-12));
      double gap = runs.stream().mapToDouble(r -> r.<Double>getAs("optimality_gap")).sum() / 3;
      assertThat(c.<Double>getAs("gap_mean")).isCloseTo(gap, org.assertj.core.data.Offset.offset(1e-12));
      assertThat(c.<Integer>getAs("gap_exact_runs")).isEqualTo(3);
      assertThat(c.<Long>getAs("total_steps")).isEqualTo(runs.stream().mapToLong(r -> r.<Long>getAs("total_steps"))
          .sum());
    }
  }

  @Test
  void runsAndMergedPolicyEqualADirectRecomputation() throws IOException {
    SweepOutput out = SweepOutput.open(spark, full.toString());
    Map<String, Row> configs = new HashMap<>();
    out.configs().collectAsList().forEach(r -> configs.put(r.getAs("config_key"), r));
    Map<String, Row> runs = new HashMap<>();
    out.runs().collectAsList().forEach(r -> runs.put(r.getAs("config_key") + "-" + r.getAs("replica"), r));
    int evalEpisodes = spec.evaluation().episodes();
    for (SweepConfig cfg : List.of(spec.expand().get(0), spec.expand().get(5))) {
      Env env = EnvRegistry.make(cfg.envName(), cfg.envParams());
      Optimality opt = Optimality.of(env, cfg.agent().gamma());
      List<QTable> tables = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        long seed = Seeds.runSeed(spec.seed(), cfg.key(), r);
        TrainResult t = Trainer.train(env, cfg.agent(), seed);
        tables.add(t.q());
        EvalResult e = GreedyEvaluator.evaluate(env, t.q(), evalEpisodes, Seeds.derive(seed, "eval"));
        Row row = runs.get(cfg.key() + "-" + r);
        assertThat(row.<Long>getAs("seed")).isEqualTo(seed);
        assertThat(row.<Double>getAs("final_score")).isEqualTo(e.meanReturn());
        assertThat(row.<Double>getAs("eval_success_rate")).isEqualTo(e.successRate());
        assertThat(row.<Long>getAs("total_steps")).isEqualTo(t.totalSteps());
        Optimality.Gap g = opt.gapOfGreedy(t.q().values());
        assertThat(row.<Double>getAs("optimal_value")).isEqualTo(g.optimalStartValue());
        assertThat(row.<Double>getAs("policy_value")).isEqualTo(g.policyStartValue());
        assertThat(row.<Double>getAs("optimality_gap")).isEqualTo(g.gap());
        LearningCurve curve = LearningCurve.of(t.episodeReturns(), 10, 8);
        assertThat(doubles(row, "curve_return")).containsExactly(curve.values());
      }
      QTable mean = QTable.mean(tables);
      assertThat(out.readQTable(cfg.key())).isEqualTo(mean);
      EvalResult merged = GreedyEvaluator.evaluate(env, mean, evalEpisodes,
          Seeds.derive(spec.seed(), "merged-eval/" + cfg.key()));
      Row c = configs.get(cfg.key());
      assertThat(c.<Double>getAs("merged_score")).isEqualTo(merged.meanReturn());
      assertThat(c.<Double>getAs("merged_eval_mean_return")).isEqualTo(merged.meanReturn());
      assertThat(c.<Double>getAs("merged_gap")).isEqualTo(opt.gapOfGreedy(mean.values()).gap());
    }
  }

  @Test
  void theSummaryRanksByIqmWithTheProbabilityOfImprovementOfTheBest() throws IOException {
    SweepOutput out = SweepOutput.open(spark, full.toString());
    List<Row> ranked = out.summary().orderBy("rank").collectAsList();
    Map<String, double[]> scores = new HashMap<>();
    out.configs().collectAsList().forEach(r -> scores.put(r.getAs("config_key"), doubles(r, "scores")));
    assertThat(ranked).hasSize(8);
    Row best = ranked.get(0);
    assertThat(best.<Boolean>getAs("is_best")).isTrue();
    double[] x = scores.get(best.<String>getAs("config_key"));
    for (int i = 0; i < ranked.size(); i++) {
      Row r = ranked.get(i);
      assertThat(r.<Integer>getAs("rank")).isEqualTo(i + 1);
      if (i > 0) {
        Row prev = ranked.get(i - 1);
        double a = prev.getAs("score_iqm");
        double b = r.getAs("score_iqm");
        assertThat(a > b || (a == b && prev.<Integer>getAs("config_index") < r.<Integer>getAs("config_index")))
            .isTrue();
        assertThat(r.<Boolean>getAs("is_best")).isFalse();
      }
      String key = r.getAs("config_key");
      assertThat(r.<Double>getAs("poi_best")).isEqualTo(Stats.probabilityOfImprovement(x, scores.get(key)));
    }
    assertThat(best.<Double>getAs("poi_best")).isEqualTo(0.5);

    String top = Files.readString(full.resolve("summary/top.md"));
    assertThat(top).contains("| rank | config | algorithm | alpha | epsilon |").contains(best.<String>getAs(
        "config_key"));
    assertThat(top.lines().filter(l -> l.matches("\\| \\d+ \\| [0-9a-f]{16} \\|.*"))).hasSize(5);
    assertThat(fullOut).contains(top.lines().skip(4).findFirst().orElseThrow());
    List<String> csv = Files.readAllLines(full.resolve("summary/top.csv"));
    assertThat(csv).hasSize(6);
    assertThat(csv.get(0)).startsWith("rank,config_index,config_key,algorithm,alpha,epsilon,");
    assertThat(csv.get(1)).startsWith("1,").contains(best.<String>getAs("config_key"));
  }

  @Test
  void hyperparameterImportanceIsFittedOnTheSweptParameters() throws IOException {
    assertThat(fullResult.summary().importance().fitted()).isTrue();
    List<String> lines = Files.readAllLines(full.resolve("summary/importance.csv"));
    assertThat(lines.get(0)).isEqualTo("parameter,kind,distinct_values,importance");
    assertThat(lines.subList(1, lines.size())).extracting(l -> l.split(",")[0])
        .containsExactlyInAnyOrder("algorithm", "alpha", "epsilon");
    double sum = lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[3])).sum();
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(lines).anyMatch(l -> l.startsWith("algorithm,categorical,2,"))
        .anyMatch(l -> l.startsWith("alpha,numeric,2,"));
    assertThat(fullOut).contains("Hyperparameter importance");
  }

  @Test
  void hyperparameterImportanceIsSkippedWithANoteWhenItCannotBeFitted() {
    StructType schema = new StructType().add("config_index", DataTypes.IntegerType, false)
        .add("params", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false)
        .add("score_mean", DataTypes.DoubleType, false);
    java.util.function.BiFunction<String[], double[], Dataset<Row>> configs = (alphas, scores) -> {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < alphas.length; i++) {
        rows.add(RowFactory.create(i, scala.jdk.javaapi.CollectionConverters.asScala(Map.of("alpha", alphas[i], "algorithm",
            "q_learning")), scores[i]));
      }
      return spark.createDataFrame(rows, schema);
    };
    List<String> dims = List.of("alpha", "algorithm");
    assertThat(HyperparameterImportance.fit(configs.apply(new String[] {"0.1", "0.2", "0.3"}, new double[] {1, 2,
        3}), dims, "score_mean", 1).note()).isEqualTo("skipped: 3 configurations; at least 4 are needed");
    assertThat(HyperparameterImportance.fit(configs.apply(new String[] {"0.1", "0.1", "0.1", "0.1"},
        new double[] {1, 2, 3, 4}), dims, "score_mean", 1).note())
        .isEqualTo("skipped: no swept parameter takes 2 or more values");
    assertThat(HyperparameterImportance.fit(configs.apply(new String[] {"0.1", "0.2", "0.3", "0.4"},
        new double[] {5, 5, 5, 5}), dims, "score_mean", 1).note())
        .isEqualTo("skipped: score_mean is the same for every configuration");
    HyperparameterImportance.Result fitted = HyperparameterImportance.fit(configs.apply(
        new String[] {"0.1", "0.2", "0.3", "0.4"}, new double[] {1, 2, 3, 4}), dims, "score_mean", 1);
    assertThat(fitted.fitted()).isTrue();
    assertThat(fitted.features()).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("alpha");
      assertThat(f.kind()).isEqualTo("numeric");
      assertThat(f.importance()).isEqualTo(1.0);
    });
  }

  @Test
  void local1AndLocal2GiveIdenticalResults() throws IOException {
    assertThat(local1Result.complete()).isTrue();
    assertOutputsEqual(local1, full);
  }

  @Test
  void resumesAfterAPartialRunAndRecomputesOnlyMissingChunks() throws IOException {
    Path dir = resume;
    assertThat(partialResult.complete()).isFalse();
    assertThat(partialResult.computedChunks()).containsExactly(0, 1);
    assertThat(partialResult.summary()).isNull();
    assertThat(dir.resolve("summary")).doesNotExist();
    assertThat(SweepOutput.open(spark, dir.toString()).runs().count()).isEqualTo(12);
    assertThat(SweepOutput.open(spark, dir.toString()).isComplete()).isFalse();

    // Resumed (by the local[2] session): only the two missing chunks are computed; results equal the full run's.
    SweepJob.Result rest = SweepJob.run(spark, spec, yaml, options(dir), quiet(), quiet());
    assertThat(rest.resumed()).isTrue();
    assertThat(rest.skippedChunks()).containsExactly(0, 1);
    assertThat(rest.computedChunks()).containsExactly(2, 3);
    assertThat(rest.runsComputed()).isEqualTo(12);
    assertThat(rest.complete()).isTrue();
    assertOutputsEqual(dir, full);

    // A chunk whose commit marker is missing, and one marked complete whose contents are wrong (here: another
    // chunk's files), are recomputed; the others are left untouched.
    long before = Files.getLastModifiedTime(onlyParquet(dir.resolve("runs/chunk=00000"))).toMillis();
    Files.delete(dir.resolve("configs/chunk=00002/_SUCCESS"));
    deleteTree(dir.resolve("configs/chunk=00003"));
    copyTree(dir.resolve("configs/chunk=00001"), dir.resolve("configs/chunk=00003"));
    StringWriter err = new StringWriter();
    SweepJob.Result again = SweepJob.run(spark, spec, yaml, options(dir), quiet(), new PrintWriter(err, true));
    assertThat(again.computedChunks()).containsExactly(2, 3);
    assertThat(again.skippedChunks()).containsExactly(0, 1);
    assertThat(err.toString()).contains("chunk 3 is marked complete but")
        .doesNotContain("chunk 2 is marked");
    assertThat(Files.getLastModifiedTime(onlyParquet(dir.resolve("runs/chunk=00000"))).toMillis())
        .isEqualTo(before);
    assertOutputsEqual(dir, full);
  }

  @Test
  void automaticChunkingCutsTheLastWaveSmallerWithTheSameNumbersAsFixedChunks() throws IOException {
    // 32 configurations x 3 replicas on local[2]: automatic chunking wants 8 chunks of 12 runs (4 configurations)
    String text = yaml.replace("  gamma: 0.95\n", "").replace("grid:\n", "grid:\n  gamma: [0.9, 0.95, 0.99, 1.0]\n");
    SweepSpec guided = SweepSpec.parse(text, "guided.yaml");
    assertThat(guided.numConfigs()).isEqualTo(32);
    Path auto = tmp.resolve("guided-auto");
    Path fixed = tmp.resolve("guided-fixed");
    SweepJob.Result a = SweepJob.run(spark, guided, text, options(auto).withChunkRuns(0), quiet(), quiet());
    SweepJob.Result f = SweepJob.run(spark, guided, text, options(fixed).withChunkRuns(12), quiet(), quiet());
    assertThat(a.complete()).isTrue();
    assertThat(f.complete()).isTrue();

    SweepOutput oa = SweepOutput.open(spark, auto.toString());
    SweepOutput of = SweepOutput.open(spark, fixed.toString());
    assertThat(oa.manifest().chunkSizes()).containsExactly(4, 4, 4, 4, 4, 4, 4, 2, 1, 1);
    assertThat(of.manifest().chunkSizes()).containsExactly(4, 4, 4, 4, 4, 4, 4, 4);
    int[][] dealt = oa.manifest().chunkConfigIndices();
    for (Row r : oa.configs().groupBy("chunk").count().collectAsList()) {
      assertThat(r.getLong(1)).isEqualTo(dealt[r.getInt(0)].length);
    }
    assertThat(rows(oa.runs().drop("chunk"), "config_index", "replica"))
        .isEqualTo(rows(of.runs().drop("chunk"), "config_index", "replica"));
    assertThat(rows(oa.configs().drop("chunk"), "config_index"))
        .isEqualTo(rows(of.configs().drop("chunk"), "config_index"));
    assertThat(Files.readString(auto.resolve("summary/top.csv")))
        .isEqualTo(Files.readString(fixed.resolve("summary/top.csv")));
  }

  @Test
  void aManifestWhoseConfigurationCountDiffersFromTheSweepIsRefusedBeforeAnyTask() throws IOException {
    Path dir = tmp.resolve("tampered");
    SweepJob.run(spark, spec, yaml, options(dir).withStopAfterChunks(0), quiet(), quiet());
    Path manifest = dir.resolve("sweep.json");
    String text = Files.readString(manifest);
    assertThat(text).contains("\"configs\" : 8,").contains("\"chunk_sizes\" : [ 2, 2, 2, 2 ]");
    // consistent with itself (sizes add up), the same sweep id, but not the sweep's expansion
    Files.writeString(manifest, text.replace("\"configs\" : 8,", "\"configs\" : 7,")
        .replace("[ 2, 2, 2, 2 ]", "[ 2, 2, 2, 1 ]"));
    Files.deleteIfExists(dir.resolve(".sweep.json.crc"));
    assertThatThrownBy(() -> SweepJob.run(spark, spec, yaml, options(dir), quiet(), quiet()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sweep.json says configs 7 but the sweep expands to 8");
    assertThat(dir.resolve("runs")).doesNotExist();
  }

  @Test
  void aDirectoryOfAnEarlierLayoutIsComputedAndResumedWithItsOwnDeal() throws IOException {
    Path dir = tmp.resolve("format1");
    // What an earlier version left: sweep.json of layout 1 (consecutive chunks of 2 configurations), no chunk yet.
    SweepJob.Result none = SweepJob.run(spark, spec, yaml, options(dir).withStopAfterChunks(0), quiet(), quiet());
    assertThat(none.computedChunks()).isEmpty();
    Path manifest = dir.resolve("sweep.json");
    String text = Files.readString(manifest);
    assertThat(text).contains("\"format\" : 3");
    Files.writeString(manifest, text.replace("\"format\" : 3", "\"format\" : 1"));
    Files.deleteIfExists(dir.resolve(".sweep.json.crc"));

    SweepJob.Result part = SweepJob.run(spark, spec, yaml, options(dir).withStopAfterChunks(2), quiet(), quiet());
    assertThat(part.computedChunks()).containsExactly(0, 1);
    SweepJob.Result rest = SweepJob.run(spark, spec, yaml, options(dir), quiet(), quiet());
    assertThat(rest.resumed()).isTrue();
    assertThat(rest.skippedChunks()).containsExactly(0, 1);
    assertThat(rest.computedChunks()).containsExactly(2, 3);

    SweepOutput legacy = SweepOutput.open(spark, dir.toString());
    assertThat(legacy.manifest().deal()).isEqualTo(SweepManifest.Deal.CONSECUTIVE);
    for (Row r : legacy.configs().select("config_index", "chunk").collectAsList()) {
      assertThat(r.getInt(1)).isEqualTo(r.getInt(0) / 2); // chunk c = configurations 2c and 2c + 1
    }
    // the same numbers as the run dealt by the current layout; only the chunk numbers differ
    SweepOutput current = SweepOutput.open(spark, full.toString());
    assertThat(rows(legacy.runs().drop("chunk"), "config_index", "replica"))
        .isEqualTo(rows(current.runs().drop("chunk"), "config_index", "replica"));
    assertThat(rows(legacy.configs().drop("chunk"), "config_index"))
        .isEqualTo(rows(current.configs().drop("chunk"), "config_index"));
    assertThat(Files.readString(dir.resolve("summary/top.csv"))).isEqualTo(Files.readString(full.resolve(
        "summary/top.csv")));
  }

  @Test
  void aTaskThatFailsHalfwayThroughItsCommitIsRetriedWithIdenticalResults() throws IOException {
    Path dir = tmp.resolve("retry");
    ChunkWriter.failFirstAttemptOfChunk = 1;
    int injected = ChunkWriter.INJECTED_FAILURES.get();
    SweepJob.Result r;
    try {
      r = SweepJob.run(spark, spec, yaml, options(dir), quiet(), quiet());
    } finally {
      ChunkWriter.failFirstAttemptOfChunk = -1;
    }
    assertThat(r.complete()).isTrue();
    assertThat(r.computedChunks()).containsExactly(0, 1, 2, 3);
    // The first attempt of chunk 1 failed after committing runs/chunk=00001; the retry redid the whole chunk.
    assertThat(ChunkWriter.INJECTED_FAILURES.get()).isEqualTo(injected + 1);
    try (Stream<Path> s = Files.list(dir.resolve("configs/chunk=00001"))) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(ChunkWriter.PART, "_SUCCESS");
    }
    assertThat(dir.resolve("_tmp")).doesNotExist();
    assertOutputsEqual(dir, full);
    assertThat(SweepOutput.open(spark, dir.toString()).configs().count()).isEqualTo(8);
  }

  @Test
  void refusesAnotherSweepOrForeignFilesInTheOutputDirectory() throws IOException {
    SweepSpec other = SweepSpec.parse(yaml.replace("seed: 7", "seed: 8"), "other.yaml");
    assertThat(other.sweepId()).isNotEqualTo(spec.sweepId());
    assertThatThrownBy(() -> SweepJob.run(spark, other, yaml, options(full), quiet(), quiet()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds another sweep")
        .hasMessageContaining(spec.sweepId())
        .hasMessageContaining(other.sweepId());
    assertThat(Files.readString(full.resolve("sweep.json"))).contains(spec.sweepId());

    Path foreign = tmp.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> SweepJob.run(spark, spec, yaml, options(foreign), quiet(), quiet()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not empty and holds no qsweep sweep");
    assertThat(Files.list(foreign)).hasSize(1);
  }

  @Test
  void theRunCommandExitsWith2WhenTheOutputDirectoryHoldsAnotherSweep() throws IOException {
    Path other = tmp.resolve("other.yaml");
    Files.writeString(other, yaml.replace("seed: 7", "seed: 8"));
    StringWriter err = new StringWriter();
    int code = Main.execute(new String[] {"run", other.toString(), "--output", full.toString(),
        "--progress-seconds", "0"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).isEqualTo(Main.USAGE);
    assertThat(err.toString()).contains("run: error: --output ").contains("holds another sweep");
    assertThat(spark.sparkContext().isStopped()).isFalse(); // a session the command did not create stays
  }

  @Test
  void parquetWrittenByTasksReadsBackThroughSparkWithNullsEmptyCollectionsAndNesting() throws IOException {
    StructType inner = new StructType().add("x", DataTypes.DoubleType, true);
    StructType schema = new StructType()
        .add("i", DataTypes.IntegerType, false).add("l", DataTypes.LongType, true)
        .add("b", DataTypes.BooleanType, false).add("s", DataTypes.StringType, true)
        .add("ints", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add("maybe", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
        .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, true), true)
        .add("structs", DataTypes.createArrayType(inner, false), false);
    Path dir = tmp.resolve("parquet-rows");
    TaskStorage storage = TaskStorage.of(dir.toUri().toString(), spark.sparkContext().hadoopConfiguration());
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    m.put("b", 2.0);
    m.put("a", null);
    try (ParquetRowWriter w = new ParquetRowWriter(storage.parquetFile("t/part.parquet"), schema,
        spark.sparkContext().hadoopConfiguration())) {
      w.write(RowFactory.create(1, 5L, true, "é", new int[] {3, 1}, new Double[] {1.5, null}, m,
          new Row[] {RowFactory.create(0.25), RowFactory.create((Object) null)}));
      w.write(RowFactory.create(2, null, false, null, new int[0], null, Map.of(), new Row[0]));
    }
    Dataset<Row> back = spark.read().parquet(dir.resolve("t").toString());
    assertThat(back.schema().simpleString()).isEqualTo(schema.simpleString()); // Spark reads files as nullable
    List<Row> rows = back.orderBy("i").collectAsList();
    Row a = rows.get(0);
    assertThat(a.getLong(1)).isEqualTo(5L);
    assertThat(a.getString(3)).isEqualTo("é");
    assertThat(a.<Integer>getList(4)).containsExactly(3, 1);
    assertThat(a.<Double>getList(5)).containsExactly(1.5, null);
    assertThat(a.<String, Double>getJavaMap(6)).containsEntry("b", 2.0).containsEntry("a", null).hasSize(2);
    assertThat(a.<Row>getList(7)).extracting(r -> r.isNullAt(0) ? null : r.getDouble(0)).containsExactly(0.25, null);
    Row b = rows.get(1);
    assertThat(b.isNullAt(1)).isTrue();
    assertThat(b.getBoolean(2)).isFalse();
    assertThat(b.isNullAt(3)).isTrue();
    assertThat(b.getList(4)).isEmpty();
    assertThat(b.isNullAt(5)).isTrue();
    assertThat(b.getJavaMap(6)).isEmpty();
    assertThat(b.getList(7)).isEmpty();
    assertThatThrownBy(() -> {
      try (ParquetRowWriter w = new ParquetRowWriter(storage.parquetFile("u/part.parquet"), schema,
          spark.sparkContext().hadoopConfiguration())) {
        w.write(RowFactory.create(null, 1L, true, "s", new int[0], null, null, new Row[0]));
      }
    }).hasMessageContaining("column i is null but not nullable");
  }

  // ---- helpers ----

  /** Every deterministic column of runs/, configs/ and summary/, the Q-tables and the summary files are equal. */
  private void assertOutputsEqual(Path a, Path b) throws IOException {
    SweepOutput oa = SweepOutput.open(spark, a.toString());
    SweepOutput ob = SweepOutput.open(spark, b.toString());
    assertThat(rows(oa.runs(), "config_index", "replica")).isEqualTo(rows(ob.runs(), "config_index", "replica"));
    assertThat(rows(oa.configs(), "config_index")).isEqualTo(rows(ob.configs(), "config_index"));
    assertThat(rows(oa.summary(), "rank")).isEqualTo(rows(ob.summary(), "rank"));
    for (SweepConfig c : spec.expand()) {
      String q = OutputLayout.qtableRelative(c.key());
      assertThat(Files.readAllBytes(a.resolve(q))).as(q).isEqualTo(Files.readAllBytes(b.resolve(q)));
    }
    for (String f : List.of("summary/top.md", "summary/top.csv", "summary/importance.csv",
        "summary/summary.json")) {
      assertThat(Files.readString(a.resolve(f))).as(f).isEqualTo(Files.readString(b.resolve(f)));
    }
  }

  private static List<Row> rows(Dataset<Row> d, String... order) {
    List<String> keep = Arrays.stream(d.columns()).filter(c -> !SweepRows.TIMING_COLUMNS.contains(c)).toList();
    return d.select(keep.get(0), keep.subList(1, keep.size()).toArray(String[]::new))
        .orderBy(order[0], Arrays.copyOfRange(order, 1, order.length)).collectAsList();
  }

  private static double[] doubles(Row r, String field) {
    List<Double> l = r.getList(r.fieldIndex(field));
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static Path onlyParquet(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
