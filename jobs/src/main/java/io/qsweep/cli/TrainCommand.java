package io.qsweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.EvalResult;
import io.qsweep.learn.GreedyEvaluator;
import io.qsweep.learn.TrainResult;
import io.qsweep.learn.Trainer;
import io.qsweep.solve.NotConvergedException;
import io.qsweep.solve.Optimality;
import io.qsweep.table.NpyIO;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qsweep train}: one training run, its greedy evaluation and its exact optimality gap. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train one agent, evaluate its greedy policy and compare it with the exact optimum.")
final class TrainCommand implements Callable<Integer> {
  @Mixin
  AgentOptions agent;

  @Option(names = "--qtable-out", paramLabel = "FILE.npy",
      description = "Write the final Q-table as .npy (float64, shape [states, actions]).")
  Path qtableOut;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    // Validate everything before any work or any file is written.
    AgentConfig cfg = agent.buildConfig();
    Env env = agent.buildEnv();
    EnvParams params = agent.envParams();
    if (qtableOut != null && !qtableOut.toString().endsWith(".npy")) {
      throw new Main.UsageError("--qtable-out: '" + qtableOut + "' must end in .npy");
    }
    Map<String, Object> out = run(env, params, cfg, agent.seed, agent.evalEpisodes);
    TrainResult result = (TrainResult) out.remove("_result");
    if (qtableOut != null) {
      AtomicFiles.write(qtableOut, NpyIO.toBytes(result.q().values(), result.q().numStates(),
          result.q().numActions()));
    }
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      w.println(new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(out));
    } else {
      printText(w, env, out, result);
    }
    return 0;
  }

  /**
   * Trains, evaluates and solves; returns the JSON fields of {@code train --json} (plus the raw result under the key
   * {@code _result}, for callers that need the Q-table).
   */
  static Map<String, Object> run(Env env, EnvParams params, AgentConfig cfg, long seed, int evalEpisodes) {
    long t0 = System.nanoTime();
    TrainResult result = Trainer.train(env, cfg, seed);
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("config", AgentOptions.echo(env.name(), params, cfg, seed, evalEpisodes));
    out.put("episode_returns", result.episodeReturns());
    out.put("total_steps", result.totalSteps());
    out.put("train_seconds", trainSeconds);
    Map<String, Object> eval = new LinkedHashMap<>();
    if (evalEpisodes > 0) {
      // The evaluation seed is derived from the run seed so that evaluation is reproducible too.
      EvalResult e = GreedyEvaluator.evaluate(env, result.q(), evalEpisodes, seed ^ 0x9E3779B97F4A7C15L);
      eval.put("episodes", evalEpisodes);
      eval.put("mean_return", e.meanReturn());
      eval.put("std_return", e.stdReturn());
      eval.put("success_rate", Double.isNaN(e.successRate()) ? null : e.successRate());
      eval.put("mean_length", e.meanLength());
    }
    out.put("greedy_eval", eval);
    Optimality opt = Optimality.of(env, cfg.gamma());
    out.put("horizon", opt.horizon());
    out.put("optimal_value", opt.optimalStartValue());
    try {
      Optimality.Gap gap = opt.gapOfGreedy(result.q().values());
      if (Double.isFinite(gap.policyStartValue())) {
        out.put("policy_value", gap.policyStartValue());
        out.put("optimality_gap", gap.gap());
      } else {
        // γ = 1 without a time limit: a greedy policy that never ends has an infinite (or undefined) value.
        out.put("policy_value", null);
        out.put("optimality_gap", null);
        out.put("policy_value_note", "the greedy policy does not terminate from the start state; its undiscounted "
            + "value is " + gap.policyStartValue());
      }
    } catch (NotConvergedException e) {
      out.put("policy_value", null);
      out.put("optimality_gap", null);
      out.put("policy_value_note", e.getMessage());
    }
    int[] policy = result.q().greedyPolicy(env.validActionCounts()); // among each state's valid actions
    out.put("greedy_policy", policy);
    out.put("policy_render", env.renderPolicy(policy));
    out.put("_result", result);
    return out;
  }

  private static void printText(PrintWriter w, Env env, Map<String, Object> out, TrainResult result) {
    @SuppressWarnings("unchecked")
    Map<String, Object> eval = (Map<String, Object>) out.get("greedy_eval");
    w.printf("trained %s on %s: %d episodes, %d steps in %.3f s%n", ((Map<?, ?>) out.get("config")).get("algorithm"),
        env.name(), result.episodes(), result.totalSteps(), (Double) out.get("train_seconds"));
    int n = result.episodes();
    int tail = Math.max(1, n / 10);
    w.printf("mean return, last %d training episodes: %.4f%n", tail, result.meanReturn(n - tail, n));
    if (!eval.isEmpty()) {
      w.printf("greedy evaluation (%s episodes): mean return %.4f, success rate %s%n", eval.get("episodes"),
          (Double) eval.get("mean_return"), eval.get("success_rate") == null ? "n/a"
              : String.format("%.3f", (Double) eval.get("success_rate")));
    }
    w.printf("optimal value V*(start) = %.6f (horizon %s)%n", (Double) out.get("optimal_value"),
        (Integer) out.get("horizon") == 0 ? "infinite" : out.get("horizon"));
    if (out.get("policy_value") != null) {
      w.printf("greedy policy value V^pi(start) = %.6f, optimality gap = %.6f%n", (Double) out.get("policy_value"),
          (Double) out.get("optimality_gap"));
    } else {
      w.println("greedy policy value: " + out.get("policy_value_note"));
    }
    if (out.get("policy_render") != null) {
      w.println("greedy policy:");
      w.print(out.get("policy_render"));
    }
  }
}
