package io.qsweep.tracking;

import java.time.Duration;

/**
 * Exponential backoff for transient MLflow failures (connection refused/reset, timeouts, HTTP 5xx and 429). Attempt
 * {@code n} (1-based) that fails transiently is followed by a wait of
 * {@code min(maxBackoff, initialBackoff * multiplier^(n-1))} unless it was attempt {@code maxAttempts}; then the
 * caller gets a {@link TrackingUnavailableException}. No jitter: one driver talks to the server with a small, bounded
 * number of threads, so there is no thundering herd to spread out, and the schedule stays predictable.
 *
 * @param maxAttempts    attempts per logical operation, >= 1; default 8
 * @param initialBackoff wait after the first failure, > 0; default 1 s
 * @param maxBackoff     cap of a single wait, >= initialBackoff; default 30 s
 * @param multiplier     growth factor of the wait, >= 1; default 2
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

  /** 8 attempts, 1 s doubling to at most 30 s: rides out about 1.5 minutes of outage (a server restart). */
  public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " must be >= 1");
    }
    if (initialBackoff == null || initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff: " + initialBackoff + " must be > 0");
    }
    if (maxBackoff == null || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff: " + maxBackoff + " must be >= initialBackoff ("
          + initialBackoff + ")");
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier: " + multiplier + " must be finite and >= 1");
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt: " + attempt + " must be >= 1");
    }
    double ms = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1);
    return ms >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) ms);
  }

  /** The sum of all waits: how long an outage this policy rides out (plus the attempts' own time). */
  public Duration totalBackoff() {
    Duration total = Duration.ZERO;
    for (int a = 1; a < maxAttempts; a++) {
      total = total.plus(backoffAfter(a));
    }
    return total;
  }
}
