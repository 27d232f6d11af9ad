package io.qsweep.tracking;

import io.qsweep.table.NpyIO;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Deterministic sweep records shaped like the Spark job's, and an independent .npy header check. */
public final class Fixtures {
  public static final int STATES = 48;
  public static final int ACTIONS = 4;
  public static final long START = 1_790_000_000_000L;
  public static final String YAML = "name: fixture\nenv: cliff_walking\nsweep:\n  alpha: [0.1, 0.5]\n  gamma: [0.9, 0.99]\n";

  private Fixtures() {
  }

  /** A sweep of {@code n} configurations with 200-point curves (+ CI bands), 4 artifacts and 3 replicas each. */
  public static SweepRecord sweep(String sweepId, String experiment, int n) {
    return sweep(sweepId, experiment, n, 200);
  }

  public static SweepRecord sweep(String sweepId, String experiment, int n, int curvePoints) {
    List<ConfigRecord> configs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      configs.add(config(sweepId, i, curvePoints));
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("env", "cliff_walking");
    params.put("algorithm", "q_learning");
    params.put("episodes", "500");
    params.put("seeds", "3");
    params.put("configurations", Integer.toString(n));
    params.put("swept", "alpha,gamma,epsilon");
    return new SweepRecord(sweepId, "sweep " + sweepId, experiment, YAML, params, Map.of("best_iqm_return", -13.0),
        MlflowTags.provenance("tester", "qsweep run", "0123456789abcdef0123456789abcdef01234567",
            "local-1790000000000", "0.1.0-test"), START, configs);
  }

  public static String key(String sweepId, int i) {
    return String.format(Locale.ROOT, "%08x%08x", sweepId.hashCode(), i);
  }

  public static ConfigRecord config(String sweepId, int i, int curvePoints) {
    SplittableRandom rng = new SplittableRandom(31L * sweepId.hashCode() + i);
    double alpha = 0.05 + 0.05 * (i % 10);
    double gamma = i % 2 == 0 ? 0.9 : 0.99;
    Map<String, String> params = new LinkedHashMap<>();
    params.put("env", "cliff_walking");
    params.put("algorithm", "q_learning");
    params.put("alpha", num(alpha));
    params.put("gamma", num(gamma));
    params.put("epsilon", "epsilon:0.1");
    params.put("reward", "default");
    params.put("episodes", "500");
    params.put("seeds", "3");
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("iqm_return", -13.0 - i);
    metrics.put("mean_return", -14.5 - i);
    metrics.put("ci_low", -16.0 - i);
    metrics.put("ci_high", -12.0 - i);
    metrics.put("optimality_gap", 0.5 * i);
    metrics.put("merged_policy_return", -13.0);
    metrics.put("success_rate", 1.0);
    long[] steps = new long[curvePoints];
    double[] mean = new double[curvePoints];
    double[] lo = new double[curvePoints];
    double[] hi = new double[curvePoints];
    for (int k = 0; k < curvePoints; k++) {
      steps[k] = 5L * k;
      mean[k] = -100 * Math.exp(-k / 40.0) - 13 + rng.nextDouble();
      lo[k] = mean[k] - 2;
      hi[k] = mean[k] + 2;
    }
    double[] q = new double[STATES * ACTIONS];
    for (int k = 0; k < q.length; k++) {
      q[k] = -rng.nextDouble() * 20;
    }
    List<Artifact> artifacts = List.of(
        Artifact.ofBytes(Artifact.Q_MEAN_NPY, NpyIO.toBytes(q, STATES, ACTIONS)),
        Artifact.ofText(Artifact.Q_MEAN_CSV, csv(q, STATES, ACTIONS)),
        Artifact.ofText(Artifact.POLICY_TXT, "> > > v\n^ ^ ^ G\n"),
        Artifact.ofText(Artifact.REPLICAS_CSV, "replica,seed,final_return\n0,11,-13\n1,12,-14\n2,13,-13\n"));
    List<ReplicaRecord> replicas = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      replicas.add(new ReplicaRecord(r, 1000L * i + r, Map.of(), Map.of("final_return", -13.0 - r,
          "success_rate", 1.0), List.of(MetricSeries.ofValues("curve_mean", new double[] {-100, -50, -20, -13})),
          List.of(), 40L * (r + 1)));
    }
    return new ConfigRecord(key(sweepId, i), String.format(Locale.ROOT, "q_learning alpha=%s gamma=%s", num(alpha),
        num(gamma)), params, metrics, List.of(new MetricSeries(MetricSeries.CURVE, steps, mean),
        new MetricSeries(MetricSeries.CURVE_CI_LOW, steps, lo), new MetricSeries(MetricSeries.CURVE_CI_HIGH, steps,
        hi)), artifacts, replicas, START + 1000L * (i + 1), 250L * (i + 1));
  }

  static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  /** The shape in a .npy header, e.g. {@code [48, 4]}. */
  public static int[] npyShape(byte[] npy) {
    if ((npy[0] & 0xff) != 0x93 || !new String(npy, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new AssertionError("not an .npy file");
    }
    int hlen = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
    String header = new String(npy, 10, hlen, StandardCharsets.US_ASCII);
    Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
    if (!m.find()) {
      throw new AssertionError("no shape in " + header);
    }
    return java.util.Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .mapToInt(Integer::parseInt).toArray();
  }

  /** The float64 payload of an .npy file (read with the project's reader). */
  public static double[] npyData(byte[] npy) {
    try {
      return NpyIO.read(new java.io.ByteArrayInputStream(npy)).data();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String csv(double[] q, int rows, int cols) {
    StringBuilder sb = new StringBuilder("state");
    for (int a = 0; a < cols; a++) {
      sb.append(",a").append(a);
    }
    sb.append('\n');
    for (int s = 0; s < rows; s++) {
      sb.append(s);
      for (int a = 0; a < cols; a++) {
        sb.append(',').append(q[s * cols + a]);
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
