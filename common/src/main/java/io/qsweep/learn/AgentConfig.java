package io.qsweep.learn;

import io.qsweep.explore.ExplorationSpec;

/**
 * Everything that defines how an agent learns, immutable and validated in the constructor. Errors name the field and
 * its allowed range.
 *
 * @param algorithm    the update rule; default {@code q_learning}
 * @param alpha        step size in (0, 1]; default 0.1
 * @param gamma        discount in [0, 1]; default 0.99
 * @param exploration  behaviour policy while learning; default {@code epsilon:0.1}
 * @param learningRate constant or visit-count decay of {@code alpha}; default {@code constant}
 * @param initialQ     every Q value before learning (optimistic initialisation when high); finite; default 0
 * @param episodes     training episodes, >= 1; default 1000
 */
public record AgentConfig(Algorithm algorithm, double alpha, double gamma, ExplorationSpec exploration,
    LearningRate learningRate, double initialQ, int episodes) {

  /** The documented defaults. */
  public static final AgentConfig DEFAULTS = new AgentConfig(Algorithm.Q_LEARNING, 0.1, 0.99,
      ExplorationSpec.epsilonGreedy(0.1), LearningRate.CONSTANT, 0.0, 1000);

  public AgentConfig {
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm: must be given");
    }
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha: " + alpha + " is outside (0, 1]");
    }
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma: " + gamma + " is outside [0, 1]");
    }
    if (exploration == null) {
      throw new IllegalArgumentException("exploration: must be given");
    }
    if (learningRate == null) {
      throw new IllegalArgumentException("learning_rate: must be given");
    }
    if (!Double.isFinite(initialQ)) {
      throw new IllegalArgumentException("initial_q: " + initialQ + " must be finite");
    }
    if (episodes < 1) {
      throw new IllegalArgumentException("episodes: " + episodes + " must be >= 1");
    }
  }

  public AgentConfig withAlgorithm(Algorithm v) {
    return new AgentConfig(v, alpha, gamma, exploration, learningRate, initialQ, episodes);
  }

  public AgentConfig withAlpha(double v) {
    return new AgentConfig(algorithm, v, gamma, exploration, learningRate, initialQ, episodes);
  }

  public AgentConfig withGamma(double v) {
    return new AgentConfig(algorithm, alpha, v, exploration, learningRate, initialQ, episodes);
  }

  public AgentConfig withExploration(ExplorationSpec v) {
    return new AgentConfig(algorithm, alpha, gamma, v, learningRate, initialQ, episodes);
  }

  public AgentConfig withLearningRate(LearningRate v) {
    return new AgentConfig(algorithm, alpha, gamma, exploration, v, initialQ, episodes);
  }

  public AgentConfig withInitialQ(double v) {
    return new AgentConfig(algorithm, alpha, gamma, exploration, learningRate, v, episodes);
  }

  public AgentConfig withEpisodes(int v) {
    return new AgentConfig(algorithm, alpha, gamma, exploration, learningRate, initialQ, v);
  }
}
