package io.qsweep.spark;

import io.qsweep.env.EnvParams;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Algorithm;
import io.qsweep.learn.LearningRate;
import io.qsweep.sweep.SweepConfig;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One configuration of a sweep in the serializable form that Spark ships to executors: the {@link SweepConfig}'s
 * fields in their canonical text ({@link AgentConfig} and {@link EnvParams} are not {@link Serializable}).
 * {@link #toConfig()} rebuilds the configuration on the executor and checks that its key is the one computed on the
 * driver, so a lossy round trip cannot go unnoticed.
 *
 * @param index        the configuration's position in the sweep's expansion
 * @param key          the configuration key
 * @param envName      the environment's registry name
 * @param envParams    the environment parameters, sorted by name
 * @param algorithm    {@link Algorithm#id()}
 * @param alpha        step size
 * @param gamma        discount
 * @param exploration  {@link ExplorationSpec} text form
 * @param learningRate {@link LearningRate} text form
 * @param initialQ     initial Q value
 * @param episodes     training episodes
 * @param params       {@link SweepConfig#params()}, in its order
 */
public record ConfigTask(int index, String key, String envName, TreeMap<String, String> envParams,
    String algorithm, double alpha, double gamma, String exploration, String learningRate, double initialQ,
    int episodes, LinkedHashMap<String, String> params) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The serializable form of {@code c}. */
  public static ConfigTask of(SweepConfig c) {
    AgentConfig a = c.agent();
    return new ConfigTask(c.index(), c.key(), c.envName(), new TreeMap<>(c.envParams().asMap()),
        a.algorithm().id(), a.alpha(), a.gamma(), a.exploration().toString(), a.learningRate().toString(),
        a.initialQ(), a.episodes(), new LinkedHashMap<>(c.params()));
  }

  /** The environment parameters. */
  public EnvParams env() {
    return EnvParams.of(envParams);
  }

  /** The agent configuration. */
  public AgentConfig agent() {
    return new AgentConfig(Algorithm.fromId(algorithm), alpha, gamma, ExplorationSpec.parse(exploration),
        LearningRate.parse(learningRate), initialQ, episodes);
  }

  /**
   * The configuration, rebuilt.
   *
   * @throws IllegalStateException if the rebuilt configuration's key differs from {@link #key()}
   */
  public SweepConfig toConfig() {
    EnvParams env = env();
    AgentConfig agent = agent();
    String k = SweepConfig.keyOf(envName, env, agent);
    if (!k.equals(key)) {
      throw new IllegalStateException("configuration " + index + ": key " + key + " computed on the driver but "
          + k + " after shipping it to the executor");
    }
    return new SweepConfig(index, key, envName, env, agent);
  }

  /** The flat parameters, unmodifiable. */
  public Map<String, String> paramsView() {
    return java.util.Collections.unmodifiableMap(params);
  }
}
