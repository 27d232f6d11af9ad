package io.qsweep.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qsweep.cli.Main;
import io.qsweep.sweep.SweepSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunking, chunk order, the manifest and the progress line: the driver-side pieces that need no Spark. */
class SweepJobPartsTest {

  private static SweepSpec spec(int configs, int replicas) {
    StringBuilder alphas = new StringBuilder();
    for (int i = 1; i <= configs; i++) {
      alphas.append(i > 1 ? ", " : "").append(i / (double) configs);
    }
    return SweepSpec.parse("name: s\nseed: 1\nenv: {name: frozen_lake}\nreplicas: " + replicas
        + "\nmax_runs: 100000000\ngrid:\n  alpha: [" + alphas + "]\n", "s.yaml");
  }

  @Test
  void chunksAreFourPerLocalCoreOrAtLeast64OnAClusterAtMost1000RunsInWholeConfigurations() {
    // a cluster: at least 64 chunks (4 per core beyond 16 cores)
    assertThat(SweepJob.chunkConfigs(spec(100, 100), 0, 2, false)).isEqualTo(2); // 10,000 runs: 157 -> 2 configs
    assertThat(SweepJob.chunkConfigs(spec(100, 100), 0, 64, false)).isEqualTo(1); // 256 chunks: 40 -> 1 config
    assertThat(SweepJob.chunkConfigs(spec(12, 5), 0, 2, false)).isEqualTo(1); // 60 runs: one configuration per chunk
    assertThat(SweepJob.chunkConfigs(spec(1000, 1000), 0, 8, false)).isEqualTo(1); // 10^6 runs: 1,000 per chunk
    assertThat(SweepJob.chunkConfigs(spec(10000, 10), 0, 8, false)).isEqualTo(100); // 10^5 runs: 1,000 per chunk
    // local: 4 chunks per core, capped at 1,000 runs per chunk
    assertThat(SweepJob.chunkConfigs(spec(100, 100), 0, 2, true)).isEqualTo(10); // 8 chunks of 1,250 -> 1,000
    assertThat(SweepJob.chunkConfigs(spec(100, 100), 0, 1, true)).isEqualTo(10); // local[1] chunks like local[2]
    assertThat(SweepJob.chunkConfigs(spec(40, 50), 0, 2, true)).isEqualTo(5); // 2,000 runs: 8 chunks of 250
    assertThat(SweepJob.chunkConfigs(spec(100, 100), 0, 32, true)).isEqualTo(1); // 128 chunks: 79 -> 1 config
    assertThat(SweepJob.chunkConfigs(spec(12, 5), 0, 0, true)).isEqualTo(3); // no core reported: as one core
    // --chunk-runs wins
    assertThat(SweepJob.chunkConfigs(spec(10, 3), 7, 2, true)).isEqualTo(3); // 7 runs -> 3 configurations (9 runs)
    assertThat(SweepJob.chunkConfigs(spec(10, 3), 1000, 2, false)).isEqualTo(10); // never more than the sweep
    assertThat(SweepJob.chunkConfigs(spec(4, 5000), 0, 2, true)).isEqualTo(1); // a configuration is never split
  }

  @Test
  void localMastersAreTheOnesThatRunTasksInThisJvm() {
    assertThat(SweepJob.isLocal("local")).isTrue();
    assertThat(SweepJob.isLocal("local[2]")).isTrue();
    assertThat(SweepJob.isLocal("local[*]")).isTrue();
    assertThat(SweepJob.isLocal("local[2,3]")).isTrue();
    assertThat(SweepJob.isLocal("local-cluster[2,1,1024]")).isFalse();
    assertThat(SweepJob.isLocal("spark://h:7077")).isFalse();
    assertThat(SweepJob.isLocal("yarn")).isFalse();
  }

