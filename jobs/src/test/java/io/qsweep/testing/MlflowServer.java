package io.qsweep.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real MLflow tracking server from the project venv, for integration tests: {@code .venv/bin/mlflow server} on a
 * free loopback port with a sqlite store and a local artifact destination in a temporary directory. Register it as a
 * static JUnit 5 extension, so one server serves a whole test class (start-up takes several seconds):
 *
 * <pre>{@code
 * @RegisterExtension static final MlflowServer SERVER = MlflowServer.shared();
 * @RegisterExtension static final MlflowServer OWN = MlflowServer.plain();
 * @RegisterExtension static final MlflowServer AUTH = MlflowServer.basicAuth("admin", "a-long-password-1");
 * }</pre>
 *
 * <p>{@link #shared()} is one plain server for every test class of the JVM (surefire runs the classes one after the
 * other in one fork), started by the first class that registers it and stopped at JVM exit: on a busy CI machine a
 * start costs from a few to 30 seconds. Test classes sharing it use their own experiment names.
 *
 * <p>Launched like {@code bin/mlflow-server} launches the checkout's server (see
 * {@code bin/lib/tools/qsweep_tools/mlflow_server.py}): gunicorn gthread workers serving MLflow's Flask app
 * ({@code --gunicorn-opts}; {@link Http}) and the sqlite store in write-ahead-log mode, but kept light: one worker
 * process ({@code --workers 1}) and no job-execution runner
 * ({@code MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false}; MLflow 3 otherwise starts a runner with seven huey consumer
 * processes). {@link #stop()} ends the whole process tree (the {@code mlflow} CLI, its gunicorn or uvicorn children
 * and anything they spawned) and {@link #start()} brings it back on the same port and store, for outage tests. A JVM
 * shutdown hook stops a server a test forgot.
 *
 * <p>{@link #api()} reads the server back through its REST API independently of the code under test.
 */
public final class MlflowServer implements BeforeAllCallback, AfterAllCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** Worker processes of test servers (one keeps tests light; bin/mlflow-server starts 2). */
  public static final int DEFAULT_WORKERS = 1;

  /** The HTTP server in front of MLflow's app. */
  public enum Http {
    /** {@code mlflow server} default: uvicorn serving the FastAPI app, which mounts the Flask app through WSGI. */
    UVICORN,
    /** {@code --gunicorn-opts}: gunicorn gthread workers serving the Flask app directly (as bin/mlflow-server). */
    GUNICORN;

    /** The launch configuration of servers that name none. */
    public static final Http DEFAULT = GUNICORN;
  }

  private static MlflowServer shared;

  private final String adminUser;
  private final String adminPassword;
  private final boolean isShared;
  private final int workers;
  private final Http http;
  private Path dir;
  private int port;
  private Process process;
  private int starts;
  private Thread shutdownHook;

  private MlflowServer(String adminUser, String adminPassword, boolean isShared, int workers, Http http) {
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
    this.isShared = isShared;
    this.workers = workers;
    this.http = http;
  }

  /** A server without authentication, for this test class only. */
  public static MlflowServer plain() {
    return new MlflowServer(null, null, false, DEFAULT_WORKERS, Http.DEFAULT);
  }

  /** The JVM-wide server without authentication (see the class javadoc). */
  public static synchronized MlflowServer shared() {
    if (shared == null) {
      shared = new MlflowServer(null, null, true, DEFAULT_WORKERS, Http.DEFAULT);
    }
    return shared;
  }

  /**
   * A server with MLflow's basic-auth app ({@code --app-name basic-auth}), a temporary auth config (via
   * {@code MLFLOW_AUTH_CONFIG_PATH}) whose admin user/password are the given ones, default permission READ, and
   * successful credential checks cached for 60 s. Needs the {@code mlflow[auth]} extra (Flask-WTF) in the venv.
   */
  public static MlflowServer basicAuth(String adminUser, String adminPassword) {
    return new MlflowServer(adminUser, adminPassword, false, DEFAULT_WORKERS, Http.DEFAULT);
  }

  /** A plain, unshared server with {@code n} worker processes of the given HTTP server (benchmarks). */
  public static MlflowServer forBenchmark(int n, Http http) {
    if (n < 1) {
      throw new IllegalArgumentException("workers: " + n + " must be >= 1");
    }
    if (http == null) {
      throw new IllegalArgumentException("http: must be given (" + java.util.Arrays.toString(Http.values()) + ")");
    }
    return new MlflowServer(null, null, false, n, http);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (isShared) {
      return; // stopped and deleted by the shutdown hook
    }
    stop();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // JVM already shutting down
      }
      shutdownHook = null;
    }
    deleteTree(dir);
  }

  /** Starts the server (first time: picks a port and a store; later: the same port and store) and waits for health. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    Path mlflow = ProjectPaths.venvPython().resolveSibling("mlflow");
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("qsweep-mlflow-");
        port = freePort();
      }
      if (starts == 0) {
        walJournal(dir.resolve("mlflow.db"));
      }
      List<String> cmd = new ArrayList<>(List.of(mlflow.toString(), "server", "--host", "127.0.0.1", "--port",
          Integer.toString(port), "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db"),
          "--artifacts-destination", dir.resolve("artifacts").toString(), "--workers", Integer.toString(workers)));
      if (http == Http.GUNICORN) {
        cmd.addAll(List.of("--gunicorn-opts", GUNICORN_OPTS));
      }
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("MLFLOW_"));
      env.put("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
      if (adminUser != null) {
        Path ini = dir.resolve("basic_auth.ini");
        Files.writeString(ini, "[mlflow]\ndefault_permission = READ\ndatabase_uri = sqlite:///"
            + dir.resolve("basic_auth.db") + "\nadmin_username = " + adminUser + "\nadmin_password = "
            + adminPassword + "\nauthorization_function = mlflow.server.auth:authenticate_request_basic_auth\n"
            // Cache successful password checks (PBKDF2 on every request is slow on a busy machine).
            + "auth_cache_ttl_seconds = 60\n");
        cmd.addAll(List.of("--app-name", "basic-auth"));
        pb.command(cmd);
        env.put("MLFLOW_AUTH_CONFIG_PATH", ini.toString());
        env.put("MLFLOW_FLASK_SERVER_SECRET_KEY", "qsweep-test-secret-key");
      }
      starts++;
      process = pb.start();
      if (shutdownHook == null) {
        shutdownHook = new Thread(() -> {
          stop();
          if (isShared) {
            deleteTree(dir);
          }
        }, "mlflow-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mlflow, e);
    }
    waitHealthy();
  }

  /** gunicorn options, as bin/mlflow-server's ({@code qsweep_tools/mlflow_server.py}, which explains them). */
  static final String GUNICORN_OPTS =
      "--worker-class gthread --threads 2 --keep-alive 60 --timeout 120 --no-control-socket";

  /**
   * Creates the sqlite store in write-ahead-log mode before MLflow first opens it (the journal mode is stored in the
   * database file; MLflow then creates its tables in it as in any empty database). As bin/mlflow-server does.
   */
  private static void walJournal(Path db) throws IOException {
    Path py = ProjectPaths.venvPython();
    Process p = new ProcessBuilder(py.toString(), "-c", "import sqlite3, sys\n"
        + "c = sqlite3.connect(sys.argv[1])\n"
        + "mode = c.execute('PRAGMA journal_mode=WAL').fetchone()[0]\n"
        + "c.close()\n"
        + "sys.exit(0 if mode == 'wal' else 'journal_mode is ' + mode)\n", db.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException("cannot set WAL journal mode on " + db + ": " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while preparing " + db, e);
    }
  }

  /**
   * CPU seconds (user + system) used so far by the server's process tree (the {@code mlflow} CLI and its workers), as
   * the OS reports them; NaN if unknown. Processes that already ended are not counted.
   */
  public synchronized double cpuSeconds() {
    if (process == null) {
      return Double.NaN;
    }
    ProcessHandle root = process.toHandle();
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(root);
    double total = 0;
    for (ProcessHandle h : tree) {
      java.util.Optional<Duration> cpu = h.info().totalCpuDuration();
      if (cpu.isEmpty()) {
        return Double.NaN;
      }
      total += cpu.get().toNanos() / 1e9;
    }
    return total;
  }

  private void waitHealthy() {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("mlflow server exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri() + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(200);
    }
    stop();
    throw new IllegalStateException("mlflow server not healthy after " + START_TIMEOUT + ":\n" + logTail());
  }

  /** Stops the server and every process it started (SIGTERM, then SIGKILL after 10 s). Idempotent. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    ProcessHandle root = process.toHandle();
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(root);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (ProcessHandle h : tree) {
      while (h.isAlive() && System.nanoTime() < deadline) {
        sleep(50);
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops the server and deletes its directory (for use outside JUnit, e.g. benchmarks). */
  public void close() {
    afterAll(null);
  }

  /** Whether the server process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The temporary directory holding the store, the artifacts and the server log. */
  public Path dir() {
    return dir;
  }

  /** How many times the server was started. */
  public int starts() {
    return starts;
  }

  public Path logFile() {
    return dir.resolve("server.log");
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** A REST reader authenticated as the admin (basic-auth servers) or anonymous. */
  public Api api() {
    return new Api(uri(), adminUser, adminPassword);
  }

  /** A REST reader with the given basic-auth credentials. */
  public Api api(String user, String password) {
    return new Api(uri(), user, password);
  }

  /** A free loopback port. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path p) {
    if (p == null || !Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }

  /** Minimal MLflow REST reads (and a few writes to set up scenarios), independent of the production client. */
  public static final class Api {
    private final URI base;
    private final String auth;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    Api(URI base, String user, String password) {
      this.base = base;
      this.auth = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public ObjectMapper json() {
      return json;
    }

    /** GET {@code /api/2.0/mlflow/<endpoint>?k=v...}; fails unless 200. */
    public JsonNode get(String endpoint, String... query) {
      StringBuilder q = new StringBuilder();
      for (int i = 0; i < query.length; i += 2) {
        q.append(i == 0 ? '?' : '&').append(query[i]).append('=')
            .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8));
      }
      return parse(send(request("/api/2.0/mlflow/" + endpoint + q).GET()));
    }

    /** POST JSON to {@code /api/2.0/mlflow/<endpoint>}; fails unless 200. */
    public JsonNode post(String endpoint, JsonNode body) {
      return parse(send(request("/api/2.0/mlflow/" + endpoint).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()))));
    }

    public JsonNode experiment(String name) {
      return get("experiments/get-by-name", "experiment_name", name).path("experiment");
    }

    /** All runs (active) of an experiment matching a filter, every page. */
    public List<JsonNode> searchRuns(String experimentId, String filter) {
      List<JsonNode> out = new ArrayList<>();
      String token = "";
      do {
        ObjectNode body = json.createObjectNode().put("filter", filter).put("max_results", 1000);
        body.putArray("experiment_ids").add(experimentId);
        if (!token.isEmpty()) {
          body.put("page_token", token);
        }
        JsonNode r = post("runs/search", body);
        r.path("runs").forEach(out::add);
        token = r.path("next_page_token").asText("");
      } while (!token.isEmpty());
      return out;
    }

    public JsonNode run(String runId) {
      return get("runs/get", "run_id", runId).path("run");
    }

    public List<JsonNode> metricHistory(String runId, String key) {
      List<JsonNode> out = new ArrayList<>();
      get("metrics/get-history", "run_id", runId, "metric_key", key).path("metrics").forEach(out::add);
      return out;
    }

    /** The files under {@code path} of a run's artifacts (recursively), as relative paths. */
    public List<String> listArtifacts(String runId, String path) {
      List<String> out = new ArrayList<>();
      JsonNode r = path.isEmpty() ? get("artifacts/list", "run_id", runId)
          : get("artifacts/list", "run_id", runId, "path", path);
      for (JsonNode f : r.path("files")) {
        if (f.path("is_dir").asBoolean()) {
          out.addAll(listArtifacts(runId, f.path("path").asText()));
        } else {
          out.add(f.path("path").asText());
        }
      }
      return out;
    }

    /** Downloads an artifact through the artifact proxy ({@code GET /api/2.0/mlflow-artifacts/artifacts/...}). */
    public byte[] downloadArtifact(String artifactUri, String path) {
      String root = artifactUri.replaceFirst("^mlflow-artifacts:/+", "");
      HttpResponse<byte[]> r = send(request("/api/2.0/mlflow-artifacts/artifacts/" + root + "/" + path).GET());
      return r.body();
    }

    /** Downloads an artifact with MLflow's {@code /get-artifact} endpoint (used by the UI). */
    public byte[] getArtifact(String runId, String path) {
      return send(request("/get-artifact?run_id=" + runId + "&path="
          + URLEncoder.encode(path, StandardCharsets.UTF_8)).GET()).body();
    }

    /** Raw GET of any path, returning status and body (no status check). */
    public HttpResponse<byte[]> raw(String path) {
      try {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private HttpRequest.Builder request(String path) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
      if (auth != null) {
        b.header("Authorization", auth);
      }
      return b;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder b) {
      try {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new AssertionError("HTTP " + r.statusCode() + " from " + r.uri() + ": "
              + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private JsonNode parse(HttpResponse<byte[]> r) {
      try {
        return json.readTree(r.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
