package io.qsweep.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qsweep.analysis.HyperparameterImportance;
import io.qsweep.stats.Stats;
import io.qsweep.sweep.Seeds;
import io.qsweep.sweep.SweepSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The last step of a sweep, once every chunk is complete: reads {@code configs/}, ranks the configurations by the
 * IQM of their final scores (ties: lower configuration index first; only the pairs (index, IQM) are sorted on the
 * driver), computes the probability of improvement of the
 * best configuration over each one ({@link Stats#probabilityOfImprovement}: {@code P(best > this)} over the two
 * configurations' per-replica final scores, ties counting one half; the best configuration's scores are broadcast,
 * the rest stays on the executors),
 * fits the hyperparameter importance ({@link HyperparameterImportance} of {@code score_mean} on the swept
 * dimensions, seed {@code Seeds.derive(sweepSeed, "importance")}) and writes {@code summary/}: {@code configs.parquet}
 * (every configuration ranked), {@code top.md} and {@code top.csv} (the top configurations), {@code importance.csv}
 * and {@code summary.json}. Only the top rows reach the driver. Everything here is deterministic.
 */
public final class SweepSummary {

  /** The schema of {@code summary/configs.parquet}: one row per configuration, by rank. */
  public static final StructType SCHEMA = new StructType()
      .add("rank", DataTypes.IntegerType, false)
      .add("config_index", DataTypes.IntegerType, false)
      .add("config_key", DataTypes.StringType, false)
      .add("params", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), false)
      .add("replicas", DataTypes.IntegerType, false)
      .add("score_iqm", DataTypes.DoubleType, false)
      .add("score_iqm_ci_low", DataTypes.DoubleType, false)
      .add("score_iqm_ci_high", DataTypes.DoubleType, false)
      .add("score_mean", DataTypes.DoubleType, false)
      .add("score_mean_ci_low", DataTypes.DoubleType, false)
      .add("score_mean_ci_high", DataTypes.DoubleType, false)
      .add("score_std", DataTypes.DoubleType, true)
      .add("score_median", DataTypes.DoubleType, false)
      .add("success_rate", DataTypes.DoubleType, true)
      .add("optimal_value", DataTypes.DoubleType, true)
      .add("gap_mean", DataTypes.DoubleType, true)
      .add("merged_score", DataTypes.DoubleType, false)
      .add("merged_gap", DataTypes.DoubleType, true)
      .add("qtable_path", DataTypes.StringType, false)
      .add("poi_best", DataTypes.DoubleType, false)
      .add("is_best", DataTypes.BooleanType, false);

  /** The columns of {@code configs/} that the summary carries over, in {@link #SCHEMA} order after rank. */
  private static final String[] CARRIED = {"config_index", "config_key", "params", "replicas", "score_iqm",
      "score_iqm_ci_low", "score_iqm_ci_high", "score_mean", "score_mean_ci_low", "score_mean_ci_high", "score_std",
      "score_median", "success_rate", "optimal_value", "gap_mean", "merged_score", "merged_gap", "qtable_path",
      "scores"};

  /**
   * One row of the top table.
   *
   * @param poiBest {@code P(best > this)}
   */
  public record TopRow(int rank, int configIndex, String configKey, Map<String, String> params, int replicas,
      double iqm, double iqmLow, double iqmHigh, double mean, Double std, double median, Double successRate,
      Double gapMean, double mergedScore, Double mergedGap, double poiBest) {
  }

  /**
   * The summary.
   *
   * @param configs    number of configurations
   * @param best       the best configuration (rank 1)
   * @param top        the top configurations, by rank
   * @param importance the hyperparameter importance
   * @param text       what the job prints: the top table and the importances
   */
  public record Result(long configs, TopRow best, List<TopRow> top, HyperparameterImportance.Result importance,
      String text) {
  }

  private SweepSummary() {
  }

  /** Computes and writes the summary of a complete sweep. */
  public static Result write(SparkSession spark, OutputLayout layout, SweepManifest m, SweepSpec spec,
      SweepSettings settings, int topN) throws IOException {
    Dataset<Row> configs = SweepOutput.readChunks(spark, layout.configs(), allChunks(layout, m), SweepRows.CONFIG);

    // The ranking needs two numbers per configuration: sort them on the driver, broadcast the ranks.
    List<Row> keys = configs.select("config_index", "score_iqm").collectAsList();
    int n = keys.size();
    Integer[] order = new Integer[n];
    double[] iqm = new double[m.configs()];
    int[] indexAt = new int[n];
    for (int i = 0; i < n; i++) {
      indexAt[i] = keys.get(i).getInt(0);
      iqm[indexAt[i]] = keys.get(i).getDouble(1);
      order[i] = indexAt[i];
    }
    java.util.Arrays.sort(order, (x, y) -> iqm[x] != iqm[y] ? Double.compare(iqm[y], iqm[x])
        : Integer.compare(x, y));
    int[] rankOf = new int[m.configs()];
    for (int r = 0; r < n; r++) {
      rankOf[order[r]] = r + 1;
    }
    double[] best = doubles(configs.filter(functions.col("config_index").equalTo(order[0])).select("scores")
        .first().getList(0));

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<double[]> bestScores = jsc.broadcast(best);
    Broadcast<int[]> ranks = jsc.broadcast(rankOf);
    try {
      Dataset<Row> carried = configs.select(CARRIED[0], java.util.Arrays.copyOfRange(CARRIED, 1, CARRIED.length));
      spark.createDataFrame(carried.javaRDD().map(new RankAndImprove(bestScores, ranks)), SCHEMA).coalesce(1)
          .write().mode(SaveMode.Overwrite).parquet(layout.summaryConfigs().toString());
    } finally {
      bestScores.destroy();
      ranks.destroy();
    }

    List<TopRow> top = new ArrayList<>();
    for (Row r : spark.read().parquet(layout.summaryConfigs().toString())
        .filter(functions.col("rank").leq(topN)).collectAsList()) {
      top.add(topRow(r));
    }
    top.sort(java.util.Comparator.comparingInt(TopRow::rank));
    HyperparameterImportance.Result importance = HyperparameterImportance.fit(configs, spec.varyingDimensions(),
        "score_mean", Seeds.derive(settings.sweepSeed(), "importance"));

    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> dims = spec.varyingDimensions();
    String markdown = markdown(spec, n, top, dims, importance);
    SweepManifest.writeText(layout.topMarkdown(), hadoop, markdown);
    SweepManifest.writeText(layout.topCsv(), hadoop, csv(top, dims));
    SweepManifest.writeText(layout.importanceCsv(), hadoop, importanceCsv(importance));
    SweepManifest.writeText(layout.summaryJson(), hadoop, json(m, n, top.get(0), importance));
    return new Result(n, top.get(0), List.copyOf(top), importance, markdown);
  }

  private static List<org.apache.hadoop.fs.Path> allChunks(OutputLayout layout, SweepManifest m) {
    List<org.apache.hadoop.fs.Path> paths = new ArrayList<>();
    for (int c = 0; c < m.chunks(); c++) {
      paths.add(layout.configsChunk(c));
    }
    return paths;
  }

  /** Adds rank and the probability of improvement of the best configuration to a carried-over row. */
  private static final class RankAndImprove implements Function<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<double[]> best;
    private final Broadcast<int[]> ranks;

    RankAndImprove(Broadcast<double[]> best, Broadcast<int[]> ranks) {
      this.best = best;
      this.ranks = ranks;
    }

    @Override
    public Row call(Row r) {
      int rank = ranks.value()[r.getInt(0)];
      int scoresAt = r.length() - 1;
      double poi = Stats.probabilityOfImprovement(best.value(), doubles(r.getList(scoresAt)));
      Object[] v = new Object[SCHEMA.size()];
      v[0] = rank;
      for (int i = 0; i < scoresAt; i++) {
        v[1 + i] = r.get(i);
      }
      v[1 + scoresAt] = poi;
      v[2 + scoresAt] = rank == 1;
      return RowFactory.create(v);
    }
  }

  private static double[] doubles(List<Double> list) {
    double[] x = new double[list.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = list.get(i);
    }
    return x;
  }

  static TopRow topRow(Row r) {
    return new TopRow(r.getAs("rank"), r.getAs("config_index"), r.getAs("config_key"),
        new LinkedHashMap<>(r.<String, String>getJavaMap(r.fieldIndex("params"))), r.getAs("replicas"),
        r.getAs("score_iqm"), r.getAs("score_iqm_ci_low"), r.getAs("score_iqm_ci_high"), r.getAs("score_mean"),
        r.getAs("score_std"), r.getAs("score_median"), r.getAs("success_rate"), r.getAs("gap_mean"),
        r.getAs("merged_score"), r.getAs("merged_gap"), r.getAs("poi_best"));
  }

  static String markdown(SweepSpec spec, long configs, List<TopRow> top, List<String> dims,
      HyperparameterImportance.Result importance) {
    String nl = "\n";
    StringBuilder sb = new StringBuilder();
    sb.append("## ").append(spec.name()).append(": top ").append(top.size()).append(" of ").append(configs)
        .append(configs == 1 ? " configuration" : " configurations").append(nl).append(nl);
    sb.append("Ranked by the IQM of the final score over ").append(spec.replicas())
        .append(spec.replicas() == 1 ? " replica" : " replicas")
        .append(" (95% stratified-bootstrap CI). P(best > this): probability of improvement of the best "
            + "configuration over this one. Merged: score of the greedy policy of the mean Q-table. Gap: mean "
            + "exact optimality gap V*(start) − V^π(start) of the runs' greedy policies.").append(nl).append(nl);
    sb.append("| rank | config |");
    for (String d : dims) {
      sb.append(' ').append(d).append(" |");
    }
    sb.append(" IQM [95% CI] | mean ± std | success | gap | merged | P(best > this) |").append(nl);
    sb.append("|---:|---|");
    for (int i = 0; i < dims.size(); i++) {
      sb.append("---|");
    }
    sb.append("---|---|---:|---:|---:|---|").append(nl);
    for (TopRow t : top) {
      sb.append("| ").append(t.rank()).append(" | ").append(t.configKey()).append(" |");
      for (String d : dims) {
        sb.append(' ').append(t.params().getOrDefault(d, "")).append(" |");
      }
      sb.append(' ').append(num(t.iqm())).append(" [").append(num(t.iqmLow())).append(", ")
          .append(num(t.iqmHigh())).append("] | ").append(num(t.mean())).append(" ± ")
          .append(t.std() == null ? "–" : num(t.std())).append(" | ")
          .append(t.successRate() == null ? "–" : num(t.successRate())).append(" | ")
          .append(t.gapMean() == null ? "–" : num(t.gapMean())).append(" | ").append(num(t.mergedScore()))
          .append(" | ").append(t.rank() == 1 ? "best" : num(t.poiBest())).append(" |").append(nl);
    }
    sb.append(nl).append("### Hyperparameter importance").append(nl).append(nl);
    if (!importance.fitted()) {
      sb.append("Random forest of ").append(importance.label()).append(" on the swept parameters: ")
          .append(importance.note()).append('.').append(nl);
    } else {
      sb.append("Random forest (").append(HyperparameterImportance.NUM_TREES).append(" trees, Spark MLlib) of ")
          .append(importance.label()).append(" on the swept parameters, ").append(importance.configs())
          .append(" configurations; impurity-based importances sum to 1.").append(nl).append(nl);
      sb.append("| parameter | kind | values | importance |").append(nl).append("|---|---|---:|---:|").append(nl);
      for (HyperparameterImportance.Feature f : importance.features()) {
        sb.append("| ").append(f.name()).append(" | ").append(f.kind()).append(" | ").append(f.distinctValues())
            .append(" | ").append(num(f.importance())).append(" |").append(nl);
      }
    }
    return sb.toString();
  }

  static String csv(List<TopRow> top, List<String> dims) {
    StringBuilder sb = new StringBuilder("rank,config_index,config_key");
    for (String d : dims) {
      sb.append(',').append(csvField(d));
    }
    sb.append(",replicas,score_iqm,score_iqm_ci_low,score_iqm_ci_high,score_mean,score_std,score_median,"
        + "success_rate,gap_mean,merged_score,merged_gap,poi_best\n");
    for (TopRow t : top) {
      sb.append(t.rank()).append(',').append(t.configIndex()).append(',').append(t.configKey());
      for (String d : dims) {
        sb.append(',').append(csvField(t.params().getOrDefault(d, "")));
      }
      Object[] v = {t.replicas(), t.iqm(), t.iqmLow(), t.iqmHigh(), t.mean(), t.std(), t.median(), t.successRate(),
          t.gapMean(), t.mergedScore(), t.mergedGap(), t.poiBest()};
      for (Object x : v) {
        sb.append(',').append(x == null ? "" : x.toString());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  static String importanceCsv(HyperparameterImportance.Result r) {
    StringBuilder sb = new StringBuilder("parameter,kind,distinct_values,importance\n");
    for (HyperparameterImportance.Feature f : r.features()) {
      sb.append(csvField(f.name())).append(',').append(f.kind()).append(',').append(f.distinctValues()).append(',')
          .append(f.importance()).append('\n');
    }
    if (!r.fitted()) {
      sb.append("# ").append(r.note()).append('\n');
    }
    return sb.toString();
  }

  private static String json(SweepManifest m, long configs, TopRow best, HyperparameterImportance.Result imp) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode o = json.createObjectNode();
    o.put("sweep_id", m.sweepId());
    o.put("name", m.name());
    o.put("configs", configs);
    o.put("runs", m.runs());
    ObjectNode b = o.putObject("best");
    b.put("config_index", best.configIndex());
    b.put("config_key", best.configKey());
    ObjectNode p = b.putObject("params");
    new java.util.TreeMap<>(best.params()).forEach(p::put);
    b.put("score_iqm", best.iqm());
    b.put("score_iqm_ci_low", best.iqmLow());
    b.put("score_iqm_ci_high", best.iqmHigh());
    b.put("score_mean", best.mean());
    b.put("merged_score", best.mergedScore());
    b.put("qtable", OutputLayout.qtableRelative(best.configKey()));
    ObjectNode i = o.putObject("importance");
    i.put("label", imp.label());
    i.put("note", imp.note());
    ArrayNode fs = i.putArray("features");
    for (HyperparameterImportance.Feature f : imp.features()) {
      ObjectNode x = fs.addObject();
      x.put("parameter", f.name());
      x.put("kind", f.kind());
      x.put("distinct_values", f.distinctValues());
      x.put("importance", f.importance());
    }
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise the summary", e);
    }
  }

  private static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static String num(double x) {
    return String.format(Locale.ROOT, "%.3f", x);
  }
}
