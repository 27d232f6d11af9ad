package io.qsweep.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few MLflow REST endpoints qsweep needs (API 2.0: experiments get-by-name/create, runs
 * create/search/update/log-batch, metrics get-history, set-tag) and the artifact proxy, over
 * {@link java.net.http.HttpClient} with Jackson.
 *
 * <p><b>Why not {@code org.mlflow:mlflow-client}.</b> Its newest release (2.17.2) is a pre-shaded 8.6 MB jar (protobuf,
 * Guava, Gson, Apache HttpClient 4, commons-*, ini4j relocated under {@code org.mlflow_project}, plus unrelocated
 * {@code com.databricks.api} classes) that declares {@code slf4j-api} 1.7 against Spark's 2.x. It would still leave
 * us to write, by hand, the parts that matter here: (1) artifacts — its {@code logArtifact} shells out to
 * {@code python -m mlflow.store.artifact.cli} (one Python start per file, and a Python with mlflow on every driver),
 * so uploads need our own HTTP code anyway; (2) failure handling — its HTTP caller retries only HTTP 429 and throws
 * one exception type for everything else, while qsweep must tell "server down, retry with backoff, then sync later"
 * (connection refused, timeouts, 5xx) from "refused, fix something" (401/403/4xx) and must not retry a non-idempotent
 * create blindly; (3) credentials — its provider chain also reads {@code ~/.databrickscfg}, and qsweep takes
 * credentials from the environment only. Nine JSON endpoints are less code and fewer classpath risks on a Spark
 * driver than a second HTTP stack; Jackson is already a dependency (relocated in the shaded jar).
 *
 * <p>Error mapping: connection failures, timeouts, HTTP 429 and 5xx throw {@link TransientFailure} (the caller
 * retries); other statuses throw {@link TrackingRejectedException} with a message naming the operation and MLflow's
 * answer. Every message is passed through {@link Credentials#redact}.
 */
final class MlflowRestClient {

  /** An MLflow experiment. */
  record Experiment(String id, String name, String lifecycleStage, String artifactLocation) {
    boolean deleted() {
      return "deleted".equals(lifecycleStage);
    }
  }

  /** A run as returned by get/search: info plus params, latest metrics and tags. */
  record Run(String id, String experimentId, String name, String status, long startTime, String artifactUri,
      Map<String, String> params, Map<String, Double> latestMetrics, Map<String, String> tags) {
  }

  /** A failure that may go away: connection refused/reset, timeout, HTTP 429 or 5xx. Message is redacted. */
  static final class TransientFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TransientFailure(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  static final String ERR_NOT_FOUND = "RESOURCE_DOES_NOT_EXIST";
  static final String ERR_EXISTS = "RESOURCE_ALREADY_EXISTS";
  private static final String API = "/api/2.0/mlflow/";
  private static final String ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts/";
  private static final int SEARCH_PAGE = 1000;
  private static final int HISTORY_PAGE = 25000;

  private final URI base;
  private final Credentials credentials;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final String userAgent;

  MlflowRestClient(TrackingConfig config) {
    this.base = config.uri();
    this.credentials = config.credentials();
    this.requestTimeout = config.requestTimeout();
    // HTTP/1.1: MLflow's uvicorn does not speak h2c, and the default HTTP/2 upgrade attempt only adds a header.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    String v = MlflowRestClient.class.getPackage().getImplementationVersion();
    this.userAgent = "qsweep/" + (v == null ? "dev" : v) + " (java.net.http)";
  }

  ObjectMapper json() {
    return json;
  }

  URI base() {
    return base;
  }

  // ---------------------------------------------------------------- experiments

  Optional<Experiment> experimentByName(String name) {
    try {
      JsonNode r = get("experiments/get-by-name", "experiment_name", name);
      return Optional.of(experiment(r.path("experiment")));
    } catch (TrackingRejectedException e) {
      if (ERR_NOT_FOUND.equals(e.errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Creates the experiment; when it already exists (a concurrent create) returns the existing one. */
  Experiment createExperiment(String name) {
    ObjectNode body = json.createObjectNode().put("name", name);
    try {
      return new Experiment(post("experiments/create", body).path("experiment_id").asText(), name, "active", "");
    } catch (TrackingRejectedException e) {
      if (ERR_EXISTS.equals(e.errorCode())) {
        return experimentByName(name).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- runs

  Run createRun(String experimentId, String runName, long startTime, Map<String, String> tags) {
    ObjectNode body = json.createObjectNode().put("experiment_id", experimentId).put("run_name", runName)
        .put("start_time", startTime);
    ArrayNode t = body.putArray("tags");
    tags.forEach((k, v) -> t.addObject().put("key", k).put("value", v));
    return run(post("runs/create", body).path("run"));
  }

  /** All active runs of the experiment matching {@code filter} (MLflow search syntax), every page. */
  List<Run> searchRuns(String experimentId, String filter) {
    List<Run> out = new ArrayList<>();
    String token = null;
    do {
      ObjectNode body = json.createObjectNode().put("filter", filter).put("max_results", SEARCH_PAGE)
          .put("run_view_type", "ACTIVE_ONLY");
      body.putArray("experiment_ids").add(experimentId);
      if (token != null) {
        body.put("page_token", token);
      }
      JsonNode r = post("runs/search", body);
      for (JsonNode run : r.path("runs")) {
        out.add(run(run));
      }
      token = r.path("next_page_token").asText("");
    } while (!token.isEmpty());
    return out;
  }

  void logBatch(byte[] body) {
    send("POST", API + "runs/log-batch", HttpRequest.BodyPublishers.ofByteArray(body), "application/json",
        "runs/log-batch");
  }

  /** Every point of a metric's history, following pagination. */
  List<LogBatches.Point> metricHistory(String runId, String key) {
    List<LogBatches.Point> out = new ArrayList<>();
    String token = null;
    do {
      JsonNode r = token == null
          ? get("metrics/get-history", "run_id", runId, "metric_key", key, "max_results", String.valueOf(HISTORY_PAGE))
          : get("metrics/get-history", "run_id", runId, "metric_key", key, "max_results", String.valueOf(HISTORY_PAGE),
              "page_token", token);
      for (JsonNode m : r.path("metrics")) {
        out.add(new LogBatches.Point(m.path("key").asText(), number(m.path("value")), m.path("timestamp").asLong(),
            m.path("step").asLong()));
      }
      token = r.path("next_page_token").asText("");
    } while (!token.isEmpty());
    return out;
  }

  void updateRun(String runId, String status, long endTime) {
    post("runs/update", json.createObjectNode().put("run_id", runId).put("status", status).put("end_time", endTime));
  }

  // ---------------------------------------------------------------- artifacts

  /**
   * The artifact-proxy path of a run's artifact root, or empty if the root is not served by the server's proxy.
   * Handles {@code mlflow-artifacts:/1/<run>/artifacts}, {@code mlflow-artifacts://host:port/1/...} and
   * {@code http(s)://host/.../api/2.0/mlflow-artifacts/artifacts/1/...}.
   */
  static Optional<String> proxyPath(String artifactUri) {
    if (artifactUri == null) {
      return Optional.empty();
    }
    URI u;
    try {
      u = URI.create(artifactUri);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme();
    String path;
    if (scheme.equals("mlflow-artifacts")) {
      path = u.getPath() == null ? u.getSchemeSpecificPart() : u.getPath();
    } else if (scheme.equals("http") || scheme.equals("https")) {
      String p = u.getPath() == null ? "" : u.getPath();
      int i = p.indexOf(ARTIFACTS_API);
      if (i < 0) {
        return Optional.empty();
      }
      path = p.substring(i + ARTIFACTS_API.length());
    } else {
      return Optional.empty();
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.isEmpty() ? Optional.empty() : Optional.of(path);
  }

  /**
   * Uploads one artifact through the tracking server's artifact proxy: {@code PUT
   * /api/2.0/mlflow-artifacts/artifacts/<root>/<path>}. The proxy (on by default since MLflow 2.0,
   * {@code --serve-artifacts}) writes to whatever store the server is configured with, so the driver needs no cloud
   * credentials and no Python; PUT overwrites, so re-uploading is idempotent.
   */
  void putArtifact(String proxyRoot, Artifact artifact) {
    String path = ARTIFACTS_API + encodePath(proxyRoot + "/" + artifact.path());
    send("PUT", path, artifact.publisher(), "application/octet-stream", "upload of artifact " + artifact.path());
  }

  /** Percent-encodes each '/'-separated segment (RFC 3986 unreserved characters stay). */
  static String encodePath(String path) {
    StringBuilder sb = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
          || c == '.' || c == '_' || c == '~' || c == '/';
      if (keep) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- HTTP

  private JsonNode get(String endpoint, String... query) {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < query.length; i += 2) {
      q.append(i == 0 ? '?' : '&').append(query[i]).append('=')
          .append(java.net.URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
    }
    return parse(send("GET", API + endpoint + q, HttpRequest.BodyPublishers.noBody(), null, endpoint), endpoint);
  }

  private JsonNode post(String endpoint, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return parse(send("POST", API + endpoint, HttpRequest.BodyPublishers.ofByteArray(bytes), "application/json",
        endpoint), endpoint);
  }

  private byte[] send(String method, String path, HttpRequest.BodyPublisher body, String contentType, String op) {
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
        .method(method, body).header("User-Agent", userAgent).header("Accept", "application/json");
    if (contentType != null) {
      rb.header("Content-Type", contentType);
    }
    credentials.authorizationHeader().ifPresent(h -> rb.header("Authorization", h));
    HttpResponse<byte[]> resp;
    try {
      resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpConnectTimeoutException e) {
      throw new TransientFailure(op + ": connecting to " + base + " timed out", e);
    } catch (ConnectException e) {
      throw new TransientFailure(op + ": cannot connect to " + base + " (" + describe(e) + ")", e);
    } catch (HttpTimeoutException e) {
      throw new TransientFailure(op + ": no answer from " + base + " within " + requestTimeout.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new TransientFailure(op + ": I/O error talking to " + base + " (" + redact(describe(e)) + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrackingUnavailableException(op + ": interrupted while talking to " + base, e);
    }
    int status = resp.statusCode();
    if (status >= 200 && status < 300) {
      return resp.body();
    }
    String[] err = errorOf(resp);
    String detail = err[1].isEmpty() ? "" : ": " + err[1];
    if (status == 429 || status >= 500) {
      throw new TransientFailure(op + ": " + base + " answered HTTP " + status + detail, null);
    }
    if (status == 401) {
      throw new TrackingRejectedException("MLflow at " + base + " answered 401 Unauthorized to " + op + ": "
          + (credentials.isPresent() ? "the credentials (" + credentials.describe() + ") were not accepted; check "
          + "the username and password/token" : "the server requires authentication but " + credentials.describe()
          + "; set them in the environment"), status, err[0]);
    }
    if (status == 403) {
      throw new TrackingRejectedException("MLflow at " + base + " answered 403 Forbidden to " + op + ": "
          + credentials.describe() + " lacks permission" + detail, status, err[0]);
    }
    if (status >= 300 && status < 400) {
      String to = resp.headers().firstValue("Location").orElse("?");
      throw new TrackingRejectedException(base + " redirects " + op + " (HTTP " + status + ") to " + redact(to)
          + "; use the URI it redirects to as the tracking URI", status, "");
    }
    if (err[0].isEmpty()) {
      throw new TrackingRejectedException(base + " does not look like an MLflow tracking server: " + op + " answered "
          + "HTTP " + status + " without an MLflow error (check the URI and its path prefix)", status, "");
    }
    throw new TrackingRejectedException("MLflow at " + base + " refused " + op + " (HTTP " + status + ", " + err[0]
        + ")" + detail, status, err[0]);
  }

  /** {@code [error_code, message]} of an MLflow error answer, or {@code ["", ""]} if it is not one. */
  private String[] errorOf(HttpResponse<byte[]> resp) {
    try {
      JsonNode n = json.readTree(resp.body());
      if (n != null && n.has("error_code")) {
        String msg = n.path("message").asText("");
        // MLflow sometimes appends SQL statements to messages; the first line is the useful part.
        int nl = msg.indexOf('\n');
        if (nl >= 0) {
          msg = msg.substring(0, nl);
        }
        if (msg.length() > 500) {
          msg = msg.substring(0, 500) + "...";
        }
        return new String[] {n.path("error_code").asText(""), redact(msg)};
      }
    } catch (IOException | RuntimeException e) {
      // not JSON
    }
    return new String[] {"", ""};
  }

  private JsonNode parse(byte[] body, String op) {
    try {
      JsonNode n = json.readTree(body);
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new TrackingRejectedException(base + " does not look like an MLflow tracking server: " + op
          + " answered with something other than JSON (check the URI and its path prefix)", 200, "");
    }
  }

  private String redact(String s) {
    return credentials.redact(s);
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (t instanceof ConnectException && (m == null || m.isEmpty())) {
      return "connection refused";
    }
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private Experiment experiment(JsonNode e) {
    return new Experiment(e.path("experiment_id").asText(), e.path("name").asText(),
        e.path("lifecycle_stage").asText("active"), e.path("artifact_location").asText(""));
  }

  private Run run(JsonNode r) {
    JsonNode info = r.path("info");
    JsonNode data = r.path("data");
    Map<String, String> params = new LinkedHashMap<>();
    for (JsonNode p : data.path("params")) {
      params.put(p.path("key").asText(), p.path("value").asText(""));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (JsonNode m : data.path("metrics")) {
      metrics.put(m.path("key").asText(), number(m.path("value")));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (JsonNode t : data.path("tags")) {
      tags.put(t.path("key").asText(), t.path("value").asText(""));
    }
    String id = info.path("run_id").asText(info.path("run_uuid").asText());
    return new Run(id, info.path("experiment_id").asText(), info.path("run_name").asText(""),
        info.path("status").asText(""), info.path("start_time").asLong(), info.path("artifact_uri").asText(""),
        params, metrics, tags);
  }

  /** A metric value: a JSON number, or MLflow's strings for non-finite values. */
  static double number(JsonNode v) {
    if (v.isNumber()) {
      return v.asDouble();
    }
    switch (v.asText("")) {
      case "NaN":
        return Double.NaN;
      case "Infinity":
        return Double.POSITIVE_INFINITY;
      case "-Infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(v.asText());
    }
  }
}
