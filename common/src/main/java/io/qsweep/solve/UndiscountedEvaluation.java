package io.qsweep.solve;

import java.util.Arrays;

/**
 * Exact undiscounted ({@code γ = 1}), infinite-horizon value of a policy, block by block over the strongly connected
 * components of the policy's transition graph.
 *
 * <p>Why not plain sweeps: a policy that terminates with probability 1 but only after a long random walk (the uniform
 * random policy on CliffWalking) makes Gauss–Seidel converge so slowly that it would hit any reasonable cap, and a
 * policy that never terminates makes it drift forever. The graph tells the two apart exactly:
 *
 * <ol>
 *   <li>Tarjan's algorithm finds the components in reverse topological order (every successor component first).</li>
 *   <li>A component that no episode can leave (no terminal outcome, no edge out) is a recurrent class: the episode
 *       stays there forever, visiting each of its states infinitely often. If all its rewards are zero, its value is
 *       0; if they are all {@code >= 0} (some positive) it is {@code +∞}, all {@code <= 0} (some negative) {@code −∞};
 *       with rewards of both signs the value is reported as NaN (it is ±∞ or undefined depending on the class's
 *       average reward, which is not computed).</li>
 *   <li>Any other component is transient. If it can reach an infinite (or NaN) class with positive probability, its
 *       value is that infinity (NaN when it can reach both signs or a NaN class). Otherwise its values are finite and
 *       solve {@code (I − P_BB) V_B = r_B + P_B,out V_out} with the successors' values already known: by Gaussian
 *       elimination when the block has at most {@link #DENSE_LIMIT} states (a DAG-shaped policy, e.g. an optimal
 *       Taxi policy, has only one-state blocks), else by Gauss–Seidel sweeps on the block, to {@code tolerance} with
 *       a cap of {@code maxIterations} sweeps.</li>
 * </ol>
 * The start value then ignores states that cannot start an episode, so infinities elsewhere do not leak into it.
 */
final class UndiscountedEvaluation {
  /** Largest block solved by dense Gaussian elimination (O(n³) time, O(n²) memory: 1000 states ≈ 8 MB, 0.3 GFlop). */
  static final int DENSE_LIMIT = 1000;
  private static final int POS = 1;
  private static final int NEG = 2;
  private static final int NAN = 4;

  private UndiscountedEvaluation() {
  }

  static PolicyValue evaluate(CompactMdp m, PolicyEvaluation.Mrp p, double tolerance, int maxIterations) {
    final int n = m.numStates;
    final int[] off = p.offsets;
    final int[] next = p.next;
    final double[] w = p.weight;
    final double[] r = p.reward;

    int[] comp = new int[n];
    int numComps = tarjan(n, off, next, comp);
    // members of each component, contiguous
    int[] start = new int[numComps + 1];
    for (int s = 0; s < n; s++) {
      start[comp[s] + 1]++;
    }
    for (int c = 0; c < numComps; c++) {
      start[c + 1] += start[c];
    }
    int[] members = new int[n];
    int[] fill = Arrays.copyOf(start, numComps);
    for (int s = 0; s < n; s++) {
      members[fill[comp[s]]++] = s;
    }

    double[] v = new double[n];
    int[] flags = new int[numComps];
    int[] local = new int[n]; // index of a state within its block
    int sweeps = 0;
    double residual = 0;
    for (int c = 0; c < numComps; c++) { // successors first
      int b0 = start[c];
      int size = start[c + 1] - b0;
      boolean closed = true;
      int f = 0;
      boolean pos = false;
      boolean neg = false;
      for (int i = b0; i < b0 + size; i++) {
        int s = members[i];
        local[s] = i - b0;
        closed &= !p.terminates[s];
        pos |= r[s] > 0;
        neg |= r[s] < 0;
        for (int k = off[s]; k < off[s + 1]; k++) {
          int d = comp[next[k]];
          if (d != c) {
            closed = false;
            f |= flags[d];
          }
        }
      }
      if (closed) {
        f = pos && neg ? NAN : pos ? POS : neg ? NEG : 0; // 0: a reward-free loop, value 0
      }
      flags[c] = f;
      if (f != 0 || closed) {
        double val = f == 0 ? 0.0 : f == POS ? Double.POSITIVE_INFINITY : f == NEG ? Double.NEGATIVE_INFINITY
            : Double.NaN;
        for (int i = b0; i < b0 + size; i++) {
          v[members[i]] = val;
        }
      } else if (size <= DENSE_LIMIT) {
        solveDense(p, members, b0, size, comp, c, local, v);
      } else {
        double[] res = new double[1];
        sweeps += solveIteratively(p, members, b0, size, v, tolerance, maxIterations, res);
        residual = Math.max(residual, res[0]);
      }
    }
    return new PolicyValue(1.0, 0, v, m.startValue(v), sweeps, residual);
  }

