package io.qsweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.EnvRegistry;
import io.qsweep.solve.Solution;
import io.qsweep.solve.ValueIteration;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code qsweep solve}: the exact optimal value and policy by value iteration on the environment's model. */
@Command(name = "solve", mixinStandardHelpOptions = true,
    description = "Solve an environment exactly (value iteration) and print V*(start) and the optimal policy.")
final class SolveCommand implements Callable<Integer> {
  @Option(names = "--env", required = true, description = "Environment name.")
  String env;

  @Option(names = "--env-param", paramLabel = "KEY=VALUE", description = "Environment parameter (repeatable).")
  List<String> envParams = new ArrayList<>();

  @Option(names = "--reward", paramLabel = "DESIGN", description = "Reward design (music environments).")
  String reward;

  @Option(names = "--gamma", defaultValue = "1.0", description = "Discount in [0, 1] (default: ${DEFAULT-VALUE}).")
  double gamma;

  @Option(names = "--horizon", description = "Finite horizon in steps (default: the environment's time limit; "
      + "0 = infinite).")
  Integer horizon;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new Main.UsageError("--gamma: " + gamma + " is outside [0, 1]");
    }
    if (horizon != null && horizon < 0) {
      throw new Main.UsageError("--horizon: " + horizon + " must be >= 0");
    }
    AgentOptions opts = new AgentOptions();
    opts.env = env;
    opts.envParams = envParams;
    opts.reward = reward;
    EnvParams params = opts.envParams();
    Env e = opts.buildEnv();
    int h = horizon != null ? horizon : Math.max(0, e.maxEpisodeSteps());
    Solution sol = ValueIteration.solve(e.model(), gamma, h);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("env", e.name());
    out.put("env_params", params.asMap());
    out.put("gamma", gamma);
    out.put("horizon", h);
    out.put("num_states", e.numStates());
    out.put("num_actions", e.numActions());
    out.put("optimal_start_value", sol.startValue());
    out.put("policy", sol.policy());
    List<String> names = new ArrayList<>();
    for (int a : sol.policy()) {
      names.add(e.actionName(a));
    }
    out.put("policy_actions", names);
    out.put("policy_render", e.renderPolicy(sol.policy()));
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      w.println(new ObjectMapper().writeValueAsString(out));
    } else {
      w.printf("%s %s: V*(start) = %.6f (gamma %s, horizon %s)%n", e.name(), params.asMap(), sol.startValue(), gamma,
          h == 0 ? "infinite" : h);
      if (out.get("policy_render") != null) {
        w.println("optimal policy:");
        w.print(out.get("policy_render"));
      }
    }
    return 0;
  }
}
