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
 * {@code bench/mlflow-logging.sh [--configs N] [--parallelism P] [--workers W] [--uri URI]}.
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
        default -> throw new IllegalArgumentException("unknown argument '" + args[i]
            + "'; expected --configs N, --parallelism P, --workers W, --uri URI");
      }
    }
    MlflowServer server = null;
    if (uri == null) {
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
            r.elapsed().toNanos() / 1e9, r.configsPerSecond(), parallelism, server == null ? "?" : workers);
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
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
          List.of(Artifact.ofBytes(Artifact.Q_MEAN_NPY, npy(q)),
              Artifact.ofBytes(Artifact.Q_MEAN_CSV, csv.toString().getBytes(StandardCharsets.UTF_8)))));
    }
    return new SweepRecord(id, id, "qsweep-bench", "name: bench\n", Map.of("configurations", Integer.toString(n)),
        Map.of(), MlflowTags.provenance("bench", "MlflowLoggingBench", null, null, null), 1_790_000_000_000L, list);
  }

  private static byte[] npy(double[] q) {
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (16, 4), }";
    String header = dict + " ".repeat(64 - (10 + dict.length() + 1) % 64) + "\n";
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length() + 8 * q.length)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    for (double d : q) {
      b.putDouble(d);
    }
    return b.array();
  }
}
