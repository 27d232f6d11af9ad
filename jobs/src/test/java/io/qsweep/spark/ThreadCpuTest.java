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
    java.util.concurrent.CountDownLatch burnt = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Thread busy = new Thread(() -> {
      double x = 0;
      while (mx.getCurrentThreadCpuTime() < 100_000_000L) { // 0.1 s of its own CPU, however loaded the machine
        x += Math.sqrt(x + 1);
      }
      burnt.countDown();
      try {
        release.await(); // alive but idle while measured
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (x < 0) {
        System.out.println(x);
      }
    }, "qsweep-busy-probe");
    busy.start();
    burnt.await();
    Map<String, Double> running = ThreadCpu.take().since(before);
    release.countDown();
    busy.join();
    assertThat(running).containsKey("qsweep-busy-pro"); // the kernel's name: 15 characters
    assertThat(running.get("qsweep-busy-pro")).isGreaterThanOrEqualTo(0.08);
  }

  @Test
  void cpuOfThreadsThatEndedOrWhoseIdWasReusedIsAccountedFor() {
    ThreadCpu before = new ThreadCpu(Map.of(1, "main", 2, "GC Thread#0", 3, "worker-1"),
        Map.of(1, 100L, 2, 50L, 3, 70L), 220);
    // thread 3 ended (it had used 30 more ticks); id 2 now belongs to a new thread; a new thread 4 started
    ThreadCpu after = new ThreadCpu(Map.of(1, "main", 2, "pool-1-thread-1", 4, "GC Thread#1"),
        Map.of(1, 150L, 2, 20L, 4, 40L), 220 + 50 + 20 + 40 + 30);
    Map<String, Double> d = after.since(before);
    assertThat(d).containsExactly(Map.entry("main", 0.5), Map.entry("GC Thread#N", 0.4),
        Map.entry(ThreadCpu.EXITED, 0.3), Map.entry("pool-N-thread-N", 0.2));
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
