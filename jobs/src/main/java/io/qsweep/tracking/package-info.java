/**
 * The MLflow adapter: logs a sweep's results to an MLflow tracking server — one parent run per sweep, one nested
 * child run per configuration (optionally one run per seed below it) — idempotently, with bounded parallelism,
 * riding out short outages and failing with a typed, exit-coded exception otherwise.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * Optional<TrackingConfig> tc = TrackingConfig.fromEnvironment(cliTrackingUri);   // --tracking-uri or MLFLOW_TRACKING_URI
 * if (tc.isEmpty()) {
 *   System.err.println(TrackingConfig.noTrackingMessage(outputDir));            // results on disk only
 * } else try (MlflowSweepLogger logger = new MlflowSweepLogger(tc.get().withLogReplicas(logReplicas))) {
 *   logger.preflight(experiment);                 // before compute: bad credentials / deleted experiment fail fast
 *   try (SweepSession s = logger.open(sweepRecordWithoutConfigs)) {
 *     for (ConfigRecord c : mergedConfigurations) {   // as the Spark job finishes merging each configuration
 *       s.submit(c);
 *     }
 *     System.err.println(s.finish());
 *   }
 * } catch (TrackingUnavailableException e) {         // exit 3: results are on disk, sync later
 *   System.err.println(e.getMessage() + "\n" + TrackingUnavailableException.syncHint(outputDir));
 * } catch (TrackingException e) {                    // exit 2 (configuration) or 4 (refused)
 *   System.err.println(e.getMessage());
 * }
 * }</pre>
 * {@code bin/qsweep sync OUTPUT_DIR} reads the same {@link io.qsweep.tracking.SweepRecord} back from disk and calls
 * {@link io.qsweep.tracking.SweepLogger#log}: logging is idempotent, so sync is "log again" and completes whatever a
 * crash or an outage left out, without duplicate runs or metric points. For that the records must be rebuilt
 * identically from disk: the same sweep id, configuration keys, params and, above all, the timestamps
 * ({@link io.qsweep.tracking.SweepRecord#startTimeMillis()}, {@link io.qsweep.tracking.ConfigRecord#timestampMillis()})
 * stored with the results, never the clock at logging time.
 *
 * <h2>Exit codes</h2>
 * 2 = {@link io.qsweep.tracking.TrackingConfigException} (bad URI scheme, credentials in the URI, half-set basic
 * auth); 3 = {@link io.qsweep.tracking.TrackingUnavailableException} (server unreachable/5xx through every retry;
 * sync later); 4 = {@link io.qsweep.tracking.TrackingRejectedException} (401/403, deleted experiment, not an MLflow
 * server, param conflict). See {@link io.qsweep.tracking.TrackingException}.
 *
 * <h2>Dependencies</h2>
 * REST over the JDK's {@link java.net.http.HttpClient} with Jackson (already a dependency of {@code common}, relocated
 * in the shaded jar) instead of {@code org.mlflow:mlflow-client}: see {@link io.qsweep.tracking.MlflowRestClient} for
 * the reasons (Python subprocess for artifacts, a second HTTP stack and slf4j 1.7 on a Spark driver, no typed
 * transient/permanent failures). Nothing new is added to the shaded jar and it stays Spark-free.
 */
package io.qsweep.tracking;
