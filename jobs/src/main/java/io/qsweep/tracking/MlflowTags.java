package io.qsweep.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tag keys qsweep writes. The {@code mlflow.*} ones are MLflow's own system tags (the UI uses them for nesting,
 * the user and source columns and the git link); the {@code qsweep.*} ones identify runs for idempotent re-logging:
 * a run is found by {@link #SWEEP_ID} + {@link #ROLE} (+ {@link #CONFIG_KEY}, + {@link #REPLICA}) before anything is
 * created. Completion is not a tag: a run is complete once its MLflow status is {@code FINISHED}, which qsweep sets
 * last (see {@link MlflowSweepLogger}); a run in any other state is completed on re-logging.
 */
public final class MlflowTags {
  /** The sweep's id: on the parent, every configuration run and every replica run. */
  public static final String SWEEP_ID = "qsweep.sweep_id";
  /** The configuration key: on configuration and replica runs. */
  public static final String CONFIG_KEY = "qsweep.config_key";
  /** {@code sweep}, {@code config} or {@code replica}. */
  public static final String ROLE = "qsweep.role";
  /** The replica index: on replica runs. */
  public static final String REPLICA = "qsweep.replica";
  /** On configuration runs: {@code true} once all their replica runs are logged (with {@code --log-replicas}). */
  public static final String REPLICAS_LOGGED = "qsweep.replicas_logged";
  /** The Spark application id of the sweep. */
  public static final String SPARK_APP_ID = "qsweep.spark_app_id";
  /** The qsweep version that ran the sweep. */
  public static final String VERSION = "qsweep.version";
  /** MLflow: the parent run's id; makes the UI nest the run. */
  public static final String PARENT_RUN_ID = "mlflow.parentRunId";
  /** MLflow: the run name. */
  public static final String RUN_NAME = "mlflow.runName";
  /** MLflow: the git commit of the code that ran. */
  public static final String GIT_COMMIT = "mlflow.source.git.commit";
  /** MLflow: the entry point that ran (e.g. {@code qsweep run}). */
  public static final String SOURCE_NAME = "mlflow.source.name";
  /** MLflow: the source type; qsweep writes {@code JOB}. */
  public static final String SOURCE_TYPE = "mlflow.source.type";
  /** MLflow: the user who ran it. */
  public static final String USER = "mlflow.user";

  static final String ROLE_SWEEP = "sweep";
  static final String ROLE_CONFIG = "config";
  static final String ROLE_REPLICA = "replica";

  private MlflowTags() {
  }

  /**
   * The provenance tags of a sweep's parent run; null or blank arguments are left out.
   *
   * @param user         who ran the sweep ({@code mlflow.user}), e.g. {@code System.getProperty("user.name")}
   * @param sourceName   the entry point ({@code mlflow.source.name}), e.g. {@code qsweep run}
   * @param gitCommit    the commit of the code ({@code mlflow.source.git.commit})
   * @param sparkAppId   {@code SparkContext.applicationId()} ({@code qsweep.spark_app_id})
   * @param version      the qsweep version ({@code qsweep.version})
   */
  public static Map<String, String> provenance(String user, String sourceName, String gitCommit, String sparkAppId,
      String version) {
    Map<String, String> t = new LinkedHashMap<>();
    put(t, USER, user);
    put(t, SOURCE_NAME, sourceName);
    put(t, SOURCE_TYPE, "JOB");
    put(t, GIT_COMMIT, gitCommit);
    put(t, SPARK_APP_ID, sparkAppId);
    put(t, VERSION, version);
    return t;
  }

  private static void put(Map<String, String> t, String k, String v) {
    if (v != null && !v.isBlank()) {
      t.put(k, v);
    }
  }
}
