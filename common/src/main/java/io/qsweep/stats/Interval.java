package io.qsweep.stats;

/**
 * A point estimate with a confidence interval.
 *
 * @param estimate the statistic on the original data
 * @param lower    lower end of the interval
 * @param upper    upper end of the interval
 */
public record Interval(double estimate, double lower, double upper) {

  /** {@code upper − lower}. */
  public double width() {
    return upper - lower;
  }

  public boolean contains(double x) {
    return x >= lower && x <= upper;
  }
}