  /** Solves (I − P_BB) V_B = r_B + P_B,out V_out by Gaussian elimination with partial pivoting. */
  private static void solveDense(PolicyEvaluation.Mrp p, int[] members, int b0, int size, int[] comp, int c,
      int[] local, double[] v) {
    if (size == 1) {
      int s = members[b0];
      double self = 0;
      double rhs = p.reward[s];
      for (int k = p.offsets[s]; k < p.offsets[s + 1]; k++) {
        if (p.next[k] == s) {
          self += p.weight[k];
        } else {
          rhs += p.weight[k] * v[p.next[k]];
        }
      }
      v[s] = rhs / (1 - self);
      return;
    }
    int cols = size + 1;
    double[] a = new double[size * cols];
    for (int i = 0; i < size; i++) {
      int s = members[b0 + i];
      a[i * cols + i] = 1;
      double rhs = p.reward[s];
      for (int k = p.offsets[s]; k < p.offsets[s + 1]; k++) {
        int t = p.next[k];
        if (comp[t] == c) {
          a[i * cols + local[t]] -= p.weight[k];
        } else {
          rhs += p.weight[k] * v[t];
        }
      }
      a[i * cols + size] = rhs;
    }
    for (int col = 0; col < size; col++) {
      int piv = col;
      for (int row = col + 1; row < size; row++) {
        if (Math.abs(a[row * cols + col]) > Math.abs(a[piv * cols + col])) {
          piv = row;
        }
      }
      if (piv != col) {
        for (int j = col; j < cols; j++) {
          double t = a[col * cols + j];
          a[col * cols + j] = a[piv * cols + j];
          a[piv * cols + j] = t;
        }
      }
      double d = a[col * cols + col];
      for (int row = col + 1; row < size; row++) {
        double factor = a[row * cols + col] / d;
        if (factor != 0) {
          for (int j = col; j < cols; j++) {
            a[row * cols + j] -= factor * a[col * cols + j];
          }
        }
      }
    }
    for (int i = size - 1; i >= 0; i--) {
      double sum = a[i * cols + size];
      for (int j = i + 1; j < size; j++) {
        sum -= a[i * cols + j] * v[members[b0 + j]];
      }
      v[members[b0 + i]] = sum / a[i * cols + i];
    }
  }

  /** Gauss–Seidel on one large transient block; returns the sweeps used, the last change in {@code res[0]}. */
  private static int solveIteratively(PolicyEvaluation.Mrp p, int[] members, int b0, int size, double[] v,
      double tolerance, int maxIterations, double[] res) {
    for (int it = 1; ; it++) {
      double delta = 0;
      double maxAbs = 0;
      for (int i = b0; i < b0 + size; i++) {
        int s = members[i];
        double x = p.reward[s];
        for (int k = p.offsets[s]; k < p.offsets[s + 1]; k++) {
          x += p.weight[k] * v[p.next[k]];
        }
        delta = Math.max(delta, Math.abs(x - v[s]));
        maxAbs = Math.max(maxAbs, Math.abs(x));
        v[s] = x;
      }
      res[0] = delta;
      if (delta <= Math.max(tolerance, 4 * Math.ulp(maxAbs))) {
        return it;
      }
      if (it >= maxIterations) {
        throw new NotConvergedException("policy evaluation (gamma=1) of a transient block of " + size
            + " states did not converge within maxIterations=" + maxIterations + " sweeps (last change " + delta
            + ", tolerance " + tolerance + "): the policy terminates, but only after very long episodes; use a"
            + " horizon (time limit), gamma < 1, or a larger cap", it, delta);
      }
    }
  }

  /**
   * Tarjan's strongly connected components, iteratively; component ids come out in reverse topological order (a
   * component's successors have smaller ids).
   */
  static int tarjan(int n, int[] off, int[] next, int[] comp) {
    int[] index = new int[n];
    Arrays.fill(index, -1);
    int[] low = new int[n];
    boolean[] onStack = new boolean[n];
    int[] stack = new int[n];
    int sp = 0;
    int[] call = new int[n];
    int[] edge = new int[n];
    int counter = 0;
    int numComps = 0;
    for (int root = 0; root < n; root++) {
      if (index[root] >= 0) {
        continue;
      }
      int csp = 0;
      index[root] = low[root] = counter++;
      stack[sp++] = root;
      onStack[root] = true;
      edge[root] = off[root];
      call[csp++] = root;
      while (csp > 0) {
        int u = call[csp - 1];
        if (edge[u] < off[u + 1]) {
          int t = next[edge[u]++];
          if (index[t] < 0) {
            index[t] = low[t] = counter++;
            stack[sp++] = t;
            onStack[t] = true;
            edge[t] = off[t];
            call[csp++] = t;
          } else if (onStack[t]) {
            low[u] = Math.min(low[u], index[t]);
          }
        } else {
          csp--;
          if (csp > 0) {
            int parent = call[csp - 1];
            low[parent] = Math.min(low[parent], low[u]);
          }
          if (low[u] == index[u]) {
            int t;
            do {
              t = stack[--sp];
              onStack[t] = false;
              comp[t] = numComps;
            } while (t != u);
            numComps++;
          }
        }
      }
    }
    return numComps;
  }
}
