package io.qsweep.tracking;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Logs sweeps to an MLflow tracking server over its REST API, idempotently and with bounded parallelism.
 *
 * <h2>What ends up in MLflow</h2>
 * <ul>
 *   <li>Experiment {@link SweepRecord#experiment()}, created if missing. A <em>deleted</em> experiment of that name
 *       is an error (MLflow keeps deleted experiments and their names until garbage-collected): the message says to
 *       restore it ({@code mlflow experiments restore --experiment-id ID}) or to pick another name.</li>
 *   <li>One parent run per sweep, named after the sweep, with tags {@code qsweep.sweep_id}, {@code qsweep.role=sweep},
 *       the sweep's own tags ({@link MlflowTags#provenance}: git commit, source name, user, Spark application id,
 *       qsweep version), the sweep params and metrics, and the YAML as artifact {@code sweep.yaml}.</li>
 *   <li>One child run per configuration, tagged {@code mlflow.parentRunId} (the UI nests it), {@code qsweep.sweep_id},
 *       {@code qsweep.config_key}, {@code qsweep.role=config} and the sweep's tags, with the configuration's params,
 *       metrics (step 0), metric histories (the learning curve with step = episode) and artifacts.</li>
 *   <li>With {@link TrackingConfig#logReplicas()}: one run per seed nested under its configuration's run
 *       ({@code qsweep.role=replica}, {@code qsweep.replica}).</li>
 * </ul>
 *
 * <h2>Idempotency</h2>
 * Runs are identified by tags and always looked up before anything is created: the parent by
 * {@code (sweep_id, role=sweep)}, children by {@code (sweep_id, role=config, config_key)} (one paged search up front),
 * replicas by {@code (sweep_id, config_key, role=replica, replica)}. A run's MLflow status is its completion marker:
 * runs are created {@code RUNNING} (with all their identity tags in the create request) and set {@code FINISHED} by
 * the last request of their unit of work, after their data, artifacts and (with {@code --log-replicas}) replica runs
 * and {@code qsweep.replicas_logged} tag. A {@code FINISHED} run is skipped; any other run is completed: params
 * already present are checked (a different value is a {@link TrackingRejectedException}, the results belong to
 * another sweep), scalar metrics already present are skipped, and for each metric history the existing points are
 * read back and only missing steps are logged. (Runs logged by earlier qsweep versions also carry a
 * {@code qsweep.logged=true} tag, written after {@code FINISHED}; the status alone decides. A separate completion
 * tag would cost one more request per run for no extra safety: see {@code bench/README.md}.) Metric timestamps come
 * from the records (the results' time), never from the clock, so even a retried request whose first answer was lost
 * re-sends identical points; a child run's end time is its start plus {@link ConfigRecord#durationMillis()}, and a
 * replica run starts where the configuration's earlier replicas ended and lasts its
 * {@link ReplicaRecord#durationMillis()}, all from the records too. Runs deleted in MLflow
 * count as absent (searches see active runs only): a deleted parent is recreated and the existing children are
 * re-nested under it; a deleted child is logged again. (Verified against
 * MLflow 3.17's SQL store: a log-batch with identical {@code (key, value, timestamp, step)} adds no point, but the
 * same point with another timestamp is a second point; hence both the deterministic timestamps and the read-back.)
 *
 * <h2>Failures</h2>
 * Transient failures (connection refused/reset, timeouts, HTTP 429/5xx) re-run the failed unit of work — one
 * configuration's find-or-create-then-complete — after exponential backoff ({@link RetryPolicy}); a unit that was
 * interrupted after its run was created finds that run on the next attempt instead of creating a second one. When a
 * unit exhausts its attempts the session stops (other threads stop waiting at once) and
 * {@link SweepSession#finish()} throws {@link TrackingUnavailableException} (exit code 3): the caller keeps the
 * results on disk and tells the user to run {@code bin/qsweep sync OUTPUT_DIR}, which logs the same records again.
 * Refusals (401/403, deleted experiment, param conflicts, a URI that is not MLflow) throw
 * {@link TrackingRejectedException} (exit code 4). See {@link TrackingException} for the exit codes.
 *
 * <h2>Throughput</h2>
 * A new configuration run costs {@code 3 + artifacts} requests (create with tags, one log-batch for params, metrics
 * and histories while they fit MLflow's limits, one PUT per artifact, update to {@code FINISHED}), run by
 * {@link TrackingConfig#parallelism()} driver threads; a progress line is printed every
 * {@link TrackingConfig#progressEvery()} configurations. The server, not this client, sets the pace: MLflow 3.17's
 * SQL store spends about 0.1 ms of CPU per metric point plus about 20 ms per run. See {@code bench/README.md} for
 * measured figures.
 */
public final class MlflowSweepLogger implements SweepLogger {

  static final String FINISHED = "FINISHED";

  private final TrackingConfig config;
  private final Consumer<String> progress;
  private final MlflowRestClient client;

  /** A logger printing progress to standard error. */
  public MlflowSweepLogger(TrackingConfig config) {
    this(config, System.err::println);
  }

  /**
   * @param config   where and how to log
   * @param progress receives progress lines and retry notices (never secrets); e.g. a logger's info method
   */
  public MlflowSweepLogger(TrackingConfig config, Consumer<String> progress) {
    if (config == null) {
      throw new IllegalArgumentException("config: must be given");
    }
    this.config = config;
    this.progress = progress == null ? s -> { } : progress;
    this.client = new MlflowRestClient(config);
  }

  /** The configuration in use. */
  public TrackingConfig config() {
    return config;
  }

  /**
   * Read-only check, meant to run before hours of compute: the server answers (with retries), the credentials are
   * accepted, and the experiment is usable.
   *
   * @return the experiment's id, or empty if it does not exist yet (it will be created when logging starts)
   * @throws TrackingUnavailableException (exit 3) if the server cannot be reached through the retry policy
   * @throws TrackingRejectedException    (exit 4) for wrong credentials, a deleted experiment, a non-MLflow URI
   */
  public Optional<String> preflight(String experiment) {
    Retrier retrier = new Retrier(config.retry(), config.uri().toString(), progress);
    return retrier.call("looking up experiment '" + experiment + "'", () -> client.experimentByName(experiment))
        .map(e -> usable(e).id());
  }

  @Override
  public LogReport log(SweepRecord sweep) {
    try (SweepSession s = open(sweep)) {
      return s.finish();
    }
  }

  @Override
  public SweepSession open(SweepRecord sweep) {
    return new MlflowSweepSession(this, sweep);
  }

  /** Nothing to release: sessions own their threads, and the JDK HTTP client needs no closing on Java 17. */
  @Override
  public void close() {
  }

  MlflowRestClient client() {
    return client;
  }

  Consumer<String> progress() {
    return progress;
  }

  /** Whether the run is complete: its status is {@code FINISHED}, which qsweep sets last (see "Idempotency"). */
  static boolean complete(MlflowRestClient.Run run) {
    return FINISHED.equals(run.status());
  }

  /** The experiment if it is active; a clear refusal if it was deleted. */
  static MlflowRestClient.Experiment usable(MlflowRestClient.Experiment e) {
    if (e.deleted()) {
      throw new TrackingRejectedException("MLflow experiment '" + e.name() + "' (id " + e.id() + ") is deleted. "
          + "MLflow keeps deleted experiments, and their names, until they are garbage-collected, so qsweep will not "
          + "create a new one with that name. Restore it (MLflow UI, or: mlflow experiments restore --experiment-id "
          + e.id() + ") or choose another experiment name (--experiment).", 0, "EXPERIMENT_DELETED");
    }
    return e;
  }

  /** The run to use among several carrying the same identity tags (only after concurrent logging): the oldest. */
  static Optional<MlflowRestClient.Run> oldest(List<MlflowRestClient.Run> runs, String what, Consumer<String> warn) {
    if (runs.size() > 1) {
      warn.accept("mlflow: warning: " + runs.size() + " runs for " + what + " (concurrent logging?); using the "
          + "oldest");
    }
    return runs.stream().min(Comparator.comparingLong(MlflowRestClient.Run::startTime)
        .thenComparing(MlflowRestClient.Run::id));
  }

  /** Search filter: every key/value pair must match exactly. Values are {@link Names#identifier}s (no quotes). */
  static String filter(Map<String, String> tagEquals) {
    StringBuilder sb = new StringBuilder();
    tagEquals.forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append(" AND ");
      }
      sb.append("tags.`").append(k).append("` = '").append(v).append('\'');
    });
    return sb.toString();
  }

  static Map<String, String> tags(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
