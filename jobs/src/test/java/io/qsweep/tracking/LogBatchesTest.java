package io.qsweep.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Splitting log-batch requests within MLflow's limits, keeping every entity exactly once and in order. */
class LogBatchesTest {
  private final ObjectMapper json = new ObjectMapper();

  private List<JsonNode> plan(Map<String, String> params, List<LogBatches.Point> metrics, Map<String, String> tags,
      int maxBytes) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (byte[] b : LogBatches.plan(json, "run1", params, metrics, tags, maxBytes)) {
      assertThat(b.length).isLessThanOrEqualTo(maxBytes);
      JsonNode n = json.readTree(b);
      assertThat(n.path("run_id").asText()).isEqualTo("run1");
      int m = n.path("metrics").size();
      int p = n.path("params").size();
      int t = n.path("tags").size();
      assertThat(m).isLessThanOrEqualTo(1000);
      assertThat(p).isLessThanOrEqualTo(100);
      assertThat(t).isLessThanOrEqualTo(100);
      assertThat(m + p + t).isBetween(1, 1000);
      out.add(n);
    }
    return out;
  }

  @Test
  void countsAreSplitAtMlflowsLimits() throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < 250; i++) {
      params.put("p" + i, "v" + i);
    }
    List<LogBatches.Point> metrics = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      metrics.add(new LogBatches.Point("curve_mean", i * 0.5, 1000, i));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 0; i < 120; i++) {
      tags.put("t" + i, "x");
    }
    List<JsonNode> batches = plan(params, metrics, tags, LogBatches.MAX_BYTES);
    List<String> pk = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    List<String> tk = new ArrayList<>();
    for (JsonNode b : batches) {
      b.path("params").forEach(p -> pk.add(p.path("key").asText()));
      b.path("metrics").forEach(m -> steps.add(m.path("step").asLong()));
      b.path("tags").forEach(t -> tk.add(t.path("key").asText()));
    }
    assertThat(pk).hasSize(250).doesNotHaveDuplicates().startsWith("p0", "p1").endsWith("p249");
    assertThat(steps).hasSize(2500).doesNotHaveDuplicates().isSorted();
    assertThat(tk).hasSize(120).doesNotHaveDuplicates();
    // 100 + 100 + (50 params + 950 metrics) + 1000 + 550 metrics + 100 tags... at most 1000 entities each
    assertThat(batches.size()).isBetween(5, 7);
  }

  @Test
  void bytesAreSplitAtTheRequestSizeLimit() throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < 90; i++) {
      params.put("p" + i, "\"quoted\" \u00e9 ".repeat(500));
    }
    List<JsonNode> batches = plan(params, List.of(), Map.of(), 100_000);
    int total = 0;
    for (JsonNode b : batches) {
      total += b.path("params").size();
      b.path("params").forEach(p -> assertThat(p.path("value").asText()).startsWith("\"quoted\" \u00e9"));
    }
    assertThat(total).isEqualTo(90);
    assertThat(batches.size()).isGreaterThan(1);
  }

  @Test
  void nonFiniteValuesUseMlflowsStrings() throws Exception {
    List<JsonNode> b = plan(Map.of(), List.of(new LogBatches.Point("a", Double.NaN, 1, 0),
        new LogBatches.Point("b", Double.POSITIVE_INFINITY, 1, 0),
        new LogBatches.Point("c", Double.NEGATIVE_INFINITY, 1, 0), new LogBatches.Point("d", -1.5e-7, 1, 3)),
        Map.of(), LogBatches.MAX_BYTES);
    JsonNode m = b.get(0).path("metrics");
    assertThat(m.get(0).path("value").asText()).isEqualTo("NaN");
    assertThat(m.get(1).path("value").asText()).isEqualTo("Infinity");
    assertThat(m.get(2).path("value").asText()).isEqualTo("-Infinity");
    assertThat(m.get(3).path("value").asDouble()).isEqualTo(-1.5e-7);
    assertThat(MlflowRestClient.number(m.get(0).path("value"))).isNaN();
    assertThat(MlflowRestClient.number(m.get(2).path("value"))).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(LogBatches.plan(json, "r", Map.of(), List.of(), Map.of())).isEmpty();
  }
}
