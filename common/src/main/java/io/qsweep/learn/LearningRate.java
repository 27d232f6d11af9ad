package io.qsweep.learn;

/**
 * The step size of the tabular update. Text forms: {@code constant} (always {@code alpha}) and {@code visit:OMEGA}:
 * {@code alpha / N(s,a)^OMEGA}, where {@code N(s,a)} counts the updates of {@code (s, a)} including the current one.
 * With {@code alpha = 1} and OMEGA in (0.5, 1] this is the classic 1/N^ω schedule that satisfies the Robbins–Monro
 * conditions.
 */
public sealed interface LearningRate {

  /** Always {@code alpha}. */
  record Constant() implements LearningRate {
    @Override
    public String toString() {
      return "constant";
    }
  }

  /** {@code alpha / N(s,a)^omega}, omega in (0, 1]. */
  record VisitDecay(double omega) implements LearningRate {
    public VisitDecay {
      if (!(omega > 0 && omega <= 1)) {
        throw new IllegalArgumentException("learning_rate omega: " + omega + " is outside (0, 1]");
      }
    }

    @Override
    public String toString() {
      return "visit:" + io.qsweep.explore.Schedule.num(omega);
    }
  }

  LearningRate CONSTANT = new Constant();

  static LearningRate parse(String text) {
    String t = text.trim();
    if (t.equals("constant")) {
      return CONSTANT;
    }
    if (t.startsWith("visit:")) {
      try {
        return new VisitDecay(Double.parseDouble(t.substring(6)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("learning_rate: '" + text + "' has an omega that is not a number");
      }
    }
    throw new IllegalArgumentException("learning_rate: '" + text + "' is not one of constant, visit:OMEGA");
  }
}
