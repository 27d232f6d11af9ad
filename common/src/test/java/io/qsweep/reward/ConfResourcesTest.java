package io.qsweep.reward;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfResourcesTest {
  @TempDir
  Path tmp;

  @Test
  void listsYamlFilesInsideAJarAsOnASparkExecutor() throws Exception {
    Path jar = tmp.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String name : new String[] {"qsweep/", "qsweep/rewards/", "qsweep/rewards/a.yaml", "qsweep/rewards/b.yaml",
          "qsweep/rewards/notes.txt", "qsweep/rewards/sub/", "qsweep/rewards/sub/c.yaml", "qsweep/other.yaml"}) {
        out.putNextEntry(new JarEntry(name));
        if (!name.endsWith("/")) {
          out.write(("x: " + name).getBytes(StandardCharsets.UTF_8));
        }
        out.closeEntry();
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      assertThat(ConfResources.yamlFiles(loader, "qsweep/rewards")).containsExactly("a.yaml", "b.yaml");
    }
  }

  @Test
  void listsAClassDirectoryAndReadsResources() {
    assertThat(ConfResources.yamlFiles("qsweep/listeners")).contains("default.yaml");
    assertThat(ConfResources.read("qsweep/rewards/theory.yaml")).contains("env: melody");
    assertThat(ConfResources.read("qsweep/rewards/none.yaml")).isNull();
  }
}
