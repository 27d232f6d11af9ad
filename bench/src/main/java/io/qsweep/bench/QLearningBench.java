package io.qsweep.bench;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Algorithm;
import io.qsweep.learn.QLearning;
import io.qsweep.learn.TrainResult;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of the production Q-learning loop ({@link QLearning#train}) in environment steps per second, single
 * thread: ε-greedy with ε = 0.1, α = 0.1, γ = 0.99, zero-initialised table, on Taxi (500 states × 6 actions,
 * deterministic) and FrozenLake 8x8 (64 × 4, slippery: one uniform draw per step).
 *
 * <p>One invocation is one complete training run of {@link #episodes} episodes with a fresh seed (so every run
 * learns from scratch and the mix of long early and short late episodes is the real one). The {@code steps} counter
 * ({@link AuxCounters}) is the number of environment steps, so its score is steps/s; the primary score is runs/s.
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes per run: the Q-table, the selector and the learning
 * curve arrays, allocated once per run; divided by steps per run it gives bytes per step.
 *
 * <p>{@code -p profile=polluted} measures the same loop after the JVM has trained every algorithm on every environment
 * with every exploration kind (see {@link #pollute()}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class QLearningBench {

  /** Registry name plus parameters: {@code taxi}, or {@code frozen_lake_8x8} for {@code frozen_lake map=8x8}. */
  @Param({"taxi", "frozen_lake_8x8"})
  public String env;

  /**
   * {@code clean}: this fork only ever trains the measured configuration (the JIT's best case). {@code polluted}:
   * first {@link #pollute()}, as in an executor that has run a whole sweep.
   */
  @Param({"clean"})
  public String profile;

  /** Episodes per training run (one benchmark invocation). */
  @Param({"2000"})
  public int episodes;

  private Env environment;
  private AgentConfig config;
  private long seed;

  /** Counts environment steps; reported per second as the {@code steps} secondary score. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Steps {
    public long steps;

    @Setup(Level.Iteration)
    public void clear() {
      steps = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    switch (env) {
      case "taxi":
        environment = EnvRegistry.make("taxi");
        break;
      case "frozen_lake_8x8":
        environment = EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("map", "8x8")));
        break;
      default:
        throw new IllegalArgumentException("env: '" + env + "' is not one of taxi, frozen_lake_8x8");
    }
    config = new AgentConfig(Algorithm.Q_LEARNING, 0.1, 0.99, ExplorationSpec.epsilonGreedy(0.1),
        io.qsweep.learn.LearningRate.CONSTANT, 0.0, episodes);
    seed = 1;
    if (profile.equals("polluted")) {
      pollute();
    } else if (!profile.equals("clean")) {
      throw new IllegalArgumentException("profile: '" + profile + "' is not one of clean, polluted");
    }
  }

  /**
   * Trains every algorithm briefly on every registered environment (default parameters, with and without a time
   * limit) with each kind of exploration, so that the call sites of the training loops have seen many environment
   * and selector classes, as in an executor that runs a whole sweep.
   */
  static void pollute() {
    long seed = 1;
    for (int round = 0; round < 30; round++) {
      for (String name : EnvRegistry.names()) {
        for (String limit : new String[] {"0", "50"}) {
          Env e = EnvRegistry.make(name, EnvParams.of(Map.of(EnvRegistry.MAX_EPISODE_STEPS, limit)));
          for (Algorithm alg : Algorithm.values()) {
            for (String exploration : new String[] {"epsilon:0.1", "softmax:0.5", "ucb:1"}) {
              io.qsweep.learn.Trainer.train(e, new AgentConfig(alg, 0.1, 0.99, ExplorationSpec.parse(exploration),
                  io.qsweep.learn.LearningRate.CONSTANT, 0.0, 20), seed++);
            }
          }
        }
      }
    }
  }

  @Benchmark
  public long qLearning(Steps counter) {
    TrainResult r = QLearning.train(environment, config, seed++, null);
    counter.steps += r.totalSteps();
    return r.totalSteps();
  }
}
