package io.qsweep.table;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes NumPy {@code .npy} files of float64 values, 1-D or 2-D, so that Q-tables and curves open with
 * {@code numpy.load} (format spec: NumPy Enhancement Proposal 1, "A Simple File Format for NumPy Arrays", and
 * {@code numpy.lib.format}). A Q-table is written with shape {@code [states, actions]} also when the environment
 * allows fewer actions in some states: the entries of invalid actions hold the table's initial value (see
 * {@link QTable}); the file does not carry the action mask, which comes from the environment.
 *
 * <p>Hand-written on purpose: the format is a 10-byte preamble ({@code \x93NUMPY}, version, header length), a short
 * ASCII Python-dict header and the raw values, which is less code than a dependency; the Java npy libraries on Maven
 * Central either pull in the Kotlin runtime or are unmaintained.
 *
 * <p><b>Writing</b> produces version 1.0, {@code 'descr': '<f8'} (little-endian float64), {@code 'fortran_order':
 * False} (C order: row {@code r}, column {@code c} at index {@code r * cols + c}), with the header padded by spaces
 * and ended by {@code '\n'} so that preamble + header is a multiple of 64 bytes; the bytes are identical to what
 * {@code numpy.save} writes for the same array.
 *
 * <p><b>Reading</b> checks the magic string, accepts versions 1.0, 2.0 and 3.0 (which differ only in the width of the
 * header length and the header's encoding), requires the keys {@code descr}, {@code fortran_order} and {@code shape}
 * and nothing else, accepts {@code '<f8'} and {@code '>f8'}, 1-D and 2-D shapes, and Fortran order (transposed back to
 * C order), and requires exactly {@code product(shape)} values after the header. Every problem is a
 * {@link TableFormatException} whose message says what was found and what is supported.
 */
public final class NpyIO {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;
  private static final int CHUNK = 8192; // values per write/read chunk

  private NpyIO() {
  }

  /**
   * An array read from a {@code .npy} file, in C order.
   *
   * @param shape {@code [n]} or {@code [rows, cols]}
   * @param data  the values, row-major
   */
  public record NpyArray(int[] shape, double[] data) {
    public int dimensions() {
      return shape.length;
    }

    /** Rows of a 2-D array, or the length of a 1-D one. */
    public int rows() {
      return shape[0];
    }

    /** Columns of a 2-D array, 1 for a 1-D one. */
    public int cols() {
      return shape.length == 2 ? shape[1] : 1;
    }
  }

  /** Writes a {@code rows × cols} C-order array. */
  public static void write(Path path, double[] data, int rows, int cols) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
      write(out, data, rows, cols);
    }
  }

  /** Writes a 1-D array. */
  public static void write(Path path, double[] data) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path))) {
      write(out, data);
    }
  }

  /** Writes a {@code rows × cols} C-order array to {@code out} (left open). */
  public static void write(OutputStream out, double[] data, int rows, int cols) throws IOException {
    checkData(data);
    if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
      throw new IllegalArgumentException("shape: (" + rows + ", " + cols + ") does not hold the " + data.length
          + " values given");
    }
    writeArray(out, data, "(" + rows + ", " + cols + ")", rows);
  }

  /** Writes a 1-D array to {@code out} (left open). */
  public static void write(OutputStream out, double[] data) throws IOException {
    checkData(data);
    writeArray(out, data, "(" + data.length + ",)", data.length);
  }

  /** The bytes of a {@code .npy} file holding a {@code rows × cols} array. */
  public static byte[] toBytes(double[] data, int rows, int cols) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128 + 8 * data.length);
    try {
      write(out, data, rows, cols);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // cannot happen in memory
    }
    return out.toByteArray();
  }

  /**
   * The preamble and header NumPy 1.x/2.x's {@code np.save} writes for a float64 C-order array of this shape, byte for
   * byte: the dict, then 21 − len(str(shape[0])) spaces of room for the array to grow along its first axis, then
   * 1 to 64 spaces and {@code '\n'} so that preamble + header is a multiple of 64 bytes (the spec's alignment).
   */
  static byte[] header(String shape, long firstDim) {
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
    int growth = Math.max(0, 21 - Long.toString(firstDim).length());
    int hlen = dict.length() + growth + 1; // + '\n'
    int pad = ALIGN - (MAGIC.length + 2 + 2 + hlen) % ALIGN;
    int headerLen = hlen + pad;
    StringBuilder sb = new StringBuilder(headerLen).append(dict);
    for (int k = 0; k < growth + pad; k++) {
      sb.append(' ');
    }
    sb.append('\n');
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + headerLen).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLen);
    b.put(sb.toString().getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  private static void writeArray(OutputStream out, double[] data, String shape, long firstDim)
      throws IOException {
    out.write(header(shape, firstDim));
    ByteBuffer buf = ByteBuffer.allocate(8 * Math.min(CHUNK, Math.max(1, data.length)))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.length; i += CHUNK) {
      int n = Math.min(CHUNK, data.length - i);
      buf.clear();
      buf.asDoubleBuffer().put(data, i, n);
      out.write(buf.array(), 0, 8 * n);
    }
    out.flush();
  }

  private static void checkData(double[] data) {
    if (data == null) {
      throw new IllegalArgumentException("data: must be given");
    }
  }

  /** Reads a 1-D or 2-D float64 array. */
  public static NpyArray read(Path path) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
      return read(in, path.toString());
    }
  }

  /** Reads a 1-D or 2-D float64 array from {@code in}, which must end right after the data. */
  public static NpyArray read(InputStream in) throws IOException {
    return read(in, "npy stream");
  }

  private static NpyArray read(InputStream in, String source) throws IOException {
    byte[] magic = readFully(in, MAGIC.length, source, "magic string");
    if (!Arrays.equals(magic, MAGIC)) {
      throw new TableFormatException(source + ": not a .npy file (the first bytes are not \\x93NUMPY)");
    }
    byte[] version = readFully(in, 2, source, "version");
    int major = version[0] & 0xff;
    int minor = version[1] & 0xff;
    if (major < 1 || major > 3 || minor != 0) {
      throw new TableFormatException(source + ": .npy version " + major + "." + minor
          + " is not supported; supported: 1.0, 2.0, 3.0");
    }
    int lenBytes = major == 1 ? 2 : 4;
    ByteBuffer lb = ByteBuffer.wrap(readFully(in, lenBytes, source, "header length"))
        .order(ByteOrder.LITTLE_ENDIAN);
    long headerLen = major == 1 ? lb.getShort() & 0xffff : lb.getInt() & 0xffffffffL;
    if (headerLen > 1 << 20) {
      throw new TableFormatException(source + ": header length " + headerLen + " is implausible");
    }
    String header = new String(readFully(in, (int) headerLen, source, "header"),
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> dict;
    try {
      dict = new DictParser(header).parse();
    } catch (IllegalArgumentException e) {
      throw new TableFormatException(source + ": malformed header " + header.strip() + ": " + e.getMessage());
    }
    if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape"))) {
      throw new TableFormatException(source + ": header keys " + dict.keySet()
          + " are not exactly descr, fortran_order, shape");
    }
    Object descr = dict.get("descr");
    ByteOrder order;
    if ("<f8".equals(descr)) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (">f8".equals(descr)) {
      order = ByteOrder.BIG_ENDIAN;
    } else {
      throw new TableFormatException(source + ": dtype " + repr(descr)
          + " is not supported; expected '<f8' (float64; '>f8' is accepted too)");
    }
    Object fortran = dict.get("fortran_order");
    if (!(fortran instanceof Boolean)) {
      throw new TableFormatException(source + ": fortran_order " + repr(fortran) + " is not True or False");
    }
    Object shapeObj = dict.get("shape");
    if (!(shapeObj instanceof List)) {
      throw new TableFormatException(source + ": shape " + repr(shapeObj) + " is not a tuple");
    }
    @SuppressWarnings("unchecked")
    List<Long> dims = (List<Long>) shapeObj;
    if (dims.size() != 1 && dims.size() != 2) {
      throw new TableFormatException(source + ": shape " + tuple(dims) + " has " + dims.size()
          + " dimensions; only 1-D and 2-D arrays are supported");
    }
    long count = 1;
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      long d = dims.get(i);
      count *= d;
      if (d > Integer.MAX_VALUE || count > Integer.MAX_VALUE - 8) {
        throw new TableFormatException(source + ": shape " + tuple(dims) + " is too large for a Java array");
      }
      shape[i] = (int) d;
    }
    double[] data = new double[(int) count];
    ByteBuffer buf = ByteBuffer.allocate(8 * Math.min(CHUNK, Math.max(1, data.length))).order(order);
    for (int i = 0; i < data.length; i += CHUNK) {
      int n = Math.min(CHUNK, data.length - i);
      int got = in.readNBytes(buf.array(), 0, 8 * n);
      if (got < 8 * n) {
        throw new TableFormatException(source + ": truncated data: shape " + tuple(dims) + " needs " + 8 * count
            + " bytes, found " + (8L * i + got));
      }
      buf.clear();
      buf.asDoubleBuffer().get(data, i, n);
    }
    if (in.read() >= 0) {
      throw new TableFormatException(source + ": unexpected bytes after the " + count + " values of shape "
          + tuple(dims));
    }
    if ((Boolean) fortran && shape.length == 2) {
      double[] c = new double[data.length];
      int rows = shape[0];
      int cols = shape[1];
      for (int r = 0; r < rows; r++) {
        for (int col = 0; col < cols; col++) {
          c[r * cols + col] = data[col * rows + r];
        }
      }
      data = c;
    }
    return new NpyArray(shape, data);
  }

  private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length < n) {
      throw new TableFormatException(source + ": file ends inside the " + what + " (" + b.length + " of " + n
          + " bytes)");
    }
    return b;
  }

  private static String tuple(List<Long> dims) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < dims.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(dims.get(i));
    }
    return sb.append(dims.size() == 1 ? ",)" : ")").toString();
  }

  private static String repr(Object o) {
    return o instanceof String ? "'" + o + "'" : o instanceof List ? tuple(castList(o)) : String.valueOf(o);
  }

  @SuppressWarnings("unchecked")
  private static List<Long> castList(Object o) {
    return (List<Long>) o;
  }

  /**
   * The subset of Python literal syntax that {@code .npy} headers use: a dict of string keys whose values are
   * strings, {@code True}/{@code False} or tuples of non-negative integers (a trailing {@code L} from Python 2 is
   * accepted).
   */
  private static final class DictParser {
    private final String s;
    private int i;

    DictParser(String s) {
      this.s = s;
    }

    Map<String, Object> parse() {
      Map<String, Object> m = new LinkedHashMap<>();
      skip();
      expect('{');
      skip();
      while (peek() != '}') {
        Object key = value();
        if (!(key instanceof String)) {
          throw new IllegalArgumentException("key " + key + " is not a string");
        }
        skip();
        expect(':');
        skip();
        if (m.put((String) key, value()) != null) {
          throw new IllegalArgumentException("key '" + key + "' appears twice");
        }
        skip();
        if (peek() == ',') {
          i++;
          skip();
        } else if (peek() != '}') {
          throw new IllegalArgumentException("expected ',' or '}' at position " + i);
        }
      }
      i++;
      skip();
      if (i != s.length()) {
        throw new IllegalArgumentException("text after the closing '}' at position " + i);
      }
      return m;
    }

    private Object value() {
      char c = peek();
      if (c == '\'' || c == '"') {
        int end = s.indexOf(c, i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated string at position " + i);
        }
        String v = s.substring(i + 1, end);
        i = end + 1;
        return v;
      }
      if (s.startsWith("True", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("False", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      if (c == '(') {
        i++;
        List<Long> dims = new ArrayList<>();
        skip();
        while (peek() != ')') {
          dims.add(integer());
          skip();
          if (peek() == ',') {
            i++;
            skip();
          } else if (peek() != ')') {
            throw new IllegalArgumentException("expected ',' or ')' at position " + i);
          }
        }
        i++;
        return dims;
      }
      throw new IllegalArgumentException("unexpected '" + c + "' at position " + i);
    }

    private long integer() {
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("expected a non-negative integer at position " + start);
      }
      String digits = s.substring(start, i);
      if (i < s.length() && s.charAt(i) == 'L') {
        i++;
      }
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("dimension " + digits + " is too large");
      }
    }

    private char peek() {
      if (i >= s.length()) {
        throw new IllegalArgumentException("unexpected end of header");
      }
      return s.charAt(i);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at position " + i);
      }
      i++;
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
