package io.qsweep.spark;

import io.qsweep.learn.EvalResult;
import io.qsweep.sweep.SweepConfig;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet schemas of {@code runs/} and {@code configs/} and the conversion of {@link RunOutcome} and
 * {@link ConfigOutcome} to rows (Java values, as {@link ParquetRowWriter} takes them). Columns are documented in {@code jobs/OUTPUT.md}. Undefined values (a sample
 * standard deviation of one replica, a success rate without a goal, a gap that does not exist) are {@code null},
 * never NaN.
 */
public final class SweepRows {
  /** Columns that are wall-time measurements: everything else is deterministic. */
  public static final List<String> TIMING_COLUMNS =
      List.of("train_seconds", "eval_seconds", "wall_seconds", "run_seconds", "merge_seconds");

  private static final DataType PARAMS = DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false);
  private static final DataType TERMS = DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false);
  private static final DataType INTS = DataTypes.createArrayType(DataTypes.IntegerType, false);
  private static final DataType DOUBLES = DataTypes.createArrayType(DataTypes.DoubleType, false);

  /** One row per run. */
  public static final StructType RUN = new StructType(new StructField[] {
      field("config_index", DataTypes.IntegerType, false),
      field("config_key", DataTypes.StringType, false),
      field("replica", DataTypes.IntegerType, false),
      field("seed", DataTypes.LongType, false),
      field("env", DataTypes.StringType, false),
      field("params", PARAMS, false),
      field("final_score", DataTypes.DoubleType, false),
      field("eval_mean_return", DataTypes.DoubleType, false),
      field("eval_std_return", DataTypes.DoubleType, false),
      field("eval_success_rate", DataTypes.DoubleType, true),
      field("eval_mean_length", DataTypes.DoubleType, false),
      field("score_terms", TERMS, true),
      field("optimal_value", DataTypes.DoubleType, true),
      field("policy_value", DataTypes.DoubleType, true),
      field("optimality_gap", DataTypes.DoubleType, true),
      field("gap_status", DataTypes.StringType, false),
      field("episodes", DataTypes.IntegerType, false),
      field("total_steps", DataTypes.LongType, false),
      field("curve_step", INTS, false),
      field("curve_return", DOUBLES, false),
      field("train_seconds", DataTypes.DoubleType, false),
      field("eval_seconds", DataTypes.DoubleType, false),
      field("wall_seconds", DataTypes.DoubleType, false)});

  /** One row per configuration. */
  public static final StructType CONFIG = new StructType(new StructField[] {
      field("config_index", DataTypes.IntegerType, false),
      field("config_key", DataTypes.StringType, false),
      field("env", DataTypes.StringType, false),
      field("params", PARAMS, false),
      field("replicas", DataTypes.IntegerType, false),
      field("scores", DOUBLES, false),
      field("score_mean", DataTypes.DoubleType, false),
      field("score_std", DataTypes.DoubleType, true),
      field("score_median", DataTypes.DoubleType, false),
      field("score_iqm", DataTypes.DoubleType, false),
      field("score_iqm_ci_low", DataTypes.DoubleType, false),
      field("score_iqm_ci_high", DataTypes.DoubleType, false),
      field("score_mean_ci_low", DataTypes.DoubleType, false),
      field("score_mean_ci_high", DataTypes.DoubleType, false),
      field("success_rate", DataTypes.DoubleType, true),
      field("optimal_value", DataTypes.DoubleType, true),
      field("gap_mean", DataTypes.DoubleType, true),
      field("gap_exact_runs", DataTypes.IntegerType, false),
      field("curve_step", INTS, false),
      field("curve_mean", DOUBLES, false),
      field("curve_ci_low", DOUBLES, false),
      field("curve_ci_high", DOUBLES, false),
      field("merged_score", DataTypes.DoubleType, false),
      field("merged_eval_mean_return", DataTypes.DoubleType, false),
      field("merged_eval_std_return", DataTypes.DoubleType, false),
      field("merged_eval_success_rate", DataTypes.DoubleType, true),
      field("merged_eval_mean_length", DataTypes.DoubleType, false),
      field("merged_score_terms", TERMS, true),
      field("merged_policy_value", DataTypes.DoubleType, true),
      field("merged_gap", DataTypes.DoubleType, true),
      field("merged_gap_status", DataTypes.StringType, false),
      field("qtable_path", DataTypes.StringType, false),
      field("qtable_states", DataTypes.IntegerType, false),
      field("qtable_actions", DataTypes.IntegerType, false),
      field("total_steps", DataTypes.LongType, false),
      field("run_seconds", DataTypes.DoubleType, false),
      field("merge_seconds", DataTypes.DoubleType, false)});

  private SweepRows() {
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return DataTypes.createStructField(name, type, nullable);
  }

  /** The {@link #RUN} row of {@code run} of {@code config}. */
  public static Row runRow(SweepConfig config, RunOutcome run) {
    return runRow(config, config.params(), run);
  }

  /**
   * The {@link #RUN} row of {@code run} of {@code config}, whose {@link SweepConfig#params()} are {@code params}:
   * the replicas of a configuration share one map instead of formatting it again for every run.
   */
  public static Row runRow(SweepConfig config, java.util.Map<String, String> params, RunOutcome run) {
    EvalResult e = run.eval();
    GapOutcome g = run.gap();
    return RowFactory.create(config.index(), config.key(), run.replica(), run.seed(), config.envName(),
        params, run.score(), e.meanReturn(), e.stdReturn(), orNull(e.successRate()), e.meanLength(),
        run.scoreTerms(), g.optimalValue(), g.policyValue(), g.gap(), g.status(), run.episodes(), run.totalSteps(),
        run.curve().steps(), run.curve().values(), run.trainSeconds(), run.evalSeconds(), run.wallSeconds());
  }

  /** The {@link #CONFIG} row of {@code c}. */
  public static Row configRow(ConfigOutcome c) {
    SweepConfig t = c.config();
    EvalResult m = c.merged().eval();
    return RowFactory.create(t.index(), t.key(), t.envName(), t.params(), c.scores().length, c.scores(), c.mean(),
        orNull(c.std()), c.median(), c.iqm(), c.iqmCi().lower(), c.iqmCi().upper(), c.meanCi().lower(),
        c.meanCi().upper(), c.successRate(), c.mergedGap().optimalValue(), c.gapMean(), c.gapExactRuns(),
        c.curveSteps(), c.curve().mean(), c.curve().lower(), c.curve().upper(), c.merged().score(), m.meanReturn(),
        m.stdReturn(), orNull(m.successRate()), m.meanLength(), c.merged().terms(), c.mergedGap().policyValue(),
        c.mergedGap().gap(), c.mergedGap().status(), c.qtablePath(), c.numStates(), c.numActions(), c.totalSteps(),
        c.runSeconds(), c.mergeSeconds());
  }

  private static Double orNull(double x) {
    return Double.isNaN(x) ? null : x;
  }
}
