package io.qsweep.tracking.bench;

import io.qsweep.testing.MlflowServer;
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
 * MLflow logging throughput: configuration (child) runs per second, each with 8 params, 7 metrics, a 200-point
 * learning curve and two small artifacts (a 16x4 .npy Q-table and its CSV), logged by {@link MlflowSweepLogger} into
 * a fresh sweep on a local MLflow server (sqlite store, local artifact directory) started from the project venv.
 * A warm-up sweep of 20 configurations runs first (JIT, connections, server caches). Run with
 * {@code bench/mlflow-logging.sh [--configs N] [--parallelism P] [--workers W] [--uri URI] [--stub]}.
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
    int parallelism = 4;
    int workers = 1;
    String uri = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--configs" -> configs = Integer.parseInt(args[++i]);
        case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--uri" -> uri = args[++i];
        case "--stub" -> uri = "stub";
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "'; expected --configs N, --parallelism P, --workers W, --uri URI, --stub");
      }
    }
    MlflowServer server = null;
    com.sun.net.httpserver.HttpServer stub = null;
    if ("stub".equals(uri)) {
      stub = stub();
      uri = "http://127.0.0.1:" + stub.getAddress().getPort();
      System.out.println("STUB server (not MLflow: canned answers) at " + uri);
    } else if (uri == null) {
      server = MlflowServer.plainWithWorkers(workers);
      long t0 = System.nanoTime();
      server.start();
      System.out.printf(Locale.ROOT, "mlflow server (%d worker(s), sqlite) up in %.1f s at %s%n", workers,
          (System.nanoTime() - t0) / 1e9, server.uri());
      uri = server.uri().toString();
    }
    try {
      TrackingConfig cfg = TrackingConfig.of(uri).withParallelism(parallelism).withProgressEvery(100);
      try (MlflowSweepLogger logger = new MlflowSweepLogger(cfg, s -> { })) {
        logger.log(sweep("warmup-" + System.nanoTime(), 20));
        LogReport r = logger.log(sweep("bench-" + System.nanoTime(), configs));
        System.out.printf(Locale.ROOT, "%d child runs (8 params, 7 metrics, 200-point curve, 2 artifacts each) in "
            + "%.2f s: %.1f child runs/s (parallelism %d, server workers %s)%n", r.created(),
            r.elapsed().toNanos() / 1e9, r.configsPerSecond(), parallelism,
            stub != null ? "STUB" : server == null ? "?" : Integer.toString(workers));
      }
    } finally {
      if (server != null) {
        server.close();
      }
      if (stub != null) {
        stub.stop(0);
      }
    }
  }

  /** Canned answers for the endpoints the logger uses; run ids from a counter. */
  private static com.sun.net.httpserver.HttpServer stub() throws java.io.IOException {
    // Without TCP_NODELAY the JDK server's small answers wait for delayed ACKs (~40 ms each).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    com.sun.net.httpserver.HttpServer s = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 64);
    java.util.concurrent.atomic.AtomicLong ids = new java.util.concurrent.atomic.AtomicLong();
    s.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      String body;
      if (path.endsWith("/experiments/get-by-name")) {
        body = "{\"experiment\":{\"experiment_id\":\"1\",\"name\":\"qsweep-bench\",\"lifecycle_stage\":\"active\"}}";
      } else if (path.endsWith("/runs/create")) {
        String id = String.format(Locale.ROOT, "%032x", ids.incrementAndGet());
        body = "{\"run\":{\"info\":{\"run_id\":\"" + id + "\",\"experiment_id\":\"1\",\"status\":\"RUNNING\","
            + "\"artifact_uri\":\"mlflow-artifacts:/1/" + id + "/artifacts\"},\"data\":{}}}";
      } else {
        body = "{}";
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    s.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "stub-server");
      t.setDaemon(true);
      return t;
    }));
    s.start();
    return s;
  }

  static SweepRecord sweep(String id, int n) {
    List<ConfigRecord> list = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < n; i++) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("env", "frozen_lake");
      params.put("algorithm", "q_learning");
      params.put("alpha", Double.toString(0.05 + 0.01 * (i % 50)));
      params.put("gamma", i % 2 == 0 ? "0.9" : "0.99");
      params.put("epsilon", "epsilon:0.1");
      params.put("reward", "default");
      params.put("episodes", "2000");
      params.put("seeds", "10");
      Map<String, Double> metrics = new LinkedHashMap<>();
      for (String k : List.of("iqm_return", "mean_return", "ci_low", "ci_high", "optimality_gap",
          "merged_policy_return", "success_rate")) {
        metrics.put(k, rng.nextDouble());
      }
      long[] steps = new long[200];
      double[] values = new double[200];
      for (int k = 0; k < 200; k++) {
        steps[k] = 10L * k;
        values[k] = rng.nextDouble();
      }
      double[] q = new double[16 * 4];
      StringBuilder csv = new StringBuilder("state,a0,a1,a2,a3\n");
      for (int s = 0; s < 16; s++) {
        csv.append(s);
        for (int a = 0; a < 4; a++) {
          q[s * 4 + a] = rng.nextDouble();
          csv.append(',').append(q[s * 4 + a]);
        }
        csv.append('\n');
      }
      list.add(ConfigRecord.of(String.format(Locale.ROOT, "%016x", rng.nextLong()), null, params, metrics,
          List.of(new MetricSeries(MetricSeries.CURVE, steps, values)),
          List.of(Artifact.ofBytes(Artifact.Q_MEAN_NPY, io.qsweep.table.NpyIO.toBytes(q, 16, 4)),
              Artifact.ofBytes(Artifact.Q_MEAN_CSV, csv.toString().getBytes(StandardCharsets.UTF_8)))));
    }
    return new SweepRecord(id, id, "qsweep-bench", "name: bench\n", Map.of("configurations", Integer.toString(n)),
        Map.of(), MlflowTags.provenance("bench", "MlflowLoggingBench", null, null, null), 1_790_000_000_000L, list);
  }
}
