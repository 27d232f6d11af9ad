package io.qsweep.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where this JVM's CPU time goes, thread by thread: a snapshot of every thread's user + system CPU time read from
 * {@code /proc/self/task/<tid>/stat} (Linux), including the threads {@link java.lang.management.ThreadMXBean} does
 * not show — the JIT compiler threads ({@code C1/C2 CompilerThread}), the GC workers ({@code GC Thread#N},
 * {@code G1 Conc#N}, ...) and the {@code VM Thread}. The difference of two snapshots, grouped by thread name with
 * digits folded ({@code GC Thread#0} and {@code GC Thread#1} are one group), says which threads spent the CPU of a
 * phase; CPU of threads that ended during the phase is reported as {@value #EXITED}.
 *
 * <p>Names are the kernel's: the JVM sets them from the Java thread names, truncated to 15 characters
 * ({@code Executor task launch worker-0} is {@code Executor task l}). Times are in clock ticks of
 * {@value #TICKS_PER_SECOND} per second (Linux's {@code USER_HZ}), so differences are good to ±10 ms per thread.
 * Measurement only; where {@code /proc} is missing (not Linux) {@link #take()} returns {@code null}.
 */
final class ThreadCpu {
  /** Linux's {@code USER_HZ}: the unit of the times in {@code /proc/.../stat}. */
  static final int TICKS_PER_SECOND = 100;
  /** The group of CPU time spent by threads that ended between two snapshots. */
  static final String EXITED = "(threads that ended)";

  private final Map<Integer, String> names;
  private final Map<Integer, Long> ticks;
  private final long processTicks;

  ThreadCpu(Map<Integer, String> names, Map<Integer, Long> ticks, long processTicks) {
    this.names = names;
    this.ticks = ticks;
    this.processTicks = processTicks;
  }

  /** Every thread's CPU time now, or {@code null} when {@code /proc/self} cannot be read. */
  static ThreadCpu take() {
    Path self = Paths.get("/proc/self");
    if (!Files.isDirectory(self.resolve("task"))) {
      return null;
    }
    Map<Integer, String> names = new HashMap<>();
    Map<Integer, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(self.resolve("task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
          continue; // the thread ended while we listed
        }
        Parsed p = parse(stat);
        if (p != null) {
          names.put(Integer.parseInt(t.getFileName().toString()), p.name);
          ticks.put(Integer.parseInt(t.getFileName().toString()), p.ticks);
        }
      }
      Parsed proc = parse(Files.readString(self.resolve("stat"), StandardCharsets.US_ASCII));
      return proc == null ? null : new ThreadCpu(names, ticks, proc.ticks);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A thread's (or the process's) name and user + system ticks. */
  record Parsed(String name, long ticks) {
  }

  /**
   * Parses a {@code stat} line: {@code pid (comm) state ...} with utime and stime the 14th and 15th fields; the
   * name may hold spaces and parentheses, so it ends at the last {@code ')'}. {@code null} when malformed.
   */
  static Parsed parse(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String[] f = stat.substring(close + 2).trim().split(" +");
    // f[0] is field 3 (state); utime is field 14, stime field 15
    if (f.length < 13) {
      return null;
    }
    return new Parsed(stat.substring(open + 1, close), Long.parseLong(f[11]) + Long.parseLong(f[12]));
  }

  /**
   * The group of a thread: {@code name} with every number that ends it or follows {@code #}, {@code -}, {@code _} or
   * a space replaced by {@code N} ({@code GC Thread#3} is {@code GC Thread#N}; {@code C2 CompilerThre} and
   * {@code C1 CompilerThre} stay apart).
   */
  static String group(String name) {
    return name.replaceAll("(?<=[#_ -])[0-9]+|[0-9]+$", "N");
  }

  /**
   * CPU seconds per thread group from {@code before} to this snapshot, largest first, plus {@value #EXITED} when
   * threads ended (or were not seen) in between; the values add up to the process's CPU time over the interval.
   */
  Map<String, Double> since(ThreadCpu before) {
    Map<String, Long> byGroup = new HashMap<>();
    long seen = 0;
    for (Map.Entry<Integer, Long> e : ticks.entrySet()) {
      String name = names.get(e.getKey());
      Long was = before.ticks.get(e.getKey());
      // a thread id reused by a new thread with another name started from zero
      long d = e.getValue() - (was != null && name.equals(before.names.get(e.getKey())) ? was : 0);
      if (d > 0) {
        byGroup.merge(group(name), d, Long::sum);
        seen += d;
      }
    }
    long exited = processTicks - before.processTicks - seen;
    if (exited > 0) {
      byGroup.put(EXITED, exited);
    }
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(byGroup.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : sorted) {
      out.put(e.getKey(), e.getValue() / (double) TICKS_PER_SECOND);
    }
    return out;
  }

  /** {@code group 1.23 s, ...}: the groups of at least 0.05 s, then the rest summed. */
  static String format(Map<String, Double> groups) {
    StringBuilder sb = new StringBuilder();
    double rest = 0;
    int restGroups = 0;
    for (Map.Entry<String, Double> e : groups.entrySet()) {
      if (e.getValue() >= 0.05) {
        sb.append(sb.length() > 0 ? ", " : "").append(e.getKey()).append(' ')
            .append(String.format(Locale.ROOT, "%.2f", e.getValue()));
      } else {
        rest += e.getValue();
        restGroups++;
      }
    }
    if (restGroups > 0) {
      sb.append(sb.length() > 0 ? ", " : "").append(restGroups).append(" other groups ")
          .append(String.format(Locale.ROOT, "%.2f", rest));
    }
    return sb.toString();
  }
}
