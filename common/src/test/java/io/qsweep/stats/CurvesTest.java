package io.qsweep.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CurvesTest {

  @Test
  void meanBandAroundNoisyCurves() {
    SplittableRandom rng = new SplittableRandom(1);
    int seeds = 20;
    int points = 50;
    double[][] curves = new double[seeds][points];
    for (int i = 0; i < seeds; i++) {
      for (int p = 0; p < points; p++) {
        curves[i][p] = p + BootstrapTest.gaussian(rng) * (1 + p / 10.0); // noise grows along the curve
      }
    }
    Curves.Band band = Curves.meanBand(curves, 1000, 0.95, 3);
    double[] mean = Curves.mean(curves);
    assertThat(band.mean()).containsExactly(mean);
    for (int p = 0; p < points; p++) {
      assertThat(band.lower()[p]).isLessThanOrEqualTo(mean[p]);
      assertThat(band.upper()[p]).isGreaterThanOrEqualTo(mean[p]);
      // the band brackets the true mean p at most points, with width ~ 2 * 1.96 * sd / sqrt(20)
      double sd = 1 + p / 10.0;
      assertThat(band.upper()[p] - band.lower()[p]).isCloseTo(2 * 1.96 * sd / Math.sqrt(seeds),
          within(0.5 * 2 * 1.96 * sd / Math.sqrt(seeds)));
    }
    // later points are noisier: the band is wider at the end
    assertThat(band.upper()[49] - band.lower()[49]).isGreaterThan(2 * (band.upper()[0] - band.lower()[0]));
    assertThat(Curves.meanBand(curves, 1000, 0.95, 3)).usingRecursiveComparison().isEqualTo(band);
  }

  @Test
  void identicalOrSingleCurvesHaveAZeroWidthBand() {
    double[][] same = {{1, 2, 3}, {1, 2, 3}};
    Curves.Band b = Curves.meanBand(same, 7);
    assertThat(b.lower()).containsExactly(1, 2, 3);
    assertThat(b.upper()).containsExactly(1, 2, 3);
    Curves.Band one = Curves.meanBand(new double[][] {{4, 5}}, 7);
    assertThat(one.mean()).containsExactly(4, 5);
    assertThat(one.lower()).containsExactly(4, 5);
    assertThat(Curves.mean(new double[][] {{0, 2}, {2, 4}})).containsExactly(1, 3);
  }

  @Test
  void downsampleKeepsFirstAndLastEvenlySpaced() {
    assertThat(Curves.downsampleIndices(11, 3)).containsExactly(0, 5, 10);
    assertThat(Curves.downsampleIndices(10, 4)).containsExactly(0, 3, 6, 9);
    assertThat(Curves.downsampleIndices(5, 10)).containsExactly(0, 1, 2, 3, 4);
    assertThat(Curves.downsampleIndices(0, 10)).isEmpty();
    assertThat(Curves.downsampleIndices(1, 2)).containsExactly(0);
    assertThat(Curves.downsampleIndices(3, 2)).containsExactly(0, 2);
    for (int len = 2; len < 300; len += 7) {
      for (int m = 2; m < 40; m += 3) {
        int[] idx = Curves.downsampleIndices(len, m);
        assertThat(idx.length).isEqualTo(Math.min(len, m));
        assertThat(idx[0]).isZero();
        assertThat(idx[idx.length - 1]).isEqualTo(len - 1);
        for (int i = 1; i < idx.length; i++) {
          assertThat(idx[i]).isGreaterThan(idx[i - 1]);
          // evenly spread: gaps differ by at most one
          assertThat(idx[i] - idx[i - 1]).isBetween((len - 1) / (idx.length - 1),
              (len - 1 + idx.length - 2) / (idx.length - 1));
        }
      }
    }
    double[] curve = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
    assertThat(Curves.downsample(curve, 4)).containsExactly(10, 13, 16, 19);
    Curves.Band band = new Curves.Band(curve, curve, curve).select(Curves.downsampleIndices(10, 4));
    assertThat(band.upper()).containsExactly(10, 13, 16, 19);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> Curves.downsampleIndices(10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPoints: 1 must be >= 2 (first and last are kept)");
    assertThatThrownBy(() -> Curves.mean(new double[][] {{1, 2}, {1}}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("curves: curve 1 has 1 points, curve 0 has 2");
    assertThatThrownBy(() -> Curves.meanBand(new double[0][], 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("curves: at least one curve is required");
  }
}