  @Test
  void chunksWithTheMostTrainingEpisodesAreSubmittedFirst() {
    SweepSpec s = SweepSpec.parse("name: s\nseed: 1\nenv: {name: frozen_lake}\nreplicas: 2\n"
        + "grid:\n  episodes: [100, 5000, 2000]\n  alpha: [0.1, 0.2]\n", "s.yaml");
    // 6 chunks of 1 configuration, dealt consecutively (layout 1) so that chunk c is configuration c
    SweepManifest m = withFormat(SweepManifest.of(s, 1, "dev", "4.1.0", null, "t"), 1);
    assertThat(s.expand()).extracting(c -> c.agent().episodes()).containsExactly(100, 5000, 2000, 100, 5000, 2000);
    assertThat(SweepJob.costliestFirst(List.of(0, 1, 2, 3, 4, 5), m, s.expand())).containsExactly(1, 4, 2, 5, 0, 3);
    assertThat(SweepJob.costliestFirst(List.of(5, 3, 4), m, s.expand())).containsExactly(4, 5, 3);
  }

  @Test
  void theManifestRoundTripsThroughJsonAndDealsChunksFromAFixedShuffle() {
    SweepManifest m = SweepManifest.of(spec(7, 2), 3, "1.0", "4.1.0", null, "2026-01-01T00:00:00Z");
    assertThat(m.format()).isEqualTo(3);
    assertThat(m.deal()).isEqualTo(SweepManifest.Deal.SHUFFLED);
    assertThat(m.chunks()).isEqualTo(3);
    assertThat(m.runs()).isEqualTo(14);
    // layout 3 is this formula: a changed deal would make existing directories resume with other chunks (they are
    // then recomputed, not mixed up: completeChunks checks the keys), so the deal of this sweep is pinned
    assertThat(m.chunkConfigIndices()).isDeepEqualTo(new int[][] {PINNED_0, PINNED_1, PINNED_2});
    assertThat(m.chunkConfigIndices(1)).containsExactly(PINNED_1);
    assertThat(m.chunkSizes()).containsExactly(3, 3, 1); // one core: full chunks and the remainder
    assertThat(m.chunkSize(2)).isEqualTo(1);
    assertThatThrownBy(() -> m.chunkConfigIndices(3)).hasMessageContaining("chunk: 3 is outside [0, 2]");
    assertThatThrownBy(() -> m.chunkSize(-1)).hasMessageContaining("chunk: -1 is outside [0, 2]");
    assertThat(m.varyingDimensions()).containsExactly("alpha");
    assertThat(SweepManifest.fromJson(m.toJson(), "x")).isEqualTo(m);
    assertThatThrownBy(() -> SweepManifest.fromJson("{\"format\": 9}", "out/sweep.json"))
        .hasMessageContaining("out/sweep.json: format 9 is not supported; supported: 1, 2, 3");
    assertThatThrownBy(() -> SweepManifest.fromJson("[1", "x")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> SweepManifest.of(spec(7, 2), 0, "1", "4", null, "t"))
        .hasMessageContaining("chunkConfigs: 0");
  }

  // computed independently from the formula in jobs/OUTPUT.md (Python: hashlib, 64-bit arithmetic): the order is
  // 6, 4, 3, 1, 5, 0, 2, cut into chunks of 3, 3 and 1
  private static final int[] PINNED_0 = {3, 4, 6};
  private static final int[] PINNED_1 = {0, 1, 5};
  private static final int[] PINNED_2 = {2};

  @Test
  void theShuffledDealDependsOnTheSweepSeedOnly() {
    SweepManifest a = SweepManifest.of(spec(500, 1), 25, "1", "4", null, "t");
    SweepManifest again = SweepManifest.of(spec(500, 1), 25, "other version", "4", "abc", "later");
    assertThat(again.chunkConfigIndices()).isDeepEqualTo(a.chunkConfigIndices());
    SweepManifest otherSeed = SweepManifest.fromJson(a.toJson().replace("\"seed\" : 1,", "\"seed\" : 2,"), "x");
    assertThat(otherSeed.seed()).isEqualTo(2);
    assertThat(otherSeed.chunkConfigIndices()).isNotEqualTo(a.chunkConfigIndices());
  }

