package io.qsweep.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits params, metric points and tags into {@code runs/log-batch} request bodies within MLflow's limits (checked
 * by the server in {@code mlflow.utils.validation}): at most {@value #MAX_METRICS} metrics, {@value #MAX_PARAMS}
 * params, {@value #MAX_TAGS} tags and {@value #MAX_ENTITIES} entities in all per request, and at most
 * {@value #MAX_BYTES} bytes of JSON. Each entity is serialised once and the bodies are assembled from those bytes, so
 * the size check is exact, not an estimate. Order is kept: params, then metrics, then tags.
 */
final class LogBatches {
  static final int MAX_METRICS = 1000;
  static final int MAX_PARAMS = 100;
  static final int MAX_TAGS = 100;
  static final int MAX_ENTITIES = 1000;
  static final int MAX_BYTES = 1_000_000;

  /** One metric point. Non-finite values are sent as MLflow's JSON strings {@code "NaN"}, {@code "Infinity"}. */
  record Point(String key, double value, long timestamp, long step) {
  }

  private LogBatches() {
  }

  static List<byte[]> plan(ObjectMapper json, String runId, Map<String, String> params, List<Point> metrics,
      Map<String, String> tags) {
    return plan(json, runId, params, metrics, tags, MAX_BYTES);
  }

  static List<byte[]> plan(ObjectMapper json, String runId, Map<String, String> params, List<Point> metrics,
      Map<String, String> tags, int maxBytes) {
    byte[] head = ("{\"run_id\":" + quote(json, runId)).getBytes(StandardCharsets.UTF_8);
    Builder b = new Builder(head, maxBytes);
    List<byte[]> out = new ArrayList<>();
    params.forEach((k, v) -> b.add(out, 0, kv(json, k, v)));
    for (Point p : metrics) {
      b.add(out, 1, metric(json, p));
    }
    tags.forEach((k, v) -> b.add(out, 2, kv(json, k, v)));
    b.flush(out);
    return out;
  }

  private static final class Builder {
    private static final String[] FIELDS = {"params", "metrics", "tags"};
    private static final int[] LIMITS = {MAX_PARAMS, MAX_METRICS, MAX_TAGS};
    // ,"params":[ ... ] ,"metrics":[ ... ] ,"tags":[ ... ] }
    private static final int ENVELOPE = 3 * 16 + 1;

    private final byte[] head;
    private final int maxBytes;
    private final List<List<byte[]>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    private int bytes;

    Builder(byte[] head, int maxBytes) {
      this.head = head;
      this.maxBytes = maxBytes;
      this.bytes = head.length + ENVELOPE;
    }

    void add(List<byte[]> out, int kind, byte[] entity) {
      int total = parts.get(0).size() + parts.get(1).size() + parts.get(2).size();
      if (parts.get(kind).size() >= LIMITS[kind] || total >= MAX_ENTITIES || bytes + entity.length + 1 > maxBytes) {
        flush(out);
      }
      if (head.length + ENVELOPE + entity.length + 1 > maxBytes) {
        throw new IllegalArgumentException("a single " + FIELDS[kind] + " entry of " + entity.length
            + " bytes exceeds MLflow's request limit of " + maxBytes + " bytes");
      }
      parts.get(kind).add(entity);
      bytes += entity.length + 1;
    }

    void flush(List<byte[]> out) {
      if (parts.get(0).isEmpty() && parts.get(1).isEmpty() && parts.get(2).isEmpty()) {
        return;
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream(bytes);
      body.writeBytes(head);
      for (int k = 0; k < 3; k++) {
        body.writeBytes((",\"" + FIELDS[k] + "\":[").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < parts.get(k).size(); i++) {
          if (i > 0) {
            body.write(',');
          }
          body.writeBytes(parts.get(k).get(i));
        }
        body.write(']');
        parts.get(k).clear();
      }
      body.write('}');
      out.add(body.toByteArray());
      bytes = head.length + ENVELOPE;
    }
  }

  private static String quote(ObjectMapper json, String s) {
    try {
      return json.writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] kv(ObjectMapper json, String k, String v) {
    ObjectNode n = json.createObjectNode();
    n.put("key", k);
    n.put("value", v);
    return bytes(json, n);
  }

  private static byte[] metric(ObjectMapper json, Point p) {
    ObjectNode n = json.createObjectNode();
    n.put("key", p.key());
    if (Double.isFinite(p.value())) {
      n.put("value", p.value());
    } else {
      n.put("value", Double.isNaN(p.value()) ? "NaN" : p.value() > 0 ? "Infinity" : "-Infinity");
    }
    n.put("timestamp", p.timestamp());
    n.put("step", p.step());
    return bytes(json, n);
  }

  private static byte[] bytes(ObjectMapper json, ObjectNode n) {
    try {
      return json.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
