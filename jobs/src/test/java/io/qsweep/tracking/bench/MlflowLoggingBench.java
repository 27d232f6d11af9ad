package io.qsweep.tracking.bench;

import io.qsweep.testing.MlflowServer;
import io.qsweep.testing.StubMlflowServer;
import io.qsweep.tracking.Artifact;
import io.qsweep.tracking.ConfigRecord;
import io.qsweep.tracking.LogReport;
import io.qsweep.tracking.MetricSeries;
import io.qsweep.tracking.MlflowSweepLogger;
import io.qsweep.tracking.MlflowTags;
import io.qsweep.tracking.SweepRecord;
import io.qsweep.tracking.TrackingConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * MLflow logging throughput: configuration (child) runs per second logged by {@link MlflowSweepLogger} into a fresh
 * sweep on a local MLflow server (sqlite store, local artifact directory) started from the project venv the way
 * {@code bin/mlflow-server} starts it ({@link MlflowServer.Http#GUNICORN}, 2 workers, WAL store), and the server CPU
 * that cost per child run. What a child run carries is a {@link Shape}: by default what a real sweep logs. A warm-up
 * sweep of 20 configurations runs first (JIT, connections, server caches). Run with {@code bench/mlflow-logging.sh
 * [--configs N] [--parallelism P] [--workers W] [--http gunicorn|uvicorn] [--shape sweep|issue] [--uri URI] [--stub]}.
 *
 * <p>{@code --stub} replaces MLflow by an in-process stub that answers every endpoint instantly with canned JSON: not
 * a test of MLflow, only a measure of the client's own ceiling (what the driver can push when the server is not the
 * bottleneck).
 */
public final class MlflowLoggingBench {
  private MlflowLoggingBench() {
  }

  public static void main(String[] args) throws Exception {
    int configs = 300;
    int parallelism = TrackingConfig.DEFAULT_PARALLELISM;
    int workers = 2; // as bin/mlflow-server
    String uri = null;
    Shape shape = Shape.SWEEP;
    MlflowServer.Http http = MlflowServer.Http.DEFAULT;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--configs" -> configs = Integer.parseInt(args[++i]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--uri" -> uri = args[++i];
        case "--stub" -> uri = "stub";
        case "--shape" -> shape = Shape.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--http" -> http = MlflowServer.Http.valueOf(args[++i].toUpperCase(Locale.ROOT));
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "'; expected --configs N, --parallelism P, --workers W, --http gunicorn|uvicorn, --shape sweep|issue, "
            + "--uri URI, --stub");
      }
    }
    MlflowServer server = null;
    StubMlflowServer stub = null;
    if ("stub".equals(uri)) {
      // Without TCP_NODELAY the JDK server's small answers wait for delayed ACKs (~40 ms each).
      System.setProperty("sun.net.httpserver.nodelay", "true");
      stub = new StubMlflowServer("qsweep-bench", 4, null);
      uri = stub.uri();
      System.out.println("STUB server (not MLflow: canned answers) at " + uri);
    } else if (uri == null) {
      server = MlflowServer.forBenchmark(workers, http);
      long t0 = System.nanoTime();
      server.start();
      System.out.printf(Locale.ROOT, "mlflow server (%s, %d worker(s), sqlite) up in %.1f s at %s%n",
          http.name().toLowerCase(Locale.ROOT), workers, (System.nanoTime() - t0) / 1e9, server.uri());
      uri = server.uri().toString();
    }
    String serverDesc = stub != null ? "STUB server" : server == null ? "server at " + uri
        : "server " + http.name().toLowerCase(Locale.ROOT) + " x" + workers;
    try {
      TrackingConfig cfg = TrackingConfig.of(uri).withParallelism(parallelism).withProgressEvery(100);
      java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
      try (MlflowSweepLogger logger = new MlflowSweepLogger(cfg, line -> {
        if (line.contains("retrying")) {
          retries.incrementAndGet();
        }
      })) {
        logger.log(sweep("warmup-" + System.nanoTime(), 20, shape));
        double cpu0 = server == null ? Double.NaN : server.cpuSeconds();
        LogReport r = logger.log(sweep("bench-" + System.nanoTime(), configs, shape));
        double cpu = server == null ? Double.NaN : server.cpuSeconds() - cpu0;
        System.out.printf(Locale.ROOT, "%d child runs (%s) in %.2f s: %.1f child runs/s (parallelism %d, %s)%s; "
            + "%d retried unit(s) of work; load average %s%n", r.created(), describe(shape), r.elapsed().toNanos() / 1e9, r.configsPerSecond(),
            parallelism, serverDesc, Double.isNaN(cpu) ? "" : String.format(Locale.ROOT,
            "; server CPU %.1f ms per child run", 1000 * cpu / r.created()), retries.get(), loadAverage());
      }
    } finally {
      if (server != null) {
        server.close();
      }
      if (stub != null) {
        stub.close();
      }
    }
  }

  private static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * What one configuration run carries.
   *
   * <ul>
   *   <li>{@code SWEEP} — what {@code io.qsweep.spark.TrackingSync} logs for a FrozenLake configuration of a real sweep
   *       (the default): 12 params (the configuration's params, {@code config_key}, {@code replicas}), 22 metrics (the
   *       scalar columns of {@code configs/}, {@code rank}, {@code prob_improvement}), three 200-point histories
   *       ({@code curve_mean}, {@code curve_ci_low}, {@code curve_ci_high}; 200 = the default
   *       {@code evaluation.curve_points}) and four artifacts (mean Q-table {@code .npy} and CSV, {@code policy.txt},
   *       {@code replicas.csv} for 10 replicas): 622 metric points per run.</li>
   *   <li>{@code ISSUE} — the minimum named by issue 5's throughput target: 8 params, 7 metrics, one 200-point curve,
   *       two artifacts (the Q-table {@code .npy} and CSV): 207 metric points per run.</li>
   * </ul>
   */
  enum Shape { SWEEP, ISSUE }

  static SweepRecord sweep(String id, int n, Shape shape) {
    List<ConfigRecord> list = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(7);
    boolean full = shape == Shape.SWEEP;
    for (int i = 0; i < n; i++) {
      String key = String.format(Locale.ROOT, "%016x", rng.nextLong());
      Map<String, String> params = new LinkedHashMap<>();
      params.put("env", "frozen_lake");
      params.put("algorithm", "q_learning");
      params.put("alpha", Double.toString(0.05 + 0.01 * (i % 50)));
      params.put("gamma", i % 2 == 0 ? "0.9" : "0.99");
      params.put("epsilon", "0.1");
      params.put("exploration", "epsilon:0.1");
      params.put("learning_rate", "constant");
      params.put("episodes", "2000");
      if (full) {
        params.put("initial_q", "0");
        params.put("env.is_slippery", "true");
        params.put("config_key", key);
        params.put("replicas", "10");
      }
      Map<String, Double> metrics = new LinkedHashMap<>();
      List<String> names = full ? List.of("score_mean", "score_std", "score_median", "score_iqm", "score_iqm_ci_low",
          "score_iqm_ci_high", "score_mean_ci_low", "score_mean_ci_high", "success_rate", "optimal_value", "gap_mean",
          "gap_exact_runs", "merged_score", "merged_eval_mean_return", "merged_eval_std_return",
          "merged_eval_success_rate", "merged_eval_mean_length", "merged_policy_value", "merged_gap", "total_steps",
          "rank", "prob_improvement")
          : List.of("score_iqm", "score_mean", "score_iqm_ci_low", "score_iqm_ci_high", "gap_mean", "merged_score",
          "success_rate");
      for (String k : names) {
        metrics.put(k, rng.nextDouble());
      }
      double[] steps = new double[200];
      double[] mean = new double[200];
      double[] lo = new double[200];
      double[] hi = new double[200];
      for (int k = 0; k < 200; k++) {
        steps[k] = 10 * k;
        mean[k] = rng.nextDouble();
        lo[k] = mean[k] - 0.1 * rng.nextDouble();
        hi[k] = mean[k] + 0.1 * rng.nextDouble();
      }
      List<MetricSeries> series = full
          ? List.of(MetricSeries.of(MetricSeries.CURVE, steps, mean), MetricSeries.of(MetricSeries.CURVE_CI_LOW, steps,
              lo), MetricSeries.of(MetricSeries.CURVE_CI_HIGH, steps, hi))
          : List.of(MetricSeries.of(MetricSeries.CURVE, steps, mean));
      double[] q = new double[16 * 4];
      StringBuilder csv = new StringBuilder("state,LEFT,DOWN,RIGHT,UP\n");
      for (int s = 0; s < 16; s++) {
        csv.append(s);
        for (int a = 0; a < 4; a++) {
          q[s * 4 + a] = rng.nextDouble();
          csv.append(',').append(q[s * 4 + a]);
        }
        csv.append('\n');
      }
      List<Artifact> artifacts = new ArrayList<>(List.of(
          Artifact.ofBytes(Artifact.Q_MEAN_NPY, io.qsweep.table.NpyIO.toBytes(q, 16, 4)),
          Artifact.ofBytes(Artifact.Q_MEAN_CSV, csv.toString().getBytes(StandardCharsets.UTF_8))));
      if (full) {
        artifacts.add(Artifact.ofText(Artifact.POLICY_TXT, "< ^ < ^\n< H < H\n^ v < H\nH > v G\n"));
        StringBuilder reps = new StringBuilder("replica,seed,final_score,eval_mean_return,eval_std_return,"
            + "eval_success_rate,eval_mean_length,optimal_value,policy_value,optimality_gap,total_steps,"
            + "train_seconds\n");
        for (int r = 0; r < 10; r++) {
          reps.append(r).append(',').append(rng.nextLong());
          for (int c = 0; c < 10; c++) {
            reps.append(',').append(rng.nextDouble());
          }
          reps.append('\n');
        }
        artifacts.add(Artifact.ofText(Artifact.REPLICAS_CSV, reps.toString()));
      }
      list.add(ConfigRecord.of(key, null, params, metrics, series, artifacts));
    }
    return new SweepRecord(id, id, "qsweep-bench", "name: bench\n", Map.of("configurations", Integer.toString(n)),
        Map.of(), MlflowTags.provenance("bench", "MlflowLoggingBench", "0123456789abcdef0123456789abcdef01234567",
            "local-1790000000000", "0.1.0-bench"), 1_790_000_000_000L, list);
  }

  /** What the run line says about the shape. */
  static String describe(Shape shape) {
    return shape == Shape.SWEEP
        ? "real-sweep shape: 12 params, 22 metrics, 3 x 200-point curves, 4 artifacts"
        : "issue-5 shape: 8 params, 7 metrics, one 200-point curve, 2 artifacts";
  }
}
