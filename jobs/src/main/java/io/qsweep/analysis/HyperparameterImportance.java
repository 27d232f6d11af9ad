package io.qsweep.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Which swept hyperparameters matter: a Spark MLlib random forest regresses a configuration's score on its swept
 * parameters, and the forest's impurity-based feature importances (normalised to sum to 1) say how much each
 * parameter explains.
 *
 * <p>Input: one row per configuration with a {@code params} map (parameter name to canonical text value), a
 * {@code config_index} and a numeric label column. A parameter whose every value parses as a number is a numeric
 * feature; any other is categorical, indexed in alphabetical order of its values ({@link StringIndexer},
 * {@code alphabetAsc}) and split as a category by the forest. Parameters with fewer than 2 distinct values are left
 * out.
 *
 * <p>Skipped, with a note saying why, when fewer than {@value #MIN_CONFIGS} configurations exist, no parameter takes
 * 2 or more values, or the score is the same for every configuration.
 *
 * <p>Deterministic: the forest is seeded and trained on one partition ordered by {@code config_index} (MLlib's
 * bootstrap sampling seeds each partition from its index, so the partitioning would otherwise change the forest):
 * the training rows — one small row per configuration: index, label, parameter values — are collected to the
 * driver, sorted and handed back to Spark as one local partition.
 * Forest: {@value #NUM_TREES} trees of depth at most {@value #MAX_DEPTH}, {@code featureSubsetStrategy = all} (with a
 * handful of features, sampling them would mostly add noise to the importances).
 */
public final class HyperparameterImportance {
  /** Fewer configurations than this: no fit. */
  public static final int MIN_CONFIGS = 4;
  public static final int NUM_TREES = 100;
  public static final int MAX_DEPTH = 5;

  /**
   * One swept parameter.
   *
   * @param name           parameter name
   * @param kind           {@code numeric} or {@code categorical}
   * @param distinctValues number of distinct values across configurations
   * @param importance     share of the forest's impurity reduction, in [0, 1]
   */
  public record Feature(String name, String kind, int distinctValues, double importance) {
  }

  /**
   * The importances, most important first, or a note when the fit was skipped.
   *
   * @param features the swept parameters with their importance (empty when skipped)
   * @param configs  the number of configurations
   * @param label    the column that was regressed
   * @param note     why the fit was skipped, or {@code null}
   */
  public record Result(List<Feature> features, long configs, String label, String note) {
    public Result {
      features = List.copyOf(features);
    }

    public boolean fitted() {
      return note == null;
    }
  }

  private HyperparameterImportance() {
  }

  /**
   * Fits the forest.
   *
   * @param configs    one row per configuration: {@code config_index}, {@code params} and {@code label}
   * @param parameters the parameters to consider (e.g. the sweep's varying dimensions), in report order for ties
   * @param label      the numeric column to explain, e.g. {@code score_mean}
   * @param seed       the forest's seed
   */
  public static Result fit(Dataset<Row> configs, List<String> parameters, String label, long seed) {
    // One small row per configuration (its index, label and parameter values), in index order on the driver: the
    // forest then trains on one partition in a fixed order, whatever the partitioning of the sweep's output.
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col("config_index"));
    cols.add(functions.col(label).cast("double"));
    for (String p : parameters) {
      cols.add(functions.coalesce(functions.element_at(functions.col("params"), p), functions.lit("(unset)")));
    }
    List<Row> rows = new ArrayList<>(configs.select(cols.toArray(Column[]::new)).collectAsList());
    rows.sort(Comparator.comparingInt(r -> r.getInt(0)));
    int n = rows.size();
    if (n < MIN_CONFIGS) {
      return new Result(List.of(), n, label, "skipped: " + n + (n == 1 ? " configuration" : " configurations")
          + "; at least " + MIN_CONFIGS + " are needed");
    }
    List<Integer> used = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    List<Integer> distinct = new ArrayList<>();
    int maxCategories = 2;
    for (int i = 0; i < parameters.size(); i++) {
      java.util.Set<String> values = new java.util.HashSet<>();
      boolean numeric = true;
      for (Row r : rows) {
        String v = r.getString(2 + i);
        values.add(v);
        numeric &= isNumber(v);
      }
      if (values.size() >= 2) {
        used.add(i);
        kinds.add(numeric ? "numeric" : "categorical");
        distinct.add(values.size());
        if (!numeric) {
          maxCategories = Math.max(maxCategories, values.size());
        }
      }
    }
    if (used.isEmpty()) {
      return new Result(List.of(), n, label, "skipped: no swept parameter takes 2 or more values");
    }
    double first = rows.get(0).isNullAt(1) ? Double.NaN : rows.get(0).getDouble(1);
    boolean varies = false;
    for (Row r : rows) {
      if (r.isNullAt(1) || Double.isNaN(r.getDouble(1))) {
        return new Result(List.of(), n, label, "skipped: " + label + " is missing for configuration " + r.getInt(0));
      }
      varies |= r.getDouble(1) != first;
    }
    if (!varies) {
      return new Result(List.of(), n, label, "skipped: " + label + " is the same for every configuration");
    }

    StructType schema = new StructType().add("label", DataTypes.DoubleType, false);
    for (int j = 0; j < used.size(); j++) {
      schema = schema.add("p" + used.get(j), kinds.get(j).equals("numeric") ? DataTypes.DoubleType
          : DataTypes.StringType, false);
    }
    List<Row> training = new ArrayList<>(n);
    for (Row r : rows) {
      Object[] v = new Object[1 + used.size()];
      v[0] = r.getDouble(1);
      for (int j = 0; j < used.size(); j++) {
        String x = r.getString(2 + used.get(j));
        v[1 + j] = kinds.get(j).equals("numeric") ? (Object) Double.parseDouble(x) : x;
      }
      training.add(RowFactory.create(v));
    }
    SparkSession spark = configs.sparkSession();
    Dataset<Row> prepared = spark.createDataFrame(training, schema).coalesce(1);
    int maxBins = Math.max(maxCategories, Math.min(32, n)); // MLlib warns when maxBins exceeds the rows
    List<PipelineStage> stages = new ArrayList<>();
    String[] inputs = new String[used.size()];
    for (int j = 0; j < used.size(); j++) {
      int i = used.get(j);
      inputs[j] = kinds.get(j).equals("numeric") ? "p" + i : "x" + i;
      if (!kinds.get(j).equals("numeric")) {
        stages.add(new StringIndexer().setInputCol("p" + i).setOutputCol("x" + i)
            .setStringOrderType("alphabetAsc"));
      }
    }
    stages.add(new VectorAssembler().setInputCols(inputs).setOutputCol("features"));
    stages.add(new RandomForestRegressor().setLabelCol("label").setFeaturesCol("features").setSeed(seed)
        .setNumTrees(NUM_TREES).setMaxDepth(MAX_DEPTH).setMaxBins(maxBins)
        .setFeatureSubsetStrategy("all"));
    PipelineModel model = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(prepared);
    RandomForestRegressionModel forest = (RandomForestRegressionModel) model.stages()[stages.size() - 1];
    double[] importance = forest.featureImportances().toArray();
    List<Feature> features = new ArrayList<>();
    for (int j = 0; j < used.size(); j++) {
      features.add(new Feature(parameters.get(used.get(j)), kinds.get(j), distinct.get(j), importance[j]));
    }
    features.sort(Comparator.comparingDouble(Feature::importance).reversed());
    return new Result(features, n, label, null);
  }

  private static boolean isNumber(String s) {
    try {
      return Double.isFinite(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
