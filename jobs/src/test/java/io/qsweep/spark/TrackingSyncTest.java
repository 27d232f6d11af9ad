package io.qsweep.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.qsweep.env.EnvRegistry;
import io.qsweep.env.music.ComposedEnv;
import io.qsweep.env.music.Composer;
import io.qsweep.env.music.Composition;
import io.qsweep.table.QTable;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TrackingSyncTest {

  @Test
  void everyArrangementScoreTermBecomesAValidMlflowMetricKey() {
    var env = EnvRegistry.make("arrangement");
    assertThat(ComposedEnv.find(env)).isNotNull();
    Composition c = Composer.compose(env, new QTable(env.numStates(), env.numActions()));
    assertThat(c.scoreTerms()).isNotEmpty();
    assertThat(c.scoreTerms().keySet()).anyMatch(t -> t.contains("+"));
    for (String term : c.scoreTerms().keySet()) {
      assertThat(TrackingSync.metricName(term)).matches("[A-Za-z0-9_\\-./ :]+");
    }
    assertThat(TrackingSync.metricName("progression+melody")).isEqualTo("progression/melody");
    assertThat(TrackingSync.metricName("chord_tone")).isEqualTo("chord_tone");
  }

  @Test
  void aChildRunLastsItsConfigurationsComputeTime() {
    StructType schema = new StructType().add("config_key", DataTypes.StringType)
        .add("run_seconds", DataTypes.DoubleType).add("merge_seconds", DataTypes.DoubleType);
    assertThat(TrackingSync.computeMillis(new GenericRowWithSchema(new Object[] {"k", 1.25, 0.0104}, schema)))
        .isEqualTo(1260);
    assertThat(TrackingSync.computeMillis(new GenericRowWithSchema(new Object[] {"k", null, Double.NaN}, schema)))
        .isZero();
  }

  @Test
  void aReplicaRunLastsItsRunsWallTime() {
    StructType schema = new StructType().add("replica", DataTypes.IntegerType)
        .add("wall_seconds", DataTypes.DoubleType);
    assertThat(TrackingSync.runMillis(new GenericRowWithSchema(new Object[] {0, 0.0034}, schema))).isEqualTo(3);
    assertThat(TrackingSync.runMillis(new GenericRowWithSchema(new Object[] {1, 2.5}, schema))).isEqualTo(2500);
    assertThat(TrackingSync.runMillis(new GenericRowWithSchema(new Object[] {2, null}, schema))).isZero();
    assertThat(TrackingSync.runMillis(new GenericRowWithSchema(new Object[] {3, Double.NaN}, schema))).isZero();
  }

  @Test
  void policyTextFallsBackToOneLinePerState() {
    var env = EnvRegistry.make("max_bias");
    String text = TrackingSync.policyText(env, new QTable(env.numStates(), env.numActions()));
    assertThat(text).startsWith("state,action\n").contains("0,RIGHT");
    // A allows only RIGHT and LEFT: a larger value left in an invalid entry (its initial value) is not a choice
    QTable q = new QTable(env.numStates(), env.numActions());
    q.set(0, 5, 1.0);
    q.set(0, 1, 0.5);
    assertThat(TrackingSync.policyText(env, q)).contains("0,LEFT").doesNotContain("0,a5");
    assertThat(TrackingSync.policyText(EnvRegistry.make("frozen_lake"), new QTable(16, 4))).contains("H").contains("G");
  }
}
