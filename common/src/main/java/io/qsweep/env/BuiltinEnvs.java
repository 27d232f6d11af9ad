package io.qsweep.env;

/** Registers the environments that ship with qsweep (called once by {@link EnvRegistry}). */
final class BuiltinEnvs {
  private BuiltinEnvs() {
  }

  static void registerAll() {
  }
}
