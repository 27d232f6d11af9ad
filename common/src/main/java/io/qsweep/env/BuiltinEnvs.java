package io.qsweep.env;

import io.qsweep.env.toytext.CliffWalking;
import io.qsweep.env.toytext.FrozenLake;
import io.qsweep.env.toytext.MaxBias;
import io.qsweep.env.toytext.Taxi;
import java.util.List;

/** Registers the environments that ship with qsweep (called once by {@link EnvRegistry}). */
final class BuiltinEnvs {
  private BuiltinEnvs() {
  }

  static void registerAll() {
    EnvRegistry.register("cliff_walking", "4x12 cliff walking (Sutton & Barto Ex. 6.6; Gymnasium CliffWalking-v1)",
        List.of("is_slippery"),
        p -> new CliffWalking(p.getBoolean("is_slippery", false)),
        p -> 0);
    EnvRegistry.register("frozen_lake", "frozen lake 4x4/8x8/custom (Gymnasium FrozenLake-v1)",
        List.of("map", "is_slippery", "success_rate"),
        p -> new FrozenLake(FrozenLake.parseMap(p.getString("map", "4x4")), p.getBoolean("is_slippery", true),
            p.getDouble("success_rate", 1.0 / 3.0, 0.0, 1.0)),
        p -> "8x8".equals(p.getString("map", "4x4")) ? 200 : 100);
    EnvRegistry.register("taxi", "taxi 5x5, 500 states (Dietterich 2000; Gymnasium Taxi-v3)",
        List.of(),
        p -> new Taxi(),
        p -> 200);
    EnvRegistry.register("max_bias", "maximization-bias MDP (Sutton & Barto Ex. 6.7)",
        List.of("n_actions", "mean", "std"),
        p -> new MaxBias(p.getInt("n_actions", 10, 2, 1_000_000), p.getDouble("mean", -0.1, -1e9, 1e9),
            p.getDouble("std", 1.0, 0.0, 1e9)),
        p -> 0);
    EnvRegistry.register(io.qsweep.env.music.Melody.NAME,
        "compose a melody note by note over a chord progression; music-theory reward designs",
        io.qsweep.env.music.Melody.PARAMS, io.qsweep.env.music.Melody::fromParams, p -> 0);
    EnvRegistry.register(io.qsweep.env.music.Arrangement.NAME,
        "arrange a song in 5 decisions for a (noisy) listener-preference model",
        io.qsweep.env.music.Arrangement.PARAMS, io.qsweep.env.music.Arrangement::fromParams, p -> 0);
  }
}
