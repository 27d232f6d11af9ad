package io.qsweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.qsweep.env.Env;
import io.qsweep.env.EnvParams;
import io.qsweep.env.music.Composer;
import io.qsweep.env.music.Composition;
import io.qsweep.learn.AgentConfig;
import io.qsweep.learn.TrainResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sound.midi.MidiSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qsweep compose}: trains on a music environment, plays the greedy policy once and prints the composition,
 * its evaluation score (the fixed yardstick, whatever design was trained on) with its per-term breakdown, and
 * optionally writes it as a Standard MIDI File.
 */
@Command(name = "compose", mixinStandardHelpOptions = true,
    description = "Train on a music environment (melody, arrangement), then compose with the greedy policy.")
final class ComposeCommand implements Callable<Integer> {
  @Mixin
  AgentOptions agent;

  @Option(names = "--midi-out", paramLabel = "FILE.mid", description = "Write the composition as a MIDI file.")
  Path midiOut;

  @Option(names = "--json", description = "Print one JSON object (train's fields plus composition, "
      + "evaluation_score, score_terms).")
  boolean json;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AgentConfig cfg = agent.buildConfig();
    Env env = agent.buildEnv();
    EnvParams params = agent.envParams();
    try {
      Composer.composedEnv(env);
    } catch (IllegalArgumentException e) {
      throw new Main.UsageError("--env: " + e.getMessage());
    }
    if (midiOut != null && !(midiOut.toString().endsWith(".mid") || midiOut.toString().endsWith(".midi"))) {
      throw new Main.UsageError("--midi-out: '" + midiOut + "' must end in .mid or .midi");
    }
    Map<String, Object> out = TrainCommand.run(env, params, cfg, agent.seed, agent.evalEpisodes);
    TrainResult result = (TrainResult) out.remove("_result");
    Composition c = Composer.compose(env, result.q());
    out.put("composition", c.composition());
    out.put("evaluation_score", c.evaluationScore());
    out.put("score_terms", c.scoreTerms());
    out.put("design_return", c.designReturn());
    if (midiOut != null) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      MidiSystem.write(c.midi(), 1, bytes);
      AtomicFiles.write(midiOut, bytes.toByteArray());
      out.put("midi_out", midiOut.toString());
    }
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      w.println(new ObjectMapper().writeValueAsString(out));
    } else {
      w.println(c.description());
      w.printf("evaluation score: %.3f%n", c.evaluationScore());
      c.scoreTerms().forEach((term, v) -> w.printf("  %-22s %8.3f%n", term, v));
      w.printf("return under design '%s': %.3f%n", c.design(), c.designReturn());
      if (midiOut != null) {
        w.println("MIDI written to " + midiOut);
      }
    }
    return 0;
  }
}