  @Test
  void theLastWaveOfChunksShrinksSoThatNoCoreWaitsLongForTheLastOne() {
    // the benchmark: 100 configurations, at most 10 per chunk, 2 cores
    assertThat(SweepManifest.guidedSizes(100, 10, 2)).containsExactly(10, 10, 10, 10, 10, 10, 10, 10, 10, 5, 3, 2);
    assertThat(SweepManifest.guidedSizes(100, 10, 1)).containsExactly(10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
    assertThat(SweepManifest.guidedSizes(100, 10, 0)).isEqualTo(SweepManifest.guidedSizes(100, 10, 1));
    // 8 cores: 64 chunks' worth at most 2 each (floor 1), the last wave cut down to single configurations
    assertThat(SweepManifest.guidedSizes(100, 2, 8)).endsWith(2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1);
    assertThat(SweepManifest.guidedSizes(1, 10, 4)).containsExactly(1);
    for (int configs : new int[] {1, 5, 99, 100, 1001}) {
      for (int chunkConfigs : new int[] {1, 3, 10, 250}) {
        for (int cores : new int[] {1, 2, 3, 8, 64}) {
          List<Integer> sizes = SweepManifest.guidedSizes(configs, chunkConfigs, cores);
          assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(configs);
          assertThat(sizes).allSatisfy(x -> assertThat(x).isBetween(1, chunkConfigs));
          assertThat(sizes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
          int floor = (chunkConfigs + 3) / 4;
          for (int k = 0; k < sizes.size() - 1; k++) { // only the very last chunk may be under the floor
            assertThat(sizes.get(k)).isGreaterThanOrEqualTo(Math.min(floor, chunkConfigs));
          }
        }
      }
    }
  }

  @Test
  void automaticChunkingCutsTheLastWaveSmallerAndChunkRunsGivesChunksOfThatSize() {
    SweepSpec s = spec(100, 100); // the benchmark's shape: 10,000 runs
    assertThat(SweepJob.plan(s, 0, 2, true, "4", null, "t").chunkSizes())
        .containsExactly(10, 10, 10, 10, 10, 10, 10, 10, 10, 5, 3, 2);
    assertThat(SweepJob.plan(s, 0, 1, true, "4", null, "t").chunkSizes()).containsOnly(10).hasSize(10);
    assertThat(SweepJob.plan(s, 1000, 2, true, "4", null, "t").chunkSizes()).containsOnly(10).hasSize(10);
    assertThat(SweepJob.plan(s, 0, 2, true, "4", null, "t").format()).isEqualTo(SweepManifest.FORMAT);
  }

  @Test
  void aManifestWhoseChunkSizesDoNotAddUpIsRefusedNamingTheField() {
    SweepManifest m = SweepManifest.of(spec(7, 2), 3, 2, "1.0", "4.1.0", null, "t");
    assertThat(m.chunkSizes()).containsExactly(3, 2, 1, 1);
    String json = m.toJson();
    assertThat(json).contains("\"chunk_sizes\" : [ 3, 2, 1, 1 ]");
    assertThat(SweepManifest.fromJson(json, "x")).isEqualTo(m);
    assertThatThrownBy(() -> SweepManifest.fromJson(json.replace("[ 3, 2, 1, 1 ]", "[ 3, 2, 1, 2 ]"), "out/sweep.json"))
        .hasMessage("out/sweep.json: chunk_sizes: they sum to 8, not to the 7 configurations");
    assertThatThrownBy(() -> SweepManifest.fromJson(json.replace("[ 3, 2, 1, 1 ]", "[ 4, 1, 1, 1 ]"), "out/sweep.json"))
        .hasMessage("out/sweep.json: chunk_sizes: 4 is outside [1, 3]");
    assertThatThrownBy(() -> SweepManifest.fromJson(json.replace("[ 3, 2, 1, 1 ]", "[ 3, 2, 2 ]"), "out/sweep.json"))
        .hasMessage("out/sweep.json: chunk_sizes: 3 sizes for 4 chunks");
    assertThatThrownBy(() -> SweepManifest.fromJson(json.replace("\"chunk_sizes\"", "\"sizes\""), "out/sweep.json"))
        .hasMessage("out/sweep.json: field 'chunk_sizes' is missing or not an array");
    assertThatThrownBy(() -> SweepManifest.fromJson(json.replace("[ 3, 2, 1, 1 ]", "[ 3, 2.9, 1, 1 ]"), "out/sweep.json"))
        .hasMessage("out/sweep.json: chunk_sizes: 2.9 is not an integer");
    assertThatThrownBy(() -> SweepManifest.fromJson(json.replace("\"chunk_configs\"", "\"per_chunk\""), "o.json"))
        .hasMessage("o.json: field 'chunk_configs' is missing or not a positive integer");
    assertThatThrownBy(() -> SweepManifest.fromJson(json.replace("\"configs\" : 7", "\"configs\" : \"7\""), "o.json"))
        .hasMessage("o.json: field 'configs' is missing or not a positive integer: \"7\"");
    // the earlier layouts imply their sizes: a chunk count they could not have written names the field
    String f1 = SweepManifest.of(spec(7, 2), 3, "1.0", "4.1.0", null, "t").toJson()
        .replace("\"format\" : 3", "\"format\" : 1");
    assertThat(SweepManifest.fromJson(f1, "x").chunkSizes()).containsExactly(3, 3, 1);
    assertThatThrownBy(() -> SweepManifest.fromJson(f1.replace("\"chunks\" : 3", "\"chunks\" : 4"), "old.json"))
        .hasMessage("old.json: chunks: 4 does not fit 7 configurations in chunks of at most 3 (format 1)");
    String f2 = f1.replace("\"format\" : 1", "\"format\" : 2");
    assertThat(SweepManifest.fromJson(f2.replace("\"chunks\" : 3", "\"chunks\" : 5"), "x").chunkSizes())
        .containsExactly(2, 2, 1, 1, 1);
    assertThatThrownBy(() -> SweepManifest.fromJson(f2.replace("\"chunks\" : 3", "\"chunks\" : 2"), "old.json"))
        .hasMessage("old.json: chunks: 2 does not fit 7 configurations in chunks of at most 3 (format 2)");
  }

  @Test
  void everyConfigurationIsInExactlyOneChunkAndNoChunkIsTooLarge() {
    for (int format : new int[] {1, 2, 3}) {
      for (int configs : new int[] {1, 2, 7, 10, 99, 100, 101, 1000}) {
        for (int chunkConfigs : new int[] {1, 2, 3, 10, 64, 5000}) {
          int cores = format == 3 ? 1 + configs % 3 : 1;
          SweepManifest m = withFormat(SweepManifest.of(spec(configs, 1), chunkConfigs, cores, "1", "4", null, "t"),
              format);
          int[] seen = new int[configs];
          int[][] all = m.chunkConfigIndices();
          for (int c = 0; c < m.chunks(); c++) {
            int[] idx = m.chunkConfigIndices(c);
            assertThat(idx.length).isBetween(1, chunkConfigs).isEqualTo(m.chunkSize(c));
            assertThat(idx).isSorted().isEqualTo(all[c]);
            for (int i : idx) {
              seen[i]++;
            }
          }
          assertThat(seen).as("format %d, configs %d, chunkConfigs %d", format, configs, chunkConfigs)
              .containsOnly(1);
        }
      }
    }
  }

  /**
   * The benchmark's 5 α × 4 γ × 5 ε grid in 10 chunks: a plain stride gives every chunk a single ε (5 divides 10),
   * and the run cost depends on ε, so the chunks differed by 1.6 times in cost; the shuffled deal gives every chunk a
   * mix of every swept dimension's values.
   */
  @Test
  void theShuffledDealMixesEverySweptDimensionIntoEveryChunkWhereTheStrideDoesNot() {
    SweepSpec s = SweepSpec.parse("name: s\nseed: 10000\nenv: {name: frozen_lake}\nreplicas: 100\n"
        + "grid:\n  alpha: [0.05, 0.1, 0.2, 0.4, 0.8]\n  gamma: [0.9, 0.95, 0.99, 1.0]\n"
        + "  epsilon: [0.05, 0.1, 0.2, 0.3, 0.5]\n", "s.yaml");
    List<io.qsweep.sweep.SweepConfig> configs = s.expand();
    SweepManifest shuffled = SweepManifest.of(s, 10, "1", "4", null, "t");
    SweepManifest strided = withFormat(shuffled, 2);
    for (String dim : List.of("alpha", "gamma", "epsilon")) {
      for (int c = 0; c < 10; c++) {
        assertThat(distinct(configs, shuffled.chunkConfigIndices(c), dim)).as("%s in chunk %d", dim, c)
            .isGreaterThanOrEqualTo(3);
      }
    }
    for (int c = 0; c < 10; c++) {
      assertThat(distinct(configs, strided.chunkConfigIndices(c), "epsilon")).isEqualTo(1);
    }
  }

  private static long distinct(List<io.qsweep.sweep.SweepConfig> configs, int[] indices, String dim) {
    return java.util.Arrays.stream(indices).mapToObj(i -> configs.get(i).params().get(dim)).distinct().count();
  }

  private static SweepManifest withFormat(SweepManifest m, int format) {
    return SweepManifest.fromJson(m.toJson().replace("\"format\" : 3", "\"format\" : " + format), "old.json");
  }

  @Test
  void anOutputDirectoryOfFormatTwoKeepsItsStridedChunks() {
    SweepManifest m2 = withFormat(SweepManifest.of(spec(7, 2), 3, "1.0", "4.1.0", null, "2026-01-01T00:00:00Z"), 2);
    assertThat(m2.format()).isEqualTo(2);
    assertThat(m2.deal()).isEqualTo(SweepManifest.Deal.STRIDED);
    assertThat(m2.chunkConfigIndices(0)).containsExactly(0, 3, 6);
    assertThat(m2.chunkConfigIndices(1)).containsExactly(1, 4);
    assertThat(m2.chunkConfigIndices(2)).containsExactly(2, 5);
    assertThat(SweepManifest.fromJson(m2.toJson(), "x")).isEqualTo(m2);
  }

  @Test
  void anOutputDirectoryOfFormatOneKeepsItsConsecutiveChunks() {
    SweepManifest m1 = withFormat(SweepManifest.of(spec(7, 2), 3, "1.0", "4.1.0", null, "2026-01-01T00:00:00Z"), 1);
    assertThat(m1.format()).isEqualTo(1);
    assertThat(m1.deal()).isEqualTo(SweepManifest.Deal.CONSECUTIVE);
    assertThat(m1.chunkConfigIndices(0)).containsExactly(0, 1, 2);
    assertThat(m1.chunkConfigIndices(2)).containsExactly(6);
    assertThat(m1.chunkSize(2)).isEqualTo(1);
    assertThat(SweepManifest.fromJson(m1.toJson(), "x")).isEqualTo(m1);
  }

  @Test
  void theProgressLineShowsRunsRateAndEta() throws InterruptedException {
    long[] done = {0};
    StringWriter sink = new StringWriter();
    try (ProgressReporter p = new ProgressReporter(() -> done[0], () -> 3, 10_000, 2_000, 50, 0.05,
        new PrintWriter(sink, true))) {
      done[0] = 1_000;
      Thread.sleep(300);
      assertThat(p.line()).matches("qsweep: 3,000/10,000 runs \\(30\\.0%\\), 3/50 chunks, [0-9.]+ runs/s, ETA .*");
    }
    assertThat(sink.toString()).contains("qsweep: ").contains("runs/s");
    assertThat(ProgressReporter.duration(42)).isEqualTo("42s");
    assertThat(ProgressReporter.duration(192)).isEqualTo("3m12s");
    assertThat(ProgressReporter.duration(7500)).isEqualTo("2h05m");
  }

  @Test
  void theRunCommandExitsWith2OnAnInvalidSweepOrOptionBeforeStartingSpark(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "name: bad\nseed: 1\nenv: {name: frozen_lake}\nreplicas: 0\n");
    StringWriter err = new StringWriter();
    assertThat(Main.execute(new String[] {"run", bad.toString()}, new PrintWriter(new StringWriter()),
        new PrintWriter(err))).isEqualTo(Main.USAGE);
    assertThat(err.toString()).contains("replicas");
    err.getBuffer().setLength(0);
    assertThat(Main.execute(new String[] {"run", bad.toString(), "--top", "0"},
        new PrintWriter(new StringWriter()), new PrintWriter(err))).isEqualTo(Main.USAGE);
    assertThat(err.toString()).contains("--top: 0");
    err.getBuffer().setLength(0);
    assertThat(Main.execute(new String[] {"run", dir.resolve("missing.yaml").toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(err))).isEqualTo(Main.USAGE);
    assertThat(err.toString()).contains("missing.yaml is not a file");
    assertThat(SparkSessions.existing()).isNull();
  }

  @Test
  void optionsAreValidatedWithTheOptionName() {
    SweepJob.Options o = SweepJob.Options.of("s.yaml");
    assertThat(o.top()).isEqualTo(10);
    assertThatThrownBy(() -> o.withChunkRuns(-1)).hasMessageContaining("--chunk-runs: -1");
    assertThatThrownBy(() -> o.withTop(0)).hasMessageContaining("--top: 0");
    assertThatThrownBy(() -> o.withProgressSeconds(-1)).hasMessageContaining("--progress-seconds: -1");
    assertThat(o.output()).isNull();
    assertThat(o.stopAfterChunks()).isEqualTo(-1);
    assertThatThrownBy(() -> SweepJob.Options.of(" ")).hasMessageContaining("SWEEP");
  }

  @Test
  void inProcessDefaultsTurnTheUiOffForLocalMastersOnlyAndNeverOverrideTheUser() {
    org.apache.spark.SparkConf empty = new org.apache.spark.SparkConf(false);
    assertThat(SparkSessions.inProcessDefaults("local[2]", empty)).containsEntry("spark.ui.enabled", "false")
        .containsEntry("spark.ui.showConsoleProgress", "false")
        .containsEntry("spark.sql.debug.maxToStringFields", "200");
    assertThat(SparkSessions.inProcessDefaults("local", empty)).containsEntry("spark.ui.enabled", "false");
    assertThat(SparkSessions.inProcessDefaults("local[*]", empty)).containsEntry("spark.ui.enabled", "false");
    assertThat(SparkSessions.inProcessDefaults("spark://host:7077", empty)).doesNotContainKey("spark.ui.enabled")
        .containsEntry("spark.ui.showConsoleProgress", "false");
    org.apache.spark.SparkConf user = new org.apache.spark.SparkConf(false).set("spark.ui.enabled", "true")
        .set("spark.sql.debug.maxToStringFields", "50");
    assertThat(SparkSessions.inProcessDefaults("local[2]", user)).doesNotContainKeys("spark.ui.enabled",
        "spark.sql.debug.maxToStringFields").containsEntry("spark.ui.showConsoleProgress", "false");
  }
}
