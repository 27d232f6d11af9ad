package io.qsweep.cli;

import io.qsweep.sweep.SweepSpec;
import io.qsweep.sweep.SweepValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code qsweep validate}: checks a sweep file and prints what it would run, or every problem (exit 2). */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Validate a sweep: print the number of configurations and runs and a sample of them, or every "
        + "problem found (exit 2).")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SWEEP.yaml", description = "The sweep file.")
  Path file;

  @Option(names = "--sample", defaultValue = "5", description = "Configurations to show (default: ${DEFAULT-VALUE}).")
  int sample;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    SweepSpec s = load(file);
    spec.commandLine().getOut().print(s.summary(Math.max(0, sample)));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** Loads and validates a sweep; any problem becomes a usage error (exit 2) listing every problem. */
  static SweepSpec load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new Main.UsageError("SWEEP.yaml: " + file + " is not a readable file");
    }
    try {
      return SweepSpec.load(file);
    } catch (SweepValidationException e) {
      throw new Main.UsageError(e.getMessage());
    } catch (IOException e) {
      throw new Main.UsageError("SWEEP.yaml: cannot read " + file + ": " + e.getMessage());
    }
  }
}
