package io.qsweep.tracking;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs an idempotent unit of work (find-or-create-then-complete, never a blind re-send of a create) with the
 * {@link RetryPolicy}: a {@link MlflowRestClient.TransientFailure} waits and re-runs the whole unit; exhausting the
 * attempts gives a {@link TrackingUnavailableException}. {@link #abort()} wakes every waiting thread and makes it give
 * up at once, so once the server is known to be down the other threads do not each sit through their own backoff.
 */
final class Retrier {
  private final RetryPolicy policy;
  private final String target;
  private final Consumer<String> notices;
  private final CountDownLatch aborted = new CountDownLatch(1);

  Retrier(RetryPolicy policy, String target, Consumer<String> notices) {
    this.policy = policy;
    this.target = target;
    this.notices = notices;
  }

  /** Runs {@code unit}; {@code attempt} (1-based) is passed so the unit can re-read server state on retries. */
  <T> T call(String what, java.util.function.IntFunction<T> unit) {
    long start = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      if (isAborted()) {
        throw new TrackingUnavailableException("MLflow at " + target + " is unavailable; gave up on " + what
            + " because other requests already failed", null);
      }
      try {
        return unit.apply(attempt);
      } catch (MlflowRestClient.TransientFailure e) {
        if (attempt >= policy.maxAttempts()) {
          Duration spent = Duration.ofNanos(System.nanoTime() - start);
          throw new TrackingUnavailableException("MLflow at " + target + " is unavailable: " + what + " failed "
              + attempt + " times over " + spent.toSeconds() + " s (retry policy: " + policy.maxAttempts()
              + " attempts); last error: " + e.getMessage(), e);
        }
        Duration wait = policy.backoffAfter(attempt);
        notices.accept("mlflow: " + e.getMessage() + "; retrying " + what + " in " + wait.toMillis() + " ms (attempt "
            + (attempt + 1) + "/" + policy.maxAttempts() + ")");
        try {
          if (aborted.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TrackingUnavailableException("MLflow at " + target + " is unavailable; gave up on " + what
                + " because other requests already failed (last error: " + e.getMessage() + ")", e);
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new TrackingUnavailableException("interrupted while waiting to retry " + what, ie);
        }
      }
    }
  }

  <T> T call(String what, Supplier<T> unit) {
    return call(what, attempt -> unit.get());
  }

  void abort() {
    aborted.countDown();
  }

  boolean isAborted() {
    return aborted.getCount() == 0;
  }
}
