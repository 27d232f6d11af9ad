package io.qsweep.solve;

/**
 * An iterative solver hit its iteration cap before its stopping test held. With {@code gamma = 1} and no horizon this
 * usually means the problem is ill-posed: some policy (the optimal one, or the one being evaluated) keeps collecting
 * non-zero reward forever without terminating, so its undiscounted value is unbounded. Use a horizon (the environment's
 * time limit), {@code gamma < 1}, or a larger cap.
 */
public final class NotConvergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int iterations;
  private final double residual;

  NotConvergedException(String message, int iterations, double residual) {
    super(message);
    this.iterations = iterations;
    this.residual = residual;
  }

  /** Sweeps performed before giving up (the cap). */
  public int iterations() {
    return iterations;
  }

  /** Largest value change of the last sweep. */
  public double residual() {
    return residual;
  }
}
