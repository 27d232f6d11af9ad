package io.qsweep.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.explore.ExplorationSpec;
import io.qsweep.explore.Schedule;
import org.junit.jupiter.api.Test;

/** The agent configuration rejects bad values with messages that name the field, the value and what is allowed. */
class ConfigValidationTest {

  @Test
  void agentConfigFields() {
    AgentConfig d = AgentConfig.DEFAULTS;
    assertThatThrownBy(() -> d.withAlpha(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha: 0.0 is outside (0, 1]");
    assertThatThrownBy(() -> d.withGamma(1.5)).hasMessage("gamma: 1.5 is outside [0, 1]");
    assertThatThrownBy(() -> d.withEpisodes(0)).hasMessage("episodes: 0 must be >= 1");
    assertThatThrownBy(() -> d.withInitialQ(Double.NaN)).hasMessage("initial_q: NaN must be finite");
    assertThatThrownBy(() -> d.withExploration(null)).hasMessage("exploration: must be given");
    assertThatThrownBy(() -> d.withLearningRate(null)).hasMessage("learning_rate: must be given");
    assertThatThrownBy(() -> d.withAlgorithm(null)).hasMessage("algorithm: must be given");
  }

  @Test
  void textForms() {
    assertThat(Algorithm.fromId("double_q")).isEqualTo(Algorithm.DOUBLE_Q);
    assertThatThrownBy(() -> Algorithm.fromId("dqn"))
        .hasMessage("algorithm: 'dqn' is not one of q_learning, sarsa, expected_sarsa, double_q");
    assertThat(LearningRate.parse("visit:0.8")).isEqualTo(new LearningRate.VisitDecay(0.8));
    assertThatThrownBy(() -> LearningRate.parse("visit:2")).hasMessage("learning_rate omega: 2.0 is outside (0, 1]");
    assertThatThrownBy(() -> LearningRate.parse("adam"))
        .hasMessage("learning_rate: 'adam' is not one of constant, visit:OMEGA");
    assertThat(ExplorationSpec.parse("epsilon:linear:1:0.05:500").toString()).isEqualTo("epsilon:linear:1:0.05:500");
    assertThatThrownBy(() -> ExplorationSpec.parse("epsilon:1.5")).hasMessage("epsilon: 1.5 leaves [0, 1]");
    assertThatThrownBy(() -> ExplorationSpec.parse("softmax:0")).hasMessage("temperature: 0 must stay > 0");
    assertThatThrownBy(() -> ExplorationSpec.parse("ucb:-1")).hasMessage("ucb c: -1.0 must be finite and >= 0");
    assertThatThrownBy(() -> Schedule.parse("epsilon", "linear:1:0.1:0"))
        .hasMessage("epsilon: linear schedule episodes: 0.0 must be an integer >= 1");
  }
}
