package io.qsweep.reward;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Built-in configuration files shipped inside the qsweep jar (copied from the repository's {@code conf/} directory at
 * build time, e.g. {@code conf/rewards/*.yaml} to {@code qsweep/rewards/}), so that Spark executors find them
 * without a shared file system. Works both from a class directory (tests, IDE) and from a jar.
 */
public final class ConfResources {
  private ConfResources() {
  }

  /** The names of the {@code .yaml} files directly in classpath directory {@code dir} (e.g. {@code qsweep/rewards}). */
  public static SortedSet<String> yamlFiles(String dir) {
    return yamlFiles(loader(), dir);
  }

  /**
   * The names of the {@code .yaml} files directly in directory {@code dir} of {@code loader}'s classpath. When the
   * directory has no entry of its own (a jar built without directory entries), lists the jar or class directory
   * this class was loaded from.
   */
  public static SortedSet<String> yamlFiles(ClassLoader loader, String dir) {
    SortedSet<String> names = new TreeSet<>();
    URL url = loader.getResource(dir);
    try {
      if (url != null && url.getProtocol().equals("file")) {
        listDirectory(Paths.get(url.toURI()), names);
        return names;
      }
      if (url != null && url.getProtocol().equals("jar")) {
        String spec = url.getPath();
        listJar(Paths.get(new URL(spec.substring(0, spec.indexOf("!/"))).toURI()), dir, names);
        return names;
      }
      // A jar without directory entries: look in the jar (or directory) this class came from.
      CodeSource source = ConfResources.class.getProtectionDomain().getCodeSource();
      if (source != null && source.getLocation() != null) {
        Path location = Paths.get(source.getLocation().toURI());
        if (Files.isDirectory(location)) {
          listDirectory(location.resolve(dir), names);
        } else if (Files.isRegularFile(location)) {
          listJar(location, dir, names);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list built-in configuration in classpath:" + dir, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot list built-in configuration in classpath:" + dir, e);
    }
    return names;
  }

  /** The text of classpath resource {@code path} (UTF-8), or {@code null} when there is none. */
  public static String read(String path) {
    try (InputStream in = loader().getResourceAsStream(path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath:" + path, e);
    }
  }

  private static ClassLoader loader() {
    return ConfResources.class.getClassLoader();
  }

  private static void listDirectory(Path dir, SortedSet<String> names) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).forEach(names::add);
    }
  }

  private static void listJar(Path jar, String dir, SortedSet<String> names) throws IOException {
    String prefix = dir.endsWith("/") ? dir : dir + "/";
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String n = entries.nextElement().getName();
        if (n.startsWith(prefix) && n.endsWith(".yaml") && n.indexOf('/', prefix.length()) < 0) {
          names.add(n.substring(prefix.length()));
        }
      }
    }
  }
}
