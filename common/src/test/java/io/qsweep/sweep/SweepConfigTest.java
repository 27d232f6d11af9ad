package io.qsweep.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.env.EnvParams;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.Algorithm;
import io.qsweep.learn.LearningRate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Configuration keys, canonical form and flat params. */
class SweepConfigTest {
  private static final AgentConfig AGENT = new AgentConfig(Algorithm.SARSA, 0.5, 0.9,
      ExplorationSpec.parse("softmax:linear:1:0.1:100"), LearningRate.parse("visit:0.8"), 1.0, 300);
  private static final EnvParams ENV = EnvParams.of(Map.of("length", 4, "reward", "step_cost"));

  /**
   * Regression test of key stability: the canonical form is documented in {@link SweepConfig}, and the key below was
   * computed once from that text with Python's hashlib. Keys are stored in outputs and MLflow; they must not drift.
   */
  @Test
  void canonicalFormAndKeyAreStable() {
    SweepConfig c = SweepConfig.of(0, "test_chain", ENV, AGENT);
    assertThat(c.canonical()).isEqualTo("{\"qsweep_config\":1,\"env\":\"test_chain\",\"env_params\":{\"length\":\"4\","
        + "\"reward\":\"step_cost\"},\"algorithm\":\"sarsa\",\"alpha\":\"0.5\",\"gamma\":\"0.9\","
        + "\"exploration\":\"softmax:linear:1:0.1:100\",\"learning_rate\":\"visit:0.8\",\"initial_q\":\"1\","
        + "\"episodes\":\"300\"}");
    assertThat(c.key()).isEqualTo("4e7f9b689dac220c");
  }

  @Test
  void anyChangeOfAFieldChangesTheKey() {
    List<SweepConfig> variants = List.of(
        SweepConfig.of(0, "test_chain", ENV, AGENT),
        SweepConfig.of(0, "test_plain", ENV, AGENT),
        SweepConfig.of(0, "test_chain", EnvParams.of(Map.of("length", 5, "reward", "step_cost")), AGENT),
        SweepConfig.of(0, "test_chain", EnvParams.of(Map.of("length", 4, "reward", "goal")), AGENT),
        SweepConfig.of(0, "test_chain", EnvParams.of(Map.of("length", 4)), AGENT),
        SweepConfig.of(0, "test_chain", ENV, AGENT.withAlgorithm(Algorithm.Q_LEARNING)),
        SweepConfig.of(0, "test_chain", ENV, AGENT.withAlpha(0.51)),
        SweepConfig.of(0, "test_chain", ENV, AGENT.withGamma(0.91)),
        SweepConfig.of(0, "test_chain", ENV, AGENT.withExploration(ExplorationSpec.parse("softmax:1"))),
        SweepConfig.of(0, "test_chain", ENV, AGENT.withLearningRate(LearningRate.CONSTANT)),
        SweepConfig.of(0, "test_chain", ENV, AGENT.withInitialQ(0.0)),
        SweepConfig.of(0, "test_chain", ENV, AGENT.withEpisodes(301)));
    Set<String> keys = new HashSet<>();
    variants.forEach(v -> keys.add(v.key()));
    assertThat(keys).hasSize(variants.size());
    assertThat(keys).allMatch(k -> k.matches("[0-9a-f]{16}"));
  }

  /** A field added to AgentConfig must be added to the canonical form (and to params()), or keys would collide. */
  @Test
  void theCanonicalFormCoversEveryAgentConfigField() {
    List<String> fields = java.util.Arrays.stream(AgentConfig.class.getRecordComponents())
        .map(java.lang.reflect.RecordComponent::getName).toList();
    assertThat(fields).containsExactly("algorithm", "alpha", "gamma", "exploration", "learningRate", "initialQ",
        "episodes");
    String canonical = SweepConfig.of(0, "test_chain", ENV, AGENT).canonical();
    for (String f : List.of("algorithm", "alpha", "gamma", "exploration", "learning_rate", "initial_q", "episodes")) {
      assertThat(canonical).contains("\"" + f + "\":");
      assertThat(SweepConfig.of(0, "test_chain", ENV, AGENT).params()).containsKey(f);
    }
  }

  @Test
  void theIndexIsNotPartOfTheKey() {
    assertThat(SweepConfig.of(3, "test_chain", ENV, AGENT).key()).isEqualTo(SweepConfig.of(0, "test_chain", ENV,
        AGENT).key());
  }

  @Test
  void env_paramsValuesAreEscapedSoDifferentParamsCannotCollide() {
    // "a=1,b=2" as one value vs. two params: the plain k=v text form would be ambiguous, the JSON form is not
    SweepConfig one = SweepConfig.of(0, "e", EnvParams.of(Map.of("a", "1,b=2")), AGENT);
    SweepConfig two = SweepConfig.of(0, "e", EnvParams.of(Map.of("a", "1", "b", "2")), AGENT);
    assertThat(one.key()).isNotEqualTo(two.key());
    assertThat(SweepConfig.of(0, "e", EnvParams.of(Map.of("q", "say \"hi\"\n")), AGENT).canonical())
        .contains("\"q\":\"say \\\"hi\\\"\\u000a\"");
  }

  @Test
  void theConstructorChecksTheKey() {
    SweepConfig c = SweepConfig.of(1, "test_chain", ENV, AGENT);
    assertThat(new SweepConfig(1, c.key(), "test_chain", ENV, AGENT)).isEqualTo(c);
    assertThatThrownBy(() -> new SweepConfig(1, "0000000000000000", "test_chain", ENV, AGENT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key: '0000000000000000' does not match the configuration (expected " + c.key() + ")");
    assertThatThrownBy(() -> SweepConfig.of(-1, "test_chain", ENV, AGENT))
        .hasMessage("index: -1 must be >= 0");
  }

  @Test
  void paramsAreFlatStableAndCanonical() {
    SweepConfig c = SweepConfig.of(0, "test_chain", ENV, AGENT);
    assertThat(c.params()).containsExactly(
        Map.entry("env", "test_chain"),
        Map.entry("algorithm", "sarsa"),
        Map.entry("alpha", "0.5"),
        Map.entry("gamma", "0.9"),
        Map.entry("exploration", "softmax:linear:1:0.1:100"),
        Map.entry("learning_rate", "visit:0.8"),
        Map.entry("initial_q", "1"),
        Map.entry("episodes", "300"),
        Map.entry("reward", "step_cost"),
        Map.entry("env.length", "4"));
    assertThat(c.reward()).isEqualTo("step_cost");
  }

  @Test
  void paramsNameEpsilonForEpsilonGreedy() {
    SweepConfig constant = SweepConfig.of(0, "test_chain", EnvParams.empty(), AgentConfig.DEFAULTS);
    assertThat(constant.params()).containsEntry("epsilon", "0.1").containsEntry("exploration", "epsilon:0.1")
        .doesNotContainKey("reward");
    assertThat(constant.reward()).isNull();
    SweepConfig schedule = SweepConfig.of(0, "test_chain", EnvParams.empty(),
        AgentConfig.DEFAULTS.withExploration(ExplorationSpec.parse("epsilon:linear:1:0.05:500")));
    assertThat(schedule.params()).containsEntry("epsilon", "linear:1:0.05:500")
        .containsEntry("exploration", "epsilon:linear:1:0.05:500");
    SweepConfig ucb = SweepConfig.of(0, "test_chain", EnvParams.empty(),
        AgentConfig.DEFAULTS.withExploration(ExplorationSpec.parse("ucb:2")));
    assertThat(ucb.params()).doesNotContainKey("epsilon").containsEntry("exploration", "ucb:2");
  }
}
