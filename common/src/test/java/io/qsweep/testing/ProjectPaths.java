package io.qsweep.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Locates the project root and the project venv for tests that need them. */
public final class ProjectPaths {
  private ProjectPaths() {
  }

  /** The multi-module root: system property {@code qsweep.root} (set by surefire), else walk up to {@code .ci/}. */
  public static Path root() {
    String prop = System.getProperty("qsweep.root");
    if (prop != null && Files.isDirectory(Paths.get(prop, "common"))) {
      return Paths.get(prop).toAbsolutePath();
    }
    Path p = Paths.get("").toAbsolutePath();
    while (p != null) {
      if (Files.isDirectory(p.resolve("common")) && Files.exists(p.resolve("pom.xml"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("cannot find the qsweep project root from " + Paths.get("").toAbsolutePath());
  }

  /** Whether this is a CI run (environment variable {@code CI=true}). */
  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * The project venv's python ({@code .venv/bin/python}, created by {@code bin/setup}). Outside CI a missing venv
   * skips the calling test (visibly); in CI it fails it, because CI must never silently skip.
   */
  public static Path venvPython() {
    Path py = root().resolve(".venv/bin/python");
    if (!Files.isExecutable(py)) {
      String msg = "project venv missing: " + py + " (run bin/setup)";
      if (inCi()) {
        throw new AssertionError(msg);
      }
      Assumptions.abort(msg);
    }
    return py;
  }
}
