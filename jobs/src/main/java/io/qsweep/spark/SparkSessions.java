package io.qsweep.spark;

import java.io.PrintWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * How the sweep job gets its {@link SparkSession}, whether it runs in-process ({@code bin/qsweep run}) or under
 * {@code spark-submit}.
 *
 * <p>The master: when {@code spark.master} is already configured — {@code spark-submit --master ...} passes it to the
 * driver as a {@code spark.master} system property, which {@link SparkConf} loads — it is left alone, even when
 * {@code --master} is also given (a warning says so); otherwise {@code --master} is used when given, else
 * {@value #DEFAULT_MASTER}.
 *
 * <p>When qsweep sets the master itself (in-process), it also keeps the console readable: unless a log4j
 * configuration was given, log4j is set up to print warnings and errors only (to stderr), before Spark starts and
 * loads its INFO-level default profile; the console progress bar is turned off
 * ({@code spark.ui.showConsoleProgress=false}, unless configured), because the job prints its own progress lines;
 * plans are not truncated in messages ({@code spark.sql.debug.maxToStringFields=200}, unless configured: the
 * result rows are wide); and with a local master the web UI is off unless configured ({@link #inProcessDefaults}).
 * Under {@code spark-submit} the cluster's settings apply unchanged.
 */
public final class SparkSessions {
  /** The master when neither {@code spark.master} nor {@code --master} is given: every local core. */
  public static final String DEFAULT_MASTER = "local[*]";

  private SparkSessions() {
  }

  /**
   * The master qsweep must set, or {@code null} to leave the one already configured.
   *
   * @param configured the {@code spark.master} already configured (system property or conf), or {@code null}
   * @param cliMaster  {@code --master}, or {@code null}
   */
  public static String masterToSet(String configured, String cliMaster) {
    if (configured != null && !configured.isBlank()) {
      return null;
    }
    if (cliMaster != null) {
      if (cliMaster.isBlank()) {
        throw new IllegalArgumentException("--master: must not be empty; e.g. local[2], local[*], spark://host:7077");
      }
      return cliMaster;
    }
    return DEFAULT_MASTER;
  }

  /**
   * The active session if there is one (an embedding application or a test made it), else a new one built as
   * described in the class javadoc.
   *
   * @param cliMaster {@code --master}, or {@code null}
   * @param err       where to print the warning about an ignored {@code --master}
   */
  public static SparkSession getOrCreate(String cliMaster, PrintWriter err) {
    SparkSession active = existing();
    if (active != null) {
      warnIgnored(active.sparkContext().master(), cliMaster, err);
      return active;
    }
    // spark-submit passes its settings as spark.* system properties, which is where SparkConf reads them from.
    String configured = System.getProperty("spark.master");
    String master = masterToSet(configured, cliMaster);
    if (master != null) {
      quietLoggingUnlessConfigured(); // before any Spark class logs and loads Spark's default profile
    }
    SparkConf conf = new SparkConf();
    SparkSession.Builder b = SparkSession.builder().appName("qsweep");
    if (master == null) {
      warnIgnored(configured, cliMaster, err);
    } else {
      b.master(master);
      inProcessDefaults(master, conf).forEach(b::config);
    }
    try {
      return b.getOrCreate();
    } catch (RuntimeException e) {
      if (master != null && cliMaster != null && String.valueOf(e.getMessage()).contains("Master URL")) {
        throw new IllegalArgumentException("--master: '" + cliMaster + "' is not a Spark master URL; e.g. "
            + "local[2], local[*], spark://host:7077, yarn (" + e.getMessage() + ")", e);
      }
      throw e;
    }
  }

  /**
   * The settings qsweep adds when it sets the master itself ({@code master}), each only when {@code conf} does not
   * configure it: {@code spark.ui.showConsoleProgress=false} and {@code spark.sql.debug.maxToStringFields=200} (see
   * the class javadoc) and, for a local master, {@code spark.ui.enabled=false}: the web UI of an in-process sweep
   * costs a Jetty server and its listeners at start-up, takes port 4040 (4041, ... when several sweeps run), and shows
   * nothing the job's own progress and throughput lines do not; {@code -Dspark.ui.enabled=true} (e.g. in
   * {@code QSWEEP_JAVA_OPTS}) brings it back. A {@code spark://} or other cluster master keeps its UI.
   */
  static java.util.Map<String, String> inProcessDefaults(String master, SparkConf conf) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("spark.ui.showConsoleProgress", "false");
    m.put("spark.sql.debug.maxToStringFields", "200");
    if (master.equals("local") || master.startsWith("local[")) {
      m.put("spark.ui.enabled", "false");
    }
    m.keySet().removeIf(conf::contains);
    return m;
  }

  /**
   * Sets log4j to warnings and errors on stderr when it runs on its built-in default configuration (no
   * {@code log4j2.properties} or {@code -Dlog4j2.configurationFile} given): Spark then keeps it instead of loading its
   * own INFO-level profile.
   */
  static void quietLoggingUnlessConfigured() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    if (!(ctx.getConfiguration() instanceof DefaultConfiguration)) {
      return;
    }
    ConfigurationBuilder<BuiltConfiguration> c = ConfigurationBuilderFactory.newConfigurationBuilder();
    c.add(c.newAppender("stderr", "Console").addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
        .add(c.newLayout("PatternLayout").addAttribute("pattern", "%d{HH:mm:ss} %p %c{1}: %m%n%ex")));
    c.add(c.newRootLogger(Level.WARN).add(c.newAppenderRef("stderr")));
    Configurator.reconfigure(c.build());
  }

  /** The session of this thread, else the default session, else {@code null}. */
  public static SparkSession existing() {
    SparkSession s = SparkSession.getActiveSession().getOrElse(() -> null);
    return s != null ? s : SparkSession.getDefaultSession().getOrElse(() -> null);
  }

  private static void warnIgnored(String configured, String cliMaster, PrintWriter err) {
    if (cliMaster != null && !cliMaster.equals(configured)) {
      err.println("qsweep: --master " + cliMaster + " ignored: the master is already set to " + configured
          + " (spark-submit or spark.master)");
    }
  }
}
