package io.qsweep.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TabularEnv} draws start states and outcomes exactly by the documented cumulative rule: with the same uniform
 * draw, the same pick as a plain scan of the cumulative probabilities.
 */
class TabularEnvSamplingTest {

  /** The documented rule, as a plain scan: the first state with positive mass whose cumulative mass exceeds u. */
  private static int reference(TransitionModel m, double u) {
    int n = m.numStates();
    int s = 0;
    while (s < n - 1 && (u >= m.initialCumProb(s) || m.initialProb(s) == 0)) {
      s++;
    }
    return s;
  }

  private static TransitionModel model(double[] start) {
    TransitionModel.Builder b = TransitionModel.builder(start.length, 1);
    for (int s = 0; s < start.length; s++) {
      b.outcome(s, 0, 1.0, s, 0.0, false).initial(s, start[s]);
    }
    return b.build();
  }

  @Test
  void binarySearchAgreesWithTheCumulativeScan() {
    double[][] starts = {
        {1.0}, {0, 0, 1.0, 0}, {0.25, 0, 0, 0.25, 0.5, 0}, {0, 0.1, 0.2, 0, 0.3, 0, 0, 0.4},
        {1 / 3.0, 1 / 3.0, 1 / 3.0}, {0, 0, 0, 0.5, 0.5}};
    for (double[] start : starts) {
      TransitionModel m = model(start);
      TabularEnv env = new TabularEnv("t", m);
      int[] counts = new int[start.length];
      for (long seed = 0; seed < 4000; seed++) {
        int s = env.reset(seed);
        assertThat(s).isEqualTo(reference(m, new SplittableRandom(seed).nextDouble()));
        assertThat(start[s]).isPositive();
        counts[s]++;
      }
      for (int s = 0; s < start.length; s++) {
        assertThat(counts[s] / 4000.0).isCloseTo(start[s], org.assertj.core.api.Assertions.within(0.04));
      }
    }
  }

  @Test
  void outcomePickAgreesWithTheCumulativeScan() {
    // one state, one action, outcomes with distinct rewards (= their index) and some zero probabilities
    double[][] outcomeProbs = {{0.5, 0.5}, {0.2, 0, 0.3, 0.5}, {0, 1.0}, {1 / 3.0, 1 / 3.0, 1 / 3.0},
        {0.1, 0.2, 0.3, 0.4, 0}};
    for (double[] probs : outcomeProbs) {
      TransitionModel.Builder b = TransitionModel.builder(1, 1).initial(0, 1.0);
      for (int k = 0; k < probs.length; k++) {
        b.outcome(0, 0, probs[k], 0, k, false);
      }
      TransitionModel m = b.build();
      TabularEnv env = new TabularEnv("t", m);
      for (long seed = 0; seed < 4000; seed++) {
        env.reset(seed);
        int picked = (int) env.step(0).reward;
        SplittableRandom same = new SplittableRandom(seed);
        same.nextDouble(); // the reset's draw
        double u = same.nextDouble();
        int k = m.begin(0, 0);
        int last = m.end(0, 0) - 1;
        while (k < last && u >= m.cumProb(k)) {
          k++;
        }
        assertThat(picked).isEqualTo(k - m.begin(0, 0));
        assertThat(probs[picked]).isPositive();
      }
    }
  }
}
