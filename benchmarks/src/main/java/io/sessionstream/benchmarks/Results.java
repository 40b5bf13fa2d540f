package io.sessionstream.benchmarks;

import java.util.List;

/**
 * Every figure of one run, as written to {@code results.json}.
 *
 * @param date        the day of the run (ISO)
 * @param smoke       a CI smoke run (figures exist, timings mean nothing)
 * @param machine     where it ran
 * @param options     how long and how hard
 * @param validation  throughput and latency per validation mode: its median round
 * @param rounds      every round of validation load, each with every mode in turn
 * @param ratios      requests/s of each mode relative to no-auth, and near cache relative to Redis and PostgreSQL
 * @param addedLatency what the near cache adds to the p99 at a fixed share of the no-auth maximum
 * @param micro       JMH hot-path figures
 * @param memory      bytes per session
 * @param lag         revocation lag, one entry per instance count
 * @param push        the push to open pages, on the same stacks as {@code lag}
 * @param endToEnd    login and logout latency, and the password hash's share
 * @param projector   projector throughput without batching, then with the default batching
 * @param appStart    an app-demo instance's process start → ready (near cache trusted), alone ({@link AppStartup})
 */
record Results(String date, boolean smoke, Machine machine, Settings options, List<LoadResult> validation,
               List<List<LoadResult>> rounds, Ratios ratios, AddedLatency.Result addedLatency, List<MicroResult> micro,
               Memory memory, List<LagResult> lag, List<PushLatency.PushResult> push, EndToEnd endToEnd,
               List<ProjectorThroughput.ProjectorResult> projector, Distribution appStart) {

    /** The load settings, in plain numbers for the JSON. */
    record Settings(int connections, long warmupSeconds, double measureSeconds, int warmupRounds, int rounds,
                    SuiteOptions.FixedRate fixedRate, int cacheEntries, int jmhForks,
                    int jmhWarmupIterations, int jmhIterations, long jmhIterationMillis, SuiteOptions.Lag lag,
                    SuiteOptions.Latency latency, SuiteOptions.Projector projector) {

        static Settings of(SuiteOptions o) {
            return new Settings(o.connections(), o.warmup().toSeconds(), o.measure().toMillis() / 1000.0,
                    o.warmupRounds(), o.rounds(), o.fixedRate(), o.cacheEntries(), o.jmhForks(), o.jmhWarmups(), o.jmhIterations(), o.jmhTime().toMillis(), o.lag(),
                    o.latency(), o.projector());
        }
    }

    /** Ratios of requests/s. */
    record Ratios(double nearCacheToNoAuth, double redisToNoAuth, double postgresToNoAuth, double nearCacheToRedis,
                  double nearCacheToPostgres) {
    }

    /**
     * Login and logout end to end, client-side, one at a time against the auth-service.
     *
     * @param login  login request → answer (password check, commit, outbox, Kafka, projection into Redis)
     * @param logout logout request → answer (commit, outbox, Kafka, projection, broadcast back)
     * @param hash   the password-hash part of a login, measured apart
     * @param hops   where the time of the same logins and logouts went, hop by hop
     * @param kafkaFloor one bare Kafka hop on the same broker, plain and transactional
     * @param loginThroughput logins/s of distinct users at a fixed concurrency, against the hash's bound
     */
    record EndToEnd(Distribution login, Distribution logout, HashCost hash, EventHops hops, KafkaFloor.Result kafkaFloor,
                    LoginThroughput.Result loginThroughput, LogoutCpu logoutCpu) {
    }

    /**
     * One password verification with the auth-service's {@code PasswordHasher}, in the benchmark JVM, at the
     * parameters of a hash the running auth-service stored.
     *
     * @param verify    its wall-clock time
     * @param verifyCpu the CPU time of the thread that ran it: the bound of the logins/s
     */
    record HashCost(String algorithm, int memoryKib, int iterations, int parallelism, Distribution verify,
                    Distribution verifyCpu) {
    }

    /**
     * Memory per session.
     *
     * @param nearCacheBytesPerSession heap delta of a near cache holding {@code nearCacheEntries} sessions
     * @param redisSessionKeyBytes     {@code MEMORY USAGE} of one projected {@code s:<sid>} hash
     * @param redisUserIndexBytes      {@code MEMORY USAGE} of that user's {@code u:<uid>} index
     * @param redisUserIndexSessions   sessions in that index when it was measured
     * @param redisFenceBytes          {@code MEMORY USAGE} of that user's fence {@code f:<uid>}
     * @param redisEpochBytes          {@code MEMORY USAGE} of that user's revocation epoch {@code n:<uid>}, after a
     *                                 "log out everywhere"
     * @param redisRevokedMarkerBytes  {@code MEMORY USAGE} of one revoked marker {@code x:<sid>}, after that "log out
     *                                 everywhere"
     */
    record Memory(int nearCacheEntries, double nearCacheBytesPerSession, long redisSessionKeyBytes,
                  long redisUserIndexBytes, long redisUserIndexSessions, long redisFenceBytes, long redisEpochBytes,
                  long redisRevokedMarkerBytes) {

        static Memory of(int nearCacheEntries, double nearCacheBytesPerSession, RedisMemory.UserKeys redis) {
            return new Memory(nearCacheEntries, nearCacheBytesPerSession, redis.session(), redis.userIndex(),
                    redis.indexSessions(), redis.fence(), redis.epoch(), redis.revokedMarker());
        }
    }
}
