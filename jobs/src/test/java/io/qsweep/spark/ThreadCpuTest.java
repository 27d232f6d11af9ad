package io.qsweep.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

  @Test
  void parsesUserPlusSystemTicksAndANameWithSpacesAndParentheses() {
    // fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    String stat = "4242 (C2 (Compiler) x) S 1 4242 4242 0 -1 4194624 100 0 0 0 731 45 0 0 20 0 30 0 123 0 0";
    ThreadCpu.Parsed p = ThreadCpu.parse(stat);
    assertThat(p.name()).isEqualTo("C2 (Compiler) x");
    assertThat(p.ticks()).isEqualTo(776);
    assertThat(ThreadCpu.parse("garbage")).isNull();
    assertThat(ThreadCpu.parse("1 (x) S 1 2")).isNull();
  }

  @Test
  void groupsFoldPoolNumbersButKeepCompilerTiersApart() {
    assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC Thread#N");
    assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo("G1 Conc#N");
    assertThat(ThreadCpu.group("Executor task l")).isEqualTo("Executor task l");
    assertThat(ThreadCpu.group("shuffle-boss-6-1")).isEqualTo("shuffle-boss-N-N");
    assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
    assertThat(ThreadCpu.group("C1 CompilerThre")).isEqualTo("C1 CompilerThre");
    assertThat(ThreadCpu.group("pool-3-thread-12")).isEqualTo("pool-N-thread-N");
  }

  @Test
  void measuresTheCpuOfABusyThreadOnLinux() throws Exception {
    ThreadCpu before = ThreadCpu.take();
    if (before == null) {
      return; // not Linux: nothing to measure (the report then omits the line)
    }
    Thread busy = new Thread(() -> {
      long end = System.nanoTime() + 300_000_000L;
      double x = 0;
      while (System.nanoTime() < end) {
        x += Math.sqrt(x + 1);
      }
      if (x < 0) {
        System.out.println(x);
      }
    }, "qsweep-busy-probe");
    busy.start();
    Thread.sleep(200); // measured while it still runs, and once more after it ended
    Map<String, Double> running = ThreadCpu.take().since(before);
    busy.join();
    Map<String, Double> after = ThreadCpu.take().since(before);
    assertThat(running).containsKey("qsweep-busy-pro");
    assertThat(running.get("qsweep-busy-pro")).isGreaterThan(0.0);
    // once the thread has ended its time shows as the ended threads' time
    assertThat(after).containsKey(ThreadCpu.EXITED);
    assertThat(after.get(ThreadCpu.EXITED)).isGreaterThanOrEqualTo(running.get("qsweep-busy-pro"));
    assertThat(ThreadCpu.format(after)).contains(ThreadCpu.EXITED);
  }

  @Test
  void formatsLargeGroupsAndSumsTheRest() {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    m.put("Executor task l", 35.34);
    m.put("C2 CompilerThre", 6.5);
    m.put("a", 0.02);
    m.put("b", 0.01);
    assertThat(ThreadCpu.format(m)).isEqualTo("Executor task l 35.34, C2 CompilerThre 6.50, 2 other groups 0.03");
  }
}
