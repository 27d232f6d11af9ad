package io.qsweep.sweep;

import io.qsweep.env.EnvParams;
import io.qsweep.explore.ExplorationSpec;
import io.qsweep.explore.Schedule;
import io.qsweep.learn.AgentConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration of a sweep: an environment (name and parameters, including the reward design as the env param
 * {@code reward} when one is set) and a full {@link AgentConfig}. Runs of the configuration differ only in their seed.
 *
 * <h2>Key</h2>
 * {@link #key()} is the first 16 hex digits of the SHA-256 of {@link #canonical()}, a compact JSON object with a fixed
 * field order:
 * <pre>
 * {"qsweep_config":1,"env":"frozen_lake","env_params":{"is_slippery":"true","map":"4x4"},
 *  "algorithm":"q_learning","alpha":"0.1","gamma":"0.99","exploration":"epsilon:0.1",
 *  "learning_rate":"constant","initial_q":"0","episodes":"2000"}
 * </pre>
 * Every value is in its canonical text ({@link Schedule#num} for numbers, {@link ExplorationSpec#toString()}, ...);
 * env params are sorted by name; in strings, quote and backslash are escaped with a backslash and control
 * characters use the six-character {@code u00XX} escape. The key does not depend on the sweep's name, seed or other
 * configurations, nor on how the value was written (a default, {@code fixed}, {@code grid} or {@code random};
 * {@code 1.0} or {@code 1}), so
 * the same configuration has the same key in every sweep, and any change of a field changes it.
 *
 * @param index    0-based position in {@link SweepSpec#expand()}
 * @param key      16 lowercase hex digits, see above; checked against the other components (pass null to have it
 *                 computed)
 * @param envName  the environment's registry name
 * @param envParams the environment's parameters, including {@code reward} when a reward design is set
 * @param agent    how the agent learns
 */
public record SweepConfig(int index, String key, String envName, EnvParams envParams, AgentConfig agent) {
  /** The env param that carries a reward design. */
  public static final String REWARD_PARAM = "reward";

  public SweepConfig {
    if (index < 0) {
      throw new IllegalArgumentException("index: " + index + " must be >= 0");
    }
    if (envName == null || envParams == null || agent == null) {
      throw new IllegalArgumentException("envName, envParams and agent must be given");
    }
    String expected = keyOf(envName, envParams, agent);
    if (key == null) {
      key = expected;
    } else if (!expected.equals(key)) {
      throw new IllegalArgumentException("key: '" + key + "' does not match the configuration (expected "
          + expected + ")");
    }
  }

  /** The configuration at {@code index} with its key computed from the other components. */
  public static SweepConfig of(int index, String envName, EnvParams envParams, AgentConfig agent) {
    return new SweepConfig(index, null, envName, envParams, agent);
  }

  /** The key of a configuration (see the class javadoc). */
  public static String keyOf(String envName, EnvParams envParams, AgentConfig agent) {
    return Seeds.sha256Hex(canonical(envName, envParams, agent), 16);
  }

  /** The canonical JSON form that the key hashes (see the class javadoc). */
  public String canonical() {
    return canonical(envName, envParams, agent);
  }

  static String canonical(String envName, EnvParams envParams, AgentConfig agent) {
    StringBuilder sb = new StringBuilder(256).append("{\"qsweep_config\":1");
    field(sb, "env", envName).append(",\"env_params\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : envParams.asMap().entrySet()) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      quote(sb, e.getKey()).append(':');
      quote(sb, e.getValue());
    }
    sb.append('}');
    field(sb, "algorithm", agent.algorithm().id());
    field(sb, "alpha", Schedule.num(agent.alpha()));
    field(sb, "gamma", Schedule.num(agent.gamma()));
    field(sb, "exploration", agent.exploration().toString());
    field(sb, "learning_rate", agent.learningRate().toString());
    field(sb, "initial_q", Schedule.num(agent.initialQ()));
    field(sb, "episodes", Integer.toString(agent.episodes()));
    return sb.append('}').toString();
  }

  private static StringBuilder field(StringBuilder sb, String name, String value) {
    sb.append(',');
    quote(sb, name).append(':');
    return quote(sb, value);
  }

  /** A JSON string literal: quote and backslash escaped with a backslash, control characters as u00XX escapes. */
  private static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20) {
        sb.append(String.format("\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.append('"');
  }

  /** The reward design, or {@code null} when the env's default reward is used. */
  public String reward() {
    return envParams.getString(REWARD_PARAM, null);
  }

  /**
   * The flat, UI-friendly parameters of this configuration (MLflow params, Parquet columns), in this order, values in
   * canonical text:
   * {@code env}, {@code algorithm}, {@code alpha}, {@code gamma}, {@code epsilon} (only when the exploration is
   * ε-greedy: the ε schedule, a plain number such as {@code 0.1} when constant), {@code exploration} (always, e.g.
   * {@code epsilon:0.1}, {@code softmax:0.5}),
   * {@code learning_rate}, {@code initial_q}, {@code episodes}, {@code reward} (only when set), then
   * {@code env.<param>} for every other env param, sorted. The names equal the sweep's dimension names.
   */
  public Map<String, String> params() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("env", envName);
    m.put("algorithm", agent.algorithm().id());
    m.put("alpha", Schedule.num(agent.alpha()));
    m.put("gamma", Schedule.num(agent.gamma()));
    if (agent.exploration() instanceof ExplorationSpec.EpsilonGreedy eg) {
      m.put("epsilon", eg.epsilon().toString());
    }
    m.put("exploration", agent.exploration().toString());
    m.put("learning_rate", agent.learningRate().toString());
    m.put("initial_q", Schedule.num(agent.initialQ()));
    m.put("episodes", Integer.toString(agent.episodes()));
    String reward = reward();
    if (reward != null) {
      m.put("reward", reward);
    }
    envParams.asMap().forEach((k, v) -> {
      if (!k.equals(REWARD_PARAM)) {
        m.put("env." + k, v);
      }
    });
    return Collections.unmodifiableMap(m);
  }
}
