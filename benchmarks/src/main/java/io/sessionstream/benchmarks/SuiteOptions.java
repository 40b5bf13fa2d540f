package io.sessionstream.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * How long and how hard the suite runs.
 *
 * @param smoke          the CI mode: seconds per mode, few JMH iterations in this JVM; figures, not timings
 * @param outDir         where results.json, report.md and the chart go
 * @param connections    concurrent keep-alive connections of the load generator
 * @param warmup         unrecorded load before each mode's measured period
 * @param measure        measured period per mode and round
 * @param warmupRounds   unreported rounds first: the app instances have served nothing yet, and a first round
 *                       measured 25–65 % below the later ones
 * @param rounds         rounds of validation load; each round runs every mode once, in turn, so a drift of the
 *                       machine hits every mode alike; the report gives each mode's median round
 * @param fixedRate      the added latency at a fixed load, after the validation load
 * @param cacheEntries   sessions put in the near cache for the memory figure
 * @param jmhForks       JMH forks (0: in this JVM)
 * @param jmhWarmups     JMH warm-up iterations
 * @param jmhIterations  JMH measured iterations
 * @param jmhTime        length of one JMH iteration
 * @param lag            the revocation-lag runs
 * @param latency        the login/logout and password-hash measurements
 * @param projector      the projector-throughput runs
 */
record SuiteOptions(boolean smoke, Path outDir, int connections, Duration warmup, Duration measure, int warmupRounds, int rounds,
                    FixedRate fixedRate, int cacheEntries,
                    int jmhForks, int jmhWarmups, int jmhIterations, Duration jmhTime, Lag lag, Latency latency,
                    Projector projector) {

    /**
     * The added latency at a fixed load ({@link AddedLatency}): no-auth and near cache at a share of the no-auth
     * maximum, over {@code connections} connections. In whole seconds, as they go into {@code results.json}.
     *
     * @param rounds         rounds, each running both modes in turn
     * @param warmupSeconds  unrecorded paced load before each mode's measured period
     * @param measureSeconds measured period per mode and round
     */
    record FixedRate(int rounds, int warmupSeconds, int measureSeconds) {
    }

    /**
     * Projector throughput from a pre-filled topic.
     *
     * @param events          events of the batched run
     * @param unbatchedEvents events of the run without batching (fewer: it is much slower)
     * @param maxBatch        {@code sessionstream.projector.max-batch} of the batched run
     */
    record Projector(int events, int unbatchedEvents, int maxBatch) {
    }

    /**
     * Revocation lag: one stack per instance count.
     *
     * @param instanceCounts              app-demo processes of each run
     * @param rounds                      logouts per run
     * @param backgroundRequestsPerSecond paced {@code /api/me} load of other sessions during the rounds, over all instances
     * @param appJvmOptions               for the app-demo processes: ten JVMs share two cores, so a smaller heap and
     *                                    C1 only (most of a JVM's start-up CPU is C2 compiling), the same for every count
     * @param openPages                   push channels held open on one instance for its memory per page and the
     *                                    fan-out of one "log out everywhere" to all of them
     */
    record Lag(List<Integer> instanceCounts, int rounds, int backgroundRequestsPerSecond, List<String> appJvmOptions,
               int openPages) {

        static final List<String> APP_JVM_OPTIONS = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1");
    }

    /**
     * Login/logout end to end, and the password hash apart.
     *
     * @param warmups     unrecorded login + logout pairs
     * @param samples     recorded login + logout pairs
     * @param hashWarmups untimed Argon2id verifications
     * @param hashSamples timed Argon2id verifications
     * @param loginsPerClient distinct users each of the {@link LoginThroughput#CONCURRENCY} clients logs in
     */
    record Latency(int warmups, int samples, int hashWarmups, int hashSamples, int loginsPerClient) {

        /**
         * Unrecorded pairs of the full run. After 30, the four JVMs on a logout's path were still compiling its code:
         * their JIT compilers took about half the CPU of each logout, and the logout's p50 was 62–78 ms; after 300,
         * 39 ms, and after 1,000 no better (39 ms), in the same hour (docs/benchmarks.md, 2026-12-06).
         */
        static final int FULL_WARMUPS = 300;
    }

    /**
     * The full run: a warm-up round, then 3 rounds of 5 s warm-up + 10 s per mode, 3 rounds of 3 s warm-up + 6 s per
     * mode at the fixed rate, JMH 1 fork × (3 + 5) × 1 s, 100 logouts with 3 and with 10 instances under 1,000 requests/s (and as many pushes to open pages, 1,000 pages open on one instance), 200 login/logout pairs after 300 unrecorded ones, 200 logouts for their CPU, 50 hash verifications.
     */
    static SuiteOptions full(Path resultsRoot) {
        return new SuiteOptions(false, resultsRoot.resolve(LocalDate.now().toString()), 8, Duration.ofSeconds(5),
                Duration.ofSeconds(10), 1, 3, new FixedRate(3, 3, 6), 200_000, 1, 3, 5, Duration.ofSeconds(1),
                new Lag(List.of(3, 10), 100, 1_000, Lag.APP_JVM_OPTIONS, 1_000),
                new Latency(Latency.FULL_WARMUPS, 200, 10, 50, 10),
                new Projector(ProjectorThroughput.FULL_EVENTS, ProjectorThroughput.FULL_UNBATCHED_EVENTS,
                        ProjectorThroughput.DEFAULT_MAX_BATCH));
    }

    /**
     * The CI mode: 1 s warm-up + 1 s per mode, one round of 1 s + 1 s per mode at the fixed rate, JMH in this JVM with
     * 1 + 1 short iterations, 5 logouts (and pushes, 50 open pages) with 3 instances only (the 10-instance stack is left
     * out: it alone would take longer than the rest), 10 login/logout pairs, 5 hash verifications.
     */
    static SuiteOptions smoke(Path outDir) {
        return new SuiteOptions(true, outDir, 4, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 1, new FixedRate(1, 1, 1),
                20_000, 0, 1, 1, Duration.ofMillis(200), new Lag(List.of(3), 5, 200, Lag.APP_JVM_OPTIONS, 50), new Latency(2, 10, 2, 5, 1),
                new Projector(ProjectorThroughput.SMOKE_EVENTS, ProjectorThroughput.SMOKE_UNBATCHED_EVENTS,
                        ProjectorThroughput.DEFAULT_MAX_BATCH));
    }

    /** These options writing to {@code dir}. */
    SuiteOptions withOutDir(Path dir) {
        return new SuiteOptions(smoke, dir, connections, warmup, measure, warmupRounds, rounds, fixedRate, cacheEntries, jmhForks,
                jmhWarmups, jmhIterations, jmhTime, lag, latency, projector);
    }

    /** {@code [--smoke] [--out DIR]}; the default output is {@code benchmarks/results/<today>/}. */
    static SuiteOptions parse(String[] args, Path home) {
        boolean smoke = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--out" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--out needs a directory");
                    }
                    out = Path.of(args[++i]);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " — usage: ./bench [--smoke] [--out DIR]");
            }
        }
        Path results = home.resolve("benchmarks").resolve("results");
        if (smoke) {
            return smoke(out != null ? out : home.resolve("benchmarks").resolve("target").resolve("smoke-results"));
        }
        return out == null ? full(results) : full(results).withOutDir(out);
    }
}
