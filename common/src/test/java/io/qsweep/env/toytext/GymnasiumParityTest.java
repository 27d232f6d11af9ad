package io.qsweep.env.toytext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.env.TransitionModel;
import io.qsweep.testing.ProjectPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Identical to Gymnasium": runs the real Gymnasium (from the project venv) to dump its toy-text transition tables,
 * and compares them with ours state by state, action by action: the distribution over (next state, reward, terminated),
 * the start distribution and the registered time limit.
 */
class GymnasiumParityTest {

  @Test
  void transitionModelsEqualGymnasiums(@TempDir Path tmp) throws IOException, InterruptedException {
    Path py = ProjectPaths.venvPython();
    Path script = ProjectPaths.root().resolve("common/src/test/python/gymnasium_models.py");
    Path out = tmp.resolve("models.json");
    Process proc = new ProcessBuilder(py.toString(), script.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(proc.exitValue()).as("gymnasium dump failed:\n%s", log).isZero();

    JsonNode root = new ObjectMapper().readTree(Files.readString(out));
    assertThat(root.get("gymnasium").asText()).startsWith("1.");
    int compared = 0;
    for (JsonNode c : root.get("cases")) {
      Map<String, String> params = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = c.get("params").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
      String label = c.get("gym_id").asText() + " " + params;
      Env env = EnvRegistry.make(c.get("name").asText(), EnvParams.of(params));
      TransitionModel m = env.model();
      JsonNode p = c.get("P");
      assertThat(m.numStates()).as(label).isEqualTo(p.size());
      assertThat(m.numActions()).as(label).isEqualTo(p.get(0).size());
      assertThat(env.maxEpisodeSteps()).as(label + " time limit").isEqualTo(c.get("max_episode_steps").asInt());
      JsonNode init = c.get("initial");
      for (int s = 0; s < m.numStates(); s++) {
        assertThat(m.initialProb(s)).as(label + " start prob of " + s).isCloseTo(init.get(s).asDouble(), within(1e-12));
        for (int a = 0; a < m.numActions(); a++) {
          Map<String, Double> theirs = new HashMap<>();
          for (JsonNode o : p.get(s).get(a)) {
            String key = o.get(1).asInt() + "|" + o.get(2).asDouble() + "|" + o.get(3).asBoolean();
            theirs.merge(key, o.get(0).asDouble(), Double::sum);
          }
          Map<String, Double> ours = new HashMap<>();
          for (int k = m.begin(s, a); k < m.end(s, a); k++) {
            assertThat(m.rewardStd(k)).isZero();
            ours.merge(m.next(k) + "|" + m.reward(k) + "|" + m.terminal(k), m.prob(k), Double::sum);
          }
          assertThat(ours.keySet()).as("%s outcomes of (s=%d, a=%d)", label, s, a).isEqualTo(theirs.keySet());
          for (Map.Entry<String, Double> e : theirs.entrySet()) {
            assertThat(ours.get(e.getKey())).as("%s P(%s | s=%d, a=%d)", label, e.getKey(), s, a)
                .isCloseTo(e.getValue(), within(1e-12));
          }
          compared++;
        }
      }
    }
    assertThat(compared).isEqualTo(48 * 4 * 2 + 16 * 4 * 2 + 64 * 4 + 12 * 4 + 500 * 6);
  }
}
