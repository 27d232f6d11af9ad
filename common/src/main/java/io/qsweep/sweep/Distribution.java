package io.qsweep.sweep;

import io.qsweep.explore.Schedule;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * How a random dimension is drawn. Each draw consumes exactly one {@code nextDouble} (uniform, log-uniform) or one
 * {@code nextInt} (choice) of the dimension's own stream. Real-valued draws are rounded to
 * {@value #SIGNIFICANT_DIGITS} significant digits (half-even) and clamped to {@code [low, high]}, so that parameters
 * read well and a printed value reproduces the configuration key; integer dimensions ({@code episodes}) are rounded to
 * the nearest integer and clamped to the integers in {@code [low, high]}.
 */
sealed interface Distribution {

  /** Significant digits kept of real-valued draws. */
  int SIGNIFICANT_DIGITS = 4;

  /** One draw of {@code dim} from {@code rng}. */
  Dimension.Value draw(Dimension dim, SplittableRandom rng);

  /** {@code uniform [low, high]}. */
  record Uniform(double low, double high) implements Distribution {
    @Override
    public Dimension.Value draw(Dimension dim, SplittableRandom rng) {
      return dim.ofNumber(round(dim, low + (high - low) * rng.nextDouble(), low, high));
    }

    @Override
    public String toString() {
      return "uniform [" + Schedule.num(low) + ", " + Schedule.num(high) + "]";
    }
  }

  /** {@code log_uniform [low, high]}, low > 0: {@code exp(U(ln low, ln high))}. */
  record LogUniform(double low, double high) implements Distribution {
    @Override
    public Dimension.Value draw(Dimension dim, SplittableRandom rng) {
      double l = Math.log(low);
      double x = Math.exp(l + (Math.log(high) - l) * rng.nextDouble());
      return dim.ofNumber(round(dim, x, low, high));
    }

    @Override
    public String toString() {
      return "log_uniform [" + Schedule.num(low) + ", " + Schedule.num(high) + "]";
    }
  }

  /** {@code choice [v1, v2, ...]}: each value with equal probability. */
  record Choice(List<Dimension.Value> values) implements Distribution {
    @Override
    public Dimension.Value draw(Dimension dim, SplittableRandom rng) {
      return values.get(rng.nextInt(values.size()));
    }

    @Override
    public String toString() {
      return "choice [" + values.stream().map(Dimension.Value::text).collect(Collectors.joining(", ")) + "]";
    }
  }

  private static double round(Dimension dim, double x, double low, double high) {
    if (dim.isIntegral()) {
      double r = Math.rint(x);
      return Math.min(Math.floor(high), Math.max(Math.ceil(low), r));
    }
    double r = x == 0 ? 0 : new BigDecimal(x).round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN))
        .doubleValue();
    return Math.min(high, Math.max(low, r));
  }
}
