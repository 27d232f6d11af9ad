package io.qsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qsweep.table.NpyIO.NpyArray;
import io.qsweep.table.NpyIO;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliTest {

  /** Exit code, stdout and stderr of one CLI invocation. */
  record Result(int code, String out, String err) {
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void trainJsonHasTheDocumentedFields(@TempDir Path tmp) throws Exception {
    Path q = tmp.resolve("q.npy");
    Result r = run("train", "--env", "frozen_lake", "--algorithm", "q_learning", "--alpha", "0.1", "--gamma", "0.99",
        "--epsilon", "0.1", "--episodes", "300", "--seed", "7", "--eval-episodes", "50", "--qtable-out", q.toString(),
        "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("config").get("env").asText()).isEqualTo("frozen_lake");
    assertThat(j.get("config").get("alpha").asDouble()).isEqualTo(0.1);
    assertThat(j.get("config").get("exploration").asText()).isEqualTo("epsilon:0.1");
    assertThat(j.get("episode_returns").size()).isEqualTo(300);
    assertThat(j.get("greedy_eval").get("mean_return").isNumber()).isTrue();
    assertThat(j.get("greedy_eval").get("success_rate").asDouble()).isBetween(0.0, 1.0);
    double optimal = j.get("optimal_value").asDouble();
    double policy = j.get("policy_value").asDouble();
    assertThat(optimal).isCloseTo(0.5222807, within(1e-6)); // FrozenLake 4x4, γ = 0.99, horizon 100
    assertThat(j.get("optimality_gap").asDouble()).isCloseTo(optimal - policy, within(1e-12)).isGreaterThanOrEqualTo(0);
    NpyArray arr = NpyIO.read(q);
    assertThat(arr.shape()).containsExactly(16, 4);
  }

  @Test
  void trainOnMaxBiasKeepsTheGreedyPolicyWithinEachStatesActions(@TempDir Path tmp) throws Exception {
    // optimistic init: A's invalid actions 2..9 are never updated and keep 1.0, above every learned value of A
    Path q = tmp.resolve("q.npy");
    Result r = run("train", "--env", "max_bias", "--algorithm", "double_q", "--alpha", "0.1", "--gamma", "1",
        "--initial-q", "1", "--episodes", "300", "--seed", "5", "--eval-episodes", "20", "--qtable-out", q.toString(),
        "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("greedy_policy").get(0).asInt()).isIn(0, 1);
    assertThat(j.get("optimal_value").asDouble()).isEqualTo(0.0);
    assertThat(j.get("optimality_gap").asDouble()).isGreaterThanOrEqualTo(0.0);
    NpyArray arr = NpyIO.read(q);
    assertThat(arr.shape()).containsExactly(3, 10); // rectangular; A's invalid entries hold the initial value
    for (int a = 2; a < 10; a++) {
      assertThat(arr.data()[a]).isEqualTo(1.0);
    }
    Result solve = run("solve", "--env", "max_bias", "--json");
    assertThat(new ObjectMapper().readTree(solve.out()).get("policy_actions").get(0).asText()).isEqualTo("RIGHT");
  }

  @Test
  void sameSeedSameNumbers() {
    String[] args = {"train", "--env", "taxi", "--alpha", "0.5", "--episodes", "200", "--seed", "3", "--json"};
    Result a = run(args);
    Result b = run(args);
    assertThat(a.code()).isZero();
    assertThat(strip(a.out())).isEqualTo(strip(b.out()));
  }

  private static String strip(String json) {
    return json.replaceAll("\"train_seconds\":[^,]*,", "");
  }

  @Test
  void solveReportsTheOptimalStartValue() throws Exception {
    Result r = run("solve", "--env", "cliff_walking", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("optimal_start_value").asDouble()).isEqualTo(-13.0);
    assertThat(j.get("policy").size()).isEqualTo(48);
    Result fl = run("solve", "--env", "frozen_lake", "--env-param", "map=8x8");
    assertThat(fl.code()).isZero();
    assertThat(fl.out()).contains("V*(start) = 0.913220").contains("horizon 200");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train --env nope --episodes 5                               | --env nope: unknown env 'nope'; allowed: cliff_walking",
      "train --env taxi --alpha 1.5                                | --alpha: 1.5 is outside (0, 1]",
      "train --env taxi --gamma -0.1                               | --gamma: -0.1 is outside [0, 1]",
      "train --env taxi --episodes 0                               | --episodes: 0 must be >= 1",
      "train --env taxi --algorithm dqn                            | --algorithm: 'dqn' is not one of q_learning, sarsa, expected_sarsa, double_q",
      "train --env taxi --epsilon 1.2                              | --epsilon: 1.2 leaves [0, 1]",
      "train --env taxi --exploration softmax:0                    | --exploration: temperature: 0 must stay > 0",
      "train --env taxi --epsilon 0.1 --exploration ucb:1          | --epsilon and --exploration are mutually exclusive",
      "train --env taxi --learning-rate visit:2                    | --learning-rate: learning_rate omega: 2.0 is outside (0, 1]",
      "train --env frozen_lake --env-param slippery=true           | unknown env param 'slippery' for frozen_lake; allowed: is_slippery",
      "train --env frozen_lake --env-param map                     | --env-param: 'map' is not of the form key=value",
      "train --env taxi --alpha abc                                | Invalid value for option '--alpha'",
      "train --episodes 5                                          | Missing required option: '--env=<env>'",
      "solve --env taxi --gamma 2                                  | --gamma: 2.0 is outside [0, 1]",
      "frobnicate                                                  | Unmatched argument",
  })
  void badArgumentsExitTwoNamingTheArgument(String args, String message) {
    Result r = run(args.trim().split("\\s+"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }

  @Test
  void badArgumentsWriteNothing(@TempDir Path tmp) {
    Path q = tmp.resolve("q.npy");
    Result r = run("train", "--env", "taxi", "--gamma", "7", "--qtable-out", q.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(q).doesNotExist();
    assertThat(tmp.toFile().list()).isEmpty();
    r = run("train", "--env", "taxi", "--episodes", "3", "--qtable-out", tmp.resolve("q.txt").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--qtable-out: ").contains("must end in .npy");
    assertThat(tmp.toFile().list()).isEmpty();
  }

  @Test
  void textOutputShowsThePolicy() {
    Result r = run("train", "--env", "cliff_walking", "--alpha", "0.5", "--gamma", "1", "--episodes", "500",
        "--seed", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("optimal value V*(start) = -13.000000").contains("greedy policy:").contains("C C C");
    assertThat(Files.exists(Path.of("q.npy"))).isFalse();
  }

  @Test
  void validatePrintsCountsOrEveryProblem(@TempDir Path tmp) throws Exception {
    Path root = io.qsweep.testing.ProjectPaths.root();
    Result ok = run("validate", root.resolve("conf/sweeps/quickstart.yaml").toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("configurations").contains("runs");
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "name: bad\nseed: 1\nreplicas: 2\nenv: {name: taxi}\n"
        + "grid:\n  gamma: [0.9, 0.99, 1.5]\n  alpha: []\ngird: 3\n");
    Result r = run("validate", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("grid.gamma[2]: 1.5 is outside [0, 1]").contains("grid.alpha").contains("gird");
    Result missing = run("validate", tmp.resolve("nope.yaml").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("is not a readable file");
  }

  @Test
  void composeWritesAPlayableMidiAndReportsTheYardstick(@TempDir Path tmp) throws Exception {
    Path mid = tmp.resolve("song.mid");
    Result r = run("compose", "--env", "arrangement", "--reward", "shaped_rating", "--alpha", "0.2", "--gamma", "1",
        "--epsilon", "0.5", "--episodes", "3000", "--seed", "2", "--midi-out", mid.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("composition").size()).isEqualTo(5);
    double score = j.get("evaluation_score").asDouble();
    double termSum = 0;
    for (JsonNode t : j.get("score_terms")) {
      termSum += t.asDouble();
    }
    assertThat(termSum).isCloseTo(score, within(1e-9));
    assertThat(j.get("episode_returns").size()).isEqualTo(3000);
    assertThat(j.has("optimality_gap")).isTrue();
    javax.sound.midi.Sequence seq = javax.sound.midi.MidiSystem.getSequence(mid.toFile());
    int noteOns = 0;
    for (javax.sound.midi.Track t : seq.getTracks()) {
      for (int i = 0; i < t.size(); i++) {
        if (t.get(i).getMessage() instanceof javax.sound.midi.ShortMessage sm
            && sm.getCommand() == javax.sound.midi.ShortMessage.NOTE_ON && sm.getData2() > 0) {
          noteOns++;
        }
      }
    }
    assertThat(noteOns).isEqualTo(io.qsweep.env.music.Midi.countNotes(seq)).isGreaterThan(0);
  }

  @Test
  void composeRejectsBadDesignsAndNonMusicEnvs(@TempDir Path tmp) {
    Path mid = tmp.resolve("x.mid");
    Result r = run("compose", "--env", "melody", "--reward", "nope", "--midi-out", mid.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("env param 'reward': 'nope' is not one of").contains("theory");
    r = run("compose", "--env", "taxi", "--midi-out", mid.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("does not compose music");
    r = run("compose", "--env", "melody", "--env-param", "length=0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("env param 'length'");
    assertThat(tmp.toFile().list()).isEmpty();
  }
}
