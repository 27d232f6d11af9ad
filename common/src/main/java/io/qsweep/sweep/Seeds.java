package io.qsweep.sweep;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Seed derivation and hashing for sweeps. Everything here is a pure function of its arguments, computed with SHA-256
 * over a fixed byte layout, so the values are the same on every JVM, platform and Spark executor.
 *
 * <h2>Run seeds</h2>
 * {@link #runSeed(long, String, int)} is the RNG seed of one run: the first 8 bytes (big-endian) of
 * <pre>
 *   SHA-256( UTF-8("qsweep.run-seed.v1") ‖ int64_be(sweepSeed) ‖ int32_be(len(key)) ‖ UTF-8(configKey)
 *            ‖ int32_be(replica) )
 * </pre>
 * It depends on the sweep seed, the configuration key and the replica index only: not on the sweep's name, on the
 * other configurations of the sweep, on the order of expansion or on which executor runs it. The same configuration
 * (same key) in two sweeps with the same sweep seed therefore gets the same seeds, and its results can be compared
 * replica by replica (common random numbers).
 *
 * <h2>Derived stream seeds</h2>
 * {@link #derive(long, String)} gives the seed of a named random stream of a sweep (e.g. the draws of one random
 * dimension): the first 8 bytes of {@code SHA-256(UTF-8("qsweep.derive.v1") ‖ int64_be(seed) ‖ int32_be(len) ‖
 * UTF-8(label))}.
 */
public final class Seeds {
  private static final byte[] RUN_TAG = "qsweep.run-seed.v1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DERIVE_TAG = "qsweep.derive.v1".getBytes(StandardCharsets.UTF_8);

  private Seeds() {
  }

  /**
   * The RNG seed of replica {@code replica} of the configuration {@code configKey} in a sweep with seed
   * {@code sweepSeed} (see the class javadoc for the exact layout).
   */
  public static long runSeed(long sweepSeed, String configKey, int replica) {
    if (configKey == null || configKey.isEmpty()) {
      throw new IllegalArgumentException("configKey: must be a non-empty string");
    }
    if (replica < 0) {
      throw new IllegalArgumentException("replica: " + replica + " must be >= 0");
    }
    byte[] key = configKey.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(RUN_TAG.length + 8 + 4 + key.length + 4);
    b.put(RUN_TAG).putLong(sweepSeed).putInt(key.length).put(key).putInt(replica);
    return ByteBuffer.wrap(sha256(b.array())).getLong();
  }

  /** The seed of the random stream named {@code label} of a sweep with seed {@code sweepSeed}. */
  public static long derive(long sweepSeed, String label) {
    byte[] l = label.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(DERIVE_TAG.length + 8 + 4 + l.length);
    b.put(DERIVE_TAG).putLong(sweepSeed).putInt(l.length).put(l);
    return ByteBuffer.wrap(sha256(b.array())).getLong();
  }

  /** The first {@code hexChars} lowercase hex digits of the SHA-256 of {@code text} in UTF-8. */
  public static String sha256Hex(String text, int hexChars) {
    if (hexChars < 1 || hexChars > 64) {
      throw new IllegalArgumentException("hexChars: " + hexChars + " is outside [1, 64]");
    }
    byte[] h = sha256(text.getBytes(StandardCharsets.UTF_8));
    StringBuilder sb = new StringBuilder(64);
    for (byte x : h) {
      sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return sb.substring(0, hexChars);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
