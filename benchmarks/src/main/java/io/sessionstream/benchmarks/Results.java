package io.sessionstream.benchmarks;

import java.util.List;

/**
 * Every figure of one run, as written to {@code results.json}.
 *
 * @param date        the day of the run (ISO)
 * @param smoke       a CI smoke run (figures exist, timings mean nothing)
 * @param machine     where it ran
 * @param options     how long and how hard
 * @param validation  throughput and latency per validation mode
 * @param ratios      requests/s of each mode relative to no-auth, and near cache relative to Redis
 * @param micro       JMH hot-path figures
 * @param memory      bytes per session
 */
record Results(String date, boolean smoke, Machine machine, Settings options, List<LoadResult> validation,
               Ratios ratios, List<MicroResult> micro, Memory memory) {

    /** The load settings, in plain numbers for the JSON. */
    record Settings(int connections, long warmupSeconds, double measureSeconds, int cacheEntries, int jmhForks,
                    int jmhWarmupIterations, int jmhIterations, long jmhIterationMillis) {

        static Settings of(SuiteOptions o) {
            return new Settings(o.connections(), o.warmup().toSeconds(), o.measure().toMillis() / 1000.0,
                    o.cacheEntries(), o.jmhForks(), o.jmhWarmups(), o.jmhIterations(), o.jmhTime().toMillis());
        }
    }

    /** Ratios of requests/s. */
    record Ratios(double nearCacheToNoAuth, double redisToNoAuth, double nearCacheToRedis) {
    }

    /**
     * Memory per session.
     *
     * @param nearCacheBytesPerSession heap delta of a near cache holding {@code nearCacheEntries} sessions
     * @param redisSessionKeyBytes     {@code MEMORY USAGE} of one projected {@code s:<sid>} hash
     * @param redisUserIndexBytes      {@code MEMORY USAGE} of that user's {@code u:<uid>} index (one session)
     */
    record Memory(int nearCacheEntries, double nearCacheBytesPerSession, long redisSessionKeyBytes,
                  long redisUserIndexBytes) {
    }
}
