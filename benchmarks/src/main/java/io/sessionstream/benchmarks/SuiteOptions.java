package io.sessionstream.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

/**
 * How long and how hard the suite runs.
 *
 * @param smoke          the CI mode: seconds per mode, few JMH iterations in this JVM; figures, not timings
 * @param outDir         where results.json, report.md and the chart go
 * @param connections    concurrent keep-alive connections of the load generator
 * @param warmup         unrecorded load before each mode's measured period
 * @param measure        measured period per mode
 * @param cacheEntries   sessions put in the near cache for the memory figure
 * @param jmhForks       JMH forks (0: in this JVM)
 * @param jmhWarmups     JMH warm-up iterations
 * @param jmhIterations  JMH measured iterations
 * @param jmhTime        length of one JMH iteration
 */
record SuiteOptions(boolean smoke, Path outDir, int connections, Duration warmup, Duration measure, int cacheEntries,
                    int jmhForks, int jmhWarmups, int jmhIterations, Duration jmhTime) {

    /** The full run: 10 s warm-up + 20 s per mode, JMH 1 fork × (3 + 5) × 1 s. */
    static SuiteOptions full(Path resultsRoot) {
        return new SuiteOptions(false, resultsRoot.resolve(LocalDate.now().toString()), 8, Duration.ofSeconds(10),
                Duration.ofSeconds(20), 200_000, 1, 3, 5, Duration.ofSeconds(1));
    }

    /** The CI mode: 1 s warm-up + 2 s per mode, JMH in this JVM with 1 + 1 short iterations. */
    static SuiteOptions smoke(Path outDir) {
        return new SuiteOptions(true, outDir, 4, Duration.ofSeconds(1), Duration.ofSeconds(2), 20_000, 0, 1, 1,
                Duration.ofMillis(200));
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
        SuiteOptions full = full(results);
        return out == null ? full : new SuiteOptions(false, out, full.connections(), full.warmup(), full.measure(),
                full.cacheEntries(), full.jmhForks(), full.jmhWarmups(), full.jmhIterations(), full.jmhTime());
    }
}
