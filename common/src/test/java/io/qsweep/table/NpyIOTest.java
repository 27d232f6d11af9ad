package io.qsweep.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyIOTest {
  /** The values of the fixture numpy_3x4.npy, written by NumPy 2.4 with np.save. */
  static final double[] FIXTURE_3X4 = {
      0.0, -0.0, 1.5, -2.25,
      1e-300, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.NaN, 0.1, 1.0 / 3, Double.MIN_VALUE};

  @TempDir
  Path tmp;

  @Test
  void roundTrips2dAnd1d() throws IOException {
    SplittableRandom rng = new SplittableRandom(1);
    double[] q = new double[500 * 6];
    for (int i = 0; i < q.length; i++) {
      q[i] = Double.longBitsToDouble(rng.nextLong()); // every bit pattern, NaN payloads included
    }
    Path p = tmp.resolve("q.npy");
    NpyIO.write(p, q, 500, 6);
    NpyIO.NpyArray a = NpyIO.read(p);
    assertThat(a.shape()).containsExactly(500, 6);
    assertThat(a.rows()).isEqualTo(500);
    assertThat(a.cols()).isEqualTo(6);
    for (int i = 0; i < q.length; i++) {
      assertThat(Double.doubleToRawLongBits(a.data()[i])).isEqualTo(Double.doubleToRawLongBits(q[i]));
    }
    double[] curve = new double[20_000]; // more than one write chunk
    for (int i = 0; i < curve.length; i++) {
      curve[i] = Math.sin(i);
    }
    Path c = tmp.resolve("curve.npy");
    NpyIO.write(c, curve);
    NpyIO.NpyArray b = NpyIO.read(c);
    assertThat(b.shape()).containsExactly(20_000);
    assertThat(b.dimensions()).isEqualTo(1);
    assertThat(b.data()).containsExactly(curve);
    // empty arrays are fine too
    NpyIO.NpyArray e = NpyIO.read(new ByteArrayInputStream(NpyIO.toBytes(new double[0], 0, 3)));
    assertThat(e.shape()).containsExactly(0, 3);
    assertThat(e.data()).isEmpty();
  }

  @Test
  void headerIsPaddedTo64BytesAndEndsInNewline() {
    int[][] shapes = {{0, 0}, {1, 1}, {3, 4}, {500, 6}, {1_000_000_000, 0}, {0, 2_000_000_000}, {7, 0}};
    for (int[] s : shapes) {
      byte[] bytes = NpyIO.toBytes(new double[s[0] * s[1]], s[0], s[1]);
      int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
      int dataStart = 10 + headerLen;
      assertThat(dataStart % 64).as("shape %d x %d", s[0], s[1]).isZero();
      assertThat(bytes.length - dataStart).isEqualTo(8 * s[0] * s[1]);
      assertThat(bytes[dataStart - 1]).isEqualTo((byte) '\n');
      String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
      assertThat(header).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (" + s[0] + ", " + s[1]
          + "), }");
      assertThat(header.strip()).endsWith("}");
      assertThat(bytes[6]).isEqualTo((byte) 1);
      assertThat(bytes[7]).isEqualTo((byte) 0);
    }
  }

  @Test
  void writesExactlyTheBytesNumpyWrites() throws IOException {
    assertThat(NpyIO.toBytes(FIXTURE_3X4, 3, 4)).isEqualTo(resource("numpy_3x4.npy"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NpyIO.write(out, new double[] {0, 0.5, 1, 1.5, 2});
    assertThat(out.toByteArray()).isEqualTo(resource("numpy_1d.npy"));
  }

  @Test
  void readsFilesWrittenByNumpy() throws IOException {
    NpyIO.NpyArray a = NpyIO.read(new ByteArrayInputStream(resource("numpy_3x4.npy")));
    assertThat(a.shape()).containsExactly(3, 4);
    assertThat(a.data()).containsExactly(FIXTURE_3X4);
    assertThat(Double.doubleToRawLongBits(a.data()[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
    NpyIO.NpyArray b = NpyIO.read(new ByteArrayInputStream(resource("numpy_1d.npy")));
    assertThat(b.shape()).containsExactly(5);
    assertThat(b.data()).containsExactly(0, 0.5, 1, 1.5, 2);
    // np.asfortranarray(np.arange(6.0).reshape(2, 3)): stored column by column, returned in C order
    NpyIO.NpyArray f = NpyIO.read(new ByteArrayInputStream(resource("numpy_fortran_2x3.npy")));
    assertThat(f.shape()).containsExactly(2, 3);
    assertThat(f.data()).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void readsBigEndianAndVersion2() throws IOException {
    byte[] be = file(2, "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", 2, ByteOrder.BIG_ENDIAN);
    assertThat(NpyIO.read(new ByteArrayInputStream(be)).data()).containsExactly(0.0, 1.0);
    byte[] v1 = file(1, "{'shape': (2L,), 'fortran_order': False, 'descr': '<f8'}", 2, ByteOrder.LITTLE_ENDIAN);
    assertThat(NpyIO.read(new ByteArrayInputStream(v1)).data()).containsExactly(0.0, 1.0);
  }

  @Test
  void rejectsWhatItCannotRead() {
    assertError(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0}, "not a .npy file");
    assertError(new byte[] {(byte) 0x93, 'N', 'U'}, "file ends inside the magic string");
    byte[] v4 = NpyIO.toBytes(new double[1], 1, 1);
    v4[6] = 4;
    assertError(v4, ".npy version 4.0 is not supported; supported: 1.0, 2.0, 3.0");
    assertError(file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 1, ByteOrder.LITTLE_ENDIAN),
        "dtype '<f4' is not supported; expected '<f8'");
    assertError(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 2), }", 2,
        ByteOrder.LITTLE_ENDIAN), "shape (1, 1, 2) has 3 dimensions; only 1-D and 2-D arrays are supported");
    assertError(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 1, ByteOrder.LITTLE_ENDIAN),
        "has 0 dimensions");
    assertError(file(1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,), }", 2, ByteOrder.LITTLE_ENDIAN),
        "malformed header");
    assertError(file(1, "{'descr': '<f8', 'fortran_order': 'no', 'shape': (2,), }", 2, ByteOrder.LITTLE_ENDIAN),
        "fortran_order 'no' is not True or False");
    assertError(file(1, "{'descr': '<f8', 'shape': (2,), }", 2, ByteOrder.LITTLE_ENDIAN),
        "header keys [descr, shape] are not exactly descr, fortran_order, shape");
    assertError(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 2, ByteOrder.LITTLE_ENDIAN),
        "truncated data: shape (3,) needs 24 bytes, found 16");
    assertError(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 2, ByteOrder.LITTLE_ENDIAN),
        "unexpected bytes after the 1 values of shape (1,)");
    assertError(file(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,) ", 2, ByteOrder.LITTLE_ENDIAN),
        "malformed header");
  }

  @Test
  void writeValidatesTheShape() {
    assertThatThrownBy(() -> NpyIO.toBytes(new double[6], 2, 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("shape: (2, 4) does not hold the 6 values given");
  }

  private static void assertError(byte[] bytes, String message) {
    assertThatThrownBy(() -> NpyIO.read(new ByteArrayInputStream(bytes)))
        .isInstanceOf(TableFormatException.class)
        .hasMessageContaining(message);
  }

  /** A hand-made file: version {@code major}, header {@code dict} padded to 64, then values 0, 1, 2, ... */
  private static byte[] file(int major, String dict, int values, ByteOrder order) {
    int lenBytes = major == 1 ? 2 : 4;
    StringBuilder h = new StringBuilder(dict);
    while ((6 + 2 + lenBytes + h.length() + 1) % 64 != 0) {
      h.append(' ');
    }
    h.append('\n');
    ByteBuffer b = ByteBuffer.allocate(8 + lenBytes + h.length() + 8 * values).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      b.putShort((short) h.length());
    } else {
      b.putInt(h.length());
    }
    b.put(h.toString().getBytes(StandardCharsets.US_ASCII));
    b.order(order);
    for (int i = 0; i < values; i++) {
      b.putDouble(i);
    }
    return b.array();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = NpyIOTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
