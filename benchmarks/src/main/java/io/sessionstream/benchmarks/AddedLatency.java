package io.sessionstream.benchmarks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the near cache adds to a request's latency at an ordinary load, not at saturation: the validation load's
 * maximum throughput hides a tail that only shows when requests arrive at a rate the server can keep up with. Both
 * modes run on the near-cache instance, so the difference is the session check alone: {@code GET /api/ping} without
 * authentication and {@code GET /api/me} through the near cache, each paced at the same fixed rate, a share of the
 * no-auth maximum measured in the same run (its median round), without coordinated omission (see
 * {@link LoadGenerator#runAtRate}). Each round runs both modes in turn, so a drift of the machine hits both alike;
 * the figure is the median round's near-cache p99 − no-auth p99.
 */
final class AddedLatency {

    /** The fixed rate, as a share of the no-auth maximum (issue 17's row). */
    static final double SHARE_OF_NO_AUTH_MAXIMUM = 0.5;

    /**
     * One round: both modes at the rate, in turn.
     *
     * @param addedP99Ms near-cache p99 − no-auth p99, milliseconds
     */
    record Round(LoadResult noAuth, LoadResult nearCache, double addedP99Ms) {

        static Round of(LoadResult noAuth, LoadResult nearCache) {
            return new Round(noAuth, nearCache, (nearCache.p99Micros() - noAuth.p99Micros()) / 1000.0);
        }
    }

    /**
     * @param noAuthMaximumPerSecond the no-auth closed-loop maximum of this run (its median round)
     * @param share                  of it, the rate both modes were sent at
     * @param requestsPerSecond      that rate: share × maximum, over all connections
     * @param connections            keep-alive connections, each on its own fixed schedule
     * @param rounds                 every round
     * @param median                 the round of the median {@link Round#addedP99Ms()} (the upper one of two)
     */
    record Result(double noAuthMaximumPerSecond, double share, double requestsPerSecond, int connections,
                  List<Round> rounds, Round median) {
    }

    private AddedLatency() {
    }

    static Result measure(String appUrl, List<String> tokens, int connections, double noAuthMaximum,
                          SuiteOptions.FixedRate options, PrintStream out) {
        double rate = SHARE_OF_NO_AUTH_MAXIMUM * noAuthMaximum;
        List<Round> rounds = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            out.printf("Added latency at %,.0f requests/s (%.0f %% of the no-auth maximum), round %d of %d%n", rate,
                    100 * SHARE_OF_NO_AUTH_MAXIMUM, round, options.rounds());
            Round r = Round.of(load("no-auth", appUrl, "/api/ping", List.of(), connections, rate, options, out),
                    load("near-cache", appUrl, "/api/me", tokens, connections, rate, options, out));
            out.printf("  added p99 %.3f ms%n", r.addedP99Ms());
            rounds.add(r);
        }
        Round median = median(rounds);
        out.printf("  added p99 at %.0f %% of the no-auth maximum, median round: %.3f ms (near cache %.3f − no auth %.3f)%n",
                100 * SHARE_OF_NO_AUTH_MAXIMUM, median.addedP99Ms(), median.nearCache().p99Micros() / 1000.0,
                median.noAuth().p99Micros() / 1000.0);
        return new Result(noAuthMaximum, SHARE_OF_NO_AUTH_MAXIMUM, rate, connections, rounds, median);
    }

    /** The round of the median added p99 (the upper one of two). */
    static Round median(List<Round> rounds) {
        List<Round> sorted = rounds.stream().sorted(Comparator.comparingDouble(Round::addedP99Ms)).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static LoadResult load(String mode, String appUrl, String path, List<String> tokens, int connections,
                                   double rate, SuiteOptions.FixedRate options, PrintStream out) {
        out.printf("Fixed rate: %-10s %s%s, %d connections, %d s warm-up + %d s ...%n", mode, appUrl, path, connections,
                options.warmupSeconds(), options.measureSeconds());
        LoadResult r = LoadGenerator.runAtRate(mode, appUrl, path, tokens, connections, rate,
                Duration.ofSeconds(options.warmupSeconds()), Duration.ofSeconds(options.measureSeconds())).requireAnswered();
        out.printf("  %s, max %d µs%n", r.latencies(), r.maxMicros());
        return r;
    }
}
