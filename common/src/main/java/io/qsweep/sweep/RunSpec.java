package io.qsweep.sweep;

/**
 * One run of a sweep: a configuration, a replica index and the run's RNG seed
 * ({@link Seeds#runSeed(long, String, int)} of the sweep seed, the configuration key and the replica).
 *
 * @param config  the configuration
 * @param replica 0-based replica index, {@code < replicas}
 * @param seed    the seed to hand to the trainer (env and agent randomness both derive from it)
 * @param index   0-based position in {@link SweepSpec#runs()}: {@code config.index() * replicas + replica}
 */
public record RunSpec(SweepConfig config, int replica, long seed, int index) {

  public RunSpec {
    if (config == null) {
      throw new IllegalArgumentException("config: must be given");
    }
    if (replica < 0) {
      throw new IllegalArgumentException("replica: " + replica + " must be >= 0");
    }
    if (index < 0) {
      throw new IllegalArgumentException("index: " + index + " must be >= 0");
    }
  }

  /** A stable, file-name-safe run id: {@code <config key>-<replica>}, e.g. {@code 3f9a0c1d2b4e5f60-3}. */
  public String id() {
    return config.key() + "-" + replica;
  }
}
