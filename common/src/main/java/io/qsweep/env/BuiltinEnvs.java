package io.qsweep.env;

/** Registers the environments that ship with qsweep (called once by {@link EnvRegistry}). */
final class BuiltinEnvs {
  private BuiltinEnvs() {
  }

  static void registerAll() {
    EnvRegistry.register(io.qsweep.env.music.Melody.NAME,
        "compose a melody note by note over a chord progression; music-theory reward designs",
        io.qsweep.env.music.Melody.PARAMS, io.qsweep.env.music.Melody::fromParams, p -> 0);
    EnvRegistry.register(io.qsweep.env.music.Arrangement.NAME,
        "arrange a song in 5 decisions for a (noisy) listener-preference model",
        io.qsweep.env.music.Arrangement.PARAMS, io.qsweep.env.music.Arrangement::fromParams, p -> 0);
  }
}
