package io.qsweep.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvIOTest {
  @TempDir
  Path tmp;

  @Test
  void writesTheDocumentedFormat() throws IOException {
    StringWriter w = new StringWriter();
    CsvIO.write(w, new double[] {1, -2.5, 0.1, 1e-5, -0.0, Double.NEGATIVE_INFINITY}, 3, 2, null);
    assertThat(w.toString()).isEqualTo("state,a0,a1\n0,1.0,-2.5\n1,0.1,1.0E-5\n2,-0.0,-Infinity\n");
    StringWriter named = new StringWriter();
    CsvIO.write(named, new double[] {1, 2}, 1, 2, List.of("LEFT", "say \"hi\", then go"));
    assertThat(named.toString()).isEqualTo("state,LEFT,\"say \"\"hi\"\", then go\"\n0,1.0,2.0\n");
  }

  @Test
  void roundTripsEveryDoubleExactly() throws IOException {
    SplittableRandom rng = new SplittableRandom(5);
    int ns = 300;
    int na = 4;
    double[] q = new double[ns * na];
    for (int i = 0; i < q.length; i++) {
      q[i] = i % 3 == 0 ? Double.longBitsToDouble(rng.nextLong()) : (rng.nextDouble() - 0.5) * Math.pow(10,
          rng.nextInt(40) - 20);
    }
    q[0] = Double.MIN_VALUE;
    q[1] = -Double.MAX_VALUE;
    q[2] = Double.NaN;
    q[3] = -0.0;
    Path p = tmp.resolve("q.csv");
    CsvIO.write(p, q, ns, na, List.of("N", "E", "S", "W"));
    CsvIO.Table t = CsvIO.read(p);
    assertThat(t.numStates()).isEqualTo(ns);
    assertThat(t.numActions()).isEqualTo(na);
    assertThat(t.actionNames()).containsExactly("N", "E", "S", "W");
    for (int i = 0; i < q.length; i++) {
      if (Double.isNaN(q[i])) {
        assertThat(t.values()[i]).isNaN();
      } else {
        assertThat(Double.doubleToLongBits(t.values()[i])).as("value %d = %s", i, q[i])
            .isEqualTo(Double.doubleToLongBits(q[i]));
      }
    }
    // quoted names survive
    StringWriter w = new StringWriter();
    CsvIO.write(w, new double[] {1, 2}, 1, 2, List.of("a,b", "c\"d"));
    assertThat(CsvIO.read(new StringReader(w.toString())).actionNames()).containsExactly("a,b", "c\"d");
  }

  @Test
  void readsPythonSpellingsAndCrlf() throws IOException {
    CsvIO.Table t = CsvIO.read(new StringReader("state,a0,a1,a2\r\n0,inf,-inf,nan\r\n1, 1e3 ,-INF,0\r\n\r\n"));
    assertThat(t.numStates()).isEqualTo(2);
    assertThat(t.values()).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1000.0,
        Double.NEGATIVE_INFINITY, 0.0);
  }

  @Test
  void malformedFilesNameTheLine() {
    assertRead("", "empty file");
    assertRead("s,a0\n0,1\n", "line 1: header 's,a0' does not start with 'state'");
    assertRead("state\n0\n", "does not start with 'state' followed by at least one action column");
    assertRead("state,a0,a1\n0,1,2\n1,3\n", "line 3: expected 3 fields (state + 2 actions), found 2");
    assertRead("state,a0\n0,1\n2,3\n", "line 3: state '2' is out of order; expected 1");
    assertRead("state,a0\n0,1.0d\n", "line 2: value '1.0d' of column 'a0' is not a number");
    assertRead("state,a0\n0,\n", "line 2: value '' of column 'a0' is not a number");
    assertRead("state,a0\n", "no state rows after the header");
    assertRead("state,\"a0\n0,1\n", "unterminated quote");
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> CsvIO.write(new StringWriter(), new double[3], 2, 2, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("values: length 3 does not match numStates × numActions = 2 × 2");
    assertThatThrownBy(() -> CsvIO.write(new StringWriter(), new double[2], 1, 2, List.of("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("actionNames: 1 names for 2 actions");
    assertThatThrownBy(() -> CsvIO.write(new StringWriter(), new double[2], 1, 2, List.of("x", "x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("actionNames: 'x' appears twice (or is 'state')");
    assertThatThrownBy(() -> CsvIO.write(new StringWriter(), new double[2], 1, 2, List.of("x", "a\nb")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be non-empty and on one line");
  }

  private static void assertRead(String csv, String message) {
    assertThatThrownBy(() -> CsvIO.read(new StringReader(csv)))
        .isInstanceOf(TableFormatException.class).hasMessageContaining(message);
  }
}
