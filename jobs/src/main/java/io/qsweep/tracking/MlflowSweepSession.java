package io.qsweep.tracking;

import io.qsweep.tracking.MlflowRestClient.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The MLflow implementation of {@link SweepSession}; the algorithm is described on {@link MlflowSweepLogger}. */
final class MlflowSweepSession implements SweepSession {
  private static final String TRUE = "true";

  private enum Outcome { CREATED, RESUMED, ALREADY }

  private final TrackingConfig config;
  private final MlflowRestClient client;
  private final SweepRecord sweep;
  private final Consumer<String> progress;
  private final Retrier retrier;
  private final long startNanos = System.nanoTime();

  private final String experimentId;
  private final Run parent;
  private final Map<String, Run> existingChildren;
  private final ExecutorService pool;
  private final Semaphore slots;

  private final Set<String> submitted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicInteger resumed = new AtomicInteger();
  private final AtomicInteger already = new AtomicInteger();
  private final AtomicInteger replicaRuns = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final AtomicLong maxTimestamp;
  private volatile boolean closed;
  private volatile boolean finished;

  MlflowSweepSession(MlflowSweepLogger logger, SweepRecord sweep) {
    this.config = logger.config();
    this.client = logger.client();
    this.sweep = sweep;
    this.progress = logger.progress();
    this.retrier = new Retrier(config.retry(), config.uri().toString(), progress);
    this.maxTimestamp = new AtomicLong(sweep.startTimeMillis());

    this.experimentId = retrier.call("finding or creating experiment '" + sweep.experiment() + "'",
        this::ensureExperiment);
    boolean[] parentFresh = {false};
    this.parent = retrier.call("finding or creating the parent run of sweep " + sweep.sweepId(),
        () -> ensureParent(parentFresh));
    this.existingChildren = new ConcurrentHashMap<>(retrier.call("listing the sweep's configuration runs",
        this::indexChildren));
    progress.accept("mlflow: sweep '" + sweep.name() + "' -> experiment '" + sweep.experiment() + "' (id "
        + experimentId + ") at " + config.uri() + ", parent run " + parent.id() + (parentFresh[0] ? " (new)"
        : " (existing, " + existingChildren.size() + " configuration runs)"));

    AtomicInteger threadNo = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(config.parallelism(), r -> {
      Thread t = new Thread(r, "qsweep-mlflow-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.slots = new Semaphore(2 * config.parallelism());
    for (ConfigRecord c : sweep.configs()) {
      submit(c);
    }
  }

  @Override
  public String experimentId() {
    return experimentId;
  }

  @Override
  public String parentRunId() {
    return parent.id();
  }

  @Override
  public boolean failed() {
    return failure.get() != null;
  }

  // ---------------------------------------------------------------- submit / finish

  @Override
  public void submit(ConfigRecord cfg) {
    if (closed) {
      throw new IllegalStateException("this sweep session is finished or closed");
    }
    if (!submitted.add(cfg.configKey())) {
      throw new IllegalArgumentException("configuration '" + cfg.configKey() + "' was already submitted");
    }
    // the parent run ends when its last configuration run ends
    long start = cfg.timestampMillis() > 0 ? cfg.timestampMillis() : sweep.startTimeMillis();
    maxTimestamp.accumulateAndGet(start + cfg.durationMillis(), Math::max);
    if (failed()) {
      return;
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new TrackingUnavailableException("interrupted while submitting configuration " + cfg.configKey(), e));
      return;
    }
    pool.execute(() -> {
      try {
        if (!failed()) {
          Outcome o = logConfig(cfg);
          (o == Outcome.CREATED ? created : o == Outcome.RESUMED ? resumed : already).incrementAndGet();
          int done = completed.incrementAndGet();
          if (done % config.progressEvery() == 0) {
            progress.accept(String.format(java.util.Locale.ROOT, "mlflow: %d configurations logged (%d new, %d "
                + "completed, %d already there) of %d submitted; %.1f/s", done, created.get(), resumed.get(),
                already.get(), submitted.size(), done / seconds()));
          }
        }
      } catch (RuntimeException e) {
        fail(e);
      } finally {
        slots.release();
      }
    });
  }

  private void fail(RuntimeException e) {
    if (failure.compareAndSet(null, e)) {
      retrier.abort();
      progress.accept("mlflow: logging stopped: " + e.getMessage());
    }
  }

  private int logged() {
    return completed.get();
  }

  private double seconds() {
    return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
  }

  @Override
  public LogReport finish() {
    if (finished) {
      throw new IllegalStateException("finish() was already called");
    }
    closed = true;
    finished = true;
    pool.shutdown();
    try {
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        progress.accept("mlflow: waiting for " + (submitted.size() - logged()) + " configurations to be logged");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new TrackingUnavailableException("interrupted while waiting for MLflow logging to finish", e));
      pool.shutdownNow();
    }
    RuntimeException f = failure.get();
    if (f instanceof TrackingUnavailableException) {
      int done = logged();
      throw new TrackingUnavailableException(f.getMessage() + ". Sweep '" + sweep.name() + "': " + done + " of "
          + submitted.size() + " configurations are logged in MLflow; logging the same results again completes the "
          + "rest without duplicates.", done, submitted.size(), f);
    }
    if (f != null) {
      throw f;
    }
    retrier.call("marking the parent run complete", () -> {
      client.updateRun(parent.id(), MlflowSweepLogger.FINISHED, maxTimestamp.get());
      return null;
    });
    LogReport report = new LogReport(experimentId, parent.id(), submitted.size(), created.get(), resumed.get(),
        already.get(), replicaRuns.get(), Duration.ofNanos(System.nanoTime() - startNanos));
    progress.accept("mlflow: " + report);
    return report;
  }

  @Override
  public void close() {
    if (finished) {
      return;
    }
    closed = true;
    finished = true;
    retrier.abort();
    pool.shutdownNow();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- experiment and parent

  private String ensureExperiment() {
    MlflowRestClient.Experiment e = client.experimentByName(sweep.experiment())
        .orElseGet(() -> client.createExperiment(sweep.experiment()));
    return MlflowSweepLogger.usable(e).id();
  }

  private Run ensureParent(boolean[] freshOut) {
    Run p = MlflowSweepLogger.oldest(client.searchRuns(experimentId, MlflowSweepLogger.filter(
        MlflowSweepLogger.tags(MlflowTags.SWEEP_ID, sweep.sweepId(), MlflowTags.ROLE, MlflowTags.ROLE_SWEEP))),
        "sweep " + sweep.sweepId(), progress).orElse(null);
    boolean fresh = p == null;
    Map<String, String> tags = new LinkedHashMap<>(inheritedTags());
    tags.put(MlflowTags.SWEEP_ID, sweep.sweepId());
    tags.put(MlflowTags.ROLE, MlflowTags.ROLE_SWEEP);
    if (fresh) {
      p = client.createRun(experimentId, sweep.name(), sweep.startTimeMillis(), tags);
      freshOut[0] = true;
    }
    String root = proxyRoot(p);
    if (!fresh && MlflowSweepLogger.complete(p)) {
      return p;
    }
    Map<String, String> missingTags = new LinkedHashMap<>();
    if (!fresh) {
      Run existing = p;
      tags.forEach((k, v) -> {
        if (!existing.tags().containsKey(k)) {
          missingTags.put(k, v);
        }
      });
    }
    writeData(p, fresh, "sweep " + sweep.sweepId(), sweep.params(), sweep.metrics(), List.of(), missingTags,
        sweep.startTimeMillis());
    if (!sweep.yaml().isEmpty()) {
      client.putArtifact(root, Artifact.ofText(Artifact.SWEEP_YAML, sweep.yaml()));
    }
    return p;
  }

  /** Tags every run of the sweep carries: the sweep's own (provenance) tags, with {@code mlflow.user} defaulted. */
  private Map<String, String> inheritedTags() {
    Map<String, String> t = new LinkedHashMap<>(sweep.tags());
    String user = System.getProperty("user.name");
    if (!t.containsKey(MlflowTags.USER) && user != null && !user.isBlank()) {
      t.put(MlflowTags.USER, user);
    }
    return t;
  }

  private Map<String, Run> indexChildren() {
    Map<String, List<Run>> byKey = new LinkedHashMap<>();
    for (Run r : client.searchRuns(experimentId, MlflowSweepLogger.filter(MlflowSweepLogger.tags(
        MlflowTags.SWEEP_ID, sweep.sweepId(), MlflowTags.ROLE, MlflowTags.ROLE_CONFIG)))) {
      String key = r.tags().get(MlflowTags.CONFIG_KEY);
      if (key != null) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
      }
    }
    Map<String, Run> out = new HashMap<>();
    byKey.forEach((k, runs) -> out.put(k, MlflowSweepLogger.oldest(runs, "configuration " + k, progress)
        .orElseThrow()));
    return out;
  }

  // ---------------------------------------------------------------- configurations

  private Outcome logConfig(ConfigRecord cfg) {
    String key = cfg.configKey();
    long ts = cfg.timestampMillis() > 0 ? cfg.timestampMillis() : sweep.startTimeMillis();
    Run known = existingChildren.remove(key);
    boolean[] createdHere = {false};
    boolean wantReplicas = config.logReplicas() && !cfg.replicas().isEmpty();
    return retrier.call("logging configuration " + key, attempt -> {
      // First attempt: the up-front search result. Later attempts search again: an earlier attempt may have
      // created the run before failing, and must not create a second one.
      Run run = attempt == 1 ? known : findChild(key);
      boolean fresh = run == null;
      if (fresh) {
        run = client.createRun(experimentId, cfg.runName(), ts, childTags(cfg));
        createdHere[0] = true;
      }
      boolean dataDone = !fresh && MlflowSweepLogger.complete(run);
      boolean replicasDone = !wantReplicas || (!fresh && TRUE.equals(run.tags().get(MlflowTags.REPLICAS_LOGGED)));
      // A run whose parent was deleted in MLflow (a new parent was created) is re-nested under the current parent.
      boolean renest = !fresh && !parent.id().equals(run.tags().get(MlflowTags.PARENT_RUN_ID));
      if (dataDone && replicasDone) {
        if (renest) {
          logBatch(run.id(), Map.of(), List.of(), MlflowSweepLogger.tags(MlflowTags.PARENT_RUN_ID, parent.id()));
        }
        return createdHere[0] ? Outcome.CREATED : Outcome.ALREADY;
      }
      if (!dataDone) {
        String root = proxyRoot(run);
        writeData(run, fresh, "configuration " + key, cfg.params(), cfg.metrics(), cfg.series(), Map.of(), ts);
        for (Artifact a : cfg.artifacts()) {
          client.putArtifact(root, a);
        }
      }
      if (wantReplicas) {
        logReplicas(run, fresh, cfg, ts);
      }
      Map<String, String> done = new LinkedHashMap<>();
      if (renest) {
        done.put(MlflowTags.PARENT_RUN_ID, parent.id());
      }
      if (wantReplicas) {
        done.put(MlflowTags.REPLICAS_LOGGED, TRUE);
      }
      if (!done.isEmpty()) {
        logBatch(run.id(), Map.of(), List.of(), done);
      }
      // Last: FINISHED is the completion marker (see MlflowSweepLogger, "Idempotency").
      if (!dataDone) {
        client.updateRun(run.id(), MlflowSweepLogger.FINISHED, ts + cfg.durationMillis());
      }
      return createdHere[0] ? Outcome.CREATED : Outcome.RESUMED;
    });
  }

  private Run findChild(String key) {
    return MlflowSweepLogger.oldest(client.searchRuns(experimentId, MlflowSweepLogger.filter(MlflowSweepLogger.tags(
        MlflowTags.SWEEP_ID, sweep.sweepId(), MlflowTags.ROLE, MlflowTags.ROLE_CONFIG, MlflowTags.CONFIG_KEY, key))),
        "configuration " + key, progress).orElse(null);
  }

  private Map<String, String> childTags(ConfigRecord cfg) {
    Map<String, String> t = new LinkedHashMap<>(inheritedTags());
    t.put(MlflowTags.SWEEP_ID, sweep.sweepId());
    t.put(MlflowTags.ROLE, MlflowTags.ROLE_CONFIG);
    t.put(MlflowTags.CONFIG_KEY, cfg.configKey());
    t.put(MlflowTags.PARENT_RUN_ID, parent.id());
    return t;
  }

  private void logReplicas(Run child, boolean childFresh, ConfigRecord cfg, long ts) {
    Map<Integer, List<Run>> have = new HashMap<>();
    if (!childFresh) {
      for (Run r : client.searchRuns(experimentId, MlflowSweepLogger.filter(MlflowSweepLogger.tags(
          MlflowTags.SWEEP_ID, sweep.sweepId(), MlflowTags.ROLE, MlflowTags.ROLE_REPLICA, MlflowTags.CONFIG_KEY,
          cfg.configKey())))) {
        try {
          have.computeIfAbsent(Integer.parseInt(r.tags().getOrDefault(MlflowTags.REPLICA, "")),
              k -> new ArrayList<>()).add(r);
        } catch (NumberFormatException e) {
          // not one of ours
        }
      }
    }
    // replica k ran after replicas 0..k-1 (ConfigRunner runs them back to back): its run starts where theirs ended
    Map<Integer, Long> starts = new HashMap<>();
    long t = ts;
    for (ReplicaRecord rep : cfg.replicas().stream().sorted(java.util.Comparator.comparingInt(ReplicaRecord::replica))
        .toList()) {
      starts.put(rep.replica(), t);
      t += rep.durationMillis();
    }
    for (ReplicaRecord rep : cfg.replicas()) {
      String what = "configuration " + cfg.configKey() + " replica " + rep.replica();
      long start = starts.get(rep.replica());
      Run run = have.containsKey(rep.replica())
          ? MlflowSweepLogger.oldest(have.get(rep.replica()), what, progress).orElseThrow() : null;
      boolean fresh = run == null;
      if (!fresh && MlflowSweepLogger.complete(run)) {
        continue;
      }
      if (fresh) {
        Map<String, String> tags = new LinkedHashMap<>(inheritedTags());
        tags.put(MlflowTags.SWEEP_ID, sweep.sweepId());
        tags.put(MlflowTags.ROLE, MlflowTags.ROLE_REPLICA);
        tags.put(MlflowTags.CONFIG_KEY, cfg.configKey());
        tags.put(MlflowTags.REPLICA, Integer.toString(rep.replica()));
        tags.put(MlflowTags.PARENT_RUN_ID, child.id());
        run = client.createRun(experimentId, cfg.runName() + " seed=" + rep.seed(), start, tags);
      }
      Map<String, String> params = new LinkedHashMap<>(cfg.params());
      params.putAll(rep.params());
      params.put("replica", Integer.toString(rep.replica()));
      params.put("seed", Long.toString(rep.seed()));
      writeData(run, fresh, what, params, rep.metrics(), rep.series(), Map.of(), start);
      String root = proxyRoot(run);
      for (Artifact a : rep.artifacts()) {
        client.putArtifact(root, a);
      }
      client.updateRun(run.id(), MlflowSweepLogger.FINISHED, start + rep.durationMillis());
      replicaRuns.incrementAndGet();
    }
  }

  // ---------------------------------------------------------------- run data

  /**
   * Logs params, scalar metrics (step 0), histories and extra tags to {@code run}. For a fresh run everything is
   * sent; for an existing one only what is missing: params are compared, metrics present are skipped, and each
   * history's existing steps are read back so no point is logged twice.
   */
  private void writeData(Run run, boolean fresh, String what, Map<String, String> params, Map<String, Double> metrics,
      List<MetricSeries> series, Map<String, String> tags, long ts) {
    Map<String, String> p = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      String old = fresh ? null : run.params().get(k);
      if (old == null) {
        p.put(k, v);
      } else if (!old.equals(v)) {
        throw new TrackingRejectedException(what + ": MLflow run " + run.id() + " already has param " + k + " = '"
            + old + "' but these results say '" + v + "'. The results on disk are not the ones logged under sweep id "
            + sweep.sweepId() + " (a different sweep with the same id?); log them to another experiment or with "
            + "another sweep id.", 0, "PARAM_CONFLICT");
      }
    });
    List<LogBatches.Point> points = new ArrayList<>();
    metrics.forEach((k, v) -> {
      if (fresh || !run.latestMetrics().containsKey(k)) {
        points.add(new LogBatches.Point(k, v, ts, 0));
      }
    });
    for (MetricSeries s : series) {
      Set<Long> have = new HashSet<>();
      if (!fresh && run.latestMetrics().containsKey(s.key())) {
        for (LogBatches.Point pt : client.metricHistory(run.id(), s.key())) {
          have.add(pt.step());
        }
      }
      for (int i = 0; i < s.size(); i++) {
        if (!have.contains(s.stepAt(i))) {
          points.add(new LogBatches.Point(s.key(), s.valueAt(i), ts, s.stepAt(i)));
        }
      }
    }
    logBatch(run.id(), p, points, tags);
  }

  private void logBatch(String runId, Map<String, String> params, List<LogBatches.Point> points,
      Map<String, String> tags) {
    for (byte[] body : LogBatches.plan(client.json(), runId, params, points, tags)) {
      client.logBatch(body);
    }
  }

  private static String proxyRoot(Run run) {
    return MlflowRestClient.proxyPath(run.artifactUri()).orElseThrow(() -> new TrackingRejectedException(
        "MLflow run " + run.id() + " stores artifacts at '" + run.artifactUri() + "', which qsweep cannot write: it "
        + "uploads through the tracking server's artifact proxy (mlflow-artifacts:/ locations; mlflow server "
        + "--serve-artifacts, the default). Use an experiment created on a server that serves artifacts.", 0,
        "ARTIFACTS_NOT_PROXIED"));
  }
}
