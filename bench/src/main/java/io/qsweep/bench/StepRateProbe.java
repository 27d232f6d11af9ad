package io.qsweep.bench;

import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Algorithm;
import io.qsweep.learn.LearningRate;
import io.qsweep.learn.Trainer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;

/**
 * A quick A/B probe for the training loop on a shared machine: the same workload as {@link QLearningBench}, but timed
 * with the thread's CPU time instead of wall-clock time, so that other processes competing for the cores disturb the
 * figure much less. Prints the median and best steps per CPU-second over a number of runs. {@link QLearningBench}
 * (JMH) remains the reference measurement.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.qsweep.bench.StepRateProbe [algorithm] [rounds]
 * [polluted]}. With {@code polluted}, every algorithm first trains briefly on every registered environment with every
 * kind of exploration, as an executor running a sweep does, so that the JIT's type profiles at the environment and
 * selector call sites see many receiver classes.
 */
public final class StepRateProbe {
  private StepRateProbe() {
  }

  public static void main(String[] args) {
    Algorithm alg = args.length > 0 ? Algorithm.fromId(args[0]) : Algorithm.Q_LEARNING;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    if (args.length > 2 && args[2].equals("polluted")) {
      QLearningBench.pollute();
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    AgentConfig cfg = new AgentConfig(alg, 0.1, 0.99, ExplorationSpec.epsilonGreedy(0.1), LearningRate.CONSTANT, 0.0,
        2000);
    Map<String, Env> envs = Map.of("taxi", EnvRegistry.make("taxi"),
        "frozen_lake_8x8", EnvRegistry.make("frozen_lake", EnvParams.of(Map.of("map", "8x8"))));
    for (String name : new String[] {"taxi", "frozen_lake_8x8"}) {
      Env env = envs.get(name);
      long seed = 1;
      long warmEnd = System.nanoTime() + 3_000_000_000L;
      while (System.nanoTime() < warmEnd) {
        Trainer.train(env, cfg, seed++);
      }
      double[] rates = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        long steps = 0;
        long t0 = mx.getCurrentThreadCpuTime();
        for (int k = 0; k < 10; k++) {
          steps += Trainer.train(env, cfg, seed++).totalSteps();
        }
        rates[i] = steps / ((mx.getCurrentThreadCpuTime() - t0) / 1e9);
      }
      Arrays.sort(rates);
      System.out.printf("%s %s: median %.1fM, best %.1fM steps per CPU-second%n", alg, name,
          rates[rounds / 2] / 1e6, rates[rounds - 1] / 1e6);
    }
  }
}
