package io.qsweep.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code qsweep} command line. Exit codes: 0 success; 2 usage or configuration error (bad argument, invalid
 * sweep, unknown env/reward/algorithm — the message names the argument or field); 1 an unexpected failure.
 */
@Command(name = "qsweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Distributed tabular RL sweeps on Spark, tracked in MLflow.",
    subcommands = {TrainCommand.class, SolveCommand.class, ComposeCommand.class, ValidateCommand.class, RunCommand.class, SyncCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit code for usage and configuration errors. */
  public static final int USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (used by tests). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      if (ex instanceof ExitError e) {
        commandLine.getErr().println(commandLine.getCommandName() + ": error: " + e.getMessage());
        return e.code();
      }
      if (ex instanceof UsageError || ex instanceof IllegalArgumentException) {
        commandLine.getErr().println(commandLine.getCommandName() + ": error: " + ex.getMessage());
        return USAGE;
      }
      commandLine.getErr().println(commandLine.getCommandName() + ": failed: " + ex);
      ex.printStackTrace(commandLine.getErr());
      return 1;
    });
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** A usage or configuration error detected while running a command: exit 2 with its message. */
  public static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
      super(message);
    }
  }

  /** An error with its own exit code (e.g. 3: tracking server unavailable, 4: tracking server refused). */
  public static final class ExitError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public ExitError(int code, String message) {
      super(message);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** The version from the jar manifest (or "dev" when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"qsweep " + version()};
    }
  }

  /** qsweep's version, from the jar manifest, else {@code dev}. */
  public static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
