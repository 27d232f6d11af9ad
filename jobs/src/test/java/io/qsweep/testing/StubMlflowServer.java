package io.qsweep.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for an MLflow tracking server on a free 127.0.0.1 port — NOT MLflow: canned answers for what
 * {@code MlflowSweepLogger} asks of a server that has the experiment and no runs yet ({@code experiments/get-by-name},
 * {@code runs/create} with run ids from a counter and an {@code mlflow-artifacts:} artifact URI); every other request
 * gets {@code {}}. For counting the requests a sweep costs and for measuring the client alone; what a real server
 * does is tested against {@link MlflowServer}.
 */
public final class StubMlflowServer implements AutoCloseable {
  /** Sees every request (method, URI path, body) before it is answered; called on the server's threads. */
  @FunctionalInterface
  public interface Observer {
    void request(String method, String path, String body);
  }

  private final HttpServer server;
  private final ExecutorService threads;

  /**
   * Starts the stub.
   *
   * @param experiment the experiment name it answers for
   * @param threads    handler threads (daemons)
   * @param observer   sees every request, or {@code null}
   */
  public StubMlflowServer(String experiment, int threads, Observer observer) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    AtomicLong ids = new AtomicLong();
    server.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = ex.getRequestURI().getPath();
      if (observer != null) {
        observer.request(ex.getRequestMethod(), path, body);
      }
      String answer = "{}";
      if (path.endsWith("/experiments/get-by-name")) {
        answer = "{\"experiment\":{\"experiment_id\":\"1\",\"name\":\"" + experiment
            + "\",\"lifecycle_stage\":\"active\"}}";
      } else if (path.endsWith("/runs/create")) {
        String id = String.format(Locale.ROOT, "%032x", ids.incrementAndGet());
        answer = "{\"run\":{\"info\":{\"run_id\":\"" + id + "\",\"experiment_id\":\"1\",\"status\":\"RUNNING\","
            + "\"artifact_uri\":\"mlflow-artifacts:/1/" + id + "/artifacts\"},\"data\":{}}}";
      }
      byte[] b = answer.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    this.threads = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "stub-mlflow");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(this.threads);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
