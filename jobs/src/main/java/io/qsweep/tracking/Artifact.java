package io.qsweep.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One file to store under a run's artifact root: its path relative to that root (e.g. {@code qtable/q_mean.npy}) and
 * its content, either in memory or in a file (streamed on upload, so large Q-tables need not be in memory).
 * Conventional paths are constants here.
 */
public final class Artifact {

  /** The mean Q-table over seeds as a NumPy {@code .npy} array of shape [states, actions], float64. */
  public static final String Q_MEAN_NPY = "qtable/mean_q.npy";
  /** The mean Q-table as CSV: header {@code state,a0,a1,...}, one row per state. */
  public static final String Q_MEAN_CSV = "qtable/mean_q.csv";
  /** The greedy policy of the mean Q-table, human-readable (a grid of arrows for grid worlds). */
  public static final String POLICY_TXT = "policy.txt";
  /** One row per seed: replica, seed, and every per-run metric. */
  public static final String REPLICAS_CSV = "replicas.csv";
  /** For music environments: the greedy policy's composition. */
  public static final String COMPOSITION_MIDI = "composition.mid";
  /** For music environments: the greedy policy's composition as text (note names / chosen options). */
  public static final String COMPOSITION_TXT = "composition.txt";
  /** On the parent run: the sweep YAML exactly as given. */
  public static final String SWEEP_YAML = "sweep.yaml";

  private final String path;
  private final byte[] bytes;
  private final Path file;

  private Artifact(String path, byte[] bytes, Path file) {
    this.path = Names.artifactPath("artifact", path);
    this.bytes = bytes;
    this.file = file;
  }

  /** In-memory content (copied). */
  public static Artifact ofBytes(String path, byte[] bytes) {
    if (bytes == null) {
      throw new IllegalArgumentException("artifact '" + path + "': bytes must be given");
    }
    return new Artifact(path, bytes.clone(), null);
  }

  /** UTF-8 text. */
  public static Artifact ofText(String path, String text) {
    if (text == null) {
      throw new IllegalArgumentException("artifact '" + path + "': text must be given");
    }
    return new Artifact(path, text.getBytes(StandardCharsets.UTF_8), null);
  }

  /** A file on the local file system, read when uploaded; it must exist now and still exist then. */
  public static Artifact ofFile(String path, Path file) {
    if (file == null || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("artifact '" + path + "': file " + file + " does not exist");
    }
    return new Artifact(path, null, file);
  }

  /** The path relative to the run's artifact root. */
  public String path() {
    return path;
  }

  /** The file holding the content, or {@code null} for in-memory content. */
  public Path file() {
    return file;
  }

  /** The content (read from the file if file-backed). */
  public byte[] content() {
    if (bytes != null) {
      return bytes.clone();
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("artifact '" + path + "': cannot read " + file, e);
    }
  }

  HttpRequest.BodyPublisher publisher() {
    if (bytes != null) {
      return HttpRequest.BodyPublishers.ofByteArray(bytes);
    }
    try {
      return HttpRequest.BodyPublishers.ofFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException("artifact '" + path + "': cannot read " + file, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Artifact a && path.equals(a.path) && Arrays.equals(bytes, a.bytes)
        && java.util.Objects.equals(file, a.file);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    return "Artifact[" + path + (bytes != null ? ", " + bytes.length + " bytes]" : ", " + file + "]");
  }
}
