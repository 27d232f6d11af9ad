package io.qsweep.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * The file operations a task needs to commit its results under the sweep's output directory, by paths relative to
 * it: create a file, move a temporary file over its final name, create a marker. Any Hadoop file system works; for
 * {@code file:} directories the operations go straight to {@code java.nio} instead — the same files, but Hadoop's
 * local file system forks a {@code chmod} per created file (without the native library) and writes a {@code .crc}
 * beside each one, which made committing a chunk cost as much as computing it in local mode.
 *
 * <p>{@link #commit} is the atomic step: rename on HDFS and the local disk (a reader sees the old file or the new
 * one, never half of one); on object stores (s3a) the rename is a copy, still never visible half-written.
 */
abstract class TaskStorage {

  /** The storage of the output directory {@code root} (a fully qualified URI). */
  static TaskStorage of(String root, Configuration conf) throws IOException {
    URI uri = URI.create(root);
    if ("file".equals(uri.getScheme())) {
      return new Local(Paths.get(uri));
    }
    Path p = new Path(root);
    return new Hadoop(p, p.getFileSystem(conf), conf);
  }

  /** A new file at {@code rel} (replacing one), its parent directories created. */
  abstract OutputStream create(String rel) throws IOException;

  /** The Parquet output file at {@code rel}, its parent directories created. */
  abstract OutputFile parquetFile(String rel) throws IOException;

  /**
   * Moves {@code tmp} over {@code target}. When another attempt of the same task got there first (its rename won),
   * keeps that file — it holds the same bytes — and removes {@code tmp}.
   */
  abstract void commit(String tmp, String target) throws IOException;

  /** An empty file at {@code rel} (a marker such as {@code _SUCCESS}). */
  void touch(String rel) throws IOException {
    create(rel).close();
  }

  /** {@code java.nio} on a local directory. */
  static final class Local extends TaskStorage {
    private final java.nio.file.Path root;

    Local(java.nio.file.Path root) {
      this.root = root;
    }

    private java.nio.file.Path resolve(String rel) throws IOException {
      java.nio.file.Path p = root.resolve(rel);
      Files.createDirectories(p.getParent());
      return p;
    }

    @Override
    OutputStream create(String rel) throws IOException {
      return Files.newOutputStream(resolve(rel));
    }

    @Override
    OutputFile parquetFile(String rel) throws IOException {
      return new LocalOutputFile(resolve(rel));
    }

    @Override
    void commit(String tmp, String target) throws IOException {
      java.nio.file.Path from = root.resolve(tmp);
      java.nio.file.Path to = root.resolve(target);
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        if (!Files.exists(to)) {
          throw e;
        }
        Files.deleteIfExists(from);
      }
    }
  }

  /** Any Hadoop file system. */
  static final class Hadoop extends TaskStorage {
    private final Path root;
    private final FileSystem fs;
    private final Configuration conf;

    Hadoop(Path root, FileSystem fs, Configuration conf) {
      this.root = root;
      this.fs = fs;
      this.conf = conf;
    }

    @Override
    OutputStream create(String rel) throws IOException {
      return fs.create(new Path(root, rel), true);
    }

    @Override
    OutputFile parquetFile(String rel) throws IOException {
      return HadoopOutputFile.fromPath(new Path(root, rel), conf);
    }

    @Override
    void commit(String tmp, String target) throws IOException {
      Path from = new Path(root, tmp);
      Path to = new Path(root, target);
      fs.delete(to, false);
      if (!fs.rename(from, to)) {
        fs.delete(from, false);
        if (!fs.exists(to)) {
          throw new IOException("cannot rename " + from + " to " + to);
        }
      }
    }
  }
}
